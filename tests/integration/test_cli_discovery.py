#!/usr/bin/env python3
"""Discovery in the rmqdr command (issue 15), against the emulator.

  - `rmqdr plans` and `rmqdr items` in every format, parsed back; API field
    names kept (null when absent); paging over one connection; failures
    print no partial document; /dev/full; server text escaped in the table;
  - `rmqdr watch --instance-id` without plan/item: finds the sample's 2
    plans / 3 items / all 14 checkpoints over one connection, reports a
    status change injected mid-run (item MANUAL_STOPPED, plan DELETED) as
    events with RFC 3339 times, keeps metrics per plan_id/item_id, reports
    outages and gives up after --max-failures;
  - an external instance's username and password never appear in any
    output of any command or format (nor the AccessKey secret).
Last line: "N passed, N failed".
"""
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli as base  # noqa: E402  helpers: rmqdr(), emu(), base_env(), OUTPUTS

ROOT, CLI, RUN, ENDPOINT, CA = base.ROOT, base.CLI, base.RUN, base.ENDPOINT, base.CA
rmqdr, emu, base_env = base.rmqdr, base.emu, base.base_env
SAMPLE = json.load(open(os.path.join(ROOT, "tools/emulator/data/sample.json")))
INSTANCE = "rmq-cn-7e22ody0001"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
PLAN_KEYS = ["planId", "planName", "planDesc", "planType", "planStatus", "autoSyncCheckpoint",
             "syncCheckpointEnabled", "createTime", "updateTime", "instances"]
INSTANCE_KEYS = ["instanceId", "instanceType", "instanceRole", "regionId", "networkType", "endpointUrl",
                 "consumerGroupId", "authType", "vpcId"]
ITEM_KEYS = ["itemId", "planId", "itemStatus", "createTime", "updateTime", "topics"]
TOPIC_KEYS = ["regionId", "instanceId", "instanceType", "topicName", "consumerGroupId", "deliveryOrderType"]


def external_credentials(data=SAMPLE):
    """Every username/password value of the data set's instances."""
    out = []
    for plan in data.get("plans", []):
        for inst in plan.get("instances", []):
            out += [inst[k] for k in ("username", "password") if inst.get(k)]
    return out


CREDENTIALS = external_credentials()


def expected_checkpoints():
    """{(planId, itemId): checkpoint count} of INSTANCE in the sample tree."""
    out = {}
    for inst in SAMPLE["instances"]:
        if inst["instanceId"] != INSTANCE:
            continue
        for plan in inst["plans"]:
            for item in plan["items"]:
                n = len(item.get("checkpoints", [])) + item.get("generate", {}).get("count", 0)
                out[(plan["planId"], item["itemId"])] = n
    return out


def restore_data():
    emu("POST", "/_emu/data", SAMPLE)


def jsonl(p):
    return [json.loads(line) for line in p.stdout.decode().splitlines()]


def one_line(stderr):
    lines = stderr.decode("utf-8", "replace").strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("rmqdr: "), lines
    return lines[0]


# ---- plans and items ----------------------------------------------------


def test_plans_table_every_plan():
    p = rmqdr("plans")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.decode().splitlines()
    assert lines[0].split()[:3] == ["PLAN", "ID", "NAME"], lines[0]
    ids = [int(line.split()[0]) for line in lines[1:-1]]
    assert ids == [p["planId"] for p in SAMPLE["plans"]], ids
    assert lines[-1].startswith(f"{len(ids)} plan(s) of {len(ids)}, request "), lines[-1]
    assert "rmq-ext-sg-0003 (PASSIVE)" in lines[2], lines[2]


def test_plans_json_api_names_and_no_credentials():
    p = rmqdr("plans", "--instance-id", INSTANCE, "--output", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["success"] is True and doc["data"]["totalCount"] == 2
    plans = doc["data"]["list"]
    assert [x["planId"] for x in plans] == [1300000016, 1300000017]
    for plan in plans:
        assert list(plan) == PLAN_KEYS, list(plan)
        for inst in plan["instances"]:
            assert list(inst) == INSTANCE_KEYS, list(inst)
            assert "username" not in inst and "password" not in inst
    ext = plans[1]["instances"][1]
    assert ext["instanceType"] == "EXTERNAL_ROCKETMQ" and ext["endpointUrl"].endswith(":9876")
    assert plans[0]["instances"][0]["endpointUrl"] is None  # absent: the name is kept, null
    assert plans[1]["autoSyncCheckpoint"] is False and plans[1]["syncCheckpointEnabled"] is True
    for secret in CREDENTIALS:
        assert secret.encode() not in p.stdout + p.stderr


def test_plans_all_jsonl_one_connection():
    emu("POST", "/_emu/reset-stats", {})
    p = rmqdr("plans", "--all", "--page-size", "1", "--output", "jsonl", "--verbose")
    assert p.returncode == 0, p.stderr
    ids = [x["planId"] for x in jsonl(p)]
    assert ids == [1300000016, 1300000017, 1300000099], ids
    stats = emu("GET", "/_emu/stats")
    assert stats["handshakes"] == 1 and stats["requests"] == 3, stats


def test_plans_filter():
    p = rmqdr("plans", "--filter", "Singapore", "--output", "jsonl")
    assert p.returncode == 0, p.stderr
    assert [x["planId"] for x in jsonl(p)] == [1300000017]


def test_items_every_format():
    p = rmqdr("items", "--plan-id", "1300000016", "--output", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    items = doc["data"]["list"]
    assert [x["itemId"] for x in items] == [100070284, 100070285]
    for item in items:
        assert list(item) == ITEM_KEYS and item["planId"] == 1300000016
        for topic in item["topics"]:
            assert list(topic) == TOPIC_KEYS
            assert topic["consumerGroupId"] is None
    p = rmqdr("items", "--plan-id", "1300000016", "--all", "--page-size", "1", "--output", "jsonl")
    assert p.returncode == 0 and [x["itemId"] for x in jsonl(p)] == [100070284, 100070285], p.stderr
    p = rmqdr("items", "--plan-id", "1300000017")
    lines = p.stdout.decode().splitlines()
    assert p.returncode == 0 and lines[0].startswith("ITEM ID"), p.stdout
    assert "100070290" in lines[1] and "inventory_sync" in lines[1] and \
        "rmq-cn-7e22ody0001 -> rmq-ext-sg-0003" in lines[1], lines
    assert lines[-1].startswith("1 item(s) of 1, request ")


def test_items_topic():
    p = rmqdr("items", "--plan-id", "1300000016", "--topic", "refunds", "--output", "jsonl")
    assert p.returncode == 0, p.stderr
    assert [x["itemId"] for x in jsonl(p)] == [100070285]
    p = rmqdr("items", "--plan-id", "1300000016", "--topic", "refund", "--output", "jsonl")
    assert p.returncode == 0 and p.stdout == b"", p.stdout  # exact topic name, not a substring


def test_items_unknown_plan_every_format():
    for fmt in ("table", "json", "jsonl"):
        p = rmqdr("items", "--plan-id", "999", "--output", fmt)
        assert p.returncode == 3, (fmt, p.returncode)
        assert b"DisasterRecoveryPlan.NotFound" in p.stderr
        one_line(p.stderr)
        assert p.stdout == b"", (fmt, p.stdout)


def test_failed_all_prints_no_partial_document():
    for fmt, want_partial in (("table", False), ("json", False), ("jsonl", True)):
        emu("POST", "/_emu/faults", {"faults": [{"kind": "content-length"}, {"kind": "malformed"}]})
        p = rmqdr("plans", "--all", "--page-size", "1", "--retries", "0", "--output", fmt)
        assert p.returncode == 5, (fmt, p.returncode, p.stderr)
        if want_partial:
            assert [x["planId"] for x in jsonl(p)] == [1300000016], p.stdout  # complete lines only
        else:
            assert p.stdout == b"", (fmt, p.stdout)


def test_dev_full():
    for args in (["plans"], ["items", "--plan-id", "1300000016", "--output", "json"],
                 ["plans", "--dry-run"], ["watch", "--instance-id", INSTANCE, "--once"]):
        cmd = RUN + [CLI] + args + ["--endpoint", ENDPOINT] + (["--ca-file", CA] if "--dry-run" not in args else [])
        with open("/dev/full", "wb") as full:
            p = subprocess.run(cmd, env=base_env(), stdout=full, stderr=subprocess.PIPE, timeout=60)
        base.OUTPUTS.append((b"", p.stderr))
        assert p.returncode == 6, (args, p.returncode, p.stderr)
        one_line(p.stderr)


def test_server_text_escaped_and_cjk_aligned():
    data = json.loads(json.dumps(SAMPLE))
    data["plans"][0]["planName"] = "\u8ba2\u5355\u707e\u5907\u8ba1\u5212-\u676d\u5dde\u5230\u4e0a\u6d77\u4e3b\u5907"
    data["plans"][1]["planName"] = "evil\x1b[31mred\r\nFAKE LINE"
    data["plans"][1]["instances"][0]["instanceRole"] = "ACTIVE\x1b]0;title\x07"
    emu("POST", "/_emu/data", data)
    try:
        p = rmqdr("plans", "--instance-id", INSTANCE)
        assert p.returncode == 0, p.stderr
        out = p.stdout.decode()
        assert "\x1b" not in out and "\r" not in out and "\x07" not in out, repr(out)
        lines = out.splitlines()
        assert len(lines) == 4, lines  # header, 2 rows, footer: no injected line
        assert "\\x1b" in lines[2] or "\\u001b" in lines[2], lines[2]
        # the TYPE column starts at the same display column on every row
        import unicodedata

        def col(line, word):
            i = line.index(word)
            return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line[:i])
        assert col(lines[1], "ACTIVE_PASSIVE") == col(lines[0], "TYPE") == col(lines[2], "ACTIVE_PASSIVE"), lines
        p = rmqdr("plans", "--instance-id", INSTANCE, "--output", "jsonl")
        rows = jsonl(p)
        assert rows[1]["planName"] == "evil\x1b[31mred\r\nFAKE LINE"  # JSON keeps the data, escaped
        assert b"\x1b" not in p.stdout
    finally:
        restore_data()


def test_caps_and_cut_strings_are_flagged():
    """More instances/topics than fit, and a name longer than its field:
    the first ones are shown, and one stderr line names each cut."""
    data = json.loads(json.dumps(SAMPLE))
    data["plans"][0]["instances"].append({"instanceId": "rmq-third", "instanceRole": "PASSIVE"})
    data["plans"][0]["planName"] = "\u540d" * 40  # 120 bytes of UTF-8
    data["plans"][0]["items"][0]["topics"].append({"topicName": "third"})
    emu("POST", "/_emu/data", data)
    try:
        p = rmqdr("plans", "--instance-id", INSTANCE, "--output", "jsonl")
        assert p.returncode == 0, p.stderr
        plan = jsonl(p)[0]
        assert [i["instanceId"] for i in plan["instances"]] == ["rmq-cn-7e22ody0001", "rmq-cn-nwy3i0650002"]
        name = plan["planName"]
        assert 0 < len(name.encode()) < 64 and set(name) == {"\u540d"}, name  # cut on a character boundary
        err = p.stderr.decode()
        assert "plan 1300000016: instances holds 3 elements; the first 2 are shown" in err, err
        assert "plan 1300000016: planName was truncated to fit" in err, err
        p = rmqdr("items", "--plan-id", "1300000016", "--output", "json")
        assert p.returncode == 0, p.stderr
        assert len(json.loads(p.stdout)["data"]["list"][0]["topics"]) == 2
        assert b"item 100070284: topics holds 3 elements; the first 2 are shown" in p.stderr, p.stderr
    finally:
        restore_data()


def test_usage_errors():
    cases = [
        ["plans", "--plan-id", "1"],
        ["plans", "--item-id", "1"],
        ["items"],
        ["items", "--plan-id", "1", "--instance-id", "x"],
        ["items", "--plan-id", "1", "--all", "--page-number", "2"],
        ["plans", "--topic", "x"],
        ["watch"],
        ["watch", "--plan-id", "1300000016", "--instance-id", INSTANCE],
        ["watch", "--instance-id", INSTANCE, "--plan-id", "1", "--item-id", "2", "--discover-interval", "1m"],
        ["watch", "--instance-id", INSTANCE, "--discover-interval", "0s"],
        ["watch", "--instance-id", INSTANCE, "--discover-interval", "2d"],
        ["watch", "--instance-id", INSTANCE, "--discover-interval", "1m", "--discover-interval", "2m"],
        ["checkpoints", "--discover-interval", "1m"],
    ]
    for args in cases:
        p = rmqdr(*args)
        assert p.returncode == 2, (args, p.returncode, p.stderr)
        one_line(p.stderr)
        assert p.stdout == b"", args


# ---- watch --instance-id --------------------------------------------------


def test_watch_instance_finds_plans_items_checkpoints():
    emu("POST", "/_emu/reset-stats", {})
    p = rmqdr("watch", "--instance-id", INSTANCE, "--once", "--output", "jsonl")
    assert p.returncode == 0, (p.returncode, p.stderr)
    lines = jsonl(p)
    for line in lines:
        assert RFC3339.match(line["time"]), line
    plans = [x["planId"] for x in lines if x.get("event") == "plan-found"]
    items = [(x["planId"], x["itemId"]) for x in lines if x.get("event") == "item-found"]
    assert plans == [1300000016, 1300000017], plans
    want = expected_checkpoints()
    assert sorted(items) == sorted(want), items
    assert all(x["watched"] for x in lines if x.get("event") == "item-found")
    got = {}
    for x in lines:
        if x["status"] == "ok":
            got.setdefault((x["planId"], x["itemId"]), set()).add(x["checkpointId"])
    assert {k: len(v) for k, v in got.items()} == {k: v for k, v in want.items() if v}, got
    assert sum(want.values()) == 14 and len(items) == 3
    # one connection for 1 plans call, 2 items calls and 3 checkpoint calls
    stats = emu("GET", "/_emu/stats")
    assert stats["handshakes"] == 1 and stats["requests"] == 6, stats


def test_watch_target_instance_lists_with_the_source():
    """A PASSIVE (target) instance: its plans' checkpoints are listed with
    the plan's ACTIVE instance, which ListDisasterRecoveryCheckpoints wants."""
    want = expected_checkpoints()
    for target, plan in (("rmq-cn-nwy3i0650002", 1300000016), ("rmq-ext-sg-0003", 1300000017)):
        p = rmqdr("watch", "--instance-id", target, "--once", "--output", "jsonl")
        assert p.returncode == 0, (target, p.returncode, p.stderr)
        lines = jsonl(p)
        assert [x["planId"] for x in lines if x.get("event") == "plan-found"] == [plan], lines
        got = {}
        for x in lines:
            if x["status"] == "ok":
                got[(x["planId"], x["itemId"])] = got.get((x["planId"], x["itemId"]), 0) + 1
        assert got == {k: v for k, v in want.items() if k[0] == plan and v}, (target, got)
        assert not [x for x in lines if x["status"] == "error"], lines


def test_watch_rules_by_status():
    """RUNNING items of RUNNING plans are watched; a CREATING item or an item
    of a CREATED plan is found but not watched; a plan without planStatus
    does not hold its RUNNING items back."""
    data = json.loads(json.dumps(SAMPLE))
    data["plans"][0]["items"][1]["itemStatus"] = "CREATING"
    del data["plans"][1]["planStatus"]
    emu("POST", "/_emu/data", data)
    try:
        p = rmqdr("watch", "--instance-id", INSTANCE, "--once", "--output", "jsonl")
        assert p.returncode == 0, p.stderr
        found = {(x["planId"], x["itemId"]): x["watched"] for x in jsonl(p) if x.get("event") == "item-found"}
        assert found == {(1300000016, 100070284): True, (1300000016, 100070285): False,
                         (1300000017, 100070290): True}, found
        assert {x["planStatus"] for x in jsonl(p) if x.get("event") == "plan-found"} == {"RUNNING", None}
        data["plans"][0]["planStatus"] = "CREATED"
        emu("POST", "/_emu/data", data)
        p = rmqdr("watch", "--instance-id", INSTANCE, "--once", "--output", "jsonl")
        found = {(x["planId"], x["itemId"]): x["watched"] for x in jsonl(p) if x.get("event") == "item-found"}
        assert found[(1300000016, 100070284)] is False and found[(1300000017, 100070290)] is True, found
        assert {x["planId"] for x in jsonl(p) if x["status"] == "ok"} == {1300000017}
    finally:
        restore_data()


def test_watch_instance_without_plans_says_so():
    p = rmqdr("watch", "--instance-id", "rmq-cn-none", "--once", "--output", "jsonl")
    assert p.returncode == 0 and p.stdout == b"", (p.returncode, p.stdout)
    assert RFC3339.match(p.stderr.decode().split(" ", 1)[0]), p.stderr  # a watch line: stamped
    line = one_line(p.stderr.split(b" ", 1)[1])
    assert "no RUNNING item" in line and "rmq-cn-none" in line and "0 plan(s)" in line, line


def test_watch_instance_text_lines():
    p = rmqdr("watch", "--instance-id", INSTANCE, "--once", "--max-lag", "5m")
    assert p.returncode == 1, (p.returncode, p.stderr)
    lines = p.stdout.decode().splitlines()
    assert any(re.match(r"^\S+Z EVENT  item 1300000017/100070290 found: itemStatus RUNNING, watched$", x)
               for x in lines), lines
    assert any(" BREACH 1300000016/100070284 logistics_tracking / GID_logistics_notify" in x for x in lines)
    assert any(" ok     1300000017/100070290 inventory_sync / " in x for x in lines), lines
    for line in lines:
        assert RFC3339.match(line.split()[0]), line


def run_watch(args):
    """Starts watch in the background (read its stdout with read_lines_until)."""
    cmd = RUN + [CLI, "watch", "--endpoint", ENDPOINT, "--ca-file", CA] + args
    proc = subprocess.Popen(cmd, env=base_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc


def read_lines_until(proc, pred, timeout):
    lines, deadline = [], time.time() + timeout
    while time.time() < deadline:
        raw = proc.stdout.readline()
        if not raw:
            break
        lines.append(json.loads(raw))
        if pred(lines):
            return lines
    raise AssertionError(f"condition not met; lines: {lines[-5:]}")


def test_watch_instance_reports_status_change_mid_run():
    with tempfile.TemporaryDirectory() as tmp:
        metrics = os.path.join(tmp, "rmqdr.prom")
        proc = run_watch(["--instance-id", INSTANCE, "--interval", "1s", "--discover-interval", "1s",
                          "--output", "jsonl", "--metrics-file", metrics])
        try:
            lines = read_lines_until(proc, lambda ls: any(x.get("itemId") == 100070290 and x["status"] == "ok"
                                                          for x in ls), 20)
            text = ""
            for _ in range(100):  # the file appears after the first whole poll
                if os.path.exists(metrics):
                    with open(metrics) as f:
                        text = f.read()
                    break
                time.sleep(0.1)
            for plan, item in (("1300000016", "100070284"), ("1300000017", "100070290")):
                assert f'plan_id="{plan}",item_id="{item}"' in text, (plan, item)
            lag = [x for x in text.splitlines() if x.startswith("rmqdr_checkpoint_lag_seconds{")]
            assert len(lag) == 14, lag
            emu("POST", "/_emu/status", {"planId": 1300000016, "itemId": 100070284, "status": "MANUAL_STOPPED"})
            changed = lambda ls: any(x.get("event") == "item-status" for x in ls)
            lines += read_lines_until(proc, changed, 20)
            ev = next(x for x in lines if x.get("event") == "item-status")
            assert ev == {"time": ev["time"], "status": "event", "event": "item-status", "planId": 1300000016,
                          "itemId": 100070284, "itemStatus": "MANUAL_STOPPED", "previousStatus": "RUNNING",
                          "watched": False}, ev
            assert RFC3339.match(ev["time"])
            emu("POST", "/_emu/status", {"planId": 1300000017, "status": "DELETED"})
            gone = lambda ls: any(x.get("event") == "item-gone" for x in ls)
            more = read_lines_until(proc, gone, 20)
            plan_ev = [x for x in more if x.get("event") == "plan-status"]
            assert plan_ev and plan_ev[0]["planStatus"] == "DELETED" and plan_ev[0]["previousStatus"] == "RUNNING"
            assert [x for x in more if x.get("event") == "item-gone"][0]["itemId"] == 100070290
            time.sleep(2.5)  # two more polls: no checkpoint line of either item
        finally:
            proc.terminate()
            out, err = proc.communicate(timeout=10)
            base.OUTPUTS.append((out, err))
            restore_data()
        tail = [json.loads(x) for x in out.decode().splitlines()]
        assert not [x for x in tail if x.get("itemId") in (100070284, 100070290) and x["status"] in ("ok", "breach")], tail
        assert not [x for x in more + tail if x["status"] == "gone"], "checkpoints of a stopped item are not 'gone'"


def test_watch_instance_outage_and_max_failures():
    emu("POST", "/_emu/faults", {"sticky": {"kind": "http503"}})
    try:
        p = rmqdr("watch", "--instance-id", INSTANCE, "--interval", "1s", "--retries", "0",
                  "--max-failures", "2", "--output", "jsonl")
    finally:
        emu("POST", "/_emu/faults", {"sticky": None})
    assert p.returncode == 4, (p.returncode, p.stderr)
    lines = jsonl(p)
    assert [x["consecutiveFailures"] for x in lines] == [1, 2], lines
    assert all(x["status"] == "error" and x["call"] == "discovery" for x in lines), lines
    assert b"--max-failures" in p.stderr


def test_watch_instance_item_error_rediscovers():
    """An item that vanished between discoveries: its listing fails with an
    API error, the next poll discovers again and reports it gone."""
    data = json.loads(json.dumps(SAMPLE))
    proc = run_watch(["--instance-id", INSTANCE, "--interval", "1s", "--discover-interval", "1h",
                      "--output", "jsonl", "--retries", "0"])
    try:
        read_lines_until(proc, lambda ls: any(x.get("itemId") == 100070290 and x["status"] == "ok" for x in ls), 20)
        data["instances"][0]["plans"] = [p for p in data["instances"][0]["plans"] if p["planId"] != 1300000017]
        data["plans"] = [p for p in data["plans"] if p["planId"] != 1300000017]
        emu("POST", "/_emu/data", data)
        lines = read_lines_until(proc, lambda ls: any(x.get("event") == "plan-gone" for x in ls), 20)
        kinds = [x.get("event") for x in lines if x["status"] == "event"]
        assert kinds == ["item-gone", "plan-gone"], kinds  # a plan goes after its items
        errors = [x for x in lines if x["status"] == "error"]
        assert errors and errors[0]["itemId"] == 100070290 and errors[0]["exitCode"] == 3, errors
        assert any(x.get("event") == "item-gone" and x["itemId"] == 100070290 for x in lines), lines
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
        base.OUTPUTS.append((out, err))
        restore_data()


def test_no_external_credentials_in_any_output():
    """Runs last: every output above, plus each command and format once more."""
    for args in (["plans"], ["plans", "--output", "json", "--verbose"], ["plans", "--output", "jsonl", "--all"],
                 ["items", "--plan-id", "1300000017", "--output", "json"],
                 ["watch", "--instance-id", INSTANCE, "--once", "--output", "jsonl", "--verbose"],
                 ["watch", "--instance-id", INSTANCE, "--once", "--verbose"]):
        p = rmqdr(*args)
        assert p.returncode in (0, 1), (args, p.returncode, p.stderr)
    assert CREDENTIALS and len(base.OUTPUTS) > 30, (CREDENTIALS, len(base.OUTPUTS))
    for out, err in base.OUTPUTS:
        for secret in CREDENTIALS + [base.SECRET]:
            assert secret.encode() not in out + err, f"{secret[:6]}... leaked"
    # The scan can fail: the very request the CLI signs, sent by hand, gets
    # the credentials back from the emulator.
    p = subprocess.run(RUN + [CLI, "plans", "--instance-id", INSTANCE, "--dry-run", "--endpoint",
                              f"localhost:{base.PORT}"], env=base_env(), capture_output=True, timeout=30)
    assert p.returncode == 0, p.stderr
    ctx = ssl.create_default_context(cafile=CA)
    with socket.create_connection(("localhost", int(base.PORT)), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(p.stdout.replace(b"\r\n\r\n", b"\r\nconnection: close\r\n\r\n", 1))
            answer = b""
            while chunk := tls.recv(65536):
                answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    for secret in CREDENTIALS:
        assert secret.encode() in answer, "the emulator no longer sends the external credentials"


def main():
    return base.report(*base.run_tests(globals(), last="test_no_external_credentials_in_any_output"))


if __name__ == "__main__":
    sys.exit(main())
