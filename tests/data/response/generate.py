#!/usr/bin/env python3
"""Writes the whole-response fixtures (HTTP head + JSON body) with CRLF heads.

The bodies: the API reference's sample success response verbatim, and the
two error shapes from SIGNING.md. Run from this directory.
"""
import json

SAMPLE = """{
  "requestId": "AF9A8B10-C426-530F-A0DD-96320B39****",
  "success": true,
  "data": {
    "pageNumber": 1,
    "pageSize": 10,
    "totalCount": 1,
    "list": [
      {
        "planId": 0,
        "itemId": 0,
        "checkpointId": 0,
        "lastSyncTime": 1740724080343,
        "sourceProgress": {
          "regionId": "cn-hangzhou",
          "instanceId": "rmq-cn-3mp3vblzxxx",
          "instanceType": "ALIYUN_ROCKETMQ",
          "consumerGroupId": "GID_TEST",
          "topicName": "TOPIC_TEST",
          "lastFetchTime": 1740724080343,
          "progressData": {
            "consumeTimestamp": 1740724080343
          }
        },
        "targetProgress": {
          "regionId": "cn-hangzhou",
          "instanceId": "rmq-cn-nwy3i065xxx",
          "instanceType": "ALIYUN_ROCKETMQ",
          "consumerGroupId": "GID_TEST",
          "topicName": "TOPIC_TEST",
          "lastFetchTime": 1740724080343,
          "progressData": {
            "consumeTimestamp": 1740724080343
          }
        }
      }
    ]
  },
  "code": 200,
  "message": "The instance cannot be found.",
  "httpStatusCode": 200,
  "dynamicCode": "InstanceId",
  "dynamicMessage": "instanceId"
}
"""

GATEWAY = json.dumps({
    "RequestId": "7B4C9A1E-0D2F-5E3A-9C1B-2F6D8E0A4B7C",
    "HostId": "rocketmq.cn-hangzhou.aliyuncs.com",
    "Code": "SignatureDoesNotMatch",
    "Message": "Specified signature does not match our calculation.",
    "Recommend": "https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch"})

PRODUCT = json.dumps({
    "requestId": "0E1F2A3B-4C5D-6E7F-8091-A2B3C4D5E6F7", "success": False,
    "code": "Instance.NotFound", "message": "The instance cannot be found.",
    "httpStatusCode": 404, "dynamicCode": "InstanceId", "dynamicMessage": "instanceId"})

JSON_TYPE = "application/json;charset=utf-8"


def head(status, reason, headers):
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def with_length(status, reason, body, ctype=JSON_TYPE, extra=()):
    b = body.encode()
    return head(status, reason, [("Content-Type", ctype), ("Content-Length", len(b)),
                                 ("Date", "Thu, 27 Nov 2026 10:00:00 GMT"),
                                 ("x-acs-request-id", "REQ-1")] + list(extra)) + b


def chunked(status, reason, body, sizes=(1, 7, 300, 64)):
    b = body.encode()
    out = head(status, reason, [("Content-Type", JSON_TYPE), ("Transfer-Encoding", "chunked")])
    i = k = 0
    while i < len(b):
        n = sizes[k % len(sizes)]
        part = b[i:i + n]
        out += f"{len(part):x};ext={k}\r\n".encode() + part + b"\r\n"
        i += n
        k += 1
    return out + b"0\r\nx-trailer: 1\r\n\r\n"


FIXTURES = {
    "sample_content_length.http": with_length(200, "OK", SAMPLE),
    "sample_chunked.http": chunked(200, "OK", SAMPLE),
    "gateway_error_400.http": with_length(400, "Bad Request", GATEWAY),
    "gateway_throttled_503.http": with_length(
        503, "Service Unavailable",
        GATEWAY.replace("SignatureDoesNotMatch", "Throttling.User"),
        extra=[("x-acs-retry-after", "1500")]),
    "product_error_404.http": chunked(404, "Not Found", PRODUCT),
    "html_502.http": with_length(502, "Bad Gateway", "<html>bad gateway</html>", ctype="text/html"),
    "no_envelope_200.http": with_length(200, "OK", "{\"hello\":\"world\"}"),
    "bad_json_200.http": with_length(200, "OK", "{\"requestId\":\"x\",\"success\":tru}"),
}

for name, data in FIXTURES.items():
    with open(name, "wb") as f:
        f.write(data)
