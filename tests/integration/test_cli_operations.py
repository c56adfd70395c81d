#!/usr/bin/env python3
"""The rmqdr command under real operations (issue 13), against the emulator.

Each issue example is a test, with a sibling of the same kind:
  1. output integrity: closed descriptors (strace proves no byte reaches a
     socket), /dev/full on every command, no partial document on a failed
     call in each format, one write(2) per jsonl page;
  2. server text is data: ESC/CR/LF/C1 escaped in table, text and error
     lines; CJK and cut UTF-8 in the table; null fields keep their names;
  3. strict profile files (jansson), 200 profiles, size limit, escapes,
     ALIBABA_CLOUD_CONFIG_FILE, passwd home, "default" fallback;
  4. options per command, contradictions, per-command help, endpoint rules
     in --dry-run, error lines with the facts;
  5. watch: 1500 checkpoints without repeats, RFC 3339 times, breach
     reasons, a vanished checkpoint once, outage lines, --max-failures,
     CA reload;
  6. decode --body.
Last line: "N passed, N failed".
"""
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli as base  # noqa: E402  helpers: rmqdr(), emu(), base_env(), OUTPUTS

ROOT, CLI, RUN = base.ROOT, base.CLI, base.RUN
ENDPOINT, CA, PLAN = base.ENDPOINT, base.CA, base.PLAN
SAMPLE = json.load(open(os.path.join(ROOT, "tools/emulator/data/sample.json")))
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
rmqdr, emu, base_env = base.rmqdr, base.emu, base.base_env


def set_data(mutate):
    """Posts a copy of the sample data changed by mutate(item_dict)."""
    data = json.loads(json.dumps(SAMPLE))
    mutate(data["instances"][0]["plans"][0]["items"][0])
    emu("POST", "/_emu/data", data)


def restore_data():
    emu("POST", "/_emu/data", SAMPLE)


def one_line(stderr):
    lines = stderr.decode("utf-8", "replace").strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("rmqdr: "), lines
    return lines[0]


def run_raw(args, env=None, shell_redirect="", stdin=None, timeout=60, strace_log=None):
    """Runs the CLI through sh so descriptors can be closed (>&-, 2>&-, <&-)."""
    cmd = RUN + [CLI] + list(args)
    if strace_log:
        cmd = ["strace", "-f", "-qq", "-e", "trace=socket,connect,write,writev,sendto,sendmsg",
               "-o", strace_log] + cmd
    script = 'exec "$@" ' + shell_redirect
    p = subprocess.run(["sh", "-c", script, "sh"] + cmd, env=env or base_env(), capture_output=True,
                       timeout=timeout, input=stdin)
    base.OUTPUTS.append((p.stdout, p.stderr))
    return p


NET = PLAN + ["--endpoint", ENDPOINT, "--ca-file", CA]


# ---------------------------------------------------------------- 1. output integrity

def socket_fds_and_writes(log):
    """From an strace log: fds returned by socket(), and (fd, result) of every write."""
    sockets, writes = set(), []
    for line in open(log):
        m = re.search(r"\bsocket\(.*\)\s+=\s+(\d+)", line)
        if m:
            sockets.add(int(m.group(1)))
        m = re.search(r"\b(write|writev|sendto|sendmsg)\((\d+),.*\)\s+=\s+(-?\d+)", line)
        if m:
            writes.append((int(m.group(2)), int(m.group(3)), line))
    return sockets, writes


def test_closed_stdout_never_reaches_socket():
    """Issue example: `>&-` made the socket fd 1 and the listing went into it."""
    with tempfile.TemporaryDirectory() as tmp:
        for args, redirect in [(["checkpoints", *NET, "--all", "--page-size", "5", "--output", "jsonl"], ">&-"),
                               (["checkpoints", *NET, "--output", "json"], ">&- <&-"),
                               (["watch", *NET, "--once", "--max-lag", "1d"], ">&-")]:
            log = os.path.join(tmp, "strace.log")
            p = run_raw(args, shell_redirect=redirect, strace_log=log)
            sockets, writes = socket_fds_and_writes(log)
            assert sockets and not sockets & {0, 1, 2}, (args, sockets)
            assert p.returncode != 0, (args, p.returncode)  # as `ls >&-`: output went nowhere
            assert b"write error" in p.stderr and len(p.stderr.splitlines()) == 1, p.stderr
            for fd, result, line in writes:
                if fd == 1:
                    assert result < 0 and "EBADF" in line, line


def test_closed_stderr_verbose_never_reaches_socket():
    """Sibling: `2>&-` with --verbose wrote the diagnostics onto the socket."""
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "strace.log")
        p = run_raw(["checkpoints", *NET, "--verbose", "--output", "json"], shell_redirect="2>&-",
                    strace_log=log)
        assert p.returncode == 0, p.returncode
        assert json.loads(p.stdout)["success"] is True
        sockets, writes = socket_fds_and_writes(log)
        assert sockets and not sockets & {0, 1, 2}, sockets
        stderr_writes = [w for w in writes if w[0] == 2]
        assert stderr_writes, "verbose wrote nothing: the test would prove nothing"
        assert all(r < 0 for _, r, _ in stderr_writes)
        # /proc: what the held descriptors are, seen from a child of the same shape
        p = subprocess.run(["sh", "-c", 'exec "$@" 2>&-', "sh", "ls", "-l", "/proc/self/fd/"],
                           capture_output=True)
        assert b"socket:" not in p.stdout


def test_dev_full_every_command():
    """Issue example: `> /dev/full` ended 0 in silence; also --help, --dry-run, watch --once."""
    cases = [["checkpoints", *NET, "--output", "json"],
             ["checkpoints", *NET],
             ["checkpoints", *NET, "--all", "--page-size", "5", "--output", "jsonl"],
             ["watch", *NET, "--once", "--max-lag", "1d"],
             ["checkpoints", *PLAN, "--endpoint", ENDPOINT, "--dry-run"],
             ["--help"], ["checkpoints", "--help"], ["-V"]]
    for args in cases:
        with open("/dev/full", "wb") as full:
            p = subprocess.run(RUN + [CLI] + args, env=base_env(), stdout=full, stderr=subprocess.PIPE,
                               timeout=60)
        base.OUTPUTS.append((b"", p.stderr))
        assert p.returncode != 0, (args, p.returncode)
        line = one_line(p.stderr)
        assert "write error" in line and "No space left" in line, (args, line)


def fail_second_page(kind):
    emu("POST", "/_emu/faults", {"faults": [{"kind": "content-length"}, kind]})


def test_failed_call_prints_no_partial_document():
    """Issue example: a failure on page 2 left half a JSON document and a table header."""
    for kind, code in [({"kind": "malformed"}, 5),
                       ({"kind": "product-error", "status": 400, "code": "Bad.Page"}, 3),
                       ({"kind": "reset", "after_bytes": 40}, 4)]:
        for fmt in ("json", "table"):
            fail_second_page(kind)
            p = rmqdr("checkpoints", *PLAN, "--all", "--page-size", "5", "--output", fmt, "--retries", "0")
            assert p.returncode == code, (kind, fmt, p.returncode, p.stderr)
            assert p.stdout == b"", (kind, fmt, p.stdout[:200])
            one_line(p.stderr)
        # jsonl: complete lines of page 1, then the exit code
        fail_second_page(kind)
        p = rmqdr("checkpoints", *PLAN, "--all", "--page-size", "5", "--output", "jsonl", "--retries", "0")
        assert p.returncode == code, (kind, p.returncode)
        assert p.stdout.endswith(b"\n")
        assert len([json.loads(line) for line in p.stdout.splitlines()]) == 5


def test_jsonl_one_write_per_page():
    """Issue example: 1000 items gave 1000 write(2) calls."""
    set_data(lambda item: item.update(generate={"count": 988}))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "strace.log")
            p = run_raw(["checkpoints", *NET, "--all", "--page-size", "100", "--output", "jsonl"],
                        strace_log=log)
            assert p.returncode == 0, p.stderr
            assert len(p.stdout.splitlines()) == 1000
            _, writes = socket_fds_and_writes(log)
            n = len([w for w in writes if w[0] == 1])
            assert n == 10, n  # one per page
            log2 = os.path.join(tmp, "strace2.log")
            p = run_raw(["checkpoints", *NET, "--all", "--page-size", "50", "--output", "jsonl"],
                        strace_log=log2)
            _, writes = socket_fds_and_writes(log2)
            assert len([w for w in writes if w[0] == 1]) == 20
    finally:
        restore_data()


# ---------------------------------------------------------------- 2. server text is data

HOSTILE_TOPIC = "evil\x1b[31mRED\x1b[0m\r\nINJECTED 2026 ok"
HOSTILE_GROUP = "GID_\u009b31m_c1\x07bell"


def hostile(item):
    cps = item["checkpoints"]
    cps[0]["topicName"] = HOSTILE_TOPIC
    cps[1]["consumerGroupId"] = HOSTILE_GROUP
    cps[2]["topicName"] = "订单主题_支付回调_非常长的名字_再长一点点"  # wider than the column
    cps[3]["topicName"] = "é" * 40                                   # 2-byte chars, cut
    cps[4]["topicName"] = "日本語トピック"                            # fits: padded by width
    cps[6]["consumerGroupId"] = "GID_fake\\x1b"  # a literal backslash: shown doubled, never ambiguous
    cps[5]["lastSyncTime"] = None
    cps[5]["sourceProgress"] = {"lastFetchTime": None, "progressData": {"consumeTimestamp": None}}


def display_width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)


def assert_no_control(data):
    text = data.decode("utf-8")  # also: no cut left a broken byte
    for ch in text:
        assert ch == "\n" or not (ord(ch) < 0x20 or 0x7f <= ord(ch) <= 0x9f), repr(ch)
    return text


def test_table_escapes_control_characters():
    """Issue example: an ESC sequence in a topic recoloured the terminal, CR/LF split rows."""
    set_data(hostile)
    try:
        p = rmqdr("checkpoints", *PLAN, "--page-size", "12")
        assert p.returncode == 0, p.stderr
        text = assert_no_control(p.stdout)
        lines = text.splitlines()
        assert len(lines) == 1 + 12 + 1, lines  # header, rows, footer: no injected row
        assert "\\x1b[31mRED" in text and "\\u009b31m" in text and "\\x07" in text
        assert "GID_fake\\\\x1b" in text
        # json keeps the exact strings (already escaped by JSON)
        p = rmqdr("checkpoints", *PLAN, "--page-size", "12", "--output", "json")
        assert b"\x1b" not in p.stdout and b"\xc2\x9b" not in p.stdout  # JSON escapes C0 and C1 too
        cps = json.loads(p.stdout)["data"]["list"]
        assert cps[0]["sourceProgress"]["topicName"] == HOSTILE_TOPIC
        assert cps[1]["sourceProgress"]["consumerGroupId"] == HOSTILE_GROUP
    finally:
        restore_data()


def test_watch_text_escapes_control_characters():
    """Sibling: watch's text lines carry the same escaping."""
    set_data(hostile)
    try:
        p = rmqdr("watch", *PLAN, "--once", "--max-lag", "1d")
        text = assert_no_control(p.stdout)
        assert len(text.splitlines()) == 12, text
        assert "\\x1b[31mRED" in text
    finally:
        restore_data()


def test_api_error_message_is_one_line():
    """Issue example: an API message with a newline split the stderr line."""
    emu("POST", "/_emu/faults", {"faults": [{"kind": "product-error", "status": 400, "code": "Bad\x1b[2J",
                                             "message": "first line\nsecond line\r\x1b]0;title\x07"}]})
    p = rmqdr("checkpoints", *PLAN, "--retries", "0")
    assert p.returncode == 3
    line = one_line(p.stderr)
    assert "\\n" in line and "\x1b" not in line and "\r" not in line, line
    # sibling: the same through decode (API error body)
    body = json.dumps({"requestId": "R\x1b1", "success": False, "code": "X", "message": "a\nb\x9bc",
                       "httpStatusCode": 400}).encode()
    p = run_raw(["decode", "--body"], stdin=body)
    assert p.returncode == 3
    line = one_line(p.stderr)
    assert "\x9b" not in line and "\\n" in line, line


def test_table_cjk_widths_and_cuts():
    """Issue example: CJK names broke alignment and a cut left half a character."""
    set_data(hostile)
    try:
        p = rmqdr("checkpoints", *PLAN, "--page-size", "12")
        lines = p.stdout.decode("utf-8").splitlines()
        # topic (28) + space + group (24) + space: the third column starts at display column 54
        for line in lines[:-1]:
            prefix_len, width = 0, 0
            while width < 54:
                width += display_width(line[prefix_len])
                prefix_len += 1
            assert width == 54, (line, width)
            assert line[prefix_len - 1] == " " and line[prefix_len] != " ", line
        assert any("订单主题" in line and "~" in line for line in lines)
        assert any(line.startswith("é" * 27 + "~") for line in lines), lines
        assert any(line.startswith("日本語トピック" + " " * 14) for line in lines)
    finally:
        restore_data()


def test_null_fields_keep_names():
    """Issue example: a null lastSyncTime vanished from the JSON output."""
    set_data(hostile)
    try:
        for fmt in ("json", "jsonl"):
            p = rmqdr("checkpoints", *PLAN, "--page-size", "12", "--output", fmt)
            assert p.returncode == 0
            cps = (json.loads(p.stdout)["data"]["list"] if fmt == "json"
                   else [json.loads(x) for x in p.stdout.splitlines()])
            cp = cps[5]
            assert "lastSyncTime" in cp and cp["lastSyncTime"] is None, cp
            assert cp["sourceProgress"]["lastFetchTime"] is None
            assert cp["sourceProgress"]["progressData"] == {"consumeTimestamp": None}
        # sibling: the envelope of a success document keeps every API name too
        doc = json.loads(rmqdr("checkpoints", *PLAN, "--all", "--output", "json").stdout)
        for key in ("requestId", "success", "code", "message", "httpStatusCode", "dynamicCode", "dynamicMessage"):
            assert key in doc, key
        assert doc["dynamicCode"] is None and set(doc["data"]) >= {"pageNumber", "pageSize", "totalCount", "list"}
        p = rmqdr("checkpoints", *PLAN, "--page-size", "12")
        row = p.stdout.decode().splitlines()[6]
        assert row.split()[-2:] == ["-", "-"], row  # lag and age "never": "-"
    finally:
        restore_data()


# ---------------------------------------------------------------- 3. profile files

def profile_run(tmp, text, *args, env_extra=None, name="config.json"):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    env = base_env(HOME=tmp, ALIBABA_CLOUD_CONFIG_FILE=path, **(env_extra or {}))
    del env["ALIBABA_CLOUD_ACCESS_KEY_ID"], env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]
    return rmqdr("checkpoints", *PLAN, *args, env=env)


def good_profile(name="default", **extra):
    return dict({"name": name, "mode": "AK", "access_key_id": base.KEY_ID, "access_key_secret": base.SECRET,
                 "region_id": "cn-hangzhou"}, **extra)


def test_profile_invalid_json_is_never_credentials():
    """Issue example: {"current":::"default",...} was accepted."""
    tail = json.dumps([good_profile()])
    with tempfile.TemporaryDirectory() as tmp:
        for text in ['{"current":::"default","profiles":' + tail + '}',
                     '{"current":"default","profiles":' + tail + ',}',             # trailing comma
                     "{'current':'default','profiles':" + tail + "}",             # single quotes
                     '{"current":"default","current":"x","profiles":' + tail + '}',  # duplicate key
                     '{"current":"default","profiles":' + tail + '} trailing']:
            p = profile_run(tmp, text)
            assert p.returncode == 2, (text[:30], p.returncode, p.stderr)
            line = one_line(p.stderr)
            assert "JSON" in line and base.SECRET not in line, line


def test_profile_200_profiles_and_escapes():
    """Issue example: a valid file with 200 profiles ran out of tokens."""
    profiles = [dict(good_profile(f"p{i:03d}", access_key_id=f"LTAIwrong{i}"),
                     **{f"field_{k}": f"value {k}" for k in range(15)}) for i in range(199)]
    escaped = good_profile("target")
    text = json.dumps({"current": "target", "profiles": profiles + [escaped]})
    # escapes in values are decoded: the key id spelled with \u escapes
    spelled = "".join(f"\\u{ord(c):04x}" for c in base.KEY_ID)
    text = text.replace(json.dumps(base.KEY_ID), '"' + spelled + '"')
    with tempfile.TemporaryDirectory() as tmp:
        p = profile_run(tmp, text)
        assert p.returncode == 0, p.stderr
        # a profile far down the list by --profile
        p = profile_run(tmp, text, "--profile", "p150")
        assert p.returncode == 3 and b"InvalidAccessKeyId" in p.stderr, p.stderr


def test_profile_size_limit():
    """Sibling: over 1 MiB works up to the documented 4 MiB limit, and the error names the limit."""
    with tempfile.TemporaryDirectory() as tmp:
        big = json.dumps({"current": "default", "padding": "x" * (2 * 1024 * 1024),
                          "profiles": [good_profile()]})
        p = profile_run(tmp, big)
        assert p.returncode == 0, p.stderr
        huge = json.dumps({"current": "default", "padding": "x" * (4 * 1024 * 1024 + 1),
                           "profiles": [good_profile()]})
        p = profile_run(tmp, huge)
        assert p.returncode == 2
        assert "4194304 bytes" in one_line(p.stderr)


def test_profile_location_and_default():
    """ALIBABA_CLOUD_CONFIG_FILE, passwd home without HOME, "default" without "current"."""
    with tempfile.TemporaryDirectory() as tmp:
        p = profile_run(tmp, json.dumps({"profiles": [good_profile("other", access_key_id="LTAIx"),
                                                       good_profile()]}), name="elsewhere.json")
        assert p.returncode == 0, p.stderr
        env = base_env(HOME=None)
        env.pop("HOME", None)
        del env["ALIBABA_CLOUD_ACCESS_KEY_ID"], env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]
        home = pwd.getpwuid(os.getuid()).pw_dir
        if not os.path.exists(os.path.join(home, ".aliyun", "config.json")):
            p = rmqdr("checkpoints", *PLAN, env=env)
            assert p.returncode == 2
            assert f"{home}/.aliyun/config.json" in one_line(p.stderr), p.stderr


# ---------------------------------------------------------------- 4. options

def test_options_that_do_not_belong_or_contradict():
    """Issue examples: checkpoints --max-lag, --all with --page-number, a repeated option."""
    cases = [["checkpoints", *NET, "--max-lag", "5m"],
             ["checkpoints", *NET, "--all", "--page-number", "2"],
             ["checkpoints", *NET, "--page-size", "5", "--page-size", "6"],
             ["watch", *NET, "--page-number", "2"],
             ["watch", *NET, "--dry-run"],
             ["watch", *NET, "--output", "json"],
             ["decode", "--all"],
             ["decode", "--endpoint", ENDPOINT],
             ["checkpoints", *NET, "--date", "2026-01-01T00:00:00Z"],
             ["checkpoints", *NET, "--output", "json", "--output", "json"],
             ["checkpoints", *NET, "--all", "--all"],
             ["checkpoints", *NET, "stray"]]
    for args in cases:
        p = subprocess.run(RUN + [CLI] + args, env=base_env(), capture_output=True, timeout=30)
        base.OUTPUTS.append((p.stdout, p.stderr))
        assert p.returncode == 2 and p.stdout == b"", (args, p.returncode)
        one_line(p.stderr)


def test_help_per_command_and_bare_usage():
    p = run_raw(["checkpoints", "--help"])
    assert p.returncode == 0 and b"--all" in p.stdout and b"--max-lag" not in p.stdout
    p = run_raw(["watch", "-h"])
    assert p.returncode == 0 and b"--max-lag" in p.stdout and b"--page-number" not in p.stdout
    p = run_raw(["decode", "--help"])
    assert p.returncode == 0 and b"--body" in p.stdout and b"--endpoint" not in p.stdout
    p = run_raw(["-V"])
    assert p.returncode == 0 and p.stdout.startswith(b"rmqdr ")
    p = run_raw(["-h"])
    assert p.returncode == 0 and b"checkpoints" in p.stdout
    p = run_raw([])
    assert p.returncode == 2 and p.stdout == b"" and b"usage: rmqdr" in p.stderr


def test_dry_run_endpoint_rules():
    """Issue example: --dry-run printed a request to plain http://example.com."""
    p = run_raw(["checkpoints", *PLAN, "--endpoint", "http://example.com", "--dry-run"])
    assert p.returncode == 2 and p.stdout == b""
    assert "loopback" in one_line(p.stderr)
    p = run_raw(["checkpoints", *PLAN, "--endpoint", "HTTP://example.com", "--dry-run"])
    assert p.returncode == 2, "scheme is case-insensitive"
    p = run_raw(["checkpoints", *PLAN, "--endpoint", f"http://127.0.0.1:{base.PORT}", "--ca-file", CA,
                 "--dry-run"])
    assert p.returncode == 2 and "https://" in one_line(p.stderr)  # as a real run: no CA for http
    p = run_raw(["checkpoints", *PLAN, "--endpoint", f"HTTP://127.0.0.1:{base.PORT}", "--dry-run"])
    assert p.returncode == 0 and p.stdout.startswith(b"GET /disaster_recovery/")
    p = run_raw(["checkpoints", *PLAN, "--endpoint", f"HTTPS://localhost:{base.PORT}", "--ca-file", CA])
    assert p.returncode == 0, p.stderr


def test_error_lines_state_facts():
    """Numbers, not macro names; CA path and OS error; host:port; the host that did not resolve."""
    p = run_raw(["checkpoints", *NET, "--page-size", "500"])
    line = one_line(p.stderr)
    assert p.returncode == 2 and "100" in line and "RMQDR_" not in line, line
    p = run_raw(["checkpoints", *NET, "--filter", "x" * 200])
    line = one_line(p.stderr)
    assert "128" in line and "RMQDR_" not in line, line
    p = run_raw(["checkpoints", *PLAN, "--endpoint", ENDPOINT, "--ca-file", "/nonexistent/ca.pem"])
    line = one_line(p.stderr)
    assert p.returncode == 2 and "/nonexistent/ca.pem" in line and "No such file" in line, line
    p = run_raw(["checkpoints", *PLAN, "--endpoint", "https://localhost:1", "--retries", "0"])
    line = one_line(p.stderr)
    assert p.returncode == 4 and "localhost:1" in line, line
    p = run_raw(["checkpoints", *PLAN, "--endpoint", "https://no-such-host.invalid", "--retries", "0"])
    line = one_line(p.stderr)
    assert p.returncode == 4 and "no-such-host.invalid" in line and "resolve" in line, line
    for opt, value, text in [("--interval", "0s", "from 1s to 1d"), ("--timeout", "2h", "to 1h"),
                             ("--deadline", "2d", "from 0ms to 1d")]:
        p = run_raw(["watch", *NET, opt, value])
        line = one_line(p.stderr)
        assert p.returncode == 2 and text in line, line


def test_refused_connection_names_errno():
    """client.h: cause RMQDR_ERR_CONNECT with os_error -> "refused (Connection refused)"."""
    p = run_raw(["checkpoints", *PLAN, "--endpoint", "https://127.0.0.1:1", "--retries", "0"])
    line = one_line(p.stderr)
    assert "127.0.0.1:1 refused (Connection refused)" in line, line


def test_deadline_bounds_the_call():
    """--deadline maps to deadline_ms: a 3 s delay under a 1 s deadline ends with exit 4."""
    emu("POST", "/_emu/faults", {"faults": [{"kind": "delay", "delay_ms": 3000}]})
    start = time.monotonic()
    p = run_raw(["checkpoints", *NET, "--deadline", "1s", "--timeout", "10s"])
    assert p.returncode == 4 and time.monotonic() - start < 2.8, (p.returncode, p.stderr)
    assert "deadline" in one_line(p.stderr)


def test_exit_codes_match_readme():
    """The README table and the classification agree on the codes the suite can provoke."""
    readme = open(os.path.join(ROOT, "README.md")).read()
    for code in range(8):
        assert re.search(rf"^\| `?{code}`? \|", readme, re.M), f"exit code {code} missing from README"
    emu("POST", "/_emu/faults", {"faults": [{"kind": "truncated"}]})
    assert run_raw(["checkpoints", *NET, "--retries", "0"]).returncode == 4  # cut connection: network
    emu("POST", "/_emu/faults", {"faults": [{"kind": "malformed"}]})
    assert run_raw(["checkpoints", *NET, "--retries", "0"]).returncode == 5


# ---------------------------------------------------------------- 5. watch

class Watch:
    """A running `rmqdr watch` whose stdout lines are read as they come."""

    def __init__(self, *args):
        self.p = subprocess.Popen(RUN + [CLI, "watch", *NET, *args], env=base_env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = []

    def read_until(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while len(self.lines) < count and time.monotonic() < deadline:
            line = self.p.stdout.readline()
            if not line:
                break
            self.lines.append(line)
        return self.lines

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        out, err = self.p.communicate(timeout=30)
        self.lines += out.splitlines(keepends=True)
        base.OUTPUTS.append((b"".join(self.lines), err))
        return err


def test_watch_1500_checkpoints_no_repeats():
    """Issue example: 1025+ checkpoints repeated "ok" lines on every poll."""
    set_data(lambda item: item.update(generate={"count": 1488}))
    try:
        w = Watch("--interval", "1s", "--output", "jsonl", "--max-lag", "1d", "--max-stale", "1d")
        w.read_until(1500)
        time.sleep(3.5)  # three more polls
        w.stop()
        events = [json.loads(x) for x in w.lines]
        assert len(events) == 1500, len(events)
        assert all(e["status"] == "ok" and RFC3339.match(e["time"]) for e in events)
        assert len({(e["topicName"], e["consumerGroupId"]) for e in events}) == 1500
    finally:
        restore_data()


def test_watch_reports_vanished_checkpoint_once():
    w = Watch("--interval", "1s", "--output", "jsonl", "--max-lag", "1d", "--max-stale", "1d")
    try:
        w.read_until(12)
        set_data(lambda item: item.update(checkpoints=item["checkpoints"][1:]))
        w.read_until(13)  # the "gone" line, however slow the machine
        time.sleep(2.5)   # at least one more poll: it must not repeat
    finally:
        w.stop()
        restore_data()
    events = [json.loads(x) for x in w.lines]
    gone = [e for e in events if e["status"] == "gone"]
    assert len(gone) == 1 and gone[0]["checkpointId"] == 1000000101, gone
    assert RFC3339.match(gone[0]["time"])


def test_watch_breach_says_which_threshold():
    set_data(hostile)  # checkpoint 6 has "never" timestamps
    try:
        p = rmqdr("watch", *PLAN, "--once", "--max-lag", "1m", "--max-stale", "1h", "--output", "jsonl")
        assert p.returncode == 1
        events = [json.loads(x) for x in p.stdout.splitlines()]
        reasons = {r for e in events for r in e["breached"]}
        assert {"lag", "stale", "unknown"} <= reasons, reasons
        never = [e for e in events if e["lagMs"] is None]
        assert never and all("unknown" in e["breached"] for e in never)
        p = rmqdr("watch", *PLAN, "--once", "--max-lag", "1m")
        text = p.stdout.decode()
        assert "breached: lag" in text and "breached: unknown" in text
        for line in text.splitlines():
            assert RFC3339.match(line.split(" ", 1)[0]), line
    finally:
        restore_data()


def test_watch_outage_lines_and_max_failures():
    """Issue example: during an outage watch --output jsonl went silent."""
    emu("POST", "/_emu/faults", {"sticky": {"kind": "http503"}})
    try:
        p = rmqdr("watch", *PLAN, "--interval", "1s", "--retries", "0", "--output", "jsonl",
                  "--max-failures", "3")
        assert p.returncode == 4, p.returncode
        events = [json.loads(x) for x in p.stdout.splitlines()]
        assert [e["consecutiveFailures"] for e in events] == [1, 2, 3], events
        assert all(e["status"] == "error" and RFC3339.match(e["time"]) for e in events)
        assert b"--max-failures" in p.stderr
        # sibling: a refused connection in text mode, stderr lines stamped
        p = rmqdr("watch", *PLAN, "--interval", "1s", "--retries", "0", "--max-failures", "2",
                  endpoint="https://localhost:1")
        assert p.returncode == 4
        lines = p.stderr.decode().splitlines()
        stamped = [x for x in lines if RFC3339.match(x.split(" ", 1)[0])]
        assert len(stamped) == len(lines) >= 2, p.stderr
    finally:
        emu("POST", "/_emu/faults", {"sticky": None})


def test_watch_rereads_changed_ca_file():
    with tempfile.TemporaryDirectory() as tmp:
        ca = os.path.join(tmp, "ca.pem")
        shutil.copy(CA, ca)
        p = subprocess.Popen(RUN + [CLI, "watch", *PLAN, "--endpoint", ENDPOINT, "--ca-file", ca,
                                    "--interval", "1s", "--verbose", "--output", "jsonl",
                                    "--max-lag", "1d", "--max-stale", "1d"],
                             env=base_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert p.stdout.readline()  # the first poll is done with the good file
        with open(ca, "w") as f:
            f.write("not a certificate\n")
        try:
            out, err = p.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        base.OUTPUTS.append((out, err))
        assert b"reloading" in err, err
        assert p.returncode == 2 and ca.encode() in err, (p.returncode, err)


# ---------------------------------------------------------------- 6. decode

def test_decode_bare_body():
    """Issue example: decode --body refused a JSON body without an HTTP head."""
    p = rmqdr("checkpoints", *PLAN, "--page-size", "5", "--output", "json")
    body = p.stdout
    d = run_raw(["decode", "--body"], stdin=body)
    assert d.returncode == 0, d.stderr
    assert json.loads(d.stdout)["data"]["list"] == json.loads(body)["data"]["list"]
    d = run_raw(["decode", "--body", "--output", "table"], stdin=body)
    assert d.returncode == 0 and len(d.stdout.splitlines()) == 7
    d = run_raw(["decode", "--body"], stdin=body[: len(body) // 2])
    assert d.returncode == 5 and d.stdout == b""
    one_line(d.stderr)


def test_no_secret_in_any_output():
    """Runs last: scans every output of every test above."""
    assert len(base.OUTPUTS) > 50, len(base.OUTPUTS)
    for out, err in base.OUTPUTS:
        assert base.SECRET.encode() not in out + err, "secret leaked"


def main():
    return base.report(*base.run_tests(globals(), last="test_no_secret_in_any_output"))


if __name__ == "__main__":
    sys.exit(main())
