/*
 * POSIX port: TCP transport against sockets made by the test itself
 * (loopback only, so the results do not depend on any network), and the
 * platform hooks.
 *
 * getaddrinfo/freeaddrinfo are interposed: names ending in ".rmqdr-test"
 * resolve to address lists the test chooses, so "try every address in
 * order" can be observed; every other name goes to the C library.
 */
#define _GNU_SOURCE /* RTLD_NEXT */

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
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "rmqdr/port_posix.h"

/* ---- getaddrinfo interposition ---- */

#define FAKE_MAX 4
static struct addrinfo fake_ai[FAKE_MAX];
static struct sockaddr_storage fake_sa[FAKE_MAX];
static size_t fake_count;
static unsigned fake_calls;

typedef int (*gai_fn)(const char *, const char *, const struct addrinfo *,
                      struct addrinfo **);
typedef void (*fai_fn)(struct addrinfo *);

static void fake_reset(void)
{
    memset(fake_ai, 0, sizeof fake_ai);
    memset(fake_sa, 0, sizeof fake_sa);
    fake_count = 0;
    fake_calls = 0;
}

static void fake_add(int family, const char *addr, uint16_t port)
{
    assert_true(fake_count < FAKE_MAX);
    struct addrinfo *ai = &fake_ai[fake_count];
    struct sockaddr_storage *sa = &fake_sa[fake_count];
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)sa;
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        assert_int_equal(inet_pton(AF_INET, addr, &in->sin_addr), 1);
        ai->ai_addrlen = sizeof *in;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        assert_int_equal(inet_pton(AF_INET6, addr, &in6->sin6_addr), 1);
        ai->ai_addrlen = sizeof *in6;
    }
    ai->ai_family = family;
    ai->ai_socktype = SOCK_STREAM;
    ai->ai_protocol = IPPROTO_TCP;
    ai->ai_addr = (struct sockaddr *)sa;
    if (fake_count > 0) {
        fake_ai[fake_count - 1].ai_next = ai;
    }
    fake_count++;
}

static bool is_fake_name(const char *node)
{
    static const char suffix[] = ".rmqdr-test";
    size_t n = node ? strlen(node) : 0;
    return n >= sizeof suffix - 1 && strcmp(node + n - (sizeof suffix - 1), suffix) == 0;
}

int getaddrinfo(const char *node, const char *service,
                const struct addrinfo *hints, struct addrinfo **res)
{
    if (is_fake_name(node)) {
        fake_calls++;
        if (fake_count == 0) {
            return EAI_NONAME;
        }
        *res = &fake_ai[0];
        return 0;
    }
    /* POSIX guarantees dlsym results convert; ISO C needs the memcpy. */
    void *sym = dlsym(RTLD_NEXT, "getaddrinfo");
    gai_fn real;
    memcpy(&real, &sym, sizeof real);
    return real(node, service, hints, res);
}

void freeaddrinfo(struct addrinfo *res)
{
    if (res == &fake_ai[0]) {
        return;
    }
    void *sym = dlsym(RTLD_NEXT, "freeaddrinfo");
    fai_fn real;
    memcpy(&real, &sym, sizeof real);
    real(res);
}

/* getrandom: short reads, EINTR and ENOSYS on demand, to reach the loops
 * and the /dev/urandom fallback a healthy kernel never exercises. */
typedef ssize_t (*getrandom_fn)(void *, size_t, unsigned int);
static enum { RANDOM_REAL, RANDOM_CHOPPY, RANDOM_ENOSYS } random_mode;
static unsigned getrandom_calls;

ssize_t getrandom(void *buf, size_t len, unsigned int flags);
ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
    getrandom_calls++;
    if (random_mode == RANDOM_ENOSYS) {
        errno = ENOSYS;
        return -1;
    }
    if (random_mode == RANDOM_CHOPPY) {
        if (getrandom_calls % 3U == 0U) {
            errno = EINTR;
            return -1;
        }
        if (len > 7U) {
            len = 7U;
        }
    }
    void *sym = dlsym(RTLD_NEXT, "getrandom");
    getrandom_fn real;
    memcpy(&real, &sym, sizeof real);
    return real(buf, len, flags);
}

/* ---- helpers ---- */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A TCP socket bound to the loopback address of @family on an ephemeral
 * port; listening when backlog >= 0. Returns -1 if the family is absent. */
static int loopback_socket(int family, int backlog, uint16_t *port)
{
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t len;
    memset(&ss, 0, sizeof ss);
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *in;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        int one = 1;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        in6->sin6_family = AF_INET6;
        in6->sin6_addr = in6addr_loopback;
        len = sizeof *in6;
    }
    if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
        (backlog >= 0 && listen(fd, backlog) != 0)) {
        close(fd);
        return -1;
    }
    len = sizeof ss;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
    *port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                    : ((struct sockaddr_in6 *)&ss)->sin6_port);
    return fd;
}

static int accept_within(int lfd, int ms)
{
    struct pollfd p = {lfd, POLLIN, 0};
    assert_int_equal(poll(&p, 1, ms), 1);
    int fd = accept(lfd, NULL, NULL);
    assert_true(fd >= 0);
    return fd;
}

static void send_all_raw(int fd, const void *buf, size_t len)
{
    assert_int_equal(send(fd, buf, len, MSG_NOSIGNAL), (ssize_t)len);
}

/* Connected pair: client through the transport, server end accepted raw. */
typedef struct {
    rmqdr_posix_socket_t sock;
    rmqdr_transport_t t;
    int lfd;
    int peer;
    uint16_t port;
} pair_t;

static bool pair_open(pair_t *p, int family, const char *host)
{
    memset(p, 0, sizeof *p);
    p->peer = -1;
    p->lfd = loopback_socket(family, 8, &p->port);
    if (p->lfd < 0) {
        return false;
    }
    rmqdr_posix_transport_init(&p->t, &p->sock);
    assert_int_equal(p->t.connect(p->t.ctx, host, p->port, 2000), RMQDR_OK);
    assert_true(p->sock.fd >= 0);
    p->peer = accept_within(p->lfd, 2000);
    return true;
}

static void pair_close(pair_t *p)
{
    p->t.close(p->t.ctx);
    if (p->peer >= 0) {
        close(p->peer);
    }
    if (p->lfd >= 0) {
        close(p->lfd);
    }
}

static void recv_exact(rmqdr_transport_t *t, uint8_t *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        size_t n = 0;
        assert_int_equal(t->recv(t->ctx, &buf[got], len - got, &n, 2000), RMQDR_OK);
        assert_true(n > 0);
        got += n;
    }
}

static void echo_round_trip(pair_t *p)
{
    static const uint8_t msg[] = "GET / HTTP/1.1\r\n\r\n";
    size_t sent = 0;
    assert_int_equal(p->t.send(p->t.ctx, msg, sizeof msg, &sent, 1000), RMQDR_OK);
    assert_int_equal(sent, sizeof msg);
    uint8_t got[sizeof msg];
    assert_int_equal(recv(p->peer, got, sizeof got, MSG_WAITALL), (ssize_t)sizeof msg);
    assert_memory_equal(got, msg, sizeof msg);

    static const uint8_t reply[] = "HTTP/1.1 200 OK\r\n";
    send_all_raw(p->peer, reply, sizeof reply);
    uint8_t back[sizeof reply];
    recv_exact(&p->t, back, sizeof back);
    assert_memory_equal(back, reply, sizeof reply);
}

/* ---- connect, send, recv ---- */

static void test_ipv4_round_trip(void **state)
{
    (void)state;
    pair_t p;
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    echo_round_trip(&p);
    pair_close(&p);
}

static void test_ipv6_round_trip(void **state)
{
    (void)state;
    pair_t p;
    uint16_t port;
    int probe = loopback_socket(AF_INET6, 1, &port);
    if (probe < 0) {
        skip(); /* no ::1 on this host */
    }
    close(probe);
    assert_true(pair_open(&p, AF_INET6, "::1"));
    echo_round_trip(&p);
    pair_close(&p);
}

static void test_name_round_trip(void **state)
{
    (void)state;
    pair_t p;
    /* "localhost" goes through the real resolver; on hosts where it lists
     * ::1 first with nothing listening there, this also covers fallback. */
    assert_true(pair_open(&p, AF_INET, "localhost"));
    echo_round_trip(&p);
    pair_close(&p);
}

static uint8_t pattern(size_t pos)
{
    return (uint8_t)(pos * 7U + (pos >> 11));
}

/* Read whatever the raw peer has (without blocking unless @block) and check
 * it continues the pattern. */
static void peer_drain(int fd, size_t *total, bool block)
{
    static uint8_t in[65536];
    for (;;) {
        ssize_t r = recv(fd, in, sizeof in, block ? 0 : MSG_DONTWAIT);
        if (r <= 0) {
            return;
        }
        for (ssize_t i = 0; i < r; i++) {
            if (in[i] != pattern(*total + (size_t)i)) {
                fail_msg("byte %zu corrupted", *total + (size_t)i);
            }
        }
        *total += (size_t)r;
        if (block) {
            return;
        }
    }
}

static void test_large_transfer_partial_io(void **state)
{
    (void)state;
    pair_t p;
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    /* 4 MiB cannot sit in socket buffers: sends report partial counts or
     * time out while the peer lags, and the stream must still arrive whole
     * and in order. */
    const size_t TOTAL = 4U * 1024U * 1024U;
    static uint8_t out[65536];
    size_t total_sent = 0, total_peer = 0;
    while (total_sent < TOTAL) {
        size_t want = sizeof out;
        if (TOTAL - total_sent < want) {
            want = TOTAL - total_sent;
        }
        for (size_t i = 0; i < want; i++) {
            out[i] = pattern(total_sent + i);
        }
        size_t n = 99;
        rmqdr_status_t st = p.t.send(p.t.ctx, out, want, &n, 20);
        if (st == RMQDR_ERR_TIMEOUT) {
            assert_int_equal(n, 0);
        } else {
            assert_int_equal(st, RMQDR_OK);
            assert_true(n > 0 && n <= want);
            total_sent += n;
        }
        peer_drain(p.peer, &total_peer, false);
    }
    while (total_peer < TOTAL) {
        peer_drain(p.peer, &total_peer, true);
    }
    assert_int_equal(total_peer, TOTAL);
    pair_close(&p);
}

static void test_recv_timeout(void **state)
{
    (void)state;
    pair_t p;
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    uint8_t b[16];
    size_t n = 99;
    int64_t t0 = mono_ms();
    assert_int_equal(p.t.recv(p.t.ctx, b, sizeof b, &n, 150), RMQDR_ERR_TIMEOUT);
    int64_t el = mono_ms() - t0;
    assert_int_equal(n, 0);
    assert_true(el >= 140 && el < 1000);

    /* Timeout 0 is a poll: immediate. */
    t0 = mono_ms();
    assert_int_equal(p.t.recv(p.t.ctx, b, sizeof b, &n, 0), RMQDR_ERR_TIMEOUT);
    assert_true(mono_ms() - t0 < 50);

    /* Still usable after a timeout. */
    echo_round_trip(&p);
    pair_close(&p);
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static void test_recv_timeout_survives_signals(void **state)
{
    (void)state;
    pair_t p;
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    /* No SA_RESTART: every tick interrupts poll() with EINTR. The call must
     * neither fail nor restart its full timeout on each signal. */
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
    struct itimerval it = {{0, 20000}, {0, 20000}}, off = {{0, 0}, {0, 0}};
    alarms = 0;
    assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);

    uint8_t b[8];
    size_t n = 0;
    int64_t t0 = mono_ms();
    rmqdr_status_t st = p.t.recv(p.t.ctx, b, sizeof b, &n, 300);
    int64_t el = mono_ms() - t0;
    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &old, NULL);

    assert_int_equal(st, RMQDR_ERR_TIMEOUT);
    assert_true(alarms >= 3);
    assert_true(el >= 290 && el < 1000);
    pair_close(&p);
}

static void test_peer_close(void **state)
{
    (void)state;
    pair_t p;
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    send_all_raw(p.peer, "bye", 3);
    close(p.peer);
    p.peer = -1;
    uint8_t b[8];
    recv_exact(&p.t, b, 3);
    assert_memory_equal(b, "bye", 3);
    size_t n = 99;
    assert_int_equal(p.t.recv(p.t.ctx, b, sizeof b, &n, 1000), RMQDR_ERR_CLOSED);
    assert_int_equal(n, 0);
    pair_close(&p);
}

static void reset_peer(pair_t *p)
{
    struct linger lg = {1, 0};
    assert_int_equal(setsockopt(p->peer, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
    close(p->peer);
    p->peer = -1;
}

static void test_peer_reset(void **state)
{
    (void)state;
    pair_t p;
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    reset_peer(&p);
    uint8_t b[8];
    size_t n = 99;
    assert_int_equal(p.t.recv(p.t.ctx, b, sizeof b, &n, 1000), RMQDR_ERR_RESET);
    assert_int_equal(n, 0);
    assert_int_equal(p.sock.last_errno, ECONNRESET);
    int32_t os_error = 0;
    p.t.last_error(p.t.ctx, &os_error, NULL);
    assert_int_equal(os_error, ECONNRESET);
    pair_close(&p);
}

static void test_send_to_dead_peer_no_sigpipe(void **state)
{
    (void)state;
    pair_t p;
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    /* Default disposition: a SIGPIPE would end this process, failing the run. */
    void (*old)(int) = signal(SIGPIPE, SIG_DFL);
    reset_peer(&p);
    usleep(20000);
    static const uint8_t data[1024];
    rmqdr_status_t st = RMQDR_OK;
    for (int i = 0; i < 100 && st == RMQDR_OK; i++) {
        size_t n = 0;
        st = p.t.send(p.t.ctx, data, sizeof data, &n, 500);
    }
    assert_true(st == RMQDR_ERR_RESET || st == RMQDR_ERR_CLOSED);
    /* Writing again after the error is EPIPE, the classic SIGPIPE case. */
    size_t n = 0;
    st = p.t.send(p.t.ctx, data, sizeof data, &n, 500);
    assert_true(st == RMQDR_ERR_RESET || st == RMQDR_ERR_CLOSED);
    pair_close(&p);

    /* Our own write side shut: EPIPE on every send, deterministically. */
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    assert_int_equal(shutdown(p.sock.fd, SHUT_WR), 0);
    st = p.t.send(p.t.ctx, data, sizeof data, &n, 500);
    signal(SIGPIPE, old);
    assert_int_equal(st, RMQDR_ERR_CLOSED);
    assert_int_equal(p.sock.last_errno, EPIPE);
    pair_close(&p);
}

static void test_send_timeout_then_usable(void **state)
{
    (void)state;
    pair_t p;
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    static const uint8_t data[65536];
    size_t queued = 0;
    rmqdr_status_t st;
    size_t n;
    int64_t t0;
    /* The peer does not read: the buffers fill and send must time out. */
    for (;;) {
        n = 0;
        t0 = mono_ms();
        st = p.t.send(p.t.ctx, data, sizeof data, &n, 100);
        if (st != RMQDR_OK) {
            break;
        }
        queued += n;
        assert_true(queued < 256U * 1024U * 1024U);
    }
    int64_t el = mono_ms() - t0;
    assert_int_equal(st, RMQDR_ERR_TIMEOUT);
    assert_int_equal(n, 0);
    assert_true(el >= 90 && el < 1000);

    /* Drain, then the connection carries data again. */
    static uint8_t sink[65536];
    size_t drained = 0;
    while (drained < queued) {
        ssize_t r = recv(p.peer, sink, sizeof sink, 0);
        assert_true(r > 0);
        drained += (size_t)r;
    }
    echo_round_trip(&p);
    pair_close(&p);
}

/* ---- connect failures ---- */

static void test_connect_refused(void **state)
{
    (void)state;
    uint16_t port;
    /* Bound but not listening: the port stays ours and refuses. */
    int held = loopback_socket(AF_INET, -1, &port);
    assert_true(held >= 0);
    rmqdr_posix_socket_t s;
    rmqdr_transport_t t;
    rmqdr_posix_transport_init(&t, &s);
    int64_t t0 = mono_ms();
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", port, 2000), RMQDR_ERR_CONNECT);
    assert_true(mono_ms() - t0 < 1000);
    assert_int_equal(s.last_errno, ECONNREFUSED);
    /* The transport's last_error hook says the same. */
    int32_t os_error = 0, tls_error = -1;
    assert_non_null(t.last_error);
    t.last_error(t.ctx, &os_error, &tls_error);
    assert_int_equal(os_error, ECONNREFUSED);
    assert_int_equal(tls_error, 0);
    t.last_error(t.ctx, NULL, NULL);
    assert_int_equal(s.fd, -1);
    close(held);
}

static void test_dns_failure(void **state)
{
    (void)state;
    rmqdr_posix_socket_t s;
    rmqdr_transport_t t;
    rmqdr_posix_transport_init(&t, &s);
    assert_int_equal(t.connect(t.ctx, "nonexistent.invalid", 443, 2000), RMQDR_ERR_DNS);
    assert_int_not_equal(s.last_gai_error, 0);
    assert_int_equal(s.fd, -1);
    /* A resolver answer with no addresses is a DNS failure too. */
    fake_reset();
    assert_int_equal(t.connect(t.ctx, "empty.rmqdr-test", 443, 2000), RMQDR_ERR_DNS);
    assert_int_equal(fake_calls, 1);
}

/* A listener whose accept queue is full drops further SYNs, so a connect to
 * it stays pending: a blackhole that needs no network. Returns the listener
 * and fills @fillers (closed by the caller). */
static int blackhole(uint16_t *port, int *fillers, size_t max_fillers, size_t *used)
{
    int lfd = loopback_socket(AF_INET, 0, port);
    assert_true(lfd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(*port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *used = 0;
    while (*used < max_fillers) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        assert_true(fd >= 0);
        fcntl(fd, F_SETFL, O_NONBLOCK);
        fillers[(*used)++] = fd;
        if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
            continue;
        }
        assert_int_equal(errno, EINPROGRESS);
        struct pollfd p = {fd, POLLOUT, 0};
        if (poll(&p, 1, 100) == 0) {
            return lfd; /* this one hangs: the queue is full */
        }
    }
    fail_msg("accept queue never filled");
    return -1;
}

static void test_connect_timeout(void **state)
{
    (void)state;
    uint16_t port;
    int fillers[16];
    size_t used;
    int lfd = blackhole(&port, fillers, 16, &used);

    rmqdr_posix_socket_t s;
    rmqdr_transport_t t;
    rmqdr_posix_transport_init(&t, &s);
    int64_t t0 = mono_ms();
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", port, 200), RMQDR_ERR_TIMEOUT);
    int64_t el = mono_ms() - t0;
    assert_true(el >= 190 && el < 1000);
    assert_int_equal(s.fd, -1);

    for (size_t i = 0; i < used; i++) {
        close(fillers[i]);
    }
    close(lfd);
}

static void test_every_address_tried_in_order(void **state)
{
    (void)state;
    uint16_t refused4, refused6 = 0, good;
    int held4 = loopback_socket(AF_INET, -1, &refused4);
    int held6 = loopback_socket(AF_INET6, -1, &refused6);
    int lfd = loopback_socket(AF_INET, 4, &good);
    assert_true(held4 >= 0 && lfd >= 0);

    fake_reset();
    if (held6 >= 0) {
        fake_add(AF_INET6, "::1", refused6);
    }
    fake_add(AF_INET, "127.0.0.1", refused4);
    fake_add(AF_INET, "127.0.0.1", good);

    rmqdr_posix_socket_t s;
    rmqdr_transport_t t;
    rmqdr_posix_transport_init(&t, &s);
    assert_int_equal(t.connect(t.ctx, "multi.rmqdr-test", 1, 2000), RMQDR_OK);
    assert_int_equal(fake_calls, 1);
    /* The connection is to the last address: its listener has it. */
    int peer = accept_within(lfd, 1000);
    pair_t p;
    memset(&p, 0, sizeof p);
    p.sock = s;
    p.t = t;
    p.t.ctx = &p.sock;
    p.peer = peer;
    p.lfd = lfd;
    echo_round_trip(&p);
    pair_close(&p);

    /* All refused: RMQDR_ERR_CONNECT, with the reason of the last one. */
    fake_reset();
    if (held6 >= 0) {
        fake_add(AF_INET6, "::1", refused6);
    }
    fake_add(AF_INET, "127.0.0.1", refused4);
    rmqdr_posix_transport_init(&t, &s);
    assert_int_equal(t.connect(t.ctx, "refused.rmqdr-test", 1, 2000), RMQDR_ERR_CONNECT);
    assert_int_equal(s.last_errno, ECONNREFUSED);

    close(held4);
    if (held6 >= 0) {
        close(held6);
    }
}

static void test_timeout_is_one_budget(void **state)
{
    (void)state;
    uint16_t port;
    int fillers[16];
    size_t used;
    int lfd = blackhole(&port, fillers, 16, &used);
    /* Three hanging addresses and a budget of 200 ms: the whole call must
     * end near 200 ms, not 600. */
    fake_reset();
    fake_add(AF_INET, "127.0.0.1", port);
    fake_add(AF_INET, "127.0.0.1", port);
    fake_add(AF_INET, "127.0.0.1", port);
    rmqdr_posix_socket_t s;
    rmqdr_transport_t t;
    rmqdr_posix_transport_init(&t, &s);
    int64_t t0 = mono_ms();
    assert_int_equal(t.connect(t.ctx, "slow.rmqdr-test", 1, 200), RMQDR_ERR_TIMEOUT);
    int64_t el = mono_ms() - t0;
    assert_true(el >= 190 && el < 450);
    for (size_t i = 0; i < used; i++) {
        close(fillers[i]);
    }
    close(lfd);
}

static void test_bad_arguments_and_closed(void **state)
{
    (void)state;
    rmqdr_posix_socket_t s;
    rmqdr_transport_t t;
    rmqdr_posix_transport_init(&t, &s);
    uint8_t b[4] = {0};
    size_t n = 7;
    assert_int_equal(t.send(t.ctx, b, sizeof b, &n, 10), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(n, 0);
    n = 7;
    assert_int_equal(t.recv(t.ctx, b, sizeof b, &n, 10), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(n, 0);
    assert_int_equal(t.connect(t.ctx, NULL, 80, 10), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(t.connect(t.ctx, "", 80, 10), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(t.connect(t.ctx, "127.0.0.1", 0, 10), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(t.connect(NULL, "127.0.0.1", 80, 10), RMQDR_ERR_BAD_ARGUMENT);
    t.close(t.ctx);
    t.close(t.ctx);
    t.close(NULL);

    pair_t p;
    assert_true(pair_open(&p, AF_INET, "127.0.0.1"));
    assert_int_equal(p.t.recv(p.t.ctx, b, 0, &n, 10), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(p.t.send(p.t.ctx, b, 0, &n, 10), RMQDR_OK);
    assert_int_equal(n, 0);
    /* Connecting again closes the open connection first (no descriptor
     * leak): the old peer sees end of stream, the new one is accepted. */
    assert_int_equal(p.t.connect(p.t.ctx, "127.0.0.1", p.port, 1000), RMQDR_OK);
    struct pollfd pf = {p.peer, POLLIN, 0};
    assert_int_equal(poll(&pf, 1, 1000), 1);
    assert_int_equal(recv(p.peer, b, sizeof b, 0), 0);
    close(p.peer);
    p.peer = accept_within(p.lfd, 1000);
    echo_round_trip(&p);
    pair_close(&p);
    assert_int_equal(p.sock.fd, -1);
}

/* ---- loopback ---- */

/* ---- platform hooks ---- */

static void test_platform_init(void **state)
{
    (void)state;
    rmqdr_platform_t pf;
    memset(&pf, 0xA5, sizeof pf);
    rmqdr_posix_platform_init(&pf);
    assert_ptr_equal(pf.now_ms, rmqdr_posix_now_ms);
    assert_ptr_equal(pf.random, rmqdr_posix_random);
    assert_ptr_equal(pf.sleep_ms, rmqdr_posix_sleep_ms);
    assert_null(pf.ctx);
}

static void test_now_ms(void **state)
{
    (void)state;
    int64_t ms = 0;
    assert_int_equal(rmqdr_posix_now_ms(NULL, &ms), RMQDR_OK);
    int64_t wall = (int64_t)time(NULL) * 1000;
    assert_true(ms > wall - 2000 && ms < wall + 2000);
    assert_true(ms > INT64_C(1577836800000)); /* after 2020 */
    assert_int_equal(rmqdr_posix_now_ms(NULL, NULL), RMQDR_ERR_BAD_ARGUMENT);
}

static void test_random(void **state)
{
    (void)state;
    uint8_t a[32], b[32], zero[32] = {0};
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    assert_int_equal(rmqdr_posix_random(NULL, a, sizeof a), RMQDR_OK);
    assert_int_equal(rmqdr_posix_random(NULL, b, sizeof b), RMQDR_OK);
    assert_memory_not_equal(a, b, sizeof a);
    assert_memory_not_equal(a, zero, sizeof a);
    /* Large requests come back short from getrandom; all must be filled.
     * Each 4 KiB tail block must not be all zero. */
    static uint8_t big[100000];
    memset(big, 0, sizeof big);
    assert_int_equal(rmqdr_posix_random(NULL, big, sizeof big), RMQDR_OK);
    static const uint8_t zero_block[4096];
    assert_memory_not_equal(&big[sizeof big - 4096], zero_block, 4096);
    assert_int_equal(rmqdr_posix_random(NULL, NULL, 0), RMQDR_OK);
    assert_int_equal(rmqdr_posix_random(NULL, NULL, 4), RMQDR_ERR_BAD_ARGUMENT);
}

static void test_random_short_reads_and_fallback(void **state)
{
    (void)state;
    uint8_t a[100], zero[20] = {0};
    /* At most 7 bytes per call and EINTR every third call: the buffer must
     * still be filled to the end. */
    memset(a, 0, sizeof a);
    random_mode = RANDOM_CHOPPY;
    getrandom_calls = 0;
    rmqdr_status_t st = rmqdr_posix_random(NULL, a, sizeof a);
    unsigned calls = getrandom_calls;
    random_mode = RANDOM_REAL;
    assert_int_equal(st, RMQDR_OK);
    assert_true(calls >= 100U / 7U);
    assert_memory_not_equal(&a[sizeof a - 20], zero, 20);

    /* A kernel without the call: /dev/urandom serves instead. */
    memset(a, 0, sizeof a);
    random_mode = RANDOM_ENOSYS;
    getrandom_calls = 0;
    st = rmqdr_posix_random(NULL, a, sizeof a);
    calls = getrandom_calls;
    random_mode = RANDOM_REAL;
    assert_int_equal(st, RMQDR_OK);
    assert_int_equal(calls, 1);
    assert_memory_not_equal(&a[sizeof a - 20], zero, 20);
}

static void test_sleep(void **state)
{
    (void)state;
    int64_t t0 = mono_ms();
    rmqdr_posix_sleep_ms(NULL, 60);
    int64_t el = mono_ms() - t0;
    assert_true(el >= 60 && el < 600);

    /* Signals every 10 ms must not shorten the sleep. */
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
    struct itimerval it = {{0, 10000}, {0, 10000}}, off = {{0, 0}, {0, 0}};
    alarms = 0;
    assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
    t0 = mono_ms();
    rmqdr_posix_sleep_ms(NULL, 200);
    el = mono_ms() - t0;
    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &old, NULL);
    assert_true(alarms >= 3);
    assert_true(el >= 200 && el < 1000);

    t0 = mono_ms();
    rmqdr_posix_sleep_ms(NULL, 0);
    assert_true(mono_ms() - t0 < 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_round_trip),
        cmocka_unit_test(test_ipv6_round_trip),
        cmocka_unit_test(test_name_round_trip),
        cmocka_unit_test(test_large_transfer_partial_io),
        cmocka_unit_test(test_recv_timeout),
        cmocka_unit_test(test_recv_timeout_survives_signals),
        cmocka_unit_test(test_peer_close),
        cmocka_unit_test(test_peer_reset),
        cmocka_unit_test(test_send_to_dead_peer_no_sigpipe),
        cmocka_unit_test(test_send_timeout_then_usable),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_dns_failure),
        cmocka_unit_test(test_connect_timeout),
        cmocka_unit_test(test_every_address_tried_in_order),
        cmocka_unit_test(test_timeout_is_one_budget),
        cmocka_unit_test(test_bad_arguments_and_closed),
        cmocka_unit_test(test_platform_init),
        cmocka_unit_test(test_now_ms),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_random_short_reads_and_fallback),
        cmocka_unit_test(test_sleep),
    };
    return cmocka_run_group_tests_name("posix", tests, NULL, NULL);
}
