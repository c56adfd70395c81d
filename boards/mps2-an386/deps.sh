#!/usr/bin/env bash
# What the mps2-an386 board needs besides the cortex-m4 toolchain
# (tools/deps/install.sh cortex-m4): QEMU's system emulator for ARM.
# Installs it with apt-get when missing (root only); exits 1 when it is
# missing and cannot be installed.
set -euo pipefail
command -v qemu-system-arm >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing qemu-system-arm; run as root or: apt-get install qemu-system-arm" >&2
    exit 1
fi
echo "deps: installing qemu-system-arm"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq \
    || echo "deps: apt-get update reported errors; trying the install anyway" >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends qemu-system-arm >/dev/null
