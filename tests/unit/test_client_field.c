/*
 * The client in the field (issue 12), over the scripted fault transport on
 * the fake platform: what counts as transient (5xx/429 with any body),
 * callback-mode replay after a mid-page failure, RETRIES_EXHAUSTED with its
 * cause, the per-call deadline against a dripping server, defaults for a
 * zero-initialised config, which server Dates may move the clock, and the
 * one place failure details live. Each kind has the example and
 * siblings.
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
#include "rmqdr/health.h"

#define CAP 8U
#define BUF 4096U
#define TIMEOUT_MS 1000U
#define CLOCK_SKEW_EVENTS_MAX 8U

/* ------------------------------------------------------------------ */
/* Canned responses                                                    */
/* ------------------------------------------------------------------ */

typedef struct {
    uint8_t bytes[BUF];
    size_t len;
} canned_t;

static void put(canned_t *c, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf((char *)&c->bytes[c->len], BUF - c->len, fmt, ap);
    va_end(ap);
    assert_true((n >= 0) && ((size_t)n < BUF - c->len));
    c->len += (size_t)n;
}

/* A 200 page with @p n items whose checkpointIds start at @p first_id. */
static void make_page(canned_t *c, unsigned n, long long first_id, const char *date)
{
    static char body[BUF];
    size_t len = 0U;
    unsigned i;

    len += (size_t)snprintf(body, sizeof body,
                            "{\"requestId\":\"REQ-PAGE\",\"success\":true,\"code\":200,\"data\":"
                            "{\"pageNumber\":1,\"pageSize\":10,\"totalCount\":%u,\"list\":[", n);
    for (i = 0U; i < n; i++) {
        len += (size_t)snprintf(&body[len], sizeof body - len,
                                "%s{\"planId\":1300000016,\"itemId\":100070284,\"checkpointId\":%lld,"
                                "\"lastSyncTime\":1767225500000,\"sourceProgress\":{\"progressData\":"
                                "{\"consumeTimestamp\":1767225580000}},\"targetProgress\":"
                                "{\"progressData\":{\"consumeTimestamp\":1767225570000}}}",
                                (i > 0U) ? "," : "", first_id + (long long)i);
    }
    len += (size_t)snprintf(&body[len], sizeof body - len, "]}}");
    assert_true(len < sizeof body);
    c->len = 0U;
    put(c, "HTTP/1.1 200 OK\r\nDate: %s\r\nContent-Type: application/json\r\n"
           "x-acs-request-id: REQ-PAGE\r\nContent-Length: %zu\r\n\r\n%s",
        date, len, body);
}

static const char k_date_2026[] = "Thu, 01 Jan 2026 00:00:00 GMT";

/* A response with any status, headers and body; Content-Length added
 * unless @p length is given (>= 0, may exceed the body: cut short). */
static void make_raw(canned_t *c, const char *status, const char *headers, const char *body,
                     long length)
{
    size_t blen = strlen(body);

    c->len = 0U;
    put(c, "HTTP/1.1 %s\r\n%sContent-Length: %ld\r\n\r\n%s", status, headers,
        (length >= 0) ? length : (long)blen, body);
}

static const char k_nginx_502[] =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
static const char k_tengine_504[] =
    "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html>\n<head><title>504 Gateway "
    "Time-out</title></head>\n<body>\n<h1>504 Gateway Time-out</h1>\n<p>The requested URL could "
    "not be retrieved.</p>\n<hr/>Powered by Tengine</body>\n</html>\n";

/* ------------------------------------------------------------------ */
/* The rig                                                             */
/* ------------------------------------------------------------------ */

typedef struct {
    ft_rig_t base; /* client over the fault double (ft_rig.h) */
    rmqdr_checkpoint_t items[CAP];
    rmqdr_envelope_t env;
    ft_seen_t seen;        /* callback mode: checkpoints delivered, their ids in order */
    uint32_t skew_events;
    int64_t skew_offsets[CLOCK_SKEW_EVENTS_MAX];
    uint32_t retry_events;
} rig_t;

static rig_t rig;

static void observe(void *ctx, const rmqdr_event_t *ev)
{
    rig_t *r = ctx;

    if (ev->kind == RMQDR_EVENT_CLOCK_SKEW) {
        if (r->skew_events < CLOCK_SKEW_EVENTS_MAX) {
            r->skew_offsets[r->skew_events] = ev->clock_offset_ms;
        }
        r->skew_events++;
    } else if (ev->kind == RMQDR_EVENT_RETRY) {
        r->retry_events++;
    } else {
        /* not counted */
    }
}

static void rig_config(uint32_t retries)
{
    memset(&rig, 0, sizeof rig);
    ft_rig_init(&rig.base);
    rig.base.cfg.config.access_key_id = "LTAIfieldKeyId";
    rig.base.cfg.config.access_key_secret = "field-secret-never-sent";
    rig.base.cfg.timeout_ms = TIMEOUT_MS;
    rig.base.cfg.max_retries = retries;
    rig.base.cfg.observer = observe;
    rig.base.cfg.observer_ctx = &rig;
}

static void rig_init(void)
{
    assert_int_equal(rmqdr_client_init(&rig.base.client, &rig.base.cfg), RMQDR_OK);
}

static void rig_setup(uint32_t retries)
{
    rig_config(retries);
    rig_init();
}

static rmqdr_status_t call_array(void)
{
    rmqdr_request_t req = ft_rig_page_request();
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(rig.items, CAP);

    return rmqdr_list_checkpoints(&rig.base.client, &req, &sink, &rig.env);
}

static rmqdr_status_t call_callback(void)
{
    rmqdr_request_t req = ft_rig_page_request();
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&rig.items[0], ft_seen_record, &rig.seen);

    return rmqdr_list_checkpoints(&rig.base.client, &req, &sink, &rig.env);
}

static const rmqdr_error_detail_t *detail(void)
{
    return rmqdr_client_last_error(&rig.base.client);
}

static void expect_sane(void)
{
    rmqdr_client_close(&rig.base.client);
    assert_false(rig.base.ft.connected);
    assert_int_equal(rig.base.ft.misuse, 0U);
    assert_true(rig.base.ft.max_timeout_ms <= TIMEOUT_MS);
}

/* ------------------------------------------------------------------ */
/* 1. 5xx and 429 are transient whatever the body                       */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *what;
    const char *status;
    const char *headers;
    const char *body;
    long length; /* -1: the body's own; more: cut short, then closed */
    int http_status;
} server_error_case_t;

static const server_error_case_t k_server_errors[] = {
    { "issue: nginx 502 HTML", "502 Bad Gateway",
      "Content-Type: text/html\r\nx-acs-request-id: RID-502\r\nServer: nginx\r\n", k_nginx_502, -1, 502 },
    { "issue: 504 HTML (Tengine)", "504 Gateway Time-out",
      "Content-Type: text/html; charset=utf-8\r\nx-acs-request-id: RID-504\r\n", k_tengine_504, -1, 504 },
    { "issue: 503 empty body", "503 Service Unavailable", "x-acs-request-id: RID-503\r\n", "", -1, 503 },
    { "500 text/plain", "500 Internal Server Error",
      "Content-Type: text/plain\r\nx-acs-request-id: RID-500\r\n",
      "upstream connect error or disconnect/reset before headers", -1, 500 },
    { "502 HTML cut short", "502 Bad Gateway",
      "Content-Type: text/html\r\nx-acs-request-id: RID-CUT\r\n", "<html><head><title>502", 400, 502 },
    { "429 empty, no request id", "429 Too Many Requests", "", "", -1, 429 },
    { "503 JSON-labelled but not JSON", "503 Service Unavailable",
      "Content-Type: application/json\r\nx-acs-request-id: RID-JS\r\nConnection: close\r\n",
      "upstream overloaded", -1, 503 },
    { "501 JSON cut short", "501 Not Implemented",
      "Content-Type: application/json\r\nx-acs-request-id: RID-JC\r\n", "{\"Req", 90, 501 },
};

static void test_server_error_any_body_retried(void **state)
{
    static canned_t err;
    static canned_t page;
    size_t i;

    (void)state;
    make_page(&page, 3U, 1000, k_date_2026);
    for (i = 0U; i < sizeof k_server_errors / sizeof k_server_errors[0]; i++) {
        const server_error_case_t *tc = &k_server_errors[i];
        ft_conn_t *c;
        rmqdr_status_t got;

        print_message("%s\n", tc->what);
        make_raw(&err, tc->status, tc->headers, tc->body, tc->length);
        rig_setup(2U);
        c = ft_add_conn(&rig.base.ft, RMQDR_OK);
        ft_add_response(c, err.bytes, err.len, FT_NO_CUT, RMQDR_OK);
        c = ft_add_conn(&rig.base.ft, RMQDR_OK);
        ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
        got = call_array();
        if (got != RMQDR_OK) {
            fail_msg("%s: %s", tc->what, rmqdr_status_name(got));
        }
        assert_int_equal(rig.base.client.stats.retries, 1U);
        assert_int_equal(rig.env.list_count, 3U);
        assert_true(rig.base.fp.slept_ms >= RMQDR_CLIENT_DEFAULT_BACKOFF_BASE_MS / 2U);
        expect_sane();
    }
}

/* With no retry left the status is specific, the API fields stay empty,
 * and the HTTP status and request id are still reported. */
static void test_server_error_details(void **state)
{
    static canned_t err;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof k_server_errors / sizeof k_server_errors[0]; i++) {
        const server_error_case_t *tc = &k_server_errors[i];
        const char *rid = strstr(tc->headers, "x-acs-request-id: ");
        rmqdr_status_t got;
        ft_conn_t *c;

        make_raw(&err, tc->status, tc->headers, tc->body, tc->length);
        rig_setup(0U);
        c = ft_add_conn(&rig.base.ft, RMQDR_OK);
        ft_add_response(c, err.bytes, err.len, FT_NO_CUT, RMQDR_OK);
        got = call_array();
        if ((got != RMQDR_ERR_SERVER_ERROR) && (got != RMQDR_ERR_HTTP_TRUNCATED)) {
            fail_msg("%s: %s", tc->what, rmqdr_status_name(got));
        }
        assert_true(rmqdr_status_is_transient(got));
        assert_int_equal(rig.env.http_status, tc->http_status);
        assert_string_equal(rig.env.code, "");
        assert_string_equal(rig.env.message, "");
        assert_int_equal(detail()->status, got);
        assert_int_equal(detail()->cause, got);
        assert_int_equal(detail()->http_status, tc->http_status);
        assert_string_equal(detail()->code, "");
        if (rid != NULL) {
            assert_memory_equal(detail()->request_id, rid + strlen("x-acs-request-id: "),
                                strlen(detail()->request_id));
            assert_true(detail()->request_id[0] == 'R');
        } else {
            assert_string_equal(detail()->request_id, "");
        }
        assert_int_equal(detail()->attempts, 1U);
        expect_sane();
    }
}

/* The same page every time: retries run out and say so. */
static void test_retries_exhausted(void **state)
{
    static canned_t err;
    ft_conn_t *c;

    (void)state;
    make_raw(&err, "502 Bad Gateway", "Content-Type: text/html\r\nx-acs-request-id: RID-X\r\n",
             k_nginx_502, -1);
    rig_setup(2U);
    c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    ft_add_response(c, err.bytes, err.len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, err.bytes, err.len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, err.bytes, err.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_ERR_RETRIES_EXHAUSTED);
    assert_int_equal(detail()->cause, RMQDR_ERR_SERVER_ERROR);
    assert_int_equal(detail()->http_status, 502);
    assert_string_equal(detail()->request_id, "RID-X");
    assert_int_equal(detail()->attempts, 3U);
    assert_int_equal(rig.retry_events, 2U);
    expect_sane();

    /* sibling: resets every time, the OS error of the last one is kept */
    rig_setup(1U);
    rig.base.ft.os_error = 104; /* ECONNRESET */
    make_page((canned_t *)&err, 2U, 7, k_date_2026);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), err.bytes, err.len, 30U, RMQDR_ERR_RESET);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), err.bytes, err.len, 30U, RMQDR_ERR_RESET);
    assert_int_equal(call_array(), RMQDR_ERR_RETRIES_EXHAUSTED);
    assert_int_equal(detail()->cause, RMQDR_ERR_RESET);
    assert_int_equal(detail()->os_error, 104);
    assert_int_equal(detail()->tls_error, 0);
    assert_true(rig.base.ft.last_error_calls > 0U);
    expect_sane();
}

/* A real backoff after a reset or a timeout: at least half the ceiling. */
static void test_backoff_is_real(void **state)
{
    static canned_t page;
    const rmqdr_status_t faults[] = { RMQDR_ERR_RESET, RMQDR_ERR_TIMEOUT, RMQDR_ERR_CLOSED };
    size_t i;

    (void)state;
    make_page(&page, 2U, 1, k_date_2026);
    for (i = 0U; i < sizeof faults / sizeof faults[0]; i++) {
        rig_setup(3U);
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, 40U, faults[i]);
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, 40U, faults[i]);
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
        assert_int_equal(call_array(), RMQDR_OK);
        assert_int_equal(rig.base.fp.sleeps, 2U);
        /* defaults: [250, 500] then [500, 1000] ms */
        assert_true(rig.base.fp.slept_ms >= 750U);
        assert_true(rig.base.fp.slept_ms <= 1500U);
        expect_sane();
    }
}

/* ------------------------------------------------------------------ */
/* 1b. Callback mode: replay after a mid-page failure                   */
/* ------------------------------------------------------------------ */

/* Offset just past the closing brace of item @p k (0-based) in @p c. */
static size_t after_item(const canned_t *c, unsigned k)
{
    const char *p = strstr((const char *)c->bytes, "\"list\":[");
    unsigned seen = 0U;
    int depth = 0;

    assert_non_null(p);
    for (p += strlen("\"list\":["); (size_t)((const uint8_t *)p - c->bytes) < c->len; p++) {
        if (*p == '{') {
            depth++;
        } else if (*p == '}') {
            depth--;
            if ((depth == 0) && (seen++ == k)) {
                return (size_t)((const uint8_t *)p - c->bytes) + 1U;
            }
        }
    }
    fail_msg("item %u not found", k);
    return 0U;
}

static void test_callback_replay(void **state)
{
    static canned_t page;
    const rmqdr_status_t faults[] = { RMQDR_ERR_RESET, RMQDR_ERR_CLOSED, RMQDR_ERR_TIMEOUT,
                                      RMQDR_ERR_NETWORK };
    unsigned k;
    size_t f;
    unsigned i;

    (void)state;
    make_page(&page, 5U, 500, k_date_2026);
    for (f = 0U; f < sizeof faults / sizeof faults[0]; f++) {
        for (k = 0U; k < 5U; k++) {
            rig_setup(2U);
            ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len,
                            after_item(&page, k) + 1U, faults[f]);
            ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, FT_NO_CUT,
                            RMQDR_OK);
            assert_int_equal(call_callback(), RMQDR_OK);
            assert_int_equal(rig.seen.calls, 5U);
            for (i = 0U; i < 5U; i++) {
                assert_int_equal(rig.seen.ids[i], 500 + (int64_t)i); /* once each, in order */
            }
            assert_int_equal(rig.base.client.stats.retries, 1U);
            expect_sane();
        }
    }

    /* two failures in a row, the second one further on */
    rig_setup(3U);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, after_item(&page, 0U),
                    RMQDR_ERR_RESET);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, after_item(&page, 3U),
                    RMQDR_ERR_RESET);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_callback(), RMQDR_OK);
    assert_int_equal(rig.seen.calls, 5U);
    assert_int_equal(rig.seen.ids[4], 504);
    expect_sane();
}

/* A page framed by the connection's end (no Content-Length) and cut
 * mid-document by a close is retried too, in both sink modes. */
static void test_until_close_cut_retried(void **state)
{
    static canned_t page;
    static canned_t framed;
    const char *cl;
    const char *eol;
    unsigned k;

    (void)state;
    make_page(&page, 4U, 300, k_date_2026);
    /* the same response with "Content-Length: N" replaced by "Connection: close" */
    cl = strstr((const char *)page.bytes, "Content-Length: ");
    assert_non_null(cl);
    eol = strstr(cl, "\r\n");
    framed.len = 0U;
    memcpy(framed.bytes, page.bytes, (size_t)(cl - (const char *)page.bytes));
    framed.len = (size_t)(cl - (const char *)page.bytes);
    put(&framed, "Connection: close%s", eol);
    for (k = 0U; k < 4U; k++) {
        rig_setup(1U);
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), framed.bytes, framed.len,
                        after_item(&framed, k) + 1U, RMQDR_ERR_CLOSED);
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), framed.bytes, framed.len, FT_NO_CUT,
                        RMQDR_ERR_CLOSED);
        assert_int_equal(call_callback(), RMQDR_OK);
        assert_int_equal(rig.seen.calls, 4U);
        assert_int_equal(rig.seen.ids[3], 303);
        assert_int_equal(rig.base.client.stats.retries, 1U);
        expect_sane();

        rig_setup(1U);
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), framed.bytes, framed.len,
                        after_item(&framed, k) + 1U, RMQDR_ERR_CLOSED);
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), framed.bytes, framed.len, FT_NO_CUT,
                        RMQDR_ERR_CLOSED);
        assert_int_equal(call_array(), RMQDR_OK);
        assert_int_equal(rig.env.list_count, 4U);
        expect_sane();
    }
    /* with no retry left the status stays the decoder's */
    rig_setup(0U);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), framed.bytes, framed.len,
                    after_item(&framed, 1U), RMQDR_ERR_CLOSED);
    assert_int_equal(call_array(), RMQDR_ERR_JSON_TRUNCATED);
    expect_sane();
}

static void test_callback_page_changed(void **state)
{
    static canned_t page;
    static canned_t other;
    static canned_t shorter;
    static canned_t err;

    (void)state;
    make_page(&page, 4U, 100, k_date_2026);
    make_page(&other, 4U, 200, k_date_2026);
    make_page(&shorter, 1U, 100, k_date_2026);
    make_raw(&err, "502 Bad Gateway", "Content-Type: text/html\r\n", k_nginx_502, -1);

    /* the re-requested page starts with other ids */
    rig_setup(2U);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, after_item(&page, 1U),
                    RMQDR_ERR_RESET);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), other.bytes, other.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_callback(), RMQDR_ERR_PAGE_CHANGED);
    assert_int_equal(rig.seen.calls, 2U); /* nothing of the changed page */
    assert_int_equal(detail()->status, RMQDR_ERR_PAGE_CHANGED);
    expect_sane();

    /* the re-requested page holds fewer items than were delivered */
    rig_setup(2U);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, after_item(&page, 2U),
                    RMQDR_ERR_TIMEOUT);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), shorter.bytes, shorter.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_callback(), RMQDR_ERR_PAGE_CHANGED);
    assert_int_equal(rig.seen.calls, 3U);
    expect_sane();

    /* a gateway page in between does not count as a change */
    rig_setup(3U);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, after_item(&page, 0U),
                    RMQDR_ERR_RESET);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), err.bytes, err.len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_callback(), RMQDR_OK);
    assert_int_equal(rig.seen.calls, 4U);
    assert_int_equal(rig.seen.ids[3], 103);
    expect_sane();
}

/* ------------------------------------------------------------------ */
/* 2. The deadline                                                      */
/* ------------------------------------------------------------------ */

/* Issue: one byte every 0.9 s with a 1 s timeout and 0 retries held a
 * call for 86 s. Now the deadline ends it, whatever the page's length. */
static void test_drip_bounded_by_deadline(void **state)
{
    static canned_t page;
    const uint32_t deadlines[] = { 5000U, 12000U, 60000U };
    const uint32_t retries[] = { 0U, 3U };
    size_t i;
    size_t j;

    (void)state;
    make_page(&page, 3U, 1, k_date_2026);
    for (i = 0U; i < sizeof deadlines / sizeof deadlines[0]; i++) {
        for (j = 0U; j < sizeof retries / sizeof retries[0]; j++) {
            int64_t t0;

            rig_config(retries[j]);
            rig.base.cfg.deadline_ms = deadlines[i];
            rig_init();
            rig.base.ft.drip_ms = 900U;
            ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, FT_NO_CUT,
                            RMQDR_OK);
            t0 = rig.base.fp.now_ms;
            assert_int_equal(call_array(), RMQDR_ERR_DEADLINE);
            assert_true(rig.base.fp.now_ms - t0 <= (int64_t)deadlines[i] + 900);
            assert_true(rig.base.fp.now_ms - t0 >= (int64_t)deadlines[i] - 900);
            assert_true(page.len * 900U > 10U * deadlines[i]); /* the page alone would take longer */
            assert_int_equal(detail()->status, RMQDR_ERR_DEADLINE);
            assert_int_equal(detail()->cause, RMQDR_ERR_TIMEOUT);
            expect_sane();
        }
    }
}

/* The wall clock steps while a call runs (NTP, an operator setting the
 * RTC): with the platform's monotonic hook the deadline is measured on it,
 * so a step back cannot stretch the call and a step forward cannot end it
 * at once. The fake wall clock jumps after its second reading. */
static int64_t wall_step_ms;
static uint32_t wall_reads;

static rmqdr_status_t stepping_wall(void *ctx, int64_t *unix_ms)
{
    const ft_platform_t *fp = ctx;

    wall_reads++;
    *unix_ms = fp->now_ms + ((wall_reads > 2U) ? wall_step_ms : 0);
    return RMQDR_OK;
}

static int64_t fake_monotonic(void *ctx)
{
    return ((const ft_platform_t *)ctx)->now_ms;
}

static void test_wall_clock_step_keeps_the_deadline(void **state)
{
    static const int64_t steps[] = { -3600000, 3600000, -86400000, 86400000 };
    const uint32_t deadline = 4000U;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof steps / sizeof steps[0]; i++) {
        int64_t t0;

        rig_config(10U);
        rig.base.platform.now_ms = stepping_wall;
        rig.base.platform.monotonic_ms = fake_monotonic;
        wall_reads = 0U;
        wall_step_ms = steps[i];
        rig.base.cfg.deadline_ms = deadline;
        rig_init();
        (void)ft_add_conn(&rig.base.ft, RMQDR_ERR_TIMEOUT);
        t0 = rig.base.fp.now_ms;
        assert_int_equal(call_array(), RMQDR_ERR_DEADLINE);
        assert_true(rig.base.fp.now_ms - t0 <= (int64_t)deadline);
        assert_true(rig.base.fp.now_ms - t0 >= (int64_t)deadline - 900);
        expect_sane();
    }
}

/* Sibling: a silent server and retries. No operation is given more than
 * the time left, and no backoff is slept past the deadline. */
static void test_deadline_bounds_timeouts_and_backoff(void **state)
{
    uint32_t deadline;

    (void)state;
    for (deadline = 300U; deadline <= 9000U; deadline += 700U) {
        int64_t t0;
        rmqdr_status_t got;

        rig_config(10U);
        rig.base.cfg.deadline_ms = deadline;
        rig_init();
        (void)ft_add_conn(&rig.base.ft, RMQDR_ERR_TIMEOUT);
        t0 = rig.base.fp.now_ms;
        got = call_array();
        assert_int_equal(got, RMQDR_ERR_DEADLINE);
        assert_true(rig.base.fp.now_ms - t0 <= (int64_t)deadline);
        assert_int_equal(detail()->cause, RMQDR_ERR_TIMEOUT);
        assert_true(detail()->attempts >= 1U);
        expect_sane();
    }

    /* x-acs-retry-after longer than the time left: no sleep at all */
    {
        static canned_t err;

        make_raw(&err, "503 Service Unavailable",
                 "Content-Type: application/json\r\nx-acs-retry-after: 120000\r\n",
                 "{\"Code\":\"Throttling.User\",\"Message\":\"slow\"}", -1);
        rig_setup(3U);
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), err.bytes, err.len, FT_NO_CUT, RMQDR_OK);
        assert_int_equal(call_array(), RMQDR_ERR_DEADLINE);
        assert_int_equal(rig.base.fp.sleeps, 0U);
        assert_int_equal(detail()->cause, RMQDR_ERR_API);
        assert_string_equal(detail()->code, "Throttling.User");
        expect_sane();
    }
}

/* list_all: one deadline for every page. Each page "takes" 1.5 s (the
 * page callback advances the fake clock): a 4 s deadline ends paging in
 * the third page's wake, and with a long one all four pages come. */
static rmqdr_status_t slow_page(void *ctx, const rmqdr_envelope_t *page)
{
    (void)page;
    (*(uint32_t *)ctx)++;
    rig.base.fp.now_ms += 1500;
    return RMQDR_OK;
}

static void test_deadline_covers_paging(void **state)
{
    static canned_t page;
    const uint32_t deadlines[] = { 4000U, 60000U };
    char *at;
    size_t i;

    (void)state;
    make_page(&page, 2U, 1, k_date_2026);
    at = strstr((char *)page.bytes, "\"totalCount\":2");
    assert_non_null(at);
    at[strlen("\"totalCount\":")] = '8';
    for (i = 0U; i < 2U; i++) {
        rmqdr_request_t req = ft_rig_page_request();
        rmqdr_json_sink_t sink = rmqdr_json_sink_array(rig.items, CAP);
        uint32_t pages = 0U;
        ft_conn_t *c;
        unsigned k;

        rig_config(2U);
        rig.base.cfg.deadline_ms = deadlines[i];
        rig_init();
        c = ft_add_conn(&rig.base.ft, RMQDR_OK);
        for (k = 0U; k < 4U; k++) {
            ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
        }
        if (i == 0U) {
            assert_int_equal(rmqdr_list_all_checkpoints(&rig.base.client, &req, &sink, &rig.env, slow_page,
                                                        &pages),
                             RMQDR_ERR_DEADLINE);
            assert_int_equal(pages, 3U);
            assert_int_equal(rig.base.ft.requests, 3U);
        } else {
            assert_int_equal(rmqdr_list_all_checkpoints(&rig.base.client, &req, &sink, &rig.env, slow_page,
                                                        &pages),
                             RMQDR_OK);
            assert_int_equal(pages, 4U);
        }
        expect_sane();
    }
}

/* ------------------------------------------------------------------ */
/* 2b. Defaults                                                         */
/* ------------------------------------------------------------------ */

static void test_zero_config_means_defaults(void **state)
{
    rmqdr_client_config_t d;

    (void)state;
    rmqdr_client_config_defaults(&d);
    assert_int_equal(d.timeout_ms, RMQDR_CLIENT_DEFAULT_TIMEOUT_MS);
    assert_int_equal(d.deadline_ms, RMQDR_CLIENT_DEFAULT_DEADLINE_MS);
    assert_true(d.deadline_ms <= 60000U);
    assert_int_equal(d.max_retries, RMQDR_CLIENT_DEFAULT_MAX_RETRIES);
    assert_int_equal(d.backoff_base_ms, RMQDR_CLIENT_DEFAULT_BACKOFF_BASE_MS);
    assert_int_equal(d.backoff_max_ms, RMQDR_CLIENT_DEFAULT_BACKOFF_MAX_MS);
    assert_null(d.transport);
    assert_null(d.request_buf);

    /* a zero-initialised config: a silent server is waited for the
     * default timeout, not "at once" */
    rig_config(0U);
    rig.base.cfg.timeout_ms = 0U;
    rig.base.cfg.deadline_ms = 0U;
    rig.base.cfg.backoff_base_ms = 0U;
    rig.base.cfg.backoff_max_ms = 0U;
    rig_init();
    assert_int_equal(rig.base.client.cfg.timeout_ms, RMQDR_CLIENT_DEFAULT_TIMEOUT_MS);
    assert_int_equal(rig.base.client.cfg.deadline_ms, RMQDR_CLIENT_DEFAULT_DEADLINE_MS);
    assert_int_equal(rig.base.client.cfg.backoff_base_ms, RMQDR_CLIENT_DEFAULT_BACKOFF_BASE_MS);
    assert_int_equal(rig.base.client.cfg.backoff_max_ms, RMQDR_CLIENT_DEFAULT_BACKOFF_MAX_MS);
    (void)ft_add_conn(&rig.base.ft, RMQDR_ERR_TIMEOUT);
    assert_int_equal(call_array(), RMQDR_ERR_TIMEOUT);
    assert_int_equal(rig.base.ft.max_timeout_ms, RMQDR_CLIENT_DEFAULT_TIMEOUT_MS);
    assert_int_equal(rig.base.fp.now_ms - FT_EPOCH_MS, (int64_t)RMQDR_CLIENT_DEFAULT_TIMEOUT_MS);
    rmqdr_client_close(&rig.base.client);
    rmqdr_client_config_defaults(NULL); /* ignored */
}

/* ------------------------------------------------------------------ */
/* 3. Time                                                              */
/* ------------------------------------------------------------------ */

static const char k_skew_json[] =
    "{\"RequestId\":\"R-SKEW\",\"Code\":\"InvalidTimeStamp.Expired\",\"Message\":\"skew\"}";

static void make_skew(canned_t *c, const char *date)
{
    char headers[160];

    (void)snprintf(headers, sizeof headers, "Content-Type: application/json\r\nDate: %s\r\n", date);
    make_raw(c, "400 Bad Request", headers, k_skew_json, -1);
}

/* Issue: a 502 page or a 200 carrying a 1970 Date never makes later
 * requests carry a 1970 x-acs-date; siblings: far future, 2 h off, and
 * malformed Dates on answers that did not reject our time. */
static void test_date_not_adopted_without_rejection(void **state)
{
    static const char *const dates[] = {
        "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 01 Jan 2500 00:00:00 GMT",
        "Thu, 01 Jan 2026 02:00:00 GMT", "Thu, 01 Jan 2026 02:00:00", "yesterday",
    };
    static canned_t page;
    static canned_t err;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof dates / sizeof dates[0]; i++) {
        char headers[200];
        ft_conn_t *c;

        make_page(&page, 1U, 1, dates[i]);
        (void)snprintf(headers, sizeof headers, "Content-Type: text/html\r\nDate: %s\r\n", dates[i]);
        make_raw(&err, "502 Bad Gateway", headers, k_nginx_502, -1);
        rig_setup(1U);
        c = ft_add_conn(&rig.base.ft, RMQDR_OK);
        ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
        ft_add_response(c, err.bytes, err.len, FT_NO_CUT, RMQDR_OK);
        ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
        assert_int_equal(call_array(), RMQDR_OK);
        assert_int_equal(call_array(), RMQDR_OK); /* 502, then the page */
        assert_int_equal(rig.base.client.clock_offset_ms, 0);
        assert_int_equal(rig.skew_events, 0U);
        assert_false(ft_sent_contains(&rig.base.ft, "x-acs-date: 1970"));
        assert_false(ft_sent_contains(&rig.base.ft, "x-acs-date: 2500"));
        assert_true(ft_sent_contains(&rig.base.ft, "x-acs-date: 2026-01-01T00:00:"));
        expect_sane();
    }
}

/* The service rejects our time: a plausible Date is adopted once, with one
 * event; an implausible one is not adopted and the call is not re-signed. */
static void test_date_adopted_on_rejection(void **state)
{
    typedef struct {
        const char *date;
        bool adopted;
        int64_t offset_ms;
    } case_t;
    static const case_t cases[] = {
        { "Thu, 01 Jan 2026 00:20:00 GMT", true, 20 * 60 * 1000 },
        { "Wed, 31 Dec 2025 21:00:00 GMT", true, -3 * 3600 * 1000 },
        { "Fri, 01 Jan 2027 00:00:00 GMT", true, 365LL * 86400 * 1000 },
        { "Thu, 01 Jan 1970 00:00:00 GMT", false, 0 },
        { "Fri, 01 Jan 2500 00:00:00 GMT", false, 0 },
        { "Mon, 01 Jan 2024 00:00:00 GMT", false, 0 }, /* before the floor */
        { "not a date", false, 0 },
    };
    static canned_t skew;
    static canned_t page;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        ft_conn_t *c;

        make_skew(&skew, cases[i].date);
        make_page(&page, 1U, 1, cases[i].date);
        rig_setup(2U);
        c = ft_add_conn(&rig.base.ft, RMQDR_OK);
        ft_add_response(c, skew.bytes, skew.len, FT_NO_CUT, RMQDR_OK);
        ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
        ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
        if (cases[i].adopted) {
            int64_t now = 0;

            assert_int_equal(call_array(), RMQDR_OK);
            assert_int_equal(rig.base.client.clock_offset_ms, cases[i].offset_ms);
            assert_int_equal(rig.skew_events, 1U);
            assert_int_equal(rig.skew_offsets[0], cases[i].offset_ms);
            assert_int_equal(rmqdr_client_server_now(&rig.base.client, &now), RMQDR_OK);
            assert_int_equal(now, FT_EPOCH_MS + cases[i].offset_ms);
            /* later calls keep the offset and say nothing more */
            assert_int_equal(call_array(), RMQDR_OK);
            assert_int_equal(rig.skew_events, 1U);
        } else {
            assert_int_equal(call_array(), RMQDR_ERR_API);
            assert_int_equal(rig.base.ft.requests, 1U); /* not re-signed, not retried */
            assert_int_equal(rig.base.client.clock_offset_ms, 0);
            assert_int_equal(rig.skew_events, 0U);
        }
        expect_sane();
    }
}

/* A board without RTC: the clock counts from boot (1970), the first answer
 * teaches the time, server_now() gives it from then on. */
static void test_clock_unset_board(void **state)
{
    static canned_t skew;
    static canned_t page;
    static canned_t late;
    int64_t now = 0;
    ft_conn_t *c;

    (void)state;
    make_skew(&skew, "Thu, 01 Jan 2026 00:00:00 GMT");
    make_page(&page, 1U, 1, "Thu, 01 Jan 2026 00:00:00 GMT");
    make_page(&late, 1U, 1, "Thu, 01 Jan 2026 00:10:00 GMT");
    rig_setup(1U);
    rig.base.fp.now_ms = 5000; /* 5 s after boot */
    assert_int_equal(rmqdr_client_server_now(&rig.base.client, &now), RMQDR_ERR_PORT_TIME);
    c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    ft_add_response(c, skew.bytes, skew.len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, late.bytes, late.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_OK);
    assert_int_equal(rig.skew_events, 1U);
    assert_true(ft_sent_contains(&rig.base.ft, "x-acs-date: 1970-01-01T00:00:05Z"));
    assert_true(ft_sent_contains(&rig.base.ft, "x-acs-date: 2026-01-01T00:00:00Z"));
    assert_int_equal(rmqdr_client_server_now(&rig.base.client, &now), RMQDR_OK);
    assert_int_equal(now, FT_EPOCH_MS);
    rig.base.fp.now_ms += 1000;
    assert_int_equal(rmqdr_client_server_now(&rig.base.client, &now), RMQDR_OK);
    assert_int_equal(now, FT_EPOCH_MS + 1000);
    /* the clock is set now: a later answer 10 min off, not a rejection, is ignored */
    assert_int_equal(call_array(), RMQDR_OK);
    assert_int_equal(rig.skew_events, 1U);
    rmqdr_client_close(&rig.base.client);

    /* sibling: unset clock, the first answer is a 502 page with a good Date:
     * adopted (clock unset), and the retry is stamped right */
    {
        static canned_t err;

        make_raw(&err, "502 Bad Gateway",
                 "Content-Type: text/html\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n", k_nginx_502, -1);
        rig_setup(1U);
        rig.base.fp.now_ms = 0;
        c = ft_add_conn(&rig.base.ft, RMQDR_OK);
        ft_add_response(c, err.bytes, err.len, FT_NO_CUT, RMQDR_OK);
        ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
        assert_int_equal(call_array(), RMQDR_OK);
        assert_int_equal(rig.skew_events, 1U);
        assert_true(ft_sent_contains(&rig.base.ft, "x-acs-date: 2026-01-01T00:00:0"));
        rmqdr_client_close(&rig.base.client);
    }

    /* sibling: unset clock and a 1970 Date: nothing is learned */
    {
        static canned_t p1970;

        make_page(&p1970, 1U, 1, "Thu, 01 Jan 1970 00:00:00 GMT");
        rig_setup(0U);
        rig.base.fp.now_ms = 0;
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), p1970.bytes, p1970.len, FT_NO_CUT, RMQDR_OK);
        assert_int_equal(call_array(), RMQDR_OK);
        assert_int_equal(rig.skew_events, 0U);
        assert_int_equal(rmqdr_client_server_now(&rig.base.client, &now), RMQDR_ERR_PORT_TIME);
        rmqdr_client_close(&rig.base.client);
    }
    assert_int_equal(rmqdr_client_server_now(NULL, &now), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_client_server_now(&rig.base.client, NULL), RMQDR_ERR_BAD_ARGUMENT);
}

/* Age is measured on the server's clock: with the server 20 min ahead a
 * fresh sync is not stale, with it 3 h behind an old one is not fresh. */
static void test_health_on_server_time(void **state)
{
    static canned_t skew;
    static canned_t page;
    int64_t now = 0;
    rmqdr_health_t h;
    ft_conn_t *c;

    (void)state;
    /* the page says lastSyncTime 2026-01-01T00:18:20Z (1767225500000 + 20 min) */
    make_skew(&skew, "Thu, 01 Jan 2026 00:20:00 GMT");
    make_page(&page, 1U, 1, "Thu, 01 Jan 2026 00:20:00 GMT");
    {
        char *at = strstr((char *)page.bytes, "1767225500000");

        assert_non_null(at);
        memcpy(at, "1767226700000", 13U);
    }
    rig_setup(0U);
    c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    ft_add_response(c, skew.bytes, skew.len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_OK);
    assert_int_equal(rmqdr_client_server_now(&rig.base.client, &now), RMQDR_OK);
    rmqdr_checkpoint_health(&rig.items[0], &now, &h);
    assert_int_equal(h.unknown, 0U);
    assert_int_equal(h.age_ms, 100 * 1000); /* not 20 min */
    assert_int_equal(h.lag_ms, 10 * 1000);
    expect_sane();

    /* sibling: the server 20 min behind, a sync 3 h old on its clock
     * (2025-12-31T20:40:00Z): 3 h, not 2 h 40 */
    make_skew(&skew, "Wed, 31 Dec 2025 23:40:00 GMT");
    make_page(&page, 1U, 1, "Wed, 31 Dec 2025 23:40:00 GMT");
    {
        char *at = strstr((char *)page.bytes, "1767225500000");

        assert_non_null(at);
        memcpy(at, "1767213600000", 13U);
    }
    rig_setup(0U);
    c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    ft_add_response(c, skew.bytes, skew.len, FT_NO_CUT, RMQDR_OK);
    ft_add_response(c, page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_OK);
    assert_int_equal(rmqdr_client_server_now(&rig.base.client, &now), RMQDR_OK);
    rmqdr_checkpoint_health(&rig.items[0], &now, &h);
    assert_int_equal(h.age_ms, 3 * 3600 * 1000);
    expect_sane();

    /* "never": a 0 lastSyncTime is unknown, not a 56-year age */
    rig.items[0].last_sync_time = 0;
    rmqdr_checkpoint_health(&rig.items[0], &now, &h);
    assert_int_equal(h.unknown, RMQDR_HEALTH_UNKNOWN_SYNC);
    assert_int_equal(h.age_ms, 0);
}

/* ------------------------------------------------------------------ */
/* Error detail in one place                                            */
/* ------------------------------------------------------------------ */

static void test_last_error_detail(void **state)
{
    static canned_t page;
    const rmqdr_error_detail_t *e;

    (void)state;
    rig_setup(0U);
    rig.base.ft.os_error = 111; /* ECONNREFUSED */
    (void)ft_add_conn(&rig.base.ft, RMQDR_ERR_CONNECT);
    assert_int_equal(call_array(), RMQDR_ERR_CONNECT);
    e = detail();
    assert_int_equal(e->status, RMQDR_ERR_CONNECT);
    assert_int_equal(e->cause, RMQDR_ERR_CONNECT);
    assert_int_equal(e->os_error, 111);
    assert_string_equal(e->host, "rocketmq.cn-hangzhou.aliyuncs.com");
    assert_int_equal(e->port, 443);
    assert_int_equal(e->http_status, 0);
    assert_int_equal(e->attempts, 1U);

    /* a success clears it */
    make_page(&page, 1U, 1, k_date_2026);
    rig_setup(0U);
    rig.base.ft.tls_error = -0x2700;
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call_array(), RMQDR_OK);
    e = detail();
    assert_int_equal(e->status, RMQDR_OK);
    assert_int_equal(e->cause, RMQDR_OK);
    assert_int_equal(e->tls_error, 0);
    assert_int_equal(e->http_status, 200);
    assert_string_equal(e->request_id, "REQ-PAGE");
    expect_sane();
    assert_null(rmqdr_client_last_error(NULL));

    /* a transport without the optional hook */
    rig_setup(0U);
    rig.base.transport.last_error = NULL;
    (void)ft_add_conn(&rig.base.ft, RMQDR_ERR_DNS);
    assert_int_equal(call_array(), RMQDR_ERR_DNS);
    assert_int_equal(detail()->os_error, 0);
}

/* A host name with one final dot (FQDN form) connects, verifies and sends
 * SNI as the name without it; the signed Host header keeps the endpoint as
 * configured. Two dots or an empty label are refused. */
static void test_fqdn_trailing_dot(void **state)
{
    static const struct {
        const char *endpoint;
        rmqdr_status_t st;
        const char *host;
        uint16_t port;
    } cases[] = {
        { "localhost.:8443", RMQDR_OK, "localhost", 8443U },
        { "LocalHost.", RMQDR_OK, "LocalHost", 443U },
        { "rocketmq.cn-hangzhou.aliyuncs.com.", RMQDR_OK, "rocketmq.cn-hangzhou.aliyuncs.com", 443U },
        { "[::1]:8443", RMQDR_OK, "::1", 8443U },
        { "localhost..:8443", RMQDR_ERR_BAD_ENDPOINT, "", 0U },
        { "a..b", RMQDR_ERR_BAD_ENDPOINT, "", 0U },
        { ".", RMQDR_ERR_BAD_ENDPOINT, "", 0U },
        { ".:443", RMQDR_ERR_BAD_ENDPOINT, "", 0U },
    };
    static canned_t page;
    size_t i;

    (void)state;
    make_page(&page, 1U, 1, k_date_2026);
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        rmqdr_status_t st;

        rig_config(0U);
        rig.base.cfg.config.endpoint = cases[i].endpoint;
        st = rmqdr_client_init(&rig.base.client, &rig.base.cfg);
        assert_int_equal(st, cases[i].st);
        if (st != RMQDR_OK) {
            continue;
        }
        assert_string_equal(rig.base.client.endpoint.host, cases[i].host);
        assert_int_equal(rig.base.client.endpoint.port, cases[i].port);
        ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), page.bytes, page.len, FT_NO_CUT, RMQDR_OK);
        assert_int_equal(call_array(), RMQDR_OK);
        {
            char host_line[96];

            (void)snprintf(host_line, sizeof host_line, "host: %s\r\n", cases[i].endpoint);
            assert_true(ft_sent_contains(&rig.base.ft, host_line));
        }
        expect_sane();
    }
    assert_true(rmqdr_host_is_loopback("localhost."));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_server_error_any_body_retried),
        cmocka_unit_test(test_server_error_details),
        cmocka_unit_test(test_retries_exhausted),
        cmocka_unit_test(test_backoff_is_real),
        cmocka_unit_test(test_callback_replay),
        cmocka_unit_test(test_until_close_cut_retried),
        cmocka_unit_test(test_callback_page_changed),
        cmocka_unit_test(test_drip_bounded_by_deadline),
        cmocka_unit_test(test_deadline_bounds_timeouts_and_backoff),
        cmocka_unit_test(test_wall_clock_step_keeps_the_deadline),
        cmocka_unit_test(test_deadline_covers_paging),
        cmocka_unit_test(test_zero_config_means_defaults),
        cmocka_unit_test(test_date_not_adopted_without_rejection),
        cmocka_unit_test(test_date_adopted_on_rejection),
        cmocka_unit_test(test_clock_unset_board),
        cmocka_unit_test(test_health_on_server_time),
        cmocka_unit_test(test_last_error_detail),
        cmocka_unit_test(test_fqdn_trailing_dot),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
