#!/usr/bin/env bash
# Install what rmqdr needs on Debian 12, only when something is missing.
# Usage: tools/deps/install.sh [host|host-build|armhf|arm64|cortex-m4|docs]
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
    # mbedTLS 3.6 is built from Debian 13's source package (mbedtls-source.sh):
    # dpkg-source unpacks it, the archive keyring holds the trixie keys.
    need_cmd  dpkg-source dpkg-dev
    need_file /usr/share/keyrings/debian-archive-trixie-stable.gpg debian-archive-keyring
    need_file /usr/include/jsmn.h        libjsmn-dev
    # A real HTTP proxy for the CONNECT tests (tests/integration/test_proxy.py
    # starts its own instances on loopback; the package's service is not used).
    need_cmd  tinyproxy tinyproxy
    need_file /usr/include/lwip/lwip/sockets.h liblwip-dev
    need_file /usr/include/cmocka.h      libcmocka-dev
    # The CLI: strict JSON for the profile file; strace for the fd tests.
    need_file /usr/include/jansson.h     libjansson-dev
    # The decode benchmark's baseline; `make test` builds tools/bench so it cannot rot.
    need_file /usr/include/cjson/cJSON.h libcjson-dev
    need_cmd  strace   strace
    # Operators (issue 16): metrics listener, Prometheus end-to-end test and
    # promtool, man page lint, unit verification.
    need_file /usr/include/microhttpd.h  libmicrohttpd-dev
    need_cmd  prometheus     prometheus
    need_cmd  promtool       prometheus
    need_cmd  groff          groff-base
    need_cmd  systemd-analyze systemd
    need_cmd  pkg-config     pkg-config
    # libFuzzer and the sanitizer runtimes for clang.
    if ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 \
       && [ "$(uname -m)" = x86_64 ]; then
        missing+=(libclang-rt-dev)
    fi
    ;;
armhf|arm64)
    # Linux ARM cross builds: Debian's cross gcc with its own C library dev
    # files (libc6-dev-<arch>-cross, Architecture: all, under /usr/<triplet>),
    # the target's -dev libraries through multiarch (in /usr/lib/<triplet>,
    # where both the cross linker and the target's dynamic loader look), and
    # qemu-user to run the test binaries. At run time there is one C library,
    # the multiarch libc6:<arch>. libc6-dev:<arch> is avoided on purpose: it
    # drags linux-libc-dev:<arch>, libssl3:<arch>... whose Multi-Arch: same
    # versions must equal the host's, which fails whenever the mirror's
    # foreign-architecture security index lags behind the host's (seen).
    # The sanitizer runtimes come as the target's libasan8 and libubsan1 so
    # the binaries load them under qemu without -L.
    if [ "$target" = armhf ]; then
        triplet=arm-linux-gnueabihf; qemu=qemu-arm-static; ld_so=/lib/ld-linux-armhf.so.3
    else
        triplet=aarch64-linux-gnu;   qemu=qemu-aarch64-static; ld_so=/lib/ld-linux-aarch64.so.1
    fi
    lib=/usr/lib/$triplet
    need_cmd  "$triplet-gcc" "gcc-$triplet"
    need_cmd  "$qemu"        qemu-user-static
    need_file "/usr/$triplet/include/stdio.h" "libc6-dev-$target-cross"
    need_file "$ld_so"                 "libc6:$target"
    need_file "$lib/libmbedtls.so"     "libmbedtls-dev:$target"
    need_file "$lib/liblwip.so"        "liblwip-dev:$target"
    need_file "$lib/libcmocka.so"      "libcmocka-dev:$target"
    need_file "$lib/libjansson.so"     "libjansson-dev:$target"
    # watch --metrics-listen: the runtime library only (linked by soname,
    # see tools/cli/ops.mk); the header is the host's libmicrohttpd-dev.
    need_file "$lib/libmicrohttpd.so.12" "libmicrohttpd12:$target"
    need_file "$lib/libubsan.so.1"     "libubsan1:$target"
    need_file "$lib/libasan.so.8"      "libasan8:$target"
    need_file /usr/include/jsmn.h      libjsmn-dev
    if [ ${#missing[@]} -gt 0 ] && ! dpkg --print-foreign-architectures | grep -qx "$target"; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "deps: architecture $target not enabled; run as root: dpkg --add-architecture $target" >&2
            exit 1
        fi
        echo "deps: enabling architecture $target"
        dpkg --add-architecture "$target"
    fi
    ;;
host-build)
    # A bare `make` on the host (boards/linux-host/rules.mk): only what the
    # build needs; `make test` installs the rest (target host).
    need_cmd  gcc      gcc
    need_cmd  make     make
    need_file /usr/include/mbedtls/ssl.h libmbedtls-dev
    need_file /usr/include/jsmn.h        libjsmn-dev
    need_file /usr/include/microhttpd.h  libmicrohttpd-dev
    ;;
docs)
    # `make docs`: the API reference.
    need_cmd  doxygen  doxygen
    ;;
cortex-m4)
    # Bare-metal toolchain with newlib (nano.specs), the jsmn header (copied
    # into the board's build tree), python3 for the size and stack reports,
    # dpkg-dev to unpack the mbedTLS and lwIP source packages.
    need_cmd  arm-none-eabi-gcc gcc-arm-none-eabi
    need_cmd  arm-none-eabi-nm  binutils-arm-none-eabi
    need_file /usr/lib/arm-none-eabi/newlib/thumb/v7e-m/nofp/libc_nano.a libnewlib-arm-none-eabi
    need_file /usr/include/jsmn.h libjsmn-dev
    need_cmd  python3     python3
    need_cmd  dpkg-source dpkg-dev
    # `make arena`: the board's mbedTLS configuration measured in an ILP32
    # (armhf, static) build under qemu, against a local openssl s_server.
    need_cmd  arm-linux-gnueabihf-gcc gcc-arm-linux-gnueabihf
    need_file /usr/arm-linux-gnueabihf/lib/libc.a libc6-dev-armhf-cross
    need_cmd  qemu-arm-static qemu-user-static
    need_cmd  openssl openssl
    ;;
*)
    echo "deps: unknown target '$target'" >&2
    exit 2
    ;;
esac

# Every board compiles mbedTLS 3.6 from Debian 13's source package; the
# bare-metal board also lwIP from Debian 12's. Unpacked under build/ (never
# committed).
fetch_sources() {
    "$(dirname "$0")/mbedtls-source.sh"
    [ "$target" = cortex-m4 ] || return 0
    "$(dirname "$0")/fetch-sources.sh"
}

if [ ${#missing[@]} -eq 0 ]; then
    fetch_sources
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing ${missing[*]}; run as root or install them: apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run instead of failing on its lock. An index that a
# mirror is still syncing (seen for one foreign architecture) makes update
# exit non-zero although every other index is fresh: go on and let the
# install itself say whether something is really missing.
apt-get -o DPkg::Lock::Timeout=600 update -qq \
    || echo "deps: apt-get update reported errors; trying the install anyway" >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fetch_sources
