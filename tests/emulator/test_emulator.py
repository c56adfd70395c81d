#!/usr/bin/env python3
"""Tests of tools/emulator/emulator.py, run against real subprocesses.

One emulator (default flags) serves most tests; a few start their own to
check flags (--sts-token, --fault, --clock-offset, --plain, --lifetime).
"""

from __future__ import annotations

import email.utils
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import warnings

from harness import (EMULATOR, INSTANCE, ITEM, PLAN, SECRET, Emu, acs_date, call,
                     check, dechunk, eq, raw_request, read_all, run, send, signed, split_response,
                     test)

EMU: Emu | None = None
CP_FIELDS = ["planId", "itemId", "checkpointId", "lastSyncTime", "sourceProgress", "targetProgress"]
SIDE_FIELDS = ["regionId", "instanceId", "instanceType", "consumerGroupId", "topicName",
               "lastFetchTime", "progressData"]
GATEWAY_KEYS = ["RequestId", "HostId", "Code", "Message", "Recommend"]
PRODUCT_KEYS = ["requestId", "success", "code", "message", "httpStatusCode", "dynamicCode",
                "dynamicMessage"]


def setup() -> None:
    """Start the shared emulator."""
    global EMU
    EMU = Emu()


def teardown() -> None:
    """Stop the shared emulator."""
    if EMU:
        EMU.stop()


def fresh() -> Emu:
    """The shared emulator, reset (stats, faults, clock, nonces)."""
    EMU.reset()
    return EMU


def gateway_error(status, doc, want_status, want_code):
    """Assert a PascalCase gateway error."""
    eq(status, want_status, f"status for {want_code} ({doc})")
    eq(list(doc), GATEWAY_KEYS, "gateway body keys")
    eq(doc["Code"], want_code, "Code")


def product_error(status, doc, want_status, want_code):
    """Assert a camelCase product error."""
    eq(status, want_status, f"status for {want_code} ({doc})")
    eq(list(doc), PRODUCT_KEYS, "product body keys")
    eq((doc["success"], doc["code"], doc["httpStatusCode"]), (False, want_code, want_status), "env")


def ids(doc) -> list[int]:
    """checkpointIds of a success body."""
    return [cp["checkpointId"] for cp in doc["data"]["list"]]


# --------------------------------------------------------------------------
# Start-up, TLS
# --------------------------------------------------------------------------

@test
def startup_line_ready_file_and_cert():
    emu = fresh()
    out = emu.stdout().splitlines()
    eq(out, [f"emulator: port={emu.port} ca={emu.ca}"], "stdout")
    with open(os.path.join(emu.dir, "ready")) as f:
        eq(f.read(), f"port={emu.port}\nca={emu.ca}\n", "ready")
    for host in ("localhost", "127.0.0.1"):
        sock = socket.create_connection(("127.0.0.1", emu.port), timeout=5)
        tls = emu.ctx.wrap_socket(sock, server_hostname=host)   # verifies the SAN
        check(tls.version() in ("TLSv1.2", "TLSv1.3"), tls.version())
        tls.close()


@test
def ipv6_loopback_listener():
    emu = fresh()
    try:
        sock = socket.create_connection(("::1", emu.port), timeout=5)
    except OSError:
        return  # no IPv6 loopback on this machine: nothing to check
    tls = emu.ctx.wrap_socket(sock, server_hostname="::1")
    tls.close()


@test
def no_non_loopback_listener():
    emu = fresh()
    out = subprocess.run(["ss", "-Hltn", f"sport = :{emu.port}"], capture_output=True, text=True)
    if out.returncode != 0:
        return  # no ss(8): skip
    for line in out.stdout.splitlines():
        local = line.split()[3]
        check(local.startswith("127.0.0.1:") or local.startswith("[::1]:"), line)


@test
def tls_below_1_2_refused():
    emu = fresh()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(emu.ca)
    ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    sock = socket.create_connection(("127.0.0.1", emu.port), timeout=5)
    try:
        ctx.wrap_socket(sock, server_hostname="localhost").close()
        raise AssertionError("TLS 1.1 handshake succeeded")
    except ssl.SSLError:
        pass
    time.sleep(0.1)
    check(emu.stats()["handshake_failures"] >= 1, "handshake failure counted")


# --------------------------------------------------------------------------
# Success, paging, filter, times
# --------------------------------------------------------------------------

@test
def success_envelope_and_headers():
    status, hdrs, doc = call(fresh())
    eq(status, 200, "status")
    eq(list(doc), ["requestId", "success", "data", "code", "message", "httpStatusCode"], "keys")
    eq((doc["success"], doc["code"], doc["httpStatusCode"]), (True, 200, 200), "envelope")
    eq(doc["requestId"], hdrs["x-acs-request-id"], "request id header")
    check(re.fullmatch(r"[0-9A-F-]{36}", hdrs["x-acs-request-id"]), hdrs["x-acs-request-id"])
    eq(hdrs["content-type"], "application/json;charset=utf-8", "content type")
    check(abs(email.utils.parsedate_to_datetime(hdrs["date"]).timestamp() - time.time()) < 5,
          hdrs["date"])
    data = doc["data"]
    eq((data["pageNumber"], data["pageSize"], data["totalCount"], len(data["list"])),
       (1, 10, 12, 10), "page")
    cp = data["list"][0]
    eq(list(cp), CP_FIELDS, "checkpoint fields")
    eq(list(cp["sourceProgress"]), SIDE_FIELDS, "progress fields")
    eq((cp["planId"], cp["itemId"]), (int(PLAN), int(ITEM)), "ids")
    eq(cp["sourceProgress"]["instanceId"], INSTANCE, "source instance")
    check(isinstance(cp["targetProgress"]["progressData"]["consumeTimestamp"], int), "ms ints")


@test
def paging_covers_every_checkpoint_once():
    emu = fresh()
    seen = []
    for page in (1, 2, 3):
        status, _, doc = call(emu, {"instanceId": INSTANCE, "pageNumber": page, "pageSize": 5})
        eq(status, 200, "status")
        eq((doc["data"]["pageNumber"], doc["data"]["pageSize"], doc["data"]["totalCount"]),
           (page, 5, 12), "page header")
        seen += ids(doc)
    eq(len(seen), 12, "count")
    eq(len(set(seen)), 12, "unique")
    _, _, doc = call(emu, {"instanceId": INSTANCE, "pageNumber": 2})
    eq(len(doc["data"]["list"]), 2, "second default page")
    _, _, doc = call(emu, {"instanceId": INSTANCE, "pageNumber": 9, "pageSize": 100})
    eq((doc["data"]["totalCount"], doc["data"]["list"]), (12, []), "past the end")


@test
def filter_matches_topic_or_group():
    emu = fresh()
    cases = {"payment": 2, "GID_TEST": 1, "orders_created": 2, "GID_": 12, "nomatch": 0, "": 12}
    for needle, want in cases.items():
        _, _, doc = call(emu, {"instanceId": INSTANCE, "filter": needle, "pageSize": 100})
        eq(doc["data"]["totalCount"], want, f"filter {needle!r}")
        eq(len(doc["data"]["list"]), want, f"list for {needle!r}")
    _, _, doc = call(emu, {"instanceId": INSTANCE, "filter": "a b*~é"})
    eq(doc["data"]["totalCount"], 0, "odd characters are signed and matched")


@test
def empty_item():
    status, _, doc = call(fresh(), path=f"/disaster_recovery/{PLAN}/items/100070285/checkpoints")
    eq((status, doc["data"]["totalCount"], doc["data"]["list"]), (200, 0, []), "empty item")


@test
def relative_times_resolved_per_request():
    _, _, doc = call(fresh(), {"instanceId": INSTANCE, "filter": "logistics"})
    cp = doc["data"]["list"][0]
    now_ms = time.time() * 1000
    src = cp["sourceProgress"]["progressData"]["consumeTimestamp"]
    tgt = cp["targetProgress"]["progressData"]["consumeTimestamp"]
    eq(src - tgt, (7 * 60 + 12 - 2) * 1000, "lag of the several-minutes checkpoint")
    check(abs(now_ms - 21_000 - cp["lastSyncTime"]) < 5000, "lastSyncTime ~ now-21s")
    _, _, doc = call(EMU, {"instanceId": INSTANCE, "filter": "audit_log"})
    cp = doc["data"]["list"][0]
    lag = cp["sourceProgress"]["progressData"]["consumeTimestamp"] - \
        cp["targetProgress"]["progressData"]["consumeTimestamp"]
    check(lag > 3 * 3600 * 1000, f"hours-lag checkpoint: {lag}")


# --------------------------------------------------------------------------
# Product errors
# --------------------------------------------------------------------------

@test
def product_errors():
    emu = fresh()
    status, _, doc = call(emu, {})
    product_error(status, doc, 400, "MissingInstanceId")
    status, _, doc = call(emu, {"instanceId": "rmq-cn-unknown"})
    product_error(status, doc, 404, "Instance.NotFound")
    eq(doc["dynamicMessage"], "rmq-cn-unknown", "dynamicMessage")
    status, _, doc = call(emu, path=f"/disaster_recovery/999/items/{ITEM}/checkpoints")
    product_error(status, doc, 404, "DisasterRecoveryPlan.NotFound")
    status, _, doc = call(emu, path=f"/disaster_recovery/{PLAN}/items/999/checkpoints")
    product_error(status, doc, 404, "DisasterRecoveryItem.NotFound")
    for bad in ("0", "101", "abc", "-1"):
        status, _, doc = call(emu, {"instanceId": INSTANCE, "pageSize": bad})
        product_error(status, doc, 400, "InvalidParameter.PageSize")
    status, _, doc = call(emu, {"instanceId": INSTANCE, "pageNumber": "0"})
    product_error(status, doc, 400, "InvalidParameter.PageNumber")
    status, _, doc = call(emu, {"instanceId": INSTANCE, "pageSize": "100"})
    eq(status, 200, "pageSize 100 is allowed")


# --------------------------------------------------------------------------
# Gateway errors
# --------------------------------------------------------------------------

def send_headers(emu: Emu, target: str, headers, method: str = "GET"):
    """Send exactly these headers; return (status, parsed body)."""
    conn = emu.connect()
    resp, body = send(conn, type("S", (), {"target": target, "headers": headers})(), method)
    conn.close()
    return resp.status, json.loads(body)


@test
def incomplete_signature():
    emu = fresh()
    s = signed(emu)
    no_auth = [(n, v) for n, v in s.headers if n != "Authorization"]
    gateway_error(*send_headers(emu, s.target, no_auth), 400, "IncompleteSignature")
    garbled = [(n, v.replace(",Signature=", ", Signature=")) for n, v in s.headers]
    gateway_error(*send_headers(emu, s.target, garbled), 400, "IncompleteSignature")
    unsigned = s.headers + [("x-acs-extra", "1")]
    gateway_error(*send_headers(emu, s.target, unsigned), 400, "IncompleteSignature")
    no_nonce = signed(emu, x_acs_signature_nonce=None)
    gateway_error(*send_headers(emu, no_nonce.target, no_nonce.headers), 400, "IncompleteSignature")


@test
def unknown_key_and_bad_signature():
    emu = fresh()
    status, _, doc = call(emu, key_id="LTAIunknown")
    gateway_error(status, doc, 404, "InvalidAccessKeyId.NotFound")
    status, _, doc = call(emu, secret="wrong-secret")
    gateway_error(status, doc, 400, "SignatureDoesNotMatch")
    check("server string to sign is:ACS3-HMAC-SHA256\n" in doc["Message"], doc["Message"])
    s = signed(emu)
    gateway_error(*send_headers(emu, s.target + "&pageSize=5", s.headers), 400,
                  "SignatureDoesNotMatch")
    bad_hash = signed(emu, x_acs_content_sha256="0" * 64)
    gateway_error(*send_headers(emu, bad_hash.target, bad_hash.headers), 400,
                  "SignatureDoesNotMatch")
    st = emu.stats()
    eq((st["signature_failures"], st["auth_failures"]), (3, 4), "failure counters")


@test
def time_stamp_errors():
    emu = fresh()
    for bad in ("2025-01-01 00:00:00", "2025-13-01T00:00:00Z", "2025-01-01T00:00:00.123Z", ""):
        status, _, doc = call(emu, x_acs_date=bad)
        gateway_error(status, doc, 400, "InvalidTimeStamp.Format")
    for off in (-16 * 60, 16 * 60):
        status, _, doc = call(emu, x_acs_date=acs_date(off))
        gateway_error(status, doc, 400, "InvalidTimeStamp.Expired")
    status, _, _ = call(emu, x_acs_date=acs_date(-14 * 60))
    eq(status, 200, "14 minutes of skew is fine")


@test
def nonce_reuse():
    emu = fresh()
    s = signed(emu)
    conn = emu.connect()
    eq(send(conn, s)[0].status, 200, "first use")
    resp, body = send(conn, s)
    gateway_error(resp.status, json.loads(body), 400, "SignatureNonceUsed")
    conn.close()


@test
def wrong_action_version_path_method():
    emu = fresh()
    status, _, doc = call(emu, x_acs_action="ListInstances")
    gateway_error(status, doc, 404, "InvalidAction.NotFound")
    status, _, doc = call(emu, x_acs_version="2019-02-14")
    gateway_error(status, doc, 400, "InvalidVersion")
    status, _, doc = call(emu, path="/instances")
    gateway_error(status, doc, 404, "InvalidAction.NotFound")
    status, _, doc = call(emu, method="POST")
    gateway_error(status, doc, 404, "InvalidAction.NotFound")


@test
def non_canonical_query_encoding_rejected():
    emu = fresh()
    s = signed(emu, {"instanceId": INSTANCE, "filter": "a b"})
    plus = s.target.replace("a%20b", "a+b")
    gateway_error(*send_headers(emu, plus, s.headers), 400, "SignatureDoesNotMatch")


# --------------------------------------------------------------------------
# Clock
# --------------------------------------------------------------------------

@test
def clock_offset_control():
    emu = fresh()
    status, doc = emu.control("POST", "/_emu/clock", {"offset_s": 3600})
    eq((status, doc["offset_s"]), (200, 3600.0), "set")
    status, hdrs, doc = call(emu)
    gateway_error(status, doc, 400, "InvalidTimeStamp.Expired")
    date = email.utils.parsedate_to_datetime(hdrs["date"]).timestamp()
    check(abs(date - time.time() - 3600) < 5, "Date header follows the emulator clock")
    status, _, _ = call(emu, x_acs_date=acs_date(3600))
    eq(status, 200, "client matching the shifted clock")
    emu.control("POST", "/_emu/clock", {"offset_s": -600})
    eq(call(emu)[0], 200, "10 minutes off is accepted")


# --------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------

def raw_exchange(emu: Emu, fault: dict, timeout: float = 5.0, **over):
    """Queue one fault, send one signed request on a raw socket, read to the end."""
    emu.faults(fault)
    sock = emu.raw_socket(timeout)
    sock.sendall(raw_request(signed(emu, **over)))
    data, how = read_all(sock, timeout)
    sock.close()
    return data, how


@test
def fault_throttle_and_5xx():
    emu = fresh()
    emu.faults("throttle", {"kind": "throttle", "retry_after_ms": 250, "status": 503,
                            "code": "Throttling.Api"}, "http500", "http503")
    status, hdrs, doc = call(emu)
    gateway_error(status, doc, 400, "Throttling.User")
    eq(hdrs.get("x-acs-retry-after"), "1000", "retry-after")
    status, hdrs, doc = call(emu)
    gateway_error(status, doc, 503, "Throttling.Api")
    eq(hdrs.get("x-acs-retry-after"), "250", "retry-after param")
    status, _, doc = call(emu)
    gateway_error(status, doc, 500, "InternalError")
    status, _, doc = call(emu)
    gateway_error(status, doc, 503, "ServiceUnavailable")
    eq(call(emu)[0], 200, "queue drained")
    eq(emu.stats()["faults_applied"],
       {"throttle": 2, "http500": 1, "http503": 1}, "faults_applied")


@test
def fault_generic_errors():
    emu = fresh()
    emu.faults({"kind": "error", "status": 403, "code": "InvalidAccessKeyId.Inactive"},
               {"kind": "product-error", "status": 404, "code": "Instance.NotFound"})
    status, hdrs, doc = call(emu)
    gateway_error(status, doc, 403, "InvalidAccessKeyId.Inactive")
    check("x-acs-retry-after" not in hdrs, "no retry-after by default")
    status, _, doc = call(emu)
    product_error(status, doc, 404, "Instance.NotFound")


@test
def faults_skip_rejected_requests_and_run_fifo():
    emu = fresh()
    emu.faults("http500", "http503")
    status, _, doc = call(emu, secret="bad")
    gateway_error(status, doc, 400, "SignatureDoesNotMatch")
    eq(call(emu)[0], 500, "first fault")
    eq(call(emu)[0], 503, "second fault")
    eq(call(emu)[0], 200, "then normal")


@test
def fault_chunked():
    emu = fresh()
    data, how = raw_exchange(emu, {"kind": "chunked", "trailer": True}, timeout=0.3)
    eq(how, "timeout", "connection stays open after a chunked response")
    status, hdrs, body = split_response(data)
    eq((status, hdrs.get("transfer-encoding"), "content-length" in hdrs), (200, "chunked", False),
       "framing headers")
    payload, sizes, trailer = dechunk(body)
    check(len(sizes) > 4, f"several chunks: {sizes}")
    check(any(b";rmq=1" in s for s in sizes), "chunk extension")
    eq(trailer, b"x-emu-trailer: done\r\n\r\n", "trailer")
    eq(json.loads(payload)["data"]["totalCount"], 12, "decoded body")


@test
def fault_chunked_keep_alive_via_http_client():
    emu = fresh()
    emu.faults("chunked", "content-length")
    conn = emu.connect()
    for _ in range(3):
        resp, body = send(conn, signed(emu))
        eq((resp.status, len(json.loads(body)["data"]["list"])), (200, 10), "response")
    conn.close()
    st = emu.stats()
    eq((st["connections"], st["handshakes"], st["requests"], st["keepalive_reuses"]), (1, 1, 3, 2),
       "one connection, three requests")
    eq(st["faults_applied"], {"chunked": 1, "content-length": 1}, "faults applied")


@test
def fault_slow():
    emu = fresh()
    emu.faults({"kind": "slow", "bytes": 512, "delay_ms": 15})
    sock = emu.raw_socket()
    sock.sendall(raw_request(signed(emu)))
    t0, reads, data = time.monotonic(), 0, b""
    while b"\r\n\r\n" not in data or len(data) < _expected_len(data):
        data += sock.recv(65536)
        reads += 1
    elapsed = time.monotonic() - t0
    sock.close()
    check(reads > 5 and elapsed > 0.1, f"dripped: {reads} reads in {elapsed:.2f}s")
    eq(json.loads(split_response(data)[2])["data"]["totalCount"], 12, "body intact")


def _expected_len(data: bytes) -> int:
    """Total response length announced by Content-Length."""
    head, _, _ = data.partition(b"\r\n\r\n")
    return len(head) + 4 + int(split_response(data)[1]["content-length"])


@test
def fault_reset_mid_body():
    emu = fresh()
    data, how = raw_exchange(emu, {"kind": "reset"})
    status, hdrs, body = split_response(data)
    eq(status, 200, "status sent before the reset")
    check(0 < len(body) < int(hdrs["content-length"]), f"partial body {len(body)}")
    check(how in ("reset", "abort"), f"abrupt end without close_notify: {how}")
    data, how = raw_exchange(emu, {"kind": "reset", "after_bytes": 0})
    eq((split_response(data)[2], how in ("reset", "abort")), (b"", True), "reset right after head")


@test
def fault_close():
    emu = fresh()
    data, how = raw_exchange(emu, {"kind": "close"})
    _, hdrs, body = split_response(data)
    eq((hdrs.get("connection"), how), ("close", "eof"), "Connection: close then EOF")
    eq(len(body), int(hdrs["content-length"]), "full body")


@test
def fault_truncated():
    emu = fresh()
    data, how = raw_exchange(emu, {"kind": "truncated"})
    _, hdrs, body = split_response(data)
    eq(int(hdrs["content-length"]) - len(body), 100, "declared 100 bytes more")
    eq(how, "eof", "then closed")


@test
def fault_drop():
    emu = fresh()
    t0 = time.monotonic()
    data, how = raw_exchange(emu, {"kind": "drop"}, timeout=0.5)
    eq((data, how), (b"", "timeout"), "nothing answered")
    check(time.monotonic() - t0 >= 0.45, "waited")
    data, how = raw_exchange(emu, {"kind": "drop", "max_ms": 200}, timeout=3)
    eq((data, how), (b"", "eof"), "closed after max_ms without an answer")
    eq(call(emu)[0], 200, "next request is normal")


@test
def fault_malformed_oversized_quirky():
    emu = fresh()
    emu.faults("malformed", {"kind": "oversized", "length": 1500}, "quirky")
    status, _, body = call(emu)
    eq(status, 200, "malformed status")
    check(isinstance(body, bytes), "body is not JSON")
    status, _, doc = call(emu)
    side = doc["data"]["list"][0]["sourceProgress"]
    eq((len(side["topicName"]), len(side["consumerGroupId"])), (1500, 1500), "oversized fields")
    eq(len(doc["data"]["list"][1]["sourceProgress"]["topicName"]) < 100, True, "others intact")
    status, _, doc = call(emu)
    eq((status, doc["code"], doc["data"]["pageNumber"]), (200, "200", "1"), "numeric strings")
    check("unknownObject" in doc and "futureField" in doc["data"]["list"][0], "unknown fields")
    eq(doc["data"]["list"][0]["targetProgress"]["lastFetchTime"], None, "null")


@test
def fault_delay():
    emu = fresh()
    emu.faults({"kind": "delay", "delay_ms": 300})
    t0 = time.monotonic()
    eq(call(emu)[0], 200, "status")
    check(time.monotonic() - t0 >= 0.3, "delayed")


@test
def fault_control_validation_and_sticky():
    emu = fresh()
    status, doc = emu.control("POST", "/_emu/faults", {"faults": [{"kind": "nope"}]})
    eq(status, 400, f"unknown kind ({doc})")
    status, doc = emu.control("POST", "/_emu/faults", {"faults": [{"kind": "slow", "speed": 1}]})
    eq(status, 400, f"unknown param ({doc})")
    emu.faults("http500", sticky={"kind": "http503"})
    eq([call(emu)[0] for _ in range(3)], [500, 503, 503], "queue first, then sticky")
    emu.faults(replace=True, sticky=None)
    eq(call(emu)[0], 200, "cleared")
    emu.faults("http500", "http500")
    emu.faults(replace=True)
    eq(emu.control("GET", "/_emu/faults")[1]["faults_pending"], [], "replace empties the queue")


# --------------------------------------------------------------------------
# Connections, stats, control plane
# --------------------------------------------------------------------------

@test
def stats_ignore_control_connections():
    emu = fresh()
    emu.control("POST", "/_emu/reset-stats")
    for _ in range(2):
        call(emu)
    st = emu.stats()
    eq((st["connections"], st["handshakes"], st["requests"]), (2, 2, 2), "client counts only")
    check(st["control_connections"] >= 1, "control counted apart")
    eq(st["responses"], {"200": 2}, "responses")
    eq(st["last_request"]["method"], "GET", "last request recorded")


@test
def pipelined_requests_and_client_close():
    emu = fresh()
    sock = emu.raw_socket()
    sock.sendall(raw_request(signed(emu)) + raw_request(signed(emu), extra="Connection: close\r\n"))
    data, how = read_all(sock)
    sock.close()
    eq(data.count(b"HTTP/1.1 200 OK"), 2, "two responses")
    eq(how, "eof", "closed after Connection: close")
    check(b"Connection: close" in data, "Connection: close echoed")


@test
def bad_request_gets_400_and_close():
    emu = fresh()
    sock = emu.raw_socket()
    sock.sendall(b"NOT-HTTP\r\n\r\n")
    data, how = read_all(sock)
    sock.close()
    status, _, body = split_response(data)
    eq((status, json.loads(body)["Code"], how), (400, "BadRequest", "eof"), "bad request")


@test
def control_plane_endpoints():
    emu = fresh()
    eq(emu.control("GET", "/_emu/health"), (200, {"ok": True}), "health")
    status, doc = emu.control("GET", "/_emu/nope")
    eq(status, 404, "unknown endpoint")
    check("GET /_emu/stats" in doc["endpoints"], "endpoint list")
    status, doc = emu.control("POST", "/_emu/clock", {"offset": 1})
    eq(status, 400, "bad clock body")


@test
def replace_data_and_page_through_many():
    emu = fresh()
    doc = {"instances": [{"instanceId": "rmq-bulk", "plans": [{"planId": 7, "items": [
        {"itemId": 8, "generate": {"count": 250}}]}]}]}
    status, summary = emu.control("POST", "/_emu/data", doc)
    eq((status, summary["checkpoints"]), (200, 250), "data replaced")
    seen = []
    conn = emu.connect()
    for page in (1, 2, 3):
        s = signed(emu, {"instanceId": "rmq-bulk", "pageNumber": page, "pageSize": 100},
                   path="/disaster_recovery/7/items/8/checkpoints")
        resp, body = send(conn, s)
        seen += ids(json.loads(body))
    conn.close()
    eq((len(seen), len(set(seen))), (250, 250), "all pages")
    status, _ = emu.control("POST", "/_emu/data", {"instances": [{"plans": []}]})
    eq(status, 400, "bad data refused")
    with open(os.path.join(os.path.dirname(EMULATOR), "data", "sample.json")) as f:
        emu.control("POST", "/_emu/data", json.load(f))


# --------------------------------------------------------------------------
# Other instances: flags, plain, shutdown, logging
# --------------------------------------------------------------------------

@test
def sts_token_flag_and_custom_credentials():
    emu = Emu("--key-id", "LTAIother", "--key-secret", "s3cr3t", "--sts-token", "tok-1",
              "--fault", "chunked", "--quiet")
    try:
        kw = {"key_id": "LTAIother", "secret": "s3cr3t"}
        status, _, doc = call(emu, **kw)
        gateway_error(status, doc, 400, "InvalidSecurityToken.MismatchWithAccessKey")
        status, _, doc = call(emu, x_acs_security_token="tok-2", **kw)
        gateway_error(status, doc, 400, "InvalidSecurityToken.MismatchWithAccessKey")
        status, hdrs, doc = call(emu, x_acs_security_token="tok-1", **kw)
        eq((status, hdrs.get("transfer-encoding")), (200, "chunked"), "--fault applies to all")
        eq(emu.stderr(), "", "--quiet")
    finally:
        eq(emu.stop(), 0, "exit status")


@test
def plain_mode_clock_offset_flag_and_rsa():
    emu = Emu("--clock-offset", "-3600", plain=True)
    try:
        eq(emu.ca, "-", "no CA in plain mode")
        status, _, doc = call(emu)
        gateway_error(status, doc, 400, "InvalidTimeStamp.Expired")
        eq(call(emu, x_acs_date=acs_date(-3600))[0], 200, "shifted client accepted")
        data, how = raw_exchange(emu, {"kind": "reset"}, x_acs_date=acs_date(-3600))
        eq((split_response(data)[0], how), (200, "reset"), "plain TCP sees the RST")
    finally:
        emu.stop()
    rsa = Emu("--key-type", "rsa", "--tls-max", "1.2")
    try:
        sock = rsa.raw_socket()
        eq(sock.version(), "TLSv1.2", "--tls-max 1.2")
        sock.close()
    finally:
        rsa.stop()


@test
def fault_gateway_pages():
    emu = fresh()
    emu.faults("html-error", {"kind": "html-error", "status": 504, "server": "Tengine"},
               "empty-error", {"kind": "text-error", "status": 500},
               {"kind": "html-error", "status": 429, "request_id": False,
                "date": "Thu, 01 Jan 1970 00:00:00 GMT"})
    status, hdrs, doc = call(emu)
    eq(status, 502, "nginx page status")
    check(hdrs.get("content-type") == "text/html" and b"<center>nginx</center>" in doc, "nginx page")
    check(len(hdrs.get("x-acs-request-id", "")) > 8, "request id on a gateway page")
    status, hdrs, doc = call(emu)
    check(status == 504 and b"Powered by Tengine" in doc, "Tengine 504 page")
    status, hdrs, doc = call(emu)
    eq((status, doc, hdrs.get("content-length")), (503, b"", "0"), "empty 503")
    check("content-type" not in hdrs, "no content type on the empty body")
    status, hdrs, doc = call(emu)
    check(status == 500 and hdrs.get("content-type") == "text/plain" and b"upstream" in doc, "text 5xx")
    status, hdrs, _ = call(emu)
    eq((status, hdrs.get("date")), (429, "Thu, 01 Jan 1970 00:00:00 GMT"), "date parameter")
    check("x-acs-request-id" not in hdrs, "request_id false")
    eq(call(emu)[0], 200, "queue drained")


@test
def fault_cut_error_bad_date_and_drip():
    emu = fresh()
    data, how = raw_exchange(emu, {"kind": "cut-error"})
    status, head, body = split_response(data)
    eq(status, 502, "cut-error status")
    length = int(re.search(rb"Content-Length: (\d+)", data).group(1))
    check(0 < len(body) < length, f"body cut short ({len(body)} of {length})")
    check(b"text/html" in data, "an HTML page")
    emu.faults({"kind": "bad-date", "date": "Fri, 01 Jan 2500 00:00:00 GMT"})
    status, hdrs, doc = call(emu)
    eq((status, hdrs.get("date")), (200, "Fri, 01 Jan 2500 00:00:00 GMT"), "bad-date")
    check(doc["success"] is True, "the API's own answer")
    emu.faults({"kind": "drip", "delay_ms": 200})
    sock = emu.raw_socket(5.0)
    sock.sendall(raw_request(signed(emu)))
    t0 = time.monotonic()
    first = sock.recv(100)
    second = sock.recv(100)
    took = time.monotonic() - t0
    sock.close()
    eq((len(first), len(second)), (1, 1), "one byte at a time")
    check(0.15 < took < 1.0, f"delay_ms apart ({took:.2f} s)")


@test
def clock_rate_flag():
    emu = Emu("--clock-rate", "60")
    try:
        time.sleep(1.0)
        status, hdrs, _ = call(emu, x_acs_date=acs_date(60))
        eq(status, 200, "the request-time check uses the fast clock too")
        ahead = email.utils.parsedate_to_datetime(hdrs["date"]).timestamp() - time.time()
        check(40 < ahead < 400, f"Date runs 60x fast ({ahead:.0f} s ahead after ~1-2 s)")
    finally:
        emu.stop()
    proc = subprocess.run([sys.executable, EMULATOR, "--clock-rate", "0"], capture_output=True,
                          text=True, timeout=10)
    eq(proc.returncode, 2, "--clock-rate 0 refused")


@test
def sigterm_and_lifetime_shutdown():
    emu = Emu()
    t0 = time.monotonic()
    eq(emu.stop(keep_dir=True), 0, "SIGTERM exit status")
    check(time.monotonic() - t0 < 2, "prompt")
    check(not os.path.exists(os.path.join(emu.dir, "ready")), "ready removed")
    check(os.path.exists(emu.ca), "an explicit --state-dir is kept")
    shutil.rmtree(emu.dir)
    short = Emu(lifetime=1)
    eq(short.proc.wait(timeout=5), 0, "lifetime exit")
    short.stop()


@test
def secret_never_logged():
    emu = fresh()
    call(emu, secret="wrong")
    call(emu)
    log = EMU.stderr() + EMU.stdout()
    check(SECRET not in log, "secret in logs")
    check("SignatureDoesNotMatch" in log, "requests are logged")


@test
def bad_arguments_exit_2():
    proc = subprocess.run([sys.executable, EMULATOR, "--fault", "bogus"], capture_output=True,
                          text=True, timeout=10)
    eq(proc.returncode, 2, f"exit status ({proc.stderr})")
    eq(proc.stdout, "", "no ready line")


if __name__ == "__main__":
    run(setup, teardown)
