/*
 * Edges the other suites do not reach: a failing crypto library (every
 * mbedTLS hash call made to fail in turn), every public entry point given
 * NULL or out-of-domain arguments, client settings at their limits,
 * paging termination, retry classification of API errors, a connection
 * that goes stale twice in one call, and the response classifier on
 * unusual but legal inputs.
 *
 * The crypto faults work by interposition: this binary defines the mbedTLS
 * md functions core/src/sign.c calls; each forwards to the real one (found
 * with dlsym(RTLD_NEXT)) unless the call is the one chosen to fail.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/md.h>

#include "fault_transport.h"
#include "ft_rig.h"
#include "rmqdr/client.h"
#include "rmqdr/sign.h"

/* ------------------------------------------------------------------ */
/* A crypto library that fails on demand                               */
/* ------------------------------------------------------------------ */

static long md_calls;      /* md calls since arming */
static long md_fail_at = -1; /* the call (0-based) that fails; -1: none */

/* True when this call is the one that must fail. */
static bool md_should_fail(void)
{
    bool fail = (md_fail_at >= 0) && (md_calls == md_fail_at);

    md_calls++;
    return fail;
}

static void *real(const char *name)
{
    void *fn = dlsym(RTLD_NEXT, name);

    if (fn == NULL) {
        fail_msg("dlsym(%s) failed", name);
    }
    return fn;
}

/* Function pointers come out of dlsym as void *: copied, not cast, as ISO C
 * has no conversion between the two. */
#define FORWARD(type, name, ...)                 \
    do {                                         \
        type fn_;                                \
        void *sym_ = real(#name);                \
        memcpy(&fn_, &sym_, sizeof fn_);         \
        return fn_(__VA_ARGS__);                 \
    } while (0)

typedef const mbedtls_md_info_t *(*info_fn)(mbedtls_md_type_t);
typedef int (*setup_fn)(mbedtls_md_context_t *, const mbedtls_md_info_t *, int);
typedef int (*ctx_fn)(mbedtls_md_context_t *);
typedef int (*update_fn)(mbedtls_md_context_t *, const unsigned char *, size_t);
typedef int (*finish_fn)(mbedtls_md_context_t *, unsigned char *);

const mbedtls_md_info_t *mbedtls_md_info_from_type(mbedtls_md_type_t md_type)
{
    if (md_should_fail()) {
        return NULL;
    }
    FORWARD(info_fn, mbedtls_md_info_from_type, md_type);
}

int mbedtls_md_setup(mbedtls_md_context_t *ctx, const mbedtls_md_info_t *info, int hmac)
{
    if (md_should_fail()) {
        return MBEDTLS_ERR_MD_ALLOC_FAILED;
    }
    FORWARD(setup_fn, mbedtls_md_setup, ctx, info, hmac);
}

int mbedtls_md_starts(mbedtls_md_context_t *ctx)
{
    if (md_should_fail()) {
        return MBEDTLS_ERR_MD_BAD_INPUT_DATA;
    }
    FORWARD(ctx_fn, mbedtls_md_starts, ctx);
}

int mbedtls_md_update(mbedtls_md_context_t *ctx, const unsigned char *in, size_t len)
{
    if (md_should_fail()) {
        return MBEDTLS_ERR_MD_BAD_INPUT_DATA;
    }
    FORWARD(update_fn, mbedtls_md_update, ctx, in, len);
}

int mbedtls_md_finish(mbedtls_md_context_t *ctx, unsigned char *out)
{
    if (md_should_fail()) {
        return MBEDTLS_ERR_MD_BAD_INPUT_DATA;
    }
    FORWARD(finish_fn, mbedtls_md_finish, ctx, out);
}

int mbedtls_md_hmac_starts(mbedtls_md_context_t *ctx, const unsigned char *key, size_t len)
{
    if (md_should_fail()) {
        return MBEDTLS_ERR_MD_BAD_INPUT_DATA;
    }
    FORWARD(update_fn, mbedtls_md_hmac_starts, ctx, key, len);
}

int mbedtls_md_hmac_update(mbedtls_md_context_t *ctx, const unsigned char *in, size_t len)
{
    if (md_should_fail()) {
        return MBEDTLS_ERR_MD_BAD_INPUT_DATA;
    }
    FORWARD(update_fn, mbedtls_md_hmac_update, ctx, in, len);
}

int mbedtls_md_hmac_finish(mbedtls_md_context_t *ctx, unsigned char *out)
{
    if (md_should_fail()) {
        return MBEDTLS_ERR_MD_BAD_INPUT_DATA;
    }
    FORWARD(finish_fn, mbedtls_md_hmac_finish, ctx, out);
}

/* ------------------------------------------------------------------ */
/* Shared fixtures                                                     */
/* ------------------------------------------------------------------ */

static rmqdr_config_t sample_config(void)
{
    rmqdr_config_t c;

    memset(&c, 0, sizeof c);
    c.access_key_id = "LTAIedgeKeyId";
    c.access_key_secret = "edge-secret";
    c.security_token = "CAIS.edge-token";
    c.region_id = "cn-hangzhou";
    return c;
}

static rmqdr_request_t sample_request(void)
{
    rmqdr_request_t r;

    memset(&r, 0, sizeof r);
    r.plan_id = "1300000016";
    r.item_id = "100070284";
    r.instance_id = "rmq-cn-edge";
    r.filter = "orders";
    return r;
}

static rmqdr_stamp_t sample_stamp(void)
{
    rmqdr_stamp_t s;

    memset(&s, 0, sizeof s);
    memcpy(s.date, "2026-01-01T00:00:00Z", sizeof "2026-01-01T00:00:00Z");
    memcpy(s.nonce, "00ff", sizeof "00ff");
    return s;
}

#define OK_BODY                                                                            \
    "{\"requestId\":\"R\",\"success\":true,\"data\":{\"pageNumber\":1,\"pageSize\":2,"     \
    "\"totalCount\":%d,\"list\":[%s]}}"
#define ELEMENT "{\"checkpointId\":1}"

/* A 200 page with totalCount and list elements as given. */
static size_t make_page(uint8_t *buf, size_t cap, int total, const char *list)
{
    char body[512];
    int n = snprintf(body, sizeof body, OK_BODY, total, list);
    int m;

    assert_true((n > 0) && ((size_t)n < sizeof body));
    m = snprintf((char *)buf, cap,
                 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
                 n, body);
    assert_true((m > 0) && ((size_t)m < cap));
    return (size_t)m;
}

static size_t make_error(uint8_t *buf, size_t cap, int status, const char *json)
{
    int n = snprintf((char *)buf, cap,
                     "HTTP/1.1 %d Error\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                     status, strlen(json), json);

    assert_true((n > 0) && ((size_t)n < cap));
    return (size_t)n;
}

typedef struct {
    ft_rig_t base; /* client over the fault double (ft_rig.h) */
    rmqdr_checkpoint_t items[4];
    rmqdr_envelope_t env;
} rig_t;

static rig_t rig;

static void rig_setup(uint32_t retries)
{
    memset(&rig, 0, sizeof rig);
    ft_rig_init(&rig.base);
    rig.base.cfg.config = sample_config();
    rig.base.cfg.timeout_ms = 1000U;
    rig.base.cfg.max_retries = retries;
    rig.base.cfg.backoff_base_ms = 10U;
    rig.base.cfg.backoff_max_ms = 40U;
    assert_int_equal(rmqdr_client_init(&rig.base.client, &rig.base.cfg), RMQDR_OK);
}

static bool memmem_found(const uint8_t *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    size_t i;

    for (i = 0U; (k <= n) && (i <= n - k); i++) {
        if (memcmp(&hay[i], needle, k) == 0) {
            return true;
        }
    }
    return false;
}

static rmqdr_status_t call(void)
{
    rmqdr_request_t req = sample_request();
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(rig.items, 4U);

    return rmqdr_list_checkpoints(&rig.base.client, &req, &sink, &rig.env);
}

/* ------------------------------------------------------------------ */
/* Crypto failures                                                     */
/* ------------------------------------------------------------------ */

/* Every md call of a request build fails in turn: each gives
 * RMQDR_ERR_CRYPTO and leaves nothing usable in the buffer. */
static void test_crypto_failure_every_call(void **state)
{
    rmqdr_config_t cfg = sample_config();
    rmqdr_request_t req = sample_request();
    rmqdr_stamp_t stamp = sample_stamp();
    static char buf[RMQDR_REQUEST_MAX_SIZE];
    static char good[RMQDR_REQUEST_MAX_SIZE];
    size_t good_len = 0U;
    size_t len = 0U;
    long calls;
    long k;

    (void)state;
    md_fail_at = -1;
    md_calls = 0;
    assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, good, sizeof good, &good_len),
                     RMQDR_OK);
    calls = md_calls;
    assert_true(calls >= 8); /* SHA-256 of the canonical request, then the HMAC */
    for (k = 0; k < calls; k++) {
        memset(buf, 'Z', sizeof buf);
        md_calls = 0;
        md_fail_at = k;
        assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, buf, sizeof buf, &len),
                         RMQDR_ERR_CRYPTO);
        assert_int_equal(len, 0U);
        assert_true(buf[0] == '\0'); /* wiped, never a half-signed request */
        assert_null(memchr(buf, 'G', good_len));
    }
    md_fail_at = -1;
    assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, buf, sizeof buf, &len), RMQDR_OK);
    assert_int_equal(len, good_len);
    assert_memory_equal(buf, good, len);
}

/* Through the client: a crypto failure is final and nothing is sent. */
static void test_crypto_failure_in_client(void **state)
{
    (void)state;
    rig_setup(3U);
    (void)ft_add_conn(&rig.base.ft, RMQDR_OK);
    md_calls = 0;
    md_fail_at = 2;
    assert_int_equal(call(), RMQDR_ERR_CRYPTO);
    md_fail_at = -1;
    assert_int_equal(rig.base.ft.connects, 0U);
    assert_int_equal(rig.base.client.stats.retries, 0U);
}

static void test_sign_arguments(void **state)
{
    static const rmqdr_sign_header_t headers[] = { { "host", "h" }, { "x-acs-date", " d " } };
    static const rmqdr_sign_header_t unsorted[] = { { "x-acs-date", "d" }, { "host", "h" } };
    static const rmqdr_sign_header_t upper[] = { { "Host", "h" } };
    static const rmqdr_sign_header_t empty_name[] = { { "", "h" } };
    static const rmqdr_sign_header_t null_value[] = { { "host", NULL } };
    static const rmqdr_sign_header_t null_name[] = { { NULL, "h" } };
    rmqdr_canonical_request_t c;
    rmqdr_canonical_request_t bad;
    char out[RMQDR_STRING_TO_SIGN_SIZE];
    char sig[RMQDR_SHA256_HEX_SIZE];

    (void)state;
    memset(&c, 0, sizeof c);
    c.method = "GET";
    c.uri = "/";
    c.uri_len = 1U;
    c.query = "";
    c.query_len = 0U;
    c.headers = headers;
    c.header_count = 2U;
    c.payload_sha256_hex = RMQDR_EMPTY_BODY_SHA256;
    assert_int_equal(rmqdr_sign_string_to_sign(&c, out, sizeof out), RMQDR_OK);
    assert_int_equal(rmqdr_sign_string_to_sign(&c, out, sizeof out - 1U), RMQDR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(rmqdr_sign_string_to_sign(&c, NULL, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_sign_string_to_sign(NULL, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad = c;
    bad.method = NULL;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad = c;
    bad.uri = NULL;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad = c;
    bad.query = NULL;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_OK); /* empty */
    bad.query_len = 3U;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad = c;
    bad.payload_sha256_hex = NULL;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad = c;
    bad.headers = NULL;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad = c;
    bad.header_count = 0U;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad = c;
    bad.headers = unsorted;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad.headers = upper;
    bad.header_count = 1U;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad.headers = empty_name;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad.headers = null_value;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);
    bad.headers = null_name;
    assert_int_equal(rmqdr_sign_string_to_sign(&bad, out, sizeof out), RMQDR_ERR_BAD_ARGUMENT);

    assert_int_equal(rmqdr_sign_signature("k", 1U, "s", sig, sizeof sig), RMQDR_OK);
    assert_int_equal(rmqdr_sign_signature("k", 1U, "s", sig, sizeof sig - 1U),
                     RMQDR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(rmqdr_sign_signature(NULL, 1U, "s", sig, sizeof sig), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_sign_signature("k", 0U, "s", sig, sizeof sig), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_sign_signature("k", 1U, NULL, sig, sizeof sig), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_sign_signature("k", 1U, "s", NULL, sizeof sig), RMQDR_ERR_BAD_ARGUMENT);
}

/* ------------------------------------------------------------------ */
/* NULL and out-of-domain arguments                                    */
/* ------------------------------------------------------------------ */

static void test_request_arguments(void **state)
{
    rmqdr_config_t cfg = sample_config();
    rmqdr_request_t req = sample_request();
    rmqdr_stamp_t stamp = sample_stamp();
    rmqdr_endpoint_t ep;
    rmqdr_platform_t p;
    ft_platform_t fp;
    char buf[64];
    char date[RMQDR_DATE_SIZE];
    size_t len = 0U;

    (void)state;
    assert_int_equal(rmqdr_request_validate(NULL, &req, NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_request_validate(&cfg, NULL, NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_endpoint_resolve(NULL, 443U, &ep), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_endpoint_resolve(&cfg, 443U, NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_format_date(0, NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_format_date(-1, date), RMQDR_ERR_PORT_TIME);
    assert_int_equal(rmqdr_request_build(&cfg, &req, NULL, buf, sizeof buf, &len),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, NULL, sizeof buf, &len),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, buf, sizeof buf, NULL),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, buf, sizeof buf, &len),
                     RMQDR_ERR_BUFFER_TOO_SMALL);
    assert_true(len > sizeof buf);
    /* stamps: every missing hook, a clock before 1970 or past 9999 */
    ft_platform_init(&fp, &p);
    assert_int_equal(rmqdr_stamp_make(NULL, 0, &stamp), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_stamp_make(&p, 0, NULL), RMQDR_ERR_BAD_ARGUMENT);
    p.now_ms = NULL;
    assert_int_equal(rmqdr_stamp_make(&p, 0, &stamp), RMQDR_ERR_BAD_ARGUMENT);
    ft_platform_init(&fp, &p);
    p.random = NULL;
    assert_int_equal(rmqdr_stamp_make(&p, 0, &stamp), RMQDR_ERR_BAD_ARGUMENT);
    ft_platform_init(&fp, &p);
    assert_int_equal(rmqdr_stamp_make(&p, -FT_EPOCH_MS - 1, &stamp), RMQDR_ERR_PORT_TIME);
    assert_int_equal(rmqdr_stamp_make(&p, INT64_C(253402300800000), &stamp), RMQDR_ERR_PORT_TIME);
    /* dates and nonces the builder refuses */
    {
        static const char *const bad_dates[] = {
            "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-01-32T00:00:00Z",
            "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z",
            "2026-01-01T00:00:61Z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00",
        };
        size_t i;
        static char big[RMQDR_REQUEST_MAX_SIZE];

        for (i = 0U; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
            stamp = sample_stamp();
            memset(stamp.date, 0, sizeof stamp.date);
            memcpy(stamp.date, bad_dates[i], strlen(bad_dates[i]));
            assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, big, sizeof big, &len),
                             RMQDR_ERR_BAD_DATE);
        }
        stamp = sample_stamp();
        stamp.date[sizeof stamp.date - 1U] = 'x'; /* not terminated */
        assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, big, sizeof big, &len),
                         RMQDR_ERR_BAD_DATE);
        stamp = sample_stamp();
        stamp.nonce[0] = '\0';
        assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, big, sizeof big, &len),
                         RMQDR_ERR_BAD_NONCE);
        memcpy(stamp.nonce, "0g", 3U);
        assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, big, sizeof big, &len),
                         RMQDR_ERR_BAD_NONCE);
        memset(stamp.nonce, 'a', sizeof stamp.nonce); /* 65 digits, unterminated */
        assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, big, sizeof big, &len),
                         RMQDR_ERR_BAD_NONCE);
        memcpy(stamp.nonce, "AF", 3U); /* upper-case hex is fine */
        assert_int_equal(rmqdr_request_build(&cfg, &req, &stamp, big, sizeof big, &len), RMQDR_OK);
    }
}

/* Endpoint forms: IPv6 literals with and without a port, bad brackets,
 * host names at their limits, regions. */
static void test_endpoint_forms(void **state)
{
    typedef struct {
        const char *endpoint;
        const char *region;
        rmqdr_status_t want;
        const char *host;
        uint16_t port;
    } ep_case_t;
    static const ep_case_t cases[] = {
        { "[::1]:8443", NULL, RMQDR_OK, "::1", 8443U },
        { "[fe80::A:b]", NULL, RMQDR_OK, "fe80::A:b", 443U },
        { "[::1]x", NULL, RMQDR_ERR_BAD_ENDPOINT, NULL, 0U },
        { "[::g]", NULL, RMQDR_ERR_BAD_ENDPOINT, NULL, 0U },
        { "[::1", NULL, RMQDR_ERR_BAD_ENDPOINT, NULL, 0U },
        { ".example.com", NULL, RMQDR_ERR_BAD_ENDPOINT, NULL, 0U },
        { "-example.com", NULL, RMQDR_ERR_BAD_ENDPOINT, NULL, 0U },
        { "Example-1.COM:1", NULL, RMQDR_OK, "Example-1.COM", 1U },
        { "ex_ample.com", NULL, RMQDR_ERR_BAD_ENDPOINT, NULL, 0U },
        { NULL, "cn-hangzhou", RMQDR_OK, "rocketmq.cn-hangzhou.aliyuncs.com", 443U },
        { NULL, "CN-hangzhou", RMQDR_ERR_BAD_REGION, NULL, 0U },
        { NULL, "cn_hangzhou", RMQDR_ERR_BAD_REGION, NULL, 0U },
        { NULL, "cn-hangzhou-9", RMQDR_OK, "rocketmq.cn-hangzhou-9.aliyuncs.com", 443U },
        { NULL, NULL, RMQDR_ERR_BAD_ENDPOINT, NULL, 0U },
    };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        rmqdr_config_t cfg = sample_config();
        rmqdr_endpoint_t ep;
        rmqdr_status_t st;

        cfg.endpoint = cases[i].endpoint;
        cfg.region_id = cases[i].region;
        st = rmqdr_endpoint_resolve(&cfg, 443U, &ep);
        if (st != cases[i].want) {
            fail_msg("%s / %s: got %s", cases[i].endpoint ? cases[i].endpoint : "-",
                     cases[i].region ? cases[i].region : "-", rmqdr_status_name(st));
        }
        if (st == RMQDR_OK) {
            assert_string_equal(ep.host, cases[i].host);
            assert_int_equal(ep.port, cases[i].port);
        }
    }
}

static void test_decoder_arguments(void **state)
{
    rmqdr_json_decoder_t d;
    rmqdr_http_decoder_t h;
    rmqdr_envelope_t env;
    rmqdr_checkpoint_t cp;
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&cp, NULL, NULL);

    (void)state;
    rmqdr_json_init(NULL, &env, NULL); /* harmless */
    rmqdr_json_init(&d, NULL, NULL);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)"{}", 2U), RMQDR_ERR_BAD_ARGUMENT);
    rmqdr_json_init(&d, &env, &sink); /* a callback sink without a function */
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_json_feed(NULL, (const uint8_t *)"{}", 2U), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_json_finish(NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_json_error_offset(NULL), 0U);
    assert_int_equal(rmqdr_json_stored(NULL), 0U);
    assert_int_equal(rmqdr_json_callback_status(NULL), RMQDR_ERR_BAD_ARGUMENT);
    rmqdr_json_init(&d, &env, NULL); /* NULL sink: count only */
    assert_int_equal(rmqdr_json_feed(&d, NULL, 1U), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_json_callback_status(&d), RMQDR_OK);

    rmqdr_http_init(&h);
    assert_int_equal(rmqdr_http_feed(NULL, (const uint8_t *)"H", 1U, NULL, NULL),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_http_feed(&h, NULL, 1U, NULL, NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_http_finish(NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_false(rmqdr_http_headers_done(NULL));
    assert_false(rmqdr_http_message_done(NULL));
    assert_false(rmqdr_http_can_reuse(NULL));
    /* a body with nobody to take it is decoded and dropped */
    {
        static const char msg[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";

        rmqdr_http_init(&h);
        assert_int_equal(rmqdr_http_feed(&h, (const uint8_t *)msg, sizeof msg - 1U, NULL, NULL),
                         RMQDR_OK);
        assert_true(rmqdr_http_message_done(&h));
        assert_true(rmqdr_http_can_reuse(&h));
    }
    assert_string_equal(rmqdr_status_name((rmqdr_status_t)12345), "RMQDR_ERR_UNKNOWN");
    assert_non_null(rmqdr_status_message((rmqdr_status_t)12345));
}

static void test_client_arguments(void **state)
{
    rmqdr_client_config_t cfg;
    rmqdr_client_t c;
    rmqdr_request_t req = sample_request();
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(rig.items, 4U);

    (void)state;
    rig_setup(1U);
    cfg = rig.base.cfg;
    assert_int_equal(rmqdr_client_init(NULL, &cfg), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_client_init(&c, NULL), RMQDR_ERR_BAD_ARGUMENT);
    cfg.transport = NULL;
    assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_ERR_BAD_ARGUMENT);
    cfg = rig.base.cfg;
    cfg.platform = NULL;
    assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_ERR_BAD_ARGUMENT);
    cfg = rig.base.cfg;
    cfg.request_buf = NULL;
    assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_ERR_BAD_ARGUMENT);
    {
        rmqdr_platform_t p = rig.base.platform;

        cfg = rig.base.cfg;
        cfg.platform = &p;
        p.now_ms = NULL;
        assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_ERR_BAD_ARGUMENT);
        p = rig.base.platform;
        p.random = NULL;
        assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_ERR_BAD_ARGUMENT);
        p = rig.base.platform;
        p.sleep_ms = NULL; /* needed only when retrying */
        assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_ERR_BAD_ARGUMENT);
        cfg.max_retries = 0U;
        assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_OK);
    }
    /* plain TCP: loopback only; a bad endpoint is reported first */
    cfg = rig.base.cfg;
    cfg.transport_is_tls = false;
    assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_ERR_PLAIN_NOT_LOOPBACK);
    cfg.config.endpoint = "127.0.0.1:8080";
    assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_OK);
    assert_int_equal(c.endpoint.port, 8080U);
    cfg.config.endpoint = "localhost";
    assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_OK);
    assert_int_equal(c.endpoint.port, 80U);
    cfg.config.endpoint = "bad host";
    assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_ERR_BAD_ENDPOINT);

    rmqdr_client_close(NULL);
    assert_int_equal(rmqdr_list_checkpoints(NULL, &req, &sink, &rig.env), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_list_checkpoints(&rig.base.client, NULL, &sink, &rig.env),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_list_checkpoints(&rig.base.client, &req, NULL, &rig.env),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_list_checkpoints(&rig.base.client, &req, &sink, NULL),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_list_all_checkpoints(NULL, &req, &sink, &rig.env, NULL, NULL),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_list_all_checkpoints(&rig.base.client, NULL, &sink, &rig.env, NULL, NULL),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_list_all_checkpoints(&rig.base.client, &req, NULL, &rig.env, NULL, NULL),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_list_all_checkpoints(&rig.base.client, &req, &sink, NULL, NULL, NULL),
                     RMQDR_ERR_BAD_ARGUMENT);
    /* a request the validator refuses is never sent nor retried */
    req.plan_id = NULL;
    assert_int_equal(rmqdr_list_checkpoints(&rig.base.client, &req, &sink, &rig.env),
                     RMQDR_ERR_MISSING_PLAN_ID);
    assert_int_equal(rig.base.ft.connects, 0U);
    assert_int_equal(rig.base.client.stats.retries, 0U);
}

/* ------------------------------------------------------------------ */
/* Client behaviour                                                    */
/* ------------------------------------------------------------------ */

/* Which API errors are retried: throttling, ServiceUnavailable,
 * InternalError codes, any 5xx and 429; nothing else. */
static void test_api_error_classification(void **state)
{
    typedef struct {
        int status;
        const char *code;
        bool retried;
    } api_case_t;
    static const api_case_t cases[] = {
        { 400, "Throttling.User", true },      { 503, "ServiceUnavailable", true },
        { 400, "InternalError.X", true },     { 502, "Whatever", true },
        { 429, "TooMany", true },             { 404, "Instance.NotFound", false },
        { 403, "Forbidden.RAM", false },      { 499, "InvalidParameter", false },
    };
    static uint8_t err[512];
    static uint8_t ok[1024];
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        char json[256];
        ft_conn_t *c;
        size_t n;

        (void)snprintf(json, sizeof json,
                       "{\"RequestId\":\"R\",\"HostId\":\"h\",\"Code\":\"%s\",\"Message\":\"m\"}",
                       cases[i].code);
        n = make_error(err, sizeof err, cases[i].status, json);
        rig_setup(1U);
        c = ft_add_conn(&rig.base.ft, RMQDR_OK);
        ft_add_response(c, err, n, FT_NO_CUT, RMQDR_OK);
        ft_add_response(c, ok, make_page(ok, sizeof ok, 1, ELEMENT), FT_NO_CUT, RMQDR_OK);
        assert_int_equal(call(), cases[i].retried ? RMQDR_OK : RMQDR_ERR_API);
        assert_int_equal(rig.base.client.stats.retries, cases[i].retried ? 1U : 0U);
        if (!cases[i].retried) {
            assert_string_equal(rig.env.code, cases[i].code);
            assert_int_equal(rig.env.http_status, cases[i].status);
        }
    }
}

static rmqdr_status_t stop_after_first(void *ctx, const rmqdr_envelope_t *page)
{
    (void)ctx;
    (void)page;
    return RMQDR_ERR_ABORTED_BY_CALLBACK;
}

/* Paging stops on: the page reaching totalCount, an empty page (even if
 * totalCount says more), totalCount 0, the caller's on_page, an error. */
static void test_paging_termination(void **state)
{
    static uint8_t p1[1024];
    static uint8_t p2[1024];
    rmqdr_request_t req = sample_request();
    rmqdr_json_sink_t sink;
    ft_conn_t *c;

    (void)state;
    sink = rmqdr_json_sink_array(rig.items, 4U);
    /* totalCount 5 but the second page is empty: two requests, no third */
    rig_setup(0U);
    c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    ft_add_response(c, p1, make_page(p1, sizeof p1, 5, ELEMENT "," ELEMENT), FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, p2, make_page(p2, sizeof p2, 5, ""), FT_NO_CUT, RMQDR_OK);
    assert_int_equal(rmqdr_list_all_checkpoints(&rig.base.client, &req, &sink, &rig.env, NULL, NULL),
                     RMQDR_OK);
    assert_int_equal(rig.base.ft.requests, 2U);
    assert_true(memmem_found(rig.base.ft.sent, rig.base.ft.sent_len, "pageSize=100"));

    /* totalCount 0 with items: one request */
    rig_setup(0U);
    c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    ft_add_response(c, p1, make_page(p1, sizeof p1, 0, ELEMENT), FT_NO_CUT, RMQDR_OK);
    assert_int_equal(rmqdr_list_all_checkpoints(&rig.base.client, &req, &sink, &rig.env, NULL, NULL),
                     RMQDR_OK);
    assert_int_equal(rig.base.ft.requests, 1U);

    /* on_page stops the listing with its status */
    rig_setup(0U);
    c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    ft_add_response(c, p1, make_page(p1, sizeof p1, 5, ELEMENT "," ELEMENT), FT_NO_CUT, RMQDR_OK);
    assert_int_equal(rmqdr_list_all_checkpoints(&rig.base.client, &req, &sink, &rig.env,
                                                stop_after_first, NULL),
                     RMQDR_ERR_ABORTED_BY_CALLBACK);
    assert_int_equal(rig.base.ft.requests, 1U);

    /* an error on the first page is returned as is */
    rig_setup(0U);
    (void)ft_add_conn(&rig.base.ft, RMQDR_ERR_CONNECT);
    assert_int_equal(rmqdr_list_all_checkpoints(&rig.base.client, &req, &sink, &rig.env, NULL, NULL),
                     RMQDR_ERR_CONNECT);
}

/* A kept-alive connection goes stale, is reopened, the new one is kept
 * across a clock-skew re-sign and goes stale too: the second time is an
 * ordinary failure (one transparent reopening per call). */
static void test_stale_twice(void **state)
{
    static uint8_t page[1024];
    static uint8_t skew[512];
    size_t page_len = make_page(page, sizeof page, 1, ELEMENT);
    size_t skew_len;
    ft_conn_t *c;
    int n;

    (void)state;
    {
        static const char json[] = "{\"RequestId\":\"R\",\"Code\":\"InvalidTimeStamp.Expired\"}";

        n = snprintf((char *)skew, sizeof skew,
                     "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                     "Date: Thu, 01 Jan 2026 01:00:00 GMT\r\nContent-Length: %zu\r\n\r\n%s",
                     sizeof json - 1U, json);
    }
    assert_true(n > 0);
    skew_len = (size_t)n;
    rig_setup(0U);
    c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    ft_add_response(c, page, page_len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, page, page_len, 0U, RMQDR_ERR_RESET);
    c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    ft_add_response(c, skew, skew_len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, page, page_len, 0U, RMQDR_ERR_CLOSED);
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(call(), RMQDR_ERR_HTTP_TRUNCATED);
    assert_int_equal(rig.base.client.stats.reconnects, 1U);
    assert_int_equal(rig.base.client.clock_offset_ms, 3600 * 1000);
    assert_int_equal(rig.base.ft.connects, 2U);
    assert_false(rig.base.ft.connected);
}

/* ------------------------------------------------------------------ */
/* Response classification                                             */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *what;
    const char *text;
    rmqdr_status_t result;
} classify_case_t;

static void test_response_classification(void **state)
{
    static const classify_case_t cases[] = {
        { "2xx with success:false and no code",
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n"
          "{\"success\":false}", RMQDR_ERR_API },
        { "2xx with code 200 and no success",
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
          "{\"code\":200}", RMQDR_ERR_UNEXPECTED_RESPONSE },
        { "4xx JSON without a code",
          "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
          RMQDR_ERR_API },
        { "204 without a body",
          "HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\n\r\n",
          RMQDR_ERR_JSON_TRUNCATED },
        { "2xx success:true but a 201",
          "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n"
          "{\"success\":true}", RMQDR_OK },
    };
    static rmqdr_response_t r;
    rmqdr_envelope_t env;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        rmqdr_status_t st;

        rmqdr_response_init(&r, &env, NULL);
        assert_int_equal(rmqdr_response_feed(&r, (const uint8_t *)cases[i].text,
                                             strlen(cases[i].text)), RMQDR_OK);
        assert_true(rmqdr_response_done(&r));
        st = rmqdr_response_result(&r);
        if (st != cases[i].result) {
            fail_msg("%s: got %s, want %s", cases[i].what, rmqdr_status_name(st),
                     rmqdr_status_name(cases[i].result));
        }
        /* bytes after a complete message are a framing disagreement */
        assert_int_equal(rmqdr_response_feed(&r, (const uint8_t *)"x", 1U),
                         (st == RMQDR_OK || st == RMQDR_ERR_API ||
                          st == RMQDR_ERR_UNEXPECTED_RESPONSE)
                             ? RMQDR_ERR_HTTP_TRAILING_BYTES : st);
    }
    /* asking for the result before the message ended */
    rmqdr_response_init(&r, &env, NULL);
    assert_int_equal(rmqdr_response_feed(&r, (const uint8_t *)"HTTP/1.1 200 OK\r\n", 17U), RMQDR_OK);
    assert_false(rmqdr_response_done(&r));
    assert_int_equal(rmqdr_response_result(&r), RMQDR_ERR_HTTP_TRUNCATED);
    assert_int_equal(rmqdr_response_finish(&r), RMQDR_ERR_HTTP_TRUNCATED);
    assert_int_equal(rmqdr_response_finish(&r), RMQDR_ERR_HTTP_TRUNCATED); /* sticky */
    assert_int_equal(rmqdr_response_feed(&r, (const uint8_t *)"x", 1U), RMQDR_ERR_HTTP_TRUNCATED);
    /* feeding nothing after the end is not an error */
    rmqdr_response_init(&r, &env, NULL);
    assert_int_equal(rmqdr_response_feed(&r, (const uint8_t *)cases[0].text, strlen(cases[0].text)),
                     RMQDR_OK);
    assert_int_equal(rmqdr_response_feed(&r, (const uint8_t *)"", 0U), RMQDR_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crypto_failure_every_call),
        cmocka_unit_test(test_crypto_failure_in_client),
        cmocka_unit_test(test_sign_arguments),
        cmocka_unit_test(test_request_arguments),
        cmocka_unit_test(test_endpoint_forms),
        cmocka_unit_test(test_decoder_arguments),
        cmocka_unit_test(test_client_arguments),
        cmocka_unit_test(test_api_error_classification),
        cmocka_unit_test(test_paging_termination),
        cmocka_unit_test(test_stale_twice),
        cmocka_unit_test(test_response_classification),
    };

    return cmocka_run_group_tests_name("edges", tests, NULL, NULL);
}
