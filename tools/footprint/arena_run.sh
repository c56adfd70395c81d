#!/usr/bin/env bash
# Measure the mbedTLS arena of one TLS connection with arena_probe against
# local `openssl s_server` instances (127.0.0.1 only) serving chains shaped
# like the cloud's:
#   ecdsa-p256  ECDSA P-256 leaf <- P-256 CA (the emulator's default shape)
#   rsa2048     RSA-2048 leaf <- RSA-2048 intermediate <- RSA-2048 root (R3-like)
#   rsa4096     RSA-2048 leaf <- RSA-4096 intermediate <- RSA-4096 root (R46-like)
# Each run trusts the board's CA_PEMS plus the scenario's test root, so the
# CA store is the board's. For each chain: the arena's own statistics with a
# large arena, then the smallest arena (bisected to 256 bytes) with which the
# handshake, one request and its response still complete.
# Each chain is measured once per protocol in PROTOCOLS (default "tls1_2
# tls1_3": the server is limited to that version; a 1.2-only probe build
# skips tls1_3).
# The probe connects to "127.0.0.1" (a static cross-built probe cannot use
# glibc's NSS to resolve "localhost"); mbedTLS 3.6 matches it against the
# iPAddress SAN, 2.28 against dNSName entries only, hence both in the leaf.
# Usage: [PROBE_RUN=prefix] [PROTOCOLS=...] arena_run.sh PROBE WORKDIR CA.pem...
# (PROBE_RUN runs a cross-built probe, e.g. qemu-arm-static.)
set -euo pipefail
probe=$1; work=$2; shift 2
run=${PROBE_RUN:-}
cas=("$@")
mkdir -p "$work"
cd "$work"

ossl() { openssl "$@" >/dev/null 2>&1; }

mkroot() { # name keyspec
    ossl genpkey -out "$1.key" $2
    ossl req -x509 -new -key "$1.key" -subj "/O=rmqdr arena/CN=$1" -days 30 -sha384 \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -out "$1.pem"
}
mkcert() { # name keyspec issuer ca(yes/no)
    local ext
    ossl genpkey -out "$1.key" $2
    ossl req -new -key "$1.key" -subj "/O=rmqdr arena/CN=${1}" -out "$1.csr"
    if [ "$4" = yes ]; then
        ext="basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign"
    else
        ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,DNS:127.0.0.1,IP:127.0.0.1"
    fi
    printf '%s\n' "$ext" > "$1.ext"
    ossl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -days 30 -sha256 \
        -extfile "$1.ext" -out "$1.pem"
}

ec="-algorithm EC -pkeyopt ec_paramgen_curve:P-256"
r2="-algorithm RSA -pkeyopt rsa_keygen_bits:2048"
r4="-algorithm RSA -pkeyopt rsa_keygen_bits:4096"
if [ ! -f rsa4096-leaf.pem ]; then
    mkroot ecdsa-p256-root "$ec";  mkcert ecdsa-p256-leaf "$ec" ecdsa-p256-root no
    : > ecdsa-p256-chain.pem
    mkroot rsa2048-root "$r2"; mkcert rsa2048-int "$r2" rsa2048-root yes; mkcert rsa2048-leaf "$r2" rsa2048-int no
    cp rsa2048-int.pem rsa2048-chain.pem
    mkroot rsa4096-root "$r4"; mkcert rsa4096-int "$r4" rsa4096-root yes; mkcert rsa4096-leaf "$r2" rsa4096-int no
    cp rsa4096-int.pem rsa4096-chain.pem
fi

protocols=${PROTOCOLS:-tls1_2 tls1_3}
printf '%-11s %-6s %8s %8s %8s %8s %10s\n' chain proto ca_store hs_peak run_peak blocks min_arena
for proto in $protocols; do
for s in ecdsa-p256 rsa2048 rsa4096; do
    port=$((20000 + RANDOM % 20000))
    chain_opt=()
    [ -s "$s-chain.pem" ] && chain_opt=(-cert_chain "$s-chain.pem")
    openssl s_server -accept "127.0.0.1:$port" -cert "$s-leaf.pem" -key "$s-leaf.key" \
        "${chain_opt[@]}" "-$proto" -www -quiet >/dev/null 2>&1 &
    srv=$!
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
    # shellcheck disable=SC2086
    line=$($run "$probe" 127.0.0.1 "$port" 262144 "${cas[@]}" "$s-root.pem" || true)
    case "$line" in ok=1*) ;; *) echo "$s: probe failed: $line"; kill "$srv"; wait "$srv" 2>/dev/null || true; exit 1 ;; esac
    get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    lo=$(get hs_max); hi=262144
    while [ $((hi - lo)) -gt 256 ]; do
        mid=$(((lo + hi) / 2))
        # shellcheck disable=SC2086
        if $run "$probe" 127.0.0.1 "$port" "$mid" "${cas[@]}" "$s-root.pem" >/dev/null 2>&1; then hi=$mid; else lo=$mid; fi
    done
    printf '%-11s %-6s %8s %8s %8s %8s %10s\n' "$s" "$proto" "$(get ca_cur)" "$(get hs_max)" "$(get end_max)" "$(get max_blocks)" "$hi"
    kill "$srv"; wait "$srv" 2>/dev/null || true
done
done
echo "(bytes; ca_store: parsed roots kept for the whole run; hs_peak/run_peak: arena"
echo " statistics (payload) up to the end of the handshake / of one request+response;"
echo " min_arena: smallest arena that completes it, allocator headers and fragmentation"
echo " included. Host build (64-bit pointers): the board's structs are smaller.)"
