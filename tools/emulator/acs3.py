#!/usr/bin/env python3
"""ACS3-HMAC-SHA256 signing and verification (Alibaba Cloud OpenAPI "V3").

An implementation independent of the C core, written from
/work/shared/SIGNING.md.  The emulator verifies requests with it; tests sign
requests with it; and its command line checks a raw request printed by the C
CLI's ``--dry-run``:

    python3 tools/emulator/acs3.py verify --secret S [-v] < raw_request
    python3 tools/emulator/acs3.py sign --key-id ID --secret S \
        --path /disaster_recovery/1/items/2/checkpoints --query instanceId=x ...

Exit status of ``verify``: 0 the signature verifies, 1 it does not (or a
check failed), 2 the input could not be parsed.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import re
import sys
from dataclasses import dataclass, field

ALGORITHM = "ACS3-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
# Headers that take part in the canonical headers whenever they are present.
SIGNABLE_FIXED = ("host", "content-type")
# Headers every request to the emulator must carry and sign.
REQUIRED_SIGNED = ("host", "x-acs-action", "x-acs-version", "x-acs-date",
                   "x-acs-signature-nonce", "x-acs-content-sha256")
_AUTH_RE = re.compile(
    r"^ACS3-HMAC-SHA256 Credential=([^,\s]+),SignedHeaders=([^,\s]+),Signature=([0-9a-f]{64})$")
_PCT_RE = re.compile(r"%([0-9A-Fa-f]{2})")


# --------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------

def percent_encode(value: str | bytes) -> str:
    """RFC 3986 encoding: keep unreserved bytes, every other byte -> %XX (upper hex)."""
    data = value.encode("utf-8") if isinstance(value, str) else value
    return "".join(chr(b) if b in UNRESERVED else "%%%02X" % b for b in data)


def percent_decode(value: str) -> bytes:
    """Decode %XX escapes only ('+' stays '+'); malformed escapes stay literal."""
    out = bytearray()
    i = 0
    raw = value.encode("utf-8", "surrogateescape")
    while i < len(raw):
        if raw[i] == 0x25 and _is_hex2(raw[i + 1:i + 3]):
            out.append(int(raw[i + 1:i + 3], 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def _is_hex2(two: bytes) -> bool:
    """True when two bytes are two hex digits."""
    return len(two) == 2 and all(c in b"0123456789abcdefABCDEF" for c in two)


def canonical_form(encoded: str) -> str:
    """What the cloud would sign for a wire string: encode(decode(s))."""
    return percent_encode(percent_decode(encoded))


def encode_path(segments: list[str]) -> str:
    """Join path segments, each RFC 3986 encoded ('/' inside one becomes %2F)."""
    return "/" + "/".join(percent_encode(s) for s in segments)


# --------------------------------------------------------------------------
# Canonical request and signature
# --------------------------------------------------------------------------

def split_query(raw_query: str) -> list[tuple[str, str]]:
    """Split a wire query string into (name, value) pairs, still encoded."""
    pairs = []
    for part in raw_query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((name, value))
    return pairs


def canonical_query(encoded_pairs: list[tuple[str, str]]) -> str:
    """Pairs sorted by encoded name (byte order), 'name=value' joined by '&'."""
    ordered = sorted(encoded_pairs, key=lambda p: (p[0].encode(), p[1].encode()))
    return "&".join(f"{n}={v}" for n, v in ordered)


def encode_query(params: list[tuple[str, str]] | dict) -> list[tuple[str, str]]:
    """Encode decoded (name, value) pairs for the wire and for signing."""
    items = params.items() if isinstance(params, dict) else params
    return [(percent_encode(str(n)), percent_encode(str(v))) for n, v in items]


def is_signable(name: str) -> bool:
    """Header names that belong in the canonical headers when present."""
    lname = name.lower()
    return lname in SIGNABLE_FIXED or lname.startswith("x-acs-")


def merge_headers(headers: list[tuple[str, str]]) -> dict[str, str]:
    """Lower-case names, trim values; same-name values sorted and joined by ','."""
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        grouped.setdefault(name.strip().lower(), []).append(value.strip())
    return {name: ",".join(sorted(vals)) for name, vals in grouped.items()}


def canonical_headers(merged: dict[str, str], names: list[str]) -> str:
    """The canonical headers block for the given lower-case names (ends with \\n)."""
    return "".join(f"{n}:{merged.get(n, '')}\n" for n in sorted(names))


def build_canonical_request(method: str, path: str, query: str,
                            merged: dict[str, str], signed: list[str],
                            payload_hash: str) -> str:
    """Join the six canonical request parts with '\\n'."""
    return "\n".join([method, path, query,
                      canonical_headers(merged, signed),
                      ";".join(sorted(signed)), payload_hash])


def string_to_sign(canonical_request: str) -> str:
    """'ACS3-HMAC-SHA256\\n' + hex SHA-256 of the canonical request."""
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{digest}"


def signature(secret: str, sts: str) -> str:
    """Lower hex HMAC-SHA256 of the string to sign, keyed by the secret."""
    return hmac.new(secret.encode("utf-8"), sts.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(key_id: str, signed: list[str], sig: str) -> str:
    """The Authorization header value."""
    return f"{ALGORITHM} Credential={key_id},SignedHeaders={';'.join(sorted(signed))},Signature={sig}"


@dataclass
class Signed:
    """Result of sign_request: wire target, headers (incl. Authorization), intermediates."""
    target: str
    headers: list[tuple[str, str]]
    canonical_request: str
    string_to_sign: str
    signature: str


def sign_request(method: str, path: str, query: list[tuple[str, str]] | dict,
                 headers: list[tuple[str, str]] | dict, key_id: str, secret: str,
                 body: bytes = b"") -> Signed:
    """Sign a request.

    ``path`` is already encoded (as sent), ``query`` holds *decoded* pairs,
    ``headers`` must include host and the x-acs-* headers; every signable
    header present is signed.  Returns the target and headers to send.
    """
    hdr_list = list(headers.items()) if isinstance(headers, dict) else list(headers)
    enc = encode_query(query)
    cq = canonical_query(enc)
    merged = merge_headers(hdr_list)
    signed = sorted(n for n in merged if is_signable(n))
    creq = build_canonical_request(method, path, cq, merged, signed,
                                   hashlib.sha256(body).hexdigest())
    sts = string_to_sign(creq)
    sig = signature(secret, sts)
    target = path + ("?" + "&".join(f"{n}={v}" for n, v in enc) if enc else "")
    out = hdr_list + [("Authorization", authorization(key_id, signed, sig))]
    return Signed(target, out, creq, sts, sig)


# --------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------

@dataclass
class AuthHeader:
    """Parsed Authorization header."""
    key_id: str
    signed_headers: list[str]
    signature: str


def parse_authorization(value: str | None) -> AuthHeader | None:
    """Parse 'ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..' or None."""
    if not value:
        return None
    m = _AUTH_RE.match(value.strip())
    if not m:
        return None
    names = m.group(2).split(";")
    if any(not n or n != n.lower() for n in names):
        return None
    return AuthHeader(m.group(1), names, m.group(3))


@dataclass
class Verification:
    """Outcome of verify_request.

    ``problem`` is None when everything verified; otherwise a short reason
    and ``kind`` is one of: 'incomplete' (Authorization missing/garbled or a
    required header unsigned), 'unknown-key', 'signature' (mismatch, incl.
    non-canonical wire encoding and a wrong x-acs-content-sha256).
    """
    auth: AuthHeader | None = None
    canonical_request: str = ""
    string_to_sign: str = ""
    expected: str = ""
    problem: str | None = None
    kind: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the request verified."""
        return self.problem is None


def split_target(target: str) -> tuple[str, str]:
    """Split a request target into (raw path, raw query)."""
    path, _, query = target.partition("?")
    return path, query


def check_signed_set(auth: AuthHeader, merged: dict[str, str]) -> str | None:
    """Every required and every present x-acs-* header must be signed and present."""
    signed = set(auth.signed_headers)
    for name in REQUIRED_SIGNED:
        if name not in merged:
            return f"required header {name} is missing"
        if name not in signed:
            return f"required header {name} is not in SignedHeaders"
    for name in merged:
        if name.startswith("x-acs-") and name not in signed:
            return f"header {name} is present but not signed"
    for name in signed:
        if name not in merged:
            return f"signed header {name} is not present in the request"
    return None


def encoding_notes(path: str, pairs: list[tuple[str, str]]) -> list[str]:
    """Wire strings that are not in canonical RFC 3986 form (the cloud re-encodes)."""
    notes = []
    for seg in path.split("/"):
        if canonical_form(seg) != seg:
            notes.append(f"path segment {seg!r} is not RFC 3986 encoded (expected {canonical_form(seg)!r})")
    for name, value in pairs:
        for s in (name, value):
            if canonical_form(s) != s:
                notes.append(f"query string {s!r} is not RFC 3986 encoded (expected {canonical_form(s)!r})")
    return notes


def verify_request(method: str, target: str, headers: list[tuple[str, str]],
                   body: bytes, secret_for) -> Verification:
    """Reconstruct the canonical request from what was received and compare.

    Checks in order: Authorization syntax and the signed header set (kind
    'incomplete'), the key id (``secret_for(key_id)`` returns the secret or
    None: kind 'unknown-key'), x-acs-content-sha256 and the signature (kind
    'signature').  The path is used as sent; query
    pairs are re-encoded canonically (decode, encode) and re-sorted; signed
    headers come from the Authorization header.
    """
    v = Verification()
    merged = merge_headers(headers)
    v.auth = parse_authorization(merged.get("authorization"))
    if v.auth is None:
        return _fail(v, "incomplete", "Authorization header is missing or malformed")
    path, raw_query = split_target(target)
    pairs = split_query(raw_query)
    v.notes = encoding_notes(path, pairs)
    body_hash = hashlib.sha256(body).hexdigest()
    canon_pairs = [(canonical_form(n), canonical_form(val)) for n, val in pairs]
    v.canonical_request = build_canonical_request(
        method, path, canonical_query(canon_pairs), merged, v.auth.signed_headers, body_hash)
    v.string_to_sign = string_to_sign(v.canonical_request)
    missing = check_signed_set(v.auth, merged)
    if missing:
        return _fail(v, "incomplete", missing)
    secret = secret_for(v.auth.key_id)
    if secret is None:
        return _fail(v, "unknown-key", f"unknown AccessKeyId {v.auth.key_id}")
    v.expected = signature(secret, v.string_to_sign)
    if merged.get("x-acs-content-sha256") != body_hash:
        return _fail(v, "signature",
                     f"x-acs-content-sha256 is not the SHA-256 of the body ({body_hash})")
    if not hmac.compare_digest(v.expected, v.auth.signature):
        hint = ("; " + "; ".join(v.notes)) if v.notes else ""
        return _fail(v, "signature", "signature does not match" + hint)
    return v


def _fail(v: Verification, kind: str, problem: str) -> Verification:
    """Mark a verification as failed."""
    v.kind, v.problem = kind, problem
    return v


# --------------------------------------------------------------------------
# Raw request parsing (for the CLI)
# --------------------------------------------------------------------------

def parse_raw_request(raw: bytes) -> tuple[str, str, list[tuple[str, str]], bytes]:
    """Parse 'request line, headers, blank line[, body]' (CRLF or LF endings).

    Lines before the request line that do not look like one (e.g. a comment
    printed by a tool) are skipped.  Raises ValueError on bad input.
    """
    text = raw.replace(b"\r\n", b"\n")
    head, sep, body = text.partition(b"\n\n")
    lines = head.decode("utf-8", "surrogateescape").split("\n")
    while lines and not re.match(r"^[A-Z]+ \S+ HTTP/1\.[01]$", lines[0].strip()):
        lines.pop(0)
    if not lines:
        raise ValueError("no request line found")
    method, target, _ = lines[0].strip().split(" ")
    headers = []
    for line in lines[1:]:
        if not line.strip():
            break
        if ":" not in line:
            raise ValueError(f"bad header line: {line!r}")
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return method, target, headers, body if sep else b""


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def cmd_verify(args: argparse.Namespace) -> int:
    """verify: read a raw request on stdin, exit 0 when its signature verifies."""
    try:
        method, target, headers, body = parse_raw_request(sys.stdin.buffer.read())
    except ValueError as exc:
        print(f"acs3: cannot parse request: {exc}", file=sys.stderr)
        return 2
    if not args.with_body:
        body = b""
    v = verify_request(method, target, headers, body,
                       lambda kid: args.secret if args.key_id in (None, kid) else None)
    if args.verbose and v.canonical_request:
        print("--- canonical request\n" + v.canonical_request, file=sys.stderr)
        print("--- string to sign\n" + v.string_to_sign, file=sys.stderr)
        print("--- expected signature\n" + v.expected, file=sys.stderr)
    for note in v.notes:
        print(f"acs3: note: {note}", file=sys.stderr)
    if v.ok:
        print("acs3: signature OK", file=sys.stderr)
        return 0
    print(f"acs3: FAIL ({v.kind}): {v.problem}", file=sys.stderr)
    return 1


def cmd_sign(args: argparse.Namespace) -> int:
    """sign: print a signed raw request (request line + headers + blank line)."""
    headers = [("host", args.host), ("x-acs-action", args.action),
               ("x-acs-version", args.version), ("x-acs-date", args.date),
               ("x-acs-signature-nonce", args.nonce),
               ("x-acs-content-sha256", EMPTY_SHA256)]
    if args.sts_token:
        headers.append(("x-acs-security-token", args.sts_token))
    headers.append(("accept", "application/json"))
    query = [tuple(q.split("=", 1)) if "=" in q else (q, "") for q in args.query]
    s = sign_request(args.method, args.path, query, headers, args.key_id, args.secret)
    lines = [f"{args.method} {s.target} HTTP/1.1"] + [f"{n}: {v}" for n, v in s.headers]
    sys.stdout.write("\r\n".join(lines) + "\r\n\r\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the acs3 command line."""
    p = argparse.ArgumentParser(description="ACS3-HMAC-SHA256 helper")
    sub = p.add_subparsers(dest="cmd", required=True)
    pv = sub.add_parser("verify", help="verify a raw request read from stdin")
    pv.add_argument("--secret", required=True)
    pv.add_argument("--key-id", help="also require this AccessKeyId")
    pv.add_argument("--with-body", action="store_true",
                    help="hash what follows the blank line as the body (default: empty body)")
    pv.add_argument("-v", "--verbose", action="store_true")
    pv.set_defaults(func=cmd_verify)
    ps = sub.add_parser("sign", help="print a signed raw request")
    ps.add_argument("--key-id", required=True)
    ps.add_argument("--secret", required=True)
    ps.add_argument("--sts-token")
    ps.add_argument("--method", default="GET")
    ps.add_argument("--path", required=True, help="encoded path as sent")
    ps.add_argument("--query", action="append", default=[], help="name=value (decoded)")
    ps.add_argument("--host", default="rocketmq.cn-hangzhou.aliyuncs.com")
    ps.add_argument("--action", default="ListDisasterRecoveryCheckpoints")
    ps.add_argument("--version", default="2022-08-01")
    ps.add_argument("--date", required=True)
    ps.add_argument("--nonce", required=True)
    ps.set_defaults(func=cmd_sign)
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
