#!/usr/bin/env python3
"""Local emulator of ApsaraMQ for RocketMQ ListDisasterRecoveryCheckpoints.

    python3 tools/emulator/emulator.py [--port 0] [--state-dir DIR] [--data FILE]
        [--plain] [--key-id ID] [--key-secret S] [--sts-token T]
        [--fault KIND[:p=v,..]] [--clock-offset S] [--clock-rate R] [--lifetime S] [--quiet]

Serves HTTPS on 127.0.0.1 (and ::1) with a throwaway CA, verifies ACS3
signatures, serves paged checkpoints from a data file and injects faults.
Prints one line "emulator: port=N ca=PATH" to stdout and writes DIR/ready.
See README.md for the data format, the faults and the /_emu/ control plane.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import shutil
import signal
import socket
import ssl
import sys
import tempfile
import threading
from collections import deque

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import api  # noqa: E402
import certs  # noqa: E402
import control  # noqa: E402
import creds  # noqa: E402
import dataset as ds  # noqa: E402
import faults as fl  # noqa: E402
import httpio  # noqa: E402
from stats import ConnInfo, Stats  # noqa: E402

DEFAULT_KEY_ID = "LTAIemulatorKeyId"
DEFAULT_SECRET = "emulator-secret-do-not-use"
DEFAULT_DATA = os.path.join(HERE, "data", "sample.json")
HANDSHAKE_TIMEOUT_S = 10


# --------------------------------------------------------------------------
# Logging (stderr only; stdout carries the single ready line)
# --------------------------------------------------------------------------

_QUIET = False


def log(msg: str) -> None:
    """One line on stderr, unless --quiet."""
    if not _QUIET:
        print(f"emulator: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Emulator state: data, faults, clock, credentials
# --------------------------------------------------------------------------

class Emulator:
    """Everything shared by the connection threads."""

    def __init__(self, args: argparse.Namespace, data: ds.Dataset):
        self.args = args
        self.data = data
        self.stats = Stats()
        self.clock = api.Clock(args.clock_offset, args.clock_rate)
        self.nonces = api.NonceCache()
        self.issuer = creds.Issuer(self.clock, args.sts_lifetime)
        self.issuer.fault = args.metadata_fault
        self.metadata = creds.MetadataService(self.issuer, args.metadata_role, args.metadata_mode, log)
        self.gateway = api.Gateway(args.key_id, args.key_secret, args.sts_token,
                                   self.clock, self.nonces, self.issuer)
        self.lock = threading.Lock()
        self.queue: deque[fl.Fault] = deque()
        self.sticky: fl.Fault | None = fl.parse_fault(args.fault) if args.fault else None
        self.stopping = threading.Event()

    def next_fault(self) -> fl.Fault | None:
        """Pop the next queued fault, else the sticky one."""
        with self.lock:
            return self.queue.popleft() if self.queue else self.sticky

    # ---- response helpers ------------------------------------------------

    def common_headers(self, request_id: str) -> list[tuple[str, str]]:
        """Headers on every response."""
        return [("Date", httpio.http_date(self.clock.now())),
                ("Content-Type", httpio.JSON_TYPE),
                ("x-acs-request-id", request_id),
                ("Server", "rmqdr-emulator")]

    def json_response(self, status: int, body, request_id: str,
                      extra: list[tuple[str, str]] = ()) -> httpio.Response:
        """Response with a JSON (or pre-rendered bytes) body."""
        raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        return httpio.Response(status, raw, self.common_headers(request_id) + list(extra))


class ReplyContext:
    """What fault actions may use to build a response for one request."""

    def __init__(self, emu: Emulator, request_id: str, host_id: str):
        self.emu, self.request_id, self.host_id = emu, request_id, host_id

    def gateway_error(self, status, code, message, extra=()):
        """PascalCase gateway error response."""
        body = api.gateway_body(self.request_id, self.host_id, code, message)
        return self.emu.json_response(status, body, self.request_id, extra)

    def product_error(self, status, code, message, dynamic_code="", dynamic_message=""):
        """camelCase product error response."""
        body = api.product_error_body(self.request_id, status, code, message,
                                      dynamic_code, dynamic_message)
        return self.emu.json_response(status, body, self.request_id)

    def raw(self, status, body: bytes, extra=()):
        """Response with arbitrary body bytes."""
        return self.emu.json_response(status, body, self.request_id, extra)


def host_id(req: httpio.Request) -> str:
    """HostId for gateway bodies: the Host header without port."""
    host = req.header("host") or "rocketmq.emulator.local"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# --------------------------------------------------------------------------
# API requests
# --------------------------------------------------------------------------

def handle_api(emu: Emulator, conn: httpio.Conn, req: httpio.Request, info: ConnInfo) -> str:
    """Route, authenticate, apply a fault, answer.  Returns a deliver outcome."""
    rid = api.new_request_id()
    ctx = ReplyContext(emu, rid, host_id(req))
    emu.stats.request(info, False, request_summary(req))
    if req.path == "/" and req.header("x-acs-action") == "AssumeRole":
        return handle_sts(emu, conn, req, info, ctx)
    if req.method != "GET" or api.route_action(req.path) is None:
        emu.stats.response(404, "InvalidAction.NotFound", None)
        resp = ctx.gateway_error(404, "InvalidAction.NotFound",
                                 "Specified api is not found, please check your url and method.")
        return finish(emu, conn, req, resp, None, info, "route")
    rejection, verification = emu.gateway.check(req.method, req.target, req.headers, req.body)
    if rejection:
        return reject(emu, conn, req, ctx, rejection, verification, info)
    fault = emu.next_fault()
    resp = build_answer(emu, req, ctx, fault)
    return finish(emu, conn, req, resp, fault, info, None)


def handle_sts(emu: Emulator, conn, req, info, ctx: ReplyContext) -> str:
    """STS AssumeRole (RPC style, API 2015-04-01) on the same port: signature,
    key and token checked by the gateway, then short-lived credentials."""
    rejection, verification = emu.gateway.check(req.method, req.target, req.headers, req.body,
                                                 action="AssumeRole", version=creds.STS_VERSION)
    if rejection:
        return reject(emu, conn, req, ctx, rejection, verification, info)
    query = api.decode_query(req.target.partition("?")[2])
    status, body = creds.assume_role(emu.issuer, emu.args.sts_role_arn, query, ctx.request_id)
    emu.stats.response(status, body.get("Code"), None)
    if status == 200:
        log(f"credentials issued via sts ({body['Credentials']['AccessKeyId']}, "
            f"expires {body['Credentials']['Expiration']})")
    return finish(emu, conn, req, emu.json_response(status, body, ctx.request_id), None, info, "sts")


def reject(emu, conn, req, ctx, rejection, verification, info) -> str:
    """Send a gateway authentication error."""
    emu.stats.count("auth_failures")
    if rejection.counts_as == "signature":
        emu.stats.count("signature_failures")
        if emu.args.verbose:
            log("canonical request (server side):\n" + redact_canonical(verification.canonical_request))
    emu.stats.response(rejection.status, rejection.code, None)
    resp = ctx.gateway_error(rejection.status, rejection.code, rejection.message)
    return finish(emu, conn, req, resp, None, info, rejection.code)


def build_answer(emu: Emulator, req, ctx: ReplyContext, fault: fl.Fault | None) -> httpio.Response:
    """The response for an authenticated request, shaped by a replace/data fault."""
    kind = fl.KINDS[fault.kind] if fault else None
    if kind and kind.stage == "replace":
        resp = kind.action(ctx, fault.params)
        emu.stats.response(resp.status, _code_of(resp.body), fault.kind)
        return resp
    now_ms = int(emu.clock.now() * 1000)
    result = api.answer(emu.data, req.path, req.target.partition("?")[2],
                        ctx.request_id, now_ms)
    if isinstance(result, api.ProductError):
        emu.stats.response(result.status, result.code, fault.kind if fault else None)
        return ctx.product_error(result.status, result.code, result.message,
                                 result.dynamic_code, result.dynamic_message)
    if kind and kind.stage == "data":
        result = kind.action(result, fault.params)
    emu.stats.response(200, None, fault.kind if fault else None)
    return emu.json_response(200, result, ctx.request_id)


def _code_of(body: bytes) -> str | None:
    """Code/code field of a JSON error body, if any."""
    try:
        doc = json.loads(body)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    return str(doc.get("Code") or doc.get("code") or "") or None


def finish(emu, conn, req, resp, fault, info, note) -> str:
    """Deliver (through the fault's deliverer when it has one) and log."""
    resp.close = resp.close or req.wants_close
    kind = fl.KINDS[fault.kind] if fault else None
    if kind and kind.stage == "deliver":
        outcome = kind.action(conn, resp, fault.params)
    else:
        outcome = fl.deliver_content_length(conn, resp)
    tags = " ".join(filter(None, [note and f"[{note}]", fault and f"fault={fault.kind}"]))
    log(f"c{info.id}#{info.requests} {req.method} {req.target[:160]} -> {resp.status} {tags}".rstrip())
    return outcome


SECRET_HEADERS = ("x-acs-security-token",)  # credentials that travel in requests


def redact_canonical(canonical: str) -> str:
    """The canonical request with the values of SECRET_HEADERS hidden."""
    return "\n".join(line.split(":", 1)[0] + ":<redacted>"
                     if line.split(":", 1)[0].lower() in SECRET_HEADERS else line
                     for line in canonical.split("\n"))


def request_summary(req: httpio.Request) -> dict:
    """What /_emu/stats shows as last_request; the STS token is redacted (the
    AccessKey secret itself never travels)."""
    return {"method": req.method, "target": req.target,
            "headers": [[n, "<redacted>" if n.lower() in SECRET_HEADERS else v]
                        for n, v in req.headers]}


# --------------------------------------------------------------------------
# Connections
# --------------------------------------------------------------------------

def serve_connection(emu: Emulator, raw: socket.socket, peer: str, tls: ssl.SSLContext | None) -> None:
    """Handshake, then requests until close, idle timeout, or a fault ends it."""
    info = emu.stats.accepted()
    conn = httpio.Conn(raw, peer)
    try:
        if tls is not None:
            conn.sock = handshake(emu, raw, tls, info)
            if conn.sock is None:
                return
        outcome = fl.KEEP
        while outcome == fl.KEEP and not emu.stopping.is_set():
            conn.sock.settimeout(emu.args.idle_timeout)
            outcome = serve_one(emu, conn, info)
        if outcome != fl.CLOSED:
            conn.close_gracefully()
    except OSError:
        conn.reset()
    finally:
        emu.stats.closed()


def handshake(emu: Emulator, raw: socket.socket, tls: ssl.SSLContext, info: ConnInfo):
    """TLS server handshake; None (connection closed) on failure."""
    sock = raw
    try:
        raw.settimeout(HANDSHAKE_TIMEOUT_S)
        sock = tls.wrap_socket(raw, server_side=True, do_handshake_on_connect=False)
        sock.do_handshake()
    except (ssl.SSLError, OSError) as exc:
        emu.stats.count("handshake_failures")
        log(f"c{info.id} TLS handshake failed: {exc}")
        httpio.quiet_close(sock)
        return None
    emu.stats.handshake(info, sock.version())
    return sock


def serve_one(emu: Emulator, conn: httpio.Conn, info: ConnInfo) -> str:
    """Read one request and answer it; returns the outcome."""
    try:
        req = conn.read_request()
    except socket.timeout:
        return fl.CLOSE
    except httpio.BadRequest as exc:
        emu.stats.count("bad_requests")
        log(f"c{info.id} bad request: {exc}")
        body = api.gateway_body(api.new_request_id(), "rocketmq.emulator.local", "BadRequest", str(exc))
        resp = emu.json_response(400, body, body["RequestId"])
        resp.close = True
        return fl.deliver_content_length(conn, resp)
    if req is None:
        return fl.CLOSE
    if req.path.startswith("/_emu/"):
        return control.handle(emu, conn, req, info)
    return handle_api(emu, conn, req, info)


# --------------------------------------------------------------------------
# Listening
# --------------------------------------------------------------------------

def bind_listeners(port: int, ipv6: bool) -> list[socket.socket]:
    """127.0.0.1 on `port` (0: any free one) and ::1 on the same port when available."""
    for _ in range(20):
        v4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        v4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        v4.bind(("127.0.0.1", port))
        chosen = v4.getsockname()[1]
        socks = [v4]
        if ipv6:
            v6 = _bind_v6(chosen)
            if v6 is False and port == 0:
                v4.close()
                continue
            if v6:
                socks.append(v6)
        for s in socks:
            s.listen(64)
        return socks
    raise OSError("could not find a port free on both 127.0.0.1 and ::1")


def _bind_v6(port: int):
    """A ::1 listener; None when IPv6 loopback is unavailable, False when the port is taken."""
    try:
        v6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        v6.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    except OSError:
        return None
    try:
        v6.bind(("::1", port))
        return v6
    except OSError as exc:
        v6.close()
        return False if exc.errno == 98 else None  # EADDRINUSE


def serve_metadata(emu: Emulator, raw: socket.socket, peer: str, _tls) -> None:
    """The plain-HTTP metadata service / credentials URI: one request per connection."""
    conn = httpio.Conn(raw, peer)
    try:
        conn.sock.settimeout(emu.args.idle_timeout)
        req = conn.read_request()
        if req is None:
            return
        resp = emu.metadata.answer(req)
        if resp is None:  # the 'hang' fault: accept, read, never answer
            emu.stopping.wait(emu.args.idle_timeout)
            return
        resp.headers.append(("Date", httpio.http_date(emu.clock.now())))
        resp.close = True
        log(f"metadata {req.method} {req.path} -> {resp.status}")
        fl.deliver_content_length(conn, resp)
        conn.close_gracefully()
    except (OSError, httpio.BadRequest, socket.timeout):
        conn.reset()


def accept_loop(emu: Emulator, listeners: list[socket.socket], tls, metadata=()) -> None:
    """Accept on every listener until stopping; one thread per connection."""
    sel = selectors.DefaultSelector()
    for s in list(listeners) + list(metadata):
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, serve_metadata if s in metadata else serve_connection)
    while not emu.stopping.is_set():
        for key, _ in sel.select(timeout=0.2):
            try:
                raw, addr = key.fileobj.accept()
            except OSError:
                continue
            raw.setblocking(True)
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=key.data, args=(emu, raw, addr[0], tls),
                             daemon=True).start()
    sel.close()


def tls_context(files: certs.CertFiles, tls_max: str) -> ssl.SSLContext:
    """Server context: TLS 1.2 minimum, optional maximum."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if tls_max == "1.2":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(files.server_pem, files.server_key)
    return ctx


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_args(argv=None) -> argparse.Namespace:
    """Command line."""
    p = argparse.ArgumentParser(description="Local ListDisasterRecoveryCheckpoints emulator")
    p.add_argument("--port", type=int, default=0, help="TCP port (0 = pick a free one)")
    p.add_argument("--state-dir", help="where ca.pem, server.* and ready go (default: fresh temp dir)")
    p.add_argument("--data", default=DEFAULT_DATA, help="checkpoint data file (JSON)")
    p.add_argument("--plain", action="store_true", help="serve plain HTTP (local testing only)")
    p.add_argument("--key-type", choices=("ec", "rsa"), default="ec", help="P-256 or RSA-2048 keys")
    p.add_argument("--tls-max", choices=("1.2", "1.3"), default="1.3", help="highest TLS version")
    p.add_argument("--no-ipv6", action="store_true", help="do not also listen on ::1")
    p.add_argument("--key-id", default=DEFAULT_KEY_ID)
    p.add_argument("--key-secret", default=DEFAULT_SECRET)
    p.add_argument("--sts-token", help="require x-acs-security-token equal to this")
    p.add_argument("--metadata", action="store_true",
                   help="also serve the ECS metadata service and a credentials URI (plain HTTP, "
                        "127.0.0.1, port in the ready file as metadata_port=)")
    p.add_argument("--metadata-mode", choices=("hardened", "optional", "plain"), default="hardened",
                   help="hardened: token required; optional: token or none; plain: no token service")
    p.add_argument("--metadata-role", default="rmqdr-emulator-role", help="the instance's RAM role")
    p.add_argument("--metadata-fault", choices=creds.FAULTS, default="none",
                   help="how the metadata service / credentials URI misbehave")
    p.add_argument("--sts-role-arn", default="acs:ram::1234567890123456:role/rmqdr-emulator-role",
                   help="the one role STS AssumeRole grants")
    p.add_argument("--sts-lifetime", type=float, default=3600.0,
                   help="lifetime of issued STS credentials, emulated seconds")
    p.add_argument("--fault", help="fault applied to every API request: KIND[:param=value,...]")
    p.add_argument("--clock-offset", type=float, default=0.0, help="shift the emulator clock (s)")
    p.add_argument("--clock-rate", type=float, default=1.0,
                   help="emulated seconds per real second (> 0; e.g. 20 for long-running checks)")
    p.add_argument("--lifetime", type=float, default=600.0, help="exit after this many seconds")
    p.add_argument("--idle-timeout", type=float, default=30.0, help="keep-alive idle timeout (s)")
    p.add_argument("--quiet", action="store_true", help="no per-request log lines")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="log the server-side canonical request on signature failures")
    args = p.parse_args(argv)
    if not args.clock_rate > 0:
        p.error("--clock-rate must be above 0")
    if args.fault:
        fl.parse_fault(args.fault)  # fail early on a typo
    return args


def prepare_state_dir(args) -> tuple[str, bool]:
    """(state dir, whether we created it and should remove it at exit)."""
    if args.state_dir:
        os.makedirs(args.state_dir, exist_ok=True)
        for stale in ("ready", "ready.tmp"):
            if os.path.exists(os.path.join(args.state_dir, stale)):
                os.unlink(os.path.join(args.state_dir, stale))
        return os.path.abspath(args.state_dir), False
    return tempfile.mkdtemp(prefix="rmqdr-emu-"), True


def announce(state_dir: str, port: int, ca: str, metadata_port: int | None = None) -> None:
    """The stdout line and the atomically written ready file."""
    tmp = os.path.join(state_dir, "ready.tmp")
    with open(tmp, "w") as f:
        f.write(f"port={port}\nca={ca}\n")
        if metadata_port is not None:
            f.write(f"metadata_port={metadata_port}\n")
    os.replace(tmp, os.path.join(state_dir, "ready"))
    print(f"emulator: port={port} ca={ca}", flush=True)


def main(argv=None) -> int:
    """Start, serve until a signal or the lifetime ends, clean up."""
    global _QUIET
    try:
        args = parse_args(argv)
    except ValueError as exc:
        print(f"emulator: {exc}", file=sys.stderr)
        return 2
    _QUIET = args.quiet
    try:
        data = ds.Dataset.from_file(args.data)
    except ds.DataError as exc:
        print(f"emulator: {exc}", file=sys.stderr)
        return 2
    state_dir, owned = prepare_state_dir(args)
    emu = Emulator(args, data)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: emu.stopping.set())
    try:
        tls, ca = None, "-"
        if not args.plain:
            files = certs.generate(state_dir, args.key_type)
            tls, ca = tls_context(files, args.tls_max), files.ca_pem
        listeners = bind_listeners(args.port, not args.no_ipv6)
        port = listeners[0].getsockname()[1]
        addrs = ", ".join(s.getsockname()[0] for s in listeners)
        log(f"listening on {addrs} port {port} ({'plain HTTP' if args.plain else 'TLS'}), "
            f"key id {args.key_id}, data {args.data} {data.summary()}")
        metadata = []
        if args.metadata:
            m = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            m.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            m.bind(("127.0.0.1", 0))
            m.listen(16)
            metadata.append(m)
            log(f"metadata service on 127.0.0.1 port {m.getsockname()[1]} ({args.metadata_mode}, "
                f"STS lifetime {args.sts_lifetime:g} s)")
        announce(state_dir, port, ca, metadata[0].getsockname()[1] if metadata else None)
        start_lifetime_timer(emu, args.lifetime)
        accept_loop(emu, listeners, tls, metadata)
        log("stopping")
        for s in listeners + metadata:
            s.close()
    finally:
        emu.stopping.set()
        cleanup(state_dir, owned)
    return 0


def start_lifetime_timer(emu: Emulator, seconds: float) -> None:
    """Safety net: stop by ourselves after `seconds` (0 = never)."""
    if seconds > 0:
        def expire():
            log(f"lifetime of {seconds:g} s reached")
            emu.stopping.set()
        timer = threading.Timer(seconds, expire)
        timer.daemon = True
        timer.start()


def cleanup(state_dir: str, owned: bool) -> None:
    """Remove the ready file (and the whole dir when it was a temp dir)."""
    if owned:
        shutil.rmtree(state_dir, ignore_errors=True)
    else:
        for name in ("ready", "ready.tmp"):
            try:
                os.unlink(os.path.join(state_dir, name))
            except FileNotFoundError:
                pass


if __name__ == "__main__":
    sys.exit(main())
