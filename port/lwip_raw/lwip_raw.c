/* rmqdr transport over lwIP's raw TCP API (NO_SYS=1). See port_lwip_raw.h. */
#include "rmqdr/port_lwip_raw.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "lwip/dns.h"
#include "lwip/err.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"

#include "rmqdr/port_baremetal.h"

enum {
    ST_IDLE = 0,     /* no connection */
    ST_CONNECTING,   /* tcp_connect issued */
    ST_OPEN,         /* established */
    ST_PEER_CLOSED,  /* FIN received: queued data may still be read */
    ST_FAILED        /* error callback ran; pcb is gone */
};

enum { DNS_IDLE = 0, DNS_PENDING, DNS_FOUND, DNS_FAILED };

/* lwIP's clock for NO_SYS builds. */
u32_t sys_now(void)
{
    return (u32_t)rmqdr_board_uptime_ms();
}

uint32_t rmqdr_bm_rand32(void)
{
    uint32_t r = 0;
    if (rmqdr_board_entropy((uint8_t *)&r, sizeof(r)) != 0) {
        /* lwIP uses this for DNS ids, source ports and DHCP xids, where a
         * failing source must not stop the stack; fall back to a mix of the
         * uptime (predictable: a board must provide entropy, see PORTING). */
        static uint32_t s = 0x9E3779B9U;
        s ^= rmqdr_board_uptime_ms();
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        r = s;
    }
    return r;
}

void rmqdr_lwip_raw_service(void)
{
    rmqdr_board_net_poll();
    sys_check_timeouts();
}

/* true while now is before deadline (wrap-safe). */
static bool before(uint32_t deadline)
{
    return (int32_t)(sys_now() - deadline) < 0;
}

bool rmqdr_lwip_raw_wait(bool (*done)(void *ctx), void *ctx, uint32_t timeout_ms)
{
    const uint32_t deadline = sys_now() + timeout_ms;
    for (;;) {
        if (done(ctx)) {
            return true;
        }
        if (!before(deadline)) {
            return false;
        }
        rmqdr_lwip_raw_service();
    }
}

/* ---- lwIP callbacks -------------------------------------------------------- */

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
    rmqdr_lwip_raw_t *c = arg;
    (void)pcb;
    if (c != NULL && err == ERR_OK && c->state == ST_CONNECTING) {
        c->state = ST_OPEN;
    }
    return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    rmqdr_lwip_raw_t *c = arg;
    (void)pcb;
    if (c == NULL) {
        if (p != NULL) {
            pbuf_free(p);
        }
        return ERR_OK;
    }
    if (p == NULL) {
        /* FIN: what is queued can still be read. */
        if (c->state == ST_OPEN) {
            c->state = ST_PEER_CLOSED;
        }
        return ERR_OK;
    }
    if (err != ERR_OK) {
        pbuf_free(p);
        return ERR_OK;
    }
    if (c->rx == NULL) {
        c->rx = p;
    } else {
        pbuf_cat(c->rx, p);
    }
    return ERR_OK;
}

static void on_error(void *arg, err_t err)
{
    rmqdr_lwip_raw_t *c = arg;
    if (c == NULL) {
        return;
    }
    /* lwIP has freed the pcb already. */
    c->pcb = NULL;
    c->last_err = err;
    c->state = ST_FAILED;
}

#if LWIP_DNS
static void on_dns(const char *name, const ip_addr_t *addr, void *arg)
{
    rmqdr_lwip_raw_t *c = arg;
    /* Only the resolution the current connect waits for counts: a late
     * answer to a connect that timed out must not land in a later one. */
    if (c == NULL || c->dns_state != DNS_PENDING || c->resolving == NULL ||
        name == NULL || strcmp(name, c->resolving) != 0) {
        return;
    }
    if (addr != NULL) {
        ip_addr_copy(c->addr, *addr);
        c->dns_state = DNS_FOUND;
    } else {
        c->dns_state = DNS_FAILED;
    }
}
#endif

/* ---- helpers ---------------------------------------------------------------- */

static void detach(rmqdr_lwip_raw_t *c)
{
    if (c->pcb != NULL) {
        tcp_arg(c->pcb, NULL);
        tcp_recv(c->pcb, NULL);
        tcp_err(c->pcb, NULL);
    }
}

static rmqdr_status_t failure_status(const rmqdr_lwip_raw_t *c)
{
    switch (c->last_err) {
    case ERR_RST:
        return RMQDR_ERR_RESET;
    case ERR_CLSD:
        return RMQDR_ERR_CLOSED;
    case ERR_TIMEOUT:
        return RMQDR_ERR_TIMEOUT;
    default:
        return RMQDR_ERR_NETWORK;
    }
}

#if LWIP_DNS
static bool dns_settled(void *ctx)
{
    const rmqdr_lwip_raw_t *c = ctx;
    return c->dns_state != DNS_PENDING;
}
#endif

static bool connect_settled(void *ctx)
{
    const rmqdr_lwip_raw_t *c = ctx;
    return c->state != ST_CONNECTING;
}

/* ---- transport functions ------------------------------------------------------ */

static void raw_close(void *ctx)
{
    rmqdr_lwip_raw_t *c = ctx;
    if (c == NULL) {
        return;
    }
    if (c->pcb != NULL) {
        detach(c);
        if (tcp_close(c->pcb) != ERR_OK) {
            tcp_abort(c->pcb);
        }
        c->pcb = NULL;
    }
    if (c->rx != NULL) {
        pbuf_free(c->rx);
        c->rx = NULL;
    }
    c->resolving = NULL;
    c->dns_state = DNS_IDLE;
    c->state = ST_IDLE;
}

static rmqdr_status_t resolve(rmqdr_lwip_raw_t *c, const char *host, uint32_t timeout_ms)
{
    if (ipaddr_aton(host, &c->addr)) {
        return RMQDR_OK;
    }
#if LWIP_DNS
    c->resolving = host;
    c->dns_state = DNS_PENDING;
    err_t err = dns_gethostbyname(host, &c->addr, on_dns, c);
    if (err == ERR_OK) {
        c->dns_state = DNS_FOUND;
    } else if (err == ERR_INPROGRESS) {
        (void)rmqdr_lwip_raw_wait(dns_settled, c, timeout_ms);
    } else {
        c->last_err = err;
        c->dns_state = DNS_FAILED;
    }
    const uint8_t outcome = c->dns_state;
    c->resolving = NULL;
    c->dns_state = DNS_IDLE;
    if (outcome == DNS_FOUND) {
        return RMQDR_OK;
    }
    return outcome == DNS_PENDING ? RMQDR_ERR_TIMEOUT : RMQDR_ERR_DNS;
#else
    (void)timeout_ms;
    return RMQDR_ERR_DNS;
#endif
}

static rmqdr_status_t raw_connect(void *ctx, const char *host, uint16_t port,
                                  uint32_t timeout_ms)
{
    rmqdr_lwip_raw_t *c = ctx;
    if (c == NULL || host == NULL) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    raw_close(c);
    c->last_err = ERR_OK;

    const uint32_t start = sys_now();
    rmqdr_status_t st = resolve(c, host, timeout_ms);
    if (st != RMQDR_OK) {
        return st;
    }
    const uint32_t spent = sys_now() - start;
    if (spent >= timeout_ms) {
        return RMQDR_ERR_TIMEOUT;
    }

    c->pcb = tcp_new_ip_type(IP_GET_TYPE(&c->addr));
    if (c->pcb == NULL) {
        c->last_err = ERR_MEM;
        return RMQDR_ERR_NETWORK;
    }
    tcp_arg(c->pcb, c);
    tcp_recv(c->pcb, on_recv);
    tcp_err(c->pcb, on_error);
    /* Requests are written as whole TLS records: send them at once. */
    tcp_nagle_disable(c->pcb);
    c->state = ST_CONNECTING;
    err_t err = tcp_connect(c->pcb, &c->addr, port, on_connected);
    if (err != ERR_OK) {
        c->last_err = err;
        detach(c);
        tcp_abort(c->pcb);
        c->pcb = NULL;
        c->state = ST_IDLE;
        return RMQDR_ERR_CONNECT;
    }
    (void)rmqdr_lwip_raw_wait(connect_settled, c, timeout_ms - spent);
    if (c->state == ST_OPEN || c->state == ST_PEER_CLOSED) {
        return RMQDR_OK;
    }
    const bool timed_out = c->state == ST_CONNECTING;
    raw_close(c);
    return timed_out ? RMQDR_ERR_TIMEOUT : RMQDR_ERR_CONNECT;
}

static rmqdr_status_t raw_send(void *ctx, const uint8_t *buf, size_t len,
                               size_t *sent, uint32_t timeout_ms)
{
    rmqdr_lwip_raw_t *c = ctx;
    if (sent != NULL) {
        *sent = 0;
    }
    if (c == NULL || sent == NULL || (buf == NULL && len > 0U)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (len == 0U) {
        return RMQDR_OK;
    }
    const uint32_t deadline = sys_now() + timeout_ms;
    for (;;) {
        if (c->state == ST_FAILED) {
            return failure_status(c);
        }
        if (c->pcb == NULL || (c->state != ST_OPEN && c->state != ST_PEER_CLOSED)) {
            return RMQDR_ERR_NETWORK;
        }
        size_t room = tcp_sndbuf(c->pcb);
        if (room > 0U && tcp_sndqueuelen(c->pcb) < TCP_SND_QUEUELEN) {
            size_t n = len < room ? len : room;
            if (n > 0xFFFFU) {
                n = 0xFFFFU;
            }
            err_t err = tcp_write(c->pcb, buf, (u16_t)n, TCP_WRITE_FLAG_COPY);
            if (err == ERR_OK) {
                (void)tcp_output(c->pcb);
                *sent = n;
                return RMQDR_OK;
            }
            if (err != ERR_MEM) {
                c->last_err = err;
                return RMQDR_ERR_NETWORK;
            }
            /* ERR_MEM: lwIP's heap or segment pool is full until acks come. */
            (void)tcp_output(c->pcb);
        }
        if (!before(deadline)) {
            return RMQDR_ERR_TIMEOUT;
        }
        rmqdr_lwip_raw_service();
    }
}

static rmqdr_status_t raw_recv(void *ctx, uint8_t *buf, size_t len,
                               size_t *received, uint32_t timeout_ms)
{
    rmqdr_lwip_raw_t *c = ctx;
    if (received != NULL) {
        *received = 0;
    }
    if (c == NULL || received == NULL || buf == NULL || len == 0U) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    const uint32_t deadline = sys_now() + timeout_ms;
    for (;;) {
        if (c->rx != NULL) {
            u16_t want = c->rx->tot_len;
            if (len < want) {
                want = (u16_t)len;
            }
            u16_t n = pbuf_copy_partial(c->rx, buf, want, 0);
            c->rx = pbuf_free_header(c->rx, n);
            if (c->pcb != NULL) {
                tcp_recved(c->pcb, n);
            }
            *received = n;
            return RMQDR_OK;
        }
        if (c->state == ST_PEER_CLOSED) {
            return RMQDR_ERR_CLOSED;
        }
        if (c->state == ST_FAILED) {
            return failure_status(c);
        }
        if (c->state != ST_OPEN) {
            return RMQDR_ERR_NETWORK;
        }
        if (!before(deadline)) {
            return RMQDR_ERR_TIMEOUT;
        }
        rmqdr_lwip_raw_service();
    }
}

rmqdr_status_t rmqdr_lwip_raw_transport_init(rmqdr_transport_t *transport,
                                             rmqdr_lwip_raw_t *conn)
{
    if (transport == NULL || conn == NULL) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    memset(conn, 0, sizeof(*conn));
    conn->state = ST_IDLE;
    transport->connect = raw_connect;
    transport->send = raw_send;
    transport->recv = raw_recv;
    transport->close = raw_close;
    transport->ctx = conn;
    return RMQDR_OK;
}
