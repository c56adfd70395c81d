#!/usr/bin/env bash
# Run every suite and end with one line "N passed, N failed".
# Environment: B (build dir), RUN (prefix for target binaries), FUZZ_SHORT (s),
# TLS_SYSTEM_B (build dir of the TLS suites linked against the system's
# mbedTLS 2.28, `make MBEDTLS=system`; empty to skip them).
# Every suite is either a cmocka binary or a program whose last line is
# "N passed, N failed"; a suite that crashes counts as one failure.
set -u
cd "$(dirname "$0")/.."
B=${B:-build/host}
RUN=${RUN:-}
export B RUN

total_pass=0
total_fail=0
failed_suites=()
log_dir="$B/test-logs"
mkdir -p "$log_dir"

# add NAME PASSED FAILED
add() {
    total_pass=$((total_pass + $2))
    total_fail=$((total_fail + $3))
    [ "$3" -eq 0 ] || failed_suites+=("$1")
    printf '  %-40s %4d passed, %d failed\n' "$1" "$2" "$3"
}

# run_cmocka BINARY [NAME]: cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)".
run_cmocka() {
    local bin=$1 name log p f rc
    name=${2:-$(basename "$bin")}
    log="$log_dir/$(echo "$name" | tr -c 'A-Za-z0-9_.\n-' '_').log"
    # shellcheck disable=SC2086
    $RUN "$bin" >"$log" 2>&1
    rc=$?
    p=$(grep -o '\[  PASSED  \] [0-9]* test' "$log" | tail -n 1 | tr -dc '0-9')
    f=$(grep -o '\[  FAILED  \] [0-9]* test' "$log" | tail -n 1 | tr -dc '0-9')
    p=${p:-0}; f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    [ "$f" -eq 0 ] || { echo "--- $name (log $log)"; tail -n 40 "$log"; }
    add "$name" "$p" "$f"
}

# run_counted NAME CMD...: the command's last line is "N passed, N failed".
run_counted() {
    local name=$1 log p f rc last
    shift
    log="$log_dir/$(echo "$name" | tr '/ ' '__').log"
    "$@" >"$log" 2>&1
    rc=$?
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed.*/\1/p'); p=${p:-0}
    f=$(echo "$last" | sed -n 's/.*, \([0-9]*\) failed$/\1/p'); f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    [ "$f" -eq 0 ] || { echo "--- $name (log $log)"; tail -n 40 "$log"; }
    add "$name" "$p" "$f"
}

echo "unit:"
for bin in "$B"/tests/test_*; do
    case "$bin" in *test_integration_*) continue ;; esac
    [ -x "$bin" ] && run_cmocka "$bin"
done

mbedtls_system_version() {
    sed -n 's/^#define MBEDTLS_VERSION_STRING  *"\(.*\)"/\1/p' /usr/include/mbedtls/version.h
}
if [ -n "${TLS_SYSTEM_B:-}" ] && [ -x "$TLS_SYSTEM_B/tests/test_tls" ]; then
    echo "unit, system mbedTLS ($TLS_SYSTEM_B):"
    run_cmocka "$TLS_SYSTEM_B/tests/test_tls" "test_tls (mbedTLS $(mbedtls_system_version))"
fi

echo "checks:"
for script in tests/checks/*.sh; do
    [ -x "$script" ] && run_counted "${script#tests/}" "$script"
done
for script in tests/unit/test_*.py tests/emulator/test_*.py; do
    [ -f "$script" ] && run_counted "${script#tests/}" python3 "$script"
done

echo "integration (emulator over TLS):"
# shellcheck source=support/emulator.sh
. tests/support/emulator.sh
if emulator_start; then
    for bin in "$B"/tests/test_integration_*; do
        [ -x "$bin" ] && run_cmocka "$bin"
    done
    if [ -n "${TLS_SYSTEM_B:-}" ] && [ -x "$TLS_SYSTEM_B/tests/test_integration_client" ]; then
        run_cmocka "$TLS_SYSTEM_B/tests/test_integration_client" \
            "test_integration_client (mbedTLS $(mbedtls_system_version))"
    fi
    for script in tests/integration/test_*.py; do
        [ -f "$script" ] && run_counted "${script#tests/}" python3 "$script"
    done
    emulator_stop
else
    add "emulator start" 0 1
fi
for script in tests/integration/run_*.sh tests/lwip/run.sh tests/qemu/run.sh; do
    [ -x "$script" ] && run_counted "${script#tests/}" "$script"
done

echo "fuzz (${FUZZ_SHORT:-5}s each):"
if [ -x tests/fuzz/run.sh ]; then
    run_counted "fuzz/short" tests/fuzz/run.sh short
fi

if [ ${#failed_suites[@]} -gt 0 ]; then
    echo "failing suites: ${failed_suites[*]}"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
