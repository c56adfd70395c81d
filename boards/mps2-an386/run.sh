#!/usr/bin/env bash
# Boot the mps2-an386 firmware in QEMU against the local endpoint emulator.
#   run.sh [ELF]          (default build/mps2-an386/fw/rmqdr.elf)
# 1. start the emulator (tests/support/emulator.sh) on 127.0.0.1 with a fresh
#    CA, its clock AN386_SKEW_S seconds ahead (default 1200: the firmware's
#    first request is refused as InvalidTimeStamp.Expired and the client
#    corrects its clock from the Date header);
# 2. boot QEMU with user-mode networking restricted to one forward:
#    10.0.2.100:443 inside the guest -> the emulator's port on 127.0.0.1;
#    semihosting gives the firmware the host's UTC, the CA file and the
#    emulator's throwaway credential;
# 3. bounded by AN386_TIMEOUT_S (default 45); the firmware exits QEMU with
#    0 after printing "rmqdr mps2-an386: OK ...".
# Exit status 0 on success. The console goes to stdout and to
# $AN386_LOG (default build/mps2-an386/qemu-console.log).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
elf=${1:-$root/build/mps2-an386/fw/rmqdr.elf}
log=${AN386_LOG:-$root/build/mps2-an386/qemu-console.log}
timeout_s=${AN386_TIMEOUT_S:-45}
skew_s=${AN386_SKEW_S:-1200}

[ -f "$elf" ] || { echo "run.sh: no image $elf (make BOARD=mps2-an386)" >&2; exit 1; }
command -v qemu-system-arm >/dev/null || { echo "run.sh: qemu-system-arm not installed" >&2; exit 1; }
mkdir -p "$(dirname "$log")"

# shellcheck source=../../tests/support/emulator.sh
. "$root/tests/support/emulator.sh"
emulator_start --clock-offset "$skew_s" --no-ipv6 || exit 1
trap emulator_stop EXIT
echo "emulator: 127.0.0.1:$EMU_PORT, CA $EMU_CA, clock +${skew_s}s"

# Semihosting arguments: a comma is doubled inside -semihosting-config.
sharg() { printf ',arg=%s' "${1//,/,,}"; }
semi="enable=on,target=native,arg=rmqdr$(sharg "ca=$EMU_CA")$(sharg "key=$EMU_KEY_ID")$(sharg "secret=$EMU_KEY_SECRET")"

start=$(date +%s.%N)
timeout --foreground -k 5 "$timeout_s" qemu-system-arm -M mps2-an386 -kernel "$elf" \
    -display none -monitor none -serial stdio -semihosting-config "$semi" \
    -nic "user,model=lan9118,restrict=on,guestfwd=tcp:10.0.2.100:443-tcp:127.0.0.1:$EMU_PORT" \
    </dev/null 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
end=$(date +%s.%N)
awk -v rc="$rc" -v s="$start" -v e="$end" 'BEGIN { printf "qemu: exit %d after %.1f s\n", rc, e - s }'
if [ "$rc" -eq 124 ]; then
    echo "run.sh: QEMU timed out after ${timeout_s}s" >&2
fi
if [ "$rc" -ne 0 ] || ! grep -q '^rmqdr mps2-an386: OK' "$log"; then
    echo "--- emulator log (last 20 lines)" >&2
    tail -n 20 "$EMU_DIR/stderr.log" >&2
    exit 1
fi
exit 0
