#!/usr/bin/env python3
"""Writes the raw HTTP response fixtures of tests/unit/test_http.c.

Run from anywhere: python3 tests/data/http/generate.py
Line ends are written as explicit CRLF so no editor or git setting can change
them. For every valid response a NAME.body file holds the expected
(de-chunked) body. Expected statuses live in the table of test_http.c.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REQ_ID = "5A1B2C3D-0000-4E5F-8A9B-0123456789AB"


def head(status_line, *fields):
    return (status_line + "\r\n" + "".join(f + "\r\n" for f in fields) + "\r\n").encode()


def write(name, data, body=None):
    with open(os.path.join(HERE, name + ".http"), "wb") as f:
        f.write(data)
    if body is not None:
        with open(os.path.join(HERE, name + ".body"), "wb") as f:
            f.write(body)


def cl(status_line, body, *fields):
    return head(status_line, *fields, "Content-Length: %d" % len(body)) + body


def main():
    ok_json = (b'{"requestId":"' + REQ_ID.encode() + b'","success":true,"code":"200",'
               b'"data":{"pageNumber":1,"pageSize":10,"totalCount":0,"list":[]}}')
    write("ok_content_length",
          cl("HTTP/1.1 200 OK", ok_json,
             "Date: Sun, 06 Nov 1994 08:49:37 GMT",
             "Content-Type: application/json;charset=utf-8",
             "x-acs-request-id: " + REQ_ID,
             "Connection: keep-alive"),
          ok_json)

    chunked = (head("HTTP/1.1 200 OK", "content-type: Application/JSON",
                    "transfer-encoding: Chunked", "X-Acs-Request-Id: chunked-1")
               + b'a;name=value\r\n{"a":1,"b"\r\n'
               + b'00000006 ;q="x y";flag\r\n:[1,2]\r\n'
               + b'1\r\n}\r\n'
               + b'0;last=1\r\nX-Checksum: abc\r\nContent-Length: 99\r\n\r\n')
    write("ok_chunked", chunked, b'{"a":1,"b":[1,2]}')

    until_close_body = b'{"success":true,\r\n"data":null}\n'
    write("ok_until_close",
          head("HTTP/1.0 200 OK", "Content-Type: application/json") + until_close_body,
          until_close_body)

    write("ok_continue",
          head("HTTP/1.1 100 Continue")
          + head("HTTP/1.1 102 Processing", "x-acs-request-id: interim", "Content-Length: 7")
          + cl("HTTP/1.1 200 OK", b"{}", "x-acs-request-id: final"),
          b"{}")

    gw = (b'{"RequestId":"' + REQ_ID.encode() + b'","HostId":"rocketmq.cn-hangzhou.aliyuncs.com",'
          b'"Code":"SignatureDoesNotMatch","Message":"Specified signature does not match our calculation.",'
          b'"Recommend":"https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=RocketMQ"}')
    write("ok_gateway_403",
          cl("HTTP/1.1 403 Forbidden", gw, "Content-Type: application/json",
             "Connection: close", "x-acs-request-id: " + REQ_ID),
          gw)

    throttled = b'{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}'
    write("ok_throttled_429",
          head("HTTP/1.1 429 ", "Content-Type: application/json", "x-acs-retry-after:1500",
               "Transfer-Encoding: chunked")
          + b"%x\r\n" % len(throttled) + throttled + b"\r\n0\r\n\r\n",
          throttled)

    write("ok_no_content_204",
          head("HTTP/1.1 204", "Date: Thu, 01 Jan 1970 00:00:00 GMT", "Content-Length: 10"),
          b"")

    write("ok_http10_keepalive",
          cl("HTTP/1.0 200 OK", b"hello", "Connection: Keep-Alive"),
          b"hello")

    # --- malformed framing and syntax ---
    te = "Transfer-Encoding: chunked"
    write("bad_chunk_size_nonhex", head("HTTP/1.1 200 OK", te) + b"zz\r\nab\r\n0\r\n\r\n")
    write("bad_chunk_size_empty", head("HTTP/1.1 200 OK", te) + b";ext=1\r\nab\r\n0\r\n\r\n")
    write("bad_chunk_size_overflow",
          head("HTTP/1.1 200 OK", te) + b"10000000000000000\r\nab\r\n0\r\n\r\n")
    write("bad_chunk_missing_crlf", head("HTTP/1.1 200 OK", te) + b"3\r\nabcX\r\n0\r\n\r\n")
    write("bad_chunk_blank_before_crlf", head("HTTP/1.1 200 OK", te) + b"3 \r\nabc\r\n0\r\n\r\n")
    write("bad_chunked_truncated", head("HTTP/1.1 200 OK", te) + b"3\r\nabc\r\n")
    write("bad_cl_and_chunked",
          head("HTTP/1.1 200 OK", "Content-Length: 3", te) + b"3\r\nabc\r\n0\r\n\r\n")
    write("bad_te_gzip", head("HTTP/1.1 200 OK", "Transfer-Encoding: gzip, chunked") + b"0\r\n\r\n")
    write("bad_te_twice", head("HTTP/1.1 200 OK", te, te) + b"0\r\n\r\n")
    write("bad_http10_chunked", head("HTTP/1.0 200 OK", te) + b"0\r\n\r\n")
    write("bad_cl_negative", head("HTTP/1.1 200 OK", "Content-Length: -1") + b"x")
    write("bad_cl_nondecimal", head("HTTP/1.1 200 OK", "Content-Length: 0x10") + b"x")
    write("bad_cl_overflow",
          head("HTTP/1.1 200 OK", "Content-Length: 18446744073709551616") + b"x")
    write("bad_cl_empty", head("HTTP/1.1 200 OK", "Content-Length: ") + b"x")
    write("bad_cl_list", head("HTTP/1.1 200 OK", "Content-Length: 2, 2") + b"{}")
    write("bad_cl_conflict",
          head("HTTP/1.1 200 OK", "Content-Length: 5", "Content-Length: 6") + b"hello!")
    write("bad_trailing_bytes", cl("HTTP/1.1 200 OK", b"{}") + b"XX")
    write("bad_truncated_body", head("HTTP/1.1 200 OK", "Content-Length: 10") + b"{\"a\"")
    write("bad_truncated_head", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n")
    write("bad_obs_fold", head("HTTP/1.1 200 OK", "X-Foo: a", "  b", "Content-Length: 0"))
    write("bad_space_before_colon", head("HTTP/1.1 200 OK", "Content-Length : 2") + b"{}")
    write("bad_no_colon", head("HTTP/1.1 200 OK", "Content-Length 2") + b"{}")
    write("bad_control_char", head("HTTP/1.1 200 OK", "X-Foo: a\x01b", "Content-Length: 0"))
    write("bad_status_line", head("HTTP/2 200 OK", "Content-Length: 0"))
    write("bad_status_code", head("HTTP/1.1 20 OK", "Content-Length: 0"))
    write("bad_bare_lf", b"HTTP/1.1 200 OK\nContent-Length: 0\n\n")
    write("bad_switching_101", head("HTTP/1.1 101 Switching Protocols", "Upgrade: h2c"))


if __name__ == "__main__":
    main()
