"""Fault injection, table-driven.

Every kind has a stage:
  replace  - the fault builds the whole response (the API is not consulted);
  data     - the API answers, then the fault rewrites the success body;
  deliver  - the API answers, the fault controls how the bytes go out.
A request that gets no fault is delivered with Content-Length framing.

A fault spec is {"kind": NAME, PARAM: VALUE, ...}; parameters default as in
KINDS and are type-checked against the default.
"""

from __future__ import annotations

import json
import time

import httpio
from dataclasses import dataclass
from typing import Callable

# Outcomes of a deliverer: what the connection loop does next.
KEEP, CLOSE, CLOSED = "keep", "close", "closed"


@dataclass(frozen=True)
class Kind:
    """One fault kind: stage, default parameters, action, one-line doc."""
    stage: str
    defaults: dict
    action: Callable
    doc: str


@dataclass
class Fault:
    """A validated fault: kind name and full parameter set."""
    kind: str
    params: dict

    def describe(self) -> dict:
        """JSON form for /_emu/faults and stats."""
        return {"kind": self.kind, **self.params}


# --------------------------------------------------------------------------
# replace-stage actions: (ctx, params) -> Response
# ctx offers gateway_error(status, code, message, extra_headers) and
# raw(status, body_bytes, extra_headers); both add the common headers.
# --------------------------------------------------------------------------

def _throttle(ctx, p):
    """Gateway throttling error with x-acs-retry-after (ms)."""
    return ctx.gateway_error(p["status"], p["code"], p["message"],
                             [("x-acs-retry-after", str(p["retry_after_ms"]))])


def _gateway(status: int, code: str, message: str):
    """Fixed gateway error action."""
    return lambda ctx, p: ctx.gateway_error(status, code, message, [])


def _error(ctx, p):
    """Any gateway (PascalCase) error; retry_after_ms >= 0 adds x-acs-retry-after."""
    extra = [("x-acs-retry-after", str(p["retry_after_ms"]))] if p["retry_after_ms"] >= 0 else []
    return ctx.gateway_error(p["status"], p["code"], p["message"], extra)


def _product_error(ctx, p):
    """Any product (camelCase) error."""
    return ctx.product_error(p["status"], p["code"], p["message"], p["dynamic_code"],
                             p["dynamic_message"])


def _malformed(ctx, p):
    """HTTP 200 with a body that is not valid JSON."""
    body = p["body"] or (
        '{"requestId":"%s","success":true,"data":{"pageNumber":1,"pageSize":10,'
        '"totalCount":1,"list":[{"planId":1300000016,"itemId":,"checkpointId":tru}]' % ctx.request_id)
    return ctx.raw(200, body.encode("utf-8"), [])


# Bodies of the kinds of 5xx a gateway in front of the API sends itself.
_GATEWAY_PAGES = {
    "nginx": "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n"
             "<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
             "</body>\r\n</html>\r\n",
    "Tengine": "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html>\n<head><title>{code} "
               "{reason}</title></head>\n<body>\n<h1>{reason}</h1>\n<p>The requested URL could "
               "not be retrieved. Sorry for the inconvenience.<br/>\nPlease report this message "
               "and include the following information to us.<br/>\nThank you very much!</p>\n"
               "<table>\n<tr><td>URL:</td><td>/disaster_recovery/</td></tr>\n<tr><td>Server:"
               "</td><td>gw-emulator</td></tr>\n</table>\n<hr/>Powered by Tengine</body>\n"
               "</html>\n",
}


def _gateway_page(ctx, p, content_type: str, body: bytes):
    """A non-API response: Date (or p["date"]), Content-Type, optional request id."""
    headers = [("Date", p.get("date") or httpio.http_date(ctx.emu.clock.now()))]
    if content_type:
        headers.append(("Content-Type", content_type))
    if p.get("request_id", True):
        headers.append(("x-acs-request-id", ctx.request_id))
    headers.append(("Server", p.get("server", "nginx")))
    return httpio.Response(p["status"], body, headers)


def _html_error(ctx, p):
    """nginx/Tengine-style HTML error page (502, 504, ...)."""
    template = _GATEWAY_PAGES.get(p["server"], _GATEWAY_PAGES["nginx"])
    page = template.format(code=p["status"], reason=httpio.reason(p["status"]))
    return _gateway_page(ctx, p, "text/html", page.encode())


def _text_error(ctx, p):
    """text/plain 5xx, as an Envoy-like proxy says it."""
    return _gateway_page(ctx, p, "text/plain", p["body"].encode())


def _empty_error(ctx, p):
    """5xx with an empty body and no Content-Type."""
    return _gateway_page(ctx, p, "", b"")


# --------------------------------------------------------------------------
# data-stage actions: (body_dict, params) -> dict | bytes
# --------------------------------------------------------------------------

def _oversized(body: dict, p):
    """Stretch topicName/consumerGroupId (both sides) of the first element."""
    items = (body.get("data") or {}).get("list") or []
    if items:
        first = items[0]
        for side in ("sourceProgress", "targetProgress"):
            prog = first.get(side) or {}
            prog["topicName"] = _long("T", p["length"])
            prog["consumerGroupId"] = _long("GID_", p["length"])
    return body


def _long(prefix: str, length: int) -> str:
    """prefix + a readable repeating pattern, exactly `length` characters."""
    pattern = "0123456789abcdefghijklmnopqrstuvwxyz"
    return (prefix + pattern * (length // len(pattern) + 1))[:length]


def _quirky(body: dict, p) -> bytes:
    """Forward-compatibility torture: unknown fields at every depth, reversed key
    order, numbers as strings, nulls, escapes, pretty-printed whitespace."""
    body = dict(body)
    body["code"] = str(body.get("code"))
    body["unknownScalar"] = 42.5e3
    body["unknownObject"] = {"a": [1, {"b": [[], {}]}], "s": "x\"}]{["}
    data = dict(body.get("data") or {})
    data["pageNumber"] = str(data.get("pageNumber"))
    data["extra"] = [{"deep": {"deeper": [None, True, False, -1e-3]}}]
    items = [_quirk_item(it, i) for i, it in enumerate(data.get("list") or [])]
    data["list"] = items
    body["data"] = _reverse(data)
    body["note"] = "line\nbreak \"quoted\" caf\u00e9 \U0001f680"
    return json.dumps(_reverse(body), indent=2, ensure_ascii=True).encode()


def _quirk_item(item: dict, index: int) -> dict:
    """Per-element quirks: numeric strings, a null time, unknown nested fields."""
    item = json.loads(json.dumps(item))
    item["checkpointId"] = str(item.get("checkpointId"))
    item["futureField"] = {"nested": [{"x": index}], "flag": None}
    if index == 0:
        item["targetProgress"]["lastFetchTime"] = None
        item["sourceProgress"]["progressData"]["unknownCounter"] = 7
    return _reverse(item)


def _reverse(d: dict) -> dict:
    """Same mapping, keys in reverse order."""
    return dict(reversed(list(d.items())))


# --------------------------------------------------------------------------
# deliver-stage actions: (conn, response, params) -> KEEP | CLOSE | CLOSED
# --------------------------------------------------------------------------

def deliver_content_length(conn, resp, p=None):
    """Default framing: Content-Length, one write."""
    conn.send(resp.head([("Content-Length", str(len(resp.body)))]) + resp.body)
    return CLOSE if resp.close else KEEP


def _chunked(conn, resp, p):
    """Transfer-Encoding: chunked in varied sizes, an extension on every other
    chunk, hex case alternating, optional trailer field."""
    conn.send(resp.head([("Transfer-Encoding", "chunked")]))
    for i, piece in enumerate(_pieces(resp.body, p["chunk_size"])):
        size = (b"%x" if i % 2 == 0 else b"%X") % len(piece)
        ext = (";" + p["extension"]).encode() if p["extension"] and i % 2 == 0 else b""
        conn.send(size + ext + b"\r\n" + piece + b"\r\n")
    trailer = b"x-emu-trailer: done\r\n" if p["trailer"] else b""
    conn.send(b"0\r\n" + trailer + b"\r\n")
    return CLOSE if resp.close else KEEP


def _pieces(body: bytes, fixed: int) -> list[bytes]:
    """Split body into fixed-size pieces, or a varied size cycle when fixed == 0."""
    cycle = [fixed] if fixed > 0 else [1, 7, 300, 64, 2, 1500, 31]
    out, pos, i = [], 0, 0
    while pos < len(body):
        n = cycle[i % len(cycle)]
        out.append(body[pos:pos + n])
        pos, i = pos + n, i + 1
    return out


def _slow(conn, resp, p):
    """Drip head and body `bytes` at a time, `delay_ms` apart."""
    data = resp.head([("Content-Length", str(len(resp.body)))]) + resp.body
    time.sleep(p["first_byte_delay_ms"] / 1000)
    for pos in range(0, len(data), max(1, p["bytes"])):
        conn.send(data[pos:pos + max(1, p["bytes"])])
        time.sleep(p["delay_ms"] / 1000)
    return CLOSE if resp.close else KEEP


def _delay(conn, resp, p):
    """Wait delay_ms, then answer normally."""
    time.sleep(p["delay_ms"] / 1000)
    return deliver_content_length(conn, resp)


def _reset(conn, resp, p):
    """Head (full Content-Length) + part of the body, pause, then TCP RST."""
    cut = p["after_bytes"] if p["after_bytes"] >= 0 else len(resp.body) // 2
    conn.send(resp.head([("Content-Length", str(len(resp.body)))]) + resp.body[:cut])
    time.sleep(p["delay_ms"] / 1000)
    conn.reset()
    return CLOSED


def _close(conn, resp, p):
    """Connection: close, full response, then close."""
    resp.close = True
    deliver_content_length(conn, resp)
    return CLOSE


def _truncated(conn, resp, p):
    """Content-Length larger than the bytes sent, then a clean close."""
    body = resp.body[:p["cut_bytes"]] if p["cut_bytes"] >= 0 else resp.body
    conn.send(resp.head([("Content-Length", str(len(resp.body) + p["extra_bytes"]))]) + body)
    time.sleep(p["delay_ms"] / 1000)
    return CLOSE


def _drop(conn, resp, p):
    """Never answer; hold the connection until the peer closes or max_ms passes."""
    deadline = time.monotonic() + p["max_ms"] / 1000
    while time.monotonic() < deadline:
        try:
            conn.sock.settimeout(max(0.05, deadline - time.monotonic()))
            if not conn.sock.recv(4096):
                break
        except OSError:
            break
    return CLOSE


def _cut_error(conn, resp, p):
    """A 5xx page whose body stops short of its Content-Length, then close."""
    page = _GATEWAY_PAGES["nginx"].format(code=p["status"], reason=httpio.reason(p["status"]))
    body = page.encode()
    date = [(n, v) for n, v in resp.headers if n == "Date"]
    rid = [(n, v) for n, v in resp.headers if n == "x-acs-request-id"]
    cut = httpio.Response(p["status"], body, date + [("Content-Type", "text/html")] + rid)
    conn.send(cut.head([("Content-Length", str(len(body)))]) + body[:len(body) // 2])
    return CLOSE


def _bad_date(conn, resp, p):
    """The API's own answer, but with Date set to `date` (1970, far future, malformed)."""
    resp.headers = [(n, p["date"] if n == "Date" else v) for n, v in resp.headers]
    return deliver_content_length(conn, resp)


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------

KINDS: dict[str, Kind] = {
    "throttle": Kind("replace", {"status": 400, "code": "Throttling.User", "retry_after_ms": 1000,
                                 "message": "Request was denied due to user flow control."},
                     _throttle, "gateway Throttling.* error with x-acs-retry-after"),
    "http500": Kind("replace", {}, _gateway(500, "InternalError",
                    "The request processing has failed due to some unknown error, exception or failure."),
                    "500 InternalError (gateway body)"),
    "http503": Kind("replace", {}, _gateway(503, "ServiceUnavailable",
                    "The request has failed due to a temporary failure of the server."),
                    "503 ServiceUnavailable (gateway body)"),
    "error": Kind("replace", {"status": 403, "code": "Forbidden.RAM", "retry_after_ms": -1,
                              "message": "User not authorized to operate on the specified resource."},
                  _error, "any gateway error (status, code, message[, retry_after_ms])"),
    "product-error": Kind("replace", {"status": 400, "code": "InvalidParameter",
                                      "message": "The specified parameter is not valid.",
                                      "dynamic_code": "", "dynamic_message": ""},
                          _product_error, "any product (camelCase) error"),
    "malformed": Kind("replace", {"body": ""}, _malformed, "200 with a body that is not JSON"),
    "oversized": Kind("data", {"length": 1200}, _oversized,
                      "first element's topicName/consumerGroupId made `length` chars"),
    "quirky": Kind("data", {}, _quirky,
                   "unknown fields, reordered keys, numeric strings, nulls, escapes"),
    "content-length": Kind("deliver", {}, deliver_content_length, "default framing (no-op fault)"),
    "chunked": Kind("deliver", {"chunk_size": 0, "extension": "rmq=1", "trailer": False}, _chunked,
                    "Transfer-Encoding: chunked, several chunks with extensions"),
    "slow": Kind("deliver", {"bytes": 64, "delay_ms": 20, "first_byte_delay_ms": 0}, _slow,
                 "drip the whole response `bytes` at a time"),
    "delay": Kind("deliver", {"delay_ms": 2000}, _delay, "answer normally after delay_ms"),
    "reset": Kind("deliver", {"after_bytes": -1, "delay_ms": 50}, _reset,
                  "head + part of body, then RST (after_bytes -1 = half the body)"),
    "close": Kind("deliver", {}, _close, "Connection: close, then close"),
    "truncated": Kind("deliver", {"extra_bytes": 100, "cut_bytes": -1, "delay_ms": 0}, _truncated,
                      "Content-Length exceeds the bytes sent, then close"),
    "drop": Kind("deliver", {"max_ms": 60000}, _drop, "read the request, never answer"),
    "html-error": Kind("replace", {"status": 502, "server": "nginx", "date": "", "request_id": True},
                       _html_error, "gateway HTML error page (nginx or Tengine), text/html"),
    "text-error": Kind("replace", {"status": 503, "date": "", "request_id": True,
                                   "body": "upstream connect error or disconnect/reset before headers"},
                       _text_error, "text/plain 5xx from a proxy"),
    "empty-error": Kind("replace", {"status": 503, "date": "", "request_id": True}, _empty_error,
                        "5xx with an empty body and no Content-Type"),
    "cut-error": Kind("deliver", {"status": 502}, _cut_error,
                      "HTML 5xx cut at half its Content-Length, then close"),
    "bad-date": Kind("deliver", {"date": "Thu, 01 Jan 1970 00:00:00 GMT"}, _bad_date,
                     "normal answer carrying the given Date header"),
    "drip": Kind("deliver", {"bytes": 1, "delay_ms": 900, "first_byte_delay_ms": 0}, _slow,
                 "the response one byte every 0.9 s (a slow-loris server)"),
}


def parse_fault(spec) -> Fault:
    """Validate {"kind": .., params..} (or a bare kind string); ValueError if bad."""
    if isinstance(spec, str):
        spec = parse_fault_arg(spec)
    if not isinstance(spec, dict) or spec.get("kind") not in KINDS:
        raise ValueError(f"unknown fault kind {spec!r}; kinds: {', '.join(KINDS)}")
    kind = KINDS[spec["kind"]]
    params = dict(kind.defaults)
    for name, value in spec.items():
        if name == "kind":
            continue
        if name not in kind.defaults:
            raise ValueError(f"fault {spec['kind']}: unknown parameter {name!r}"
                             f" (known: {', '.join(kind.defaults) or 'none'})")
        params[name] = _coerce(spec["kind"], name, value, kind.defaults[name])
    return Fault(spec["kind"], params)


def _coerce(kind: str, name: str, value, default):
    """Convert a parameter to the type of its default."""
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.lower() in ("1", "true", "yes", "on")
            return bool(value)
        return type(default)(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"fault {kind}: parameter {name} must be {type(default).__name__}") from exc


def parse_fault_arg(arg: str) -> dict:
    """CLI form 'kind' or 'kind:name=value,name=value' -> spec dict."""
    kind, _, rest = arg.partition(":")
    spec = {"kind": kind.strip()}
    for pair in filter(None, rest.split(",")):
        name, _, value = pair.partition("=")
        spec[name.strip()] = value.strip()
    return spec
