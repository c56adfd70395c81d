/*
 * The CONNECT tunnel transport (port/proxy/http_proxy.c) over a scripted
 * lower transport: the request it writes (authority, IPv6 brackets, Basic
 * credentials), replies in one piece or byte by byte, bytes that follow the
 * reply, refusals (403, 407 with and without credentials, 401), malformed
 * and oversized replies, lower failures, argument checks, and that no
 * reason text ever carries the credentials. The real-proxy cases (tinyproxy)
 * are in tests/integration/test_proxy.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "rmqdr/http_proxy.h"

typedef struct {
    rmqdr_status_t connect_status;
    const char *reply;
    size_t reply_len;
    size_t chunk;            /* bytes per recv; 0: all at once */
    size_t pos;
    rmqdr_status_t after;    /* recv status once the reply is used up */
    char sent[4096];
    size_t sent_len;
    unsigned connects, closes;
    char connected_host[64];
    uint16_t connected_port;
} lower_t;

static lower_t L;

static rmqdr_status_t l_connect(void *ctx, const char *host, uint16_t port, uint32_t t)
{
    lower_t *l = ctx;
    (void)t;
    l->connects++;
    strncpy(l->connected_host, host, sizeof l->connected_host - 1U);
    l->connected_port = port;
    return l->connect_status;
}

static rmqdr_status_t l_send(void *ctx, const uint8_t *b, size_t n, size_t *sent, uint32_t t)
{
    lower_t *l = ctx;
    (void)t;
    assert_true(l->sent_len + n <= sizeof l->sent);
    memcpy(&l->sent[l->sent_len], b, n);
    l->sent_len += n;
    *sent = n;
    return RMQDR_OK;
}

static rmqdr_status_t l_recv(void *ctx, uint8_t *b, size_t n, size_t *got, uint32_t t)
{
    lower_t *l = ctx;
    (void)t;
    *got = 0;
    if (l->pos >= l->reply_len) {
        return l->after;
    }
    size_t k = l->reply_len - l->pos;
    if (l->chunk != 0U && k > l->chunk) {
        k = l->chunk;
    }
    if (k > n) {
        k = n;
    }
    memcpy(b, &l->reply[l->pos], k);
    l->pos += k;
    *got = k;
    return RMQDR_OK;
}

static void l_close(void *ctx)
{
    ((lower_t *)ctx)->closes++;
}

static void l_last_error(void *ctx, int32_t *os, int32_t *tls)
{
    (void)ctx;
    *os = ECONNREFUSED;
    *tls = 0;
}

static rmqdr_http_proxy_t P;
static rmqdr_transport_t T;

static rmqdr_status_t setup_proxy(const char *user, const char *pass, const char *reply)
{
    memset(&L, 0, sizeof L);
    L.reply = reply;
    L.reply_len = reply != NULL ? strlen(reply) : 0U;
    L.after = RMQDR_ERR_TIMEOUT;
    rmqdr_transport_t lower = { l_connect, l_send, l_recv, l_close, l_last_error, &L };
    rmqdr_http_proxy_config_t cfg = { "proxy.lan", 3128, user, pass, NULL };
    rmqdr_status_t st = rmqdr_http_proxy_init(&P, &lower, &cfg);
    rmqdr_http_proxy_transport_init(&T, &P);
    return st;
}

static void reason_lacks_secret(void)
{
    char why[256];
    (void)rmqdr_http_proxy_error_reason(&P, why, sizeof why);
    assert_null(strstr(why, "s3cret"));
    assert_null(strstr(why, "czNjcmV0")); /* nor its Base64 */
}

static void test_tunnel_opens_and_keeps_following_bytes(void **state)
{
    (void)state;
    assert_int_equal(setup_proxy(NULL, NULL,
                                 "HTTP/1.1 200 Connection established\r\nVia: x\r\n\r\n\x16\x03\x03"),
                     RMQDR_OK);
    assert_int_equal(T.connect(T.ctx, "api.example.com", 443, 1000), RMQDR_OK);
    assert_string_equal(L.connected_host, "proxy.lan");
    assert_int_equal(L.connected_port, 3128);
    L.sent[L.sent_len] = '\0';
    assert_string_equal(L.sent, "CONNECT api.example.com:443 HTTP/1.1\r\n"
                                "Host: api.example.com:443\r\n\r\n");
    /* The bytes after the blank line are the tunnel's: handed out first. */
    uint8_t b[8];
    size_t n = 0;
    assert_int_equal(T.recv(T.ctx, b, 2, &n, 10), RMQDR_OK);
    assert_int_equal(n, 2);
    assert_memory_equal(b, "\x16\x03", 2);
    assert_int_equal(T.recv(T.ctx, b, sizeof b, &n, 10), RMQDR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(T.recv(T.ctx, b, sizeof b, &n, 10), RMQDR_ERR_TIMEOUT); /* then the lower */
    size_t sent = 0;
    assert_int_equal(T.send(T.ctx, (const uint8_t *)"hi", 2, &sent, 10), RMQDR_OK);
    assert_int_equal(sent, 2);
    char why[64];
    assert_int_equal(rmqdr_http_proxy_error_reason(&P, why, sizeof why), 0);
    T.close(T.ctx);
    assert_int_equal(T.send(T.ctx, (const uint8_t *)"hi", 2, &sent, 10), RMQDR_ERR_BAD_ARGUMENT);
}

static void test_reply_byte_by_byte_and_http10(void **state)
{
    (void)state;
    setup_proxy(NULL, NULL, "HTTP/1.0 200 OK\r\n\r\n");
    L.chunk = 1;
    assert_int_equal(T.connect(T.ctx, "10.0.0.5", 8443, 1000), RMQDR_OK);
}

static void test_credentials_and_ipv6_target(void **state)
{
    (void)state;
    setup_proxy("user", "s3cret", "HTTP/1.1 200 OK\r\n\r\n");
    assert_int_equal(T.connect(T.ctx, "fd00::1", 443, 1000), RMQDR_OK);
    L.sent[L.sent_len] = '\0';
    /* base64("user:s3cret") */
    assert_string_equal(L.sent, "CONNECT [fd00::1]:443 HTTP/1.1\r\nHost: [fd00::1]:443\r\n"
                                "Proxy-Authorization: Basic dXNlcjpzM2NyZXQ=\r\n\r\n");
    /* A user with no password sends "user:" (RFC 7617). */
    setup_proxy("user", NULL, "HTTP/1.1 200 OK\r\n\r\n");
    assert_int_equal(T.connect(T.ctx, "h", 443, 1000), RMQDR_OK);
    L.sent[L.sent_len] = '\0';
    assert_non_null(strstr(L.sent, "Basic dXNlcjo=\r\n"));
}

static void expect_refusal(const char *reply, const char *user, rmqdr_proxy_outcome_t outcome,
                           const char *reason_part)
{
    char why[256];
    setup_proxy(user, user != NULL ? "s3cret" : NULL, reply);
    assert_int_equal(T.connect(T.ctx, "api.example.com", 443, 1000), RMQDR_ERR_CONNECT);
    assert_int_equal(P.outcome, outcome);
    assert_int_equal(L.closes, 2); /* the close before connecting, and the refusal's */
    assert_false(P.connected);
    (void)rmqdr_http_proxy_error_reason(&P, why, sizeof why);
    if (strstr(why, reason_part) == NULL) {
        fail_msg("reason \"%s\" lacks \"%s\"", why, reason_part);
    }
    reason_lacks_secret();
    int32_t os = -1, tls = -1;
    T.last_error(T.ctx, &os, &tls);
    assert_int_equal(os, 0); /* the proxy answered: no socket error */
    assert_int_equal(tls, 0);
}

static void test_refusals(void **state)
{
    (void)state;
    expect_refusal("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", NULL,
                   RMQDR_PROXY_REFUSED, "proxy proxy.lan:3128 refused CONNECT: HTTP 403 Forbidden");
    expect_refusal("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n", NULL,
                   RMQDR_PROXY_AUTH_REQUIRED, "requires authentication (HTTP 407)");
    expect_refusal("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n", "user",
                   RMQDR_PROXY_AUTH_FAILED, "rejected the credentials (HTTP 407)");
    expect_refusal("HTTP/1.0 401 Unauthorized\r\n\r\n", "user", RMQDR_PROXY_AUTH_FAILED,
                   "(HTTP 401)");
    expect_refusal("HTTP/1.1 502 Bad Gateway\r\n\r\n", NULL, RMQDR_PROXY_REFUSED, "HTTP 502");
    expect_refusal("HTTP/1.1 101 Switching\r\n\r\n", NULL, RMQDR_PROXY_REFUSED, "HTTP 101");
    /* A reason phrase with control bytes is shown sanitized. */
    expect_refusal("HTTP/1.1 403 No\x01way\r\n\r\n", NULL, RMQDR_PROXY_REFUSED, "No?way");
}

static void test_malformed_replies(void **state)
{
    (void)state;
    expect_refusal("SSH-2.0-OpenSSH_9.2\r\n\r\n", NULL, RMQDR_PROXY_MALFORMED, "did not answer");
    expect_refusal("HTTP/2 200\r\n\r\n", NULL, RMQDR_PROXY_MALFORMED, "HTTP/1.x");
    expect_refusal("HTTP/1.1 2x0 OK\r\n\r\n", NULL, RMQDR_PROXY_MALFORMED, "HTTP/1.x");
    /* Headers that never end within the buffer. */
    static char big[RMQDR_PROXY_REPLY_MAX + 64];
    memset(big, 'a', sizeof big - 1U);
    memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
    expect_refusal(big, NULL, RMQDR_PROXY_MALFORMED, "did not answer");
}

static void test_lower_failures(void **state)
{
    (void)state;
    char why[256];
    setup_proxy("user", "s3cret", NULL);
    L.connect_status = RMQDR_ERR_CONNECT;
    assert_int_equal(T.connect(T.ctx, "api.example.com", 443, 1000), RMQDR_ERR_CONNECT);
    assert_int_equal(P.outcome, RMQDR_PROXY_UNREACHABLE);
    (void)rmqdr_http_proxy_error_reason(&P, why, sizeof why);
    assert_string_equal(why, "cannot reach proxy proxy.lan:3128: RMQDR_ERR_CONNECT");
    int32_t os = 0, tls = -1;
    T.last_error(T.ctx, &os, &tls);
    assert_int_equal(os, ECONNREFUSED); /* the socket's errno comes through */
    reason_lacks_secret();

    setup_proxy(NULL, NULL, "HTTP/1.1 200 OK\r\n"); /* then silence */
    assert_int_equal(T.connect(T.ctx, "api.example.com", 443, 1000), RMQDR_ERR_TIMEOUT);
    assert_int_equal(P.outcome, RMQDR_PROXY_IO);
    setup_proxy(NULL, NULL, "HTTP/1.1 200 OK\r\n");
    L.after = RMQDR_ERR_CLOSED; /* hung up mid-reply */
    assert_int_equal(T.connect(T.ctx, "api.example.com", 443, 1000), RMQDR_ERR_CONNECT);
    (void)rmqdr_http_proxy_error_reason(&P, why, sizeof why);
    assert_non_null(strstr(why, "broke off"));
}

static void test_arguments(void **state)
{
    (void)state;
    rmqdr_transport_t lower = { l_connect, l_send, l_recv, l_close, NULL, &L };
    rmqdr_http_proxy_config_t ok = { "proxy.lan", 3128, "user", "pw", NULL };
    assert_int_equal(rmqdr_http_proxy_init(&P, &lower, &ok), RMQDR_OK);
    assert_int_equal(rmqdr_http_proxy_init(NULL, &lower, &ok), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_http_proxy_init(&P, NULL, &ok), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_http_proxy_init(&P, &lower, NULL), RMQDR_ERR_BAD_ARGUMENT);
    static const rmqdr_http_proxy_config_t bad[] = {
        { "", 3128, NULL, NULL, NULL },         { NULL, 3128, NULL, NULL, NULL },
        { "proxy", 0, NULL, NULL, NULL },       { "pro\r\nxy", 1, NULL, NULL, NULL },
        { "proxy", 1, "us:er", "pw", NULL },    { "proxy", 1, "user\r\nX: y", "pw", NULL },
        { "proxy", 1, "user", "p\nw", NULL },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(rmqdr_http_proxy_init(&P, &lower, &bad[i]), RMQDR_ERR_BAD_ARGUMENT);
    }
    static char long_pw[RMQDR_PROXY_CRED_MAX + 2U];
    memset(long_pw, 'p', sizeof long_pw - 1U);
    rmqdr_http_proxy_config_t too_long = { "proxy", 1, "user", long_pw, NULL };
    assert_int_equal(rmqdr_http_proxy_init(&P, &lower, &too_long), RMQDR_ERR_BAD_ARGUMENT);
    long_pw[RMQDR_PROXY_CRED_MAX] = '\0'; /* exactly the maximum fits */
    assert_int_equal(rmqdr_http_proxy_init(&P, &lower, &too_long), RMQDR_OK);

    setup_proxy(NULL, NULL, "HTTP/1.1 200 OK\r\n\r\n");
    assert_int_equal(T.connect(T.ctx, "bad\r\nhost", 443, 1000), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(T.connect(T.ctx, "", 443, 1000), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(T.connect(T.ctx, "h", 0, 1000), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(L.connects, 0); /* nothing reached the network */
    uint8_t b[4];
    size_t n = 9;
    assert_int_equal(T.recv(T.ctx, b, sizeof b, &n, 10), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(n, 0);
    char why[8] = "x";
    assert_int_equal(rmqdr_http_proxy_error_reason(NULL, why, sizeof why), 0);
    assert_string_equal(why, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tunnel_opens_and_keeps_following_bytes),
        cmocka_unit_test(test_reply_byte_by_byte_and_http10),
        cmocka_unit_test(test_credentials_and_ipv6_target),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_malformed_replies),
        cmocka_unit_test(test_lower_failures),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
