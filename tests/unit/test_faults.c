/*
 * Fault injection: rmqdr_list_checkpoints over the scripted transport of
 * tests/support/fault_transport.h, on a fake platform (pinned clock,
 * reproducible randomness, counted sleeps), so every case is fast and
 * deterministic.
 *
 * Covered: fragmentation of every size, short writes of every size,
 * would-block (timeout) storms, timeouts at every phase (connect, TLS
 * handshake, request, headers, body), reset and peer close at every byte
 * offset of a response (Content-Length, chunked and until-close framing),
 * stale kept-alive connections, retries in array and callback mode, API
 * throttling and clock skew.
 *
 * Every case checks four things: the status; that the connection was
 * closed (no leak) and the transport never misused; that no call waited
 * longer than the configured timeout (simulated clock) nor spun; and that
 * nothing partial is reported as complete: the envelope equals what the
 * delivered prefix alone decodes to, list_count counts exactly the list
 * elements whose closing brace arrived, those items equal the reference
 * decode, and every array slot past them is untouched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>


#include "fault_transport.h"
#include "ft_rig.h"
#include "rmqdr/client.h"
#include "rmqdr/tls_mbedtls.h"

#define ITEMS 3U          /* list elements in the canned page */
#define CAP 4U            /* array slots given to the client */
#define RESP_MAX 4096U
#define TIMEOUT_MS 2000U
#define SENTINEL 0xA5

/* ------------------------------------------------------------------ */
/* Canned responses                                                    */
/* ------------------------------------------------------------------ */

typedef enum { FRAME_LENGTH, FRAME_CHUNKED, FRAME_CLOSE, FRAME_COUNT } frame_t;

static const char *const frame_names[FRAME_COUNT] = { "content-length", "chunked", "until-close" };

typedef struct {
    uint8_t bytes[RESP_MAX];
    size_t len;
    size_t head_len;              /* offset of the first body byte */
    size_t elem_close[ITEMS];     /* response offset of each element's closing brace */
    size_t json_end;              /* response offset just past the document */
} response_t;

static char body[RESP_MAX];
static size_t body_len;
static size_t body_elem_close[ITEMS];
static response_t responses[FRAME_COUNT];
static rmqdr_envelope_t ref_env;
static rmqdr_checkpoint_t ref_items[CAP];

static void body_append(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(&body[body_len], sizeof body - body_len, fmt, ap);
    va_end(ap);
    assert_true((n > 0) && ((size_t)n < sizeof body - body_len));
    body_len += (size_t)n;
}

static void progress(const char *region, const char *instance, unsigned i, long long fetch,
                     long long consumed)
{
    body_append("{\"regionId\":\"%s\",\"instanceId\":\"%s\",\"instanceType\":\"ALIYUN_ROCKETMQ\","
                "\"consumerGroupId\":\"GID_fault_%u\",\"topicName\":\"TOPIC_fault_%u\","
                "\"lastFetchTime\":%lld,\"progressData\":{\"consumeTimestamp\":%lld}}",
                region, instance, i, i, fetch, consumed);
}

/* One page of ITEMS checkpoints, compact; remembers where each element closes. */
static void make_body(void)
{
    unsigned i;

    body_len = 0U;
    body_append("{\"requestId\":\"REQ-FAULT-1\",\"success\":true,\"code\":200,\"message\":\"ok\","
                "\"httpStatusCode\":200,\"data\":{\"pageNumber\":1,\"pageSize\":10,"
                "\"totalCount\":%u,\"list\":[", ITEMS);
    for (i = 0U; i < ITEMS; i++) {
        body_append("%s{\"planId\":1300000016,\"itemId\":100070284,\"checkpointId\":%u,"
                    "\"lastSyncTime\":1767225500000,\"sourceProgress\":", (i > 0U) ? "," : "",
                    1000000100U + i);
        progress("cn-hangzhou", "rmq-cn-src", i, 1767225590000LL + i, 1767225580000LL + i);
        body_append(",\"targetProgress\":");
        progress("cn-shanghai", "rmq-cn-dst", i, 1767225591000LL + i, 1767225570000LL + i);
        body_append("}");
        body_elem_close[i] = body_len - 1U;
    }
    body_append("]}}");
}

static void resp_append(response_t *r, const void *data, size_t len)
{
    assert_true(len <= RESP_MAX - r->len);
    memcpy(&r->bytes[r->len], data, len);
    r->len += len;
}

static void make_response(frame_t f)
{
    static const size_t chunk_sizes[] = { 1U, 5U, 64U, 300U, 2U };
    response_t *r = &responses[f];
    char head[512];
    size_t body_at[RESP_MAX];
    size_t at = 0U;
    size_t k = 0U;
    unsigned i;
    int n;

    memset(r, 0, sizeof *r);
    n = snprintf(head, sizeof head,
                 "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n"
                 "Content-Type: application/json;charset=utf-8\r\nx-acs-request-id: REQ-FAULT-1\r\n");
    assert_true(n > 0);
    resp_append(r, head, (size_t)n);
    if (f == FRAME_LENGTH) {
        n = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", body_len);
    } else if (f == FRAME_CHUNKED) {
        n = snprintf(head, sizeof head, "Transfer-Encoding: chunked\r\n\r\n");
    } else {
        n = snprintf(head, sizeof head, "Connection: close\r\n\r\n");
    }
    resp_append(r, head, (size_t)n);
    r->head_len = r->len;
    while (at < body_len) {
        size_t len = body_len - at;
        size_t j;

        if (f == FRAME_CHUNKED) {
            size_t want = chunk_sizes[k++ % (sizeof chunk_sizes / sizeof chunk_sizes[0])];

            len = (want < len) ? want : len;
            n = snprintf(head, sizeof head, "%zx\r\n", len);
            resp_append(r, head, (size_t)n);
        }
        for (j = 0U; j < len; j++) {
            body_at[at + j] = r->len + j;
        }
        resp_append(r, &body[at], len);
        at += len;
        if (f == FRAME_CHUNKED) {
            resp_append(r, "\r\n", 2U);
        }
    }
    if (f == FRAME_CHUNKED) {
        resp_append(r, "0\r\n\r\n", 5U);
    }
    for (i = 0U; i < ITEMS; i++) {
        r->elem_close[i] = body_at[body_elem_close[i]];
    }
    r->json_end = body_at[body_len - 1U] + 1U;
}

/* What the pipeline alone makes of the first @p n bytes of @p r. */
static void decode_prefix(const response_t *r, size_t n, rmqdr_envelope_t *env,
                          rmqdr_checkpoint_t *items)
{
    static rmqdr_response_t dec;
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(items, CAP);

    memset(items, SENTINEL, CAP * sizeof items[0]);
    rmqdr_response_init(&dec, env, &sink);
    (void)rmqdr_response_feed(&dec, r->bytes, n);
}

/* ------------------------------------------------------------------ */
/* The rig: client over the scripted transport on the fake platform     */
/* ------------------------------------------------------------------ */

typedef struct {
    ft_platform_t fp;
    rmqdr_platform_t platform;
    ft_transport_t ft;
    rmqdr_transport_t transport;
    rmqdr_client_t client;
    char request_buf[RMQDR_REQUEST_MAX_SIZE];
    rmqdr_checkpoint_t items[CAP];
    rmqdr_envelope_t env;
    ft_seen_t seen;        /* callback mode: checkpoints delivered, their ids in order */
} rig_t;

static rig_t rig;

static void rig_setup_over(const rmqdr_transport_t *transport, uint32_t retries)
{
    rmqdr_client_config_t cfg;

    ft_rig_config(&cfg, transport, &rig.platform, rig.request_buf, sizeof rig.request_buf);
    cfg.config.access_key_id = "LTAIfaultKeyId";
    cfg.config.access_key_secret = "fault-secret-never-sent";
    cfg.timeout_ms = TIMEOUT_MS;
    cfg.max_retries = retries;
    cfg.backoff_base_ms = 100U;
    cfg.backoff_max_ms = 800U;
    assert_int_equal(rmqdr_client_init(&rig.client, &cfg), RMQDR_OK);
    memset(rig.items, SENTINEL, sizeof rig.items);
    memset(&rig.env, SENTINEL, sizeof rig.env);
    rig.seen.calls = 0U;
}

/* Fresh rig with an empty script; the test adds connections next. */
static void rig_setup(uint32_t retries)
{
    ft_rig_wire(&rig.fp, &rig.platform, &rig.ft, &rig.transport);
    rig_setup_over(&rig.transport, retries);
}

static rmqdr_status_t call_array(void)
{
    rmqdr_request_t req = ft_rig_page_request();
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(rig.items, CAP);

    memset(rig.items, SENTINEL, sizeof rig.items);
    return rmqdr_list_checkpoints(&rig.client, &req, &sink, &rig.env);
}

static rmqdr_status_t call_callback(void)
{
    rmqdr_request_t req = ft_rig_page_request();
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&rig.items[0], ft_seen_record, &rig.seen);

    return rmqdr_list_checkpoints(&rig.client, &req, &sink, &rig.env);
}

/* Elements whose closing brace is among the first n bytes. */
static uint32_t complete_before(const response_t *r, size_t n)
{
    uint32_t k = 0U;
    unsigned i;

    for (i = 0U; i < ITEMS; i++) {
        k += (r->elem_close[i] < n) ? 1U : 0U;
    }
    return k;
}

/* After a call that ended with the connection's end: no leak, no misuse,
 * no wait longer than the timeout, no spinning. */
static void expect_transport_sane(void)
{
    assert_false(rig.ft.connected);
    assert_int_equal(rig.ft.misuse, 0U);
    assert_true(rig.ft.max_timeout_ms <= TIMEOUT_MS);
    /* every recv either delivered bytes or ended a connection */
    assert_true(rig.ft.recvs <= rig.ft.delivered + rig.ft.connects);
}

/* Nothing partial is reported as complete after the client saw n bytes of r. */
static void expect_prefix_reported(const response_t *r, size_t n)
{
    rmqdr_envelope_t env;
    rmqdr_checkpoint_t items[CAP];
    uint32_t complete = complete_before(r, n);
    uint32_t stored = (complete < CAP) ? complete : CAP;
    rmqdr_checkpoint_t untouched;
    unsigned i;

    decode_prefix(r, n, &env, items);
    assert_memory_equal(&rig.env, &env, sizeof env);
    assert_int_equal(rig.env.list_count, complete);
    assert_int_equal(rig.env.http_status, (n >= r->head_len) ? 200 : 0);
    memset(&untouched, SENTINEL, sizeof untouched);
    for (i = 0U; i < stored; i++) {
        assert_memory_equal(&rig.items[i], &ref_items[i], sizeof ref_items[i]);
    }
    for (i = stored; i < CAP; i++) {
        assert_memory_equal(&rig.items[i], &untouched, sizeof untouched);
    }
}

static void expect_full_page(void)
{
    assert_memory_equal(&rig.env, &ref_env, sizeof ref_env);
    assert_memory_equal(rig.items, ref_items, ITEMS * sizeof ref_items[0]);
}

static int group_setup(void **state)
{
    frame_t f;

    (void)state;
    make_body();
    for (f = FRAME_LENGTH; f < FRAME_COUNT; f++) {
        make_response(f);
    }
    memset(ref_items, SENTINEL, sizeof ref_items);
    {
        static rmqdr_response_t dec;
        rmqdr_json_sink_t sink = rmqdr_json_sink_array(ref_items, CAP);
        const response_t *r = &responses[FRAME_LENGTH];

        rmqdr_response_init(&dec, &ref_env, &sink);
        assert_int_equal(rmqdr_response_feed(&dec, r->bytes, r->len), RMQDR_OK);
        assert_true(rmqdr_response_done(&dec));
        assert_int_equal(rmqdr_response_result(&dec), RMQDR_OK);
    }
    assert_int_equal(ref_env.list_count, ITEMS);
    assert_int_equal(ref_items[ITEMS - 1U].checkpoint_id, 1000000100 + (int64_t)ITEMS - 1);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Fragmentation and short writes                                      */
/* ------------------------------------------------------------------ */

static void test_fragmentation_every_size(void **state)
{
    frame_t f;

    (void)state;
    for (f = FRAME_LENGTH; f < FRAME_COUNT; f++) {
        const response_t *r = &responses[f];
        size_t k;

        for (k = 1U; k <= r->len; k++) {
            rig_setup(0U);
            ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT,
                            RMQDR_OK);
            rig.ft.recv_sizes = &k;
            rig.ft.n_recv_sizes = 1U;
            rmqdr_status_t got = call_array();

            if (got != RMQDR_OK) {
                fail_msg("%s in %zu-byte pieces: %s", frame_names[f], k, rmqdr_status_name(got));
            }
            expect_full_page();
            /* the client reads only what it needs: never past the message */
            assert_int_equal(rig.ft.delivered, r->len);
            rmqdr_client_close(&rig.client);
            expect_transport_sane();
        }
    }
}

static void test_fragmentation_random(void **state)
{
    uint64_t seed = 12345U;
    unsigned round;

    (void)state;
    for (round = 0U; round < 300U; round++) {
        const response_t *r = &responses[round % FRAME_COUNT];
        size_t sizes[16];
        size_t i;

        for (i = 0U; i < 16U; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            sizes[i] = 1U + (size_t)((seed >> 33) % ((i % 4U == 0U) ? 600U : 9U));
        }
        rig_setup(0U);
        ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
        rig.ft.recv_sizes = sizes;
        rig.ft.n_recv_sizes = 16U;
        assert_int_equal(call_array(), RMQDR_OK);
        expect_full_page();
        rmqdr_client_close(&rig.client);
        expect_transport_sane();
    }
}

static void test_short_writes_every_size(void **state)
{
    static uint8_t first[FT_SENT_MAX];
    size_t first_len;
    size_t k;
    const response_t *r = &responses[FRAME_LENGTH];

    (void)state;
    rig_setup(0U);
    ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_OK);
    first_len = rig.ft.sent_len;
    memcpy(first, rig.ft.sent, first_len);
    assert_true(first_len > 200U);
    assert_memory_equal(&first[first_len - 4U], "\r\n\r\n", 4U);
    assert_false(ft_sent_contains(&rig.ft, "fault-secret")); /* the secret never goes on the wire */

    for (k = 1U; k <= first_len; k++) {
        rig_setup(0U);
        ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
        rig.ft.send_max = k;
        assert_int_equal(call_array(), RMQDR_OK);
        /* pinned clock and randomness: the same bytes, however they were cut */
        assert_int_equal(rig.ft.sent_len, first_len);
        assert_memory_equal(rig.ft.sent, first, first_len);
        assert_int_equal(rig.ft.sends, (first_len + k - 1U) / k);
        assert_int_equal(rig.ft.requests, 1U);
        expect_full_page();
        rmqdr_client_close(&rig.client);
        expect_transport_sane();
    }
}

/* ------------------------------------------------------------------ */
/* Reset, close and timeout at every byte offset                        */
/* ------------------------------------------------------------------ */

/* What the client must report when the connection ends with @p fault after
 * the first @p n bytes of a response framed as @p f. */
static rmqdr_status_t expected_status(frame_t f, size_t n, rmqdr_status_t fault)
{
    const response_t *r = &responses[f];

    if (n >= r->len) {
        return RMQDR_OK; /* the whole message arrived before the fault */
    }
    if (fault != RMQDR_ERR_CLOSED) {
        return fault; /* reset, timeout: reported as is */
    }
    if ((f != FRAME_CLOSE) || (n < r->head_len)) {
        return RMQDR_ERR_HTTP_TRUNCATED; /* the framing says more was due */
    }
    /* Framed by the close: HTTP is complete, the JSON document is not
     * (until it is: only blanks could follow, and none do here). */
    return (n >= r->json_end) ? RMQDR_OK : RMQDR_ERR_JSON_TRUNCATED;
}

static void cut_at_every_offset(rmqdr_status_t fault)
{
    frame_t f;

    for (f = FRAME_LENGTH; f < FRAME_COUNT; f++) {
        const response_t *r = &responses[f];
        size_t n;

        for (n = 0U; n <= r->len; n++) {
            rmqdr_status_t want = expected_status(f, n, fault);
            rmqdr_status_t got;
            int64_t t0;

            rig_setup(0U);
            ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, n, fault);
            t0 = rig.fp.now_ms;
            got = call_array();
            if (got != want) {
                fail_msg("%s, %s after %zu of %zu bytes: got %s, want %s", frame_names[f],
                         rmqdr_status_name(fault), n, r->len, rmqdr_status_name(got),
                         rmqdr_status_name(want));
            }
            if ((got != RMQDR_OK) || (f == FRAME_CLOSE)) {
                assert_false(rig.ft.connected); /* closed by the call itself */
            }
            rmqdr_client_close(&rig.client);
            expect_transport_sane();
            assert_int_equal(rig.ft.connects, 1U);
            assert_int_equal(rig.client.stats.retries, 0U);
            /* one blocking wait at most, bounded by the timeout */
            assert_true(rig.fp.now_ms - t0 <= (int64_t)TIMEOUT_MS);
            if (got != RMQDR_OK) {
                expect_prefix_reported(r, (n < r->len) ? n : r->len);
            } else {
                expect_full_page();
            }
        }
    }
}

static void test_reset_every_offset(void **state)
{
    (void)state;
    cut_at_every_offset(RMQDR_ERR_RESET);
}

static void test_close_every_offset(void **state)
{
    (void)state;
    cut_at_every_offset(RMQDR_ERR_CLOSED);
}

static void test_timeout_every_offset(void **state)
{
    (void)state;
    cut_at_every_offset(RMQDR_ERR_TIMEOUT);
}

static void test_network_error_every_offset(void **state)
{
    (void)state;
    cut_at_every_offset(RMQDR_ERR_NETWORK);
}

/* With a retry, every cut is cured by a second, healthy connection; the
 * array then holds the full page (nothing left over from the failed try). */
static void test_cut_then_retry_every_offset(void **state)
{
    const response_t *r = &responses[FRAME_CHUNKED];
    size_t n;

    (void)state;
    for (n = 0U; n < r->len; n++) {
        rig_setup(1U);
        ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, n,
                        (n % 2U == 0U) ? RMQDR_ERR_RESET : RMQDR_ERR_CLOSED);
        ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
        assert_int_equal(call_array(), RMQDR_OK);
        expect_full_page();
        assert_int_equal(rig.client.stats.retries, 1U);
        assert_int_equal(rig.fp.sleeps, 1U);
        assert_true(rig.fp.slept_ms <= 100U); /* full jitter under the base */
        assert_int_equal(rig.ft.connects, 2U);
        assert_int_equal(rig.ft.requests, 2U);
        rmqdr_client_close(&rig.client);
        expect_transport_sane();
    }
}

/* Callback mode: a cut anywhere is retried, and the callback sees every
 * checkpoint exactly once, in order: the ones delivered before the cut are
 * matched on the second answer and skipped. */
static void test_callback_never_twice(void **state)
{
    const response_t *r = &responses[FRAME_LENGTH];
    size_t n;

    (void)state;
    for (n = 0U; n < r->len; n++) {
        uint32_t before = complete_before(r, n);
        rmqdr_status_t got;
        uint32_t i;

        rig_setup(2U);
        ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, n, RMQDR_ERR_RESET);
        ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
        got = call_callback();
        (void)before;
        assert_int_equal(got, RMQDR_OK);
        assert_int_equal(rig.seen.calls, ITEMS);
        assert_int_equal(rig.client.stats.retries, 1U);
        assert_int_equal(rig.ft.connects, 2U);
        assert_int_equal(rig.env.list_count, ITEMS);
        for (i = 0U; i < rig.seen.calls; i++) {
            assert_int_equal(rig.seen.ids[i], ref_items[i].checkpoint_id); /* in order, once */
        }
        rmqdr_client_close(&rig.client);
        expect_transport_sane();
    }
}

/* ------------------------------------------------------------------ */
/* Connect, send and storms                                             */
/* ------------------------------------------------------------------ */

static void test_connect_failures(void **state)
{
    static const rmqdr_status_t faults[] = { RMQDR_ERR_TIMEOUT, RMQDR_ERR_CONNECT, RMQDR_ERR_DNS,
                                             RMQDR_ERR_RESET, RMQDR_ERR_NETWORK };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof faults / sizeof faults[0]; i++) {
        rig_setup(0U);
        (void)ft_add_conn(&rig.ft, faults[i]);
        assert_int_equal(call_array(), faults[i]);
        expect_transport_sane();
        assert_int_equal(rig.client.stats.requests, 0U); /* nothing was sent */
        assert_int_equal(rig.ft.sends, 0U);
        assert_int_equal(rmqdr_client_last_error(&rig.client)->cause, faults[i]);
        assert_true(rig.fp.now_ms - FT_EPOCH_MS <= (int64_t)TIMEOUT_MS);
        expect_prefix_reported(&responses[FRAME_LENGTH], 0U);
    }
}

static void test_send_fault_every_offset(void **state)
{
    static const rmqdr_status_t faults[] = { RMQDR_ERR_TIMEOUT, RMQDR_ERR_RESET, RMQDR_ERR_CLOSED,
                                             RMQDR_ERR_NETWORK };
    const response_t *r = &responses[FRAME_LENGTH];
    size_t req_len;
    size_t i;
    size_t n;

    (void)state;
    rig_setup(0U);
    ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_OK);
    req_len = rig.ft.sent_len;
    for (i = 0U; i < sizeof faults / sizeof faults[0]; i++) {
        for (n = 0U; n < req_len; n++) {
            ft_conn_t *c;

            rig_setup(0U);
            c = ft_add_conn(&rig.ft, RMQDR_OK);
            ft_add_response(c, r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
            c->send_cut = n;
            c->send_fault = faults[i];
            rig.ft.send_max = 7U;
            assert_int_equal(call_array(), faults[i]);
            expect_transport_sane();
            assert_int_equal(rig.ft.sent_len, n);
            assert_int_equal(rig.ft.recvs, 0U); /* no read after a failed write */
            assert_true(rig.fp.now_ms - FT_EPOCH_MS <= (int64_t)TIMEOUT_MS);
            expect_prefix_reported(r, 0U);
        }
    }
}

/* k attempts in a row time out (at connect, in the head, in the body)
 * before a healthy one; 3 retries cure up to 3 and no more. */
static void test_timeout_storms(void **state)
{
    const response_t *r = &responses[FRAME_LENGTH];
    const size_t phase_cut[3] = { 0U, 20U, 0U };
    unsigned phase;
    uint32_t k;

    (void)state;
    for (phase = 0U; phase < 3U; phase++) {
        for (k = 0U; k <= 6U; k++) {
            uint32_t i;
            uint32_t cured = (k <= 3U) ? k : 3U;
            rmqdr_status_t got;

            rig_setup(3U);
            for (i = 0U; i < k; i++) {
                if (phase == 0U) {
                    (void)ft_add_conn(&rig.ft, RMQDR_ERR_TIMEOUT);
                } else {
                    size_t cut = (phase == 1U) ? phase_cut[1] : r->head_len + 40U;

                    ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, cut,
                                    RMQDR_ERR_TIMEOUT);
                }
            }
            if (k < 4U) {
                ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT,
                                RMQDR_OK);
            }
            got = call_array();
            assert_int_equal(got, (k <= 3U) ? RMQDR_OK : RMQDR_ERR_RETRIES_EXHAUSTED);
            if (k > 3U) {
                assert_int_equal(rmqdr_client_last_error(&rig.client)->cause, RMQDR_ERR_TIMEOUT);
                assert_int_equal(rmqdr_client_last_error(&rig.client)->attempts, 4U);
            }
            assert_int_equal(rig.client.stats.retries, cured);
            assert_int_equal(rig.fp.sleeps, cured);
            assert_int_equal(rig.ft.connects, cured + 1U);
            /* simulated time: one full timeout per failed try, plus the backoff */
            assert_int_equal(rig.fp.now_ms - FT_EPOCH_MS,
                             (int64_t)(cured + ((k > 3U) ? 1U : 0U)) * TIMEOUT_MS +
                                 (int64_t)rig.fp.slept_ms);
            assert_true(rig.fp.slept_ms <= 100U + 200U + 400U);
            assert_true(rig.fp.slept_ms >= ((k >= 3U) ? 50U + 100U + 200U : 0U)); /* a real backoff */
            if (got == RMQDR_OK) {
                expect_full_page();
            }
            rmqdr_client_close(&rig.client);
            expect_transport_sane();
        }
    }
}

/* ------------------------------------------------------------------ */
/* Kept-alive connections                                               */
/* ------------------------------------------------------------------ */

/* A kept-alive connection the server dropped before answering is reopened
 * once without counting as a retry; a failure after bytes came back is not. */
static void test_stale_connection(void **state)
{
    typedef struct {
        size_t recv_cut;
        rmqdr_status_t recv_fault;
        size_t send_cut;
        rmqdr_status_t send_fault;
        bool reopened;
        rmqdr_status_t want;
    } stale_case_t;
    static const stale_case_t cases[] = {
        { 0U, RMQDR_ERR_RESET, 0U, RMQDR_OK, true, RMQDR_OK },
        { 0U, RMQDR_ERR_CLOSED, 0U, RMQDR_OK, true, RMQDR_OK },
        { FT_NO_CUT, RMQDR_OK, 0U, RMQDR_ERR_CLOSED, true, RMQDR_OK },
        { FT_NO_CUT, RMQDR_OK, 100U, RMQDR_ERR_RESET, true, RMQDR_OK },
        { FT_NO_CUT, RMQDR_OK, 0U, RMQDR_ERR_TIMEOUT, true, RMQDR_OK },
        { 0U, RMQDR_ERR_TIMEOUT, 0U, RMQDR_OK, false, RMQDR_ERR_TIMEOUT },
        { 1U, RMQDR_ERR_RESET, 0U, RMQDR_OK, false, RMQDR_ERR_RESET },
        { 30U, RMQDR_ERR_CLOSED, 0U, RMQDR_OK, false, RMQDR_ERR_HTTP_TRUNCATED },
    };
    const response_t *r = &responses[FRAME_LENGTH];
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        const stale_case_t *tc = &cases[i];
        ft_conn_t *c;

        rig_setup(0U);
        c = ft_add_conn(&rig.ft, RMQDR_OK);
        /* request 1 is answered; request 2 meets the fault */
        ft_add_response(c, r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
        ft_add_response(c, r->bytes, r->len, tc->recv_cut, tc->recv_fault);
        ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
        assert_int_equal(call_array(), RMQDR_OK);
        if (tc->send_fault != RMQDR_OK) {
            /* the script is read live: place the fault inside request 2 */
            c->send_cut = rig.ft.conn_sent + tc->send_cut;
            c->send_fault = tc->send_fault;
        }
        assert_true(rig.client.connected); /* kept alive */
        assert_int_equal(call_array(), tc->want);
        assert_int_equal(rig.client.stats.reconnects, tc->reopened ? 1U : 0U);
        assert_int_equal(rig.client.stats.retries, 0U);
        assert_int_equal(rig.ft.connects, tc->reopened ? 2U : 1U);
        if (tc->want == RMQDR_OK) {
            expect_full_page();
            assert_true(rig.client.connected);
        }
        rmqdr_client_close(&rig.client);
        expect_transport_sane();
    }
}

/* Three pages over one connection, the second cut mid-body: the retry
 * reconnects and paging goes on. */
static rmqdr_status_t count_page(void *ctx, const rmqdr_envelope_t *page)
{
    (void)page;
    (*(uint32_t *)ctx)++;
    return RMQDR_OK;
}

static void test_list_all_with_fault(void **state)
{
    static response_t pages[3];
    rmqdr_request_t req = ft_rig_page_request();
    rmqdr_json_sink_t sink;
    uint32_t n_pages = 0U;
    ft_conn_t *c;
    unsigned p;

    (void)state;
    /* totalCount 9 over pages of 3: same body, totalCount patched */
    for (p = 0U; p < 3U; p++) {
        char *at;

        pages[p] = responses[FRAME_CHUNKED];
        at = strstr((char *)pages[p].bytes, "\"totalCount\":3");
        assert_non_null(at);
        at[strlen("\"totalCount\":")] = '9';
    }
    rig_setup(2U);
    c = ft_add_conn(&rig.ft, RMQDR_OK);
    ft_add_response(c, pages[0].bytes, pages[0].len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, pages[1].bytes, pages[1].len, pages[1].elem_close[1] + 1U, RMQDR_ERR_RESET);
    c = ft_add_conn(&rig.ft, RMQDR_OK);
    ft_add_response(c, pages[1].bytes, pages[1].len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, pages[2].bytes, pages[2].len, FT_NO_CUT, RMQDR_OK);
    sink = rmqdr_json_sink_callback(&rig.items[0], ft_seen_record, &rig.seen);
    /* callback mode: page 2 is requested again, its two delivered items
     * are checked and skipped, and paging goes on */
    assert_int_equal(rmqdr_list_all_checkpoints(&rig.client, &req, &sink, &rig.env, count_page,
                                                &n_pages),
                     RMQDR_OK);
    assert_int_equal(n_pages, 3U);
    assert_int_equal(rig.seen.calls, 3U * ITEMS);
    assert_int_equal(rig.client.stats.retries, 1U);
    for (p = 0U; p < 3U * ITEMS; p++) {
        assert_int_equal(rig.seen.ids[p], ref_items[p % ITEMS].checkpoint_id);
    }
    rmqdr_client_close(&rig.client);
    expect_transport_sane();

    /* array mode: the cut page is retried and paging completes */
    rig_setup(2U);
    c = ft_add_conn(&rig.ft, RMQDR_OK);
    ft_add_response(c, pages[0].bytes, pages[0].len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, pages[1].bytes, pages[1].len, pages[1].elem_close[1] + 1U, RMQDR_ERR_RESET);
    c = ft_add_conn(&rig.ft, RMQDR_OK);
    ft_add_response(c, pages[1].bytes, pages[1].len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, pages[2].bytes, pages[2].len, FT_NO_CUT, RMQDR_OK);
    n_pages = 0U;
    sink = rmqdr_json_sink_array(rig.items, CAP);
    assert_int_equal(rmqdr_list_all_checkpoints(&rig.client, &req, &sink, &rig.env, count_page,
                                                &n_pages),
                     RMQDR_OK);
    assert_int_equal(n_pages, 3U);
    assert_int_equal(rig.client.stats.retries, 1U);
    assert_int_equal(rig.ft.requests, 4U);
    assert_true(ft_sent_contains(&rig.ft, "pageNumber=3"));
    rmqdr_client_close(&rig.client);
    expect_transport_sane();
}

/* ------------------------------------------------------------------ */
/* API-level faults through the same transport                          */
/* ------------------------------------------------------------------ */

static size_t make_error(uint8_t *buf, size_t cap, const char *status_line, const char *extra,
                         const char *json)
{
    int n = snprintf((char *)buf, cap,
                     "HTTP/1.1 %s\r\nContent-Type: application/json\r\n%sContent-Length: %zu\r\n\r\n%s",
                     status_line, extra, strlen(json), json);

    assert_true((n > 0) && ((size_t)n < cap));
    return (size_t)n;
}

static void test_throttle_then_ok(void **state)
{
    static uint8_t err[512];
    const response_t *r = &responses[FRAME_LENGTH];
    size_t len = make_error(err, sizeof err, "503 Service Unavailable", "x-acs-retry-after: 1500\r\n",
                            "{\"RequestId\":\"R-1\",\"HostId\":\"h\",\"Code\":\"Throttling.User\","
                            "\"Message\":\"slow down\",\"Recommend\":\"r\"}");
    ft_conn_t *c;

    (void)state;
    rig_setup(2U);
    c = ft_add_conn(&rig.ft, RMQDR_OK);
    ft_add_response(c, err, len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_OK);
    assert_int_equal(rig.client.stats.retries, 1U);
    assert_true(rig.fp.slept_ms >= 1500U); /* x-acs-retry-after honoured */
    assert_int_equal(rig.ft.connects, 1U);  /* the error kept the connection */
    expect_full_page();

    /* the same error every time: the last one is reported, with its details */
    rig_setup(2U);
    c = ft_add_conn(&rig.ft, RMQDR_OK);
    ft_add_response(c, err, len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, err, len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, err, len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_ERR_RETRIES_EXHAUSTED);
    assert_string_equal(rig.env.code, "Throttling.User");
    assert_int_equal(rig.env.http_status, 503);
    assert_int_equal(rig.client.stats.retries, 2U);
    {
        const rmqdr_error_detail_t *e = rmqdr_client_last_error(&rig.client);

        assert_int_equal(e->status, RMQDR_ERR_RETRIES_EXHAUSTED);
        assert_int_equal(e->cause, RMQDR_ERR_API);
        assert_int_equal(e->http_status, 503);
        assert_string_equal(e->code, "Throttling.User");
        assert_string_equal(e->request_id, "R-1");
        assert_int_equal(e->attempts, 3U);
        assert_string_equal(e->host, "rocketmq.cn-hangzhou.aliyuncs.com");
        assert_int_equal(e->port, 443);
    }
    assert_int_equal(rig.env.list_count, 0U);
    rmqdr_client_close(&rig.client);
    expect_transport_sane();
}

static void test_auth_error_final(void **state)
{
    static uint8_t err[512];
    size_t len = make_error(err, sizeof err, "400 Bad Request", "",
                            "{\"RequestId\":\"R-2\",\"HostId\":\"h\",\"Code\":\"SignatureDoesNotMatch\","
                            "\"Message\":\"no\",\"Recommend\":\"r\"}");

    (void)state;
    rig_setup(3U);
    ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), err, len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_ERR_API);
    assert_int_equal(rig.client.stats.retries, 0U);
    assert_int_equal(rig.fp.sleeps, 0U);
    assert_string_equal(rig.env.code, "SignatureDoesNotMatch");
    rmqdr_client_close(&rig.client);
    expect_transport_sane();
}

static void test_clock_skew_resigned_once(void **state)
{
    static uint8_t err[512];
    const response_t *r = &responses[FRAME_LENGTH];
    size_t len = make_error(err, sizeof err, "400 Bad Request",
                            "Date: Thu, 01 Jan 2026 02:00:00 GMT\r\n",
                            "{\"RequestId\":\"R-3\",\"HostId\":\"h\",\"Code\":\"InvalidTimeStamp.Expired\","
                            "\"Message\":\"skew\",\"Recommend\":\"r\"}");
    ft_conn_t *c;

    (void)state;
    rig_setup(0U);
    c = ft_add_conn(&rig.ft, RMQDR_OK);
    ft_add_response(c, err, len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_OK);
    assert_int_equal(rig.client.clock_offset_ms, 2 * 3600 * 1000);
    assert_int_equal(rig.client.stats.retries, 0U);
    assert_true(ft_sent_contains(&rig.ft, "x-acs-date: 2026-01-01T00:00:00Z"));
    assert_true(ft_sent_contains(&rig.ft, "x-acs-date: 2026-01-01T02:00:00Z"));

    /* a server that keeps saying so is believed once, not forever */
    rig_setup(3U);
    c = ft_add_conn(&rig.ft, RMQDR_OK);
    ft_add_response(c, err, len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, err, len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, err, len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_ERR_API);
    assert_int_equal(rig.ft.requests, 2U);
    rmqdr_client_close(&rig.client);
    expect_transport_sane();
}

static void break_random(void *arg, uint32_t n)
{
    (void)n;
    ((ft_platform_t *)arg)->random_fails = true;
}

/* Backoff arithmetic at its limits: any base and cap a caller may choose
 * (0 meaning the default, UINT32_MAX as "no cap", a cap below the base),
 * doubling past 2^31, and a random hook that fails during the backoff.
 * The deadline is as far as it goes; a backoff that would end past it is
 * not slept (RMQDR_ERR_DEADLINE), any other ends in a healthy answer. */
static void test_backoff_limits(void **state)
{
    typedef struct {
        uint32_t base;
        uint32_t max;
        uint32_t retries;
        uint32_t sleeps;   /* most sleeps */
        uint64_t least_ms; /* lower bound of the total when every retry ran (equal jitter) */
        uint64_t most_ms;  /* upper bound of the total */
    } backoff_case_t;
    static const backoff_case_t cases[] = {
        { UINT32_MAX / 4U, UINT32_MAX, 1U, 1U, UINT32_MAX / 8U, UINT32_MAX / 4U },
        { 0x90000000U, UINT32_MAX, 3U, 3U, 0U, 3ULL * UINT32_MAX },
        { 0U, 1000U, 3U, 3U, 250U + 500U + 500U, 500U + 1000U + 1000U },
        { 1000U, 10U, 3U, 3U, 15U, 30U },
        { 100U, 800U, 3U, 3U, 50U + 100U + 200U, 100U + 200U + 400U },
    };
    const response_t *r = &responses[FRAME_LENGTH];
    size_t i;
    uint32_t k;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        const backoff_case_t *tc = &cases[i];

        rmqdr_status_t got;

        rig_setup(0U);
        rig.client.cfg.max_retries = tc->retries;
        /* 0 is replaced by the default at init (test_zero_config_means_defaults) */
        rig.client.cfg.backoff_base_ms = (tc->base != 0U) ? tc->base : RMQDR_CLIENT_DEFAULT_BACKOFF_BASE_MS;
        rig.client.cfg.backoff_max_ms = tc->max;
        rig.client.cfg.deadline_ms = UINT32_MAX;
        for (k = 0U; k < tc->retries; k++) {
            (void)ft_add_conn(&rig.ft, RMQDR_ERR_CONNECT);
        }
        ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
        got = call_array();
        assert_true(rig.fp.sleeps <= tc->sleeps);
        assert_true(rig.fp.slept_ms <= tc->most_ms);
        assert_true(rig.fp.now_ms - FT_EPOCH_MS <= (int64_t)UINT32_MAX);
        if (got == RMQDR_ERR_DEADLINE) {
            assert_true(tc->base > (UINT32_MAX / 4U)); /* only the huge bases */
            assert_int_equal(rmqdr_client_last_error(&rig.client)->cause, RMQDR_ERR_CONNECT);
        } else {
            assert_int_equal(got, RMQDR_OK);
            assert_int_equal(rig.client.stats.retries, tc->retries);
            assert_true(rig.fp.slept_ms >= tc->least_ms);
        }
        rmqdr_client_close(&rig.client);
        expect_transport_sane();
    }

    /* the random hook fails only after the request is stamped: the backoff
     * falls back to half its ceiling */
    rig_setup(1U);
    (void)ft_add_conn(&rig.ft, RMQDR_ERR_CONNECT);
    ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
    rig.ft.on_connect = break_random;
    rig.ft.on_connect_arg = &rig.fp;
    assert_int_equal(call_array(), RMQDR_ERR_PORT_RANDOM);
    assert_int_equal(rig.fp.slept_ms, 50U);
    assert_int_equal(rig.client.stats.retries, 1U);
    expect_transport_sane();
}

static void test_platform_failures(void **state)
{
    const response_t *r = &responses[FRAME_LENGTH];

    (void)state;
    rig_setup(2U);
    ft_add_response(ft_add_conn(&rig.ft, RMQDR_OK), r->bytes, r->len, FT_NO_CUT, RMQDR_OK);
    rig.fp.clock_fails = true;
    assert_int_equal(call_array(), RMQDR_ERR_PORT_TIME);
    rig.fp.clock_fails = false;
    rig.fp.random_fails = true;
    assert_int_equal(call_array(), RMQDR_ERR_PORT_RANDOM);
    assert_int_equal(rig.ft.connects, 0U); /* nothing leaves without a valid stamp */
    assert_int_equal(rig.client.stats.retries, 0U);
    expect_transport_sane();
}

/* ------------------------------------------------------------------ */
/* The TLS layer over a faulty lower transport: handshake phase         */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *what;
    const uint8_t *reply;  /* what the "server" sends after the ClientHello */
    size_t reply_len;
    size_t cut;
    rmqdr_status_t fault;
    rmqdr_status_t want;
} handshake_case_t;

static void test_handshake_faults(void **state)
{
    static const uint8_t http_reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    /* a record header announcing 64 bytes of handshake, then 10 of them */
    static const uint8_t part_record[] = { 0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00, 0x00, 0x3c,
                                           0x03, 0x03, 0x01, 0x02, 0x03, 0x04 };
    /* fatal alert handshake_failure */
    static const uint8_t alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
    const handshake_case_t cases[] = {
        { "silent server", NULL, 0U, 0U, RMQDR_ERR_TIMEOUT, RMQDR_ERR_TIMEOUT },
        { "reset before reply", NULL, 0U, 0U, RMQDR_ERR_RESET, RMQDR_ERR_RESET },
        { "close before reply", NULL, 0U, 0U, RMQDR_ERR_CLOSED, RMQDR_ERR_TLS_HANDSHAKE },
        { "close mid-record", part_record, sizeof part_record, FT_NO_CUT, RMQDR_OK,
          RMQDR_ERR_TLS_HANDSHAKE },
        { "timeout mid-record", part_record, sizeof part_record, 9U, RMQDR_ERR_TIMEOUT,
          RMQDR_ERR_TIMEOUT },
        { "reset mid-record", part_record, sizeof part_record, 9U, RMQDR_ERR_RESET,
          RMQDR_ERR_RESET },
        { "plain HTTP server", http_reply, sizeof http_reply - 1U, FT_NO_CUT, RMQDR_OK,
          RMQDR_ERR_TLS_HANDSHAKE },
        { "fatal alert", alert, sizeof alert, FT_NO_CUT, RMQDR_OK, RMQDR_ERR_TLS_HANDSHAKE },
    };
    static rmqdr_tls_t tls;
    rmqdr_transport_t lower;
    rmqdr_transport_t tls_transport;
    rmqdr_tls_config_t tls_cfg;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        const handshake_case_t *tc = &cases[i];
        uint32_t retries = (tc->want == RMQDR_ERR_TIMEOUT) ? 2U : 0U;
        rmqdr_status_t got;
        uint32_t k;

        memset(&tls_transport, 0, sizeof tls_transport);
        ft_rig_wire(&rig.fp, &rig.platform, &rig.ft, &lower);
        for (k = 0U; k <= retries; k++) {
            ft_conn_t *c = ft_add_conn(&rig.ft, RMQDR_OK);

            c->raw = true;
            c->idle = (tc->fault == RMQDR_OK) ? RMQDR_ERR_CLOSED : tc->fault;
            if (tc->reply != NULL) {
                ft_add_response(c, tc->reply, tc->reply_len, tc->cut, tc->fault);
            }
        }
        memset(&tls_cfg, 0, sizeof tls_cfg);
        /* Any trust store: no handshake here gets as far as a certificate.
         * (mbedTLS 3.x dropped the built-in test CA of mbedtls/certs.h.) */
        tls_cfg.ca_file = RMQDR_TLS_DEFAULT_CA_FILE;
        tls_cfg.platform = &rig.platform;
        assert_int_equal(rmqdr_tls_init(&tls, &lower, &tls_cfg), RMQDR_OK);
        rmqdr_tls_transport_init(&tls_transport, &tls);
        rig_setup_over(&tls_transport, retries);
        got = call_array();
        if (got != ((retries > 0U) ? RMQDR_ERR_RETRIES_EXHAUSTED : tc->want)) {
            fail_msg("%s: got %s, want %s", tc->what, rmqdr_status_name(got),
                     rmqdr_status_name(tc->want));
        }
        assert_int_equal(rmqdr_client_last_error(&rig.client)->cause, tc->want);
        assert_int_equal(rig.ft.connects, retries + 1U);
        assert_int_equal(rig.client.stats.retries, retries);
        assert_int_equal(rig.client.stats.connects, 0U);
        assert_int_equal(rig.client.stats.requests, 0U);
        /* only TLS records went out: no request in the clear */
        assert_true(rig.ft.sent_len > 0U);
        assert_int_equal(rig.ft.sent[0], 0x16);
        assert_int_equal(rig.ft.requests, 0U);
        assert_false(rig.ft.connected);
        assert_int_equal(rig.ft.misuse, 0U);
        assert_true(rig.ft.max_timeout_ms <= TIMEOUT_MS);
        /* each try held to the connect timeout, backoff apart */
        assert_true(rig.fp.now_ms - FT_EPOCH_MS <=
                    (int64_t)(retries + 1U) * TIMEOUT_MS + (int64_t)rig.fp.slept_ms);
        rmqdr_client_close(&rig.client);
        rmqdr_tls_free(&tls); /* LeakSanitizer checks mbedTLS's heap at exit */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragmentation_every_size),
        cmocka_unit_test(test_fragmentation_random),
        cmocka_unit_test(test_short_writes_every_size),
        cmocka_unit_test(test_reset_every_offset),
        cmocka_unit_test(test_close_every_offset),
        cmocka_unit_test(test_timeout_every_offset),
        cmocka_unit_test(test_network_error_every_offset),
        cmocka_unit_test(test_cut_then_retry_every_offset),
        cmocka_unit_test(test_callback_never_twice),
        cmocka_unit_test(test_connect_failures),
        cmocka_unit_test(test_send_fault_every_offset),
        cmocka_unit_test(test_timeout_storms),
        cmocka_unit_test(test_stale_connection),
        cmocka_unit_test(test_list_all_with_fault),
        cmocka_unit_test(test_throttle_then_ok),
        cmocka_unit_test(test_auth_error_final),
        cmocka_unit_test(test_clock_skew_resigned_once),
        cmocka_unit_test(test_backoff_limits),
        cmocka_unit_test(test_platform_failures),
        cmocka_unit_test(test_handshake_faults),
    };

    return cmocka_run_group_tests_name("faults", tests, group_setup, NULL);
}
