"""Rotating credentials for the emulator: an issuer of short-lived STS
credentials, the ECS instance metadata service (hardened and plain modes,
token TTL) and a credentials URI, served on a plain-HTTP loopback listener.

The API gateway accepts an issued AccessKeyId only with its own
SecurityToken and only until its Expiration (emulator clock); after that it
answers 400 InvalidSecurityToken.Expired. Nothing here logs a secret,
token or metadata token.
"""

from __future__ import annotations

import json
import secrets
import threading
import time

import httpio

ROLE_TARGET = "/latest/meta-data/ram/security-credentials/"
TOKEN_TARGET = "/latest/api/token"
TTL_HEADER = "x-aliyun-ecs-metadata-token-ttl-seconds"
TOKEN_HEADER = "x-aliyun-ecs-metadata-token"
URI_PATH = "/credentials"
FAULTS = ("none", "garbage", "500", "hang", "code")
SECRET_PREFIX = "emu-sts-secret-"
TOKEN_PREFIX = "CAIS.emu-sts-token-"
METADATA_TOKEN_PREFIX = "emu-md-token-"


def iso(epoch_s: float) -> str:
    """YYYY-MM-DDTHH:MM:SSZ."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch_s))


class Issuer:
    """Short-lived STS credentials, keyed by AccessKeyId."""

    def __init__(self, clock, lifetime_s: float):
        self.clock = clock
        self.lifetime_s = lifetime_s
        self.lock = threading.Lock()
        self.keys: dict[str, dict] = {}
        self.issued = 0
        self.fault = "none"          # metadata / URI answers: see FAULTS
        self.metadata_tokens: dict[str, float] = {}

    def issue(self, source: str, lifetime_s: float | None = None) -> dict:
        """New credentials; the document the metadata service and URIs answer."""
        now = self.clock.now()
        life = self.lifetime_s if lifetime_s is None else min(lifetime_s, self.lifetime_s)
        with self.lock:
            self.issued += 1
            key_id = f"STS.emu{self.issued:04d}{secrets.token_hex(4)}"
            # distinctive prefixes, so tests can scan every output for them
            entry = {"secret": SECRET_PREFIX + secrets.token_urlsafe(24),
                     "token": TOKEN_PREFIX + secrets.token_urlsafe(300),
                     "expires": now + life, "source": source}
            self.keys[key_id] = entry
        return {"AccessKeyId": key_id, "AccessKeySecret": entry["secret"],
                "SecurityToken": entry["token"], "Expiration": iso(entry["expires"]),
                "LastUpdated": iso(now), "Code": "Success"}

    def secret_for(self, key_id: str) -> str | None:
        with self.lock:
            entry = self.keys.get(key_id)
            return entry["secret"] if entry else None

    def check_token(self, key_id: str, token: str | None) -> str | None:
        """None when the token is this key's and unexpired, else a reason code."""
        with self.lock:
            entry = self.keys.get(key_id)
        if entry is None:
            return "unknown"
        if token != entry["token"]:
            return "mismatch"
        if self.clock.now() >= entry["expires"]:
            return "expired"
        return None

    def expire_all(self) -> int:
        """Every issued token expires now (a mid-run rejection)."""
        now = self.clock.now()
        with self.lock:
            for entry in self.keys.values():
                entry["expires"] = min(entry["expires"], now)
            return len(self.keys)

    def view(self) -> dict:
        with self.lock:
            return {"issued": self.issued, "lifetime_s": self.lifetime_s, "fault": self.fault,
                    "metadata_tokens": len(self.metadata_tokens)}

    # ---- metadata tokens ------------------------------------------------

    def new_metadata_token(self, ttl_s: int) -> str:
        token = METADATA_TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.lock:
            self.metadata_tokens[token] = self.clock.now() + ttl_s
        return token

    def metadata_token_ok(self, token: str | None) -> bool:
        with self.lock:
            until = self.metadata_tokens.get(token or "")
        return until is not None and self.clock.now() < until


class MetadataService:
    """The plain-HTTP listener's answers (ECS metadata + credentials URI)."""

    def __init__(self, issuer: Issuer, role: str, mode: str, log):
        self.issuer, self.role, self.mode, self.log = issuer, role, mode, log

    def answer(self, req: httpio.Request) -> httpio.Response | None:
        """The response; None for the 'hang' fault (the caller never answers)."""
        fault = self.issuer.fault
        if fault == "hang":
            return None
        if fault == "500":
            return text(500, "internal error")
        if req.path == URI_PATH and req.method == "GET":
            return self._document(req, "uri")
        if req.path == TOKEN_TARGET:
            return self._token(req)
        if req.path.startswith(ROLE_TARGET) and req.method == "GET":
            return self._role(req)
        return text(404, "not found")

    def _token(self, req):
        if self.mode == "plain" or req.method != "PUT":
            return text(404 if self.mode == "plain" else 405, "not found")
        try:
            ttl = int(req.header(TTL_HEADER) or "")
        except ValueError:
            ttl = 0
        if not 1 <= ttl <= 21600:
            return text(400, "missing or invalid " + TTL_HEADER)
        return text(200, self.issuer.new_metadata_token(ttl))

    def _authorised(self, req) -> bool:
        token = req.header(TOKEN_HEADER)
        if token is None:
            return self.mode in ("plain", "optional")
        return self.issuer.metadata_token_ok(token)

    def _role(self, req):
        if not self._authorised(req):
            return text(401, "unauthorized")
        name = req.path[len(ROLE_TARGET):]
        if name == "":
            return text(200, self.role)
        if name != self.role:
            return text(404, "not found")
        return self._document(req, "metadata")

    def _document(self, req, source):
        if self.issuer.fault == "garbage":
            return text(200, "<html>captive portal</html>", "application/json")
        doc = self.issuer.issue(source)
        if self.issuer.fault == "code":
            doc["Code"] = "Failed"
        self.log(f"credentials issued via {source} ({doc['AccessKeyId']}, expires {doc['Expiration']})")
        return text(200, json.dumps(doc), "application/json")


STS_VERSION = "2015-04-01"


def assume_role(issuer: Issuer, role_arn: str, query: dict, request_id: str):
    """(status, body) of STS AssumeRole after authentication: RoleArn and
    RoleSessionName required, DurationSeconds 900..43200 (the lifetime
    issued is the smaller of it and --sts-lifetime)."""
    def error(status, code, message):
        return status, {"RequestId": request_id, "HostId": "sts.emulator.local", "Code": code,
                        "Message": message, "Recommend": "https://api.aliyun.com/troubleshoot"}
    role, session = query.get("RoleArn", ""), query.get("RoleSessionName", "")
    if not role:
        return error(400, "MissingRoleArn", "RoleArn is mandatory for this action.")
    if not session:
        return error(400, "MissingRoleSessionName", "RoleSessionName is mandatory for this action.")
    try:
        duration = int(query.get("DurationSeconds", "3600"))
    except ValueError:
        duration = 0
    if not 900 <= duration <= 43200:
        return error(400, "InvalidParameter.DurationSeconds", "The parameter DurationSeconds is wrong.")
    if role != role_arn:
        return error(404, "EntityNotExist.Role", "The role not exists.")
    doc = issuer.issue("sts", duration)
    creds = {k: doc[k] for k in ("AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration")}
    return 200, {"RequestId": request_id,
                 "AssumedRoleUser": {"Arn": f"{role}/{session}", "AssumedRoleId": f"3{request_id[:17]}:{session}"},
                 "Credentials": creds}


def text(status: int, body: str, ctype: str = "text/plain") -> httpio.Response:
    return httpio.Response(status, body.encode(), [("Content-Type", ctype)])
