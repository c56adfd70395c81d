#!/usr/bin/env bash
# Fetch mbedTLS 3.6 LTS as Debian 13 (trixie)'s source package `mbedtls` and
# unpack it, with Debian's patches, into DEST (default build/deps/src/mbedtls-3.6).
# Nothing fetched here is ever committed: build/ is the only place it lives.
#
# Trust: the one apt source used is a deb-src entry for trixie signed-by the
# trixie keys of Debian's archive keyring (package debian-archive-keyring,
# which Debian 12 ships with the trixie keys). apt checks the InRelease
# signature, the Sources index against it, and every downloaded file (.dsc,
# orig tarball, debian tarball) against the index's SHA256; nothing is
# accepted unauthenticated.
#
# Isolation: the entry lives in a private apt configuration under
# build/deps/apt (its own sources list, lists and cache), so the machine's
# apt never sees trixie: no binary package can come from trixie (stronger
# than a pin), and `apt-get source mbedtls` run with the machine's own
# configuration (other checkouts, other projects) still gets Debian 12's.
#
# A no-op when DEST already holds mbedTLS 3.6.x.
set -euo pipefail

cd "$(dirname "$0")/../.."
dest=${1:-build/deps/src/mbedtls-3.6}
want=3.6
suite=trixie
mirror=${RMQDR_DEBIAN_MIRROR:-http://deb.debian.org/debian}

version() {
    sed -n 's/^#define MBEDTLS_VERSION_STRING  *"\(.*\)"/\1/p' "$1/include/mbedtls/build_info.h" 2>/dev/null
}
case "$(version "$dest")" in "$want".*) exit 0 ;; esac

for k in /usr/share/keyrings/debian-archive-$suite-automatic.gpg \
         /usr/share/keyrings/debian-archive-$suite-stable.gpg; do
    if [ ! -f "$k" ]; then
        echo "mbedtls-source: $k missing (apt-get install debian-archive-keyring)" >&2
        exit 1
    fi
done
command -v dpkg-source >/dev/null 2>&1 || {
    echo "mbedtls-source: dpkg-source missing (apt-get install dpkg-dev)" >&2; exit 1; }

apt_dir=$(pwd)/build/deps/apt
mkdir -p "$apt_dir/etc/sources.list.d" "$apt_dir/etc/preferences.d" \
         "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
: >"$apt_dir/etc/sources.list"
cat >"$apt_dir/etc/sources.list.d/rmqdr-$suite-src.sources" <<EOF
Types: deb-src
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-$suite-automatic.gpg /usr/share/keyrings/debian-archive-$suite-stable.gpg
EOF
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/etc/sources.list"
          -o "Dir::Etc::SourceParts=$apt_dir/etc/sources.list.d"
          -o "Dir::Etc::Preferences=$apt_dir/etc/preferences"
          -o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d"
          -o "Dir::State::Lists=$apt_dir/lists"
          -o "Dir::Cache=$apt_dir/cache"
          -o "Dir::State::status=/var/lib/dpkg/status"
          -o "APT::Sandbox::User=$(id -un)")
[ "$(id -u)" -eq 0 ] || apt_opts+=(-o Debug::NoLocking=1)

echo "mbedtls-source: fetching mbedtls from Debian $suite (deb-src, signed)"
if ! apt-get "${apt_opts[@]}" update -qq; then
    echo "mbedtls-source: apt-get update of the $suite deb-src index failed" >&2
    exit 1
fi

dl=build/deps/download
rm -rf "$dl"
mkdir -p "$dl"
(cd "$dl" && apt-get "${apt_opts[@]}" source --download-only -qq mbedtls)
dsc=$(ls -1 "$dl"/mbedtls_3.6*.dsc 2>/dev/null | sort -V | tail -n 1)
if [ -z "$dsc" ]; then
    echo "mbedtls-source: apt-get source gave no mbedtls 3.6 .dsc" >&2
    exit 1
fi
# dpkg-source checks the tarballs against the .dsc again; the maintainers'
# keys (debian-keyring) are not installed, so it only notes that it cannot
# check the .dsc's own OpenPGP signature (apt already authenticated the file).
if ! (cd "$dl" && dpkg-source -x "$(basename "$dsc")" mbedtls) >"$dl/dpkg-source.log" 2>&1; then
    cat "$dl/dpkg-source.log" >&2
    exit 1
fi
# The top-level Makefile includes every build/**/*.d file as dependencies;
# mbedTLS ships ChangeLog.d/ (release notes only).
find "$dl/mbedtls" -depth -type d -name '*.d' -exec rm -rf {} +
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$dl/mbedtls" "$dest"
case "$(version "$dest")" in
"$want".*) echo "mbedtls-source: mbedTLS $(version "$dest") in $dest ($(basename "$dsc"))" ;;
*) echo "mbedtls-source: expected mbedTLS $want.x, got '$(version "$dest")'" >&2; exit 1 ;;
esac
