#!/usr/bin/env bash
# What `make bench` needs: the host build's dependencies, cJSON (the
# baseline of the decode benchmark) and, when boards/cortex-m4 exists, the
# Cortex-M4 toolchain for the footprint table. Installs only what is missing;
# a no-op on a ready machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

"$root/tools/deps/install.sh" host
if [ -d "$root/boards/cortex-m4" ]; then
    "$root/tools/deps/install.sh" cortex-m4 \
        || echo "bench deps: no Cortex-M4 toolchain; the footprint part will say so" >&2
fi

[ -e /usr/include/cjson/cJSON.h ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "bench deps: missing libcjson-dev; run as root or: apt-get install libcjson-dev" >&2
    exit 1
fi
echo "bench deps: installing libcjson-dev"
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
# The index is usually fresh (install.sh just ran); refresh it only on failure.
if ! apt_get install -y -qq --no-install-recommends libcjson-dev >/dev/null 2>&1; then
    apt_get update -qq || echo "bench deps: apt-get update reported errors; trying anyway" >&2
    apt_get install -y -qq --no-install-recommends libcjson-dev >/dev/null
fi
