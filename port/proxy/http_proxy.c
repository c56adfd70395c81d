/*
 * HTTP CONNECT tunnel over any rmqdr_transport_t (see http_proxy.h).
 *
 * The reply is read in chunks into the state's buffer until the blank line
 * that ends its headers (RFC 9112 section 2.1); bytes after it already
 * belong to the tunnel and are handed to the first recv calls. Only the
 * status line is interpreted (RFC 9112 section 4): a 2xx opens the tunnel
 * (RFC 9110 section 9.3.6), anything else is a refusal.
 */
#include "rmqdr/http_proxy.h"

#include <stdio.h>
#include <string.h>

#include <mbedtls/base64.h>
#include <mbedtls/platform_util.h>

/* Longest DNS name (RFC 1035) and so the longest host accepted. */
#define HOST_MAX 253U
/* CONNECT request: two host:port copies, the Basic header, framing. */
#define REQUEST_MAX (2U * (HOST_MAX + 8U) + 4U * ((2U * RMQDR_PROXY_CRED_MAX + 3U) / 3U) + 128U)

/* Printable ASCII only (no CR/LF: they would inject header lines), at most
 * max bytes, optionally without ':'. NULL counts as empty. */
static bool valid_text(const char *s, size_t max, bool allow_colon)
{
    size_t n = 0;
    if (s == NULL) {
        return true;
    }
    for (; s[n] != '\0'; n++) {
        unsigned char c = (unsigned char)s[n];
        if (c < 0x20U || c > 0x7EU || n >= max || (!allow_colon && c == ':')) {
            return false;
        }
    }
    return true;
}

rmqdr_status_t rmqdr_http_proxy_init(rmqdr_http_proxy_t *proxy, const rmqdr_transport_t *lower,
                                     const rmqdr_http_proxy_config_t *config)
{
    if (proxy == NULL) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    memset(proxy, 0, sizeof *proxy);
    if (lower == NULL || lower->connect == NULL || lower->send == NULL || lower->recv == NULL ||
        lower->close == NULL || config == NULL || config->host == NULL ||
        config->host[0] == '\0' || config->port == 0U ||
        !valid_text(config->host, HOST_MAX, true) ||
        !valid_text(config->username, RMQDR_PROXY_CRED_MAX, false) ||
        !valid_text(config->password, RMQDR_PROXY_CRED_MAX, true)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    proxy->lower = *lower;
    proxy->config = *config;
    return RMQDR_OK;
}

void rmqdr_http_proxy_transport_init(rmqdr_transport_t *transport, rmqdr_http_proxy_t *proxy)
{
    if (transport == NULL) {
        return;
    }
    transport->connect = rmqdr_http_proxy_connect;
    transport->send = rmqdr_http_proxy_send;
    transport->recv = rmqdr_http_proxy_recv;
    transport->close = rmqdr_http_proxy_close;
    transport->last_error = rmqdr_http_proxy_last_error;
    transport->ctx = proxy;
}

/* ---- time ---- */

typedef struct {
    const rmqdr_platform_t *platform;
    bool have_start;
    int64_t start_ms;
    uint32_t timeout_ms;
} budget_t;

static void budget_start(budget_t *b, const rmqdr_platform_t *platform, uint32_t timeout_ms)
{
    b->platform = platform;
    b->timeout_ms = timeout_ms;
    b->have_start = platform != NULL && platform->now_ms != NULL &&
                    platform->now_ms(platform->ctx, &b->start_ms) == RMQDR_OK;
}

/* What is left of the timeout (all of it without a clock). */
static uint32_t budget_left(const budget_t *b)
{
    int64_t now = 0;
    if (!b->have_start || b->platform->now_ms(b->platform->ctx, &now) != RMQDR_OK) {
        return b->timeout_ms;
    }
    int64_t left = b->start_ms + (int64_t)b->timeout_ms - now;
    if (left <= 0) {
        return 0;
    }
    return left > (int64_t)b->timeout_ms ? b->timeout_ms : (uint32_t)left;
}

/* ---- the CONNECT request ---- */

/* "host:port", bracketing an IPv6 literal (RFC 9112 section 3.2.3). */
static int authority(char *out, size_t cap, const char *host, uint16_t port)
{
    bool v6 = strchr(host, ':') != NULL;
    return snprintf(out, cap, "%s%s%s:%u", v6 ? "[" : "", host, v6 ? "]" : "", (unsigned)port);
}

/* Appends "Proxy-Authorization: Basic base64(user:pass)\r\n" when a user
 * name is configured. Returns the new length, or 0 when it does not fit. */
static size_t add_auth(const rmqdr_http_proxy_config_t *cfg, char *req, size_t len, size_t cap)
{
    static const char prefix[] = "Proxy-Authorization: Basic ";
    unsigned char pair[2U * RMQDR_PROXY_CRED_MAX + 2U];
    size_t b64_len = 0;
    if (cfg->username == NULL) {
        return len;
    }
    const char *pw = cfg->password != NULL ? cfg->password : "";
    int n = snprintf((char *)pair, sizeof pair, "%s:%s", cfg->username, pw);
    if (n < 0 || (size_t)n >= sizeof pair || len + sizeof prefix + 2U > cap) {
        mbedtls_platform_zeroize(pair, sizeof pair);
        return 0;
    }
    memcpy(&req[len], prefix, sizeof prefix - 1U);
    len += sizeof prefix - 1U;
    int ret = mbedtls_base64_encode((unsigned char *)&req[len], cap - len - 2U, &b64_len, pair,
                                    (size_t)n);
    mbedtls_platform_zeroize(pair, sizeof pair);
    if (ret != 0) {
        return 0;
    }
    len += b64_len;
    req[len] = '\r';
    req[len + 1U] = '\n';
    return len + 2U;
}

static size_t build_request(const rmqdr_http_proxy_config_t *cfg, const char *host, uint16_t port,
                            char *req, size_t cap)
{
    char target[HOST_MAX + 10U];
    int n = authority(target, sizeof target, host, port);
    if (n < 0 || (size_t)n >= sizeof target) {
        return 0;
    }
    n = snprintf(req, cap, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n", target, target);
    if (n < 0 || (size_t)n >= cap) {
        return 0;
    }
    size_t len = add_auth(cfg, req, (size_t)n, cap);
    if (len == 0U || len + 2U >= cap) {
        return 0;
    }
    req[len] = '\r'; /* the blank line; the request is sent by length */
    req[len + 1U] = '\n';
    return len + 2U;
}

static rmqdr_status_t send_all(rmqdr_http_proxy_t *p, const char *data, size_t len,
                               const budget_t *b)
{
    size_t done = 0;
    while (done < len) {
        size_t n = 0;
        rmqdr_status_t st = p->lower.send(p->lower.ctx, (const uint8_t *)&data[done], len - done,
                                          &n, budget_left(b));
        if (st != RMQDR_OK) {
            return st;
        }
        done += n;
    }
    return RMQDR_OK;
}

/* ---- the reply ---- */

/* Reads until the blank line ending the headers; *end is the offset just
 * past it. RMQDR_ERR_UNEXPECTED_RESPONSE when the buffer fills first. */
static rmqdr_status_t read_reply(rmqdr_http_proxy_t *p, const budget_t *b, size_t *end)
{
    size_t scanned = 0;
    for (;;) {
        for (; scanned + 4U <= p->buf_len; scanned++) {
            if (memcmp(&p->buf[scanned], "\r\n\r\n", 4U) == 0) {
                *end = scanned + 4U;
                return RMQDR_OK;
            }
        }
        if (p->buf_len == sizeof p->buf) {
            return RMQDR_ERR_UNEXPECTED_RESPONSE;
        }
        size_t n = 0;
        rmqdr_status_t st = p->lower.recv(p->lower.ctx, &p->buf[p->buf_len],
                                          sizeof p->buf - p->buf_len, &n, budget_left(b));
        if (st != RMQDR_OK) {
            return st;
        }
        p->buf_len += n;
    }
}

/* "HTTP/1.x NNN reason\r\n": the code, and the reason phrase kept printable. */
static bool parse_status_line(rmqdr_http_proxy_t *p)
{
    const uint8_t *s = p->buf;
    if (p->buf_len < 12U || memcmp(s, "HTTP/1.", 7U) != 0 || s[8] != ' ' || s[12] != ' ' ||
        s[9] < '1' || s[9] > '5' || s[10] < '0' || s[10] > '9' || s[11] < '0' || s[11] > '9') {
        return false;
    }
    p->http_status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    size_t i = 13U, o = 0;
    while (i < p->buf_len && s[i] != '\r' && o + 1U < sizeof p->reason_phrase) {
        p->reason_phrase[o++] = (s[i] >= 0x20U && s[i] <= 0x7EU) ? (char)s[i] : '?';
        i++;
    }
    p->reason_phrase[o] = '\0';
    return true;
}

static rmqdr_status_t fail(rmqdr_http_proxy_t *p, rmqdr_proxy_outcome_t outcome,
                           rmqdr_status_t lower, rmqdr_status_t result)
{
    p->outcome = outcome;
    p->lower_status = lower;
    p->lower.close(p->lower.ctx);
    p->buf_len = 0;
    p->buf_pos = 0;
    return result;
}

/* After the request went out: read and judge the reply. */
static rmqdr_status_t finish_connect(rmqdr_http_proxy_t *p, const budget_t *b)
{
    size_t end = 0;
    rmqdr_status_t st = read_reply(p, b, &end);
    if (st == RMQDR_ERR_UNEXPECTED_RESPONSE || (st == RMQDR_OK && !parse_status_line(p))) {
        return fail(p, RMQDR_PROXY_MALFORMED, RMQDR_OK, RMQDR_ERR_CONNECT);
    }
    if (st != RMQDR_OK) {
        return fail(p, RMQDR_PROXY_IO, st, st == RMQDR_ERR_CLOSED ? RMQDR_ERR_CONNECT : st);
    }
    /* 407 (RFC 9110 15.5.8); some proxies (tinyproxy) answer wrong
     * credentials with 401. */
    if (p->http_status == 407 || p->http_status == 401) {
        return fail(p, p->config.username != NULL ? RMQDR_PROXY_AUTH_FAILED
                                                  : RMQDR_PROXY_AUTH_REQUIRED,
                    RMQDR_OK, RMQDR_ERR_CONNECT);
    }
    if (p->http_status < 200 || p->http_status > 299) {
        return fail(p, RMQDR_PROXY_REFUSED, RMQDR_OK, RMQDR_ERR_CONNECT);
    }
    p->buf_pos = end; /* what follows is the tunnel's */
    p->connected = true;
    return RMQDR_OK;
}

rmqdr_status_t rmqdr_http_proxy_connect(void *ctx, const char *host, uint16_t port,
                                        uint32_t timeout_ms)
{
    rmqdr_http_proxy_t *p = ctx;
    if (p == NULL || p->lower.connect == NULL || host == NULL || host[0] == '\0' || port == 0U ||
        !valid_text(host, HOST_MAX, true)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    rmqdr_http_proxy_close(p);
    p->outcome = RMQDR_PROXY_OK;
    p->lower_status = RMQDR_OK;
    p->http_status = 0;
    p->reason_phrase[0] = '\0';
    budget_t b;
    budget_start(&b, p->config.platform, timeout_ms);

    char req[REQUEST_MAX];
    size_t len = build_request(&p->config, host, port, req, sizeof req);
    if (len == 0U) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    rmqdr_status_t st = p->lower.connect(p->lower.ctx, p->config.host, p->config.port,
                                         budget_left(&b));
    if (st != RMQDR_OK) {
        mbedtls_platform_zeroize(req, sizeof req);
        p->outcome = RMQDR_PROXY_UNREACHABLE;
        p->lower_status = st;
        return st;
    }
    st = send_all(p, req, len, &b);
    mbedtls_platform_zeroize(req, sizeof req); /* it held the credentials */
    if (st != RMQDR_OK) {
        return fail(p, RMQDR_PROXY_IO, st, st == RMQDR_ERR_CLOSED ? RMQDR_ERR_CONNECT : st);
    }
    return finish_connect(p, &b);
}

rmqdr_status_t rmqdr_http_proxy_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                                     uint32_t timeout_ms)
{
    rmqdr_http_proxy_t *p = ctx;
    if (sent != NULL) {
        *sent = 0;
    }
    if (p == NULL || !p->connected) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    return p->lower.send(p->lower.ctx, buf, len, sent, timeout_ms);
}

rmqdr_status_t rmqdr_http_proxy_recv(void *ctx, uint8_t *buf, size_t len, size_t *received,
                                     uint32_t timeout_ms)
{
    rmqdr_http_proxy_t *p = ctx;
    if (received != NULL) {
        *received = 0;
    }
    if (p == NULL || !p->connected || buf == NULL || received == NULL || len == 0U) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (p->buf_pos < p->buf_len) {
        size_t n = p->buf_len - p->buf_pos;
        n = n < len ? n : len;
        memcpy(buf, &p->buf[p->buf_pos], n);
        p->buf_pos += n;
        *received = n;
        return RMQDR_OK;
    }
    return p->lower.recv(p->lower.ctx, buf, len, received, timeout_ms);
}

void rmqdr_http_proxy_close(void *ctx)
{
    rmqdr_http_proxy_t *p = ctx;
    if (p == NULL || p->lower.close == NULL) {
        return;
    }
    p->lower.close(p->lower.ctx);
    p->connected = false;
    p->buf_len = 0;
    p->buf_pos = 0;
}

void rmqdr_http_proxy_last_error(void *ctx, int32_t *os_error, int32_t *tls_error)
{
    const rmqdr_http_proxy_t *p = ctx;
    if (os_error != NULL) {
        *os_error = 0;
    }
    if (tls_error != NULL) {
        *tls_error = 0;
    }
    /* A proxy that answered leaves no socket error to report. */
    if (p != NULL && p->lower.last_error != NULL && os_error != NULL &&
        (p->outcome == RMQDR_PROXY_OK || p->outcome == RMQDR_PROXY_UNREACHABLE ||
         p->outcome == RMQDR_PROXY_IO)) {
        int32_t ignored = 0;
        p->lower.last_error(p->lower.ctx, os_error, &ignored);
    }
}

size_t rmqdr_http_proxy_error_reason(const rmqdr_http_proxy_t *proxy, char *buf, size_t size)
{
    if (buf == NULL || size == 0U) {
        return 0;
    }
    buf[0] = '\0';
    if (proxy == NULL || proxy->config.host == NULL) {
        return 0;
    }
    char where[HOST_MAX + 10U];
    (void)authority(where, sizeof where, proxy->config.host, proxy->config.port);
    int n = 0;
    switch (proxy->outcome) {
    case RMQDR_PROXY_UNREACHABLE:
        n = snprintf(buf, size, "cannot reach proxy %s: %s", where,
                     rmqdr_status_name(proxy->lower_status));
        break;
    case RMQDR_PROXY_IO:
        n = snprintf(buf, size, "proxy %s broke off the CONNECT exchange: %s", where,
                     rmqdr_status_name(proxy->lower_status));
        break;
    case RMQDR_PROXY_REFUSED:
        n = snprintf(buf, size, "proxy %s refused CONNECT: HTTP %d %s", where,
                     proxy->http_status, proxy->reason_phrase);
        break;
    case RMQDR_PROXY_AUTH_REQUIRED:
        n = snprintf(buf, size, "proxy %s requires authentication (HTTP %d); give "
                     "user:password in the proxy URL", where, proxy->http_status);
        break;
    case RMQDR_PROXY_AUTH_FAILED:
        n = snprintf(buf, size, "proxy %s rejected the credentials (HTTP %d)", where,
                     proxy->http_status);
        break;
    case RMQDR_PROXY_MALFORMED:
        n = snprintf(buf, size, "proxy %s did not answer CONNECT with HTTP/1.x", where);
        break;
    default:
        break;
    }
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n < size ? (size_t)n : size - 1U;
}
