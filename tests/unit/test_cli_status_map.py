#!/usr/bin/env python3
"""The CLI's exit-code classification covers every library status.

tools/cli/status_map.c holds one line per status (status -> exit code); a
status added to core/include/rmqdr/status.h without its line would fall to
the "unknown status" code 7, so this check names it. Every code used must
be in the README's exit-code table. Last line: "N passed, N failed".
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    header = open(os.path.join(ROOT, "core/include/rmqdr/status.h")).read()
    # enumerators, written either as a plain enum or as X(...) lines of a list macro
    statuses = re.findall(r"^\s*(?:X\(\s*)?(RMQDR_(?:OK|ERR_[A-Z0-9_]+))\s*(?:[,=)]|/\*|$)", header, re.M)
    table_src = open(os.path.join(ROOT, "tools/cli/status_map.c")).read()
    table = table_src[table_src.index("exit_table[] = {"):]
    table = table[:table.index("};")]
    rows = dict(re.findall(r"\{\s*(RMQDR_[A-Z0-9_]+),\s*(EXIT_[A-Z]+)\s*\}", table))
    codes = dict(re.findall(r"^\s*(EXIT_[A-Z]+)\s*=\s*(\d+)",
                            open(os.path.join(ROOT, "tools/cli/options.h")).read(), re.M))
    readme = open(os.path.join(ROOT, "README.md")).read()
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + what)
        passed, failed = passed + ok, failed + (not ok)

    check(len(statuses) > 40, f"status.h lists {len(statuses)} statuses")
    missing = [s for s in statuses if s not in rows]
    check(not missing, f"every status has its exit code in status_map.c (missing: {missing})")
    stale = [s for s in rows if s not in statuses]
    check(not stale, f"no line for a status that no longer exists ({stale})")
    undocumented = sorted({codes[c] for c in rows.values()
                           if not re.search(rf"^\| {codes[c]} \|", readme, re.M)})
    check(not undocumented, f"every exit code used is in the README table ({undocumented})")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
