#!/usr/bin/env bash
# `make install DESTDIR=...` puts every file where the GNU variables say,
# rmqdr.pc lets a program build with `pkg-config --cflags --libs rmqdr`
# against that tree (docs/examples/linux_host.c, which then lists the
# emulator's checkpoints), and `make uninstall` removes every file again.
# Host build only. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
pass=0 fail=0
ok()  { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

if [ "$B" != build/host ]; then
    echo "skipped: the install layout and pkg-config build are checked by the host build ($B is a cross build)"
    finish
fi
stage=$(mktemp -d "${TMPDIR:-/tmp}/rmqdr-install.XXXXXX")
trap 'rm -rf "$stage"' EXIT

if make -s --no-print-directory install DESTDIR="$stage" PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu \
        >"$stage.log" 2>&1; then
    ok "make install DESTDIR PREFIX=/usr LIBDIR=..."
else
    bad "make install"; cat "$stage.log"; rm -f "$stage.log"; finish
fi
rm -f "$stage.log"

expect=(
    usr/bin/rmqdr
    usr/lib/x86_64-linux-gnu/librmqdr.a
    usr/lib/x86_64-linux-gnu/librmqdr_port.a
    usr/lib/x86_64-linux-gnu/pkgconfig/rmqdr.pc
    usr/share/man/man1/rmqdr.1
    usr/lib/systemd/system/rmqdr-watch@.service
    usr/share/bash-completion/completions/rmqdr
)
for h in core/include/rmqdr/*.h port/include/rmqdr/*.h; do
    expect+=("usr/include/rmqdr/$(basename "$h")")
done
# The default build (MBEDTLS=3.6) installs its private mbedTLS (install.mk).
mbedtls_src=build/deps/src/mbedtls-3.6/include
if [ -d "$mbedtls_src" ]; then
    for a in libmbedtls.a libmbedx509.a libmbedcrypto.a; do
        expect+=("usr/lib/x86_64-linux-gnu/rmqdr/$a")
    done
    for h in "$mbedtls_src"/mbedtls/*.h "$mbedtls_src"/psa/*.h; do
        expect+=("usr/include/rmqdr/mbedtls-3.6/${h#"$mbedtls_src"/}")
    done
    expect+=("usr/include/rmqdr/mbedtls-3.6/rmqdr_mbedtls_linux.h")
fi
missing=()
for f in "${expect[@]}"; do [ -f "$stage/$f" ] || missing+=("$f"); done
[ ${#missing[@]} -eq 0 ] && ok "layout: ${#expect[@]} files in place" || bad "layout: missing ${missing[*]}"
extra=$(cd "$stage" && find . -type f | sed 's|^\./||' | sort | comm -23 - <(printf '%s\n' "${expect[@]}" | sort))
[ -z "$extra" ] && ok "layout: nothing unexpected" || bad "layout: unexpected $extra"
[ "$(stat -c %a "$stage/usr/bin/rmqdr")" = 755 ] && ok "binary mode 755" || bad "binary mode"
grep -q '^ExecStart=/usr/bin/rmqdr watch ' "$stage/usr/lib/systemd/system/rmqdr-watch@.service" \
    && ok "unit runs the installed binary (BINDIR)" || bad "unit ExecStart does not use BINDIR"
"$stage/usr/bin/rmqdr" --version | grep -q '^rmqdr ' && ok "installed rmqdr --version" || bad "installed rmqdr --version"
# The installed binary stands alone: no run path into the build tree and no
# shared mbedTLS it would have to find there.
dyn=$(readelf -d "$stage/usr/bin/rmqdr" 2>&1)
if echo "$dyn" | grep -q "$PWD" || { [ -d "$mbedtls_src" ] && echo "$dyn" | grep -q 'libmbed'; }; then
    bad "installed rmqdr refers to the build tree or a shared mbedTLS: $(echo "$dyn" | grep -E 'RUNPATH|RPATH|libmbed')"
else
    ok "installed rmqdr needs nothing from the build tree"
fi

# pkg-config against the staged tree (the sysroot maps -I/-L into DESTDIR).
export PKG_CONFIG_PATH="$stage/usr/lib/x86_64-linux-gnu/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage"
pc_version=$(pkg-config --modversion rmqdr 2>&1)
want_version=$(sed -n 's/^#define RMQDR_VERSION "\(.*\)"/\1/p' core/include/rmqdr/request.h)
[ "$pc_version" = "$want_version" ] && ok "pkg-config --modversion rmqdr = $pc_version" \
    || bad "pkg-config --modversion: '$pc_version', want '$want_version'"
flags=$(pkg-config --cflags --libs rmqdr)
example="$stage/linux_host"
# shellcheck disable=SC2086
if gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$example" docs/examples/linux_host.c $flags 2>"$stage/cc.log"; then
    ok "docs/examples/linux_host.c builds with pkg-config --cflags --libs rmqdr ($flags)"
else
    bad "example build with: $flags"; cat "$stage/cc.log"
fi
case "$flags" in *"$PWD"*) bad "pkg-config flags point into the source tree";; *) ok "flags name only the installed tree";; esac

# The example against the emulator: platform -> socket -> TLS -> client.
# shellcheck source=../support/emulator.sh
. tests/support/emulator.sh
if [ -x "$example" ] && emulator_start; then
    out=$(ALIBABA_CLOUD_ACCESS_KEY_ID=$EMU_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$EMU_KEY_SECRET \
          "$example" "localhost:$EMU_PORT" "$EMU_CA" 1300000016 100070284 rmq-cn-7e22ody0001 2>&1)
    rc=$?
    if [ $rc -eq 0 ] && echo "$out" | grep -q '^12 checkpoints, 1 connection(s)$' \
       && echo "$out" | grep -q '^audit_log/GID_audit_archive lag '; then
        ok "example lists the emulator's 12 checkpoints over one TLS connection"
    else
        bad "example against the emulator (rc $rc): $out"
    fi
    out=$(ALIBABA_CLOUD_ACCESS_KEY_ID=$EMU_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong \
          "$example" "localhost:$EMU_PORT" "$EMU_CA" 1300000016 100070284 rmq-cn-7e22ody0001 2>&1)
    [ $? -ne 0 ] && ok "example fails cleanly with a wrong secret" || bad "example accepted a wrong secret"
    emulator_stop
else
    bad "example run: emulator did not start or example missing"
fi

if make -s --no-print-directory uninstall DESTDIR="$stage" PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu >/dev/null 2>&1; then
    left=$(cd "$stage" && find usr -type f | sort)
    [ -z "$left" ] && ok "make uninstall removes every installed file" || bad "uninstall left: $left"
else
    bad "make uninstall"
fi
finish
