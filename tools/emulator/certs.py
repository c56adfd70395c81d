"""Throwaway CA and `localhost` server certificate, made with the openssl CLI.

Files written into the state directory:
    ca.key ca.pem          self-signed CA (basicConstraints CA:TRUE)
    server.key server.pem  leaf for DNS:localhost, IP:127.0.0.1, IP:::1
Keys are ECDSA P-256 (default) or RSA-2048.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from dataclasses import dataclass

VALID_DAYS = 30

SERVER_EXT = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, {key_usage}
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""

CA_EXT = """\
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
"""


@dataclass
class CertFiles:
    """Paths of the generated files."""
    ca_pem: str
    server_pem: str
    server_key: str


def _openssl(*args: str) -> None:
    """Run one openssl command; raise RuntimeError with its stderr on failure."""
    proc = subprocess.run(["openssl", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {proc.stderr.strip()}")


def _genkey(path: str, key_type: str) -> None:
    """Generate a private key (PKCS#8 PEM), readable by the owner only."""
    if key_type == "rsa":
        _openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path)
    else:
        _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                 "-pkeyopt", "ec_param_enc:named_curve", "-out", path)
    os.chmod(path, 0o600)


def _serial() -> str:
    """A random positive 64-bit serial number in hex."""
    return "0x%016x" % (secrets.randbits(63) | 1)


def generate(state_dir: str, key_type: str = "ec") -> CertFiles:
    """Create the CA and the server certificate in state_dir; return their paths."""
    p = lambda name: os.path.join(state_dir, name)  # noqa: E731 - tiny path helper
    with open(p("ca.ext"), "w") as f:
        f.write(CA_EXT)
    with open(p("server.ext"), "w") as f:
        usage = "digitalSignature, keyEncipherment" if key_type == "rsa" else "digitalSignature"
        f.write(SERVER_EXT.format(key_usage=usage))
    _genkey(p("ca.key"), key_type)
    _openssl("req", "-new", "-key", p("ca.key"), "-subj", "/O=rmqdr/CN=rmqdr emulator throwaway CA",
             "-out", p("ca.csr"))
    _openssl("x509", "-req", "-in", p("ca.csr"), "-signkey", p("ca.key"), "-sha256",
             "-days", str(VALID_DAYS), "-set_serial", _serial(),
             "-extfile", p("ca.ext"), "-out", p("ca.pem"))
    _genkey(p("server.key"), key_type)
    _openssl("req", "-new", "-key", p("server.key"), "-subj", "/O=rmqdr/CN=localhost",
             "-out", p("server.csr"))
    _openssl("x509", "-req", "-in", p("server.csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"),
             "-sha256", "-days", str(VALID_DAYS), "-set_serial", _serial(),
             "-extfile", p("server.ext"), "-out", p("server.pem"))
    for name in ("ca.csr", "server.csr", "ca.ext", "server.ext"):
        os.unlink(p(name))
    return CertFiles(p("ca.pem"), p("server.pem"), p("server.key"))
