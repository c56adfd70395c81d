#!/usr/bin/env bash
# Build and run the lwIP port's in-process tests (see tests/lwip/harness.h):
#   test_lwip_tcp  plain TCP through lwIP, against helper servers and the
#                  emulator in --plain mode;
#   test_lwip_tls  TLS + the client through lwIP, against the emulator in
#                  TLS mode (built once port/mbedtls and core/src/client.c exist).
# Environment: B (build dir, default build/host; binaries go to $B/lwip),
# RUN (prefix for target binaries), CC (exported by cross boards).
# Last line: "N passed, N failed"; a program that crashes counts as a failure.
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build/host}
RUN=${RUN:-}
out="$B/lwip"
mkdir -p "$out"
pass=0
fail=0

if ! make --no-print-directory -f tests/lwip/lwip.mk B="$B" lwip-build >"$out/build.log" 2>&1; then
    echo "--- build failed ($out/build.log)"
    tail -n 40 "$out/build.log"
    echo "0 passed, 1 failed"
    exit 1
fi

# check NAME COMMAND...: one pass or one failure.
check() {
    local name=$1
    shift
    if "$@" >"$out/check.log" 2>&1; then
        echo "  ok   - $name"
        pass=$((pass + 1))
    else
        echo "  FAIL - $name"
        sed 's/^/    /' "$out/check.log" | tail -n 20
        fail=$((fail + 1))
    fi
}

# The port against other lwIP configurations, compile only: lwIP's own socket
# types instead of libc's, select instead of poll, DNS on, IPv4-only and
# IPv6-only builds (tests/lwip/config/*/lwipopts.h, same lwIP 2.1 headers).
warn=(-std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror -O2)
echo "configurations:"
check "port compiles: system lwipopts.h" "${CC:-gcc}" "${warn[@]}" -D_POSIX_C_SOURCE=200809L \
    -Icore/include -Iport/include -isystem /usr/include/lwip \
    -c port/lwip/lwip_socket.c -o "$out/config-system.o"
for cfg in tests/lwip/config/*/lwipopts.h; do
    v=$(basename "$(dirname "$cfg")")
    check "port compiles: $v" "${CC:-gcc}" "${warn[@]}" -D_POSIX_C_SOURCE=200809L \
        -Icore/include -Iport/include -isystem "tests/lwip/config/$v" \
        -isystem tests/lwip/config -isystem /usr/include/lwip \
        -c port/lwip/lwip_socket.c -o "$out/config-$v.o"
done
# Zero malloc, no writable static state, on the plain object (the test
# build's sanitizers add references of their own).
obj="$out/config-system.o"
check "port references no allocator" \
    sh -c "! ${NM:-nm} -u '$obj' | grep -wE 'malloc|calloc|realloc|free|strdup'"
check "port has no .data/.bss" \
    sh -c "${SIZE:-size} -A '$obj' | awk '\$1 ~ /^\\.(data|bss)/ && \$1 !~ /rel\\.ro/ { s += \$2 } END { exit s != 0 }'"

# shellcheck source=tests/support/emulator.sh
. tests/support/emulator.sh
trap emulator_stop EXIT

# run_bin NAME: run $out/NAME, add its "N passed, N failed" to the totals.
run_bin() {
    local name=$1 log="$out/$1.log" rc last p f
    # shellcheck disable=SC2086
    timeout 300 $RUN "$out/$name" >"$log" 2>&1
    rc=$?
    echo "$name:"
    sed 's/^/  /' "$log"
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed.*/\1/p'); p=${p:-0}
    f=$(echo "$last" | sed -n 's/.*, \([0-9]*\) failed$/\1/p'); f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "  $name exited with status $rc"
        f=1
    fi
    pass=$((pass + p))
    fail=$((fail + f))
}

if emulator_start --plain --quiet; then
    run_bin test_lwip_tcp
    emulator_stop
else
    echo "emulator (--plain) did not start"
    fail=$((fail + 1))
fi

if [ -x "$out/test_lwip_tls" ]; then
    if emulator_start --quiet; then
        run_bin test_lwip_tls
        emulator_stop
    else
        echo "emulator (TLS) did not start"
        fail=$((fail + 1))
    fi
else
    echo "test_lwip_tls not built (needs port/mbedtls and core/src/client.c)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
