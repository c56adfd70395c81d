#!/usr/bin/env python3
"""Tests of tools/emulator/acs3.py: published vectors, encoding, verify CLI."""

from __future__ import annotations

import subprocess
import sys

from harness import ACS3, acs3, check, eq, run, test

VECTOR_QUERY = [("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
                ("RegionId", "cn-shanghai")]
VECTORS = [
    ("2023-10-26T10:22:32Z", "3156853299f313e23d1673dc12e1703d",
     "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"),
    ("2023-10-26T09:01:01Z", "d410180a5abf7fe235dd9b74aca91fc0",
     "e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804"),
]
SIGNED_LIST = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"


def vector_headers(date: str, nonce: str) -> list[tuple[str, str]]:
    """The headers of the published V3 examples."""
    return [("host", "ecs.cn-shanghai.aliyuncs.com"), ("x-acs-action", "RunInstances"),
            ("x-acs-version", "2014-05-26"), ("x-acs-date", date),
            ("x-acs-signature-nonce", nonce), ("x-acs-content-sha256", acs3.EMPTY_SHA256)]


def sign_vector(date: str, nonce: str) -> acs3.Signed:
    """Sign a published vector."""
    return acs3.sign_request("POST", "/", VECTOR_QUERY, vector_headers(date, nonce),
                             "YourAccessKeyId", "YourAccessKeySecret")


def raw_of(s: acs3.Signed, method: str = "POST", crlf: bool = True) -> bytes:
    """Wire form of a signed request."""
    nl = "\r\n" if crlf else "\n"
    lines = [f"{method} {s.target} HTTP/1.1"] + [f"{n}: {v}" for n, v in s.headers]
    return (nl.join(lines) + nl + nl).encode()


def cli_verify(raw: bytes, *args: str) -> subprocess.CompletedProcess:
    """Run 'acs3.py verify' on raw."""
    return subprocess.run([sys.executable, ACS3, "verify", *args], input=raw,
                          capture_output=True, timeout=10)


@test
def vector_1_signature_and_string_to_sign():
    s = sign_vector(*VECTORS[0][:2])
    eq(s.signature, VECTORS[0][2], "signature")
    eq(s.string_to_sign, "ACS3-HMAC-SHA256\n"
       "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259", "string to sign")
    auth = dict(s.headers)["Authorization"]
    eq(auth, f"ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders={SIGNED_LIST},"
             f"Signature={VECTORS[0][2]}", "Authorization")


@test
def vector_2_signature():
    eq(sign_vector(*VECTORS[1][:2]).signature, VECTORS[1][2], "signature")


@test
def vector_canonical_request_layout():
    s = sign_vector(*VECTORS[0][:2])
    lines = s.canonical_request.split("\n")
    eq(lines[0], "POST", "method")
    eq(lines[1], "/", "uri")
    eq(lines[2], "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
       "query")
    eq(lines[3], "host:ecs.cn-shanghai.aliyuncs.com", "first header")
    eq(lines[9], "", "empty line after the header block")
    eq(lines[10], SIGNED_LIST, "signed headers")
    eq(lines[11], acs3.EMPTY_SHA256, "payload hash")


@test
def encoding_rules():
    eq(acs3.percent_encode("a b"), "a%20b", "space")
    eq(acs3.percent_encode("*"), "%2A", "star")
    eq(acs3.percent_encode("~-_."), "~-_.", "unreserved")
    eq(acs3.percent_encode("a/b"), "a%2Fb", "slash")
    eq(acs3.percent_encode("+="), "%2B%3D", "plus/equals")
    eq(acs3.percent_encode("é"), "%C3%A9", "utf-8, upper hex")
    eq(acs3.percent_decode("%c3%a9+"), "é+".encode(), "decode keeps +")
    eq(acs3.canonical_form("a%2fb"), "a%2Fb", "canonical upper hex")
    eq(acs3.encode_path(["disaster_recovery", "a/b c", "items"]), "/disaster_recovery/a%2Fb%20c/items",
       "path parameters encoded per segment")


@test
def query_sorted_by_encoded_name_and_empty_value():
    pairs = acs3.encode_query([("pageSize", "10"), ("filter", ""), ("instanceId", "x")])
    eq(acs3.canonical_query(pairs), "filter=&instanceId=x&pageSize=10", "query")
    eq(acs3.canonical_query([("b", "1"), ("B", "2"), ("a%20", "3")]), "B=2&a%20=3&b=1", "byte order")


@test
def duplicate_headers_are_sorted_and_joined():
    merged = acs3.merge_headers([("X-Acs-Foo", " b "), ("x-acs-foo", "a"), ("Host", " h ")])
    eq(merged, {"x-acs-foo": "a,b", "host": "h"}, "merged")


@test
def verify_roundtrip_and_tamper():
    s = sign_vector(*VECTORS[0][:2])
    secret = lambda kid: "YourAccessKeySecret" if kid == "YourAccessKeyId" else None  # noqa: E731
    v = acs3.verify_request("POST", s.target, s.headers, b"", secret)
    check(v.ok, f"verify failed: {v.problem}")
    v = acs3.verify_request("POST", s.target.replace("shanghai", "hangzhou"), s.headers, b"", secret)
    eq(v.kind, "signature", "tampered query")
    v = acs3.verify_request("POST", s.target, s.headers, b"x", secret)
    eq(v.kind, "signature", "body hash mismatch")
    hdrs = [(n, v.replace("YourAccessKeyId", "Other")) for n, v in s.headers]
    eq(acs3.verify_request("POST", s.target, hdrs, b"", secret).kind, "unknown-key", "key")


@test
def verify_rejects_unsigned_acs_header_and_garbled_auth():
    s = sign_vector(*VECTORS[0][:2])
    secret = lambda kid: "YourAccessKeySecret"  # noqa: E731
    extra = s.headers + [("x-acs-security-token", "t")]
    eq(acs3.verify_request("POST", s.target, extra, b"", secret).kind, "incomplete", "unsigned")
    garbled = [(n, v.replace("Credential=", "Cred=")) for n, v in s.headers]
    eq(acs3.verify_request("POST", s.target, garbled, b"", secret).kind, "incomplete", "garbled")
    noauth = [(n, v) for n, v in s.headers if n != "Authorization"]
    eq(acs3.verify_request("POST", s.target, noauth, b"", secret).kind, "incomplete", "missing")


@test
def verify_non_canonical_wire_encoding_fails():
    hdrs = vector_headers(*VECTORS[0][:2])
    # A client that puts '+' for a space on the wire and signs that: the cloud
    # re-encodes, so it must not verify.
    creq = acs3.build_canonical_request("POST", "/", "filter=a+b", acs3.merge_headers(hdrs),
                                        sorted(n for n, _ in hdrs), acs3.EMPTY_SHA256)
    sig = acs3.signature("k", acs3.string_to_sign(creq))
    auth = acs3.authorization("id", [n for n, _ in hdrs], sig)
    v = acs3.verify_request("POST", "/?filter=a+b", hdrs + [("Authorization", auth)], b"",
                            lambda kid: "k")
    eq(v.kind, "signature", "kind")
    check("not RFC 3986" in v.problem, v.problem)


@test
def cli_verify_published_vectors():
    for date, nonce, _ in VECTORS:
        proc = cli_verify(raw_of(sign_vector(date, nonce)), "--secret", "YourAccessKeySecret")
        eq(proc.returncode, 0, f"exit status ({proc.stderr.decode()})")


@test
def cli_verify_lf_endings_and_verbose():
    proc = cli_verify(raw_of(sign_vector(*VECTORS[0][:2]), crlf=False),
                      "--secret", "YourAccessKeySecret", "-v")
    eq(proc.returncode, 0, "exit status")
    err = proc.stderr.decode()
    check("--- canonical request" in err and "7ea06492da5221eba5297e897ce16e55" in err, err)


@test
def cli_verify_wrong_secret_and_garbage():
    proc = cli_verify(raw_of(sign_vector(*VECTORS[0][:2])), "--secret", "nope")
    eq(proc.returncode, 1, "wrong secret")
    check(b"SignatureDoesNotMatch" in proc.stderr or b"signature" in proc.stderr, proc.stderr)
    eq(cli_verify(b"not a request\n\n", "--secret", "x").returncode, 2, "garbage")


@test
def cli_sign_then_verify():
    out = subprocess.run([sys.executable, ACS3, "sign", "--key-id", "id", "--secret", "s",
                          "--path", "/disaster_recovery/1/items/2/checkpoints",
                          "--query", "instanceId=rmq-1", "--query", "filter=a b*",
                          "--date", "2025-01-01T00:00:00Z", "--nonce", "abc"],
                         capture_output=True, timeout=10, check=True).stdout
    check(b"filter=a%20b%2A" in out, out)
    eq(cli_verify(out, "--secret", "s", "--key-id", "id").returncode, 0, "verify")
    eq(cli_verify(out, "--secret", "s", "--key-id", "other").returncode, 1, "other key id")


if __name__ == "__main__":
    run()
