"""Emulator statistics: connections, handshakes, requests, failures, faults."""

from __future__ import annotations

import itertools
import threading
import time


class ConnInfo:
    """Per-connection bookkeeping for the statistics."""
    _ids = itertools.count(1)

    def __init__(self, epoch: int):
        self.id = next(self._ids)
        self.epoch = epoch
        self.tls_version: str | None = None
        self.requests = 0
        self.control = False


class Stats:
    """Counters, guarded by one lock.  Connections whose first request is a
    control-plane request are counted apart (control_connections), so
    `connections`/`handshakes` reflect only what the client under test did."""

    COUNTERS = ("connections", "handshakes", "handshake_failures", "requests",
                "signature_failures", "auth_failures", "keepalive_reuses",
                "control_connections", "control_requests", "bad_requests")

    def __init__(self):
        self._lock = threading.Lock()
        self.epoch = 0
        self.active = 0
        self.started = time.monotonic()
        self._zero()

    def _zero(self) -> None:
        """Reset every counter (caller holds the lock or is the constructor)."""
        self.c = dict.fromkeys(self.COUNTERS, 0)
        self.maps = {"responses": {}, "codes": {}, "faults_applied": {}, "tls_versions": {}}
        self.max_per_conn = 0
        self.last_request = None

    def reset(self) -> None:
        """Zero the counters; connections opened before stop counting toward them."""
        with self._lock:
            self.epoch += 1
            self._zero()

    def _bump(self, mapname: str, key) -> None:
        """Increment maps[mapname][key]."""
        m = self.maps[mapname]
        m[str(key)] = m.get(str(key), 0) + 1

    def accepted(self) -> ConnInfo:
        """A TCP connection was accepted."""
        with self._lock:
            self.c["connections"] += 1
            self.active += 1
            return ConnInfo(self.epoch)

    def handshake(self, info: ConnInfo, version: str | None) -> None:
        """A TLS handshake completed."""
        with self._lock:
            info.tls_version = version
            self.c["handshakes"] += 1
            self._bump("tls_versions", version)

    def count(self, name: str) -> None:
        """Increment a plain counter."""
        with self._lock:
            self.c[name] += 1

    def closed(self) -> None:
        """A connection ended."""
        with self._lock:
            self.active -= 1

    def request(self, info: ConnInfo, control: bool, summary: dict | None) -> None:
        """A request arrived; the first one classifies the connection."""
        with self._lock:
            info.requests += 1
            if info.requests == 1 and control:
                info.control = True
                if info.epoch == self.epoch:
                    self._move_to_control(info)
            if control:
                self.c["control_requests"] += 1
                return
            self.c["requests"] += 1
            if info.requests > 1:
                self.c["keepalive_reuses"] += 1
            self.max_per_conn = max(self.max_per_conn, info.requests)
            self.last_request = summary

    def _move_to_control(self, info: ConnInfo) -> None:
        """Count a control-plane connection apart from the client's."""
        self.c["connections"] -= 1
        self.c["control_connections"] += 1
        if info.tls_version is not None:
            self.c["handshakes"] -= 1
            self.maps["tls_versions"][str(info.tls_version)] -= 1

    def response(self, status: int, code: str | None, fault: str | None) -> None:
        """An API response was produced."""
        with self._lock:
            self._bump("responses", status)
            if code:
                self._bump("codes", code)
            if fault:
                self._bump("faults_applied", fault)

    def snapshot(self) -> dict:
        """JSON-ready copy."""
        with self._lock:
            out = dict(self.c)
            out.update({k: dict(v) for k, v in self.maps.items()})
            out["tls_versions"] = {k: v for k, v in out["tls_versions"].items() if v}
            out["active_connections"] = self.active
            out["max_requests_per_connection"] = self.max_per_conn
            out["last_request"] = self.last_request
            out["uptime_s"] = round(time.monotonic() - self.started, 3)
            return out
