#!/usr/bin/env python3
"""Run every rmqdr benchmark, print the figures, write a Markdown report.

    python3 tools/bench/run.py [--build build/host] [--reps 5] [--only decode,mem,...]

Parts: decode (throughput), ipb (instructions per body byte under callgrind:
stable on a shared machine), mem (peak heap / RSS), stack, sign, e2e (CLI
over TLS to the emulator), node (the same job by the official Node SDK, when
node and npm are there), footprint (Cortex-M4 size table when the board
exists).
Writes BUILD/bench/report.md (the tables for docs/PERFORMANCE.md, with the
command behind each) and BUILD/bench/results.json (every raw figure).
Every measurement runs in its own process so peak RSS belongs to it alone.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZES = [10, 100, 10_000, 100_000]
FRAMINGS = ["cl", "chunked"]
VARIANTS = {"a": "rmqdr (a)", "b": "jsmn (b)", "bp": "jsmn+PARENT_LINKS (b')",
            "c": "cJSON (c)", "base": "harness only"}
# jsmn without JSMN_PARENT_LINKS is quadratic in the number of list elements
# (closing each element scans back over all earlier tokens to find the open
# list): ~1.3 s per parse at 10 000 items, ~130 s at 100 000. Above this size
# (b) is not run; its time is extrapolated from the largest size run.
B_MAX_ITEMS = 10_000
E2E_PAGES = 100
E2E_PAGE_SIZE = 100
EMU_KEY_ID = "LTAIemulatorKeyId"
EMU_SECRET = "emulator-secret-do-not-use"
DR = dict(plan="1300000016", item="100070284", instance="rmq-cn-7e22ody0001")

report: list[str] = []
results: dict = {}


def out(line: str = "", md: str | None = None) -> None:
    """Print a line and add it (or md) to the report."""
    print(line, flush=True)
    report.append(line if md is None else md)


def rel(path: Path | str) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def parse_kv(line: str) -> dict:
    """'tag k=v k=v' -> {'k': v} with numbers as numbers."""
    fields = {}
    for part in line.split()[1:]:
        key, _, value = part.partition("=")
        for conv in (int, float):
            try:
                fields[key] = conv(value)
                break
            except ValueError:
                continue
        else:
            fields[key] = value
    return fields


def run_kv(cmd: list[str]) -> dict:
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{done.stderr}")
    return parse_kv(done.stdout.strip().splitlines()[-1])


def table(header: list[str], rows: list[list]) -> None:
    """Print rows aligned and add them to the report as a Markdown table."""
    cells = [[str(c) for c in r] for r in [header] + rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for n, r in enumerate(cells):
        print("  " + "  ".join(c.rjust(w) if i else c.ljust(w)
                               for i, (c, w) in enumerate(zip(r, widths))))
        report.append("| " + " | ".join(r) + " |")
        if n == 0:
            report.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(r))) + "|")
    report.append("")
    print()


def fmt(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def sh(cmd: str) -> str:
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              check=False).stdout.strip()
    except OSError:
        return ""


# --------------------------------------------------------------------------

def machine() -> None:
    cpu = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
    mem_kb = int(sh("sed -n 's/^MemTotal: *\\([0-9]*\\).*/\\1/p' /proc/meminfo") or 0)
    virt = sh("lscpu | sed -n 's/^Hypervisor vendor: *//p'")
    pkgs = sh("dpkg-query -W -f '${Package} ${Version}\\n' libmbedtls-dev libjsmn-dev "
              "libcjson-dev 2>/dev/null | sort -u | tr '\\n' ';'")
    info = {
        "cpu": cpu, "cpus": os.cpu_count(), "memory_gib": round(mem_kb / 1048576, 1),
        "hypervisor": virt or "none", "kernel": platform.release(),
        "os": sh(". /etc/os-release && echo \"$PRETTY_NAME\""),
        "gcc": sh("gcc --version | head -n1"), "libc": " ".join(platform.libc_ver()),
        "packages": pkgs.rstrip(";").replace(";", ", "),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    results["machine"] = info
    out("## Machine")
    out()
    out(f"{info['cpu']}, {info['cpus']} vCPU ({'VM: ' + virt if virt else 'bare metal'}), "
        f"{info['memory_gib']} GiB RAM; {info['os']}, Linux {info['kernel']}; {info['gcc']}; "
        f"glibc {platform.libc_ver()[1]}; {info['packages']}. Run {info['date']}.")
    out()


def decode_time(bench: str, reps: int) -> None:
    out("## Decode throughput (median of %d repetitions)" % reps)
    out()
    out(f"Command per row: `{bench} time VARIANT ITEMS cl|chunked {reps}` (one process each). "
        "MB/s counts JSON body bytes (10^6 B/s) for every variant; (a) is also parsing the "
        "HTTP head and chunk framing, fed in 512-byte slices like the client's receive "
        "buffer. (b), (b') and (c) parse a body already de-framed in one buffer, (b) and (b') "
        "into a token array pre-sized by a counting pass that is not timed: their best case. "
        "Their body is the same for both framings, so they run once per size. (b) without "
        "parent links is quadratic in the list length (closing each element scans back to "
        f"the open list), so above {B_MAX_ITEMS:,} items it is extrapolated (est.), not run.")
    out()
    res = {}
    for items in SIZES:
        for v in ["a", "b", "bp", "c"]:
            for framing in (FRAMINGS if v == "a" else ["cl"]):
                if v == "b" and items > B_MAX_ITEMS:
                    continue
                res[(v, items, framing)] = run_kv([bench, "time", v, str(items), framing,
                                                   str(reps)])
    results["decode_time"] = [dict(r) for r in res.values()]
    for items in SIZES:  # extrapolate (b) quadratically where it was not run
        if items > B_MAX_ITEMS:
            known = res[("b", B_MAX_ITEMS, "cl")]
            sec = known["median_s"] * (items / B_MAX_ITEMS) ** 2
            body = res[("bp", items, "cl")]["body_bytes"]
            res[("b", items, "cl")] = {"median_s": sec, "mb_per_s": body / sec / 1e6,
                                       "items_per_s": items / sec, "estimated": True}
    rows = []
    for items in SIZES:
        b, bp, c = (res[(v, items, "cl")] for v in ("b", "bp", "c"))
        b_text = fmt(b["mb_per_s"], 1) + (" (est.)" if b.get("estimated") else "")
        b_best = max(b["mb_per_s"], bp["mb_per_s"])
        for framing in FRAMINGS:
            a = res[("a", items, framing)]
            rows.append([f"{items:,}", framing, fmt(a["body_bytes"]),
                         fmt(a["mb_per_s"], 1), fmt(a["items_per_s"]), b_text,
                         fmt(bp["mb_per_s"], 1), fmt(c["mb_per_s"], 1), fmt(c["items_per_s"]),
                         f"{a['mb_per_s'] / b_best:.2f}", f"{a['mb_per_s'] / c['mb_per_s']:.2f}"])
    table(["items", "framing", "body bytes", "a MB/s", "a items/s", "b MB/s", "b' MB/s",
           "c MB/s", "c items/s", "a / max(b,b')", "a / c"], rows)
    results["_decode"] = res


def decode_mem(bench: str) -> None:
    out("## Decode memory (one process per cell)")
    out()
    out(f"Command per cell: `{bench} mem VARIANT ITEMS cl|chunked`. The response is "
        "generated a few KB at a time as a socket delivers it: (a) decodes on the fly into "
        "one callback struct; (b), (b'), (c) collect the body (malloc of Content-Length, or "
        "doubling for chunked) and then parse it. Peak heap: live malloc bytes, counted by "
        "interposed malloc/free; peak RSS: VmHWM of the process (ru_maxrss would include the "
        "Python driver's RSS, which survives execve); "
        "'harness only' streams the response and decodes nothing. (b) allocates what (b') "
        "does with 16- instead of 20-byte tokens.")
    out()
    res = {}
    rows = []
    for framing in FRAMINGS:
        for v in ["base", "a", "b", "bp", "c"]:
            row = [VARIANTS[v], framing]
            for items in SIZES:
                if v == "b" and items > B_MAX_ITEMS:
                    row.append("not run (quadratic)")
                    continue
                r = run_kv([bench, "mem", v, str(items), framing])
                res[(v, items, framing)] = r
                row.append(f"{fmt(r['peak_heap'])} / {fmt(r['peak_rss_kb'])}")
            rows.append(row)
    table(["variant", "framing"] + [f"{n:,} items: heap B / RSS KB" for n in SIZES], rows)
    results["decode_mem"] = [dict(r) for r in res.values()]
    results["_mem"] = res


def fixed_sizes(bench: str) -> None:
    info = run_kv([bench, "info"])
    stack = run_kv([bench, "stack"])
    results["info"], results["stack"] = info, stack
    out("## Fixed RAM (x86-64 host build, -O2)")
    out()
    out(f"Commands: `{bench} info`, `{bench} stack`. Stack: high-water mark on a "
        "painted thread stack minus an empty thread's, so it bounds what the call used "
        "(decoding a 100-item response; building a request with a 1.2 KB STS token, mbedTLS "
        "SHA-256/HMAC included).")
    out()
    table(["what", "bytes"], [
        ["work area RMQDR_WORK_SIZE (HTTP + JSON decoder state)", fmt(info["work_size"])],
        ["  of which JSON decoder (element buffer + 45 jsmn tokens)", fmt(info["json_decoder"])],
        ["  of which HTTP decoder", fmt(info["http_decoder"])],
        ["rmqdr_client_t (work area + 512 B receive buffer + state)", fmt(info["client"])],
        ["request buffer RMQDR_REQUEST_MAX_SIZE", fmt(info["request_max"])],
        ["envelope / one checkpoint struct", f"{fmt(info['envelope'])} / {fmt(info['checkpoint'])}"],
        ["stack, decode (Content-Length / chunked)",
         f"{fmt(stack['decode_cl'])} / {fmt(stack['decode_chunked'])}"],
        ["stack, request build + sign", fmt(stack["request_build"])],
    ])


def sign(bench: str, reps: int) -> None:
    out("## Signing (request built and signed)")
    out()
    out(f"Command: `{bench} {reps}` and `{bench} {reps} sts`. Each request is validated, "
        "encoded, canonicalized, SHA-256 hashed and HMAC-SHA256 signed (mbedTLS) with a fresh "
        "nonce. Cycles: hardware counter through perf_event_open (what `perf stat -e cycles` "
        "reads), 'n/a' when the machine exposes none; TSC ticks run at the nominal clock.")
    out()
    rows = []
    results["sign"] = []
    for sts in (False, True):
        r = run_kv([bench, str(reps)] + (["sts"] if sts else []))
        results["sign"].append(r)
        rows.append(["AccessKey + STS token (1.2 KB)" if sts else "AccessKey",
                     fmt(r["request_bytes"]), fmt(r["requests_per_s"]),
                     f"{r['median_us']:.2f}", str(r["cycles_per_request"]),
                     fmt(r["tsc_per_request"]) if isinstance(r["tsc_per_request"], int)
                     else str(r["tsc_per_request"])])
    table(["credentials", "request bytes", "requests/s", "us/request", "cycles/request",
           "TSC ticks/request"], rows)


# --------------------------------------------------------------------------
# End to end: the CLI over TLS to the emulator

class Emulator:
    def __init__(self, data: Path):
        self.dir = Path(tempfile.mkdtemp(prefix="rmqdr-bench-emu."))
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tools/emulator/emulator.py"), "--port", "0",
             "--state-dir", str(self.dir), "--data", str(data), "--quiet",
             "--key-id", EMU_KEY_ID, "--key-secret", EMU_SECRET, "--lifetime", "600"],
            stdout=subprocess.DEVNULL, stderr=open(self.dir / "stderr.log", "w"))
        ready = self.dir / "ready"
        for _ in range(400):
            if ready.exists() or self.proc.poll() is not None:
                break
            time.sleep(0.05)
        if not ready.exists():
            sys.exit("bench: emulator did not start:\n" + (self.dir / "stderr.log").read_text())
        kv = dict(line.split("=", 1) for line in ready.read_text().split())
        self.port, self.ca = int(kv["port"]), kv["ca"]
        self.ssl = ssl.create_default_context(cafile=self.ca)

    def call(self, path: str, post: bool = False) -> dict:
        req = urllib.request.Request(f"https://localhost:{self.port}{path}",
                                     data=b"{}" if post else None)
        with urllib.request.urlopen(req, context=self.ssl, timeout=30) as resp:
            return json.loads(resp.read())

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        subprocess.run(["rm", "-rf", str(self.dir)], check=False)


def run_client(launcher: str, cmd: list[str], env: dict) -> tuple[float, float, int]:
    """Runs one CLI process under bench_exec; returns (wall s, user+sys CPU s, peak RSS KB).
    (wait4 from Python would report at least Python's own RSS: ru_maxrss survives execve.)"""
    t0 = time.monotonic()
    done = subprocess.run([launcher] + cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    wall = time.monotonic() - t0
    lines = done.stderr.strip().splitlines()
    r = parse_kv(lines[-1]) if lines and lines[-1].startswith("exec ") else {}
    if done.returncode != 0 or r.get("exit") != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{done.stderr}")
    return wall, r["cpu_s"], r["maxrss_kb"]


def e2e(cli: str, launcher: str, work: Path) -> None:
    count = E2E_PAGES * E2E_PAGE_SIZE
    data = work / "e2e-data.json"
    data.write_text(json.dumps({"instances": [{
        "instanceId": DR["instance"], "regionId": "cn-hangzhou",
        "instanceType": "ALIYUN_ROCKETMQ",
        "plans": [{"planId": int(DR["plan"]), "items": [{
            "itemId": int(DR["item"]),
            "target": {"regionId": "cn-shanghai", "instanceId": "rmq-cn-nwy3i0650002",
                       "instanceType": "ALIYUN_ROCKETMQ"},
            "checkpoints": [], "generate": {"count": count}}]}]}]}))
    emu = Emulator(data)
    env = dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID=EMU_KEY_ID,
               ALIBABA_CLOUD_ACCESS_KEY_SECRET=EMU_SECRET)
    env.pop("ALIBABA_CLOUD_SECURITY_TOKEN", None)
    base = [cli, "checkpoints", "--plan-id", DR["plan"], "--item-id", DR["item"],
            "--instance-id", DR["instance"], "--page-size", str(E2E_PAGE_SIZE),
            "--endpoint", f"https://localhost:{emu.port}", "--ca-file", emu.ca,
            "--output", "jsonl"]
    shown = " ".join(base[:-6] + ["--endpoint", "https://localhost:PORT", "--ca-file", "CA",
                                  "--output", "jsonl"])
    try:
        emu.call("/_emu/reset-stats", post=True)
        wall, cpu, rss = run_client(launcher, base + ["--all"], env)
        kept = {"wall_s": wall, "cpu_s": cpu, "rss_kb": rss, "stats": emu.call("/_emu/stats")}

        emu.call("/_emu/reset-stats", post=True)
        wall = cpu = 0.0
        rss = 0
        for page in range(1, E2E_PAGES + 1):
            w, c, r = run_client(launcher, base + ["--page-number", str(page)], env)
            wall, cpu, rss = wall + w, cpu + c, max(rss, r)
        per_page = {"wall_s": wall, "cpu_s": cpu, "rss_kb": rss, "stats": emu.call("/_emu/stats")}
    finally:
        emu.stop()
    results["e2e"] = {"kept_alive": kept, "per_page": per_page}

    out(f"## End to end: {E2E_PAGES} pages of {E2E_PAGE_SIZE} over TLS to the local emulator")
    out()
    out(f"Data: one item with `generate: {{count: {count}}}` ({rel(data)}). Kept-alive: "
        f"`{shown} --all` (one process). One connection per page: the same without `--all`, "
        f"once per `--page-number 1..{E2E_PAGES}` ({E2E_PAGES} processes; CPU summed, RSS the "
        "largest). Handshakes, connections and requests are the emulator's `/_emu/stats` "
        "counters after `/_emu/reset-stats`. Wall time is dominated by the Python emulator; "
        "CPU and peak RSS are the client's alone (wait4 rusage, through `bench_exec`).")
    out()
    rows = []
    for name, r in (("--all, one kept-alive connection", kept),
                    ("one connection (process) per page", per_page)):
        s = r["stats"]
        rows.append([name, s.get("requests"), s.get("connections"), s.get("handshakes"),
                     s.get("keepalive_reuses"), f"{r['wall_s']:.2f}", f"{r['cpu_s']:.3f}",
                     f"{1000 * r['cpu_s'] / E2E_PAGES:.2f}", fmt(r["rss_kb"])])
    table(["mode", "requests", "connections", "TLS handshakes", "keep-alive reuses",
           "wall s", "client CPU s (user+sys)", "CPU ms/page", "peak RSS KB"], rows)
    k, p = kept["cpu_s"], per_page["cpu_s"]
    out(f"Kept-alive uses {k / p:.1%} of the CPU of one connection per page "
        f"({p / k:.1f}x less)." if k > 0 else "")
    out()


def footprint() -> None:
    cmd = os.environ.get("BENCH_FOOTPRINT_CMD")
    if not cmd and (ROOT / "boards/cortex-m4/board.mk").exists():
        cmd = "make --no-print-directory BOARD=cortex-m4 size"
    out("## Footprint (Cortex-M4)")
    out()
    if not cmd:
        out("boards/cortex-m4 is not in this tree yet: no size table (set BENCH_FOOTPRINT_CMD "
            "to the command that prints it).")
        out()
        results["footprint"] = None
        return
    done = subprocess.run(cmd, shell=True, cwd=ROOT, capture_output=True, text=True, check=False)
    results["footprint"] = {"command": cmd, "rc": done.returncode, "output": done.stdout}
    out(f"Command: `{cmd}`")
    out()
    print(done.stdout)
    report.extend(["```", done.stdout.rstrip(), "```", ""])
    if done.returncode != 0:
        out(f"(exit {done.returncode}: {done.stderr.strip()[-300:]})")
        out()


# --------------------------------------------------------------------------

# --------------------------------------------------------------------------
# Instructions per body byte (callgrind): one decode, counted, not timed

IPB_SIZES = [10, 100, 1000]


def callgrind_ipb(bench: str, variant: str, items: int, framing: str) -> float:
    """Instructions of one run_once (one whole decode) per body byte."""
    with tempfile.TemporaryDirectory() as tmp:
        outf = Path(tmp) / "cg.out"
        done = subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=run_once",
                               f"--callgrind-out-file={outf}", bench, "time", variant,
                               str(items), framing, "1"],
                              cwd=ROOT, capture_output=True, text=True, check=True)
        body = parse_kv(done.stdout.strip().splitlines()[-1])["body_bytes"]
        text = outf.read_text()
    total = int(re.search(r"^(?:summary|totals): (\d+)", text, re.M).group(1))
    ids = {m.group(1) for m in re.finditer(r"^c?fn=\((\d+)\) run_once", text, re.M)}
    lines = text.splitlines()
    calls = sum(int(lines[i + 1].split("=")[1].split()[0]) for i, line in enumerate(lines[:-1])
                if (m := re.match(r"^cfn=\((\d+)\)", line)) and m.group(1) in ids
                and lines[i + 1].startswith("calls="))
    return total / calls / body


def ipb(bench: str) -> None:
    out("## Decode instructions per body byte (callgrind)")
    out()
    out("Command per cell: `valgrind --tool=callgrind --toggle-collect=run_once "
        "build/host/bench/bench_decode time VARIANT ITEMS cl|chunked 1`; instructions "
        "counted inside `run_once` (one whole decode), divided by its calls and the body "
        "length. Unlike the times above, these do not move with the load of the machine.")
    out()
    rows, got = [], {}
    for n in IPB_SIZES:
        for v, f in (("a", "cl"), ("a", "chunked"), ("bp", "cl"), ("c", "cl")):
            got[(v, n, f)] = callgrind_ipb(bench, v, n, f)
        a = max(got[("a", n, "cl")], got[("a", n, "chunked")])
        rows.append([f"{n:,}", f"{got[('a', n, 'cl')]:.1f}", f"{got[('a', n, 'chunked')]:.1f}",
                     f"{got[('bp', n, 'cl')]:.1f}", f"{got[('c', n, 'cl')]:.1f}",
                     f"{got[('bp', n, 'cl')] / a:.2f}", f"{got[('c', n, 'cl')] / a:.2f}"])
    table(["items", "a cl", "a chunked", "b'", "c", "b' / a", "c / a"], rows)
    results["_ipb"] = got
    results["ipb"] = {f"{v}-{n}-{f}": x for (v, n, f), x in got.items()}


# --------------------------------------------------------------------------
# The same job by the official Node SDK

NODE_PAGES, NODE_PAGE_SIZE, NODE_RUNS = 100, 10, 3
NODE_SDK = "@alicloud/rocketmq20220801"


def node_sdk(work: Path) -> Path | None:
    """The SDK under WORK/node-sdk, installed from npm when missing (None: no npm/node)."""
    prefix = work / "node-sdk"
    if (prefix / "node_modules" / NODE_SDK).exists():
        return prefix
    if subprocess.run(["sh", "-c", "command -v node && command -v npm"],
                      capture_output=True).returncode != 0:
        return None
    done = subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                           NODE_SDK], capture_output=True, text=True, timeout=600, check=False)
    return prefix if done.returncode == 0 else None


def node(cli: str, launcher: str, work: Path) -> None:
    out(f"## End to end against the official Node SDK: {NODE_PAGES} pages of {NODE_PAGE_SIZE}")
    out()
    prefix = node_sdk(work)
    if prefix is None:
        out("node or npm missing, or `npm install` failed: not measured.")
        out()
        return
    count = NODE_PAGES * NODE_PAGE_SIZE
    data = work / "node-data.json"
    data.write_text(json.dumps({"instances": [{
        "instanceId": DR["instance"], "regionId": "cn-hangzhou", "instanceType": "ALIYUN_ROCKETMQ",
        "plans": [{"planId": int(DR["plan"]), "items": [{
            "itemId": int(DR["item"]),
            "target": {"regionId": "cn-shanghai", "instanceId": "rmq-cn-nwy3i0650002",
                       "instanceType": "ALIYUN_ROCKETMQ"},
            "checkpoints": [], "generate": {"count": count}}]}]}]}))
    emu = Emulator(data)
    env = dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID=EMU_KEY_ID,
               ALIBABA_CLOUD_ACCESS_KEY_SECRET=EMU_SECRET, NODE_EXTRA_CA_CERTS=emu.ca,
               NODE_PATH=str(prefix / "node_modules"))
    env.pop("ALIBABA_CLOUD_SECURITY_TOKEN", None)
    rmqdr = [cli, "checkpoints", "--plan-id", DR["plan"], "--item-id", DR["item"],
             "--instance-id", DR["instance"], "--page-size", str(NODE_PAGE_SIZE),
             "--endpoint", f"https://localhost:{emu.port}", "--ca-file", emu.ca,
             "--output", "jsonl", "--all"]
    sdk = ["node", str(ROOT / "tools/bench/node_sdk_e2e.js"), f"localhost:{emu.port}",
           DR["plan"], DR["item"], DR["instance"], str(NODE_PAGES), str(NODE_PAGE_SIZE)]
    cpu: dict = {"rmqdr": [], "node": []}
    rss: dict = {"rmqdr": 0, "node": 0}
    hs: dict = {}
    try:
        for _ in range(NODE_RUNS):
            for name, cmd in (("rmqdr", rmqdr), ("node", sdk)):
                emu.call("/_emu/reset-stats", post=True)
                _, c, r = run_client(launcher, cmd, env)
                cpu[name].append(c)
                rss[name] = max(rss[name], r)
                hs[name] = emu.call("/_emu/stats").get("handshakes")
    finally:
        emu.stop()
    med = {k: sorted(v)[len(v) // 2] for k, v in cpu.items()}
    results["node"] = {"cpu_s": cpu, "median_cpu_s": med, "rss_kb": rss, "handshakes": hs}
    out(f"Emulator data: {count} checkpoints. rmqdr: `build/host/rmqdr checkpoints ... "
        f"--page-size {NODE_PAGE_SIZE} --output jsonl --all`; Node: `node "
        f"tools/bench/node_sdk_e2e.js` ({NODE_SDK} from npm, into "
        f"{rel(prefix)}), the same pages, one JSON line per checkpoint. Both keep one TLS "
        "connection. CPU (user+sys) and peak RSS of the client process alone (wait4 through "
        f"bench_exec), median of {NODE_RUNS} runs; Node's includes its start-up and module "
        "loading, as rmqdr's includes its own.")
    out()
    table(["client", "TLS handshakes", "CPU s (each run)", "median CPU s", "peak RSS KB"],
          [[k, hs.get(k), " / ".join(f"{x:.3f}" for x in cpu[k]), f"{med[k]:.3f}",
            fmt(rss[k])] for k in ("rmqdr", "node")])
    out(f"rmqdr uses 1/{med['node'] / med['rmqdr']:.0f} of the Node SDK's CPU." if med["rmqdr"] else "")
    out()


def goals() -> None:
    out("## Goals")
    out()
    rows = []
    dec, mem = results.get("_decode"), results.get("_mem")
    if dec:
        worst_b = min((dec[("a", n, f)]["mb_per_s"]
                       / max(dec[("b", n, "cl")]["mb_per_s"], dec[("bp", n, "cl")]["mb_per_s"]),
                       n, f) for n in SIZES for f in FRAMINGS)
        worst_c = min((dec[("a", n, f)]["mb_per_s"] / dec[("c", n, "cl")]["mb_per_s"], n, f)
                      for n in SIZES for f in FRAMINGS)
        rows.append(["decode (a) >= fastest raw jsmn (b, b')",
                     f"worst {worst_b[0]:.2f}x ({worst_b[1]:,} items, {worst_b[2]})",
                     "met" if worst_b[0] >= 1.0 else f"missed: needs {1 / worst_b[0]:.2f}x faster"])
        rows.append(["decode (a) >= 3x cJSON (c)",
                     f"worst {worst_c[0]:.2f}x ({worst_c[1]:,} items, {worst_c[2]})",
                     "met" if worst_c[0] >= 3.0 else f"missed: needs {3.0 / worst_c[0]:.2f}x faster"])
    if mem:
        lo = SIZES[0]
        for v in ["a", "b", "bp", "c"]:
            done = [n for n in SIZES if (v, n, "cl") in mem]
            hi = done[-1]
            heap = [mem[(v, n, f)]["peak_heap"] for n in done for f in FRAMINGS]
            rss_lo = max(mem[(v, lo, f)]["peak_rss_kb"] for f in FRAMINGS)
            rss_hi = max(mem[(v, hi, f)]["peak_rss_kb"] for f in FRAMINGS)
            figure = (f"heap {fmt(min(heap))}..{fmt(max(heap))} B, RSS {fmt(rss_lo)} -> "
                      f"{fmt(rss_hi)} KB ({lo:,} -> {hi:,} items)")
            if v == "a":
                flat = max(heap) == 0 and rss_hi - rss_lo <= 128  # page-level noise
                rows.append(["decode memory flat (a): 0 heap, RSS within 128 KB", figure,
                             "met" if flat else "missed"])
            else:
                rows.append([f"  {VARIANTS[v]} grows", figure,
                             "grows" if rss_hi > 2 * rss_lo else "flat"])
    got = results.get("_ipb")
    if got:
        worst = min((got[("bp", n, "cl")] / max(got[("a", n, "cl")], got[("a", n, "chunked")]),
                     got[("c", n, "cl")] / max(got[("a", n, "cl")], got[("a", n, "chunked")]), n)
                    for n in IPB_SIZES)
        rows.append(["  in instructions (callgrind): a >= b'", f"worst {worst[0]:.2f}x ({worst[2]:,} items)",
                     "met" if worst[0] >= 1.0 else f"missed: needs {1 / worst[0]:.2f}x fewer"])
        worst_c = min((got[("c", n, "cl")] / max(got[("a", n, "cl")], got[("a", n, "chunked")]), n)
                      for n in IPB_SIZES)
        rows.append(["  in instructions (callgrind): a >= 3x c", f"worst {worst_c[0]:.2f}x ({worst_c[1]:,} items)",
                     "met" if worst_c[0] >= 3.0 else f"missed: needs {3.0 / worst_c[0]:.2f}x fewer"])
    nd = results.get("node")
    if nd:
        ratio = nd["median_cpu_s"]["node"] / nd["median_cpu_s"]["rmqdr"]
        rows.append([f"CLI CPU <= 1/20 of the Node SDK ({NODE_PAGES} pages of {NODE_PAGE_SIZE})",
                     f"1/{ratio:.0f}", "met" if ratio >= 20.0 else f"missed ({ratio:.1f}x less, not 20x)"])
    if results.get("e2e"):
        hs = results["e2e"]["kept_alive"]["stats"].get("handshakes")
        rows.append([f"--all over {E2E_PAGES} pages: 1 TLS handshake", f"{hs} handshake(s)",
                     "met" if hs == 1 else "missed"])
    fp = results.get("footprint") or {}
    m = re.search(r"core\+jsmn: text\+data (\d+) B", fp.get("output", ""))
    if m:
        size = int(m.group(1))
        rows.append(["core + jsmn <= 8 KB (text+data) on Cortex-M4", f"{fmt(size)} B",
                     "met" if size <= 8192 else f"missed by {fmt(size - 8192)} B "
                     f"({size / 8192:.1f}x)"])
    else:
        rows.append(["core + jsmn <= 8 KB (text+data) on Cortex-M4", "no Cortex-M4 size table",
                     "not measured"])
    table(["goal", "figure", "status"], rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build/host")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--only", default="decode,ipb,mem,fixed,sign,e2e,node,footprint")
    args = ap.parse_args()
    build = ROOT / args.build
    work = build / "bench"
    work.mkdir(parents=True, exist_ok=True)
    bench_decode = rel(work / "bench_decode")
    bench_sign = rel(work / "bench_sign")
    only = set(args.only.split(","))
    t0 = time.monotonic()

    out("# rmqdr benchmarks")
    out()
    out("Produced by `make bench` (= `tools/bench/deps.sh`, then "
        f"`python3 tools/bench/run.py --build {args.build} --reps {args.reps}`).")
    out()
    machine()
    if "decode" in only:
        decode_time(bench_decode, args.reps)
    if "ipb" in only:
        ipb(bench_decode)
    if "mem" in only:
        decode_mem(bench_decode)
    if "fixed" in only:
        fixed_sizes(bench_decode)
    if "sign" in only:
        sign(bench_sign, args.reps)
    if "e2e" in only:
        e2e(rel(build / "rmqdr"), rel(work / "bench_exec"), work)
    if "node" in only:
        node(rel(build / "rmqdr"), rel(work / "bench_exec"), work)
    if "footprint" in only:
        footprint()
    goals()
    out(f"Total benchmark time: {time.monotonic() - t0:.0f} s.")

    (work / "report.md").write_text("\n".join(report) + "\n")
    raw = {k: v for k, v in results.items() if not k.startswith("_")}
    (work / "results.json").write_text(json.dumps(raw, indent=1) + "\n")
    print(f"\nwrote {rel(work / 'report.md')} and {rel(work / 'results.json')}")


if __name__ == "__main__":
    main()
