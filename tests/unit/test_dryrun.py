#!/usr/bin/env python3
"""The C CLI's --dry-run request, checked by an independent signer.

For a table of inputs, `rmqdr checkpoints|plans|items --dry-run` prints the
request; the
Python implementation in tools/emulator/acs3.py (hmac/hashlib, written apart
from the C core) must accept its signature, and must reject it once any
signed byte is changed. Usage errors must exit 2 with one line on stderr.
Last line: "N passed, N failed".
"""
import os
import subprocess
import sys
import urllib.parse

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

# The discovery operations: (name, args, action, decoded path, decoded query).
# Special characters in ids, filters and topic names; each must verify, and
# its path and query must decode back to exactly what was given.
OPS = ["--dry-run", "--region", "cn-hangzhou"]
OP_CASES = [
    ("plans minimal", ["plans"], "ListDisasterRecoveryPlans", "/disaster_recovery", {}),
    ("plans instance", ["plans", "--instance-id", "rmq-cn-7e22ody0001"], "ListDisasterRecoveryPlans",
     "/disaster_recovery", {"instanceId": "rmq-cn-7e22ody0001"}),
    ("plans reserved characters", ["plans", "--instance-id", "rmq cn/7e+22%~*", "--filter", 'name & desc = "x"?#',
                                   "--page-number", "2", "--page-size", "50"],
     "ListDisasterRecoveryPlans", "/disaster_recovery",
     {"instanceId": "rmq cn/7e+22%~*", "filter": 'name & desc = "x"?#', "pageNumber": "2", "pageSize": "50"}),
    ("plans non-ascii", ["plans", "--instance-id", "\u4e2d\u6587-caf\u00e9", "--filter", "plan*\u20ac"],
     "ListDisasterRecoveryPlans", "/disaster_recovery",
     {"instanceId": "\u4e2d\u6587-caf\u00e9", "filter": "plan*\u20ac"}),
    ("items minimal", ["items", "--plan-id", "1300000016"], "ListDisasterRecoveryItems",
     "/disaster_recovery/1300000016/items", {}),
    ("items path and topic to encode", ["items", "--plan-id", "p/1 x", "--topic", "topic~A*b", "--filter", "a/b+c%d",
                                        "--page-number", "3", "--page-size", "10"],
     "ListDisasterRecoveryItems", "/disaster_recovery/p%2F1%20x/items",
     {"topicName": "topic~A*b", "filter": "a/b+c%d", "pageNumber": "3", "pageSize": "10"}),
    ("items percent and equals", ["items", "--plan-id", "13%2F00", "--topic", "%25&=", "--filter", "\u20ac"],
     "ListDisasterRecoveryItems", "/disaster_recovery/13%252F00/items", {"topicName": "%25&=", "filter": "\u20ac"}),
    ("items non-ascii topic", ["items", "--plan-id", "1", "--topic", "\u8ba2\u5355 \u00e9v\u00e9nements"],
     "ListDisasterRecoveryItems", "/disaster_recovery/1/items", {"topicName": "\u8ba2\u5355 \u00e9v\u00e9nements"}),
    ("checkpoints special ids", ["checkpoints", "--plan-id", "p/1 x", "--item-id", "i*2~", "--instance-id", "rmq+cn %",
                                 "--filter", "topic a*b~c"],
     "ListDisasterRecoveryCheckpoints", "/disaster_recovery/p%2F1%20x/items/i%2A2~/checkpoints",
     {"instanceId": "rmq+cn %", "filter": "topic a*b~c"}),
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
    ("items without plan", ["items", "--dry-run", "--region", "cn-hangzhou"]),
    ("items with item id", ["items", "--dry-run", "--region", "cn-hangzhou", "--plan-id", "1", "--item-id", "2"]),
    ("plans with plan id", ["plans", "--dry-run", "--region", "cn-hangzhou", "--plan-id", "1"]),
    ("plans with topic", ["plans", "--dry-run", "--region", "cn-hangzhou", "--topic", "t"]),
    ("items too long topic", ["items", "--dry-run", "--region", "cn-hangzhou", "--plan-id", "1", "--topic", "t" * 129]),
    ("plans --all with page number", ["plans", "--dry-run", "--region", "cn-hangzhou", "--all", "--page-number", "2"]),
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


def check_operation(name, args, action, path, query, extra_env=None):
    env = env_with(extra_env)
    p = run(args + OPS, env)
    assert p.returncode == 0, f"exit {p.returncode}: {p.stderr.decode()}"
    token = (extra_env or {}).get("ALIBABA_CLOUD_SECURITY_TOKEN")
    v = verify(p.stdout, token)
    assert v.ok, f"independent verifier rejects it: {v.kind}: {v.problem}"
    _, target, headers, _ = acs3.parse_raw_request(p.stdout)
    assert dict(headers)["x-acs-action"] == action, dict(headers)["x-acs-action"]
    wire_path, _, wire_query = target.partition("?")
    assert wire_path == path, f"path {wire_path!r}, want {path!r}"
    got = dict(urllib.parse.parse_qsl(wire_query, keep_blank_values=True))
    assert got == query, f"query {got!r}, want {query!r}"
    assert "+" not in wire_query, "a space must be %20 (RFC 3986), never +"
    # any changed signed byte breaks it: the action, and the first query or path byte
    assert not verify(p.stdout.replace(action.encode(), action.encode() + b"X", 1), token).ok
    first = wire_query[:1] or wire_path[-1:]
    tampered = p.stdout.replace(target.encode(), target.replace(first, "Z" if first != "Z" else "Y", 1).encode(), 1)
    assert not verify(tampered, token).ok, "tampered request still verifies"
    assert SECRET.encode() not in p.stdout + p.stderr, "secret leaked"
    if token:
        assert token.encode() not in p.stdout + p.stderr, "STS token leaked"


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
    tests += [(f"dry-run {c[0]}", check_operation, c) for c in OP_CASES]
    tests += [(f"dry-run {c[0]} with an STS token", check_operation,
               c + ({"ALIBABA_CLOUD_SECURITY_TOKEN": TOKEN},)) for c in OP_CASES[2:3] + OP_CASES[5:6]]
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
