#!/usr/bin/env bash
# Fetch the third-party source the bare-metal boards compile lwIP from:
# lwIP 2.1.3, as Debian 12's source package (the same version as the host's
# liblwip-dev), unpacked with Debian's patches into
#   DEST/lwip          (DEST defaults to build/third_party)
# (mbedTLS 3.6 comes from Debian 13's source package: mbedtls-source.sh.)
# Nothing fetched here is ever committed: build/ is the only place it lives.
#
# Needs apt deb-src entries; when none is configured for Debian's archive the
# script adds /etc/apt/sources.list.d/rmqdr-deb-src.sources (deb822, derived
# from the existing "deb" entries) and runs apt-get update once.
# A no-op when DEST already holds both trees at the expected versions.
set -euo pipefail

cd "$(dirname "$0")/../.."
dest=${1:-build/third_party}
want_lwip=2.1.3

lwip_version() {
    local h="$1/src/include/lwip/init.h" ma mi re
    [ -f "$h" ] || return 0
    ma=$(sed -n 's/^#define LWIP_VERSION_MAJOR  *\([0-9]*\).*/\1/p' "$h")
    mi=$(sed -n 's/^#define LWIP_VERSION_MINOR  *\([0-9]*\).*/\1/p' "$h")
    re=$(sed -n 's/^#define LWIP_VERSION_REVISION  *\([0-9]*\).*/\1/p' "$h")
    echo "$ma.$mi.$re"
}
ready() {
    [ "$(lwip_version "$dest/lwip")" = "$want_lwip" ]
}

ready && exit 0

command -v dpkg-source >/dev/null 2>&1 || {
    echo "fetch-sources: dpkg-source missing (apt-get install dpkg-dev)" >&2; exit 1; }

# Is any deb-src entry for a Debian archive configured (one-line or deb822)?
have_deb_src() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] && grep -qE '^[[:space:]]*deb-src[[:space:]].*/debian' "$f" && return 0
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # A stanza counts when its Types list deb-src and it is not disabled.
        awk 'BEGIN { RS = ""; FS = "\n"; found = 0 }
             { t = 0; u = 0; off = 0
               for (i = 1; i <= NF; i++) {
                   if ($i ~ /^Types:.*deb-src/) t = 1
                   if ($i ~ /^URIs:.*\/debian/) u = 1
                   if ($i ~ /^Enabled:[[:space:]]*no/) off = 1 }
               if (t && u && !off) found = 1 }
             END { exit found ? 0 : 1 }' "$f" && return 0
    done
    return 1
}

# Write deb-src stanzas mirroring every enabled Debian "deb" entry.
add_deb_src() {
    local out=/etc/apt/sources.list.d/rmqdr-deb-src.sources tmp f
    tmp=$(mktemp)
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
             { t = 0; u = 0; off = 0
               for (i = 1; i <= NF; i++) {
                   if ($i ~ /^Types:([[:space:]]+[a-z-]+)*[[:space:]]+deb([[:space:]]|$)/) t = 1
                   if ($i ~ /^URIs:.*\/debian/) u = 1
                   if ($i ~ /^Enabled:[[:space:]]*no/) off = 1 }
               if (!t || !u || off) next
               for (i = 1; i <= NF; i++) {
                   if ($i ~ /^#/) continue
                   if ($i ~ /^Types:/) print "Types: deb-src"; else print $i }
               print "" }' "$f" >>"$tmp"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        # deb [options] URI suite components...
        awk '$1 == "deb" {
                 i = 2; opts = ""
                 if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                 if ($i !~ /\/debian/) next
                 printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:", $i, $(i + 1)
                 for (j = i + 2; j <= NF; j++) printf " %s", $j
                 printf "\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n" }' "$f" >>"$tmp"
    done
    if [ ! -s "$tmp" ]; then
        rm -f "$tmp"
        echo "fetch-sources: no Debian deb entry to derive deb-src lines from" >&2
        return 1
    fi
    echo "fetch-sources: adding deb-src entries in $out"
    install -m 0644 "$tmp" "$out"
    rm -f "$tmp"
}

if ! have_deb_src; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "fetch-sources: no deb-src entry for Debian; run as root or add one" >&2
        exit 1
    fi
    add_deb_src
    # A mirror that is mid-sync for one index must not stop the rest.
    apt-get -o DPkg::Lock::Timeout=600 update -qq || echo "fetch-sources: apt-get update reported errors; going on" >&2
elif ! apt-get source --download-only --print-uris lwip >/dev/null 2>&1; then
    apt-get -o DPkg::Lock::Timeout=600 update -qq || echo "fetch-sources: apt-get update reported errors; going on" >&2
fi

dl="$dest/download"
mkdir -p "$dl"
dest_abs=$(cd "$dest" && pwd)
(
    cd "$dl"
    # _apt cannot write here when the tree is owned by another user; apt then
    # downloads as the calling user, which is fine for source packages.
    apt-get source --download-only -qq lwip 2>&1 | grep -v 'unsandboxed' || true
)
for pkg in lwip; do
    dsc=$(ls -1 "$dl/${pkg}"_*.dsc 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$dsc" ]; then
        echo "fetch-sources: apt-get source $pkg gave no .dsc" >&2
        exit 1
    fi
    rm -rf "${dest_abs:?}/$pkg" "${dl:?}/$pkg"
    # apt checked every file against the signed Sources index; dpkg-source
    # checks them against the .dsc again (the maintainers' keys are not
    # installed, so it only warns about the .dsc signature: see the log).
    if ! (cd "$dl" && dpkg-source -x "$(basename "$dsc")" "$pkg") >"$dl/$pkg.log" 2>&1; then
        cat "$dl/$pkg.log" >&2
        exit 1
    fi
    # The top-level Makefile includes every build/**/*.d as a dependency file.
    find "$dl/$pkg" -depth -type d -name '*.d' -exec rm -rf {} +
    mv "$dl/$pkg" "$dest_abs/$pkg"
done

if ! ready; then
    echo "fetch-sources: expected lwIP $want_lwip, got '$(lwip_version "$dest/lwip")'" >&2
    exit 1
fi
echo "fetch-sources: lwIP $(lwip_version "$dest/lwip") in $dest"
