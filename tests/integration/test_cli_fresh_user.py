#!/usr/bin/env python3
"""Defects a fresh user found (issues 13 and 16 follow-up), against the emulator.

Each example is a test, with a sibling of the same kind:
  1. an option that takes a value never swallows the next option, and an
     empty value is refused;
  2. decode prints no document (not even the table header) on failure;
  3. decode: an early end of input is malformed input (exit 5), not the network;
  4. input files (profile, --ca-file) that are not regular files are refused, never waited on;
  5. --metrics-file: checked at start (exit 2); a later failure once, stamped, counted;
  10. every watch line, stdout and stderr (also --verbose), starts with an RFC 3339 time;
  9. --dry-run applies the proxy rules of a real run;
  8. watch --once contradicts --interval, --max-failures, --discover-interval;
  6. error lines name the option, file or field actually at fault and say what is wrong;
  6g-i. gateway pages: HTTP status and request id; a retry-after beyond the deadline said;
       (test_proxy.py) --verbose names the proxy's refusal, not HTTP 0;
  12. json/jsonl mark an element with a cut string: truncatedFields;
  11. metrics label values carry no control character (U+FFFD);
  14. signals end watch with 128+N / 141, as documented;
  7. a duration carries a unit.
Last line: "N passed, N failed".
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli as base  # noqa: E402  helpers: rmqdr(), emu(), base_env(), OUTPUTS

PLAN = base.PLAN
rmqdr, emu = base.rmqdr, base.emu
RFC3339_PREFIX = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z ")


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


def run_stdin(args, data, timeout=30):
    p = subprocess.run(base.RUN + [base.CLI] + list(args), input=data, capture_output=True,
                       env=base.base_env(), timeout=timeout)
    base.OUTPUTS.append((p.stdout, p.stderr))
    return p


API_ERROR_400 = (b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s")


def api_error_response():
    body = json.dumps({"requestId": "R-1", "success": False, "code": "InvalidParameter",
                       "message": "bad", "httpStatusCode": 400}).encode()
    return API_ERROR_400 % (len(body), body)


def test_decode_failure_prints_no_document():
    """decode --output table printed the header and a count on a saved 400."""
    for fmt in ("table", "json", "jsonl"):
        p = run_stdin(["decode", "--output", fmt], api_error_response())
        assert p.returncode == 3, (fmt, p.returncode, p.stderr)
        assert p.stdout == b"", (fmt, p.stdout)
    # sibling: the same error as a bare body
    body = json.dumps({"requestId": "R-2", "success": False, "code": "Throttling", "message": "slow",
                       "httpStatusCode": 429}).encode()
    p = run_stdin(["decode", "--body", "--output", "table"], body)
    assert p.returncode == 3 and p.stdout == b"", (p.returncode, p.stdout)


def test_decode_early_end_is_malformed_input():
    """decode on an empty file exited 4 with "The connection ended before the message did"."""
    whole = api_error_response()
    for data, args in ((b"", []), (whole[:30], []), (whole[: len(whole) - 5], []),
                       (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":", ["--output", "table"])):
        p = run_stdin(["decode", *args], data)
        err = p.stderr.decode()
        assert p.returncode == 5, (data, p.returncode, err)
        assert "input ended before the message did" in err and "connection" not in err, err
        assert len(err.strip("\n").split("\n")) == 1 and p.stdout == b"", err


def test_fifo_input_files_are_refused_not_waited_on():
    """A FIFO as profile file or --ca-file hung forever in open(2)."""
    tmp = tempfile.mkdtemp()
    try:
        fifo = os.path.join(tmp, "fifo")
        os.mkfifo(fifo)
        p = rmqdr("checkpoints", *PLAN, ca=fifo, timeout=10)
        line = usage_line(p)
        assert "--ca-file" in line and "not a regular file" in line, line
        env = base.base_env(ALIBABA_CLOUD_ACCESS_KEY_ID=None, ALIBABA_CLOUD_ACCESS_KEY_SECRET=None,
                            ALIBABA_CLOUD_CONFIG_FILE=fifo)
        line = usage_line(rmqdr("checkpoints", *PLAN, env=env, timeout=10))
        assert fifo in line and "not a regular file" in line, line
        # siblings: /dev/stdin on a pipe as the profile; a directory as --ca-file (was
        # "PK - Memory allocation failed")
        env["ALIBABA_CLOUD_CONFIG_FILE"] = "/dev/stdin"
        p = subprocess.run(base.RUN + [base.CLI, "checkpoints", *PLAN, "--endpoint", base.ENDPOINT],
                           env=env, input=b'{"current":"default"}', capture_output=True, timeout=10)
        base.OUTPUTS.append((p.stdout, p.stderr))
        line = usage_line(p)
        assert "not a regular file" in line, line
        line = usage_line(rmqdr("checkpoints", *PLAN, ca=tmp, timeout=10))
        assert "--ca-file" in line and "is a directory" in line, line
    finally:
        shutil.rmtree(tmp)


def free_port():
    with socket.socket() as so:
        so.bind(("127.0.0.1", 0))
        return so.getsockname()[1]


def test_metrics_file_bad_path_is_refused_at_start():
    """A bad --metrics-file printed a line every poll and watch went on with exit 0."""
    tmp = tempfile.mkdtemp()
    try:
        for path in ("/nonexistent-dir/rmqdr.prom", tmp):  # sibling: a directory as the file
            line = usage_line(rmqdr("watch", *PLAN, "--once", "--metrics-file", path))
            assert "--metrics-file" in line and path in line, line
        good = os.path.join(tmp, "ok.prom")
        p = rmqdr("watch", *PLAN, "--once", "--metrics-file", good)
        assert p.returncode == 0 and os.path.exists(good), p.stderr
        assert [f for f in os.listdir(tmp)] == ["ok.prom"], os.listdir(tmp)  # the probe left nothing
    finally:
        shutil.rmtree(tmp)


def test_metrics_file_later_failure_reported_once_and_counted():
    tmp = tempfile.mkdtemp()
    sub = os.path.join(tmp, "d")
    os.mkdir(sub)
    port = free_port()
    cmd = base.RUN + [base.CLI, "watch", *PLAN, "--endpoint", base.ENDPOINT, "--ca-file", base.CA,
                      "--interval", "1s", "--metrics-file", os.path.join(sub, "m.prom"),
                      "--metrics-listen", f"127.0.0.1:{port}"]
    p = subprocess.Popen(cmd, env=base.base_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 10
        while not os.path.exists(os.path.join(sub, "m.prom")) and time.time() < deadline:
            time.sleep(0.1)
        shutil.rmtree(sub)
        time.sleep(3.5)  # three more polls, each failing to write
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    finally:
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=10)
        base.OUTPUTS.append((out, err))
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [ln for ln in err.decode().splitlines() if "m.prom" in ln]
    assert len(lines) == 1, err
    assert RFC3339_PREFIX.match(lines[0]), lines[0]
    n = [ln for ln in page.splitlines() if ln.startswith("rmqdr_metrics_file_write_failures_total ")]
    assert n and int(n[0].split()[1]) >= 2, n


def test_every_watch_line_is_stamped():
    """ "rmqdr: watch: poll failed; next try in 1s" had no time."""
    emu("POST", "/_emu/faults", {"sticky": {"kind": "http503"}})
    try:
        p = rmqdr("watch", *PLAN, "--interval", "1s", "--retries", "0", "--max-failures", "2")
        assert p.returncode == 4, p.returncode
        lines = p.stderr.decode().splitlines()
        assert any("next try" in ln for ln in lines) and any("giving up" in ln for ln in lines), lines
        assert lines and all(RFC3339_PREFIX.match(ln) for ln in lines), lines
    finally:
        emu("POST", "/_emu/faults", {"sticky": None})
    # sibling: --verbose lines of a healthy watch (connected, HTTP 200...) and stdout lines
    p = rmqdr("watch", *PLAN, "--once", "--verbose")
    assert p.returncode == 0, p.stderr
    lines = p.stderr.decode().splitlines() + p.stdout.decode().splitlines()
    assert len(lines) >= 3 and all(RFC3339_PREFIX.match(ln) for ln in lines), lines


DRY = ["checkpoints", *PLAN, "--region", "cn-hangzhou", "--dry-run"]


def test_dry_run_applies_proxy_rules():
    """--dry-run accepted --proxy socks5://... that a real run refuses."""
    real = usage_line(rmqdr("checkpoints", *PLAN, "--proxy", "socks5://h:1080"))
    dry = usage_line(rmqdr(*DRY, "--proxy", "socks5://h:1080", endpoint=None, ca=None))
    assert dry == real and "--proxy" in dry, (dry, real)
    # siblings: the environment's proxy, and a bad host with a password that is never echoed
    env = base.base_env(HTTPS_PROXY="socks5://x:1")
    line = usage_line(rmqdr(*DRY, env=env, endpoint=None, ca=None))
    assert "HTTPS_PROXY" in line, line
    line = usage_line(rmqdr(*DRY, "--proxy", "http://u:hunter2@:3128", endpoint=None, ca=None))
    assert "hunter2" not in line, line
    env = base.base_env(HTTPS_PROXY="socks5://x:1", NO_PROXY="rocketmq.cn-hangzhou.aliyuncs.com")
    assert rmqdr(*DRY, env=env, endpoint=None, ca=None).returncode == 0


def test_once_contradictions_are_usage_errors():
    """watch --once --interval 5s and --once --max-failures 3 were accepted."""
    for extra in (["--interval", "5s"], ["--max-failures", "3"]):
        line = usage_line(rmqdr("watch", *PLAN, "--once", *extra))
        assert "contradict" in line and "--once" in line and extra[0] in line, line
    # sibling: --once with --discover-interval (a whole-instance watch)
    line = usage_line(rmqdr("watch", "--instance-id", "rmq-cn-7e22ody0001", "--discover-interval", "5m",
                            "--once"))
    assert "contradict" in line and "--discover-interval" in line, line


def test_endpoint_error_names_the_option_and_the_fault():
    """--endpoint https:// said "--region: Endpoint is not host[:port]..."."""
    cases = (("https://", "host is empty"), ("http://", "host is empty"), ("https://:443", "host is empty"),
             ("https://user:pw-secret@host", "userinfo"), ("https://h:99999", "port"),
             ("https://h/some/path", "path"), ("https://::1", "IPv6"))
    for endpoint, what in cases:
        line = usage_line(rmqdr(*DRY, endpoint=endpoint, ca=None))
        assert line.startswith("rmqdr: --endpoint: ") and what in line, (endpoint, line)
        assert "pw-secret" not in line and "--region" not in line, line
    assert rmqdr(*DRY, endpoint="https://[::1]:8443/", ca=None).returncode == 0


def profile_env(tmp, text):
    path = os.path.join(tmp, "config.json")
    with open(path, "w") as f:
        f.write(text)
    return path, base.base_env(ALIBABA_CLOUD_ACCESS_KEY_ID=None, ALIBABA_CLOUD_ACCESS_KEY_SECRET=None,
                               ALIBABA_CLOUD_CONFIG_FILE=path)


PROFILE = ('{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"LTAIx",'
           '"access_key_secret":%s,"region_id":%s}]}')


def test_profile_errors_name_the_file_and_field():
    """A profile region_id with a control character said "--region: ..."; a secret
    holding \\u0000 (valid RFC 8259) was "not valid JSON"."""
    tmp = tempfile.mkdtemp()
    try:
        path, env = profile_env(tmp, PROFILE % ('"s"', '"cn\\u0007x"'))
        line = usage_line(rmqdr("checkpoints", *PLAN, "--dry-run", env=env, endpoint=None, ca=None))
        assert path in line and "region_id" in line and "--region" not in line, line
        path, env = profile_env(tmp, PROFILE % ('"a\\u0000b"', '"cn-hangzhou"'))
        line = usage_line(rmqdr("checkpoints", *PLAN, "--dry-run", env=env, endpoint=None, ca=None))
        assert path in line and "access_key_secret" in line and "NUL" in line and "JSON" not in line, line
        # sibling: the region from the environment is named as such
        env = base.base_env(ALIBABA_CLOUD_REGION_ID="cn\x01x")
        line = usage_line(rmqdr("checkpoints", *PLAN, "--dry-run", env=env, endpoint=None, ca=None))
        assert "ALIBABA_CLOUD_REGION_ID" in line and "--region" not in line, line
    finally:
        shutil.rmtree(tmp)


def test_output_values_listed_per_command():
    """watch --output json said "takes table, json or jsonl (watch: text or jsonl)"."""
    line = usage_line(rmqdr("watch", *PLAN, "--output", "json"))
    assert line.endswith("watch takes text or jsonl"), line
    line = usage_line(rmqdr("plans", "--output", "text", "--region", "x"))
    assert line.endswith("plans takes table, json or jsonl"), line


def test_gateway_error_line_has_http_status_and_request_id():
    """html-error/text-error/empty-error said "answered 5xx or 429 without the API's error body"."""
    for fault in ({"kind": "html-error"}, {"kind": "text-error", "status": 504}, {"kind": "empty-error"}):
        emu("POST", "/_emu/faults", {"faults": [fault], "replace": True})
        p = rmqdr("checkpoints", *PLAN, "--retries", "0")
        err = p.stderr.decode()
        assert p.returncode == 4 and len(err.strip().splitlines()) == 1, (p.returncode, err)
        status = fault.get("status", 502 if fault["kind"] == "html-error" else 503)
        assert f"HTTP {status}" in err and re.search(r"request id [0-9A-F-]{36}", err), (fault, err)


def test_throttle_beyond_deadline_says_retry_after():
    """x-acs-retry-after beyond the deadline said "deadline passed after 1 attempt(s)"."""
    emu("POST", "/_emu/faults", {"faults": [{"kind": "throttle", "retry_after_ms": 30000}], "replace": True})
    p = rmqdr("checkpoints", *PLAN, "--deadline", "2s")
    err = p.stderr.decode()
    assert p.returncode == 4 and len(err.strip().splitlines()) == 1, (p.returncode, err)
    assert "retry after 30.0 s" in err and "deadline" in err and "Throttling" in err, err
    # sibling: a 503 throttle with a smaller hint than the deadline still retries and succeeds
    emu("POST", "/_emu/faults", {"faults": [{"kind": "throttle", "retry_after_ms": 200, "status": 503}],
                                 "replace": True})
    assert rmqdr("checkpoints", *PLAN, "--deadline", "10s").returncode == 0


def test_truncated_fields_visible_in_the_data():
    """An oversized server field came out cut in --output json with exit 0 and only a warning.
    Sibling: the same in jsonl; untouched elements carry no such member."""
    for fmt in ("json", "jsonl"):
        emu("POST", "/_emu/faults", {"faults": [{"kind": "oversized", "length": 1200}], "replace": True})
        p = rmqdr("checkpoints", *PLAN, "--output", fmt, "--retries", "0")
        assert p.returncode == 0, p.stderr
        if fmt == "json":
            items = json.loads(p.stdout)["data"]["list"]
        else:
            items = [json.loads(x) for x in p.stdout.splitlines()]
        cut = items[0].get("truncatedFields")
        assert cut and "sourceProgress.topicName" in cut and "targetProgress.consumerGroupId" in cut, items[0]
        assert all("truncatedFields" not in x for x in items[1:]), "only the affected element"
        assert b"truncated" in p.stderr


SAMPLE = json.load(open(os.path.join(base.ROOT, "tools/emulator/data/sample.json")))


def test_metrics_labels_carry_no_control_characters():
    """Raw ESC/BEL/CR from server strings reached a terminal on curl /metrics."""
    data = json.loads(json.dumps(SAMPLE))
    cps = data["instances"][0]["plans"][0]["items"][0]["checkpoints"]
    cps[0]["topicName"] = "evil\x1b]0;title\x07\rRED"
    cps[1]["consumerGroupId"] = "GID_\u009b31m\ttab"  # sibling: C1 and TAB
    emu("POST", "/_emu/data", data)
    tmp = tempfile.mkdtemp()
    try:
        path = os.path.join(tmp, "m.prom")
        p = rmqdr("watch", *PLAN, "--once", "--metrics-file", path)
        assert p.returncode in (0, 1), p.stderr
        text = open(path, encoding="utf-8").read()
        labels = [ln for ln in text.splitlines() if ln.startswith("rmqdr_checkpoint_lag_seconds{")]
        assert labels, text
        bad = [ln for ln in labels if re.search("[\x00-\x09\x0b-\x1f\x7f\x80-\x9f]", ln)]
        assert not bad, bad
        assert any('topic="evil\ufffd]0;title\ufffd\ufffdRED"' in ln for ln in labels), labels
        assert any('group="GID_\ufffd31m\ufffdtab"' in ln for ln in labels), labels
    finally:
        shutil.rmtree(tmp)
        emu("POST", "/_emu/data", SAMPLE)


def test_signals_end_watch_as_documented():
    """SIGTERM/SIGINT end watch with 128+N, a gone reader with SIGPIPE (141); documented."""
    man = open(os.path.join(base.ROOT, "docs/man/rmqdr.1")).read()
    readme = open(os.path.join(base.ROOT, "README.md")).read()
    assert "SIGTERM" in man and "141" in man and "SIGPIPE" in readme, "signals undocumented"
    for sig in (signal.SIGTERM, signal.SIGINT):  # the shell reports these as 143 and 130
        cmd = base.RUN + [base.CLI, "watch", *PLAN, "--endpoint", base.ENDPOINT, "--ca-file", base.CA,
                          "--interval", "1s"]
        # A shell without job control starts background jobs with SIGINT
        # ignored, and children inherit that; the documented behaviour is
        # for the default disposition, so the child gets it whatever ran us.
        p = subprocess.Popen(cmd, env=base.base_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(sig, signal.SIG_DFL))
        time.sleep(1.5)
        p.send_signal(sig)
        p.communicate(timeout=10)
        assert p.returncode == -sig, (sig, p.returncode)
    # a reader that goes away: SIGPIPE at the next line (an outage writes one per poll in jsonl)
    emu("POST", "/_emu/faults", {"sticky": {"kind": "http503"}})
    try:
        cmd = " ".join(base.RUN + [base.CLI, "watch", *PLAN, "--endpoint", base.ENDPOINT, "--ca-file", base.CA,
                                   "--interval", "1s", "--retries", "0", "--output", "jsonl"])
        p = subprocess.run(["bash", "-c", cmd + " 2>/dev/null | head -1 >/dev/null; echo ${PIPESTATUS[0]}"],
                           env=base.base_env(), capture_output=True, timeout=30)
    finally:
        emu("POST", "/_emu/faults", {"sticky": None})
    assert p.stdout.strip() == b"141", p


def main():
    passed, failed = base.run_tests(globals())
    for out, err in base.OUTPUTS:
        if base.SECRET.encode() in out + err:
            failed += 1
            print("FAIL secret leaked")
            break
    return base.report(passed, failed)


if __name__ == "__main__":
    sys.exit(main())
