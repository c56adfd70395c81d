/*
 * TLS transport against real OpenSSL servers (`openssl s_server -rev`, which
 * answers each line reversed) and against raw TCP servers in a thread that
 * misbehave on purpose.
 *
 * Certificates are made at run time with the openssl CLI in a temporary
 * directory that is removed afterwards; no key is ever committed:
 *   ca        trusted test CA             other     a CA the client never trusts
 *   good      SAN localhost, by ca        wrongsan  CN=localhost, SAN other.example
 *   expired   valid Jan 2020 only, by ca  self      self-signed, SAN localhost
 * The expired one is issued with `openssl ca -startdate/-enddate`, since
 * `openssl x509 -days` cannot place a certificate in the past.
 *
 * Every negative case checks the exact mbedTLS finding (verify flags or
 * error code), so it cannot pass by failing for another reason, and checks
 * through a spy under the TLS layer that the connection was closed in
 * connect() and that nothing more was written.
 *
 * Names ending in ".rmqdr-test" resolve to 127.0.0.1 (getaddrinfo is
 * interposed), giving a DNS name that reaches the servers but is not theirs.
 */
#define _GNU_SOURCE /* RTLD_NEXT, prctl */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/pk.h>
#include <mbedtls/version.h>

#include "rmqdr/port_posix.h"
#include "rmqdr/tls_mbedtls.h"

/* ---- name interposition ---- */

typedef int (*gai_fn)(const char *, const char *, const struct addrinfo *,
                      struct addrinfo **);

int getaddrinfo(const char *node, const char *service,
                const struct addrinfo *hints, struct addrinfo **res)
{
    static const char suffix[] = ".rmqdr-test";
    size_t n = node != NULL ? strlen(node) : 0;
    if (n >= sizeof suffix - 1 && strcmp(node + n - (sizeof suffix - 1), suffix) == 0) {
        node = "127.0.0.1";
    }
    /* POSIX guarantees dlsym results convert; ISO C needs the memcpy. */
    void *sym = dlsym(RTLD_NEXT, "getaddrinfo");
    gai_fn real;
    memcpy(&real, &sym, sizeof real);
    return real(node, service, hints, res);
}

/* ---- utilities ---- */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char tmpdir[64];

static const char *path_of(const char *name)
{
    static char paths[4][128];
    static unsigned next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s/%s", tmpdir, name);
    return p;
}

/* Whole file into buf; with nul, a terminating NUL is appended and counted
 * (the form mbedTLS wants for PEM). */
static size_t read_file(const char *name, uint8_t *buf, size_t cap, bool nul)
{
    FILE *f = fopen(path_of(name), "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    assert_true(n > 0 && n < cap - 1);
    if (nul) {
        buf[n++] = 0;
    }
    return n;
}

/* Run argv with stdout/stderr to log (or inherited); returns exit status. */
static int run(char *const argv[], const char *log)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (log != NULL) {
            int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd >= 0) {
                dup2(fd, 1);
                dup2(fd, 2);
                close(fd);
            }
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- certificates ---- */

static const char gen_script[] =
    "set -e\n"
    "cd \"$1\"\n"
    "ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out \"$1\"; }\n"
    "ca() {\n"
    "  ec \"$1.key\"\n"
    "  openssl req -x509 -new -key \"$1.key\" -out \"$1.crt\" -subj \"/CN=$2\" -days 3 \\\n"
    "    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign\n"
    "}\n"
    "ca ca 'rmqdr test CA'\n"
    "ca other 'rmqdr other CA'\n"
    "leaf() {\n"
    "  ec \"$1.key\"\n"
    "  openssl req -new -key \"$1.key\" -out \"$1.csr\" -subj \"/CN=$3\"\n"
    "  printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature\\n"
    "extendedKeyUsage=serverAuth\\nsubjectAltName=%s\\n' \"$2\" > \"$1.ext\"\n"
    "  openssl x509 -req -in \"$1.csr\" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \\\n"
    "    -extfile \"$1.ext\" -out \"$1.crt\"\n"
    "}\n"
    "leaf good DNS:localhost localhost\n"
    "leaf ip IP:127.0.0.1,IP:::1 'rmqdr ip'\n"
    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key\n"
    "openssl req -new -key rsa.key -out rsa.csr -subj /CN=localhost\n"
    "openssl x509 -req -in rsa.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \\\n"
    "  -extfile good.ext -out rsa.crt\n"

    "leaf wrongsan DNS:other.example localhost\n"
    "ec self.key\n"
    "openssl req -x509 -new -key self.key -out self.crt -subj /CN=localhost -days 2 \\\n"
    "  -addext subjectAltName=DNS:localhost -addext basicConstraints=critical,CA:FALSE\n"
    "ec expired.key\n"
    "openssl req -new -key expired.key -out expired.csr -subj /CN=localhost\n"
    "mkdir db\n"
    ": > db/index.txt\n"
    "echo 1000 > db/serial\n"
    "cat > ca.cnf <<EOF\n"
    "[ca]\n"
    "default_ca = test\n"
    "[test]\n"
    "database = db/index.txt\n"
    "serial = db/serial\n"
    "new_certs_dir = db\n"
    "certificate = ca.crt\n"
    "private_key = ca.key\n"
    "default_md = sha256\n"
    "policy = any\n"
    "unique_subject = no\n"
    "x509_extensions = leaf\n"
    "[any]\n"
    "commonName = supplied\n"
    "[leaf]\n"
    "basicConstraints = CA:FALSE\n"
    "keyUsage = critical,digitalSignature\n"
    "extendedKeyUsage = serverAuth\n"
    "subjectAltName = DNS:localhost\n"
    "EOF\n"
    "openssl ca -batch -config ca.cnf -notext -startdate 20200101000000Z \\\n"
    "  -enddate 20200201000000Z -in expired.csr -out expired.crt\n"
    "openssl x509 -in ca.crt -outform DER -out ca.der\n";

/* ---- openssl s_server instances ---- */

enum {
    SRV_GOOD, SRV_EXPIRED, SRV_SELF, SRV_WRONGSAN, SRV_TLS11, SRV_TLS12, SRV_FRAG, SRV_IP,
    SRV_RSA, SRV_RSA12, SRV_COUNT
};

/* Protocol options of a server: OpenSSL's default (TLS 1.3 and 1.2), TLS
 * 1.1 only, TLS 1.2 only, or TLS 1.2 with every record at most 512 bytes,
 * so the certificate message spans several records. */
typedef enum { PROTO_DEFAULT, PROTO_TLS11, PROTO_TLS12, PROTO_FRAG512 } proto_t;

typedef struct {
    const char *cert;
    proto_t proto;
    pid_t pid;
    uint16_t port;
    char log[128];
} server_t;

static server_t servers[SRV_COUNT] = {
    [SRV_GOOD] = {"good", PROTO_DEFAULT, 0, 0, ""},
    [SRV_EXPIRED] = {"expired", PROTO_DEFAULT, 0, 0, ""},
    [SRV_SELF] = {"self", PROTO_DEFAULT, 0, 0, ""},
    [SRV_WRONGSAN] = {"wrongsan", PROTO_DEFAULT, 0, 0, ""},
    [SRV_TLS11] = {"good", PROTO_TLS11, 0, 0, ""},
    [SRV_TLS12] = {"good", PROTO_TLS12, 0, 0, ""},
    [SRV_FRAG] = {"good", PROTO_FRAG512, 0, 0, ""},
    [SRV_IP] = {"ip", PROTO_DEFAULT, 0, 0, ""},
    [SRV_RSA] = {"rsa", PROTO_DEFAULT, 0, 0, ""},
    [SRV_RSA12] = {"rsa", PROTO_TLS12, 0, 0, ""},
};

static void server_start(server_t *s)
{
    char cert[128], key[128];
    snprintf(cert, sizeof cert, "%s/%s.crt", tmpdir, s->cert);
    snprintf(key, sizeof key, "%s/%s.key", tmpdir, s->cert);
    snprintf(s->log, sizeof s->log, "%s/server-%d.log", tmpdir, (int)(s - servers));
    pid_t parent = getpid();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* Never outlive the test, even if it crashes. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) {
            _exit(1);
        }
        int fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (fd < 0 || in < 0) {
            _exit(1);
        }
        dup2(in, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (s->proto == PROTO_TLS11) {
            /* OpenSSL 3 refuses TLS < 1.2 above security level 0. */
            execlp("openssl", "openssl", "s_server", "-accept", "0", "-cert", cert,
                   "-key", key, "-rev", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0",
                   (char *)NULL);
        } else if (s->proto == PROTO_TLS12) {
            execlp("openssl", "openssl", "s_server", "-accept", "0", "-cert", cert,
                   "-key", key, "-rev", "-tls1_2", (char *)NULL);
        } else if (s->proto == PROTO_FRAG512) {
            /* The CA goes along (-cert_chain) so the Certificate message
             * (about 1 KB) needs several 512-byte records. */
            char chain[128];
            snprintf(chain, sizeof chain, "%s/ca.crt", tmpdir);
            execlp("openssl", "openssl", "s_server", "-accept", "0", "-cert", cert,
                   "-key", key, "-cert_chain", chain, "-rev", "-tls1_2", "-max_send_frag",
                   "512", (char *)NULL);
        } else {
            execlp("openssl", "openssl", "s_server", "-accept", "0", "-cert", cert,
                   "-key", key, "-rev", (char *)NULL);
        }
        _exit(127);
    }
    s->pid = pid;
}

/* s_server prints "ACCEPT [::]:PORT" once it listens on the port it chose. */
static void server_wait_port(server_t *s)
{
    int64_t end = mono_ms() + 10000;
    while (mono_ms() < end) {
        FILE *f = fopen(s->log, "r");
        if (f != NULL) {
            char line[256];
            while (fgets(line, sizeof line, f) != NULL) {
                if (strncmp(line, "ACCEPT", 6) == 0) {
                    char *colon = strrchr(line, ':');
                    if (colon != NULL) {
                        long port = strtol(colon + 1, NULL, 10);
                        if (port > 0 && port < 65536) {
                            s->port = (uint16_t)port;
                            fclose(f);
                            return;
                        }
                    }
                }
            }
            fclose(f);
        }
        usleep(10000);
    }
    fail_msg("openssl s_server (%s) did not start; see %s", s->cert, s->log);
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rmqdr-tls-XXXXXX");
    if (mkdtemp(tmpdir) == NULL) {
        return -1;
    }
    char *gen[] = {"sh", "-c", (char *)gen_script, "sh", tmpdir, NULL};
    if (run(gen, path_of("gen.log")) != 0) {
        fprintf(stderr, "certificate generation failed; see %s/gen.log\n", tmpdir);
        return -1;
    }
    for (int i = 0; i < SRV_COUNT; i++) {
        server_start(&servers[i]);
    }
    for (int i = 0; i < SRV_COUNT; i++) {
        server_wait_port(&servers[i]);
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    for (int i = 0; i < SRV_COUNT; i++) {
        if (servers[i].pid > 0) {
            kill(servers[i].pid, SIGCONT);
            kill(servers[i].pid, SIGTERM);
            waitpid(servers[i].pid, NULL, 0);
            servers[i].pid = 0;
        }
    }
    if (tmpdir[0] != '\0' && getenv("RMQDR_KEEP_TLS_DIR") == NULL) {
        char *rm[] = {"rm", "-rf", tmpdir, NULL};
        run(rm, NULL);
    }
    return 0;
}

/* ---- spy transport under TLS ---- */

typedef struct {
    rmqdr_transport_t inner;
    size_t bytes_sent;
    unsigned connects;
    unsigned closes;
} spy_t;

static rmqdr_status_t spy_connect(void *ctx, const char *host, uint16_t port, uint32_t t)
{
    spy_t *s = ctx;
    s->connects++;
    return s->inner.connect(s->inner.ctx, host, port, t);
}

static rmqdr_status_t spy_send(void *ctx, const uint8_t *b, size_t n, size_t *sent, uint32_t t)
{
    spy_t *s = ctx;
    rmqdr_status_t st = s->inner.send(s->inner.ctx, b, n, sent, t);
    if (st == RMQDR_OK) {
        s->bytes_sent += *sent;
    }
    return st;
}

static rmqdr_status_t spy_recv(void *ctx, uint8_t *b, size_t n, size_t *got, uint32_t t)
{
    spy_t *s = ctx;
    return s->inner.recv(s->inner.ctx, b, n, got, t);
}

static void spy_close(void *ctx)
{
    spy_t *s = ctx;
    s->closes++;
    s->inner.close(s->inner.ctx);
}

static void spy_last_error(void *ctx, int32_t *os_error, int32_t *tls_error)
{
    spy_t *s = ctx;
    s->inner.last_error(s->inner.ctx, os_error, tls_error);
}

/* ---- client fixture ---- */

static unsigned random_calls;
static bool random_fails;

static rmqdr_status_t counting_random(void *ctx, uint8_t *buf, size_t len)
{
    random_calls++;
    if (random_fails) {
        return RMQDR_ERR_PORT_RANDOM;
    }
    return rmqdr_posix_random(ctx, buf, len);
}

typedef struct {
    rmqdr_posix_socket_t sock;
    spy_t spy;
    rmqdr_transport_t lower;
    rmqdr_platform_t pf;
    rmqdr_tls_t tls;
    rmqdr_transport_t t;
} client_t;

static client_t C;

static rmqdr_status_t client_init(const char *ca_file, const uint8_t *ca_buf, size_t ca_len)
{
    memset(&C, 0, sizeof C);
    rmqdr_posix_transport_init(&C.spy.inner, &C.sock);
    C.lower.connect = spy_connect;
    C.lower.send = spy_send;
    C.lower.recv = spy_recv;
    C.lower.close = spy_close;
    C.lower.last_error = spy_last_error;
    C.lower.ctx = &C.spy;
    rmqdr_posix_platform_init(&C.pf);
    C.pf.random = counting_random;
    random_calls = 0;
    random_fails = false;
    rmqdr_tls_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ca_file = ca_file;
    cfg.ca_buf = ca_buf;
    cfg.ca_len = ca_len;
    cfg.platform = &C.pf;
    rmqdr_status_t st = rmqdr_tls_init(&C.tls, &C.lower, &cfg);
    rmqdr_tls_transport_init(&C.t, &C.tls);
    return st;
}

static void client_init_ok(void)
{
    assert_int_equal(client_init(path_of("ca.crt"), NULL, 0), RMQDR_OK);
}

static int client_teardown(void **state)
{
    (void)state;
    rmqdr_tls_free(&C.tls);
    return 0;
}

static void send_all(const void *data, size_t len)
{
    const uint8_t *p = data;
    size_t done = 0;
    while (done < len) {
        size_t n = 0;
        assert_int_equal(C.t.send(C.t.ctx, &p[done], len - done, &n, 2000), RMQDR_OK);
        assert_true(n > 0);
        done += n;
    }
}

/* Read through the next '\n' into buf (NUL-terminated). */
static size_t recv_line(char *buf, size_t cap)
{
    size_t len = 0;
    while (len == 0 || buf[len - 1] != '\n') {
        assert_true(len < cap - 1);
        size_t n = 0;
        /* One byte at a time keeps bytes of the next line in mbedTLS. */
        assert_int_equal(C.t.recv(C.t.ctx, (uint8_t *)&buf[len], 1, &n, 3000), RMQDR_OK);
        assert_int_equal(n, 1);
        len++;
    }
    buf[len] = '\0';
    return len;
}

static void echo(const char *text)
{
    char line[256], want[256], got[256];
    size_t n = strlen(text);
    assert_true(n + 2 < sizeof line);
    snprintf(line, sizeof line, "%s\n", text);
    for (size_t i = 0; i < n; i++) {
        want[i] = text[n - 1 - i];
    }
    want[n] = '\n';
    want[n + 1] = '\0';
    send_all(line, n + 1);
    recv_line(got, sizeof got);
    assert_string_equal(got, want);
}

static rmqdr_status_t connect_to(const char *host, int srv)
{
    return C.t.connect(C.t.ctx, host, servers[srv].port, 5000);
}

/*
 * A rejected handshake: exact status, and the connection was torn down in
 * connect() with nothing written after it; further sends are refused.
 */
static void expect_rejected(rmqdr_status_t got, rmqdr_status_t want)
{
    assert_int_equal(got, want);
    assert_int_equal(C.spy.connects, 1);
    assert_int_equal(C.spy.closes, 1);
    assert_int_equal(C.sock.fd, -1);
    assert_false(C.tls.connected);
    assert_int_equal(C.tls.full_handshakes + C.tls.resumed_handshakes, 0);
    size_t wire = C.spy.bytes_sent;
    assert_true(wire > 0); /* the ClientHello, at least */
    size_t n = 9;
    assert_int_equal(C.t.send(C.t.ctx, (const uint8_t *)"GET /\r\n", 7, &n, 100),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(n, 0);
    assert_int_equal(C.spy.bytes_sent, wire);
}

static void expect_reason_contains(const char *part)
{
    char reason[512];
    size_t n = rmqdr_tls_error_reason(&C.tls, reason, sizeof reason);
    assert_int_equal(n, strlen(reason));
    if (strstr(reason, part) == NULL) {
        fail_msg("reason \"%s\" lacks \"%s\"", reason, part);
    }
}

/* ---- successful connections ---- */

static void test_handshake_and_echo(void **state)
{
    (void)state;
    client_init_ok();
    assert_true(random_calls > 0); /* the DRBG was seeded from the hook */
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    assert_true(C.tls.connected);
    assert_int_equal(C.tls.full_handshakes, 1);
    assert_int_equal(C.tls.resumed_handshakes, 0);
    assert_int_equal(rmqdr_tls_last_error(&C.tls), 0);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), 0);
    echo("hello rmqdr");
    echo("GET /disaster_recovery HTTP/1.1");
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    /* OpenSSL's default server speaks 1.3, which 3.6 offers first. */
    assert_string_equal(rmqdr_tls_protocol(&C.tls), "TLSv1.3");
#else
    assert_string_equal(rmqdr_tls_protocol(&C.tls), "TLSv1.2");
#endif
    C.t.close(C.t.ctx);
    assert_false(C.tls.connected);
    assert_int_equal(C.spy.closes, 1);
    assert_int_equal(C.sock.fd, -1);
    uint8_t b[4];
    size_t n = 5;
    assert_int_equal(C.t.recv(C.t.ctx, b, sizeof b, &n, 10), RMQDR_ERR_BAD_ARGUMENT);
    C.t.close(C.t.ctx); /* closing twice is harmless */
}

static void test_ca_from_pem_buffer(void **state)
{
    (void)state;
    static uint8_t pem[8192];
    size_t len = read_file("ca.crt", pem, sizeof pem, true);
    assert_int_equal(client_init(NULL, pem, len), RMQDR_OK);
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    echo("pem in memory");
}

static void test_ca_from_der_buffer(void **state)
{
    (void)state;
    static uint8_t der[8192];
    size_t len = read_file("ca.der", der, sizeof der, false);
    assert_int_equal(client_init(NULL, der, len), RMQDR_OK);
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    echo("der in memory");
}

static void test_many_records(void **state)
{
    (void)state;
    client_init_ok();
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    /* 120 KB in one send loop: several 16 KiB records out, many back. */
    enum { LINES = 120, WIDTH = 1000 };
    static char out[LINES * (WIDTH + 1)];
    for (size_t l = 0; l < LINES; l++) {
        for (size_t i = 0; i < WIDTH; i++) {
            out[l * (WIDTH + 1) + i] = (char)('a' + (l + i * 3) % 26);
        }
        out[l * (WIDTH + 1) + WIDTH] = '\n';
    }
    send_all(out, sizeof out);
    static char in[sizeof out];
    size_t got = 0;
    while (got < sizeof in) {
        size_t n = 0;
        assert_int_equal(C.t.recv(C.t.ctx, (uint8_t *)&in[got], sizeof in - got, &n, 3000),
                         RMQDR_OK);
        got += n;
    }
    for (size_t l = 0; l < LINES; l++) {
        const char *o = &out[l * (WIDTH + 1)];
        const char *r = &in[l * (WIDTH + 1)];
        for (size_t i = 0; i < WIDTH; i++) {
            assert_int_equal(r[i], o[WIDTH - 1 - i]);
        }
        assert_int_equal(r[WIDTH], '\n');
    }
}

static void test_recv_timeout_keeps_connection(void **state)
{
    (void)state;
    client_init_ok();
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    uint8_t b[16];
    size_t n = 3;
    int64_t t0 = mono_ms();
    assert_int_equal(C.t.recv(C.t.ctx, b, sizeof b, &n, 150), RMQDR_ERR_TIMEOUT);
    int64_t el = mono_ms() - t0;
    assert_int_equal(n, 0);
    assert_true(el >= 140 && el < 1000);
    echo("still there");
}

static void test_peer_close(void **state)
{
    (void)state;
    client_init_ok();
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    /* s_server -rev ends the connection when it reads this line. */
    send_all("CLOSE\n", 6);
    uint8_t b[64];
    size_t n = 0;
    rmqdr_status_t st;
    do {
        st = C.t.recv(C.t.ctx, b, sizeof b, &n, 3000);
    } while (st == RMQDR_OK);
    assert_int_equal(st, RMQDR_ERR_CLOSED);
    assert_int_equal(n, 0);
}

/* The stream of test_send_timeout_resumes_record: 1000-byte lines. */
#define LINE_LEN 1000U
static char stream_byte(size_t pos)
{
    size_t line = pos / LINE_LEN, col = pos % LINE_LEN;
    return col == LINE_LEN - 1U ? '\n' : (char)('A' + (line * 7U + col) % 26U);
}

/* What s_server -rev sends back at pos: each line reversed. */
static char echo_byte(size_t pos)
{
    size_t col = pos % LINE_LEN;
    if (col == LINE_LEN - 1U) {
        return '\n';
    }
    return stream_byte(pos - col + (LINE_LEN - 2U - col));
}

static void test_send_timeout_resumes_record(void **state)
{
    (void)state;
    client_init_ok();
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    /* A stopped server reads nothing: sends must time out, some in the
     * middle of a record (write_pending set). Then it resumes, and each
     * retry re-offers the same bytes; the server's MAC checks and the
     * reversed lines coming back prove the stream was not damaged. */
    static uint8_t out[16384], in[16384];
    size_t sent = 0, got = 0, target = 0, calls = 0, last_timed_out = 0;
    unsigned timeouts = 0;
    bool pending_seen = false;
    assert_int_equal(kill(servers[SRV_GOOD].pid, SIGSTOP), 0);
    bool stopped = true;
    int64_t end = mono_ms() + 15000;
    while ((target == 0 || got < target) && mono_ms() < end) {
        if (target == 0 || sent < target) {
            /* Sizes vary, and a retry may offer more than the call that
             * timed out (never less): the count reported must still be
             * what really went into the record. */
            calls++;
            size_t want = 1000U + (calls * 7919U) % (sizeof out - 1000U);
            if (last_timed_out > want) {
                want = last_timed_out;
            }
            if (target != 0 && target - sent < last_timed_out) {
                target = (sent + last_timed_out + LINE_LEN - 1U) / LINE_LEN * LINE_LEN;
            }
            if (target != 0 && target - sent < want) {
                want = target - sent;
            }
            for (size_t i = 0; i < want; i++) {
                out[i] = (uint8_t)stream_byte(sent + i);
            }
            size_t n = 0;
            rmqdr_status_t st = C.t.send(C.t.ctx, out, want, &n, stopped ? 30 : 200);
            if (st == RMQDR_OK) {
                sent += n;
                last_timed_out = 0;
            } else {
                assert_int_equal(st, RMQDR_ERR_TIMEOUT);
                assert_int_equal(n, 0);
                last_timed_out = want;
                timeouts++;
                pending_seen = pending_seen || C.tls.write_pending != 0;
            }
            if (stopped && (timeouts >= 3 || sent > 256U * 1024U * 1024U)) {
                kill(servers[SRV_GOOD].pid, SIGCONT);
                stopped = false;
                /* Some more after the stall, ending on a line boundary. */
                target = (sent / LINE_LEN + 200U) * LINE_LEN;
            }
        }
        if (stopped) {
            continue;
        }
        size_t n = 0;
        rmqdr_status_t st = C.t.recv(C.t.ctx, in, sizeof in, &n, sent < target ? 0 : 2000);
        if (st == RMQDR_OK) {
            for (size_t i = 0; i < n; i++) {
                if (in[i] != (uint8_t)echo_byte(got + i)) {
                    fail_msg("echo byte %zu differs", got + i);
                }
            }
            got += n;
        } else {
            assert_int_equal(st, RMQDR_ERR_TIMEOUT);
        }
    }
    if (stopped) {
        kill(servers[SRV_GOOD].pid, SIGCONT);
    }
    assert_true(timeouts >= 3);
    assert_true(pending_seen);
    assert_int_equal(got, target);
}

/* ---- session resumption ---- */

static void test_session_resumption(void **state)
{
    (void)state;
    client_init_ok();
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    echo("first");
    C.t.close(C.t.ctx);
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    assert_int_equal(C.tls.full_handshakes, 1);
    assert_int_equal(C.tls.resumed_handshakes, 1);
    echo("second, resumed");
    C.t.close(C.t.ctx);
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    assert_int_equal(C.tls.resumed_handshakes, 2);
    C.t.close(C.t.ctx);

    /* Forgotten: full again. */
    rmqdr_tls_forget_session(&C.tls);
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    assert_int_equal(C.tls.full_handshakes, 2);
    assert_int_equal(C.tls.resumed_handshakes, 2);
    echo("third, full");
    /* connect while connected closes first, then resumes */
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    assert_int_equal(C.tls.resumed_handshakes, 3);
    echo("fourth");
}

static void test_session_not_offered_to_other_host(void **state)
{
    (void)state;
    client_init_ok();
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    echo("a TLS 1.3 ticket arrives after the handshake");
    C.t.close(C.t.ctx);
    assert_true(C.tls.have_session);
    /* Same server and port under another name. Resuming would skip the
     * certificate and so the name check; the session must not be offered,
     * and the full handshake must then fail on the name. */
    C.spy.connects = 0;
    C.spy.closes = 0;
    C.spy.bytes_sent = 0;
    rmqdr_status_t st = connect_to("impostor.rmqdr-test", SRV_GOOD);
    assert_int_equal(st, RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_CN_MISMATCH);
    assert_int_equal(C.tls.resumed_handshakes, 0);
    assert_int_equal(C.tls.full_handshakes, 1);
}

/* ---- certificate and protocol rejections ---- */

static void test_untrusted_ca(void **state)
{
    (void)state;
    static uint8_t pem[8192];
    size_t len = read_file("other.crt", pem, sizeof pem, true);
    assert_int_equal(client_init(NULL, pem, len), RMQDR_OK);
    expect_rejected(connect_to("localhost", SRV_GOOD), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_NOT_TRUSTED);
    assert_int_equal(rmqdr_tls_last_error(&C.tls), MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);
    expect_reason_contains("trusted CA");
    expect_reason_contains("-0x2700");
}

static void test_wrong_host_name(void **state)
{
    (void)state;
    client_init_ok();
    expect_rejected(connect_to("impostor.rmqdr-test", SRV_GOOD), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_CN_MISMATCH);
    expect_reason_contains("Common Name");
    /* An address literal is not the certificate's name either. */
    C.spy.connects = 0;
    C.spy.closes = 0;
    assert_int_equal(connect_to("127.0.0.1", SRV_GOOD), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_CN_MISMATCH);
    /* And the right name on the same context still works afterwards. */
    assert_int_equal(connect_to("localhost", SRV_GOOD), RMQDR_OK);
    echo("right name");
}

static void test_expired_certificate(void **state)
{
    (void)state;
    client_init_ok();
    expect_rejected(connect_to("localhost", SRV_EXPIRED), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_EXPIRED);
    expect_reason_contains("expired");
}

static void test_self_signed_leaf(void **state)
{
    (void)state;
    client_init_ok();
    expect_rejected(connect_to("localhost", SRV_SELF), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_NOT_TRUSTED);
}

static void test_san_without_host(void **state)
{
    (void)state;
    client_init_ok();
    /* CN says localhost, but a SAN is present and only SANs count. */
    expect_rejected(connect_to("localhost", SRV_WRONGSAN), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_CN_MISMATCH);
}

static void test_tls11_server_refused(void **state)
{
    (void)state;
    client_init_ok();
    expect_rejected(connect_to("localhost", SRV_TLS11), RMQDR_ERR_TLS_HANDSHAKE);
#if defined(MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION) /* 2.28 */
    assert_int_equal(rmqdr_tls_last_error(&C.tls), MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION);
    expect_reason_contains("min/max");
#else
    /* 3.6 offers 1.3 and 1.2 (supported_versions); the 1.1 server answers
     * with a protocol_version alert. */
    assert_int_equal(rmqdr_tls_last_error(&C.tls), MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE);
    expect_reason_contains("fatal alert");
#endif
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), 0);
}

/* ---- protocol versions, IP addresses, fragmented handshakes ---- */

/* TLS 1.2 session resumption (session ID or ticket) against a 1.2-only
 * server; the 1.3 case (tickets after the handshake) is
 * test_session_resumption against OpenSSL's default. */
static void test_session_resumption_tls12(void **state)
{
    (void)state;
    client_init_ok();
    assert_int_equal(connect_to("localhost", SRV_TLS12), RMQDR_OK);
    assert_string_equal(rmqdr_tls_protocol(&C.tls), "TLSv1.2");
    echo("tls 1.2");
    C.t.close(C.t.ctx);
    assert_true(C.tls.have_session);
    assert_int_equal(connect_to("localhost", SRV_TLS12), RMQDR_OK);
    assert_int_equal(C.tls.full_handshakes, 1);
    assert_int_equal(C.tls.resumed_handshakes, 1);
    echo("tls 1.2, resumed");
}

/* A certificate for IP:127.0.0.1 and IP:::1 (no DNS name) reached by
 * address: the address literal must match the iPAddress SAN (RFC 5280
 * 4.2.1.6), in both families. mbedTLS 2.28 compares names only: there it
 * must fail as a name mismatch, never pass. */
static void test_ip_address_san(void **state)
{
    (void)state;
    client_init_ok();
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    assert_int_equal(connect_to("127.0.0.1", SRV_IP), RMQDR_OK);
    echo("ipv4 literal");
    assert_int_equal(connect_to("::1", SRV_IP), RMQDR_OK);
    echo("ipv6 literal");
    /* Another address is not in the certificate (fresh context). */
    client_teardown(NULL);
    client_init_ok();
    expect_rejected(connect_to("127.0.0.2", SRV_IP), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_CN_MISMATCH);
    /* Nor is a DNS name that resolves to the right address. */
    C.spy.connects = 0;
    C.spy.closes = 0;
    expect_rejected(connect_to("localhost", SRV_IP), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_CN_MISMATCH);
#else
    expect_rejected(connect_to("127.0.0.1", SRV_IP), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_CN_MISMATCH);
#endif
}

/* Every server record at most 512 bytes and the chain sent with its CA, so
 * the Certificate message spans several records (RFC 5246 6.2.1 allows it). 3.6 reassembles; 2.28 cannot
 * (the issue's -0x7080) and must fail cleanly before any request byte. */
static void test_fragmented_handshake(void **state)
{
    (void)state;
    client_init_ok();
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    rmqdr_status_t st = connect_to("localhost", SRV_FRAG);
    if (st != RMQDR_OK) {
        char why[256];
        rmqdr_tls_error_reason(&C.tls, why, sizeof why);
        fail_msg("fragmented handshake: %s: %s", rmqdr_status_name(st), why);
    }
    assert_string_equal(rmqdr_tls_protocol(&C.tls), "TLSv1.2");
    echo("handshake messages in 512-byte records");
#else
    expect_rejected(connect_to("localhost", SRV_FRAG), RMQDR_ERR_TLS_HANDSHAKE);
    assert_int_equal(rmqdr_tls_last_error(&C.tls), MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE);
#endif
}

/* An RSA leaf, on TLS 1.3 (RSA-PSS CertificateVerify) and on a 1.2-only
 * server (the ServerKeyExchange signature scheme is the client's first
 * RSA choice, which must be one the 1.2 code verifies). */
static void test_rsa_leaf_both_versions(void **state)
{
    (void)state;
    client_init_ok();
    assert_int_equal(connect_to("localhost", SRV_RSA12), RMQDR_OK);
    assert_string_equal(rmqdr_tls_protocol(&C.tls), "TLSv1.2");
    echo("rsa over tls 1.2");
    C.t.close(C.t.ctx);
    assert_int_equal(connect_to("localhost", SRV_RSA), RMQDR_OK);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    assert_string_equal(rmqdr_tls_protocol(&C.tls), "TLSv1.3");
#endif
    echo("rsa over the newest version");
}

/* ---- transport last_error hook ---- */

static void test_last_error_hook(void **state)
{
    (void)state;
    client_init_ok();
    assert_non_null(C.t.last_error);
    int32_t os_error = -1, tls_error = -1;
    C.t.last_error(C.t.ctx, &os_error, &tls_error);
    assert_int_equal(os_error, 0);
    assert_int_equal(tls_error, 0);

    /* A verification failure: the mbedTLS code, no socket error. */
    assert_int_equal(connect_to("localhost", SRV_EXPIRED), RMQDR_ERR_TLS_VERIFY);
    C.t.last_error(C.t.ctx, &os_error, &tls_error);
    assert_int_equal(tls_error, MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);
    assert_int_equal(os_error, 0);

    /* A closed loopback port: the socket's errno comes through TLS. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    /* Bound, never listening: the port refuses and stays ours. */
    assert_int_equal(C.t.connect(C.t.ctx, "127.0.0.1", ntohs(a.sin_port), 2000),
                     RMQDR_ERR_CONNECT);
    close(fd);
    C.t.last_error(C.t.ctx, &os_error, &tls_error);
    assert_int_equal(os_error, ECONNREFUSED);
    assert_int_equal(tls_error, 0);
    /* NULL outputs are allowed. */
    C.t.last_error(C.t.ctx, NULL, NULL);
}

/* ---- raw TCP peers that misbehave ---- */

typedef enum { RAW_SILENT, RAW_HANGUP, RAW_RESET, RAW_HTTP, RAW_TRICKLE } raw_mode_t;

typedef struct {
    int lfd;
    uint16_t port;
    raw_mode_t mode;
    pthread_t thread;
} raw_server_t;

static void raw_drain_until_eof(int fd)
{
    uint8_t b[4096];
    while (recv(fd, b, sizeof b, 0) > 0) {
    }
}

static void *raw_main(void *arg)
{
    raw_server_t *s = arg;
    int fd = accept(s->lfd, NULL, NULL);
    if (fd < 0) {
        return NULL;
    }
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (s->mode != RAW_SILENT) {
        uint8_t hello[4096];
        (void)recv(fd, hello, sizeof hello, 0); /* the ClientHello */
    }
    switch (s->mode) {
    case RAW_SILENT:
        raw_drain_until_eof(fd);
        break;
    case RAW_HANGUP:
        shutdown(fd, SHUT_WR);
        raw_drain_until_eof(fd);
        break;
    case RAW_RESET: {
        struct linger lg = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        break;
    }
    case RAW_HTTP: {
        static const char resp[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
        (void)send(fd, resp, sizeof resp - 1, MSG_NOSIGNAL);
        raw_drain_until_eof(fd);
        break;
    }
    case RAW_TRICKLE: {
        /* A handshake record header announcing 12 KiB, then one byte per
         * 40 ms: every read makes progress, so only an overall deadline
         * can end the handshake in time. */
        static const uint8_t header[] = {0x16, 0x03, 0x03, 0x30, 0x00};
        (void)send(fd, header, sizeof header, MSG_NOSIGNAL);
        int64_t end = mono_ms() + 5000;
        while (mono_ms() < end) {
            usleep(40000);
            if (send(fd, "\x02", 1, MSG_NOSIGNAL) != 1) {
                break;
            }
        }
        break;
    }
    }
    close(fd);
    return NULL;
}

static void raw_start(raw_server_t *s, raw_mode_t mode)
{
    memset(s, 0, sizeof *s);
    s->mode = mode;
    s->lfd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s->lfd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(s->lfd, 4), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&a, &len), 0);
    s->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&s->thread, NULL, raw_main, s), 0);
}

static void raw_stop(raw_server_t *s)
{
    pthread_join(s->thread, NULL);
    close(s->lfd);
}

static void test_handshake_timeout_silent_server(void **state)
{
    (void)state;
    raw_server_t s;
    raw_start(&s, RAW_SILENT);
    client_init_ok();
    int64_t t0 = mono_ms();
    rmqdr_status_t st = C.t.connect(C.t.ctx, "localhost", s.port, 300);
    int64_t el = mono_ms() - t0;
    expect_rejected(st, RMQDR_ERR_TIMEOUT);
    assert_true(el >= 290 && el < 1000);
    expect_reason_contains("RMQDR_ERR_TIMEOUT");
    raw_stop(&s);
}

static void test_handshake_deadline_trickle(void **state)
{
    (void)state;
    raw_server_t s;
    raw_start(&s, RAW_TRICKLE);
    client_init_ok();
    int64_t t0 = mono_ms();
    rmqdr_status_t st = C.t.connect(C.t.ctx, "localhost", s.port, 400);
    int64_t el = mono_ms() - t0;
    expect_rejected(st, RMQDR_ERR_TIMEOUT);
    assert_true(el >= 390 && el < 900);
    raw_stop(&s);
}

static void test_server_hangs_up(void **state)
{
    (void)state;
    raw_server_t s;
    raw_start(&s, RAW_HANGUP);
    client_init_ok();
    expect_rejected(C.t.connect(C.t.ctx, "localhost", s.port, 3000), RMQDR_ERR_TLS_HANDSHAKE);
    assert_int_equal(rmqdr_tls_last_error(&C.tls), MBEDTLS_ERR_SSL_CONN_EOF);
    raw_stop(&s);
}

static void test_server_resets(void **state)
{
    (void)state;
    raw_server_t s;
    raw_start(&s, RAW_RESET);
    client_init_ok();
    expect_rejected(C.t.connect(C.t.ctx, "localhost", s.port, 3000), RMQDR_ERR_RESET);
    expect_reason_contains("RMQDR_ERR_RESET");
    raw_stop(&s);
}

static void test_server_speaks_http(void **state)
{
    (void)state;
    raw_server_t s;
    raw_start(&s, RAW_HTTP);
    client_init_ok();
    expect_rejected(C.t.connect(C.t.ctx, "localhost", s.port, 3000), RMQDR_ERR_TLS_HANDSHAKE);
    raw_stop(&s);
}

static void test_lower_errors_pass_through(void **state)
{
    (void)state;
    client_init_ok();
    assert_int_equal(C.t.connect(C.t.ctx, "nonexistent.invalid", 443, 2000), RMQDR_ERR_DNS);
    expect_reason_contains("RMQDR_ERR_DNS");
    /* A port we hold bound but not listening refuses. */
    int held = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(held, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(held, (struct sockaddr *)&a, &len), 0);
    assert_int_equal(C.t.connect(C.t.ctx, "127.0.0.1", ntohs(a.sin_port), 2000),
                     RMQDR_ERR_CONNECT);
    close(held);
    assert_int_equal(C.tls.full_handshakes, 0);
}

/* ---- init, CA loading, lifecycle ---- */

static void test_init_errors(void **state)
{
    (void)state;
    rmqdr_tls_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    rmqdr_platform_t pf;
    rmqdr_posix_platform_init(&pf);
    rmqdr_transport_t lower;
    rmqdr_posix_socket_t sock;
    rmqdr_posix_transport_init(&lower, &sock);

    assert_int_equal(rmqdr_tls_init(NULL, &lower, &cfg), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_tls_init(&C.tls, &lower, &cfg), RMQDR_ERR_BAD_ARGUMENT); /* no platform */
    cfg.platform = &pf;
    assert_int_equal(rmqdr_tls_init(&C.tls, NULL, &cfg), RMQDR_ERR_BAD_ARGUMENT);
    cfg.ca_buf = (const uint8_t *)"x";
    assert_int_equal(rmqdr_tls_init(&C.tls, &lower, &cfg), RMQDR_ERR_BAD_ARGUMENT); /* len 0 */
    cfg.ca_buf = NULL;

    /* CA problems */
    assert_int_equal(client_init(path_of("missing.crt"), NULL, 0), RMQDR_ERR_TLS_CA);
    assert_int_equal(rmqdr_tls_last_error(&C.tls), MBEDTLS_ERR_PK_FILE_IO_ERROR);
    static const uint8_t junk[] = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n"
                                  "-----END CERTIFICATE-----\n";
    assert_int_equal(client_init(NULL, junk, sizeof junk), RMQDR_ERR_TLS_CA);
    char reason[256];
    assert_true(rmqdr_tls_error_reason(&C.tls, reason, sizeof reason) > 0);
    /* PEM whose NUL is not counted is read as DER and fails. */
    static uint8_t pem[8192];
    size_t len = read_file("ca.crt", pem, sizeof pem, true);
    assert_int_equal(client_init(NULL, pem, len - 1), RMQDR_ERR_TLS_CA);
    /* The file may hold keys too; only certificates count, and a key-only
     * file is no CA at all. */
    assert_int_equal(client_init(path_of("ca.key"), NULL, 0), RMQDR_ERR_TLS_CA);

    /* Entropy comes from the hook only: a failing hook fails init. */
    memset(&C, 0, sizeof C);
    rmqdr_posix_platform_init(&C.pf);
    C.pf.random = counting_random;
    random_fails = true;
    random_calls = 0;
    cfg.platform = &C.pf;
    cfg.ca_file = path_of("ca.crt");
    assert_int_equal(rmqdr_tls_init(&C.tls, &lower, &cfg), RMQDR_ERR_PORT_RANDOM);
    assert_true(random_calls > 0);
    random_fails = false;

    /* free is harmless after a failed init, twice, and on zeroes */
    rmqdr_tls_free(&C.tls);
    rmqdr_tls_free(&C.tls);
    rmqdr_tls_t zero;
    memset(&zero, 0, sizeof zero);
    rmqdr_tls_free(&zero);
    rmqdr_tls_free(NULL);
    rmqdr_tls_close(NULL);
    rmqdr_tls_forget_session(NULL);
    assert_int_equal(rmqdr_tls_connect(&zero, "localhost", 1, 10), RMQDR_ERR_BAD_ARGUMENT);
}

static void test_default_ca_bundle(void **state)
{
    (void)state;
    struct stat st;
    if (stat(RMQDR_TLS_DEFAULT_CA_FILE, &st) != 0) {
        skip();
    }
    /* Neither file nor buffer: the system bundle, which does not know the
     * test CA. */
    assert_int_equal(client_init(NULL, NULL, 0), RMQDR_OK);
    expect_rejected(connect_to("localhost", SRV_GOOD), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(rmqdr_tls_verify_flags(&C.tls), MBEDTLS_X509_BADCERT_NOT_TRUSTED);
}

static void test_error_reason_format(void **state)
{
    (void)state;
    client_init_ok();
    char buf[512];
    assert_int_equal(rmqdr_tls_error_reason(&C.tls, buf, sizeof buf), strlen("no error"));
    assert_string_equal(buf, "no error");
    assert_int_equal(connect_to("localhost", SRV_EXPIRED), RMQDR_ERR_TLS_VERIFY);
    size_t full = rmqdr_tls_error_reason(&C.tls, buf, sizeof buf);
    assert_true(full > 20);
    assert_null(strchr(buf, '\n')); /* one line, fit for a log */
    assert_non_null(strstr(buf, "certificate: "));
    char small[10];
    assert_int_equal(rmqdr_tls_error_reason(&C.tls, small, sizeof small), 9);
    assert_memory_equal(small, buf, 9);
    assert_int_equal(small[9], '\0');
    assert_int_equal(rmqdr_tls_error_reason(&C.tls, small, 0), 0);
    assert_int_equal(rmqdr_tls_error_reason(NULL, small, sizeof small), 0);
    assert_string_equal(small, "");
}

#define T(f) cmocka_unit_test_teardown(f, client_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_handshake_and_echo),
        T(test_ca_from_pem_buffer),
        T(test_ca_from_der_buffer),
        T(test_many_records),
        T(test_recv_timeout_keeps_connection),
        T(test_peer_close),
        T(test_send_timeout_resumes_record),
        T(test_session_resumption),
        T(test_session_not_offered_to_other_host),
        T(test_untrusted_ca),
        T(test_wrong_host_name),
        T(test_expired_certificate),
        T(test_self_signed_leaf),
        T(test_san_without_host),
        T(test_tls11_server_refused),
        T(test_session_resumption_tls12),
        T(test_ip_address_san),
        T(test_fragmented_handshake),
        T(test_rsa_leaf_both_versions),
        T(test_last_error_hook),
        T(test_handshake_timeout_silent_server),
        T(test_handshake_deadline_trickle),
        T(test_server_hangs_up),
        T(test_server_resets),
        T(test_server_speaks_http),
        T(test_lower_errors_pass_through),
        T(test_init_errors),
        T(test_default_ca_bundle),
        T(test_error_reason_format),
    };
    return cmocka_run_group_tests_name("tls", tests, group_setup, group_teardown);
}
