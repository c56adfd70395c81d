#!/usr/bin/env bash
# Build and run the host test of port/lwip_raw (NO_SYS=1 lwIP over the
# loopback netif, ASan + UBSan). Needs the lwIP source tree that
# tools/deps/fetch-sources.sh unpacks (it is fetched when missing).
# Environment: B (build dir, default build/host). Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build/host}
if [ ! -f build/third_party/lwip/src/include/lwip/init.h ] && ! tools/deps/fetch-sources.sh; then
    echo "0 passed, 1 failed"
    exit 1
fi
mkdir -p "$B/lwip_raw"
if ! make --no-print-directory -f tests/lwip_raw/lwip_raw.mk B="$B" >"$B/lwip_raw/build.log" 2>&1; then
    tail -n 30 "$B/lwip_raw/build.log"
    echo "0 passed, 1 failed"
    exit 1
fi
timeout 120 "$B/lwip_raw/test_lwip_raw"
