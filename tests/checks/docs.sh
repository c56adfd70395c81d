#!/usr/bin/env bash
# `make docs` in the suite: Doxygen over the public headers (docs/Doxyfile:
# every item, every @param and every return documented, warnings as
# errors) must print no warning, so the headers stay clean. First a canary:
# the same settings must flag an undocumented parameter, or a clean run
# would prove nothing. Doxygen comes from Debian (tools/deps/install.sh
# docs, as docs/docs.mk does). Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
if ! command -v doxygen >/dev/null 2>&1; then
    tools/deps/install.sh docs >&2 || { echo "doxygen missing and not installable"; echo "0 passed, 1 failed"; exit 1; }
fi
out=build/docs
mkdir -p "$out"
canary=$(mktemp -d "${TMPDIR:-/tmp}/rmqdr-docs.XXXXXX")
trap 'rm -rf "$canary"' EXIT
printf '/** @file c.h @brief Canary. */\n/** @brief Has no @param. */\nint rmqdr_canary(int x);\n' >"$canary/c.h"
{ cat docs/Doxyfile
  echo "INPUT = $canary/c.h"; echo "OUTPUT_DIRECTORY = $canary/out"
  echo "WARN_LOGFILE = $canary/warnings.log"; echo "USE_MDFILE_AS_MAINPAGE ="
} | doxygen - >/dev/null 2>&1
if ! grep -q "rmqdr_canary" "$canary/warnings.log" 2>/dev/null; then
    echo "FAIL docs: the Doxygen settings do not flag an undocumented parameter"
    echo "0 passed, 1 failed"
    exit 1
fi
rm -f "$out/warnings.log"
doxygen docs/Doxyfile >/dev/null 2>&1
n=$(grep -c . "$out/warnings.log" 2>/dev/null || true)
if [ "${n:-0}" -eq 0 ] && [ -f "$out/html/index.html" ]; then
    echo "ok   docs: doxygen docs/Doxyfile, 0 warnings"
    echo "1 passed, 0 failed"
    exit 0
fi
echo "FAIL docs: $n Doxygen warnings (docs/Doxyfile):"
sed "s|$PWD/||" "$out/warnings.log"
echo "0 passed, 1 failed"
exit 1
