/* One HTTP/1.1 exchange over the core decoder for credential providers. */
#include "fetch.h"

#include <stdio.h>
#include <string.h>

#include "rmqdr/http.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/request.h"
#include "rmqdr/tls_mbedtls.h"

#define REQUEST_MAX 2048U

typedef struct {
    rmqdr_platform_t platform;
    rmqdr_posix_socket_t socket;
    rmqdr_transport_t tcp;
    rmqdr_tls_t tls;
    rmqdr_transport_t tls_transport;
    const rmqdr_transport_t *t;
    bool tls_ready;
    int64_t end_ms;
} link_t;

static uint32_t left_ms(const link_t *l)
{
    int64_t now = 0;

    (void)l->platform.now_ms(l->platform.ctx, &now);
    return (l->end_ms > now) ? (uint32_t)(l->end_ms - now) : 0U;
}

static rmqdr_status_t on_body(void *ctx, const uint8_t *data, size_t len)
{
    cli_fetch_reply_t *r = (cli_fetch_reply_t *)ctx;

    if (len >= r->cap - r->len) {
        return RMQDR_ERR_BUFFER_TOO_SMALL;
    }
    (void)memcpy(&r->body[r->len], data, len);
    r->len += len;
    r->body[r->len] = '\0';
    return RMQDR_OK;
}

static rmqdr_status_t open_link(link_t *l, const cli_fetch_t *req, uint32_t timeout_ms)
{
    int64_t now = 0;

    rmqdr_posix_platform_init(&l->platform);
    (void)l->platform.now_ms(l->platform.ctx, &now);
    l->end_ms = now + (int64_t)timeout_ms;
    rmqdr_posix_transport_init(&l->tcp, &l->socket);
    l->t = &l->tcp;
    if (req->tls) {
        rmqdr_tls_config_t cfg;
        rmqdr_status_t st;

        (void)memset(&cfg, 0, sizeof cfg);
        cfg.ca_file = req->ca_file;
        cfg.platform = &l->platform;
        st = rmqdr_tls_init(&l->tls, &l->tcp, &cfg);
        if (st != RMQDR_OK) {
            return st;
        }
        l->tls_ready = true;
        rmqdr_tls_transport_init(&l->tls_transport, &l->tls);
        l->t = &l->tls_transport;
    }
    return (left_ms(l) > 0U) ? l->t->connect(l->t->ctx, req->host, req->port, left_ms(l)) : RMQDR_ERR_TIMEOUT;
}

static rmqdr_status_t send_request(link_t *l, const cli_fetch_t *req)
{
    char buf[REQUEST_MAX];
    size_t done = 0U;
    rmqdr_status_t st = RMQDR_OK;
    int n = snprintf(buf, sizeof buf,
                     "%s %s HTTP/1.1\r\nHost: %s:%u\r\nUser-Agent: rmqdr/" RMQDR_VERSION
                     " credentials\r\nAccept: application/json, text/plain\r\nConnection: close\r\n"
                     "%sContent-Length: 0\r\n\r\n",
                     req->method, req->target, req->host, (unsigned)req->port,
                     (req->headers != NULL) ? req->headers : "");

    const char *data = (req->raw != NULL) ? req->raw : buf;
    size_t total = (req->raw != NULL) ? req->raw_len : (size_t)n;

    if ((req->raw == NULL) && ((n < 0) || ((size_t)n >= sizeof buf))) {
        return RMQDR_ERR_BUFFER_TOO_SMALL;
    }
    while ((st == RMQDR_OK) && (done < total)) {
        size_t sent = 0U;

        st = (left_ms(l) > 0U) ? l->t->send(l->t->ctx, (const uint8_t *)&data[done], total - done, &sent,
                                            left_ms(l))
                               : RMQDR_ERR_TIMEOUT;
        done += sent;
    }
    (void)memset(buf, 0, sizeof buf); /* the metadata token header */
    return st;
}

static rmqdr_status_t read_response(link_t *l, cli_fetch_reply_t *reply)
{
    rmqdr_http_decoder_t d;
    uint8_t rx[512];
    rmqdr_status_t st = RMQDR_OK;

    rmqdr_http_init(&d);
    while ((st == RMQDR_OK) && !rmqdr_http_message_done(&d)) {
        size_t got = 0U;

        st = (left_ms(l) > 0U) ? l->t->recv(l->t->ctx, rx, sizeof rx, &got, left_ms(l)) : RMQDR_ERR_TIMEOUT;
        if (st == RMQDR_OK) {
            st = (reply->on_body != NULL) ? rmqdr_http_feed(&d, rx, got, reply->on_body, reply->body_ctx)
                                          : rmqdr_http_feed(&d, rx, got, on_body, reply);
        } else if (st == RMQDR_ERR_CLOSED) {
            st = rmqdr_http_finish(&d);
        } else {
            /* the transport's failure */
        }
    }
    reply->http_status = (int)d.head.status;
    return st;
}

rmqdr_status_t cli_fetch(const cli_fetch_t *req, uint32_t timeout_ms, cli_fetch_reply_t *reply)
{
    link_t l;
    rmqdr_status_t st;
    int32_t tls_error = 0;

    (void)memset(&l, 0, sizeof l);
    reply->http_status = 0;
    reply->len = 0U;
    reply->os_error = 0;
    if (reply->cap == 0U) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    reply->body[0] = '\0';
    st = open_link(&l, req, timeout_ms);
    st = (st == RMQDR_OK) ? send_request(&l, req) : st;
    st = (st == RMQDR_OK) ? read_response(&l, reply) : st;
    if ((st != RMQDR_OK) && (l.tcp.last_error != NULL)) {
        l.tcp.last_error(l.tcp.ctx, &reply->os_error, &tls_error);
    }
    l.t->close(l.t->ctx);
    if (l.tls_ready) {
        rmqdr_tls_free(&l.tls);
    }
    return st;
}
