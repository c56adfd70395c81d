#!/usr/bin/env bash
# Run every libFuzzer target in $B/fuzz: "short" (FUZZ_SHORT s each, from
# `make test`) or "long" (FUZZ_SECONDS s each, from `make fuzz`).
# New inputs go to a scratch corpus under build/; the seed corpus in
# tests/fuzz/corpus/<target>/ is only read. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
mode=${1:-short}
if [ "$mode" = long ]; then secs=${FUZZ_SECONDS:-300}; else secs=${FUZZ_SHORT:-5}; fi
pass=0 fail=0
for bin in "$B"/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    seeds="tests/fuzz/corpus/${name#fuzz_}"
    work="$B/fuzz-corpus/$name"
    mkdir -p "$work" "$seeds"
    if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$B/fuzz/$name-" "$work" "$seeds" >"$B/fuzz/$name.log" 2>&1; then
        echo "$name: ok ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$B/fuzz/$name.log" || tail -n 1 "$B/fuzz/$name.log"))"
        pass=$((pass + 1))
    else
        echo "$name: FAILED, see $B/fuzz/$name.log"
        tail -n 30 "$B/fuzz/$name.log"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
