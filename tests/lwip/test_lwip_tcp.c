/*
 * The lwIP port over plain TCP, entirely in-process: the port's client
 * socket on netif "wc" -> wire -> relay on netif "ws" -> POSIX socket ->
 * echo / closing / resetting helper servers and the emulator in --plain mode
 * (EMU_PORT). Last line: "N passed, N failed".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rmqdr/http.h"
#include "rmqdr/port_lwip.h"

#include "lwip/opt.h"
#include "lwip/sockets.h"

static uint16_t echo_port;
static uint16_t hello_port;
static uint16_t reset_port;
static uint16_t emu_port;

/* Each test connects to the relay with its own state. */
static rmqdr_transport_t tp;
static rmqdr_lwip_socket_t sk;

static void fresh(void)
{
    rmqdr_lwip_close(&sk);
    rmqdr_lwip_transport_init(&tp, &sk);
}

/* Connect through the relay to a POSIX target. */
static rmqdr_status_t connect_to(uint16_t target, const char *addr)
{
    fresh();
    relay_set_target(target);
    return tp.connect(tp.ctx, addr, TNET_RELAY_PORT, 2000);
}

/* Send all of buf, failing on anything but OK/TIMEOUT. */
static rmqdr_status_t send_all(const uint8_t *buf, size_t len, uint32_t total_ms)
{
    uint64_t end = t_now_ms() + total_ms;
    while (len > 0U) {
        size_t n = 0;
        rmqdr_status_t st = tp.send(tp.ctx, buf, len, &n, 100);
        if (st == RMQDR_ERR_TIMEOUT && t_now_ms() < end) {
            continue;
        }
        if (st != RMQDR_OK) {
            return st;
        }
        buf += n;
        len -= n;
    }
    return RMQDR_OK;
}

/* Receive exactly len bytes. */
static rmqdr_status_t recv_exact(uint8_t *buf, size_t len, uint32_t total_ms)
{
    uint64_t end = t_now_ms() + total_ms;
    while (len > 0U) {
        size_t n = 0;
        rmqdr_status_t st = tp.recv(tp.ctx, buf, len, &n, 100);
        if (st == RMQDR_ERR_TIMEOUT && t_now_ms() < end) {
            continue;
        }
        if (st != RMQDR_OK) {
            return st;
        }
        buf += n;
        len -= n;
    }
    return RMQDR_OK;
}

static void test_init_and_arguments(void)
{
    uint8_t b[4] = { 0 };
    size_t n = 7;

    rmqdr_lwip_transport_init(NULL, &sk); /* NULLs are ignored */
    rmqdr_lwip_transport_init(&tp, NULL);
    rmqdr_lwip_socket_init(NULL);
    sk.fd = 42;
    sk.last_errno = 5;
    sk.connect_address = "x";
    rmqdr_lwip_socket_init(&sk);
    CHECK(sk.fd == -1 && sk.last_errno == 0 && sk.connect_address == NULL);
    rmqdr_lwip_transport_init(&tp, &sk);
    CHECK(sk.fd == -1 && sk.last_errno == 0 && sk.connect_address == NULL);
    CHECK(tp.ctx == &sk && tp.connect == rmqdr_lwip_connect && tp.send == rmqdr_lwip_send &&
          tp.recv == rmqdr_lwip_recv && tp.close == rmqdr_lwip_close);
    tp.close(tp.ctx); /* closing a never-connected state is a no-op */
    tp.close(NULL);
    CHECK(sk.fd == -1);
    CHECK_ST(tp.connect(tp.ctx, NULL, 80, 100), RMQDR_ERR_BAD_ARGUMENT);
    CHECK_ST(tp.connect(tp.ctx, "", 80, 100), RMQDR_ERR_BAD_ARGUMENT);
    CHECK_ST(tp.connect(tp.ctx, TNET_SERVER_ADDR, 0, 100), RMQDR_ERR_BAD_ARGUMENT);
    CHECK_ST(tp.connect(NULL, TNET_SERVER_ADDR, 80, 100), RMQDR_ERR_BAD_ARGUMENT);
    /* Not connected: send/recv are misuse, and *done is still zeroed. */
    CHECK_ST(tp.send(tp.ctx, b, sizeof(b), &n, 10), RMQDR_ERR_BAD_ARGUMENT);
    CHECK(n == 0);
    n = 7;
    CHECK_ST(tp.recv(tp.ctx, b, sizeof(b), &n, 10), RMQDR_ERR_BAD_ARGUMENT);
    CHECK(n == 0);
    CHECK_ST(tp.send(tp.ctx, NULL, 0, &n, 10), RMQDR_ERR_BAD_ARGUMENT);
}

static void test_name_without_dns(void)
{
#if LWIP_DNS
    /* A build with DNS would query a resolver this test bed does not have. */
    CHECK(1);
#else
    uint64_t t0 = t_now_ms();
    fresh();
    CHECK_ST(tp.connect(tp.ctx, "localhost", TNET_RELAY_PORT, 1000), RMQDR_ERR_DNS);
    CHECK_ST(tp.connect(tp.ctx, "10.0.0.2.example", TNET_RELAY_PORT, 1000), RMQDR_ERR_DNS);
    CHECK(sk.fd == -1);
    CHECK(t_now_ms() - t0 < 100);
#endif
}

static void test_refused(void)
{
    uint64_t t0 = t_now_ms();
    fresh();
    CHECK_ST(tp.connect(tp.ctx, TNET_SERVER_ADDR, TNET_CLOSED_PORT, 2000), RMQDR_ERR_CONNECT);
    CHECK(sk.fd == -1);
    CHECK(sk.last_errno != 0); /* lwIP reports the RST as ECONNRESET */
    /* The transport's last_error hook reports the same errno. */
    {
        int32_t os_error = 0, tls_error = -1;
        CHECK(tp.last_error != NULL);
        tp.last_error(tp.ctx, &os_error, &tls_error);
        CHECK(os_error == sk.last_errno && tls_error == 0);
    }
    CHECK(t_now_ms() - t0 < 1000);
}

static void test_unroutable_v6(void)
{
#if LWIP_IPV6
    uint64_t t0 = t_now_ms();
    fresh();
    /* A link-local address without a zone has no route: lwIP fails the
     * connect call itself (EHOSTUNREACH), before any packet is sent. */
    CHECK_ST(tp.connect(tp.ctx, "fe80::1", 80, 1000), RMQDR_ERR_CONNECT);
    CHECK(sk.fd == -1);
    CHECK(sk.last_errno == EHOSTUNREACH);
    CHECK(t_now_ms() - t0 < 100);
    /* A global address goes out the default netif into the black hole. */
    CHECK_ST(tp.connect(tp.ctx, "2001:db8::1", 80, 100), RMQDR_ERR_TIMEOUT);
    CHECK(sk.fd == -1);
#else
    CHECK(1);
#endif
}

static void test_connect_timeout(void)
{
    tnet_counters_t before;
    tnet_counters_t after;
    uint64_t t0;
    uint64_t dt;

    fresh();
    tnet_counters(&before);
    t0 = t_now_ms();
    CHECK_ST(tp.connect(tp.ctx, TNET_BLACKHOLE_ADDR, 443, 300), RMQDR_ERR_TIMEOUT);
    dt = t_now_ms() - t0;
    tnet_counters(&after);
    CHECK(sk.fd == -1);
    CHECK(dt >= 290 && dt < 1000);
    CHECK(after.dropped_pkts > before.dropped_pkts); /* the SYN went into the hole */

    /* timeout 0: only an immediate answer counts, and a SYN needs a round trip */
    CHECK_ST(tp.connect(tp.ctx, TNET_BLACKHOLE_ADDR, 443, 0), RMQDR_ERR_TIMEOUT);
    CHECK(sk.fd == -1);
}

static void test_echo_small(void)
{
    uint8_t got[5] = { 0 };
    tnet_counters_t before;
    tnet_counters_t after;
    unsigned fin = relay_finished();

    tnet_counters(&before);
    CHECK_ST(connect_to(echo_port, TNET_SERVER_ADDR), RMQDR_OK);
    CHECK(sk.fd >= 0);
    {
        size_t z = 9;
        CHECK_ST(tp.send(tp.ctx, NULL, 0, &z, 10), RMQDR_OK); /* as in the POSIX port */
        CHECK(z == 0);
        z = 9;
        CHECK_ST(tp.recv(tp.ctx, got, 0, &z, 10), RMQDR_ERR_BAD_ARGUMENT);
        CHECK(z == 0);
    }
    CHECK_ST(send_all((const uint8_t *)"ping!", 5, 1000), RMQDR_OK);
    CHECK_ST(recv_exact(got, 5, 2000), RMQDR_OK);
    CHECK(memcmp(got, "ping!", 5) == 0);
    tp.close(tp.ctx);
    CHECK(sk.fd == -1);
    tp.close(tp.ctx); /* twice is fine */
    CHECK(relay_wait_finished(fin + 1U, 2000));
    tnet_counters(&after);
    /* The bytes really crossed the wire, both ways (handshake + data + FINs). */
    CHECK(after.to_server_pkts >= before.to_server_pkts + 3U);
    CHECK(after.to_client_pkts >= before.to_client_pkts + 3U);
}

static void test_echo_bulk(void)
{
    const size_t total = 1024U * 1024U;
    uint8_t *out = malloc(total);
    uint8_t *in = malloc(total);
    size_t sent = 0;
    size_t got = 0;
    size_t i;
    uint64_t t0;
    uint64_t end;
    tnet_counters_t before;
    tnet_counters_t after;
    unsigned fin = relay_finished();
    int ok = 1;

    CHECK(out != NULL && in != NULL);
    for (i = 0; i < total; i++) {
        out[i] = (uint8_t)((i * 131U + (i >> 9)) & 0xFFU);
    }
    tnet_counters(&before);
    if (connect_to(echo_port, TNET_SERVER_ADDR) != RMQDR_OK) {
        ok = 0;
    }
    t0 = t_now_ms();
    end = t0 + 20000U;
    /* Interleave: push what fits, drain what came back, with short timeouts
     * so neither direction's window can stall the other. */
    while (ok && got < total && t_now_ms() < end) {
        size_t n = 0;
        rmqdr_status_t st;
        if (sent < total) {
            size_t chunk = total - sent < 7777U ? total - sent : 7777U;
            st = tp.send(tp.ctx, out + sent, chunk, &n, 5);
            if (st == RMQDR_OK) {
                sent += n;
            } else if (st != RMQDR_ERR_TIMEOUT || n != 0U) {
                ok = 0;
            }
        }
        n = 0;
        st = tp.recv(tp.ctx, in + got, total - got, &n, sent < total ? 0U : 50U);
        if (st == RMQDR_OK) {
            got += n;
        } else if (st != RMQDR_ERR_TIMEOUT || n != 0U) {
            ok = 0;
        }
    }
    tnet_counters(&after);
    printf("    1 MiB echoed in %llu ms; wire: %lu pkts/%lu B to server, %lu pkts/%lu B to client\n",
           (unsigned long long)(t_now_ms() - t0), after.to_server_pkts - before.to_server_pkts,
           after.to_server_bytes - before.to_server_bytes, after.to_client_pkts - before.to_client_pkts,
           after.to_client_bytes - before.to_client_bytes);
    tp.close(tp.ctx);
    ok = ok && got == total && memcmp(in, out, total) == 0;
    free(out);
    free(in);
    CHECK(ok);
    CHECK(after.to_server_bytes - before.to_server_bytes > total);
    CHECK(after.to_client_bytes - before.to_client_bytes > total);
    CHECK(relay_wait_finished(fin + 1U, 2000));
}

static void test_recv_timeout_keeps_connection(void)
{
    uint8_t b[16];
    size_t n = 99;
    uint64_t t0;
    uint64_t dt;

    CHECK_ST(connect_to(echo_port, TNET_SERVER_ADDR), RMQDR_OK);
    t0 = t_now_ms();
    CHECK_ST(tp.recv(tp.ctx, b, sizeof(b), &n, 150), RMQDR_ERR_TIMEOUT);
    dt = t_now_ms() - t0;
    CHECK(n == 0);
    CHECK(dt >= 145 && dt < 1000);
    n = 99;
    CHECK_ST(tp.recv(tp.ctx, b, sizeof(b), &n, 0), RMQDR_ERR_TIMEOUT);
    CHECK(n == 0);
    /* still usable */
    CHECK_ST(send_all((const uint8_t *)"again", 5, 1000), RMQDR_OK);
    CHECK_ST(recv_exact(b, 5, 2000), RMQDR_OK);
    CHECK(memcmp(b, "again", 5) == 0);
    tp.close(tp.ctx);
}

static void test_send_timeout_keeps_connection(void)
{
    static uint8_t chunk[16384];
    size_t accepted = 0;
    size_t n = 1;
    rmqdr_status_t st = RMQDR_OK;
    uint64_t dt = 0;
    int i;

    memset(chunk, 'x', sizeof(chunk));
    CHECK_ST(connect_to(echo_port, TNET_SERVER_ADDR), RMQDR_OK);
    relay_pause_upstream(true);
    /* The relay reads nothing: its receive window and our send buffer fill,
     * then a send must give up after its timeout with nothing sent. */
    for (i = 0; i < 200; i++) {
        uint64_t t0 = t_now_ms();
        n = 1;
        st = tp.send(tp.ctx, chunk, sizeof(chunk), &n, 200);
        dt = t_now_ms() - t0;
        if (st != RMQDR_OK) {
            break;
        }
        accepted += n;
    }
    relay_pause_upstream(false);
    printf("    send buffer + window took %zu bytes before the timeout\n", accepted);
    CHECK_ST(st, RMQDR_ERR_TIMEOUT);
    CHECK(n == 0);
    CHECK(dt >= 195 && dt < 1000);
    CHECK(accepted >= 16384U && accepted < 2U * 1024U * 1024U);
    /* Once the relay reads again, the stream goes on. */
    {
        size_t more = 0;
        st = tp.send(tp.ctx, chunk, sizeof(chunk), &more, 3000);
        CHECK_ST(st, RMQDR_OK);
        CHECK(more > 0);
    }
    tp.close(tp.ctx);
}

static void test_peer_close(void)
{
    uint8_t b[16];
    size_t n = 0;
    size_t have = 0;
    rmqdr_status_t st;
    uint64_t end = t_now_ms() + 3000U;

    CHECK_ST(connect_to(hello_port, TNET_SERVER_ADDR), RMQDR_OK);
    for (;;) {
        st = tp.recv(tp.ctx, b + have, sizeof(b) - have, &n, 200);
        if (st == RMQDR_OK) {
            have += n;
            continue;
        }
        if (st != RMQDR_ERR_TIMEOUT || t_now_ms() > end) {
            break;
        }
    }
    CHECK_ST(st, RMQDR_ERR_CLOSED);
    CHECK(n == 0);
    CHECK(have == 6 && memcmp(b, "hello\n", 6) == 0);
    /* End of stream stays end of stream. */
    CHECK_ST(tp.recv(tp.ctx, b, sizeof(b), &n, 100), RMQDR_ERR_CLOSED);
    CHECK_ST(tp.recv(tp.ctx, b, sizeof(b), &n, 100), RMQDR_ERR_CLOSED);
    tp.close(tp.ctx);
}

static void test_peer_reset(void)
{
    uint8_t b[16];
    size_t n = 0;
    rmqdr_status_t st;
    uint64_t end = t_now_ms() + 3000U;

    CHECK_ST(connect_to(reset_port, TNET_SERVER_ADDR), RMQDR_OK);
    CHECK_ST(send_all((const uint8_t *)"g", 1, 1000), RMQDR_OK);
    for (;;) {
        st = tp.recv(tp.ctx, b, sizeof(b), &n, 200);
        if (st == RMQDR_OK || (st == RMQDR_ERR_TIMEOUT && t_now_ms() < end)) {
            continue; /* "partial" may arrive before the RST */
        }
        break;
    }
    CHECK_ST(st, RMQDR_ERR_RESET);
    CHECK(n == 0);
    /* A send after the reset fails too (never "timeout"). */
    st = tp.send(tp.ctx, b, 1, &n, 100);
    CHECK(st == RMQDR_ERR_RESET || st == RMQDR_ERR_NETWORK);
    tp.close(tp.ctx);
}

static void test_reconnect_closes_previous(void)
{
    uint8_t b[4];
    unsigned fin = relay_finished();
    int first;

    CHECK_ST(connect_to(echo_port, TNET_SERVER_ADDR), RMQDR_OK);
    first = sk.fd;
    CHECK(first >= 0);
    relay_set_target(echo_port);
    /* connect on a connected state closes the old connection first */
    CHECK_ST(tp.connect(tp.ctx, TNET_SERVER_ADDR, TNET_RELAY_PORT, 2000), RMQDR_OK);
    CHECK(relay_wait_finished(fin + 1U, 2000));
    CHECK_ST(send_all((const uint8_t *)"re", 2, 1000), RMQDR_OK);
    CHECK_ST(recv_exact(b, 2, 2000), RMQDR_OK);
    CHECK(memcmp(b, "re", 2) == 0);
    tp.close(tp.ctx);
}

static void test_echo_ipv6(void)
{
#if LWIP_IPV6
    uint8_t got[6];
    tnet_counters_t before;
    tnet_counters_t after;

    tnet_counters(&before);
    CHECK_ST(connect_to(echo_port, TNET_SERVER_ADDR6), RMQDR_OK);
    CHECK_ST(send_all((const uint8_t *)"v6 ok!", 6, 1000), RMQDR_OK);
    CHECK_ST(recv_exact(got, 6, 2000), RMQDR_OK);
    CHECK(memcmp(got, "v6 ok!", 6) == 0);
    tp.close(tp.ctx);
    tnet_counters(&after);
    CHECK(after.to_server_pkts > before.to_server_pkts);
    CHECK(after.to_client_pkts > before.to_client_pkts);
#else
    CHECK(1);
#endif
}

static void test_connect_address(void)
{
    uint8_t got[4];

    fresh();
    relay_set_target(echo_port);
    /* The name goes to TLS for verification; the socket goes to the address. */
    sk.connect_address = TNET_SERVER_ADDR;
    CHECK_ST(tp.connect(tp.ctx, "localhost", TNET_RELAY_PORT, 2000), RMQDR_OK);
    CHECK_ST(send_all((const uint8_t *)"addr", 4, 1000), RMQDR_OK);
    CHECK_ST(recv_exact(got, 4, 2000), RMQDR_OK);
    CHECK(memcmp(got, "addr", 4) == 0);
    /* kept across connects */
    CHECK_ST(tp.connect(tp.ctx, "localhost", TNET_RELAY_PORT, 2000), RMQDR_OK);
    CHECK(sk.connect_address != NULL);
    tp.close(tp.ctx);
#if !LWIP_DNS
    sk.connect_address = "no-such-host";
    CHECK_ST(tp.connect(tp.ctx, TNET_SERVER_ADDR, TNET_RELAY_PORT, 2000), RMQDR_ERR_DNS);
#endif
    sk.connect_address = NULL;
}

typedef struct {
    char body[256];
    size_t len;
} body_buf_t;

static rmqdr_status_t on_body(void *ctx, const uint8_t *data, size_t len)
{
    body_buf_t *b = (body_buf_t *)ctx;
    size_t room = sizeof(b->body) - 1U - b->len;
    size_t n = len < room ? len : room;
    memcpy(b->body + b->len, data, n);
    b->len += n;
    b->body[b->len] = '\0';
    return RMQDR_OK;
}

/* A real HTTP exchange with the emulator (plain mode), decoded by core/http. */
static void test_emulator_plain_http(void)
{
    static const char req[] = "GET /_emu/health HTTP/1.1\r\nHost: localhost\r\n"
                              "Connection: close\r\n\r\n";
    rmqdr_http_decoder_t d;
    body_buf_t body;
    uint8_t buf[512];
    rmqdr_status_t st = RMQDR_OK;
    uint64_t end;

    CHECK(emu_port != 0);
    CHECK_ST(connect_to(emu_port, TNET_SERVER_ADDR), RMQDR_OK);
    CHECK_ST(send_all((const uint8_t *)req, sizeof(req) - 1U, 1000), RMQDR_OK);
    rmqdr_http_init(&d);
    memset(&body, 0, sizeof(body));
    end = t_now_ms() + 5000U;
    while (t_now_ms() < end) {
        size_t n = 0;
        st = tp.recv(tp.ctx, buf, sizeof(buf), &n, 200);
        if (st == RMQDR_OK) {
            CHECK_ST(rmqdr_http_feed(&d, buf, n, on_body, &body), RMQDR_OK);
        } else if (st != RMQDR_ERR_TIMEOUT) {
            break;
        }
    }
    CHECK_ST(st, RMQDR_ERR_CLOSED); /* Connection: close honoured */
    CHECK_ST(rmqdr_http_finish(&d), RMQDR_OK);
    CHECK(rmqdr_http_message_done(&d));
    CHECK(d.head.status == 200);
    CHECK(strstr(body.body, "\"ok\"") != NULL);
    tp.close(tp.ctx);
}

int main(void)
{
    const char *ep = getenv("EMU_PORT");

    setvbuf(stdout, NULL, _IOLBF, 0);
    emu_port = (uint16_t)(ep != NULL ? atoi(ep) : 0);
    if (tnet_start() != 0 || relay_start() != 0) {
        printf("lwIP test bed did not start\n0 passed, 1 failed\n");
        return 1;
    }
    echo_port = psrv_start(PSRV_ECHO);
    hello_port = psrv_start(PSRV_HELLO_CLOSE);
    reset_port = psrv_start(PSRV_RESET);
    if (echo_port == 0 || hello_port == 0 || reset_port == 0) {
        printf("helper servers did not start\n0 passed, 1 failed\n");
        return 1;
    }
    rmqdr_lwip_transport_init(&tp, &sk);

    t_run("init and argument checks", test_init_and_arguments);
    t_run("host name without LWIP_DNS -> RMQDR_ERR_DNS", test_name_without_dns);
    t_run("no listener -> RMQDR_ERR_CONNECT", test_refused);
    t_run("IPv6: no route -> CONNECT at once, black hole -> TIMEOUT", test_unroutable_v6);
    t_run("black-holed SYN -> RMQDR_ERR_TIMEOUT", test_connect_timeout);
    t_run("echo round trip over the wire", test_echo_small);
    t_run("1 MiB echo, interleaved partial sends/recvs", test_echo_bulk);
    t_run("recv timeout leaves the connection usable", test_recv_timeout_keeps_connection);
    t_run("send timeout (peer not reading) leaves it usable", test_send_timeout_keeps_connection);
    t_run("peer FIN -> RMQDR_ERR_CLOSED (sticky)", test_peer_close);
    t_run("peer RST -> RMQDR_ERR_RESET", test_peer_reset);
    t_run("connect on a connected state reconnects", test_reconnect_closes_previous);
    t_run("echo over IPv6", test_echo_ipv6);
    t_run("connect_address: connect by address, keep the name", test_connect_address);
    t_run("HTTP request to the emulator (plain)", test_emulator_plain_http);

    rmqdr_lwip_close(&sk);
    relay_stop();
    psrv_stop_all();
    return t_summary();
}
