#!/usr/bin/env bash
# `make STATIC=1` (target `static`): $B/rmqdr-static has no ELF interpreter
# and no shared library (mbedTLS, jansson and glibc linked in), reads an
# aliyun profile file (strict JSON by jansson), lists the emulator's
# checkpoints over TLS, writes --metrics-file, and refuses --metrics-listen
# with one line (no static GnuTLS for libmicrohttpd in Debian). Prints its
# stripped size (docs/PERFORMANCE.md). Host build only.
# Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
pass=0 fail=0
ok()  { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

if [ "$B" != build/host ]; then
    echo "skipped: the static build is checked on the host ($B is a cross build)"; finish
fi
bin="$B/rmqdr-static"
if make -s --no-print-directory STATIC=1 all >"$B/static.log" 2>&1 && [ -x "$bin" ]; then
    ok "make STATIC=1 links $bin"
else
    bad "make STATIC=1"; tail -20 "$B/static.log"; finish
fi
if readelf -lW "$bin" | grep -q 'INTERP\|DYNAMIC'; then
    bad "$bin is dynamically linked: $(readelf -d "$bin" | grep NEEDED | tr -s ' ')"
else
    ok "no interpreter, no dynamic section"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/rmqdr-static.XXXXXX")
trap 'rm -rf "$work"' EXIT
strip -o "$work/stripped" "$bin"
echo "size: $(stat -c %s "$bin") bytes with debug info, $(stat -c %s "$work/stripped") stripped"
"$bin" --version | grep -q '^mbedTLS: ' && ok "--version names the linked-in mbedTLS" || bad "--version"

# shellcheck source=../support/emulator.sh
. tests/support/emulator.sh
if emulator_start; then
    export ALIBABA_CLOUD_ACCESS_KEY_ID=$EMU_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$EMU_KEY_SECRET HOME=/nonexistent
    args=(--plan-id 1300000016 --item-id 100070284 --instance-id rmq-cn-7e22ody0001
          --endpoint "https://localhost:$EMU_PORT" --ca-file "$EMU_CA")
    n=$("$bin" checkpoints "${args[@]}" --all --output jsonl 2>"$work/err" | grep -c '"checkpointId"')
    [ "$n" = 12 ] && ok "static binary lists 12 checkpoints over TLS" || bad "listing: $n lines, $(cat "$work/err")"
    # The profile file through the statically linked jansson, credentials not in the environment.
    printf '{"current":"emu","profiles":[{"name":"emu","mode":"AK","access_key_id":"%s","access_key_secret":"%s"}]}\n' \
        "$EMU_KEY_ID" "$EMU_KEY_SECRET" > "$work/config.json"
    n=$(env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET \
        ALIBABA_CLOUD_CONFIG_FILE="$work/config.json" "$bin" checkpoints "${args[@]}" --all --output jsonl \
        2>"$work/err" | grep -c '"checkpointId"')
    [ "$n" = 12 ] && ok "static binary reads the profile file (jansson linked in)" \
        || bad "profile file: $n lines, $(cat "$work/err")"
    printf '{"current":::"emu"}\n' > "$work/bad.json"
    env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET ALIBABA_CLOUD_CONFIG_FILE="$work/bad.json" \
        "$bin" checkpoints "${args[@]}" >/dev/null 2>"$work/err"
    rc=$?
    [ $rc -eq 2 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && ok "static binary refuses a non-JSON profile file (exit 2)" \
        || bad "bad profile: rc $rc, $(cat "$work/err")"
    "$bin" watch "${args[@]}" --once --metrics-file "$work/rmqdr.prom" >/dev/null 2>&1
    grep -q '^rmqdr_checkpoint_lag_seconds{' "$work/rmqdr.prom" 2>/dev/null \
        && ok "--metrics-file works in the static binary" || bad "--metrics-file"
    "$bin" watch "${args[@]}" --once --metrics-listen 127.0.0.1:0 >/dev/null 2>"$work/err"
    rc=$?
    [ $rc -eq 2 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q 'metrics-file' "$work/err" \
        && ok "--metrics-listen refused with one line (exit 2)" || bad "--metrics-listen: rc $rc, $(cat "$work/err")"
    emulator_stop
else
    bad "emulator start"
fi
finish
