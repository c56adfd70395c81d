/* Scripted fault-injecting transport and fake platform (fault_transport.h). */
#include "fault_transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CRLFCRLF 0x0D0A0D0AU

void ft_init(ft_transport_t *ft, int64_t *clock)
{
    (void)memset(ft, 0, sizeof *ft);
    ft->clock = clock;
    ft->broken = RMQDR_OK;
}

void ft_rewind(ft_transport_t *ft)
{
    ft_conn_t conns[FT_MAX_CONNS];
    size_t n = ft->n_conns;
    const size_t *sizes = ft->recv_sizes;
    void (*on_connect)(void *, uint32_t) = ft->on_connect;
    void *on_connect_arg = ft->on_connect_arg;
    size_t n_sizes = ft->n_recv_sizes;
    size_t send_max = ft->send_max;
    uint32_t drip_ms = ft->drip_ms;
    int32_t os_error = ft->os_error;
    int32_t tls_error = ft->tls_error;
    int64_t *clock = ft->clock;

    (void)memcpy(conns, ft->conns, sizeof conns);
    ft_init(ft, clock);
    (void)memcpy(ft->conns, conns, sizeof conns);
    ft->n_conns = n;
    ft->recv_sizes = sizes;
    ft->n_recv_sizes = n_sizes;
    ft->send_max = send_max;
    ft->drip_ms = drip_ms;
    ft->os_error = os_error;
    ft->tls_error = tls_error;
    ft->on_connect = on_connect;
    ft->on_connect_arg = on_connect_arg;
}

ft_conn_t *ft_add_conn(ft_transport_t *ft, rmqdr_status_t connect_status)
{
    ft_conn_t *c;

    if (ft->n_conns >= FT_MAX_CONNS) {
        (void)fprintf(stderr, "fault_transport: more than %u connections scripted\n",
                      (unsigned)FT_MAX_CONNS);
        abort();
    }
    c = &ft->conns[ft->n_conns++];
    (void)memset(c, 0, sizeof *c);
    c->connect_status = connect_status;
    c->idle = RMQDR_ERR_CLOSED;
    c->send_fault = RMQDR_OK;
    return c;
}

void ft_add_response(ft_conn_t *c, const uint8_t *data, size_t len, size_t cut,
                     rmqdr_status_t fault)
{
    ft_response_t *r;

    if (c->n_responses >= FT_MAX_RESPONSES) {
        (void)fprintf(stderr, "fault_transport: more than %u responses scripted\n",
                      (unsigned)FT_MAX_RESPONSES);
        abort();
    }
    r = &c->responses[c->n_responses++];
    r->data = data;
    r->len = len;
    r->cut = cut;
    r->fault = fault;
}

/* A caller that never stops calling would hang the suite: stop it here. */
static void count_call(const ft_transport_t *ft)
{
    if ((uint64_t)ft->connects + ft->sends + ft->recvs > FT_MAX_CALLS) {
        (void)fprintf(stderr, "fault_transport: more than %u calls: the caller is spinning\n",
                      (unsigned)FT_MAX_CALLS);
        abort();
    }
}

static const ft_conn_t *current(const ft_transport_t *ft)
{
    static const ft_conn_t healthy_closed = { .connect_status = RMQDR_OK,
                                              .idle = RMQDR_ERR_CLOSED };

    return (ft->n_conns == 0U) ? &healthy_closed : &ft->conns[ft->conn_index];
}

static void note_timeout(ft_transport_t *ft, uint32_t timeout_ms)
{
    if (timeout_ms > ft->max_timeout_ms) {
        ft->max_timeout_ms = timeout_ms;
    }
}

/* A call that waited its whole timeout for nothing. */
static rmqdr_status_t timed_out(ft_transport_t *ft, uint32_t timeout_ms)
{
    if (ft->clock != NULL) {
        *ft->clock += (int64_t)timeout_ms;
    }
    return RMQDR_ERR_TIMEOUT;
}

/* Any failure other than a timeout ends the connection for good. */
static rmqdr_status_t fail_with(ft_transport_t *ft, rmqdr_status_t st, uint32_t timeout_ms)
{
    ft->broken = st;
    return (st == RMQDR_ERR_TIMEOUT) ? timed_out(ft, timeout_ms) : st;
}

static rmqdr_status_t ft_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    ft_transport_t *ft = ctx;
    const ft_conn_t *c;

    if ((host == NULL) || (host[0] == '\0') || (port == 0U) || ft->connected) {
        ft->misuse++;
    }
    count_call(ft);
    note_timeout(ft, timeout_ms);
    if (ft->connects > 0U && (ft->conn_index + 1U) < ft->n_conns) {
        ft->conn_index++;
    }
    ft->connects++;
    if (ft->on_connect != NULL) {
        ft->on_connect(ft->on_connect_arg, ft->connects);
    }
    ft->resp_index = 0U;
    ft->resp_pos = 0U;
    ft->conn_requests = 0U;
    ft->conn_sent = 0U;
    ft->tail = 0U;
    ft->broken = RMQDR_OK;
    c = current(ft);
    if (c->connect_status != RMQDR_OK) {
        return (c->connect_status == RMQDR_ERR_TIMEOUT) ? timed_out(ft, timeout_ms)
                                                          : c->connect_status;
    }
    ft->connected = true;
    return RMQDR_OK;
}

static rmqdr_status_t ft_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                              uint32_t timeout_ms)
{
    ft_transport_t *ft = ctx;
    const ft_conn_t *c = current(ft);
    size_t n = len;
    size_t i;

    ft->sends++;
    count_call(ft);
    note_timeout(ft, timeout_ms);
    if (sent == NULL) {
        ft->misuse++;
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    *sent = 0U;
    if (!ft->connected || (buf == NULL) || (len == 0U)) {
        ft->misuse++;
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (ft->broken != RMQDR_OK) {
        return fail_with(ft, ft->broken, timeout_ms);
    }
    if ((ft->send_max != 0U) && (n > ft->send_max)) {
        n = ft->send_max;
    }
    if (c->send_fault != RMQDR_OK) {
        if (ft->conn_sent >= c->send_cut) {
            return fail_with(ft, c->send_fault, timeout_ms);
        }
        if (n > c->send_cut - ft->conn_sent) {
            n = c->send_cut - ft->conn_sent; /* the bytes before the fault still go */
        }
    }
    for (i = 0U; i < n; i++) {
        ft->tail = (ft->tail << 8) | buf[i];
        if (ft->tail == CRLFCRLF) {
            ft->conn_requests++;
            ft->requests++;
        }
        if (ft->sent_len < FT_SENT_MAX) {
            ft->sent[ft->sent_len++] = buf[i];
        }
    }
    ft->conn_sent += n;
    *sent = n;
    return RMQDR_OK;
}

static rmqdr_status_t ft_recv(void *ctx, uint8_t *buf, size_t len, size_t *received,
                              uint32_t timeout_ms)
{
    ft_transport_t *ft = ctx;
    const ft_conn_t *c = current(ft);
    const ft_response_t *r;
    size_t end;
    size_t n;

    ft->recvs++;
    count_call(ft);
    note_timeout(ft, timeout_ms);
    if (received == NULL) {
        ft->misuse++;
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    *received = 0U;
    if (!ft->connected || (buf == NULL) || (len == 0U)) {
        ft->misuse++;
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (ft->broken != RMQDR_OK) {
        return fail_with(ft, ft->broken, timeout_ms);
    }
    /* Move past responses already delivered whole. */
    while ((ft->resp_index < c->n_responses) &&
           (ft->resp_pos >= c->responses[ft->resp_index].len) &&
           (c->responses[ft->resp_index].cut >= c->responses[ft->resp_index].len)) {
        ft->resp_index++;
        ft->resp_pos = 0U;
    }
    if ((ft->resp_index >= c->n_responses) ||
        (!c->raw && (ft->conn_requests <= ft->resp_index))) {
        return (c->idle == RMQDR_ERR_TIMEOUT) ? timed_out(ft, timeout_ms) : c->idle;
    }
    r = &c->responses[ft->resp_index];
    end = (r->cut < r->len) ? r->cut : r->len;
    if (ft->resp_pos >= end) {
        return fail_with(ft, r->fault, timeout_ms);
    }
    n = end - ft->resp_pos;
    if (n > len) {
        n = len;
    }
    if (ft->drip_ms > 0U) {
        if (ft->drip_ms > timeout_ms) {
            return timed_out(ft, timeout_ms);
        }
        if (ft->clock != NULL) {
            *ft->clock += (int64_t)ft->drip_ms;
        }
        n = 1U;
    }
    if ((ft->recv_sizes != NULL) && (ft->n_recv_sizes > 0U)) {
        size_t most = ft->recv_sizes[ft->recv_turn % ft->n_recv_sizes];

        ft->recv_turn++;
        if ((most > 0U) && (n > most)) {
            n = most;
        }
    }
    (void)memcpy(buf, &r->data[ft->resp_pos], n);
    ft->resp_pos += n;
    ft->delivered += n;
    *received = n;
    return RMQDR_OK;
}

static void ft_close(void *ctx)
{
    ft_transport_t *ft = ctx;

    if (ft->connected) {
        ft->closes++;
        ft->connected = false;
    }
}

static void ft_last_error(void *ctx, int32_t *os_error, int32_t *tls_error)
{
    ft_transport_t *ft = ctx;

    ft->last_error_calls++;
    *os_error = ft->os_error;
    *tls_error = ft->tls_error;
}

void ft_transport(rmqdr_transport_t *t, ft_transport_t *ft)
{
    t->last_error = ft_last_error;
    t->connect = ft_connect;
    t->send = ft_send;
    t->recv = ft_recv;
    t->close = ft_close;
    t->ctx = ft;
}

/* ---- fake platform ---- */

static rmqdr_status_t fp_now(void *ctx, int64_t *unix_ms)
{
    const ft_platform_t *fp = ctx;

    if (fp->clock_fails) {
        return RMQDR_ERR_PORT_TIME;
    }
    *unix_ms = fp->now_ms;
    return RMQDR_OK;
}

static rmqdr_status_t fp_random(void *ctx, uint8_t *buf, size_t len)
{
    ft_platform_t *fp = ctx;
    size_t i;

    if (fp->random_fails) {
        return RMQDR_ERR_PORT_RANDOM;
    }
    for (i = 0U; i < len; i++) {
        fp->rng ^= fp->rng << 13;
        fp->rng ^= fp->rng >> 7;
        fp->rng ^= fp->rng << 17;
        buf[i] = (uint8_t)(fp->rng >> 24);
    }
    return RMQDR_OK;
}

static void fp_sleep(void *ctx, uint32_t ms)
{
    ft_platform_t *fp = ctx;

    fp->sleeps++;
    fp->slept_ms += ms;
    fp->now_ms += (int64_t)ms;
}

void ft_platform_init(ft_platform_t *fp, rmqdr_platform_t *p)
{
    (void)memset(fp, 0, sizeof *fp);
    fp->now_ms = FT_EPOCH_MS;
    fp->rng = UINT64_C(0x9E3779B97F4A7C15);
    p->now_ms = fp_now;
    p->random = fp_random;
    p->sleep_ms = fp_sleep;
    p->ctx = fp;
}
