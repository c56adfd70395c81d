#!/usr/bin/env bash
# Install what rmqdr needs on Debian 12, only when something is missing.
# Usage: tools/deps/install.sh [host|armhf|arm64|cortex-m4]
# Runs apt-get update at most once per call; a no-op on a ready machine.
set -euo pipefail

target=${1:-host}
missing=()

need_file() { [ -e "$1" ] || missing+=("$2"); }
need_cmd()  { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }

case "$target" in
host)
    need_cmd  gcc      gcc
    need_cmd  make     make
    need_cmd  clang    clang
    need_cmd  python3  python3
    need_cmd  openssl  openssl
    need_cmd  cppcheck cppcheck
    need_file /usr/include/mbedtls/ssl.h libmbedtls-dev
    need_file /usr/include/jsmn.h        libjsmn-dev
    need_file /usr/include/lwip/lwip/sockets.h liblwip-dev
    need_file /usr/include/cmocka.h      libcmocka-dev
    # libFuzzer and the sanitizer runtimes for clang.
    if ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 \
       && [ "$(uname -m)" = x86_64 ]; then
        missing+=(libclang-rt-dev)
    fi
    ;;
*)
    echo "deps: unknown target '$target'" >&2
    exit 2
    ;;
esac

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing ${missing[*]}; run as root or install them: apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
