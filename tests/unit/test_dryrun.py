#!/usr/bin/env python3
"""The C CLI's --dry-run request, checked by an independent signer.

For a table of inputs, `rmqdr checkpoints --dry-run` prints the request; the
Python implementation in tools/emulator/acs3.py (hmac/hashlib, written apart
from the C core) must accept its signature, and must reject it once any
signed byte is changed. Usage errors must exit 2 with one line on stderr.
Last line: "N passed, N failed".
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "emulator"))
import acs3  # noqa: E402

CLI = os.path.join(ROOT, os.environ.get("B", "build/host"), "rmqdr")
RUN = os.environ.get("RUN", "").split()
KEY_ID, SECRET, TOKEN = "LTAI5tDryRunKey", "dry-run-secret/+=", "CAIS.sts-token_0123456789"

BASE = ["checkpoints", "--dry-run", "--region", "cn-hangzhou", "--plan-id", "1300000016",
        "--item-id", "100070284", "--instance-id", "rmq-cn-7e22ody0001"]

CASES = [
    ("minimal", []),
    ("paging", ["--page-number", "3", "--page-size", "100"]),
    ("filter with space star tilde", ["--filter", "topic a*b~c"]),
    ("filter with slash plus percent", ["--filter", "a/b+c%d"]),
    ("filter non-ascii", ["--filter", "\u4e2d\u6587-caf\u00e9"]),
    ("path params to encode", ["--plan-id", "p/1 x", "--item-id", "i*2~"]),
    ("endpoint with port", ["--endpoint", "https://localhost:8443"]),
    ("ipv6 endpoint", ["--endpoint", "https://[::1]:9443"]),
    ("pinned date and nonce", ["--date", "2026-01-02T03:04:05Z", "--nonce", "ab" * 32]),
    ("sts token", ["--page-size", "5"], {"ALIBABA_CLOUD_SECURITY_TOKEN": TOKEN}),
]

USAGE = [
    ("missing plan", ["checkpoints", "--dry-run", "--region", "cn-hangzhou", "--item-id", "1",
                      "--instance-id", "x"]),
    ("page size 0", BASE + ["--page-size", "0"]),
    ("page size 101", BASE + ["--page-size", "101"]),
    ("page number 0", BASE + ["--page-number", "0"]),
    ("page number text", BASE + ["--page-number", "two"]),
    ("bad date", BASE + ["--date", "2026-01-02 03:04:05"]),
    ("bad nonce", BASE + ["--nonce", "not-hex"]),
    ("bad endpoint", BASE + ["--endpoint", "https://bad host"]),
    ("ftp endpoint", BASE + ["--endpoint", "ftp://x"]),
    ("unknown option", BASE + ["--frobnicate"]),
    ("missing value", BASE + ["--filter"]),
    ("control char", BASE + ["--filter", "a\tb"]),
    ("too long id", ["checkpoints", "--dry-run", "--region", "cn-hangzhou", "--plan-id", "9" * 65,
                     "--item-id", "1", "--instance-id", "x"]),
]


def env_with(extra=None, creds=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env["HOME"] = "/nonexistent"
    if creds:
        env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = KEY_ID
        env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = SECRET
    env.update(extra or {})
    return env


def run(args, env):
    return subprocess.run(RUN + [CLI] + args, env=env, capture_output=True, timeout=30)


def verify(raw: bytes, token=None):
    text = raw
    if token is not None:
        text = raw.replace(b"x-acs-security-token: <redacted>",
                           b"x-acs-security-token: " + token.encode())
    method, target, headers, _ = acs3.parse_raw_request(text)
    return acs3.verify_request(method, target, headers, b"",
                               lambda kid: SECRET if kid == KEY_ID else None)


def merged(base, extra):
    """base with the options that extra gives again replaced (a repeated
    single-valued option is a usage error)."""
    given = {a for a in extra if a.startswith("--")}
    out, i = [], 0
    while i < len(base):
        if base[i] in given:
            i += 2
            continue
        out.append(base[i])
        i += 1
    return out + extra


def check_case(name, extra_args, extra_env=None):
    env = env_with(extra_env)
    p = run(merged(BASE, extra_args), env)
    assert p.returncode == 0, f"exit {p.returncode}: {p.stderr.decode()}"
    assert p.stdout.endswith(b"\r\n\r\n"), "request must end with a blank line"
    token = (extra_env or {}).get("ALIBABA_CLOUD_SECURITY_TOKEN")
    v = verify(p.stdout, token)
    assert v.ok, f"independent verifier rejects it: {v.kind}: {v.problem}"
    # A changed signed byte must be caught, or the check proves nothing.
    tampered = p.stdout.replace(b"instanceId=rmq", b"instanceId=rmX", 1)
    assert not verify(tampered, token).ok, "tampered request still verifies"
    assert SECRET.encode() not in p.stdout + p.stderr, "secret leaked"
    if token:
        assert token.encode() not in p.stdout + p.stderr, "STS token leaked"
        assert b"x-acs-security-token: <redacted>" in p.stdout


def check_usage(name, args):
    p = run(args, env_with())
    assert p.returncode == 2, f"exit {p.returncode}, want 2"
    lines = p.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rmqdr: "), f"stderr: {lines}"
    assert p.stdout == b"", "usage errors print nothing on stdout"


def check_no_credentials():
    p = run(BASE, env_with(creds=False))
    assert p.returncode == 2, f"exit {p.returncode}"
    assert len(p.stderr.decode().strip().splitlines()) == 1


def check_reproducible():
    args = BASE + ["--date", "2026-01-02T03:04:05Z", "--nonce", "0123456789abcdef"]
    a, b = run(args, env_with()), run(args, env_with())
    assert a.returncode == 0 and a.stdout == b.stdout, "pinned requests differ"


def main():
    passed = failed = 0
    tests = [(f"dry-run {c[0]}", check_case, c) for c in CASES]
    tests += [(f"usage {u[0]}", check_usage, u) for u in USAGE]
    tests += [("no credentials", lambda: check_no_credentials(), None),
              ("reproducible", lambda: check_reproducible(), None)]
    for name, fn, arg in tests:
        try:
            fn(*arg) if arg is not None else fn()
            passed += 1
            print(f"ok   {name}")
        except Exception as exc:  # noqa: BLE001 - every failure is reported
            failed += 1
            print(f"FAIL {name}: {exc}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
