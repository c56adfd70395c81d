#!/usr/bin/env python3
"""Footprint of a linked bare-metal image per component, from its GNU ld map.

    size_report.py --map IMAGE.map --elf IMAGE.elf [--nm NM]
        --component NAME=PATH[,PATH...]   (archive or object path prefix)
        [--split NAME=PARENT:SECTIONPREFIX] [--libc]

Every input section that the linker placed in an output section is charged
to the component whose path prefix matches the file it came from:
  text = code and constants in flash (.isr_vector, .text, .rodata, .ARM.*)
  data = initialised RAM (.data; its initial image also occupies flash)
  bss  = zeroed RAM (.bss, COMMON)
--split moves the sections of PARENT whose name starts with
SECTIONPREFIX after the section type (e.g. ".text.jsmn_") to NAME: jsmn is
compiled into json.c, and -ffunction-sections keeps its functions apart.
--inlined NAME=PARENT:OBJECT is the fallback when the compiler inlined
NAME's functions into PARENT's (jsmn_parse is called once, so -Os inlines
it): NAME is then charged the text of OBJECT, the same code compiled alone
with the same flags, and PARENT that much less (an estimate, marked "~").
--libc charges the toolchain's archives (libc, libg, libm, libgcc, crt*) to
"libc". Linker padding between sections is listed as "(alignment)". The
totals are checked against the section sizes of the ELF.
"""
import argparse
import re
import subprocess
import sys
from collections import OrderedDict

TEXT_SECTIONS = (".isr_vector", ".text", ".rodata", ".ARM.exidx", ".ARM.extab")
DATA_SECTIONS = (".data",)
BSS_SECTIONS = (".bss",)
STACK_SECTIONS = (".stack",)

# " .text.name   0xADDR   0xSIZE file"  or the same split over two lines.
INPUT_RE = re.compile(r"^ (\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(.+)$")
INPUT_NAME_ONLY_RE = re.compile(r"^ (\S+)$")
CONT_RE = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(.+)$")
FILL_RE = re.compile(r"^ \*fill\*\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)")
OUTPUT_RE = re.compile(r"^(\.\S+|\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)")
OUTPUT_NAME_ONLY_RE = re.compile(r"^(\.[\w.]+)$")


def kind_of(output_section):
    if output_section in TEXT_SECTIONS:
        return "text"
    if output_section in DATA_SECTIONS:
        return "data"
    if output_section in BSS_SECTIONS:
        return "bss"
    if output_section in STACK_SECTIONS:
        return "stack"
    return None


def parse_map(path):
    """Yield (output_section, input_section, size, file) for placed sections.

    Merged string sections (.rodata.*.str1.1) are listed with their sizes
    before merging, so they overlap: each byte is charged once, to the first
    input that covers it, and the sums equal the output sections' sizes."""
    entries = list(parse_map_raw(path))
    entries.sort(key=lambda e: (e[4], -e[2]))
    covered_end = {}
    for out, section, size, obj, addr in entries:
        start = max(addr, covered_end.get(out, 0))
        end = addr + size
        if end > covered_end.get(out, 0):
            covered_end[out] = end
        yield out, section, max(0, end - start), obj


def parse_map_raw(path):
    """Yield (output_section, input_section, size, file, address)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    try:
        start = lines.index("Linker script and memory map")
    except ValueError:
        sys.exit("size_report: no memory map in " + path)
    out = None
    pending_input = None
    pending_output = None
    for line in lines[start + 1:]:
        if pending_output is not None:
            m = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)", line)
            out = pending_output
            pending_output = None
            if m:
                continue
        m = OUTPUT_NAME_ONLY_RE.match(line)
        if m:
            pending_output = m.group(1)
            continue
        if line and not line.startswith(" "):
            m = OUTPUT_RE.match(line)
            out = m.group(1) if m else None
            pending_input = None
            continue
        if out is None or kind_of(out) is None:
            continue
        m = FILL_RE.match(line)
        if m:
            yield out, "*fill*", int(m.group(2), 16), "(alignment)", int(m.group(1), 16)
            continue
        if pending_input is not None:
            m = CONT_RE.match(line)
            if m:
                yield out, pending_input, int(m.group(2), 16), m.group(3).strip(), int(m.group(1), 16)
            pending_input = None
            continue
        m = INPUT_RE.match(line)
        if m:
            name, size, obj = m.group(1), int(m.group(3), 16), m.group(4).strip()
            if not obj.startswith("0x"):
                yield out, name, size, obj, int(m.group(2), 16)
            continue
        m = INPUT_NAME_ONLY_RE.match(line)
        if m and m.group(1).startswith("."):
            pending_input = m.group(1)


LIBC_RE = re.compile(r"/(libc(_nano)?|libg(_nano)?|libm|libgcc|libnosys|librdimon\w*)\.a\(|/crt\w*\.o$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--map", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--nm", default="nm")
    ap.add_argument("--size", default=None)
    ap.add_argument("--component", action="append", default=[])
    ap.add_argument("--split", action="append", default=[])
    ap.add_argument("--inlined", action="append", default=[])
    ap.add_argument("--libc", action="store_true")
    args = ap.parse_args()

    components = OrderedDict()
    for spec in args.component:
        name, paths = spec.split("=", 1)
        components[name] = [p for p in paths.split(",") if p]
    splits = []
    for spec in args.split:
        name, rest = spec.split("=", 1)
        parent, prefix = rest.split(":", 1)
        splits.append((name, parent, prefix))

    order = list(components)
    for name, parent, _ in splits:
        order.insert(order.index(parent) + 1, name)
    if args.libc:
        order.append("libc")
    order += ["(alignment)", "(other)"]
    table = OrderedDict((n, {"text": 0, "data": 0, "bss": 0}) for n in order)
    stack = 0
    unknown = {}

    for out, section, size, obj in parse_map(args.map):
        kind = kind_of(out)
        if kind == "stack":
            stack += size
            continue
        if obj == "(alignment)":
            comp = "(alignment)"
        else:
            comp = None
            for name, prefixes in components.items():
                if any(obj.startswith(p) for p in prefixes):
                    comp = name
                    break
            if comp is None and args.libc and LIBC_RE.search(obj):
                comp = "libc"
            if comp is None:
                comp = "(other)"
                unknown[obj] = unknown.get(obj, 0) + size
        for name, parent, prefix in splits:
            if comp == parent:
                body = re.sub(r"^\.(text|rodata|data|bss)\.", "", section)
                if body != section and body.startswith(prefix):
                    comp = name
        table[comp][kind] += size

    size_tool = args.size or args.nm.replace("nm", "size")
    estimated = set()
    for spec in args.inlined:
        name, rest = spec.split("=", 1)
        parent, obj = rest.split(":", 1)
        if name not in table or any(table[name].values()):
            continue
        res = subprocess.run([size_tool, "-A", obj], capture_output=True, text=True, check=True)
        est = 0
        for line in res.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit() and re.match(r"^\.(text|rodata)", parts[0]):
                est += int(parts[1])
        table[name]["text"] += est
        table[parent]["text"] -= est
        estimated.update((name, parent))

    total = {k: sum(row[k] for row in table.values()) for k in ("text", "data", "bss")}

    # Cross-check against the ELF's own section sizes (size -A).
    elf = {"text": 0, "data": 0, "bss": 0}
    try:
        res = subprocess.run([size_tool, "-A", args.elf], capture_output=True, text=True, check=True)
        for line in res.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                kind = kind_of(parts[0])
                if kind in elf:
                    elf[kind] += int(parts[1])
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"size_report: cannot run {size_tool}: {err}", file=sys.stderr)

    print(f"Footprint of {args.elf} (bytes; from {args.map})")
    print(f"{'component':<13}  {'text':>7} {'data':>7} {'bss':>8} {'text+data':>10}")
    for name, row in table.items():
        if name in ("(other)",) and not any(row.values()):
            continue
        mark = "~" if name in estimated else " "
        print(f"{name:<13}{mark}{row['text']:>8} {row['data']:>7} {row['bss']:>8} "
              f"{row['text'] + row['data']:>10}")
    print(f"{'total':<13} {total['text']:>8} {total['data']:>7} {total['bss']:>8} "
          f"{total['text'] + total['data']:>10}")
    print(f"{'stack':<13} {'':>8} {'':>7} {stack:>8}   (reserved main stack, .stack)")
    if any(elf.values()) and elf != total:
        print(f"WARNING: map totals {total} differ from the ELF's {elf}")
    else:
        print(f"(totals match the ELF sections: text {elf['text']}, data {elf['data']}, bss {elf['bss']})")
    if estimated:
        print("~ jsmn is inlined into core/src/json.c: its row is jsmn compiled alone "
              "with the same flags, taken out of the core row (estimate)")
    unknown.pop("linker stubs", None)
    if unknown:
        print("uncharged inputs: " + ", ".join(f"{k} ({v})" for k, v in sorted(unknown.items())))

    core_names = [n for n in ("core", "jsmn") if n in table]
    if core_names:
        ct = sum(table[n]["text"] for n in core_names)
        cd = sum(table[n]["data"] for n in core_names)
        cb = sum(table[n]["bss"] for n in core_names)
        print(f"core+jsmn: text+data {ct + cd} B ({(ct + cd) / 1024:.1f} KB; goal <= 8 KB), "
              f".data {cd} B, .bss {cb} B (goal 0)")

    # Largest RAM users, so the bss column can be read.
    try:
        res = subprocess.run([args.nm, "-S", "--size-sort", "-r", args.elf],
                             capture_output=True, text=True, check=True)
        big = []
        for line in res.stdout.splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[2] in "bBdD":
                big.append((int(parts[1], 16), parts[3]))
        big.sort(reverse=True)
        if big:
            print("largest RAM objects: " + ", ".join(f"{n} {s}" for s, n in big[:8]))
    except (OSError, subprocess.CalledProcessError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
