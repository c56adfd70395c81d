#!/usr/bin/env python3
"""Signatures of all three operations, checked by the independent signer.

build/<board>/tests/test_operations --emit prints one signed request per row
of its table of inputs (special characters in ids, filters and topic names),
each followed by a NUL byte. Every request must verify with the Python
implementation in tools/emulator/acs3.py, its path and query must decode to
the operation's parameters, and any changed signed byte must break it.
Last line: "N passed, N failed".
"""
import os
import subprocess
import sys
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "emulator"))
import acs3  # noqa: E402

BIN = os.path.join(ROOT, os.environ.get("B", "build/host"), "tests", "test_operations")
RUN = os.environ.get("RUN", "").split()
KEY_ID, SECRET = "LTAIopsKeyId", "ops-secret/+="

# (action, decoded path, decoded query) per vector, in the C table's order.
EXPECTED = [
    ("ListDisasterRecoveryPlans", "/disaster_recovery", {}),
    ("ListDisasterRecoveryPlans", "/disaster_recovery", {"instanceId": "rmq-cn-7e22ody0001"}),
    ("ListDisasterRecoveryPlans", "/disaster_recovery",
     {"instanceId": "rmq cn/7e+22%~*", "filter": 'name & desc = "x"?#', "pageNumber": "2",
      "pageSize": "50"}),
    ("ListDisasterRecoveryPlans", "/disaster_recovery",
     {"instanceId": "\u4e2d\u6587-caf\u00e9", "filter": "plan*", "pageSize": "100"}),
    ("ListDisasterRecoveryItems", "/disaster_recovery/1300000016/items", {}),
    ("ListDisasterRecoveryItems", "/disaster_recovery/p%2F1%20x/items",
     {"filter": "a/b+c%d", "topicName": "topic~A*b", "pageNumber": "3", "pageSize": "10"}),
    ("ListDisasterRecoveryItems", "/disaster_recovery/13%252F00/items",
     {"filter": "\u20ac", "topicName": "%25&=", "pageNumber": "1", "pageSize": "1"}),
    ("ListDisasterRecoveryCheckpoints", "/disaster_recovery/1300000016/items/100070284/checkpoints",
     {"instanceId": "rmq-cn-7e22ody0001"}),
    ("ListDisasterRecoveryCheckpoints", "/disaster_recovery/p%2F1%20x/items/i%2A2~/checkpoints",
     {"instanceId": "rmq+cn %", "filter": "topic a*b~c", "pageNumber": "7", "pageSize": "100"}),
    ("ListDisasterRecoveryCheckpoints", "/disaster_recovery/1/items/2/checkpoints",
     {"instanceId": "i", "filter": "f"}),
]


def verify(raw):
    method, target, headers, _ = acs3.parse_raw_request(raw)
    return acs3.verify_request(method, target, headers, b"",
                               lambda kid: SECRET if kid == KEY_ID else None)


def check(raw, want):
    action, path, query = want
    v = verify(raw)
    assert v.ok, f"independent verifier rejects it: {v.kind}: {v.problem}"
    _, target, headers, _ = acs3.parse_raw_request(raw)
    assert dict(headers)["x-acs-action"] == action, dict(headers)["x-acs-action"]
    wire_path, _, wire_query = target.partition("?")
    assert wire_path == path, f"path {wire_path!r}, want {path!r}"
    pairs = [p.split("=", 1) for p in wire_query.split("&")] if wire_query else []
    names = [n for n, _ in pairs]
    assert names == sorted(names), f"query not in canonical order: {names}"
    got = {n: urllib.parse.unquote(v) for n, v in pairs}
    assert got == query, f"query {got!r}, want {query!r}"
    # A changed signed byte must be caught, or the check proves nothing.
    for old, new in ((b"x-acs-action: List", b"x-acs-action: Lisx"),
                     (b"/disaster_recovery", b"/disaster_recoverx")):
        assert not verify(raw.replace(old, new, 1)).ok, f"tampered ({old!r}) still verifies"
    assert SECRET.encode() not in raw, "secret in the request"


def main():
    passed = failed = 0
    p = subprocess.run(RUN + [BIN, "--emit"], capture_output=True, timeout=60)
    requests = p.stdout.split(b"\0")[:-1] if p.returncode == 0 else []
    if len(requests) != len(EXPECTED):
        print(f"FAIL emit: exit {p.returncode}, {len(requests)} requests: {p.stderr.decode()}")
        print(f"0 passed, 1 failed")
        return 1
    for i, (raw, want) in enumerate(zip(requests, EXPECTED)):
        name = f"{want[0]} vector {i}"
        try:
            check(raw, want)
            passed += 1
            print(f"ok   {name}")
        except Exception as exc:  # noqa: BLE001 - every failure is reported
            failed += 1
            print(f"FAIL {name}: {exc}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
