"""Minimal HTTP/1.1 server-side framing over a (TLS) socket, written by hand so
faults can control every byte: request parsing, response serialization,
graceful close and reset.
"""

from __future__ import annotations

import email.utils
import socket
import ssl
import struct
from dataclasses import dataclass, field
from http import HTTPStatus

MAX_HEAD = 64 * 1024
MAX_BODY = 4 * 1024 * 1024
JSON_TYPE = "application/json;charset=utf-8"


class BadRequest(Exception):
    """The peer sent something that is not an acceptable HTTP/1.1 request."""


@dataclass
class Request:
    """One parsed request; header names keep their case, values are trimmed."""
    method: str
    target: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """First value of a header (case-insensitive), or None."""
        lname = name.lower()
        for n, v in self.headers:
            if n.lower() == lname:
                return v
        return None

    @property
    def path(self) -> str:
        """Raw path (target without the query)."""
        return self.target.partition("?")[0]

    @property
    def wants_close(self) -> bool:
        """True when the client asked to close after this exchange."""
        tokens = {t.strip().lower() for t in (self.header("connection") or "").split(",")}
        if self.version == "HTTP/1.0":
            return "keep-alive" not in tokens
        return "close" in tokens


@dataclass
class Response:
    """A response before framing: the deliverer decides how bytes go out."""
    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)
    close: bool = False          # send Connection: close and close afterwards

    def head(self, framing: list[tuple[str, str]]) -> bytes:
        """Status line + headers + framing headers + blank line."""
        reason = _reason(self.status)
        lines = [f"HTTP/1.1 {self.status} {reason}"]
        lines += [f"{n}: {v}" for n, v in self.headers + framing]
        if self.close:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def reason(status: int) -> str:
    """Reason phrase for a status code (public form)."""
    return _reason(status)


def _reason(status: int) -> str:
    """Reason phrase for a status code."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def http_date(epoch_s: float) -> str:
    """IMF-fixdate, e.g. 'Wed, 27 Nov 2024 19:02:00 GMT'."""
    return email.utils.formatdate(epoch_s, usegmt=True)


class Conn:
    """A socket plus a read buffer (pipelined bytes stay for the next request)."""

    def __init__(self, sock: socket.socket, peer: str):
        self.sock = sock
        self.peer = peer
        self.buf = b""

    def _fill(self) -> bool:
        """Read more bytes; False on EOF."""
        data = self.sock.recv(65536)
        if not data:
            return False
        self.buf += data
        return True

    def read_request(self) -> Request | None:
        """Next request, None on clean EOF before any byte; BadRequest otherwise."""
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > MAX_HEAD:
                raise BadRequest("request head too large")
            if not self._fill():
                if self.buf.strip():
                    raise BadRequest("connection closed inside the request head")
                return None
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        req = parse_head(head)
        req.body = self._read_body(req)
        return req

    def _read_body(self, req: Request) -> bytes:
        """Content-Length body (answering Expect: 100-continue); no chunked uploads."""
        if req.header("transfer-encoding"):
            raise BadRequest("chunked request bodies are not supported")
        length = req.header("content-length")
        if length is None:
            return b""
        if not length.isdigit() or int(length) > MAX_BODY:
            raise BadRequest("bad Content-Length")
        need = int(length)
        if need and (req.header("expect") or "").lower() == "100-continue" and len(self.buf) < need:
            self.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        while len(self.buf) < need:
            if not self._fill():
                raise BadRequest("connection closed inside the request body")
        body, self.buf = self.buf[:need], self.buf[need:]
        return body

    def send(self, data: bytes) -> None:
        """Send everything."""
        self.sock.sendall(data)

    def close_gracefully(self) -> None:
        """TLS close_notify when possible, then FIN."""
        try:
            if isinstance(self.sock, ssl.SSLSocket):
                self.sock.settimeout(0.2)
                self.sock.unwrap().close()
                return
            self.sock.shutdown(socket.SHUT_RDWR)
        except (OSError, ValueError):
            pass
        finally:
            quiet_close(self.sock)

    def reset(self) -> None:
        """Abort with a TCP RST: SO_LINGER {on, 0} then close (no close_notify)."""
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        quiet_close(self.sock)


def quiet_close(sock: socket.socket) -> None:
    """Close ignoring errors."""
    try:
        sock.close()
    except OSError:
        pass


def parse_head(head: bytes) -> Request:
    """Parse the request line and header lines (obs-fold rejected)."""
    try:
        text = head.decode("latin-1")
    except UnicodeDecodeError as exc:  # pragma: no cover - latin-1 cannot fail
        raise BadRequest(str(exc)) from exc
    lines = text.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[0].isalpha() or parts[2] not in ("HTTP/1.1", "HTTP/1.0"):
        raise BadRequest(f"bad request line {lines[0][:80]!r}")
    if not parts[1].startswith("/"):
        raise BadRequest("request target must be origin-form")
    headers = []
    for line in lines[1:]:
        if not line or line[0] in " \t" or ":" not in line:
            raise BadRequest(f"bad header line {line[:80]!r}")
        name, _, value = line.partition(":")
        if not name or name != name.strip():
            raise BadRequest(f"bad header name {name[:40]!r}")
        headers.append((name, value.strip(" \t")))
    return Request(parts[0], parts[1], parts[2], headers)
