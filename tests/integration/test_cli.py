#!/usr/bin/env python3
"""The rmqdr command end to end against the emulator (started by tests/run.sh).

Covers every output format (parsed back with a JSON parser), --all across
pages, watch --once exit codes, credentials from the environment and from
an aliyun profile file (AK and StsToken), exit codes 2/3/4/5, and that no
secret or STS token ever appears in any output. Last line: "N passed, N failed".
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import ssl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, os.environ.get("B", "build/host"), "rmqdr")
RUN = os.environ.get("RUN", "").split()
PORT, CA = os.environ["EMU_PORT"], os.environ["EMU_CA"]
KEY_ID, SECRET = os.environ["EMU_KEY_ID"], os.environ["EMU_KEY_SECRET"]
ENDPOINT = f"https://localhost:{PORT}"
PLAN = ["--plan-id", "1300000016", "--item-id", "100070284", "--instance-id", "rmq-cn-7e22ody0001"]
TOTAL = 12
STS_TOKEN = "CAIS.sts-token-for-tests_0123456789"
STS_SECRET = "sts-secret-for-tests"
OUTPUTS = []  # every (stdout, stderr) seen, for the secret scan


def emu(method, path, body=None):
    ctx = ssl.create_default_context(cafile=CA)
    req = urllib.request.Request(f"https://localhost:{PORT}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
        return json.loads(r.read() or b"{}")


def base_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env["HOME"] = "/nonexistent"
    env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = KEY_ID
    env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = SECRET
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def rmqdr(*args, env=None, endpoint=ENDPOINT, ca=CA, timeout=60):
    cmd = RUN + [CLI] + list(args)
    if endpoint is not None:
        cmd += ["--endpoint", endpoint]
    if ca is not None:
        cmd += ["--ca-file", ca]
    p = subprocess.run(cmd, env=env if env is not None else base_env(), capture_output=True,
                       timeout=timeout)
    OUTPUTS.append((p.stdout, p.stderr))
    return p


def test_json_page():
    p = rmqdr("checkpoints", *PLAN, "--page-size", "5", "--output", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["success"] is True and doc["requestId"]
    assert doc["data"]["totalCount"] == TOTAL and doc["data"]["pageSize"] == 5
    assert len(doc["data"]["list"]) == 5
    first = doc["data"]["list"][0]
    for key in ("planId", "itemId", "checkpointId", "lastSyncTime", "sourceProgress", "targetProgress"):
        assert key in first, key
    assert "consumeTimestamp" in first["sourceProgress"]["progressData"]


def test_all_json_every_item_once():
    p = rmqdr("checkpoints", *PLAN, "--all", "--page-size", "5", "--output", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    ids = [c["checkpointId"] for c in doc["data"]["list"]]
    assert len(ids) == TOTAL and len(set(ids)) == TOTAL, ids
    assert doc["data"]["totalCount"] == TOTAL


def test_all_jsonl_one_connection():
    emu("POST", "/_emu/reset-stats", {})
    p = rmqdr("checkpoints", *PLAN, "--all", "--page-size", "2", "--output", "jsonl", "--verbose")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.decode().splitlines()
    ids = [json.loads(line)["checkpointId"] for line in lines]
    assert len(ids) == TOTAL and len(set(ids)) == TOTAL
    stats = emu("GET", "/_emu/stats")
    assert stats["handshakes"] == 1 and stats["requests"] == 6, stats
    assert b"request id" in p.stderr  # --verbose reports request ids


def test_table():
    p = rmqdr("checkpoints", *PLAN, "--all", "--page-size", "5")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.decode().splitlines()
    assert "LAG" in lines[0] and "SYNC AGE" in lines[0]
    rows = [line for line in lines[1:] if line and not line[0].isdigit()]
    assert len(rows) == TOTAL, lines
    assert lines[-1].startswith(f"{TOTAL} checkpoint(s) of {TOTAL}")


def test_watch_once_within():
    p = rmqdr("watch", *PLAN, "--once", "--max-lag", "1d", "--max-stale", "1d")
    assert p.returncode == 0, (p.returncode, p.stderr)
    assert b"BREACH" not in p.stdout


def test_watch_once_breached():
    p = rmqdr("watch", *PLAN, "--once", "--max-lag", "1m", "--output", "jsonl")
    assert p.returncode == 1, (p.returncode, p.stderr)
    events = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert any(e["status"] == "breach" and e["lagMs"] > 60000 for e in events), events


def test_exit_api_error():
    p = rmqdr("checkpoints", "--plan-id", "1300000016", "--item-id", "100070284",
              "--instance-id", "rmq-cn-unknown")
    assert p.returncode == 3, p.returncode
    assert b"Instance.NotFound" in p.stderr and b"HTTP 404" in p.stderr


def test_exit_auth_error():
    p = rmqdr("checkpoints", *PLAN, env=base_env(ALIBABA_CLOUD_ACCESS_KEY_SECRET="not-the-secret"))
    assert p.returncode == 3, p.returncode
    assert b"SignatureDoesNotMatch" in p.stderr


def test_exit_network_and_tls():
    p = rmqdr("checkpoints", *PLAN, "--timeout", "2s", "--retries", "0",
              endpoint="https://localhost:1")
    assert p.returncode == 4, p.returncode
    p = rmqdr("checkpoints", *PLAN, "--retries", "0", ca="/etc/ssl/certs/ca-certificates.crt")
    assert p.returncode == 4, p.returncode
    assert b"verif" in p.stderr.lower()


def test_exit_malformed():
    emu("POST", "/_emu/faults", {"faults": [{"kind": "malformed"}]})
    p = rmqdr("checkpoints", *PLAN)
    assert p.returncode == 5, (p.returncode, p.stderr)


def test_retry_visible_in_verbose():
    emu("POST", "/_emu/faults", {"faults": [{"kind": "throttle", "retry_after_ms": 100}]})
    p = rmqdr("checkpoints", *PLAN, "--verbose")
    assert p.returncode == 0, p.stderr
    assert b"retry 1" in p.stderr and b"Throttling.User" in p.stderr


def test_usage_errors():
    cases = [
        ["checkpoints", *PLAN, "--output", "xml"],
        ["watch", *PLAN, "--all"],
        ["watch", *PLAN, "--interval", "0s"],
        ["checkpoints", *PLAN, "--timeout", "0"],
        ["checkpoints", *PLAN, "--retries", "99"],
        ["frobnicate"],
        ["checkpoints", *PLAN, "--max-lag", "5 minutes"],
    ]
    for args in cases:
        p = rmqdr(*args)
        lines = p.stderr.decode().strip().splitlines()
        assert p.returncode == 2, (args, p.returncode)
        assert len(lines) == 1 and lines[0].startswith("rmqdr: "), (args, lines)
    p = rmqdr("checkpoints", *PLAN, endpoint="http://example.com", ca=None)
    assert p.returncode == 2, p.returncode
    p = rmqdr("checkpoints", *PLAN, endpoint=f"http://localhost:{PORT}")
    assert p.returncode == 2, p.returncode  # --ca-file with http://


def write_profile(tmp, profiles, current="default"):
    os.makedirs(os.path.join(tmp, ".aliyun"), exist_ok=True)
    path = os.path.join(tmp, ".aliyun", "config.json")
    with open(path, "w") as f:
        f.write(json.dumps({"current": current, "profiles": profiles}))
    return path


def profile_env(tmp, **extra):
    env = base_env(HOME=tmp, **extra)
    del env["ALIBABA_CLOUD_ACCESS_KEY_ID"], env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]
    return env


def test_profile_ak():
    with tempfile.TemporaryDirectory() as tmp:
        write_profile(tmp, [
            {"name": "other", "mode": "AK", "access_key_id": "LTAIwrong", "access_key_secret": "x"},
            {"name": "default", "mode": "AK", "access_key_id": KEY_ID, "access_key_secret": SECRET,
             "region_id": "cn-hangzhou"}])
        p = rmqdr("checkpoints", *PLAN, env=profile_env(tmp))
        assert p.returncode == 0, p.stderr
        p = rmqdr("checkpoints", *PLAN, "--profile", "other", env=profile_env(tmp))
        assert p.returncode == 3, p.returncode  # unknown key id at the emulator
        p = rmqdr("checkpoints", *PLAN, env=profile_env(tmp, ALIBABA_CLOUD_PROFILE="other"))
        assert p.returncode == 3, p.returncode


def test_profile_errors():
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ([{"name": "default", "mode": "OIDC", "access_key_id": "a",
               "access_key_secret": "b"}], "not supported"),
            ([{"name": "default", "mode": "RamRoleArn", "access_key_id": "a",
               "access_key_secret": "b"}], "lacks ram_role_arn"),
            ([{"name": "default", "mode": "RamRoleArn", "access_key_id": "a", "access_key_secret": "b",
               "ram_role_arn": "acs:ram::1:role/r", "expired_seconds": "900"}], "expired_seconds"),
            ([{"name": "default", "mode": "ChainableRamRoleArn", "source_profile": "nope",
               "ram_role_arn": "acs:ram::1:role/r"}], "source_profile names no profile"),
            ([{"name": "default", "mode": "ChainableRamRoleArn", "source_profile": "default",
               "ram_role_arn": "acs:ram::1:role/r"}], "loops"),
            ([{"name": "default", "mode": "CredentialsURI"}], "lacks credentials_uri"),
            ([{"name": "default", "mode": "CredentialsURI", "credentials_uri": "http://example.com/c"}],
             "only allowed for a loopback host"),
            ([{"name": "default", "mode": "StsToken", "access_key_id": "a",
               "access_key_secret": "b"}], "sts_token"),
            ([{"name": "x", "mode": "AK", "access_key_id": "a", "access_key_secret": "b"}],
             "no profile named"),
        ]
        for profiles, text in cases:
            write_profile(tmp, profiles)
            p = rmqdr("checkpoints", *PLAN, env=profile_env(tmp))
            assert p.returncode == 2 and text.encode() in p.stderr, (text, p.stderr)
            assert len(p.stderr.decode().strip().splitlines()) == 1
        with open(os.path.join(tmp, ".aliyun", "config.json"), "w") as f:
            f.write("{not json")
        p = rmqdr("checkpoints", *PLAN, env=profile_env(tmp))
        assert p.returncode == 2 and b"not valid JSON" in p.stderr, p.stderr
        os.chmod(os.path.join(tmp, ".aliyun", "config.json"), 0)
        shutil.rmtree(os.path.join(tmp, ".aliyun"))
        p = rmqdr("checkpoints", *PLAN, env=profile_env(tmp))
        assert p.returncode == 2 and b"no credentials" in p.stderr, p.stderr


def test_sts_profile_and_env():
    """A second emulator that requires an STS token."""
    state = tempfile.mkdtemp()
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools/emulator/emulator.py"),
                             "--port", "0", "--state-dir", state, "--key-id", "STS.testkey",
                             "--key-secret", STS_SECRET, "--sts-token", STS_TOKEN, "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if os.path.exists(os.path.join(state, "ready")):
                break
            time.sleep(0.05)
        ready = dict(line.split("=", 1) for line in open(os.path.join(state, "ready")).read().split())
        endpoint, ca = f"https://localhost:{ready['port']}", ready["ca"]
        with tempfile.TemporaryDirectory() as tmp:
            write_profile(tmp, [{"name": "default", "mode": "StsToken", "access_key_id": "STS.testkey",
                                 "access_key_secret": STS_SECRET, "sts_token": STS_TOKEN}])
            p = rmqdr("checkpoints", *PLAN, "--verbose", env=profile_env(tmp), endpoint=endpoint, ca=ca)
            assert p.returncode == 0, p.stderr
        env = base_env(ALIBABA_CLOUD_ACCESS_KEY_ID="STS.testkey",
                       ALIBABA_CLOUD_ACCESS_KEY_SECRET=STS_SECRET,
                       ALIBABA_CLOUD_SECURITY_TOKEN=STS_TOKEN)
        p = rmqdr("checkpoints", *PLAN, "--verbose", "--output", "json", env=env, endpoint=endpoint, ca=ca)
        assert p.returncode == 0, p.stderr
        p = rmqdr("checkpoints", *PLAN, "--dry-run", env=env, endpoint=endpoint, ca=ca)
        assert p.returncode == 0 and b"<redacted>" in p.stdout
        env["ALIBABA_CLOUD_SECURITY_TOKEN"] = "wrong-token"
        p = rmqdr("checkpoints", *PLAN, "--verbose", env=env, endpoint=endpoint, ca=ca)
        assert p.returncode == 3, p.returncode
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(state, ignore_errors=True)


def test_no_secret_in_any_output():
    """Runs last: scans every output of every test above."""
    assert len(OUTPUTS) > 20, len(OUTPUTS)
    for out, err in OUTPUTS:
        for secret in (SECRET, STS_SECRET, STS_TOKEN):
            assert secret.encode() not in out + err, f"secret {secret[:4]}... leaked"


def run_tests(namespace, last=None, reset=True):
    """Run every test_* function of a module's namespace, the one named
    `last` at the end (secret scans read what the others printed), each
    after an emulator reset unless reset is False. Returns (passed, failed)."""
    tests = [v for k, v in namespace.items() if k.startswith("test_") and callable(v)]
    tests.sort(key=lambda f: f.__name__ == last)
    passed = failed = 0
    for t in tests:
        try:
            if reset:
                emu("POST", "/_emu/reset", {})
            t()
            passed += 1
            print(f"ok   {t.__name__}")
        except Exception as exc:  # noqa: BLE001 - every failure is reported
            failed += 1
            print(f"FAIL {t.__name__}: {exc!r}")
    return passed, failed


def report(passed, failed):
    """The suite's last line, and its exit status."""
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    return report(*run_tests(globals(), last="test_no_secret_in_any_output"))


if __name__ == "__main__":
    sys.exit(main())
