#!/usr/bin/env python3
"""Prometheus end to end: the real `rmqdr watch --metrics-listen` against the
emulator (own instance, data tests/data/prometheus/dataset.json), scraped
by a real Prometheus server (Debian's `prometheus`) started on loopback with
an alert rule; checks through Prometheus' HTTP API that the lag series has
the emulator's values, that unknown lag is absent, that escaped label values
survive, and that the lag alert fires for the lagging checkpoint only. Also:
`promtool check metrics` on both renderings, --metrics-file, and the
listener's limits (405, 404, oversized headers, a slow client that must not
block polling), and that the metrics equal watch's own jsonl figures. Last line: "N passed, N failed".
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, os.environ.get("B", "build/host"), "rmqdr")
RUN = os.environ.get("RUN", "").split()
DATA = os.path.join(ROOT, "tests/data/prometheus/dataset.json")
KEY_ID, SECRET = "LTAIpromKeyId", "prometheus-test-secret-never-shown"
PLAN = ["--plan-id", "1300000099", "--item-id", "100000001", "--instance-id", "rmq-cn-prom0001"]
OM_ACCEPT = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"

results = []
procs = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, fn, timeout):
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = fn()
            if last:
                return last
        except (OSError, ValueError, KeyError) as exc:
            last = exc
        time.sleep(0.25)
    raise TimeoutError(f"{what}: gave up after {timeout}s (last: {last!r})")


def http(url, method="GET", headers=None, timeout=5):
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace")


def start_emulator(tmp):
    state = os.path.join(tmp, "emu")
    p = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools/emulator/emulator.py"),
                          "--port", "0", "--state-dir", state, "--data", DATA, "--quiet",
                          "--key-id", KEY_ID, "--key-secret", SECRET, "--lifetime", "120"],
                         stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "emu.log"), "w"))
    procs.append(p)
    ready = os.path.join(state, "ready")
    wait_for("emulator ready", lambda: os.path.exists(ready), 20)
    info = dict(line.strip().split("=", 1) for line in open(ready) if "=" in line)
    return info["port"], info["ca"]


def start_watch(tmp, emu_port, ca, metrics_port, metrics_file):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env.update(HOME="/nonexistent", ALIBABA_CLOUD_ACCESS_KEY_ID=KEY_ID,
               ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)
    log = open(os.path.join(tmp, "watch.log"), "w")
    p = subprocess.Popen(RUN + [CLI, "watch", *PLAN, "--endpoint", f"https://localhost:{emu_port}",
                                "--ca-file", ca, "--interval", "1s",
                                "--metrics-listen", f"127.0.0.1:{metrics_port}",
                                "--metrics-file", metrics_file],
                         env=env, stdout=log, stderr=subprocess.STDOUT)
    procs.append(p)
    return p


def start_prometheus(tmp, metrics_port):
    prom_port = free_port()
    with open(os.path.join(tmp, "rules.yml"), "w") as f:
        f.write("groups:\n- name: rmqdr\n  rules:\n"
                "  - alert: RmqdrReplicationLagHigh\n"
                "    expr: rmqdr_checkpoint_lag_seconds > 300\n"
                "    for: 0s\n")
    with open(os.path.join(tmp, "prometheus.yml"), "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                "rule_files: [rules.yml]\n"
                "scrape_configs:\n- job_name: rmqdr\n"
                f"  static_configs:\n  - targets: ['127.0.0.1:{metrics_port}']\n")
    rc = subprocess.run(["promtool", "check", "config", os.path.join(tmp, "prometheus.yml")],
                        capture_output=True, text=True)
    check("promtool check config (scrape config and alert rule)", rc.returncode == 0, rc.stdout + rc.stderr)
    p = subprocess.Popen(["prometheus", f"--config.file={tmp}/prometheus.yml",
                          f"--storage.tsdb.path={tmp}/tsdb", f"--web.listen-address=127.0.0.1:{prom_port}",
                          "--log.level=warn"],
                         cwd=tmp, stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "prom.log"), "w"))
    procs.append(p)
    base = f"http://127.0.0.1:{prom_port}"
    wait_for("prometheus ready", lambda: http(base + "/-/ready")[0] == 200, 30)
    return base


def query(base, expr):
    status, _, body = http(base + "/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    doc = json.loads(body)
    if status != 200 or doc.get("status") != "success":
        raise ValueError(body)
    return doc["data"]["result"]


def by_group(series):
    return {s["metric"].get("group"): s for s in series}


def check_promtool(text, name):
    p = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True)
    check(f"promtool check metrics ({name})", p.returncode == 0, p.stdout + p.stderr)


def check_listener(metrics_port):
    url = f"http://127.0.0.1:{metrics_port}"
    status, headers, text = http(url + "/metrics")
    check("GET /metrics 200, text format 0.0.4", status == 200 and
          headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), (status, headers))
    check_promtool(text, "text 0.0.4 from the listener")
    status, headers, om = http(url + "/metrics", headers={"Accept": OM_ACCEPT})
    check("Accept: openmetrics gives OpenMetrics ending in # EOF",
          headers.get("Content-Type", "").startswith("application/openmetrics-text; version=1.0.0")
          and om.endswith("# EOF\n"), headers)
    status, headers, _ = http(url + "/metrics", method="POST")
    check("POST /metrics is 405 with Allow", status == 405 and "GET" in headers.get("Allow", ""), status)
    status, _, _ = http(url + "/other")
    check("GET /other is 404", status == 404, status)
    status, _, _ = http(url + "/metrics", headers={"X-Filler": "a" * 20000})
    check("20 kB of headers is refused (4xx)", 400 <= status < 500, status)
    check("no secret in the exposition", SECRET not in text and SECRET not in om)
    return text


def polls_total(metrics_port):
    _, _, text = http(f"http://127.0.0.1:{metrics_port}/metrics")
    for line in text.splitlines():
        if line.startswith("rmqdr_polls_total "):
            return int(line.split()[1])
    return -1


def check_slow_clients(metrics_port):
    """Connections that send half a request and stall must not stop polling or serving."""
    slow = []
    for _ in range(6):
        s = socket.create_connection(("127.0.0.1", metrics_port), timeout=5)
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")  # never finished
        slow.append(s)
    before = polls_total(metrics_port)
    time.sleep(2.5)
    after = polls_total(metrics_port)
    for s in slow:
        s.close()
    check("stalled clients block neither polling nor other scrapes", after >= before + 1 >= 2,
          (before, after))


def check_prometheus(base):
    lag = wait_for("lag series in Prometheus",
                   lambda: by_group(query(base, "rmqdr_checkpoint_lag_seconds")) if len(
                       query(base, "rmqdr_checkpoint_lag_seconds")) >= 3 else None, 30)
    v = float(lag["GID_lagging"]["value"][1]) if "GID_lagging" in lag else -1
    check("lag of the lagging checkpoint is the emulator's 600 s", 599 <= v <= 601, lag.get("GID_lagging"))
    v = float(lag["GID_healthy"]["value"][1]) if "GID_healthy" in lag else -1
    check("lag of the healthy checkpoint is 2 s", 1.9 <= v <= 2.1, lag.get("GID_healthy"))
    check("unknown lag is absent, not 0", "GID_never_synced" not in lag, sorted(lag))
    m = lag.get("GID_line\nbreak", {}).get("metric", {})
    check("escaped label values arrive intact", m.get("topic") == 'we"ird\\topic', m)
    m = lag.get("GID_lagging", {}).get("metric", {})
    check("labels plan_id, item_id, source/target instance",
          m.get("plan_id") == "1300000099" and m.get("item_id") == "100000001" and
          m.get("source_instance") == "rmq-cn-prom0001" and m.get("target_instance") == "rmq-cn-prom0002", m)
    age = by_group(query(base, "rmqdr_checkpoint_sync_age_seconds"))
    check("sync age absent when lastSyncTime is null", "GID_never_synced" not in age and "GID_lagging" in age,
          sorted(age))
    up = query(base, 'up{job="rmqdr"}')
    check("scrape target up", len(up) == 1 and up[0]["value"][1] == "1", up)
    alerts = wait_for("lag alert", lambda: [a for a in json.loads(http(base + "/api/v1/alerts")[2])
                                            ["data"]["alerts"] if a["labels"].get("alertname") ==
                                            "RmqdrReplicationLagHigh"], 20)
    check("alert pending/firing for the lagging checkpoint only",
          [a["labels"].get("group") for a in alerts] == ["GID_lagging"] and
          alerts[0]["state"] in ("pending", "firing"), alerts)
    info = query(base, "rmqdr_build_info")
    check("rmqdr_build_info scraped", len(info) == 1 and info[0]["metric"].get("version"), info)


def check_bad_addresses(emu_port, ca, busy_port):
    """A metrics address that cannot be used: exit 2 with one line, before any poll."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env.update(HOME="/nonexistent", ALIBABA_CLOUD_ACCESS_KEY_ID=KEY_ID,
               ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)
    for addr, why in (("127.0.0.1:99999", "port out of range"), ("::1:9464", "IPv6 without brackets"),
                      ("127.0.0.1:", "no port"), ("127.0.0.1:x80", "port not a number"),
                      (f"127.0.0.1:{busy_port}", "port in use")):
        p = subprocess.run(RUN + [CLI, "watch", *PLAN, "--endpoint", f"https://localhost:{emu_port}",
                                  "--ca-file", ca, "--once", "--metrics-listen", addr],
                           env=env, capture_output=True, text=True, timeout=30)
        lines = p.stderr.strip().splitlines()
        check(f"--metrics-listen {addr} ({why}): exit 2, one line", p.returncode == 2 and len(lines) == 1
              and "metrics-listen" in lines[0] and p.stdout == "", (p.returncode, p.stdout, p.stderr))
    if socket.has_ipv6:
        try:
            with socket.socket(socket.AF_INET6) as s:
                s.bind(("::1", 0))
                v6 = True
        except OSError:
            v6 = False
        if v6:
            port = free_port()
            p = subprocess.Popen(RUN + [CLI, "watch", *PLAN, "--endpoint", f"https://localhost:{emu_port}",
                                        "--ca-file", ca, "--interval", "1s", "--metrics-listen", f"[::1]:{port}"],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                ok = wait_for("IPv6 listener", lambda: http(f"http://[::1]:{port}/metrics")[0] == 200, 15)
            except TimeoutError:
                ok = False
            p.terminate()
            p.wait(timeout=10)
            check("--metrics-listen [::1]:PORT serves over IPv6", ok)


LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def unescape_label(v):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), v)


def series(text, name):
    """{(topic, group): value} of one family in the 0.0.4 text."""
    out = {}
    for line in text.splitlines():
        if line.startswith(name + "{"):
            labels_text, _, value = line[len(name) + 1:].rpartition("} ")
            labels = {k: unescape_label(v) for k, v in LABEL.findall(labels_text)}
            out[(labels.get("topic"), labels.get("group"))] = float(value)
    return out


def check_agreement(tmp, emu_port, ca):
    """watch's own lines and its metrics come from the same health values
    (same module, same server time): per topic/group, lagMs/1000 is
    rmqdr_checkpoint_lag_seconds and staleMs/1000 is
    rmqdr_checkpoint_sync_age_seconds, and null is an absent series."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env.update(HOME="/nonexistent", ALIBABA_CLOUD_ACCESS_KEY_ID=KEY_ID,
               ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)
    path = os.path.join(tmp, "agree.prom")
    p = subprocess.run(RUN + [CLI, "watch", *PLAN, "--endpoint", f"https://localhost:{emu_port}",
                              "--ca-file", ca, "--once", "--output", "jsonl", "--metrics-file", path],
                       env=env, capture_output=True, text=True, timeout=60)
    lines = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    check("watch --once --output jsonl --metrics-file: lines and a file",
          p.returncode in (0, 1) and lines and os.path.exists(path), (p.returncode, p.stderr))
    if not lines or not os.path.exists(path):
        return
    text = open(path).read()
    for member, family in (("lagMs", "rmqdr_checkpoint_lag_seconds"),
                           ("staleMs", "rmqdr_checkpoint_sync_age_seconds")):
        got = series(text, family)
        want = {(l["topicName"], l["consumerGroupId"]): l[member] / 1000.0
                for l in lines if l.get(member) is not None}
        nulls = [(l["topicName"], l["consumerGroupId"]) for l in lines if l.get(member) is None]
        diff = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) is None or abs(got[k] - v) > 1e-9}
        check(f"{family} equals watch's {member} for {len(want)} checkpoints", want and not diff, diff)
        check(f"{family} absent where {member} is null ({len(nulls)})",
              not [k for k in nulls if k in got], [k for k in nulls if k in got])
    check("one line per checkpoint series", len(lines) >= len(series(text, "rmqdr_checkpoint_lag_seconds")),
          len(lines))


def metric_value(text, name):
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def check_counters_across_ca_reload(tmp, emu_port, ca):
    """A changed --ca-file makes watch open a new client; the _total
    counters (client counters since init) must carry on, never go back."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env.update(HOME="/nonexistent", ALIBABA_CLOUD_ACCESS_KEY_ID=KEY_ID,
               ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)
    ca_copy = os.path.join(tmp, "reload-ca.pem")
    shutil.copyfile(ca, ca_copy)
    path = os.path.join(tmp, "reload.prom")
    p = subprocess.Popen(RUN + [CLI, "watch", *PLAN, "--endpoint", f"https://localhost:{emu_port}",
                                "--ca-file", ca_copy, "--interval", "1s", "--metrics-file", path],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs.append(p)
    read = lambda name: metric_value(open(path).read(), name) if os.path.exists(path) else None  # noqa: E731
    before = wait_for("three polls", lambda: (read("rmqdr_polls_total") or 0) >= 3 and
                      (read("rmqdr_requests_total"), read("rmqdr_connections_total")), 20)
    polls = read("rmqdr_polls_total")
    shutil.copyfile(ca, ca_copy + ".new")
    os.replace(ca_copy + ".new", ca_copy)  # a new inode: the CA file changed
    wait_for("two polls after the reload", lambda: (read("rmqdr_polls_total") or 0) >= polls + 2, 20)
    after = (read("rmqdr_requests_total"), read("rmqdr_connections_total"))
    check("requests and connections totals grow across a CA-file reload",
          after[0] > before[0] and after[1] > before[1], (before, after))
    p.terminate()
    p.wait(timeout=10)


def main():
    for tool in ("prometheus", "promtool"):
        if shutil.which(tool) is None:
            check(f"{tool} installed (tools/deps/install.sh)", False, "missing")
            print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
            return 1
    tmp = tempfile.mkdtemp(prefix="rmqdr-prom-")
    try:
        emu_port, ca = start_emulator(tmp)
        metrics_port = free_port()
        metrics_file = os.path.join(tmp, "textfile", "rmqdr.prom")
        os.makedirs(os.path.dirname(metrics_file))
        watch = start_watch(tmp, emu_port, ca, metrics_port, metrics_file)
        wait_for("metrics listener", lambda: polls_total(metrics_port) >= 1, 20)
        check_listener(metrics_port)
        base = start_prometheus(tmp, metrics_port)
        check_prometheus(base)
        check_slow_clients(metrics_port)
        check_promtool(open(metrics_file).read(), "--metrics-file")
        check("--metrics-file leaves no temporary file",
              os.listdir(os.path.dirname(metrics_file)) == ["rmqdr.prom"], os.listdir(os.path.dirname(metrics_file)))
        check("watch still running", watch.poll() is None, watch.returncode)
        check_bad_addresses(emu_port, ca, metrics_port)
        check_agreement(tmp, emu_port, ca)
        check_counters_across_ca_reload(tmp, emu_port, ca)
        log = open(os.path.join(tmp, "watch.log")).read()
        check("no secret in watch output", SECRET not in log)
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        check("end to end", False, repr(exc))
        for name in ("watch.log", "prom.log", "emu.log"):
            path = os.path.join(tmp, name)
            if os.path.exists(path):
                print(f"--- {name}\n" + open(path).read()[-2000:])
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    failed = len(results) - sum(results)
    print(f"{sum(results)} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
