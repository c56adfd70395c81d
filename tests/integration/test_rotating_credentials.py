#!/usr/bin/env python3
"""Credentials that rotate (issue 17) against the emulator over TLS, with
its metadata service and credentials URI on a plain loopback listener
(RMQDR_TEST_METADATA_ENDPOINT, the test-only override of 100.100.100.200).

Time scale: the emulator issues STS credentials that live 9 s instead of
the issue's 90 s (everything divided by 10); the client renews a third of
the lifetime before Expiration (3 s here; 30 s for a 90 s token; at most
its 3-minute margin), so a 32 s watch spans more than three lifetimes.

  1. `watch` (poll every second) with each provider: ECS RAM role from
     ALIBABA_CLOUD_ECS_METADATA (hardened mode), ECS RAM role from a
     profile with the role discovered, CredentialsURI from
     ALIBABA_CLOUD_CREDENTIALS_URI, RamRoleArn from an AccessKey profile and
     ChainableRamRoleArn whose source is the ECS RAM role (STS AssumeRole on
     the emulator's TLS port, signature verified, RMQDR_TEST_STS_ENDPOINT;
     the emulator caps DurationSeconds 900 to its 9 s lifetime): no failed
     poll, no request ever rejected, a refresh logged at least every
     lifetime (before expiry).
  2. Every issued token expired mid-run: one InvalidSecurityToken.Expired,
     one refresh, the re-signed request succeeds, the watch goes on.
  3. The metadata service down, answering garbage, 500, a failure Code, or
     hanging: one clear line, exit 4, never past the timeout.
  4. A refresh failing mid-run: reported once, the old credentials are
     used until they expire; back to normal after the service recovers.
  5. Hardened-only by default: a plain-mode service is used only with
     ALIBABA_CLOUD_IMDSV1_DISABLED=false; http:// credential URIs only on
     loopback; the override only for loopback hosts.
  6. No AccessKey secret, STS token or metadata token in any output or in
     the emulator's log (the emulator marks them with distinctive prefixes).
Last line: "N passed, N failed".
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(ROOT, os.environ.get("B", "build/host"), "rmqdr")
PLAN = ["--plan-id", "1300000016", "--item-id", "100070284", "--instance-id", "rmq-cn-7e22ody0001"]
LIFETIME_S = 9
RUN_S = 32
SECRET_MARKS = ("emu-sts-secret-", "emu-sts-token-", "emu-md-token-")
KEY_ID, KEY_SECRET = "LTAIemulatorKeyId", "emulator-secret-do-not-use"
ROLE_ARN = "acs:ram::1234567890123456:role/rmqdr-emulator-role"


def write_profiles(path: str, role_arn: str = ROLE_ARN, secret: str = KEY_SECRET) -> None:
    """ecs (EcsRamRole, role discovered), arn (RamRoleArn from an AccessKey),
    chain (ChainableRamRoleArn from ecs)."""
    role = {"ram_role_arn": role_arn, "ram_session_name": "rmqdr-test", "expired_seconds": 900}
    with open(path, "w") as f:
        json.dump({"current": "ecs", "profiles": [
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "", "region_id": "cn-hangzhou"},
            {"name": "arn", "mode": "RamRoleArn", "access_key_id": KEY_ID, "access_key_secret": secret,
             **role},
            {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "ecs", **role}]}, f)
results = {"pass": 0, "fail": 0}
outputs: list[str] = []


def check(ok: bool, what: str) -> None:
    results["pass" if ok else "fail"] += 1
    print(("ok   " if ok else "FAIL ") + what, flush=True)


class Emulator:
    def __init__(self, *extra: str):
        self.dir = tempfile.mkdtemp(prefix="rmqdr-creds.")
        self.log = open(os.path.join(self.dir, "emulator.log"), "w+")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "tools/emulator/emulator.py"), "--port", "0",
             "--state-dir", self.dir, "--metadata", "--sts-lifetime", str(LIFETIME_S), "-v", *extra],
            stdout=subprocess.DEVNULL, stderr=self.log)
        ready = os.path.join(self.dir, "ready")
        for _ in range(400):
            if os.path.exists(ready) or self.proc.poll() is not None:
                break
            time.sleep(0.05)
        info = dict(line.strip().split("=", 1) for line in open(ready) if "=" in line)
        self.port, self.ca, self.mport = int(info["port"]), info["ca"], int(info["metadata_port"])

    def control(self, method: str, path: str, body: dict | None = None) -> dict:
        conn = http.client.HTTPSConnection("localhost", self.port, timeout=10,
                                           context=ssl.create_default_context(cafile=self.ca))
        conn.request(method, path, body=json.dumps(body) if body is not None else None)
        data = conn.getresponse().read()
        conn.close()
        return json.loads(data)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.seek(0)
        outputs.append(self.log.read())
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def base_env(emu: Emulator, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env.update(HOME="/nonexistent", RMQDR_TEST_METADATA_ENDPOINT=f"127.0.0.1:{emu.mport}")
    env.update(extra)
    return env


def cli_args(emu: Emulator, command: str, *more: str) -> list[str]:
    return [CLI, command, "--endpoint", f"https://localhost:{emu.port}", "--ca-file", emu.ca, *PLAN, *more]


def run(emu: Emulator, env: dict, command: str, *more: str, timeout: float = 30) -> tuple[int, str, str, float]:
    t0 = time.monotonic()
    p = subprocess.run(cli_args(emu, command, *more), env=env, capture_output=True, timeout=timeout)
    out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    outputs.extend([out, err])
    return p.returncode, out, err, time.monotonic() - t0


class Watch:
    """A `watch --verbose` whose stderr lines are kept with their arrival time."""

    def __init__(self, emu: Emulator, env: dict):
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cli_args(emu, "watch", "--interval", "1s", "--timeout", "3s",
                                              "--verbose", "--output", "jsonl"),
                                     env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: list[tuple[float, str]] = []
        self.out: list[str] = []
        threading.Thread(target=self._read, args=(self.proc.stderr, self.lines), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True).start()

    def _read(self, stream, into) -> None:
        for raw in stream:
            line = raw.decode(errors="replace").rstrip("\n")
            into.append((time.monotonic() - self.t0, line) if into is self.lines else line)

    def stop(self) -> bool:
        alive = self.proc.poll() is None
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        time.sleep(0.2)
        outputs.extend([line for _, line in self.lines] + self.out)
        return alive

    def count(self, text: str) -> int:
        return sum(1 for _, line in self.lines if text in line)

    def times(self, text: str) -> list[float]:
        return [t for t, line in self.lines if text in line]


def long_watches(emu: Emulator, profile_dir: str) -> None:
    profile = os.path.join(profile_dir, "config.json")
    write_profiles(profile)
    sts = f"localhost:{emu.port}"
    cases = {
        "EcsRamRole from ALIBABA_CLOUD_ECS_METADATA": base_env(emu, ALIBABA_CLOUD_ECS_METADATA="rmqdr-emulator-role"),
        "EcsRamRole from a profile, role discovered": base_env(emu, ALIBABA_CLOUD_CONFIG_FILE=profile),
        "CredentialsURI from ALIBABA_CLOUD_CREDENTIALS_URI": base_env(
            emu, ALIBABA_CLOUD_CREDENTIALS_URI=f"http://127.0.0.1:{emu.mport}/credentials"),
        "RamRoleArn from an AccessKey profile": base_env(
            emu, ALIBABA_CLOUD_CONFIG_FILE=profile, ALIBABA_CLOUD_PROFILE="arn", RMQDR_TEST_STS_ENDPOINT=sts),
        "ChainableRamRoleArn from the ECS RAM role": base_env(
            emu, ALIBABA_CLOUD_CONFIG_FILE=profile, ALIBABA_CLOUD_PROFILE="chain", RMQDR_TEST_STS_ENDPOINT=sts),
    }
    watches = {name: Watch(emu, env) for name, env in cases.items()}
    time.sleep(RUN_S)
    for name, w in watches.items():
        alive = w.stop()
        ok_polls = w.count("rmqdr: HTTP 200")
        refreshes = w.times("credentials refreshed from")
        first = w.count("rmqdr: credentials: ")
        gaps = [b - a for a, b in zip([0.0] + refreshes, refreshes)]
        failures = [line for _, line in w.lines
                    if line.startswith("rmqdr: ") and ("HTTP 4" in line or "error" in line or "failed" in line)]
        check(alive, f"{name}: watch still running after {RUN_S} s")
        check(first == 1, f"{name}: --verbose names the provider once")
        check(ok_polls >= RUN_S - 8, f"{name}: {ok_polls} successful polls")
        check(not failures, f"{name}: no failed poll, no rejected request ({failures[:2]})")
        check(len(refreshes) >= RUN_S // LIFETIME_S,
              f"{name}: {len(refreshes)} refreshes over {RUN_S / LIFETIME_S:.1f} lifetimes")
        check(all(g < LIFETIME_S for g in gaps), f"{name}: every refresh before the previous expiry ({gaps})")


def mid_run_expiry() -> None:
    emu = Emulator("--sts-lifetime", "3600")
    try:
        w = Watch(emu, base_env(emu, ALIBABA_CLOUD_ECS_METADATA="rmqdr-emulator-role"))
        time.sleep(3)
        before = w.count("rmqdr: HTTP 200")
        emu.control("POST", "/_emu/credentials", {"expire": True})
        time.sleep(4)
        alive = w.stop()
        rejected = w.count("InvalidSecurityToken.Expired")
        refreshed = w.count("credentials refreshed from")
        retries = w.count("rmqdr: retry")
        after = w.count("rmqdr: HTTP 200")
        check(alive, "expiry mid-run: the watch goes on")
        check(rejected == 1, f"expiry mid-run: one InvalidSecurityToken.Expired ({rejected})")
        check(refreshed == 1, f"expiry mid-run: one refresh ({refreshed})")
        check(retries == 0, "expiry mid-run: the re-signed request is not a retry")
        check(after >= before + 3, f"expiry mid-run: polls succeed after it ({before} -> {after})")
        check(not any("API error" in line for _, line in w.lines), "expiry mid-run: no failed poll")
    finally:
        emu.stop()


def refresh_failure_mid_run() -> None:
    emu = Emulator()
    try:
        w = Watch(emu, base_env(emu, ALIBABA_CLOUD_ECS_METADATA="rmqdr-emulator-role"))
        time.sleep(2)
        emu.control("POST", "/_emu/credentials", {"fault": "500"})
        time.sleep(LIFETIME_S + 4)
        failed_lines = w.count("credentials refresh from EcsRamRole failed")
        kept = w.count("keeping the current ones")
        expired = w.count("no unexpired credentials") + w.count("RMQDR_ERR_CREDENTIALS")
        emu.control("POST", "/_emu/credentials", {"fault": "none"})
        time.sleep(12)
        n_ok_before = w.count("rmqdr: HTTP 200")
        time.sleep(3)
        alive = w.stop()
        check(alive, "refresh failure: the watch goes on")
        check(failed_lines == 1 and kept == 1, f"refresh failure: reported once ({failed_lines})")
        check(expired >= 1, "refresh failure: polls fail once the old credentials expire")
        check(w.count("rmqdr: HTTP 200") > n_ok_before, "refresh failure: recovered after the service is back")
        check(w.count("InvalidSecurityToken") == 0, "refresh failure: an expired token is never sent")
    finally:
        emu.stop()


def failures() -> None:
    emu = Emulator()
    try:
        env = base_env(emu, ALIBABA_CLOUD_ECS_METADATA="rmqdr-emulator-role")
        for fault, words in (("garbage", "not a JSON object"), ("500", "HTTP 500"),
                             ("code", "Code is not Success"), ("hang", "timeout")):
            emu.control("POST", "/_emu/credentials", {"fault": fault})
            rc, out, err, took = run(emu, env, "checkpoints", "--timeout", "2s")
            check(rc == 4 and "no credentials from EcsRamRole" in err and err.count("\n") == 1,
                  f"metadata {fault}: exit 4 and one line ({rc}: {err.strip()[:160]})")
            check(took < 6, f"metadata {fault}: ends within the timeout ({took:.1f} s)")
        emu.control("POST", "/_emu/credentials", {"fault": "none"})
        down = base_env(emu, ALIBABA_CLOUD_ECS_METADATA="r", RMQDR_TEST_METADATA_ENDPOINT="127.0.0.1:1")
        rc, out, err, took = run(emu, down, "checkpoints", "--timeout", "2s")
        check(rc == 4 and "no credentials from EcsRamRole" in err and "127.0.0.1:1" in err,
              f"metadata down: exit 4, says where ({err.strip()[:160]})")
        bad = base_env(emu, ALIBABA_CLOUD_ECS_METADATA="r", RMQDR_TEST_METADATA_ENDPOINT="192.0.2.1:80")
        rc, out, err, took = run(emu, bad, "checkpoints")
        check(rc == 2 and "loopback" in err, "metadata override: loopback hosts only (exit 2)")
        uri = base_env(emu, ALIBABA_CLOUD_CREDENTIALS_URI="http://192.0.2.1/credentials")
        rc, out, err, took = run(emu, uri, "checkpoints")
        check(rc == 2 and "loopback" in err, "credentials URI: plain http only on loopback (exit 2)")
        rc, out, err, took = run(emu, env, "watch", "--once", "--verbose")
        check(rc in (0, 1) and "credentials: EcsRamRole (environment)" in err, "watch --once --verbose names the provider")
        profiles = os.path.join(emu.dir, "profiles.json")
        sts = f"localhost:{emu.port}"
        for what, role, secret, words in (("wrong secret", ROLE_ARN, "not-" + KEY_SECRET, "SignatureDoesNotMatch"),
                                          ("unknown role", ROLE_ARN + "x", KEY_SECRET, "EntityNotExist.Role")):
            write_profiles(profiles, role, secret)
            arn = base_env(emu, ALIBABA_CLOUD_CONFIG_FILE=profiles, ALIBABA_CLOUD_PROFILE="arn",
                           RMQDR_TEST_STS_ENDPOINT=sts)
            rc, out, err, took = run(emu, arn, "checkpoints", "--timeout", "2s")
            check(rc == 4 and "no credentials from RamRoleArn" in err and words in err and err.count("\n") == 1,
                  f"AssumeRole {what}: exit 4, one line with the API code ({err.strip()[:160]})")
        write_profiles(profiles)
        rc, out, err, took = run(emu, arn, "checkpoints", "--dry-run", "--verbose")
        check(rc == 0 and "credentials: RamRoleArn (profile file " in err and "profile arn)" in err, f"RamRoleArn: --dry-run --verbose names it (rc {rc}: {err.strip()[:300]})")
        chain = base_env(emu, ALIBABA_CLOUD_CONFIG_FILE=profiles, ALIBABA_CLOUD_PROFILE="chain",
                         RMQDR_TEST_STS_ENDPOINT="192.0.2.1:443")
        rc, out, err, took = run(emu, chain, "checkpoints")
        check(rc == 2 and "loopback" in err, "STS override: loopback hosts only (exit 2)")
    finally:
        emu.stop()
    plain = Emulator("--metadata-mode", "plain")
    try:
        env = base_env(plain, ALIBABA_CLOUD_ECS_METADATA="rmqdr-emulator-role")
        rc, out, err, took = run(plain, env, "checkpoints")
        check(rc == 4 and "/latest/api/token" in err, f"plain-only service: hardened mode required by default ({rc})")
        env["ALIBABA_CLOUD_IMDSV1_DISABLED"] = "false"
        rc, out, err, took = run(plain, env, "checkpoints")
        check(rc == 0, f"plain-only service: used with ALIBABA_CLOUD_IMDSV1_DISABLED=false ({err.strip()[:120]})")
    finally:
        plain.stop()


def main() -> int:
    if not os.access(CLI, os.X_OK):
        print(f"missing {CLI}\n0 passed, 1 failed")
        return 1
    profile_dir = tempfile.mkdtemp(prefix="rmqdr-creds-profile.")
    threads = [threading.Thread(target=mid_run_expiry), threading.Thread(target=failures)]
    for t in threads:
        t.start()
    emu = Emulator()
    try:
        long_watches(emu, profile_dir)
    finally:
        emu.stop()
        shutil.rmtree(profile_dir, ignore_errors=True)
    for t in threads:
        t.join()
    refresh_failure_mid_run()
    leaked = [m for m in SECRET_MARKS if any(m in text for text in outputs)]
    check(not leaked, f"no secret, STS token or metadata token in any output or log ({leaked})")
    check(any("credentials issued" in text for text in outputs), "the scan saw the emulator's credential log")
    print(f"{results['pass']} passed, {results['fail']} failed")
    return 0 if results["fail"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
