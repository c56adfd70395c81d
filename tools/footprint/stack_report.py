#!/usr/bin/env python3
"""Worst-case stack of public entry points from GCC's call-graph files.

    stack_report.py --ci-dir DIR --headers 'core/include/rmqdr/*.h'
                    [--exclude-prefix mbedtls_] [--objdump TOOL --elf IMAGE]

Inputs are the .ci files that -fcallgraph-info=su writes beside each object
(one VCG graph per translation unit: a node per function with its frame size
from -fstack-usage, an edge per call site). Entry points are the functions
that the headers declare. For each one the report gives the deepest chain of
frames that a direct call can build:

- calls to excluded prefixes (mbedTLS) count 0 and are listed: their stack
  is mbedTLS's own figure, outside the core's budget;
- indirect calls (transport, platform hooks, sink callback, observer) count
  0 and are listed: what they use is the caller's code, to be added;
- other external callees (libc) are sized from the image's disassembly when
  --elf is given (push/sub/vpush at function entry; they are leaves), else 0;
- a frame marked "dynamic" (alloca, VLA) or a recursive cycle makes the
  figure unbounded, and the report says so.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
from functools import lru_cache

NODE_RE = re.compile(r'^node: \{ title: "([^"]+)" label: "([^"]*)"(.*)\}$')
EDGE_RE = re.compile(r'^edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
BYTES_RE = re.compile(r"\\n(\d+) bytes \(([^)]*)\)")


def load_graph(ci_files):
    frames = {}      # defined function title -> (bytes, qualifier)
    edges = {}       # title -> set of callee titles
    by_name = {}     # plain public name -> title
    for path in ci_files:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = NODE_RE.match(line.strip())
                if m:
                    title, label = m.group(1), m.group(2)
                    b = BYTES_RE.search(label)
                    if b:
                        frames[title] = (int(b.group(1)), b.group(2))
                        name = label.split("\\n", 1)[0]
                        if ":" not in title:
                            by_name[name] = title
                    continue
                m = EDGE_RE.match(line.strip())
                if m:
                    edges.setdefault(m.group(1), set()).add(m.group(2))
    return frames, edges, by_name


def leaf_frames_from_elf(objdump, elf):
    """Frame bytes of every function in the image, from its prologue."""
    try:
        out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    frames = {}
    func = None
    seen = 0
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
        if m:
            func = m.group(1)
            frames[func] = 0
            seen = 0
            continue
        if func is None or seen >= 12:
            continue
        seen += 1
        ins = line.split("\t")
        if len(ins) < 3:
            continue
        op, arg = ins[1].strip(), ins[2].strip()
        if op.startswith("push") or op.startswith("stmdb") and arg.startswith("sp!"):
            regs = re.search(r"\{([^}]*)\}", arg)
            if regs:
                frames[func] += 4 * count_regs(regs.group(1))
        elif op.startswith("vpush"):
            regs = re.search(r"\{([^}]*)\}", arg)
            if regs:
                frames[func] += 4 * count_regs(regs.group(1))
        elif op.startswith("sub") and arg.startswith("sp, sp, #") or \
                op.startswith("sub") and re.match(r"sp, #", arg):
            imm = re.search(r"#(\d+)", arg)
            if imm:
                frames[func] += int(imm.group(1))
    return frames


def count_regs(text):
    n = 0
    for part in text.split(","):
        part = part.strip()
        m = re.match(r"^([a-z]+)(\d+)-[a-z]+(\d+)$", part)
        n += int(m.group(3)) - int(m.group(2)) + 1 if m else 1
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ci-dir", required=True)
    ap.add_argument("--headers", required=True)
    ap.add_argument("--exclude-prefix", action="append", default=[])
    ap.add_argument("--objdump")
    ap.add_argument("--elf")
    ap.add_argument("--goal", type=int, default=1024)
    args = ap.parse_args()

    ci_files = sorted(glob.glob(os.path.join(args.ci_dir, "**", "*.ci"), recursive=True))
    if not ci_files:
        sys.exit(f"stack_report: no .ci files under {args.ci_dir} (build with -fcallgraph-info=su)")
    frames, edges, by_name = load_graph(ci_files)

    entry_points = []
    decl = re.compile(r"^[A-Za-z_][\w \t]*?[ \t*](rmqdr_\w+)\(")
    for header in sorted(glob.glob(args.headers)):
        with open(header, encoding="utf-8") as f:
            for line in f:
                m = decl.match(line)
                if m and not line.startswith("typedef") and m.group(1) not in entry_points:
                    entry_points.append(m.group(1))

    elf_frames = leaf_frames_from_elf(args.objdump, args.elf) if args.objdump and args.elf else {}
    excluded_seen, indirect_seen, external_seen = set(), set(), {}
    unbounded = set()

    def resolve(title):
        if title in frames:
            return title
        return by_name.get(title, title)

    @lru_cache(maxsize=None)
    def worst(title, stack=()):
        """(bytes, chain) of the deepest call chain from title."""
        title = resolve(title)
        if title in stack:
            unbounded.add(title)
            return 0, (title + " (recursion)",)
        if title == "__indirect_call":
            return 0, ("<indirect call>",)
        if title not in frames:
            if any(title.startswith(p) for p in args.exclude_prefix):
                excluded_seen.add(title)
                return 0, (title + " (excluded)",)
            b = elf_frames.get(title, 0)
            external_seen[title] = b
            return b, (f"{title} ({b}, libc)",)
        own, qual = frames[title]
        if "dynamic" in qual and "bounded" not in qual:
            unbounded.add(title)
        best = (0, ())
        for callee in sorted(edges.get(title, ())):
            if callee == "__indirect_call":
                indirect_seen.add(title.split(":")[-1])
            sub = worst(callee, stack + (title,))
            if sub[0] > best[0] or not best[1]:
                best = sub
        name = title.split(":", 1)[-1]
        return own + best[0], (f"{name} ({own})",) + best[1]

    rows = []
    for ep in entry_points:
        if resolve(ep) not in frames:
            rows.append((ep, None, ()))
            continue
        total, chain = worst(ep)
        rows.append((ep, total, chain))

    print("Stack, worst case per public entry point of the core (bytes; "
          "-fstack-usage frames along -fcallgraph-info call chains)")
    width = max(len(r[0]) for r in rows)
    for ep, total, chain in sorted(rows, key=lambda r: -(r[1] or 0)):
        if total is None:
            print(f"  {ep:<{width}}  (not in the image's objects)")
            continue
        print(f"  {ep:<{width}} {total:>6}  " + " > ".join(chain))
    worst_total = max((r[1] for r in rows if r[1] is not None), default=0)
    print(f"core worst case: {worst_total} B (goal <= {args.goal} B), excluding mbedTLS and "
          f"what indirect calls reach")
    if indirect_seen:
        print("  indirect calls (transport, platform hooks, callbacks) from: "
              + ", ".join(sorted(indirect_seen)))
    if excluded_seen:
        print("  excluded callees: " + ", ".join(sorted(excluded_seen)))
    if external_seen:
        print("  libc callees (frame from the image's disassembly): "
              + ", ".join(f"{k} {v}" for k, v in sorted(external_seen.items())))
    if unbounded:
        print("  UNBOUNDED (dynamic frame or recursion): " + ", ".join(sorted(unbounded)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
