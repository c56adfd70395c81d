#!/usr/bin/env bash
# make coverage: line and branch coverage of core/ and port/ (posix, mbedtls)
# over the unit suites, the fuzz corpora (tests/fuzz/corpus, replayed by
# tests/fuzz/replay.c) and the integration suites against the emulator.
#
# Builds an instrumented copy (gcc --coverage -O0, no sanitizers: their
# checks would add branches of their own) under build/coverage/, runs the
# suites, then reports with gcovr (installed from Debian when missing).
# Fails when core's branch coverage is below COVERAGE_MIN_BRANCH (95).
# Reports: build/coverage/report/{core,port}.txt and an HTML page.
set -u
cd "$(dirname "$0")/.."
C=build/coverage
MIN=${COVERAGE_MIN_BRANCH:-95}
export B=$C

if ! command -v gcovr >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "coverage: gcovr missing; run as root or: apt-get install gcovr" >&2
        exit 1
    fi
    echo "coverage: installing gcovr"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends gcovr >/dev/null || {
        apt-get -o DPkg::Lock::Timeout=600 update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcovr >/dev/null
    } || exit 1
fi

# 1. Instrumented build: the project's own rules, another build dir. -O0
# changes what gcc can prove about snprintf lengths; warnings are the
# normal build's gate, so they do not stop this one.
find "$C" -name '*.gcda' -delete 2>/dev/null
make --no-print-directory -j2 B="$C" OPT="-O0 -g --coverage -Wno-error" SANITIZE= all tests-build \
    >"$C.build.log" 2>&1 || { echo "coverage: build failed, see $C.build.log"; tail -20 "$C.build.log"; exit 1; }
mkdir -p "$C/report" "$C/logs"

failed=0
run() { # LOG CMD...: a suite's failure is reported but coverage still prints
    local log="$C/logs/$1"
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "coverage: suite failed: $* (see $log)"
        failed=$((failed + 1))
    fi
}

# 2. Unit suites.
for bin in "$C"/tests/test_*; do
    case "$bin" in *test_integration_*) continue ;; esac
    [ -x "$bin" ] && run "$(basename "$bin").log" "$bin"
done
for script in tests/unit/test_*.py; do
    [ -f "$script" ] && run "$(basename "$script").log" python3 "$script"
done

# 3. Fuzz corpora: each target built with gcc --coverage and a plain main.
cppflags="-Icore/include -Iport/include -D_POSIX_C_SOURCE=200809L"
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    dir="$C/replay/$name"
    mkdir -p "$dir"
    objs=()
    for s in "$src" tests/fuzz/replay.c core/src/*.c; do
        o="$dir/$(basename "$s" .c).o"
        gcc -std=c11 -O0 -g --coverage $cppflags -c -o "$o" "$s" || exit 1
        objs+=("$o")
    done
    gcc --coverage -o "$dir/replay" "${objs[@]}" -lmbedcrypto || exit 1
    run "replay_$name.log" "$dir/replay" "tests/fuzz/corpus/${name#fuzz_}"
done

# 4. Integration suites against the emulator.
# shellcheck source=../tests/support/emulator.sh
. tests/support/emulator.sh
if emulator_start; then
    for bin in "$C"/tests/test_integration_*; do
        [ -x "$bin" ] && run "$(basename "$bin").log" "$bin"
    done
    for script in tests/integration/test_*.py; do
        [ -f "$script" ] && run "$(basename "$script").log" python3 "$script"
    done
    emulator_stop
else
    echo "coverage: emulator did not start"
    failed=$((failed + 1))
fi

# 5. Reports.
report() { # NAME FILTER...
    local name=$1
    shift
    gcovr -r . --object-directory "$C" "$@" --branches >"$C/report/$name-branches.txt"
    gcovr -r . --object-directory "$C" "$@" >"$C/report/$name-lines.txt"
    gcovr -r . --object-directory "$C" "$@" --print-summary -o /dev/null
}
echo "== core/ =="
core_summary=$(report core -f 'core/src/')
sed -n '/^File/,$p' "$C/report/core-branches.txt" | grep -v '^-*$'
echo "$core_summary"
echo "== port/ (posix, mbedtls) =="
port_summary=$(report port -f 'port/posix/' -f 'port/mbedtls/')
sed -n '/^File/,$p' "$C/report/port-branches.txt" | grep -v '^-*$'
echo "$port_summary"
gcovr -r . --object-directory "$C" -f 'core/src/' -f 'port/posix/' -f 'port/mbedtls/' \
    --html-details -o "$C/report/index.html" >/dev/null 2>&1 || true
echo "reports: $C/report/ (core-branches.txt lists the lines with untaken branches)"

branch=$(printf '%s\n' "$core_summary" | sed -n 's/^branches: \([0-9.]*\)%.*/\1/p')
if [ -z "$branch" ] || ! awk -v b="$branch" -v m="$MIN" 'BEGIN { exit !(b >= m) }'; then
    echo "coverage: core branch coverage ${branch:-?}% is below ${MIN}%"
    exit 1
fi
[ "$failed" -eq 0 ] || { echo "coverage: $failed suite(s) failed"; exit 1; }
echo "coverage: core branches ${branch}% >= ${MIN}%"
