#!/usr/bin/env bash
# The benchmark programs (tools/bench) must build with the tree and still
# decode: every variant of bench_decode, once, at 10 and 100 items, both
# framings (each run checks the item count and a checksum of the decoded
# values against the synthetic body's), plus bench_sign. No timing is
# judged here; `make bench` prints the figures. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

bin="$B/bench/bench_decode"
if [ ! -x "$bin" ]; then
    bad "$bin not built (make bench-build)"
else
    for v in a b bp c; do
        for n in 10 100; do
            for f in cl chunked; do
                if out=$("$bin" time "$v" "$n" "$f" 1 2>&1) && [[ $out == *mb_per_s=* ]]; then
                    ok
                else
                    bad "bench_decode time $v $n $f: $out"
                fi
            done
        done
    done
    if out=$("$bin" mem a 100 chunked 2>&1); then ok; else bad "bench_decode mem a 100 chunked: $out"; fi
fi
if [ -x "$B/bench/bench_sign" ] && "$B/bench/bench_sign" >/dev/null 2>&1; then ok; else bad "bench_sign"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
