#!/usr/bin/env bash
# rmqdr-watch@.service: `systemd-analyze verify` accepts it (with the
# installed man page, so Documentation= resolves, and the built binary as
# ExecStart), a broken copy is rejected (the check can fail), the
# hardening directives are present and `systemd-analyze security` rates
# it at most 2.0 ("OK"). Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
pass=0 fail=0
ok()  { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

if ! command -v systemd-analyze >/dev/null 2>&1; then
    bad "systemd-analyze missing (tools/deps/install.sh installs systemd)"; finish
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/rmqdr-unit.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The unit as `make install BINDIR=<build dir>` writes it, so ExecStart exists.
bindir=$(cd "$B" && pwd)
sed -e "s|@BINDIR@|$bindir|g" -e 's|@SYSCONFDIR@|/etc|g' 'tools/install/rmqdr-watch@.service.in' \
    > "$work/rmqdr-watch@.service"
mkdir -p "$work/man/man1" && cp docs/man/rmqdr.1 "$work/man/man1/"

out=$(cd "$work" && MANPATH="$work/man" systemd-analyze verify "$work/rmqdr-watch@.service" 2>&1)
rc=$?
[ $rc -eq 0 ] && [ -z "$out" ] && ok "systemd-analyze verify: clean" || bad "systemd-analyze verify (rc $rc): $out"

# The LoadCredential= variant of the man page (SYSTEMD), as a drop-in.
mkdir -p "$work/rmqdr-watch@.service.d"
printf '[Service]\nLoadCredential=aliyun-config:/etc/rmqdr/%%i.json\nEnvironment=ALIBABA_CLOUD_CONFIG_FILE=%%d/aliyun-config\n' \
    > "$work/rmqdr-watch@.service.d/credentials.conf"
cat "$work/rmqdr-watch@.service" "$work/rmqdr-watch@.service.d/credentials.conf" > "$work/cred@.service"
out=$(cd "$work" && MANPATH="$work/man" systemd-analyze verify "$work/cred@.service" 2>&1)
rc=$?
[ $rc -eq 0 ] && [ -z "$out" ] && ok "LoadCredential= variant verifies" || bad "LoadCredential variant (rc $rc): $out"

sed 's/^NoNewPrivileges=yes/NoNewPrivilege=yes/; s|^ExecStart=.*|ExecStart=/nonexistent/rmqdr watch|' \
    "$work/rmqdr-watch@.service" > "$work/broken@.service"
out=$(cd "$work" && MANPATH="$work/man" systemd-analyze verify "$work/broken@.service" 2>&1)
[ -n "$out" ] && ok "a broken copy is reported" || bad "systemd-analyze verify missed a typo and a missing binary"

missing=()
for d in DynamicUser=yes NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes ProtectHome=yes \
         'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' CapabilityBoundingSet= \
         'EnvironmentFile=/etc/rmqdr/%i.env' MemoryDenyWriteExecute=yes SystemCallFilter=@system-service; do
    grep -qxF "$d" "$work/rmqdr-watch@.service" || missing+=("$d")
done
[ ${#missing[@]} -eq 0 ] && ok "hardening directives present" || bad "missing: ${missing[*]}"
grep -q -- '--metrics-listen' "$work/rmqdr-watch@.service" && ok "ExecStart serves metrics" || bad "no --metrics-listen"

# Every variable the unit and its comments set (NAME=..., Environment=NAME=...),
# except the unit's own RMQDR_*, is one the CLI reads.
read_vars=$(grep -ho 'getenv("[A-Z_]*")' tools/cli/*.c | sed 's/getenv("\(.*\)")/\1/' | sort -u)
stale=()
for v in $(grep -oE '(^#? *|Environment=)[A-Z][A-Z0-9_]*=' 'tools/install/rmqdr-watch@.service.in' \
           | sed -E 's/^#? *//; s/^Environment=//; s/=$//' | grep -v '^RMQDR_' | sort -u); do
    grep -qx "$v" <<<"$read_vars" || stale+=("$v")
done
[ ${#stale[@]} -eq 0 ] && ok "the unit names only variables the CLI reads" || bad "not read by the CLI: ${stale[*]}"

score=$(cd "$work" && systemd-analyze security --offline=yes --no-pager "$work/rmqdr-watch@.service" 2>&1 \
        | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security: exposure $score"
if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
    ok "systemd-analyze security exposure $score <= 2.0"
else
    bad "systemd-analyze security exposure '${score}' (want <= 2.0)"
fi
finish
