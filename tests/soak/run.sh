#!/usr/bin/env bash
# make soak: the soak test (tests/integration/test_integration_soak.c) with
# SOAK_REQUESTS requests (default 10 000) against a fresh emulator of its
# own. `make test` runs the same program, 1000 requests, under its shared
# emulator. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
RUN=${RUN:-}
bin="$B/tests/test_integration_soak"
[ -x "$bin" ] || { echo "missing $bin (make tests-build)"; echo "0 passed, 1 failed"; exit 1; }
# shellcheck source=../support/emulator.sh
. tests/support/emulator.sh
if ! emulator_start --lifetime 0 --quiet; then
    echo "0 passed, 1 failed"
    exit 1
fi
log="$B/test-logs/soak.log"
mkdir -p "$(dirname "$log")"
# shellcheck disable=SC2086
RMQDR_SOAK_REQUESTS=${SOAK_REQUESTS:-10000} $RUN "$bin" >"$log" 2>&1
rc=$?
emulator_stop
grep '^soak:' "$log"
if [ "$rc" -eq 0 ]; then
    echo "1 passed, 0 failed"
else
    tail -n 20 "$log"
    echo "0 passed, 1 failed"
fi
exit "$rc"
