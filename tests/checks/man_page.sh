#!/usr/bin/env bash
# rmqdr(1): `groff -ww -man` renders it without a warning, and it agrees
# with the program: the commands of `rmqdr --help`; per command, the options
# of `rmqdr <command> --help` (names, value names, short aliases) against the
# man page's "Options of ..." subsections that name the command, both ways;
# the environment variables the CLI reads (getenv), the exit codes
# (tools/cli/options.h) and the metric families (tools/cli/metrics.c).
# Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
RUN=${RUN:-}
export B RUN
exec python3 - <<'PY'
import os, re, subprocess, sys

MAN = "docs/man/rmqdr.1"
CLI = [*os.environ.get("RUN", "").split(), os.path.join(os.environ["B"], "rmqdr")]
results = []

def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"))

p = subprocess.run(["groff", "-ww", "-man", "-Tutf8", "-z", MAN], capture_output=True, text=True)
check("groff -ww -man -Tutf8: no warnings", p.returncode == 0 and p.stderr == "", p.stderr)
p = subprocess.run(["groff", "-ww", "-man", "-Tutf8", "-z"], input=".TH X 1\n.SH NAME\n.BOGUS\n",
                   capture_output=True, text=True)
check("the lint catches an unknown macro", p.stderr != "", "no warning for .BOGUS")

man = open(MAN, encoding="utf-8").read()
lines = man.splitlines()
version = re.search(r'#define RMQDR_VERSION "([^"]+)"', open("core/include/rmqdr/request.h").read()).group(1)
th = next((l for l in lines if l.startswith(".TH ")), "")
check(f".TH names rmqdr {version}", f'"rmqdr {version}"' in th, th)

def section(name):
    out, inside = [], False
    for line in lines:
        if line.startswith(".SH "):
            inside = line[4:].strip().strip('"') == name
        elif inside:
            out.append(line)
    return out

def tagged(sec):
    """Tags of .TP items in a section (the line after .TP), roff escapes undone."""
    tags = []
    for i, line in enumerate(sec):
        if line.startswith(".TP") and i + 1 < len(sec):
            tags.append(sec[i + 1].replace("\\-", "-"))
    return tags

def untag(line):
    """A .TP tag line as text: macro name, quotes, font escapes and roff
    dashes removed, e.g. '.BI \-\-plan\-id " ID"' -> '--plan-id ID'."""
    line = re.sub(r"^\.[A-Z]+\s*", "", line)
    line = line.replace("\\-", "-").replace('"', " ")
    line = re.sub(r"\\f[BIRP]", "", line)
    return " ".join(line.replace(",", " ").split())

def parse_options(pairs):
    """(long option -> value name or '', set of short options) from
    'option [VALUE]' texts."""
    longs, shorts = {}, set()
    for text in pairs:
        words = text.split()
        for i, w in enumerate(words):
            if re.fullmatch(r"-[A-Za-z]", w):
                shorts.add(w)
            elif w.startswith("--"):
                nxt = words[i + 1] if i + 1 < len(words) and not words[i + 1].startswith("-") else ""
                longs[w] = nxt
    return longs, shorts

def subsections(sec):
    """{title: [lines]} of the .SS subsections of a section."""
    out, title = {}, None
    for line in sec:
        if line.startswith(".SS "):
            title = line[4:].strip().strip('"')
            out[title] = []
        elif title is not None:
            out[title].append(line)
    return out

def help_text(*args):
    p = subprocess.run(CLI + list(args), capture_output=True, text=True, timeout=20)
    return p.returncode, p.stdout

def help_options(text):
    """Options of a `rmqdr <command> --help`: the 'Options:' block, one
    '  --name [VALUE]   help' line each; '(also -X)' names a short alias."""
    block = re.search(r"^Options:\n((?:  .*\n)+)", text, re.M)
    pairs, shorts = [], set()
    for line in (block.group(1).splitlines() if block else []):
        # option, then a value name (upper case or [bracketed]), then the text
        m = re.match(r"\s*(--[a-z][a-z-]*)(?: ([A-Z\[][^ ]*))?\s+(.*)$", line)
        if not m:
            continue
        pairs.append(m.group(1) + (" " + m.group(2) if m.group(2) else ""))
        shorts |= set(re.findall(r"\(also (-[A-Za-z])\)", m.group(3)))
    longs, _ = parse_options(pairs)
    return longs, shorts

rc, top = help_text("--help")
check("rmqdr --help exits 0", rc == 0, rc)
cmds = []
m = re.search(r"^Commands:\n((?:  \S.*\n)+)", top, re.M)
if m:
    cmds = [l.split()[0] for l in m.group(1).splitlines()]
man_cmds = [untag(t).split()[-1] for t in tagged(section("COMMANDS"))]
check("commands agree: " + " ".join(sorted(cmds)), cmds and sorted(cmds) == sorted(man_cmds),
      f"help {cmds}, man {man_cmds}")

# OPTIONS is made of subsections "Options of A, B and C" / "Options of
# every command"; a command's options in the man page are those of every
# subsection that names it.
subs = subsections(section("OPTIONS"))
scoped = {}
for title, body in subs.items():
    m = re.fullmatch(r"Options of (.+)", title)
    check(f'OPTIONS subsection "{title}" names its commands', m, title)
    if not m:
        continue
    names = cmds if m.group(1) == "every command" else re.split(r",\s*|\s+and\s+", m.group(1))
    unknown = [n for n in names if n not in cmds]
    check(f'"{title}": known commands', not unknown, unknown)
    scoped[title] = (names, parse_options(untag(t) for t in tagged(body)))
check("OPTIONS has subsections per command", len(scoped) >= 2, list(subs))
seen_in = {}
for title, (names, (longs, _)) in scoped.items():
    for o in longs:
        seen_in.setdefault(o, []).append(title)
dups = {o: t for o, t in seen_in.items() if len(t) > 1}
check("each option is described once", not dups, dups)

for c in cmds:
    rc, text = help_text(c, "--help")
    check(f"rmqdr {c} --help exits 0", rc == 0, rc)
    h_longs, h_shorts = help_options(text)
    m_longs, m_shorts = {}, set()
    for names, (longs, shorts) in scoped.values():
        if c in names:
            m_longs.update(longs)
            m_shorts |= shorts
    check(f"{c}: help lists its options ({len(h_longs)})", len(h_longs) >= 3, text)
    only_help = sorted(set(h_longs) - set(m_longs))
    only_man = sorted(set(m_longs) - set(h_longs))
    check(f"{c}: the same options in --help and the man page", not only_help and not only_man,
          f"only in --help {only_help}, only in the man page {only_man}")
    diff = {o: (h_longs[o], m_longs[o]) for o in set(h_longs) & set(m_longs) if h_longs[o] != m_longs[o]}
    check(f"{c}: the same value names", not diff, f"(help, man): {diff}")
    check(f"{c}: the same short options {sorted(h_shorts)}", h_shorts == m_shorts and h_shorts,
          (sorted(h_shorts), sorted(m_shorts)))
    for short in sorted(h_shorts):
        rc, out = help_text(c, short)
        check(f"rmqdr {c} {short} exits 0 with output", rc == 0 and out, rc)

for args in (["--version"], ["-V"], ["watch", "-V"]):
    rc, ver = help_text(*args)
    check(f"rmqdr {' '.join(args)} exits 0 with version, commit, build date, mbedTLS, operations",
          rc == 0 and all(k in ver for k in ("rmqdr ", "commit:", "built:", "mbedTLS:", "operations:")), ver)

src = "".join(open(os.path.join("tools/cli", f), encoding="utf-8").read()
              for f in sorted(os.listdir("tools/cli")) if f.endswith(".c"))
env = set(re.findall(r'getenv\("([A-Z0-9_]+)"\)', src))
# variables read through a table of names (proxy.c: *_vars[] = { "https_proxy", ... })
for table in re.findall(r'_vars\[\] = \{([^}]*)\}', src):
    env |= set(re.findall(r'"([A-Za-z_]+)"', table))
man_env = {t.replace("\\fB", "").replace("\\fR", "").split()[-1] for t in tagged(section("ENVIRONMENT"))}
check(f"environment agrees ({len(env)} variables read by the CLI)", env and env == man_env,
      f"not in the man page {sorted(env - man_env)}, not read by the CLI {sorted(man_env - env)}")

codes = set(re.findall(r"EXIT_[A-Z]+ = (\d+)", open("tools/cli/options.h").read()))
man_codes = {t.split()[-1] for t in tagged(section("EXIT STATUS"))}
check(f"exit codes agree ({sorted(codes)})", codes and codes == man_codes, (sorted(codes), sorted(man_codes)))
readme_codes = set(re.findall(r"^\| (\d+) \|", open("README.md", encoding="utf-8").read(), re.M))
check("the README's exit-code table has the same codes", readme_codes == codes, (sorted(readme_codes), sorted(codes)))

suffix = {"TYPE_COUNTER": "_total", "TYPE_INFO": "_info", "TYPE_GAUGE": ""}
fams = {n + suffix[t] for n, t in re.findall(r'\{ "(rmqdr_[a-z_]+)", (TYPE_[A-Z]+)',
                                                 open("tools/cli/metrics.c").read())}
metrics = "\n".join(section("METRICS")).replace("\\-", "-")
missing = sorted(f for f in fams if f not in metrics)
check(f"every metric family is in METRICS ({len(fams)})", fams and not missing, missing)

failed = len(results) - sum(results)
print(f"{sum(results)} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
