#!/usr/bin/env python3
"""The rmqdr command through a real HTTP proxy (Debian's tinyproxy), against
the emulator (started by tests/run.sh).

Each test starts its own tinyproxy on 127.0.0.1 with a generated
configuration: open (CONNECT to any port), demanding Basic authentication,
or allowing CONNECT to port 443 only (so refusing the emulator's port).
Checks that the TLS session inside the tunnel verifies the real host, that
--proxy and HTTPS_PROXY/ALL_PROXY are honoured and NO_PROXY bypasses them,
that refusals give exit 4 and one clear line, and that the proxy password
never appears in any output. Last line: "N passed, N failed".
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, os.environ.get("B", "build/host"), "rmqdr")
RUN = os.environ.get("RUN", "").split()
PORT, CA = os.environ["EMU_PORT"], os.environ["EMU_CA"]
KEY_ID, SECRET = os.environ["EMU_KEY_ID"], os.environ["EMU_KEY_SECRET"]
PLAN = ["--plan-id", "1300000016", "--item-id", "100070284", "--instance-id", "rmq-cn-7e22ody0001"]
PROXY_USER, PROXY_PASS = "rmqdr-user", "proxy-pass-never-printed"
OUTPUTS = []
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli as runner  # noqa: E402  the shared test runner (run_tests, report)

PROXY_VARS = ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
              "http_proxy", "HTTP_PROXY")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Tinyproxy:
    """tinyproxy in the foreground on a free loopback port."""

    def __init__(self, auth=False, connect_ports=None):
        self.dir = tempfile.mkdtemp(prefix="rmqdr-tinyproxy-")
        self.port = free_port()
        self.log = os.path.join(self.dir, "tinyproxy.log")
        lines = [f"Port {self.port}", "Listen 127.0.0.1", "Timeout 30", f'LogFile "{self.log}"',
                 "LogLevel Connect", "MaxClients 20", "Allow 127.0.0.1"]
        if auth:
            lines.append(f"BasicAuth {PROXY_USER} {PROXY_PASS}")
        for p in connect_ports or []:
            lines.append(f"ConnectPort {p}")  # without any, every port is allowed
        conf = os.path.join(self.dir, "tinyproxy.conf")
        with open(conf, "w", encoding="ascii") as f:
            f.write("\n".join(lines) + "\n")
        self.proc = subprocess.Popen(["tinyproxy", "-d", "-c", conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("tinyproxy did not start")

    def url(self, creds=None):
        return f"http://{creds + '@' if creds else ''}127.0.0.1:{self.port}"

    def connects(self):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return [l for l in f if "CONNECT localhost:" in l or f"CONNECT 127.0.0.1:{PORT}" in l]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def env(**extra):
    e = {k: v for k, v in os.environ.items()
         if not k.startswith("ALIBABA_CLOUD_") and k not in PROXY_VARS}
    e["HOME"] = "/nonexistent"
    e["ALIBABA_CLOUD_ACCESS_KEY_ID"] = KEY_ID
    e["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = SECRET
    e.update(extra)
    return e


def rmqdr(*args, environ=None, endpoint=f"https://localhost:{PORT}"):
    cmd = RUN + [CLI, "checkpoints", *PLAN, "--page-size", "5", "--output", "json",
                 "--retries", "0", "--timeout", "5s", "--endpoint", endpoint, "--ca-file", CA]
    p = subprocess.run(cmd + list(args), env=environ if environ is not None else env(),
                       capture_output=True, timeout=60)
    OUTPUTS.append(p.stdout + p.stderr)
    return p


def dead_proxy_url():
    return f"http://127.0.0.1:{free_port()}"


def test_https_proxy_env_tunnels_and_verifies():
    with Tinyproxy() as tp:
        p = rmqdr("--verbose", environ=env(HTTPS_PROXY=tp.url()))
        assert p.returncode == 0, p.stderr
        assert b'"checkpointId"' in p.stdout
        assert f"proxy: http://127.0.0.1:{tp.port} (from HTTPS_PROXY)".encode() in p.stderr, p.stderr
        assert len(tp.connects()) == 1, tp.connects()


def test_lowercase_and_all_proxy():
    with Tinyproxy() as tp:
        p = rmqdr("--verbose", environ=env(all_proxy=tp.url()))
        assert p.returncode == 0, p.stderr
        assert b"(from all_proxy)" in p.stderr, p.stderr
        p = rmqdr("--verbose", environ=env(https_proxy=tp.url(), HTTPS_PROXY=dead_proxy_url()))
        assert p.returncode == 0, p.stderr
        assert b"(from https_proxy)" in p.stderr, p.stderr
        assert len(tp.connects()) == 2


def test_proxy_flag_wins_over_environment():
    with Tinyproxy() as tp:
        p = rmqdr("--proxy", tp.url(), "--verbose", environ=env(HTTPS_PROXY=dead_proxy_url()))
        assert p.returncode == 0, p.stderr
        assert b"(from --proxy)" in p.stderr
        assert len(tp.connects()) == 1


def test_tunnel_still_verifies_the_real_host():
    """The proxy is trusted with nothing: a wrong CA fails inside the tunnel."""
    with Tinyproxy() as tp:
        cmd = RUN + [CLI, "checkpoints", *PLAN, "--retries", "0", "--endpoint",
                     f"https://localhost:{PORT}", "--ca-file", "/usr/share/ca-certificates/mozilla/"
                     "GlobalSign_Root_CA_-_R3.crt", "--proxy", tp.url()]
        p = subprocess.run(cmd, env=env(), capture_output=True, timeout=60)
        OUTPUTS.append(p.stdout + p.stderr)
        assert p.returncode == 4, (p.returncode, p.stderr)
        assert b"certificate" in p.stderr.lower(), p.stderr
        assert len(tp.connects()) == 1


def test_ip_endpoint_through_proxy():
    with Tinyproxy() as tp:
        p = rmqdr("--proxy", tp.url(), endpoint=f"https://127.0.0.1:{PORT}")
        assert p.returncode == 0, p.stderr
        assert len(tp.connects()) == 1


def test_auth_with_credentials():
    with Tinyproxy(auth=True) as tp:
        p = rmqdr("--verbose", "--proxy", tp.url(f"{PROXY_USER}:{PROXY_PASS}"))
        assert p.returncode == 0, p.stderr
        assert b"with credentials" in p.stderr, p.stderr
        # percent-encoding in the URL is decoded (RFC 3986)
        p = rmqdr(environ=env(HTTPS_PROXY=tp.url("rmqdr%2Duser:" + PROXY_PASS.replace("-", "%2d"))))
        assert p.returncode == 0, p.stderr


def test_auth_missing_is_a_clear_error():
    with Tinyproxy(auth=True) as tp:
        p = rmqdr("--proxy", tp.url())
        assert p.returncode == 4, (p.returncode, p.stderr)
        assert b"requires authentication (HTTP 407)" in p.stderr, p.stderr
        assert len(p.stderr.strip().splitlines()) == 1, p.stderr


def test_verbose_says_the_proxy_refusal_not_http_0():
    """--verbose through a proxy answering 407 printed "HTTP 0 in 13 ms, request id -"."""
    with Tinyproxy(auth=True) as tp:
        p = rmqdr("--proxy", tp.url(), "--verbose")
        err = p.stderr.decode()
        assert p.returncode == 4, (p.returncode, err)
        assert "HTTP 0 " not in err, err
        assert err.count("requires authentication (HTTP 407)") >= 1, err
    # sibling: a proxy refusing CONNECT to the port (403)
    with Tinyproxy(connect_ports=[443]) as tp:
        p = rmqdr("--proxy", tp.url(), "--verbose")
        err = p.stderr.decode()
        assert "HTTP 0 " not in err and "refused CONNECT: HTTP 403" in err, err


def test_auth_wrong_password():
    with Tinyproxy(auth=True) as tp:
        p = rmqdr("--proxy", tp.url(f"{PROXY_USER}:not-the-password"))
        assert p.returncode == 4, (p.returncode, p.stderr)
        assert b"rejected the credentials" in p.stderr, p.stderr
        assert b"not-the-password" not in p.stderr


def test_proxy_refusing_connect():
    with Tinyproxy(connect_ports=[443]) as tp:
        p = rmqdr("--proxy", tp.url())
        assert p.returncode == 4, (p.returncode, p.stderr)
        assert b"refused CONNECT: HTTP 403" in p.stderr, p.stderr
        assert len(p.stderr.strip().splitlines()) == 1, p.stderr


def test_unreachable_proxy():
    url = dead_proxy_url()
    p = rmqdr(environ=env(HTTPS_PROXY=url))
    assert p.returncode == 4, (p.returncode, p.stderr)
    assert f"cannot reach proxy {url[7:]}".encode() in p.stderr, p.stderr


def test_no_proxy_bypass():
    dead = dead_proxy_url()
    for no_proxy, endpoint in (("localhost", f"https://localhost:{PORT}"),
                               ("example.com, .localhost,", f"https://localhost:{PORT}"),
                               ("127.0.0.1", f"https://127.0.0.1:{PORT}"),
                               ("10.0.0.0/8,127.0.0.0/8", f"https://127.0.0.1:{PORT}"),
                               ("*", f"https://localhost:{PORT}")):
        for name in ("NO_PROXY", "no_proxy"):
            p = rmqdr("--verbose", environ=env(HTTPS_PROXY=dead, **{name: no_proxy}),
                      endpoint=endpoint)
            assert p.returncode == 0, (no_proxy, p.stderr)
            assert b"proxy: none (direct)" in p.stderr, p.stderr
    # an entry that does not match keeps the proxy (and so fails on the dead one)
    p = rmqdr(environ=env(HTTPS_PROXY=dead, NO_PROXY="otherhost,10.0.0.0/8"))
    assert p.returncode == 4, p.stderr


def test_bad_proxy_url_is_usage_error():
    for url in ("socks5://127.0.0.1:1080", "http://:8080", "http://127.0.0.1:99999"):
        p = rmqdr("--proxy", url)
        assert p.returncode == 2, (url, p.returncode, p.stderr)
        assert b"proxy" in p.stderr


def test_no_proxy_password_in_any_output():
    """Runs last: scans every output above."""
    assert len(OUTPUTS) > 15, len(OUTPUTS)
    for out in OUTPUTS:
        assert PROXY_PASS.encode() not in out
        assert b"cHJveHktcGFzcy" not in out  # nor its Base64 form


def main():
    if shutil.which("tinyproxy") is None:
        print("FAIL tinyproxy is not installed (tools/deps/install.sh installs it)")
        print("0 passed, 1 failed")
        return 1
    return runner.report(*runner.run_tests(globals(), last="test_no_proxy_password_in_any_output",
                                           reset=False))


if __name__ == "__main__":
    sys.exit(main())
