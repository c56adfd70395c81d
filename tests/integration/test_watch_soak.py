#!/usr/bin/env python3
"""Long-running check: `rmqdr watch` against the emulator with every
transient fault kind injected at random (issue 12, "What it must show" 2).

The emulator gets its own process with an accelerated clock (--clock-rate),
10 minutes ahead of the device at start (--clock-offset) so that its drift
crosses the service's 15-minute skew limit during the run and the client
must relearn the time; a short run covers at least 10 emulated minutes; the watch polls
every second (one poll = `rate` emulated seconds) with --max-lag 1ms, so
every complete poll prints the same checkpoints (those whose consume lag is
above 0) in page order, and every failed poll prints a report on stderr.

stdout and stderr share one pipe (the CLI flushes each line), and the
stream is cut into polls: a poll's checkpoint ids strictly increase, a
lower id starts the next poll, a run of non-JSON lines reports the poll it
ends. Asserted:
  - every poll is either complete (its ids are exactly the expected set) or
    ended by a report: nothing lost, nothing delivered twice, no silent gap;
  - no gap between two output lines exceeds the longest a poll may take
    (retries x timeout + backoff + interval), and the watch never exits on
    its own: nothing hangs, nothing gives up;
  - the run covered >= 10 emulated minutes, had complete polls and reported
    failures, and the whole check ends within its wall-time bound.

Checks only what any output format keeps: one JSON object per reported
checkpoint carrying its checkpointId, and failures as non-JSON lines.

Usage: test_watch_soak.py [--seconds S] [--rate R] [--seed N]
(defaults: 36 s at rate 20 = 12 emulated minutes; `make soak-watch` runs
660 s at rate 1). Last line: "N passed, N failed".
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import http.client

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KEY_ID = "LTAIemulatorKeyId"
KEY_SECRET = "emulator-secret-do-not-use"
PLAN, ITEM, INSTANCE = "1300000016", "100070284", "rmq-cn-7e22ody0001"
TIMEOUT_S, RETRIES, INTERVAL_S, DEADLINE_S = 2, 2, 1, 8

# Every transient kind the emulator knows (and the Date hazards, which
# must not fail anything). Non-transient kinds (malformed, auth errors)
# are for other tests: they end a watch by design.
TRANSIENT = [
    {"kind": "throttle", "status": 503, "retry_after_ms": 300},
    {"kind": "throttle", "status": 400, "retry_after_ms": 200},
    {"kind": "http500"},
    {"kind": "http503"},
    {"kind": "html-error"},
    {"kind": "html-error", "status": 504, "server": "Tengine"},
    {"kind": "html-error", "status": 502, "date": "Thu, 01 Jan 1970 00:00:00 GMT"},
    {"kind": "text-error"},
    {"kind": "empty-error"},
    {"kind": "empty-error", "status": 429, "request_id": False},
    {"kind": "cut-error"},
    {"kind": "reset"},
    {"kind": "reset", "after_bytes": 0},
    {"kind": "truncated"},
    {"kind": "close"},
    {"kind": "delay", "delay_ms": 1200},
    {"kind": "slow", "bytes": 64, "delay_ms": 3},
    {"kind": "drop", "max_ms": 4000},
    {"kind": "chunked"},
    {"kind": "bad-date"},
    {"kind": "bad-date", "date": "Fri, 01 Jan 2500 00:00:00 GMT"},
]
DRIP = {"kind": "drip"}


class Emulator:
    """An emulator process of our own (accelerated clock), like emulator.sh."""

    def __init__(self, rate: float, offset: float):
        self.dir = tempfile.mkdtemp(prefix="rmqdr-watch-soak.")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "tools/emulator/emulator.py"), "--port", "0",
             "--state-dir", self.dir, "--key-id", KEY_ID, "--key-secret", KEY_SECRET,
             "--clock-rate", str(rate), "--clock-offset", str(offset), "--quiet"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ready = os.path.join(self.dir, "ready")
        for _ in range(400):
            if os.path.exists(ready) or self.proc.poll() is not None:
                break
            time.sleep(0.05)
        info = dict(line.strip().split("=", 1) for line in open(ready) if "=" in line)
        self.port, self.ca = int(info["port"]), info["ca"]

    def post(self, path: str, body: dict) -> dict:
        conn = http.client.HTTPSConnection("localhost", self.port, timeout=10,
                                           context=ssl.create_default_context(cafile=self.ca))
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        data = conn.getresponse().read()
        conn.close()
        return json.loads(data)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def expected_ids() -> tuple[list[int], list[int]]:
    """Ids a complete poll prints: all on the first poll, then those with lag > 0."""
    sys.path.insert(0, os.path.join(ROOT, "tools/emulator"))
    import dataset as ds  # noqa: E402  (the emulator's own reader of its data)
    data = ds.Dataset.from_file(os.path.join(ROOT, "tools/emulator/data/sample.json"))
    _, items = ds.page(data.lookup(INSTANCE, PLAN, ITEM), "", 1, 100, int(time.time() * 1000))
    every = [it["checkpointId"] for it in items]
    lagging = [it["checkpointId"] for it in items
               if it["sourceProgress"]["progressData"]["consumeTimestamp"]
               > it["targetProgress"]["progressData"]["consumeTimestamp"] + 1]
    return every, lagging


class Injector(threading.Thread):
    """Queues random transient faults, sometimes in bursts that outlast the retries."""

    def __init__(self, emu: Emulator, kinds: list, seed: int):
        super().__init__(daemon=True)
        self.emu, self.kinds, self.rng = emu, kinds, random.Random(seed)
        self.stop = threading.Event()
        self.injected: dict[str, int] = {}
        self.deck: list = []

    def draw(self) -> dict:
        """Random order, but every kind once before any repeats."""
        if not self.deck:
            self.deck = list(self.kinds)
            self.rng.shuffle(self.deck)
        return self.deck.pop()

    def run(self) -> None:
        pending = 0
        while not self.stop.wait(self.rng.uniform(0.3, 1.0)):
            if pending >= 2:  # keep the queue short: faults among healthy answers
                pending = len(self.emu.post("/_emu/faults", {"faults": []})["faults_pending"])
                continue
            burst = RETRIES + 1 if self.rng.random() < 0.3 else 1
            faults = [self.draw() for _ in range(burst)]
            try:
                pending = len(self.emu.post("/_emu/faults", {"faults": faults})["faults_pending"])
            except (OSError, ValueError, KeyError):
                continue
            for f in faults:
                self.injected[f["kind"]] = self.injected.get(f["kind"], 0) + 1


def read_lines(proc, out: list, start: float) -> None:
    """Every output line with its arrival time (s since start)."""
    for raw in proc.stdout:
        out.append((time.monotonic() - start, raw.decode("utf-8", "replace").rstrip("\n")))


def checkpoint_id(line: str):
    """The checkpointId of a JSON checkpoint line, else None."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    for key, value in obj.items():
        if key.lower() == "checkpointid" and isinstance(value, int):
            return value
    return None


def cut_polls(lines: list) -> list[dict]:
    """The stream as polls: {"ids": [...], "reported": bool}."""
    polls, current = [], {"ids": [], "reported": False}
    for _, line in lines:
        cid = checkpoint_id(line)
        if cid is None:
            if line.strip():
                current["reported"] = True
            continue
        if current["reported"] or (current["ids"] and cid <= current["ids"][-1]):
            polls.append(current)
            current = {"ids": [], "reported": False}
        current["ids"].append(cid)
    polls.append(current)
    return polls


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=36.0)
    ap.add_argument("--rate", type=float, default=20.0)
    ap.add_argument("--offset", type=float, default=600.0,
                    help="emulator clock ahead of the device at start (s); with the rate it "
                         "crosses the service's 15 min skew limit during the run")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("RMQDR_SOAK_SEED", "12")))
    args = ap.parse_args()
    cli = os.path.join(ROOT, os.environ.get("B", "build/host"), "rmqdr")
    passed = failed = 0

    def check(ok: bool, what: str) -> None:
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + what)
        if ok:
            passed += 1
        else:
            failed += 1

    if not os.access(cli, os.X_OK):
        print(f"missing {cli}")
        print("0 passed, 1 failed")
        return 1
    every, lagging = expected_ids()
    has_deadline = True  # watch takes --deadline; the drip fault is bounded by it
    kinds = TRANSIENT + [DRIP]
    # the longest a poll may take: every attempt timing out, every backoff
    # at its ceiling (client.h defaults), the interval; or the deadline
    longest = (RETRIES + 1) * TIMEOUT_S + 0.5 + 1.0 + INTERVAL_S + 3.0
    if DRIP in kinds:
        longest = max(longest, (DEADLINE_S if has_deadline else 60) + INTERVAL_S + 3.0)
    emu = Emulator(args.rate, args.offset)
    t0 = time.monotonic()
    cmd = [cli, "watch", "--endpoint", f"https://localhost:{emu.port}", "--ca-file", emu.ca,
           "--plan-id", PLAN, "--item-id", ITEM, "--instance-id", INSTANCE, "--page-size", "5",
           "--output", "jsonl", "--interval", f"{INTERVAL_S}s", "--max-lag", "1ms",
           "--timeout", f"{TIMEOUT_S}s", "--retries", str(RETRIES)]
    if has_deadline:
        cmd += ["--deadline", f"{DEADLINE_S}s"]
    env = dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID=KEY_ID,
               ALIBABA_CLOUD_ACCESS_KEY_SECRET=KEY_SECRET)
    env.pop("ALIBABA_CLOUD_SECURITY_TOKEN", None)
    cmd = os.environ.get("RUN", "").split() + cmd  # qemu-user on cross boards
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    lines: list = []
    reader = threading.Thread(target=read_lines, args=(proc, lines, t0), daemon=True)
    reader.start()
    injector = Injector(emu, kinds, args.seed)
    time.sleep(min(3.0, args.seconds / 4))  # a clean first poll
    injector.start()
    end = t0 + args.seconds
    while time.monotonic() < end and proc.poll() is None:
        time.sleep(0.2)
    injector.stop.set()
    alive = proc.poll() is None
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=5)
        stopped = True
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        stopped = False
    reader.join(timeout=5)
    wall = time.monotonic() - t0
    emu.stop()

    polls = cut_polls(lines)
    last = polls.pop()  # the poll in progress at SIGTERM may be cut short
    complete = [p for p in polls if not p["reported"]]
    reported = [p for p in polls if p["reported"]]
    bad = [p for i, p in enumerate(polls) if not p["reported"]
           and p["ids"] != (every if i == 0 else lagging)]
    dup = [p for p in polls + [last] if len(set(p["ids"])) != len(p["ids"])]
    times = [0.0] + [t for t, _ in lines]
    gap = max(b - a for a, b in zip(times, times[1:])) if len(times) > 1 else args.seconds
    emulated_min = args.seconds * args.rate / 60
    print(f"watch soak: {wall:.1f} s wall, {emulated_min:.1f} emulated min, rate {args.rate}, "
          f"{len(polls)} polls: {len(complete)} complete, {len(reported)} reported; "
          f"longest silence {gap:.1f} s (bound {longest:.1f} s); deadline option: {has_deadline}")
    print("injected: " + json.dumps(dict(sorted(injector.injected.items()))))
    check(alive, "watch kept running for the whole run (never gave up on its own)")
    check(stopped, "watch stopped within 5 s of SIGTERM")
    check(emulated_min >= 10, "at least 10 minutes of emulated time")
    check(not bad, f"every unreported poll is complete ({len(bad)} were not: "
                   f"{[p['ids'] for p in bad[:3]]})")
    check(not dup, "no checkpoint delivered twice within a poll")
    check(gap <= longest, f"no silence longer than a poll may take ({gap:.1f} s)")
    check(len(complete) >= 3 and len(reported) >= 1,
          "complete polls and reported failures both happened")
    check(len(polls) >= args.seconds / (longest + INTERVAL_S),
          f"polls kept coming ({len(polls)} in {args.seconds:.0f} s)")
    missing = {k["kind"] for k in kinds} - set(injector.injected)
    check(not missing or args.seconds < 30, f"every fault kind was injected (missing: {sorted(missing)})")
    check(wall <= args.seconds + 15, f"the check ended within its bound ({wall:.1f} s)")
    if failed:
        for t, line in lines[-40:]:
            print(f"  {t:7.2f} {line}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
