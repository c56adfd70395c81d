#!/usr/bin/env python3
"""Defects a fresh user found (issues 13 and 16 follow-up), against the emulator.

Each example is a test, with a sibling of the same kind:
  1. an option that takes a value never swallows the next option, and an
     empty value is refused;
  7. a duration carries a unit.
Last line: "N passed, N failed".
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli as base  # noqa: E402  helpers: rmqdr(), emu(), base_env(), OUTPUTS

PLAN = base.PLAN
rmqdr, emu = base.rmqdr, base.emu


def usage_line(p):
    err = p.stderr.decode("utf-8", "replace").strip("\n").split("\n")
    assert p.returncode == 2, (p.returncode, err)
    assert len(err) == 1 and err[0].startswith("rmqdr: "), err
    assert p.stdout == b"", p.stdout
    return err[0]


def requests_seen():
    return emu("GET", "/_emu/stats").get("requests", 0)


def test_value_option_does_not_swallow_next_option():
    """--region --dry-run made a real signed call with region "--dry-run"."""
    for opt in ("--region", "--filter", "--endpoint", "--profile"):
        before = requests_seen()
        p = rmqdr("checkpoints", *PLAN, opt, "--dry-run")
        line = usage_line(p)
        assert f"{opt} needs a value" in line, line
        assert requests_seen() == before, "a request was sent"
    # sibling: the last word, and a value option before another value option
    line = usage_line(rmqdr("watch", *PLAN, "--interval", "--once"))
    assert "--interval needs a value" in line, line
    # the = form still takes a value that starts with "--"
    p = rmqdr("checkpoints", *PLAN, "--filter=--x", "--dry-run", "--region", "cn-hangzhou",
              endpoint=None, ca=None)
    assert p.returncode == 0, p.stderr


def test_empty_value_is_refused():
    for args in (["--region", ""], ["--region="], ["--filter", ""], ["--ca-file", ""]):
        line = usage_line(rmqdr("checkpoints", *PLAN, *args, "--dry-run", endpoint=None, ca=None))
        assert "needs a value" in line, line


def test_duration_needs_a_unit():
    for opt, cmd in (("--timeout", "checkpoints"), ("--deadline", "checkpoints"), ("--interval", "watch"),
                     ("--max-lag", "watch")):
        line = usage_line(rmqdr(cmd, *PLAN, opt, "10", "--region", "cn-hangzhou"))
        assert "DURATION needs a unit: ms, s, m, h, d" in line and opt in line, line
    p = rmqdr("checkpoints", *PLAN, "--timeout", "10s", "--deadline", "0s", "--dry-run", "--region", "x",
              endpoint=None, ca=None)
    assert p.returncode == 0, p.stderr


def main():
    tests = [v for k, v in globals().items() if k.startswith("test_") and callable(v)]
    passed = failed = 0
    for t in tests:
        try:
            emu("POST", "/_emu/reset", {})
            t()
            passed += 1
            print(f"ok   {t.__name__}")
        except Exception as exc:  # noqa: BLE001 - every failure is reported
            failed += 1
            print(f"FAIL {t.__name__}: {exc!r}")
    for out, err in base.OUTPUTS:
        if base.SECRET.encode() in out + err:
            failed += 1
            print("FAIL secret leaked")
            break
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
