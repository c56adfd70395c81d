/* Host test of port/lwip_raw (the cortex-m4 board's TCP transport): lwIP
 * 2.1.3 from the fetched Debian source, NO_SYS=1, the loopback netif as the
 * link, a raw-API server in the same process. Every wait of the transport
 * drives the stack through rmqdr_board_net_poll(), which here delivers the
 * loopback queue (netif_poll_all).
 * Last line: "N passed, N failed". */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"

#include "rmqdr/port_baremetal.h"
#include "rmqdr/port_lwip_raw.h"
#include "rmqdr/status.h"

/* ---- board hooks of the host ---------------------------------------------- */

uint32_t rmqdr_board_uptime_ms(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U);
}

int rmqdr_board_entropy(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)rand();
    }
    return 0;
}

void rmqdr_board_fatal(const char *what)
{
    fprintf(stderr, "fatal: %s\n", what);
    abort();
}

void rmqdr_board_net_poll(void)
{
    netif_poll_all();
}

/* ---- a raw-API server -------------------------------------------------------- */

enum mode { ECHO, BLOB_THEN_CLOSE, SILENT, ABORT_ON_DATA };

#define PORT 7000U
#define BLOB_LEN 65536U

static struct {
    enum mode mode;
    struct tcp_pcb *listener;
    struct tcp_pcb *conn;
    size_t blob_sent;
    uint8_t pending[8192]; /* echo bytes waiting for send room */
    size_t pending_len;
} srv;

static uint8_t blob_byte(size_t i)
{
    return (uint8_t)((i * 131U + 7U) & 0xFFU);
}

static void srv_push(void)
{
    if (srv.conn == NULL) {
        return;
    }
    if (srv.mode == ECHO && srv.pending_len > 0U) {
        size_t n = srv.pending_len;
        if (n > tcp_sndbuf(srv.conn)) {
            n = tcp_sndbuf(srv.conn);
        }
        if (n > 0U && tcp_write(srv.conn, srv.pending, (u16_t)n, TCP_WRITE_FLAG_COPY) == ERR_OK) {
            memmove(srv.pending, srv.pending + n, srv.pending_len - n);
            srv.pending_len -= n;
            (void)tcp_output(srv.conn);
        }
    }
    if (srv.mode == BLOB_THEN_CLOSE) {
        while (srv.blob_sent < BLOB_LEN && tcp_sndbuf(srv.conn) > 0U) {
            uint8_t chunk[1000];
            size_t n = BLOB_LEN - srv.blob_sent;
            if (n > sizeof chunk) {
                n = sizeof chunk;
            }
            if (n > tcp_sndbuf(srv.conn)) {
                n = tcp_sndbuf(srv.conn);
            }
            for (size_t i = 0; i < n; i++) {
                chunk[i] = blob_byte(srv.blob_sent + i);
            }
            if (tcp_write(srv.conn, chunk, (u16_t)n, TCP_WRITE_FLAG_COPY) != ERR_OK) {
                break;
            }
            srv.blob_sent += n;
        }
        (void)tcp_output(srv.conn);
        if (srv.blob_sent == BLOB_LEN) {
            tcp_arg(srv.conn, NULL);
            tcp_recv(srv.conn, NULL);
            tcp_sent(srv.conn, NULL);
            tcp_err(srv.conn, NULL);
            (void)tcp_close(srv.conn);
            srv.conn = NULL;
        }
    }
}

static err_t srv_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
    (void)arg;
    (void)pcb;
    (void)len;
    srv_push();
    return ERR_OK;
}

static err_t srv_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    (void)arg;
    (void)err;
    if (p == NULL) {
        tcp_arg(pcb, NULL);
        tcp_recv(pcb, NULL);
        tcp_sent(pcb, NULL);
        tcp_err(pcb, NULL);
        (void)tcp_close(pcb);
        srv.conn = NULL;
        return ERR_OK;
    }
    if (srv.mode == ABORT_ON_DATA) {
        pbuf_free(p);
        tcp_abort(pcb);
        srv.conn = NULL;
        return ERR_ABRT;
    }
    if (srv.mode == ECHO && srv.pending_len + p->tot_len > sizeof srv.pending) {
        return ERR_MEM; /* lwIP keeps p and offers it again later */
    }
    if (srv.mode == ECHO) {
        srv.pending_len += pbuf_copy_partial(p, srv.pending + srv.pending_len, p->tot_len, 0);
    }
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    srv_push();
    return ERR_OK;
}

static void srv_err(void *arg, err_t err)
{
    (void)arg;
    (void)err;
    srv.conn = NULL;
}

static err_t srv_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    if (err != ERR_OK || pcb == NULL) {
        return ERR_VAL;
    }
    srv.conn = pcb;
    srv.blob_sent = 0;
    srv.pending_len = 0;
    tcp_recv(pcb, srv_recv);
    tcp_sent(pcb, srv_sent);
    tcp_err(pcb, srv_err);
    srv_push();
    return ERR_OK;
}

static void srv_start(void)
{
    struct tcp_pcb *pcb = tcp_new();
    if (pcb == NULL || tcp_bind(pcb, IP_ADDR_ANY, PORT) != ERR_OK) {
        rmqdr_board_fatal("server bind");
    }
    srv.listener = tcp_listen(pcb);
    tcp_accept(srv.listener, srv_accept);
}

/* ---- tests -------------------------------------------------------------------- */

static int passed;
static int failed;

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (!(cond)) {                                                        \
            printf("  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
            return false;                                                     \
        }                                                                     \
    } while (0)

static rmqdr_lwip_raw_t conn;
static rmqdr_transport_t tr;

static bool test_echo_large(void)
{
    srv.mode = ECHO;
    CHECK(tr.connect(tr.ctx, "127.0.0.1", PORT, 2000U) == RMQDR_OK);
    static uint8_t out[100000];
    static uint8_t in[sizeof out];
    for (size_t i = 0; i < sizeof out; i++) {
        out[i] = (uint8_t)(i * 7U);
    }
    size_t sent = 0;
    size_t got = 0;
    uint32_t start = rmqdr_board_uptime_ms();
    while (got < sizeof in && rmqdr_board_uptime_ms() - start < 10000U) {
        if (sent < sizeof out) {
            size_t n = 0;
            rmqdr_status_t st = tr.send(tr.ctx, out + sent, sizeof out - sent, &n, 0U);
            CHECK(st == RMQDR_OK || st == RMQDR_ERR_TIMEOUT);
            sent += n;
        }
        size_t n = 0;
        rmqdr_status_t st = tr.recv(tr.ctx, in + got, sizeof in - got < 700U ? sizeof in - got : 700U, &n, 5U);
        CHECK(st == RMQDR_OK || st == RMQDR_ERR_TIMEOUT);
        CHECK(st != RMQDR_ERR_TIMEOUT || n == 0U);
        got += n;
    }
    CHECK(got == sizeof in);
    CHECK(memcmp(in, out, sizeof in) == 0);
    tr.close(tr.ctx);
    return true;
}

static bool test_blob_then_close(void)
{
    srv.mode = BLOB_THEN_CLOSE;
    CHECK(tr.connect(tr.ctx, "127.0.0.1", PORT, 2000U) == RMQDR_OK);
    size_t got = 0;
    rmqdr_status_t st;
    uint8_t buf[333];
    for (;;) {
        size_t n = 0;
        st = tr.recv(tr.ctx, buf, sizeof buf, &n, 2000U);
        if (st != RMQDR_OK) {
            break;
        }
        for (size_t i = 0; i < n; i++) {
            CHECK(buf[i] == blob_byte(got + i));
        }
        got += n;
    }
    CHECK(st == RMQDR_ERR_CLOSED);
    CHECK(got == BLOB_LEN);
    tr.close(tr.ctx);
    return true;
}

static bool test_refused(void)
{
    CHECK(tr.connect(tr.ctx, "127.0.0.1", (uint16_t)(PORT + 1U), 2000U) == RMQDR_ERR_CONNECT);
    return true;
}

static bool test_recv_timeout_then_data(void)
{
    srv.mode = SILENT;
    CHECK(tr.connect(tr.ctx, "127.0.0.1", PORT, 2000U) == RMQDR_OK);
    uint8_t buf[16];
    size_t n = 99;
    uint32_t t0 = rmqdr_board_uptime_ms();
    CHECK(tr.recv(tr.ctx, buf, sizeof buf, &n, 200U) == RMQDR_ERR_TIMEOUT);
    uint32_t waited = rmqdr_board_uptime_ms() - t0;
    CHECK(n == 0U);
    CHECK(waited >= 200U && waited < 1000U);
    /* Still usable: the server now sends. */
    CHECK(srv.conn != NULL);
    CHECK(tcp_write(srv.conn, "hello", 5, TCP_WRITE_FLAG_COPY) == ERR_OK);
    (void)tcp_output(srv.conn);
    CHECK(tr.recv(tr.ctx, buf, sizeof buf, &n, 2000U) == RMQDR_OK);
    CHECK(n == 5U && memcmp(buf, "hello", 5) == 0);
    tr.close(tr.ctx);
    return true;
}

static bool test_reset(void)
{
    srv.mode = ABORT_ON_DATA;
    CHECK(tr.connect(tr.ctx, "127.0.0.1", PORT, 2000U) == RMQDR_OK);
    size_t n = 0;
    CHECK(tr.send(tr.ctx, (const uint8_t *)"x", 1U, &n, 2000U) == RMQDR_OK && n == 1U);
    uint8_t buf[8];
    rmqdr_status_t st = tr.recv(tr.ctx, buf, sizeof buf, &n, 2000U);
    CHECK(st == RMQDR_ERR_RESET);
    CHECK(n == 0U);
    CHECK(tr.send(tr.ctx, (const uint8_t *)"y", 1U, &n, 100U) != RMQDR_OK);
    tr.close(tr.ctx);
    return true;
}

static bool test_reconnect_and_close_twice(void)
{
    srv.mode = ECHO;
    for (int i = 0; i < 3; i++) {
        CHECK(tr.connect(tr.ctx, "127.0.0.1", PORT, 2000U) == RMQDR_OK);
        size_t n = 0;
        CHECK(tr.send(tr.ctx, (const uint8_t *)"ping", 4U, &n, 2000U) == RMQDR_OK && n == 4U);
        uint8_t buf[4];
        size_t got = 0;
        while (got < 4U) {
            CHECK(tr.recv(tr.ctx, buf + got, 4U - got, &n, 2000U) == RMQDR_OK);
            got += n;
        }
        CHECK(memcmp(buf, "ping", 4) == 0);
        /* connect again without close: the old connection is closed first */
    }
    tr.close(tr.ctx);
    tr.close(tr.ctx);
    return true;
}

static bool test_bad_arguments(void)
{
    size_t n = 7;
    uint8_t b[1];
    CHECK(tr.recv(tr.ctx, b, 1U, &n, 0U) == RMQDR_ERR_NETWORK); /* not connected */
    CHECK(n == 0U);
    CHECK(tr.send(tr.ctx, NULL, 1U, &n, 0U) == RMQDR_ERR_BAD_ARGUMENT);
    CHECK(tr.connect(tr.ctx, NULL, PORT, 10U) == RMQDR_ERR_BAD_ARGUMENT);
    CHECK(rmqdr_lwip_raw_transport_init(NULL, &conn) == RMQDR_ERR_BAD_ARGUMENT);
    return true;
}

static bool test_platform_clock(void)
{
    rmqdr_platform_t p;
    rmqdr_bm_ctx_t ctx = { rmqdr_lwip_raw_service };
    rmqdr_bm_platform_init(&p, &ctx);
    int64_t ms = 0;
    if (!rmqdr_bm_clock_valid()) {
        CHECK(p.now_ms(p.ctx, &ms) == RMQDR_ERR_PORT_TIME);
    }
    rmqdr_bm_clock_set_unix(1700000000U, 250000U);
    CHECK(p.now_ms(p.ctx, &ms) == RMQDR_OK);
    CHECK(ms >= 1700000000250LL && ms < 1700000002000LL);
    uint8_t r[16];
    CHECK(p.random(p.ctx, r, sizeof r) == RMQDR_OK);
    uint32_t t0 = rmqdr_board_uptime_ms();
    p.sleep_ms(p.ctx, 50U);
    CHECK(rmqdr_board_uptime_ms() - t0 >= 50U);
    return true;
}

int main(void)
{
    lwip_init();
    srv_start();
    (void)rmqdr_lwip_raw_transport_init(&tr, &conn);
    static const struct {
        const char *name;
        bool (*fn)(void);
    } tests[] = {
        { "bad_arguments", test_bad_arguments },
        { "echo_100k_through_4_mss_window", test_echo_large },
        { "blob_then_peer_close", test_blob_then_close },
        { "connection_refused", test_refused },
        { "recv_timeout_then_data", test_recv_timeout_then_data },
        { "peer_reset", test_reset },
        { "reconnect_and_close_twice", test_reconnect_and_close_twice },
        { "platform_clock_random_sleep", test_platform_clock },
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        bool ok = tests[i].fn();
        printf("%s %s\n", ok ? "ok  " : "FAIL", tests[i].name);
        if (ok) {
            passed++;
        } else {
            failed++;
            tr.close(tr.ctx);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
