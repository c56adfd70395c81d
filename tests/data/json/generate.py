#!/usr/bin/env python3
"""Writes the JSON body fixtures of tests/unit/test_json.c.

Run from anywhere: python3 tests/data/json/generate.py
ok_sample_doc.json is the sample success response of the API reference,
copied verbatim; it is read here, never written. Every other file is
written as exact bytes (escapes, invalid UTF-8 and line ends included) so no
editor can change them. Expected results live in test_json.c.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

REQ_ID = "5A1B2C3D-0000-4E5F-8A9B-0123456789AB"


def write(name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(HERE, name + ".json"), "wb") as f:
        f.write(data)


def progress(region, instance, itype, group, topic, fetch, consume):
    return {
        "regionId": region,
        "instanceId": instance,
        "instanceType": itype,
        "consumerGroupId": group,
        "topicName": topic,
        "lastFetchTime": fetch,
        "progressData": {"consumeTimestamp": consume},
    }


def item(n):
    return {
        "planId": 1300000016,
        "itemId": 100070284,
        "checkpointId": 1000000000 + n,
        "lastSyncTime": 1740724080343 + n,
        "sourceProgress": progress("cn-hangzhou", "rmq-cn-src%d" % n, "ALIYUN_ROCKETMQ",
                                   "GID_%d" % n, "TOPIC_%d" % n, 1740724080000 + n,
                                   1740724070000 + n),
        "targetProgress": progress("cn-shanghai", "rmq-cn-dst%d" % n, "EXTERNAL_ROCKETMQ",
                                   "GID_%d" % n, "TOPIC_%d" % n, 1740724081000 + n,
                                   1740724071000 + n),
    }


def main():
    with open(os.path.join(HERE, "ok_sample_doc.json"), "rb") as f:
        sample = json.loads(f.read())
    write("ok_sample_compact", json.dumps(sample, separators=(",", ":")))
    # Every kind of insignificant whitespace, CRLF line ends, tabs.
    pretty = json.dumps(sample, indent="\t").replace("\n", "\r\n").replace(": ", " :\t ")
    write("ok_sample_pretty", " \r\n\t" + pretty + "\r\n \t\r\n")

    write("ok_gateway_error",
          '{"RequestId":"7E1B4D9A-4C2F-5D3E-9B8A-1C2D3E4F5A6B",'
          '"HostId":"rocketmq.cn-hangzhou.aliyuncs.com",'
          '"Code":"SignatureDoesNotMatch",'
          '"Message":"Specified signature does not match our calculation.",'
          '"Recommend":"https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=RocketMQ"}\n')

    write("ok_product_error", json.dumps({
        "requestId": REQ_ID,
        "success": False,
        "code": "InstanceNotFound",
        "message": "The instance cannot be found.",
        "httpStatusCode": 404,
        "dynamicCode": "InstanceId",
        "dynamicMessage": "rmq-cn-7e22ody0000",
        "data": None,
    }, indent=2) + "\n")

    # Integers as strings everywhere, code as a string.
    write("ok_string_numbers",
          '{"requestId":"' + REQ_ID + '","success":true,"code":"200","httpStatusCode":"200",'
          '"data":{"pageNumber":"2","pageSize":"50","totalCount":"51","list":[{'
          '"planId":"1300000016","itemId":"100070284","checkpointId":"-0",'
          '"lastSyncTime":"1740724080343",'
          '"sourceProgress":{"regionId":"cn-hangzhou","lastFetchTime":"9223372036854775807",'
          '"progressData":{"consumeTimestamp":"-9223372036854775808"}},'
          '"targetProgress":{"regionId":7,"instanceId":-12,"lastFetchTime":"0",'
          '"progressData":{"consumeTimestamp":"1740724080343"}}}]}}')

    # null for every field, at every level.
    write("ok_nulls",
          '{"requestId":null,"success":null,"code":null,"message":null,"httpStatusCode":null,'
          '"dynamicCode":null,"dynamicMessage":null,"HostId":null,"Recommend":null,'
          '"data":{"pageNumber":null,"pageSize":null,"totalCount":null,"list":['
          '{"planId":null,"itemId":null,"checkpointId":null,"lastSyncTime":null,'
          '"sourceProgress":null,"targetProgress":{"regionId":null,"instanceId":null,'
          '"instanceType":null,"consumerGroupId":null,"topicName":null,"lastFetchTime":null,'
          '"progressData":null}},'
          '{"sourceProgress":{"progressData":{"consumeTimestamp":null}}}]}}')

    # Unknown fields of every type at every depth, including known names in
    # unknown places and deep unknown nesting.
    deep = "[" * 40 + '{"list":[{"planId":666}]}' + "]" * 40
    write("ok_unknown_fields",
          '{"future":{"data":{"list":[{"planId":999}]}},"requestId":"r1",'
          '"list":[{"planId":777}],"pageNumber":99,'
          '"float":-1.5e+300,"big":123456789012345678901234567890,"t":true,"f":false,"n":null,'
          '"arr":[1,"two",{"three":[3.0,{"four":4E-4}]},[],{}],"deep":' + deep + ','
          '"data":{"extra":{"a":[{"b":{}}]},"pageSize":10,"cursor":"abc",'
          '"list":[{"planId":1,"tags":["x",{"y":[null]}],"meta":{"planId":5},'
          '"sourceProgress":{"regionId":"cn-hangzhou","zone":{"id":"a","list":[1,2]},'
          '"progressData":{"consumeTimestamp":42,"offsets":[1,2,3],"x":{"consumeTimestamp":9}},'
          '"topicName":"T"},"checkpointId":3,"future":[[[[["deep"]]]]]}],'
          '"totalCount":1,"nextToken":null},"success":true,"trailer":"' + "z" * 1000 + '"}')

    # Reordered fields and several elements.
    items = [item(1), item(2), item(3)]
    rev = []
    for it in items:
        d = {k: it[k] for k in reversed(list(it))}
        for side in ("sourceProgress", "targetProgress"):
            d[side] = {k: it[side][k] for k in reversed(list(it[side]))}
        rev.append(d)
    write("ok_reordered", json.dumps({
        "dynamicMessage": "", "dynamicCode": "", "httpStatusCode": 200, "message": "ok",
        "code": 200,
        "data": {"list": rev, "totalCount": 3, "pageSize": 20, "pageNumber": 1},
        "success": True, "requestId": REQ_ID,
    }, separators=(",", ":")))

    # Escapes, surrogate pairs, raw UTF-8, escaped keys.
    write("ok_escapes",
          '{"requestId":"q\\"b\\\\s\\/n\\n\\r\\t\\b\\f",'
          '"\\u0063ode":"\\u00e9\\u4e2d\\ud83d\\ude00",'
          '"message":"\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 caf\xc3\xa9",'
          '"data":{"list":[{"planI\\u0064":1,"sourceProgress":{'
          '"regionId":"a\\"b\\\\c","instanceId":"\\u0041\\u00DF\\uFFFD\\uD800\\uDC00",'
          '"topicName":"\xe4\xb8\xad\\u6587","consumerGroupId":"G\\/1",'
          '"instanceType":"ALIYUN_\\u0052OCKETMQ"}}]}}'.encode("latin-1"))

    # Long strings: truncated at UTF-8 boundaries with their flags.
    long_msg = "m" * 254 + "\u4e2d" + "tail"            # 254 + 3 bytes > 255
    fits_msg = "d" * 252 + "\u4e2d"                     # exactly 255 bytes
    group_cut = "g" * 126 + "\u00e9" + "x"              # 126 + 2 > 127
    group_fit = "h" * 125 + "\u00e9"                    # exactly 127
    write("ok_long_strings", json.dumps({
        "requestId": "R" * 200,
        "message": long_msg,
        "dynamicMessage": fits_msg,
        "Recommend": "https://example.com/" + "u" * 400,
        "HostId": "h\u0000idden",
        "code": "C" * 63,
        "data": {"list": [{
            "sourceProgress": {
                "regionId": "r" * 31,
                "instanceId": "i" * 64,
                "instanceType": "SOME_FUTURE_INSTANCE_TYPE_THAT_IS_LONG",
                "consumerGroupId": group_cut,
                "topicName": "t" * 5000,
            },
            "targetProgress": {
                "regionId": "ab\u0000cd",
                "consumerGroupId": group_fit,
                "topicName": "\U0001F600" * 40,   # 160 bytes, cut after 31 emoji
                "instanceType": "",
            },
        }]},
    }, ensure_ascii=False))

    write("ok_instance_types", json.dumps({"data": {"list": [
        {"sourceProgress": {"instanceType": "ALIYUN_ROCKETMQ"},
         "targetProgress": {"instanceType": "EXTERNAL_ROCKETMQ"}},
        {"sourceProgress": {"instanceType": "SELF_BUILT_KAFKA"},
         "targetProgress": {"instanceType": "aliyun_rocketmq"}},
    ]}}))

    write("ok_int_limits",
          '{"httpStatusCode":-9223372036854775808,"data":{"pageNumber":9223372036854775807,'
          '"pageSize":0,"totalCount":-0,"list":[{"planId":9223372036854775807,'
          '"itemId":-9223372036854775808,"checkpointId":"9223372036854775807",'
          '"lastSyncTime":"-9223372036854775808"}]}}')

    write("ok_empty_list",
          '{"requestId":"e","success":true,"data":{"pageNumber":3,"pageSize":10,'
          '"totalCount":20,"list":[]}}')
    write("ok_no_list", '{"success":true,"data":{"totalCount":0}}')
    write("ok_empty_object", '{}')
    write("ok_five_items", json.dumps({"success": True, "data": {
        "totalCount": 5, "list": [item(n) for n in range(1, 6)]}}, indent=1))

    # --- malformed ---------------------------------------------------------
    write("bad_escape_hex", '{"message":"ab\\u12G4"}')
    write("bad_escape_letter", '{"x":"\\x41"}')
    write("bad_escape_lone_high", '{"requestId":"\\ud800x"}')
    write("bad_escape_lone_high_end", '{"requestId":"\\uD83D"}')
    write("bad_escape_lone_low", '{"unknown":"\\udc00"}')
    write("bad_escape_high_high", '{"data":{"list":[{"sourceProgress":{"regionId":"\\ud83d\\ud83d"}}]}}')
    write("bad_escape_high_then_n", '{"code":"\\ud83d\\n"}')
    write("bad_duplicate_root", '{"code":"a","message":"m","code":"b"}')
    write("bad_duplicate_alias", '{"requestId":"a","RequestId":"b"}')
    write("bad_duplicate_null", '{"message":null,"message":"x"}')
    write("bad_duplicate_data", '{"data":{},"data":{}}')
    write("bad_duplicate_element", '{"data":{"list":[{"planId":1},{"planId":1,"itemId":2,"planId":3}]}}')
    write("bad_duplicate_progress",
          '{"data":{"list":[{"sourceProgress":{"regionId":"a","topicName":"t","regionId":"b"}}]}}')
    write("bad_duplicate_consume",
          '{"data":{"list":[{"targetProgress":{"progressData":{"consumeTimestamp":1,'
          '"consumeTimestamp":2}}}]}}')
    write("bad_trailing_garbage", '{"success":true} x')
    write("bad_trailing_document", '{}{}')
    write("bad_trailing_comma_after", '{},')
    write("bad_number_fraction", '{"data":{"pageSize":10.5}}')
    write("bad_number_exponent", '{"data":{"list":[{"planId":1e3}]}}')
    write("bad_number_overflow", '{"data":{"list":[{"lastSyncTime":9223372036854775808}]}}')
    write("bad_number_underflow", '{"httpStatusCode":-9223372036854775809}')
    write("bad_number_string_fraction", '{"data":{"totalCount":"1.0"}}')
    write("bad_number_string_empty", '{"data":{"list":[{"planId":""}]}}')
    write("bad_number_string_space", '{"httpStatusCode":" 200"}')
    write("bad_number_string_plus", '{"httpStatusCode":"+200"}')
    write("bad_number_string_leading_zero", '{"data":{"pageNumber":"01"}}')
    write("bad_number_string_minus", '{"data":{"list":[{"sourceProgress":{"lastFetchTime":"-"}}]}}')
    write("bad_number_string_overflow", '{"data":{"pageSize":"99999999999999999999"}}')
    write("bad_number_string_unicode", '{"data":{"pageSize":"\xd9\xa3"}}'.encode("latin-1"))
    write("bad_number_code_fraction", '{"code":200.0}')
    write("bad_type_object_for_int", '{"data":{"list":[{"planId":{}}]}}')
    write("bad_type_array_for_text", '{"data":{"list":[{"sourceProgress":{"regionId":[]}}]}}')
    write("bad_type_bool_for_int", '{"data":{"pageSize":true}}')
    write("bad_type_string_for_bool", '{"success":"true"}')
    write("bad_type_number_for_bool", '{"success":1}')
    write("bad_type_object_for_text", '{"message":{"text":"x"}}')
    write("bad_type_data_array", '{"data":[]}')
    write("bad_type_data_string", '{"data":"x"}')
    write("bad_type_list_object", '{"data":{"list":{}}}')
    write("bad_type_progress_string", '{"data":{"list":[{"sourceProgress":"x"}]}}')
    write("bad_type_progress_data_array",
          '{"data":{"list":[{"sourceProgress":{"progressData":[1]}}]}}')
    write("bad_type_root_array", '[{"success":true}]')
    write("bad_type_root_string", '"success"')
    write("bad_type_root_null", 'null')
    write("bad_type_element_string", '{"data":{"list":["x"]}}')
    write("bad_type_element_null", '{"data":{"list":[null]}}')
    write("bad_type_element_array", '{"data":{"list":[[]]}}')
    write("bad_syntax_missing_comma", '{"a":1 "b":2}')
    write("bad_syntax_missing_colon", '{"a" 1}')
    write("bad_syntax_trailing_comma_object", '{"a":1,}')
    write("bad_syntax_trailing_comma_array", '{"a":[1,]}')
    write("bad_syntax_leading_comma", '{,"a":1}')
    write("bad_syntax_single_quotes", "{'a':1}")
    write("bad_syntax_unquoted_key", '{a:1}')
    write("bad_syntax_control_char", '{"a":"x\ty"}')
    write("bad_syntax_raw_newline", '{"message":"x\ny"}')
    write("bad_syntax_overlong_utf8", b'{"a":"\xc0\x80"}')
    write("bad_syntax_surrogate_utf8", b'{"message":"\xed\xa0\x80"}')
    write("bad_syntax_short_utf8", b'{"a":"\xe4\xb8"}')
    write("bad_syntax_stray_continuation", b'{"a":"\x80"}')
    write("bad_syntax_utf8_too_big", b'{"a":"\xf4\x90\x80\x80"}')
    write("bad_syntax_utf8_outside_string", b'{"a":1\xc2\xa0}')
    write("bad_syntax_mismatch", '{"a":[1}')
    write("bad_syntax_mismatch_object", '{"a":{]}')
    write("bad_syntax_close_early", '}')
    write("bad_syntax_literal", '{"success":tru}')
    write("bad_syntax_literal_case", '{"success":True}')
    write("bad_syntax_literal_tail", '{"n":nullx}')
    write("bad_syntax_plus", '{"a":+1}')
    write("bad_syntax_minus_only", '{"a":-}')
    write("bad_syntax_dot_only", '{"a":1.}')
    write("bad_syntax_exp_only", '{"a":1e}')
    write("bad_syntax_leading_zero", '{"a":01}')
    write("bad_syntax_leading_dot", '{"a":.5}')
    write("bad_syntax_nan", '{"a":NaN}')
    write("bad_syntax_bom", b'\xef\xbb\xbf{}')
    write("bad_syntax_key_number", '{1:2}')
    write("bad_syntax_colon_in_array", '{"a":[1:2]}')
    write("bad_truncated_empty", "")
    write("bad_truncated_blank", " \r\n\t")
    write("bad_truncated_string", '{"message":"abc')
    write("bad_truncated_escape", '{"message":"abc\\u12')
    write("bad_truncated_surrogate", '{"message":"\\ud83d')
    write("bad_truncated_number", '{"data":{"pageSize":10')
    write("bad_truncated_element", '{"data":{"list":[{"planId":1}')
    write("bad_too_deep",
          '{"x":' + "[" * 64 + "]" * 64 + "}")
    # Every kept string full of escaped '"' (issue 12: once refused with
    # ELEMENT_TOO_LARGE): each string is cut to its array and flagged, the
    # element decodes.
    q = '\\"' * 200
    side = ('{"regionId":"' + q + '","instanceId":"' + q + '","instanceType":"' + q
            + '","consumerGroupId":"' + q + '","topicName":"' + q + '"}')
    write("ok_escaped_quotes_everywhere",
          '{"data":{"list":[{"sourceProgress":' + side + ',"targetProgress":' + side + '}]}}')


if __name__ == "__main__":
    main()
