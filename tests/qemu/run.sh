#!/usr/bin/env bash
# The mps2-an386 firmware in QEMU against the endpoint emulator (see
# boards/mps2-an386/run.sh): build the image, boot it, expect the sample
# data set's checkpoints over TLS. Last line "N passed, N failed".
# Skipped (0 passed, 0 failed) only when qemu-system-arm is missing and
# cannot be installed.
set -u
cd "$(dirname "$0")/../.."

if ! boards/mps2-an386/deps.sh; then
    echo "SKIPPED: qemu-system-arm is not installed and could not be installed"
    echo "0 passed, 0 failed"
    exit 0
fi
if ! make --no-print-directory BOARD=mps2-an386 -j"$(nproc)" >build/qemu-an386-build.log 2>&1; then
    tail -n 30 build/qemu-an386-build.log
    echo "mps2-an386: image build failed (log build/qemu-an386-build.log)"
    echo "0 passed, 1 failed"
    exit 1
fi
if boards/mps2-an386/run.sh; then
    n=$(grep -cE '^  [0-9]+  ' build/mps2-an386/qemu-console.log)
    if [ "$n" -eq 12 ]; then
        echo "1 passed, 0 failed"
        exit 0
    fi
    echo "mps2-an386: expected 12 checkpoint lines, got $n"
fi
echo "0 passed, 1 failed"
exit 1
