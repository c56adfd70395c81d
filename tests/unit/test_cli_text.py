#!/usr/bin/env python3
"""Table cells of the rmqdr command, offline through `rmqdr decode --body`.

Server names of every width class (ASCII, 2-byte Latin, combining marks,
CJK, fullwidth, Hangul, emoji) and hostile ones (C0, C1, DEL, ESC, CR/LF,
backslash) go through the table printer: every row must decode as UTF-8,
hold no control character, and put the next column at the same display
column (wcwidth semantics, checked here with unicodedata); a cut is marked
with '~' and never splits a character, also when a wide character would
straddle the column's edge. Last line: "N passed, N failed".
"""
import json
import os
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, os.environ.get("B", "build/host"), "rmqdr")
RUN = os.environ.get("RUN", "").split()
COLUMN_3 = 28 + 1 + 24 + 1  # topic cell, group cell

NAMES = [
    "plain_topic",
    "é" * 40,                                    # 2-byte characters, cut
    "e\u0301" * 30,                              # combining marks: zero width
    "订单主题_支付回调_非常长的名字_再长一点点",        # CJK, cut
    "中" * 15,                                   # the 14th wide char would straddle the edge
    "ＡＢＣ全角",                                  # fullwidth, fits
    "한국어_토픽",                                  # Hangul
    "rocket_🚀_launch_🚀🚀🚀🚀🚀",                   # emoji, wide
    "esc\x1b[2Jcr\rlf\ndel\x7fc1\u009bbell\x07",  # controls
    "back\\slash",
]


def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)


def body():
    items = [{"checkpointId": i, "lastSyncTime": 1796000000000,
              "sourceProgress": {"topicName": n, "consumerGroupId": n[::-1],
                                 "progressData": {"consumeTimestamp": 1796000000000}},
              "targetProgress": {"topicName": n, "consumerGroupId": n[::-1],
                                 "progressData": {"consumeTimestamp": 1795999990000}}}
             for i, n in enumerate(NAMES)]
    return json.dumps({"requestId": "R-1", "success": True, "code": 200, "message": "ok",
                       "httpStatusCode": 200, "data": {"pageNumber": 1, "pageSize": len(items),
                                                       "totalCount": len(items), "list": items}}).encode()


def main():
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + what)
        passed, failed = passed + bool(ok), failed + (not ok)

    for env_lang in ({"LANG": "C.UTF-8"}, {"LANG": "C", "LC_ALL": "C"}, {"LC_ALL": "POSIX"}):
        env = dict(os.environ, **env_lang)
        p = subprocess.run(RUN + [CLI, "decode", "--body", "--output", "table"], input=body(),
                           capture_output=True, env=env, timeout=30)
        label = "/".join(f"{k}={v}" for k, v in env_lang.items())
        check(p.returncode == 0, f"{label}: decode --body --output table exits 0 ({p.stderr!r})")
        try:
            text = p.stdout.decode("utf-8")
        except UnicodeDecodeError as exc:
            check(False, f"{label}: output is valid UTF-8 ({exc})")
            continue
        rows = text.splitlines()[1:-1]
        check(len(rows) == len(NAMES), f"{label}: one row per checkpoint ({len(rows)})")
        bad = [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f)]
        check(not bad, f"{label}: no control character reaches the terminal ({bad[:3]!r})")
        aligned = True
        for row in rows:
            i = w = 0
            while w < COLUMN_3 and i < len(row):
                w += width(row[i])
                i += 1
            aligned &= (w == COLUMN_3 and row[i - 1] == " " and row[i] != " ")
        check(aligned, f"{label}: the third column starts at display column {COLUMN_3} in every row")
        check(any(r.startswith("中" * 13 + "~  ") for r in rows),
              f"{label}: a wide char at the edge is dropped whole, the cell padded")
        check("back\\\\slash" in text and "\\x1b[2J" in text and "\\u009b" in text,
              f"{label}: escapes are visible and a literal backslash is doubled")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
