#!/usr/bin/env bash
# rmqdr(1): `groff -ww -man` renders it without a warning, and it agrees
# with the program: the commands and options of `rmqdr [<command>] --help`,
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

man_opts = set()
for tag in tagged(section("OPTIONS")):
    man_opts |= set(re.findall(r"--[a-z][a-z-]*|(?<![-\w])-[a-z]\b", tag))

def help_text(*args):
    p = subprocess.run(CLI + list(args), capture_output=True, text=True, timeout=20)
    return p.returncode, p.stdout

rc, top = help_text("--help")
check("rmqdr --help exits 0", rc == 0, rc)
cmds = []
m = re.search(r"^Commands:\n((?:  \S.*\n)+)", top, re.M)
if m:
    cmds = [l.split()[0] for l in m.group(1).splitlines()]
man_cmds = [t.split()[-1] for t in tagged(section("COMMANDS"))]
check("commands agree: " + " ".join(sorted(cmds)), cmds and sorted(cmds) == sorted(man_cmds),
      f"help {cmds}, man {man_cmds}")

help_opts = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", top))
help_opts |= {"-h"} if re.search(r"(?<![\w-])-h\b", top) else set()
for c in cmds:
    rc, text = help_text(c, "--help")
    check(f"rmqdr {c} --help exits 0", rc == 0, rc)
    per = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))
    check(f"every option of `rmqdr {c} --help` is in the man page", per <= man_opts,
          sorted(per - man_opts))
    help_opts |= per
# --help, -h and --version need not list themselves in the usage text; they
# are checked by running them.
selfdoc = {"--help", "-h", "--version"}
check("every option of the man page is in some --help", man_opts - selfdoc <= help_opts,
      sorted(man_opts - selfdoc - help_opts))
check("--help and --version documented", selfdoc <= man_opts, sorted(selfdoc - man_opts))
rc, ver = help_text("--version")
check("rmqdr --version exits 0 with version, commit, build date, mbedTLS, operations",
      rc == 0 and all(k in ver for k in ("rmqdr ", "commit:", "built:", "mbedTLS:", "operations:")), ver)

src = "".join(open(os.path.join("tools/cli", f), encoding="utf-8").read()
              for f in sorted(os.listdir("tools/cli")) if f.endswith(".c"))
env = set(re.findall(r'getenv\("([A-Z_]+)"\)', src))
man_env = {t.replace("\\fB", "").replace("\\fR", "").split()[-1] for t in tagged(section("ENVIRONMENT"))}
check(f"environment agrees ({len(env)} variables read by the CLI)", env <= man_env, sorted(env - man_env))

codes = set(re.findall(r"EXIT_[A-Z]+ = (\d+)", open("tools/cli/options.h").read()))
man_codes = {t.split()[-1] for t in tagged(section("EXIT STATUS"))}
check(f"exit codes agree ({sorted(codes)})", codes and codes == man_codes, (sorted(codes), sorted(man_codes)))

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
