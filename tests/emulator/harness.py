"""Tiny test runner and emulator helpers for tests/emulator (no pytest).

    from harness import test, run, check, Emu
    @test
    def test_something(): check(1 + 1 == 2, "math")
    if __name__ == "__main__": run()

run() prints one line per test and ends with exactly one "N passed, N failed"
line; the exit status is non-zero when anything failed.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import datetime, timedelta, timezone

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EMU_DIR = os.path.join(ROOT, "tools", "emulator")
EMULATOR = os.path.join(EMU_DIR, "emulator.py")
ACS3 = os.path.join(EMU_DIR, "acs3.py")
sys.path.insert(0, EMU_DIR)

import acs3  # noqa: E402

KEY_ID = "LTAIemulatorKeyId"
SECRET = "emulator-secret-do-not-use"
INSTANCE, PLAN, ITEM = "rmq-cn-7e22ody0001", "1300000016", "100070284"
API_PATH = f"/disaster_recovery/{PLAN}/items/{ITEM}/checkpoints"

_TESTS: list = []


# --------------------------------------------------------------------------
# Runner
# --------------------------------------------------------------------------

def test(fn):
    """Register a test function (runs in definition order)."""
    _TESTS.append(fn)
    return fn


def check(cond, msg: str = "check failed") -> None:
    """Assert with a message (works under python -O too)."""
    if not cond:
        raise AssertionError(msg)


def eq(got, want, what: str = "value") -> None:
    """Assert equality with both values in the message."""
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


def run(setup=None, teardown=None) -> None:
    """Run every registered test; print the summary line; exit 0/1."""
    passed = failed = 0
    t0 = time.monotonic()
    try:
        if setup:
            setup()
        for fn in _TESTS:
            start = time.monotonic()
            try:
                fn()
                passed += 1
                print(f"ok   {fn.__name__} ({time.monotonic() - start:.2f}s)", flush=True)
            except Exception as exc:  # noqa: BLE001 - a test runner reports everything
                failed += 1
                print(f"FAIL {fn.__name__}: {exc}", flush=True)
                traceback.print_exc(limit=4, file=sys.stdout)
    except Exception as exc:  # noqa: BLE001 - setup failure fails the suite
        failed += 1
        print(f"FAIL setup: {exc}", flush=True)
        traceback.print_exc(file=sys.stdout)
    finally:
        if teardown:
            teardown()
    print(f"# {time.monotonic() - t0:.1f}s total", flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)


# --------------------------------------------------------------------------
# Emulator process
# --------------------------------------------------------------------------

class Emu:
    """A running emulator subprocess (started with --port 0, waits for DIR/ready)."""

    def __init__(self, *extra: str, plain: bool = False, lifetime: int = 120):
        self.dir = tempfile.mkdtemp(prefix="rmqdr-emutest-")
        self.plain = plain
        self.err_path = os.path.join(self.dir, "stderr.log")
        self.out_path = os.path.join(self.dir, "stdout.log")
        args = [sys.executable, "-X", "dev", EMULATOR, "--port", "0", "--state-dir", self.dir,
                "--lifetime", str(lifetime), *extra] + (["--plain"] if plain else [])
        with open(self.out_path, "w") as out, open(self.err_path, "w") as err:
            self.proc = subprocess.Popen(args, stdout=out, stderr=err)
        self.port, self.ca = self._wait_ready()
        self.ctx = None if plain else client_context(self.ca)

    def _wait_ready(self, timeout: float = 15.0) -> tuple[int, str]:
        """Poll for DIR/ready; parse port and ca."""
        ready = os.path.join(self.dir, "ready")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(ready):
                with open(ready) as f:
                    fields = dict(line.split("=", 1) for line in f.read().splitlines())
                return int(fields["port"]), fields["ca"]
            if self.proc.poll() is not None:
                raise RuntimeError(f"emulator exited: {open(self.err_path).read()}")
            time.sleep(0.02)
        raise RuntimeError("emulator did not become ready")

    def stop(self, keep_dir: bool = False) -> int:
        """SIGTERM and wait; returns the exit status.  Removes the state dir
        unless keep_dir (or the environment has EMU_KEEP=1)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            status = self.proc.wait()
        if not keep_dir and os.environ.get("EMU_KEEP") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)
        return status

    def stderr(self) -> str:
        """Everything the emulator logged so far."""
        with open(self.err_path) as f:
            return f.read()

    def stdout(self) -> str:
        """Everything the emulator printed on stdout."""
        with open(self.out_path) as f:
            return f.read()

    # ---- connections --------------------------------------------------------

    def connect(self, host: str = "localhost", timeout: float = 5.0) -> http.client.HTTPConnection:
        """A fresh http.client connection (HTTPS verified against the emulator CA)."""
        if self.plain:
            return http.client.HTTPConnection(host, self.port, timeout=timeout)
        return http.client.HTTPSConnection(host, self.port, context=self.ctx, timeout=timeout)

    def raw_socket(self, timeout: float = 5.0) -> socket.socket:
        """A connected (TLS) socket for byte-level checks."""
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        if self.plain:
            return sock
        # suppress_ragged_eofs=False: an EOF without close_notify raises, so
        # read_all can tell a clean close ('eof') from an abort ('abort').
        return self.ctx.wrap_socket(sock, server_hostname="localhost", suppress_ragged_eofs=False)

    # ---- control plane ------------------------------------------------------

    def control(self, method: str, path: str, body=None) -> tuple[int, dict]:
        """One control-plane request on its own connection."""
        conn = self.connect()
        payload = json.dumps(body).encode() if body is not None else None
        hdrs = {"Content-Type": "application/json"} if payload is not None else {}
        conn.request(method, path, body=payload, headers=hdrs)
        resp = conn.getresponse()
        doc = json.loads(resp.read())
        conn.close()
        return resp.status, doc

    def stats(self) -> dict:
        """GET /_emu/stats."""
        return self.control("GET", "/_emu/stats")[1]

    def faults(self, *specs, **extra) -> dict:
        """Queue faults (specs are kind strings or dicts)."""
        specs = [{"kind": s} if isinstance(s, str) else s for s in specs]
        status, doc = self.control("POST", "/_emu/faults", {"faults": list(specs), **extra})
        check(status == 200, f"faults rejected: {doc}")
        return doc

    def reset(self) -> None:
        """POST /_emu/reset: stats, faults, clock, nonces."""
        self.control("POST", "/_emu/reset", {})


def client_context(ca: str) -> ssl.SSLContext:
    """Client context verifying the emulator CA and hostname."""
    ctx = ssl.create_default_context(cafile=ca)
    return ctx


# --------------------------------------------------------------------------
# Signing helpers
# --------------------------------------------------------------------------

def acs_date(offset_s: float = 0) -> str:
    """x-acs-date for now + offset."""
    when = datetime.now(timezone.utc) + timedelta(seconds=offset_s)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def base_headers(host: str, **over) -> list[tuple[str, str]]:
    """The headers a correct client sends (x-acs-* etc.); `over` replaces/removes
    (value None) by name with '_' for '-'."""
    hdrs = {"host": host, "x-acs-action": "ListDisasterRecoveryCheckpoints",
            "x-acs-version": "2022-08-01", "x-acs-date": acs_date(),
            "x-acs-signature-nonce": secrets.token_hex(16),
            "x-acs-content-sha256": hashlib.sha256(b"").hexdigest(),
            "accept": "application/json"}
    for name, value in over.items():
        name = name.replace("_", "-")
        if value is None:
            hdrs.pop(name, None)
        else:
            hdrs[name] = value
    return list(hdrs.items())


def signed(emu: Emu, query=None, path: str = API_PATH, method: str = "GET",
           key_id: str = KEY_ID, secret: str = SECRET, host: str | None = None,
           **over) -> acs3.Signed:
    """A request signed with acs3 (default query: instanceId only)."""
    q = {"instanceId": INSTANCE} if query is None else query
    hdrs = base_headers(host or f"localhost:{emu.port}", **over)
    return acs3.sign_request(method, path, q, hdrs, key_id, secret)


def send(conn: http.client.HTTPConnection, s: acs3.Signed, method: str = "GET"):
    """Send a signed request on conn; returns (response, body bytes)."""
    conn.putrequest(method, s.target, skip_host=True, skip_accept_encoding=True)
    for name, value in s.headers:
        conn.putheader(name, value)
    conn.endheaders()
    resp = conn.getresponse()
    return resp, resp.read()


def call(emu: Emu, query=None, **kw):
    """Signed request on a fresh connection: (status, headers dict, parsed JSON or raw)."""
    conn = emu.connect()
    try:
        resp, body = send(conn, signed(emu, query, **kw), kw.get("method", "GET"))
    finally:
        conn.close()
    try:
        doc = json.loads(body)
    except ValueError:
        doc = body
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, doc


def raw_request(s: acs3.Signed, method: str = "GET", extra: str = "") -> bytes:
    """Wire bytes of a signed request."""
    lines = [f"{method} {s.target} HTTP/1.1"] + [f"{n}: {v}" for n, v in s.headers]
    return ("\r\n".join(lines) + "\r\n" + extra + "\r\n").encode()


def read_all(sock: socket.socket, timeout: float = 5.0) -> tuple[bytes, str]:
    """Read until the end: (bytes, how) with how = 'eof' (clean close; with TLS
    after close_notify), 'abort' (TLS ended without close_notify, which is how
    OpenSSL reports a TCP RST too), 'reset' (plain TCP RST) or 'timeout'."""
    sock.settimeout(timeout)
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            return data, "reset"
        except ssl.SSLEOFError:
            return data, "abort"
        except ssl.SSLError as exc:
            return data, f"ssl:{exc}"
        except (socket.timeout, TimeoutError):
            return data, "timeout"
        if not chunk:
            return data, "eof"
        data += chunk


def split_response(data: bytes) -> tuple[int, dict, bytes]:
    """(status, lower-case headers, body bytes as received)."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def dechunk(body: bytes) -> tuple[bytes, list[bytes], bytes]:
    """Decode chunked framing: (payload, chunk-size lines, trailer block)."""
    out, size_lines, pos = b"", [], 0
    while True:
        eol = body.index(b"\r\n", pos)
        line = body[pos:eol]
        size_lines.append(line)
        size = int(line.split(b";")[0], 16)
        pos = eol + 2
        if size == 0:
            return out, size_lines, body[pos:]
        out += body[pos:pos + size]
        check(body[pos + size:pos + size + 2] == b"\r\n", "chunk not followed by CRLF")
        pos += size + 2
