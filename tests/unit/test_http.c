/*
 * HTTP response decoder: fixtures in tests/data/http (written by
 * generate.py there), fragmentation invariance, truncation at every prefix,
 * limits and head fields.
 *
 * Every decode in this file goes through decode_checked(), which also decodes
 * the same bytes one byte at a time and asserts the outcome is identical, so
 * each table entry is a fragmentation test too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/http.h"

#define BODY_MAX    4096U
#define FIXTURE_MAX (RMQDR_HTTP_MAX_LINE + 1024U)
#define BUILD_MAX   ((RMQDR_HTTP_MAX_HEADERS + 4U) * 64U + RMQDR_HTTP_MAX_LINE + 256U)

/* Everything a decode produces that a caller could observe. */
typedef struct {
    rmqdr_status_t status; /* first non-OK of feed/finish, else OK */
    uint8_t body[BODY_MAX];
    size_t body_len;
    rmqdr_http_head_t head;
    bool headers_done;
    bool message_done;
    bool reuse;
} outcome_t;

/* ---- helpers ---- */

static rmqdr_status_t collect_body(void *ctx, const uint8_t *data, size_t len)
{
    outcome_t *o = ctx;
    assert_true(len > 0U);
    assert_true(len <= BODY_MAX - o->body_len);
    memcpy(&o->body[o->body_len], data, len);
    o->body_len += len;
    return RMQDR_OK;
}

/* Sizes of successive feeds; returns 0 when the plan wants "the rest". */
typedef size_t (*plan_fn)(void *arg, size_t done, size_t total);

static size_t plan_whole(void *arg, size_t done, size_t total)
{
    (void)arg;
    return total - done;
}

static size_t plan_one(void *arg, size_t done, size_t total)
{
    (void)arg;
    (void)done;
    (void)total;
    return 1U;
}

static size_t plan_split(void *arg, size_t done, size_t total)
{
    size_t at = *(const size_t *)arg;
    return (done < at) ? at - done : total - done;
}

/* Deterministic pseudo-random chunk sizes 1..17 (xorshift32). */
static size_t plan_random(void *arg, size_t done, size_t total)
{
    uint32_t *s = arg;
    (void)done;
    (void)total;
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return (size_t)(*s % 17U) + 1U;
}

/*
 * Feeds @p data in pieces chosen by @p plan (with an empty feed between
 * pieces), then finish(). After the first error every further call must
 * return that same error: that is the stickiness contract.
 */
static void decode_plan(const uint8_t *data, size_t len, plan_fn plan, void *arg,
                        outcome_t *o)
{
    rmqdr_http_decoder_t d;
    size_t done = 0U;
    rmqdr_status_t st;

    memset(o, 0, sizeof *o);
    rmqdr_http_init(&d);
    o->status = RMQDR_OK;
    while (done < len) {
        size_t n = plan(arg, done, len);
        if ((n == 0U) || (n > len - done)) {
            n = len - done;
        }
        st = rmqdr_http_feed(&d, &data[done], n, collect_body, o);
        if (o->status != RMQDR_OK) {
            assert_int_equal(st, o->status);
        }
        o->status = st;
        assert_int_equal(rmqdr_http_feed(&d, &data[done], 0U, collect_body, o), st);
        done += n;
    }
    st = rmqdr_http_finish(&d);
    if (o->status != RMQDR_OK) {
        assert_int_equal(st, o->status);
    }
    o->status = st;
    assert_int_equal(rmqdr_http_finish(&d), st);
    o->head = d.head;
    o->headers_done = rmqdr_http_headers_done(&d);
    o->message_done = rmqdr_http_message_done(&d);
    o->reuse = rmqdr_http_can_reuse(&d);
    if (st != RMQDR_OK) {
        assert_false(o->message_done);
        assert_false(o->reuse);
    } else {
        assert_true(o->message_done);
    }
}

static void assert_same_outcome(const outcome_t *a, const outcome_t *b)
{
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->body_len, b->body_len);
    assert_memory_equal(a->body, b->body, a->body_len);
    assert_int_equal(a->headers_done, b->headers_done);
    assert_int_equal(a->message_done, b->message_done);
    assert_int_equal(a->reuse, b->reuse);
    assert_int_equal(a->head.status, b->head.status);
    assert_int_equal(a->head.version_minor, b->head.version_minor);
    assert_int_equal(a->head.has_content_length, b->head.has_content_length);
    assert_true(a->head.content_length == b->head.content_length);
    assert_int_equal(a->head.chunked, b->head.chunked);
    assert_int_equal(a->head.keep_alive, b->head.keep_alive);
    assert_int_equal(a->head.is_json, b->head.is_json);
    assert_int_equal(a->head.has_date, b->head.has_date);
    assert_true(a->head.date_unix == b->head.date_unix);
    assert_int_equal(a->head.has_retry_after, b->head.has_retry_after);
    assert_int_equal(a->head.retry_after_ms, b->head.retry_after_ms);
    assert_int_equal(a->head.request_id_truncated, b->head.request_id_truncated);
    assert_string_equal(a->head.request_id, b->head.request_id);
}

/* Whole-buffer decode, cross-checked against a byte-at-a-time decode. */
static void decode_checked(const uint8_t *data, size_t len, outcome_t *o)
{
    static outcome_t bytewise;
    decode_plan(data, len, plan_whole, NULL, o);
    decode_plan(data, len, plan_one, NULL, &bytewise);
    assert_same_outcome(o, &bytewise);
}

static void decode_text(const char *text, outcome_t *o)
{
    decode_checked((const uint8_t *)text, strlen(text), o);
}

static size_t load_file(const char *name, const char *ext, uint8_t *buf, size_t cap)
{
    char path[512];
    const char *dir = getenv("RMQDR_TEST_DATA");
    FILE *f;
    size_t n;

    (void)snprintf(path, sizeof path, "%s/http/%s%s",
                   (dir != NULL) ? dir : "tests/data", name, ext);
    f = fopen(path, "rb");
    if (f == NULL) {
        fail_msg("cannot open fixture %s (run from the repository root)", path);
    }
    n = fread(buf, 1U, cap, f);
    assert_int_equal(ferror(f), 0);
    assert_true(feof(f) != 0); /* the whole file fit */
    (void)fclose(f);
    return n;
}

/* ---- fixtures ---- */

typedef struct {
    const char *name;
    rmqdr_status_t status;
    uint16_t http_status;  /* 0: not reached */
    bool reuse;
    bool until_close;
} fixture_t;

static const fixture_t fixtures[] = {
    { "ok_content_length", RMQDR_OK, 200U, true, false },
    { "ok_chunked", RMQDR_OK, 200U, true, false },
    { "ok_until_close", RMQDR_OK, 200U, false, true },
    { "ok_continue", RMQDR_OK, 200U, true, false },
    { "ok_gateway_403", RMQDR_OK, 403U, false, false },
    { "ok_throttled_429", RMQDR_OK, 429U, true, false },
    { "ok_no_content_204", RMQDR_OK, 204U, true, false },
    { "ok_http10_keepalive", RMQDR_OK, 200U, true, false },
    { "bad_chunk_size_nonhex", RMQDR_ERR_HTTP_BAD_CHUNK, 200U, false, false },
    { "bad_chunk_size_empty", RMQDR_ERR_HTTP_BAD_CHUNK, 200U, false, false },
    { "bad_chunk_size_overflow", RMQDR_ERR_HTTP_BAD_CHUNK, 200U, false, false },
    { "bad_chunk_missing_crlf", RMQDR_ERR_HTTP_BAD_CHUNK, 200U, false, false },
    { "bad_chunk_blank_before_crlf", RMQDR_ERR_HTTP_BAD_CHUNK, 200U, false, false },
    { "bad_chunked_truncated", RMQDR_ERR_HTTP_TRUNCATED, 200U, false, false },
    { "bad_cl_and_chunked", RMQDR_ERR_HTTP_BAD_FRAMING, 200U, false, false },
    { "bad_te_gzip", RMQDR_ERR_HTTP_BAD_FRAMING, 200U, false, false },
    { "bad_te_twice", RMQDR_ERR_HTTP_BAD_FRAMING, 200U, false, false },
    { "bad_http10_chunked", RMQDR_ERR_HTTP_BAD_FRAMING, 200U, false, false },
    { "bad_cl_negative", RMQDR_ERR_HTTP_BAD_LENGTH, 200U, false, false },
    { "bad_cl_nondecimal", RMQDR_ERR_HTTP_BAD_LENGTH, 200U, false, false },
    { "bad_cl_overflow", RMQDR_ERR_HTTP_BAD_LENGTH, 200U, false, false },
    { "bad_cl_empty", RMQDR_ERR_HTTP_BAD_LENGTH, 200U, false, false },
    { "bad_cl_list", RMQDR_ERR_HTTP_BAD_LENGTH, 200U, false, false },
    { "bad_cl_conflict", RMQDR_ERR_HTTP_BAD_LENGTH, 200U, false, false },
    { "bad_trailing_bytes", RMQDR_ERR_HTTP_TRAILING_BYTES, 200U, false, false },
    { "bad_truncated_body", RMQDR_ERR_HTTP_TRUNCATED, 200U, false, false },
    { "bad_truncated_head", RMQDR_ERR_HTTP_TRUNCATED, 200U, false, false },
    { "bad_obs_fold", RMQDR_ERR_HTTP_HEADER_SYNTAX, 200U, false, false },
    { "bad_space_before_colon", RMQDR_ERR_HTTP_HEADER_SYNTAX, 200U, false, false },
    { "bad_no_colon", RMQDR_ERR_HTTP_HEADER_SYNTAX, 200U, false, false },
    { "bad_control_char", RMQDR_ERR_HTTP_HEADER_SYNTAX, 200U, false, false },
    { "bad_status_line", RMQDR_ERR_HTTP_STATUS_LINE, 0U, false, false },
    { "bad_status_code", RMQDR_ERR_HTTP_STATUS_LINE, 0U, false, false },
    { "bad_bare_lf", RMQDR_ERR_HTTP_STATUS_LINE, 200U, false, false },
    { "bad_switching_101", RMQDR_ERR_HTTP_BAD_FRAMING, 101U, false, false },
};

#define FIXTURE_COUNT (sizeof fixtures / sizeof fixtures[0])

static uint8_t fixture_buf[FIXTURE_MAX];
static uint8_t body_buf[BODY_MAX];
static uint8_t build_buf[BUILD_MAX];

/* Every fixture whole: expected status, HTTP status, reuse, and for valid
 * ones the exact body from NAME.body. */
static void test_fixtures_whole(void **state)
{
    size_t i;
    static outcome_t o;

    (void)state;
    for (i = 0U; i < FIXTURE_COUNT; i++) {
        const fixture_t *f = &fixtures[i];
        size_t len = load_file(f->name, ".http", fixture_buf, sizeof fixture_buf);

        print_message("fixture %s\n", f->name);
        decode_checked(fixture_buf, len, &o);
        assert_int_equal(o.status, f->status);
        assert_int_equal(o.head.status, f->http_status);
        assert_int_equal(o.reuse, f->reuse);
        if (f->status == RMQDR_OK) {
            size_t blen = load_file(f->name, ".body", body_buf, sizeof body_buf);
            assert_int_equal(o.body_len, blen);
            assert_memory_equal(o.body, body_buf, blen);
        }
    }
}

/* Whole vs every two-piece split vs one byte at a time vs random chunks. */
static void check_invariance(const uint8_t *data, size_t len)
{
    static outcome_t ref;
    static outcome_t got;
    size_t at;
    uint32_t seed;

    decode_plan(data, len, plan_whole, NULL, &ref);
    decode_plan(data, len, plan_one, NULL, &got);
    assert_same_outcome(&ref, &got);
    for (at = 1U; at < len; at++) {
        decode_plan(data, len, plan_split, &at, &got);
        assert_same_outcome(&ref, &got);
    }
    for (seed = 1U; seed <= 64U; seed++) {
        uint32_t s = seed * 2654435761U;
        decode_plan(data, len, plan_random, &s, &got);
        assert_same_outcome(&ref, &got);
    }
}

static void test_fixtures_fragmentation(void **state)
{
    size_t i;

    (void)state;
    for (i = 0U; i < FIXTURE_COUNT; i++) {
        size_t len = load_file(fixtures[i].name, ".http", fixture_buf, sizeof fixture_buf);
        check_invariance(fixture_buf, len);
    }
}

/*
 * Each prefix then EOF: a valid message must read as TRUNCATED, except a
 * body-until-close, which ends legally with a shorter body. A malformed
 * message gives TRUNCATED or its own error.
 */
static void test_fixtures_every_prefix(void **state)
{
    size_t i;
    size_t p;
    static outcome_t full;
    static outcome_t o;

    (void)state;
    for (i = 0U; i < FIXTURE_COUNT; i++) {
        const fixture_t *f = &fixtures[i];
        size_t len = load_file(f->name, ".http", fixture_buf, sizeof fixture_buf);

        decode_plan(fixture_buf, len, plan_whole, NULL, &full);
        for (p = 0U; p < len; p++) {
            decode_plan(fixture_buf, p, plan_whole, NULL, &o);
            if (f->status == RMQDR_ERR_HTTP_TRAILING_BYTES) {
                /* cut before the extra bytes it is a complete message */
                assert_true((o.status == RMQDR_ERR_HTTP_TRUNCATED) ||
                            (o.status == f->status) ||
                            ((o.status == RMQDR_OK) && (p == len - 2U)));
            } else if (f->status != RMQDR_OK) {
                assert_true((o.status == RMQDR_ERR_HTTP_TRUNCATED) ||
                            (o.status == f->status));
            } else if (f->until_close && o.headers_done) {
                assert_int_equal(o.status, RMQDR_OK);
                assert_true(o.body_len < full.body_len);
                assert_memory_equal(o.body, full.body, o.body_len);
                assert_false(o.reuse);
            } else {
                assert_int_equal(o.status, RMQDR_ERR_HTTP_TRUNCATED);
            }
        }
    }
}

/* ---- head fields of the fixtures ---- */

static void decode_fixture(const char *name, outcome_t *o)
{
    size_t len = load_file(name, ".http", fixture_buf, sizeof fixture_buf);
    decode_checked(fixture_buf, len, o);
}

static void test_content_length_head(void **state)
{
    static outcome_t o;

    (void)state;
    decode_fixture("ok_content_length", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.head.version_minor, 1);
    assert_true(o.head.has_content_length);
    assert_true(o.head.content_length == (uint64_t)o.body_len);
    assert_false(o.head.chunked);
    assert_true(o.head.keep_alive);
    assert_true(o.head.is_json);
    assert_true(o.head.has_date);
    assert_true(o.head.date_unix == 784111777);
    assert_false(o.head.has_retry_after);
    assert_string_equal(o.head.request_id, "5A1B2C3D-0000-4E5F-8A9B-0123456789AB");
    assert_false(o.head.request_id_truncated);
}

static void test_chunked_head(void **state)
{
    static outcome_t o;

    (void)state;
    decode_fixture("ok_chunked", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_true(o.head.chunked);
    assert_true(o.head.is_json);              /* media type is case-insensitive */
    assert_false(o.head.has_content_length);  /* trailer Content-Length is ignored */
    assert_false(o.head.has_date);
    assert_string_equal(o.head.request_id, "chunked-1");
    assert_true(o.reuse);
}

static void test_until_close(void **state)
{
    static const char msg[] = "HTTP/1.1 200 OK\r\n\r\nabc";
    rmqdr_http_decoder_t d;
    static outcome_t o;

    (void)state;
    rmqdr_http_init(&d);
    memset(&o, 0, sizeof o);
    assert_int_equal(rmqdr_http_feed(&d, (const uint8_t *)msg, sizeof msg - 1U,
                                     collect_body, &o), RMQDR_OK);
    assert_true(rmqdr_http_headers_done(&d));
    assert_false(rmqdr_http_message_done(&d)); /* only EOF can end this body */
    assert_false(d.head.keep_alive);
    assert_int_equal(rmqdr_http_finish(&d), RMQDR_OK);
    assert_true(rmqdr_http_message_done(&d));
    assert_false(rmqdr_http_can_reuse(&d));
    assert_int_equal(o.body_len, 3);
    /* nothing may follow EOF */
    assert_int_equal(rmqdr_http_feed(&d, (const uint8_t *)"x", 1U, NULL, NULL),
                     RMQDR_ERR_HTTP_TRAILING_BYTES);
}

static void test_interim_responses_skipped(void **state)
{
    static outcome_t o;

    (void)state;
    decode_fixture("ok_continue", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.head.status, 200);
    assert_string_equal(o.head.request_id, "final"); /* nothing leaks from a 1xx */
    assert_true(o.head.content_length == 2U);
}

static void test_gateway_error(void **state)
{
    static outcome_t o;

    (void)state;
    decode_fixture("ok_gateway_403", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.head.status, 403);
    assert_true(o.head.is_json);
    assert_false(o.head.keep_alive); /* Connection: close */
    assert_false(o.reuse);
    assert_string_equal(o.head.request_id, "5A1B2C3D-0000-4E5F-8A9B-0123456789AB");
    assert_true(o.body_len > 0U);
    assert_int_equal(o.body[0], '{');
}

static void test_throttled(void **state)
{
    static outcome_t o;

    (void)state;
    decode_fixture("ok_throttled_429", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.head.status, 429);
    assert_true(o.head.has_retry_after);
    assert_int_equal(o.head.retry_after_ms, 1500);
}

static void test_no_body_statuses(void **state)
{
    static outcome_t o;

    (void)state;
    decode_fixture("ok_no_content_204", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.body_len, 0);
    assert_true(o.head.has_date);
    assert_true(o.head.date_unix == 0);
    assert_true(o.reuse);
    decode_text("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.body_len, 0);
    decode_text("HTTP/1.1 204 No Content\r\n\r\nx", &o);
    assert_int_equal(o.status, RMQDR_ERR_HTTP_TRAILING_BYTES);
}

/* ---- generated head fields ---- */

/* "HTTP/1.1 200 OK" + one header line + "Content-Length: 0". */
static void decode_with_header(const char *line, outcome_t *o)
{
    int n = snprintf((char *)build_buf, sizeof build_buf,
                     "HTTP/1.1 200 OK\r\n%s\r\nContent-Length: 0\r\n\r\n", line);
    assert_true((n > 0) && ((size_t)n < sizeof build_buf));
    decode_checked(build_buf, (size_t)n, o);
}

typedef struct {
    const char *line;
    bool has;
    int64_t value;
} date_case_t;

static void test_date(void **state)
{
    static const date_case_t cases[] = {
        { "Date: Sun, 06 Nov 1994 08:49:37 GMT", true, 784111777 },
        { "date:Thu, 01 Jan 1970 00:00:00 GMT", true, 0 },
        { "DATE: \t Tue, 29 Feb 2000 12:00:00 GMT \t", true, 951825600 },
        { "Date: Sat, 01 Jan 2000 00:00:00 GMT", true, 946684800 },
        { "Date: Thu, 29 Feb 2024 23:59:59 GMT", true, 1709251199 },
        { "Date: Mon, 01 Mar 2100 00:00:00 GMT", true, 4107542400 },
        { "Date: Fri, 31 Dec 9999 23:59:59 GMT", true, 253402300799 },
        { "Date: Sat, 31 Dec 2016 23:59:60 GMT", true, 1483228800 }, /* leap second */
        { "Date: Sat, 31 Dec 2016 23:59:61 GMT", false, 0 },
        { "Date: Sunday, 06-Nov-94 08:49:37 GMT", false, 0 },   /* RFC 850 */
        { "Date: Sun Nov  6 08:49:37 1994", false, 0 },         /* asctime */
        { "Date: Wed, 29 Feb 2023 00:00:00 GMT", false, 0 },    /* not a leap year */
        { "Date: Mon, 29 Feb 2100 00:00:00 GMT", false, 0 },    /* century */
        { "Date: Sun, 31 Apr 1994 00:00:00 GMT", false, 0 },
        { "Date: Sun, 00 Nov 1994 08:49:37 GMT", false, 0 },
        { "Date: Sun, 06 Nov 1994 24:00:00 GMT", false, 0 },
        { "Date: Sun, 06 Nov 1994 08:60:00 GMT", false, 0 },
        { "Date: Sun, 06 Nov 1969 08:49:37 GMT", false, 0 },
        { "Date: sun, 06 nov 1994 08:49:37 gmt", false, 0 },    /* case-sensitive */
        { "Date: Sun, 06 Nov 1994 08:49:37 UTC", false, 0 },
        { "Date: Sun, 06 Nov 1994  08:49:37 GMT", false, 0 },
        { "Date: Sun,\t06 Nov 1994 08:49:37 GMT", false, 0 },
        { "Date: Sun, 06 Nov 1994 08:49:37 GMT trailing", false, 0 },
        { "Date: Sun, 6 Nov 1994 08:49:37 GMT", false, 0 },
        { "Date: Xyz, 06 Nov 1994 08:49:37 GMT", false, 0 },
        { "Date: Sun, 06 Nox 1994 08:49:37 GMT", false, 0 },
        { "Date:", false, 0 },
        { "X-Date: Sun, 06 Nov 1994 08:49:37 GMT", false, 0 },  /* other header */
    };
    static outcome_t o;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("%s\n", cases[i].line);
        decode_with_header(cases[i].line, &o);
        assert_int_equal(o.status, RMQDR_OK);
        assert_int_equal(o.head.has_date, cases[i].has);
        assert_true(o.head.date_unix == cases[i].value);
    }
    /* a later malformed Date replaces, and so clears, an earlier one */
    decode_with_header("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nDate: soon", &o);
    assert_false(o.head.has_date);
}

typedef struct {
    const char *line;
    const char *expect;
    bool truncated;
} id_case_t;

static void test_request_id(void **state)
{
    static const id_case_t cases[] = {
        { "x-acs-request-id: abc", "abc", false },
        { "X-ACS-REQUEST-ID:\t a b  c \t ", "a b  c", false },
        { "x-acs-request-id:", "", false },
        { "x-acs-request-id: first\r\nx-acs-request-id: second", "second", false },
        { "x-acs-request-id: caf\xc3\xa9", "caf??", false },
        { "x-acs-request-id: "
          "123456789012345678901234567890123456789012345678901234567890123",
          "123456789012345678901234567890123456789012345678901234567890123", false },
        { "x-acs-request-id: "
          "1234567890123456789012345678901234567890123456789012345678901234",
          "123456789012345678901234567890123456789012345678901234567890123", true },
        { "x-acs-request-id: "
          "12345678901234567890123456789012345678901234567890123456789012 "
          "   4",
          "12345678901234567890123456789012345678901234567890123456789012 ", true },
        { "x-acs-request-idx: nope", "", false },
    };
    static outcome_t o;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("%s\n", cases[i].line);
        decode_with_header(cases[i].line, &o);
        assert_int_equal(o.status, RMQDR_OK);
        assert_string_equal(o.head.request_id, cases[i].expect);
        assert_int_equal(o.head.request_id_truncated, cases[i].truncated);
    }
}

typedef struct {
    const char *line;
    bool has;
    uint32_t value;
} retry_case_t;

static void test_retry_after(void **state)
{
    static const retry_case_t cases[] = {
        { "x-acs-retry-after: 1500", true, 1500U },
        { "X-Acs-Retry-After:0", true, 0U },
        { "x-acs-retry-after:  4294967295  ", true, 4294967295U },
        { "x-acs-retry-after: 4294967296", false, 0U },
        { "x-acs-retry-after: 99999999999999999999999", false, 0U },
        { "x-acs-retry-after: 1 5", false, 0U },
        { "x-acs-retry-after: -1", false, 0U },
        { "x-acs-retry-after: 1.5", false, 0U },
        { "x-acs-retry-after: ", false, 0U },
        { "retry-after: 5", false, 0U },
    };
    static outcome_t o;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("%s\n", cases[i].line);
        decode_with_header(cases[i].line, &o);
        assert_int_equal(o.status, RMQDR_OK);
        assert_int_equal(o.head.has_retry_after, cases[i].has);
        assert_int_equal(o.head.retry_after_ms, cases[i].value);
    }
}

typedef struct {
    const char *line;
    bool is_json;
} type_case_t;

static void test_content_type(void **state)
{
    static const type_case_t cases[] = {
        { "Content-Type: application/json", true },
        { "content-type:APPLICATION/JSON; charset=UTF-8", true },
        { "Content-Type: application/json ; charset=utf-8", true },
        { "Content-Type: application/json;"
          "charset=utf-8; a-very-long-parameter-that-does-not-fit=1", true },
        { "Content-Type: text/plain", false },
        { "Content-Type: application/jsonp", false },
        { "Content-Type: application/problem+json", false },
        { "Content-Type: application/ json", false },
        { "Content-Type: application/json x", false },
        { "Content-Type:", false },
        { "Content-Type: application/json\r\nContent-Type: text/xml", false },
        { "Content-Typo: application/json", false },
    };
    static outcome_t o;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("%s\n", cases[i].line);
        decode_with_header(cases[i].line, &o);
        assert_int_equal(o.status, RMQDR_OK);
        assert_int_equal(o.head.is_json, cases[i].is_json);
    }
}

typedef struct {
    const char *text;
    bool keep_alive;
} conn_case_t;

static void test_connection(void **state)
{
    static const conn_case_t cases[] = {
        { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true },
        { "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false },
        { "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", true },
        { "HTTP/1.0 200 OK\r\nConnection: foo ,keep-alive\r\nContent-Length: 0\r\n\r\n", true },
        { "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false },
        { "HTTP/1.1 200 OK\r\nconnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n", false },
        { "HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n", false },
        { "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\n"
          "Content-Length: 0\r\n\r\n", false },
        { "HTTP/1.1 200 OK\r\nConnection: closed\r\nContent-Length: 0\r\n\r\n", true },
        { "HTTP/1.1 200 OK\r\nConnection: ,,\r\nContent-Length: 0\r\n\r\n", true },
        { "HTTP/1.0 200 OK\r\nConnection: keep alive\r\nContent-Length: 0\r\n\r\n", false },
        { "HTTP/1.1 200 OK\r\n\r\n", false }, /* until close */
    };
    static outcome_t o;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("%s\n", cases[i].text);
        decode_text(cases[i].text, &o);
        assert_int_equal(o.status, RMQDR_OK);
        assert_int_equal(o.head.keep_alive, cases[i].keep_alive);
        assert_int_equal(o.reuse, cases[i].keep_alive);
    }
}

typedef struct {
    const char *text;
    rmqdr_status_t status;
} text_case_t;

static void check_text_cases(const text_case_t *cases, size_t count)
{
    static outcome_t o;
    size_t i;

    for (i = 0U; i < count; i++) {
        print_message("case %u\n", (unsigned)i);
        decode_text(cases[i].text, &o);
        assert_int_equal(o.status, cases[i].status);
    }
}

static void test_status_line(void **state)
{
    static const text_case_t cases[] = {
        { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.0 599 Whatever \t reason \xff\r\nContent-Length: 0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.2 200 OK\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "HTTP/2.0 200 OK\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "http/1.1 200 OK\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "HTTP/1.1  200 OK\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "HTTP/1.1 2000 OK\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "HTTP/1.1 600 OK\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "HTTP/1.1 099 OK\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "HTTP/1.1 2x0 OK\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "HTTP/1.1 200 O\x01K\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "HTTP/1.1 200 OK\rX\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "\r\nHTTP/1.1 200 OK\r\n\r\n", RMQDR_ERR_HTTP_STATUS_LINE },
        { "", RMQDR_ERR_HTTP_TRUNCATED },
    };
    (void)state;
    check_text_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_header_syntax(void **state)
{
    static const text_case_t cases[] = {
        { "HTTP/1.1 200 OK\r\nX-A: \x7f\r\n\r\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\nX-A\t: a\r\n\r\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\n: a\r\n\r\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\n X-A: a\r\n\r\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\nX-A: a\r\n\tb\r\n\r\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\nX(A): a\r\n\r\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\nX-A: a\nb\r\n\r\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\nX-A: a\r\n\rX", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\nX-A: a\r\n\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        /* obs-text and tabs are fine in values; names are tokens of any length */
        { "HTTP/1.1 200 OK\r\nX-A:\ta\xe9\tb\r\n"
          "X-A-Very-Long-Header-Name-Beyond-Any-Buffer!#$%&'*+.^_`|~: 1\r\n"
          "Content-Length: 0\r\n\r\n", RMQDR_OK },
    };
    static const char nul[] = "HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n";
    static outcome_t o;

    (void)state;
    check_text_cases(cases, sizeof cases / sizeof cases[0]);
    decode_checked((const uint8_t *)nul, sizeof nul - 1U, &o); /* NUL inside a value */
    assert_int_equal(o.status, RMQDR_ERR_HTTP_HEADER_SYNTAX);
}

static void test_framing(void **state)
{
    static const text_case_t cases[] = {
        { "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nContent-Length:  002 \r\n\r\n{}", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\n{}",
          RMQDR_ERR_HTTP_TRUNCATED },
        { "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\n{}", RMQDR_ERR_HTTP_BAD_LENGTH },
        { "HTTP/1.1 200 OK\r\nContent-Length: 2 2\r\n\r\n{}", RMQDR_ERR_HTTP_BAD_LENGTH },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
          RMQDR_ERR_HTTP_BAD_FRAMING },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n", RMQDR_ERR_HTTP_BAD_FRAMING },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n", RMQDR_ERR_HTTP_BAD_FRAMING },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
          RMQDR_ERR_HTTP_BAD_FRAMING },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding:  CHUNKED\t\r\n\r\n0\r\n\r\n", RMQDR_OK },
        /* 204 is bodiless, but conflicting framing is still refused */
        { "HTTP/1.1 204 No Content\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
          RMQDR_ERR_HTTP_BAD_FRAMING },
        /* framing headers of a 1xx do not carry over */
        { "HTTP/1.1 100 Continue\r\nContent-Length: 1\r\n\r\n"
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
          RMQDR_ERR_HTTP_TRAILING_BYTES },
    };
    (void)state;
    check_text_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_chunks(void **state)
{
    static const text_case_t cases[] = {
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "FfFfFfFfFfFfFfFf\r\n", RMQDR_ERR_HTTP_TRUNCATED },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "0000000000000000000000000000000001\r\nx\r\n0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "1 \t ;a=\"b c\"\r\nx\r\n0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "1;a\x01\r\nx\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        /* RFC 9112 7.1.1 chunk-ext: the four bad ones, then siblings */
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a=\"b\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;=\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a b\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a=\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a;\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a=b c\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a=\"b\"c\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a=b=c\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a=\"\\\x01\"\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a(b)\r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a \r\nxy\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "0;\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        /* well-formed: still ignored */
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a\r\nxy\r\n0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2 ; a = b ;c;d=\"e;f=g\\\"h\" \t; rmq=1\r\nxy\r\n0;last\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a=\"\"\r\nxy\r\n0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;!#$%&'*+-.^_`|~=x\r\nxy\r\n0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "2;a=\"caf\xc3\xa9\"\r\nxy\r\n0\r\n\r\n", RMQDR_OK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          " 1\r\nx\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "-1\r\nx\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "1\nx\r\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "1\r\nx\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "1\r\nxy\n0\r\n\r\n", RMQDR_ERR_HTTP_BAD_CHUNK },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "1\r\nx\r\n0\r\n", RMQDR_ERR_HTTP_TRUNCATED },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "0\r\nX-T: 1\r\n\r\nZ", RMQDR_ERR_HTTP_TRAILING_BYTES },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "0\r\nX-T : 1\r\n\r\n", RMQDR_ERR_HTTP_HEADER_SYNTAX },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          "0\r\nTransfer-Encoding: gzip\r\n\r\n", RMQDR_OK },
    };
    (void)state;
    check_text_cases(cases, sizeof cases / sizeof cases[0]);
}

/* ---- limits ---- */

/* Response with one "X-Long: vvv..." line of exactly @p line_len bytes. */
static size_t build_long_line(size_t line_len)
{
    static const char prefix[] = "HTTP/1.1 200 OK\r\nX-Long: ";
    static const char suffix[] = "\r\nContent-Length: 0\r\n\r\n";
    size_t head = sizeof prefix - 1U;
    size_t fill = line_len - (sizeof "X-Long: " - 1U);
    size_t len = head + fill + sizeof suffix - 1U;

    assert_true(len <= sizeof build_buf);
    memcpy(build_buf, prefix, head);
    memset(&build_buf[head], 'v', fill);
    memcpy(&build_buf[head + fill], suffix, sizeof suffix - 1U);
    return len;
}

/* Chunked response whose first chunk-size line "1;eee..." is @p line_len bytes. */
static size_t build_long_chunk_line(size_t line_len)
{
    static const char prefix[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;";
    static const char suffix[] = "\r\nx\r\n0\r\n\r\n";
    size_t head = sizeof prefix - 1U;
    size_t fill = line_len - 2U;
    size_t len = head + fill + sizeof suffix - 1U;

    assert_true(len <= sizeof build_buf);
    memcpy(build_buf, prefix, head);
    memset(&build_buf[head], 'e', fill);
    memcpy(&build_buf[head + fill], suffix, sizeof suffix - 1U);
    return len;
}

/* Response with @p count header lines in total. */
static size_t build_many_headers(size_t count)
{
    size_t len = 0U;
    size_t i;
    int n;

    n = snprintf((char *)build_buf, sizeof build_buf, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n");
    len = (size_t)n;
    for (i = 1U; i < count; i++) {
        n = snprintf((char *)&build_buf[len], sizeof build_buf - len, "H%u: %u\r\n",
                     (unsigned)i, (unsigned)i);
        assert_true((n > 0) && ((size_t)n < sizeof build_buf - len));
        len += (size_t)n;
    }
    assert_true(len + 2U <= sizeof build_buf);
    memcpy(&build_buf[len], "\r\n", 2U);
    return len + 2U;
}

static void test_line_limit(void **state)
{
    static outcome_t o;
    size_t len;

    (void)state;
    len = build_long_line(RMQDR_HTTP_MAX_LINE);
    decode_checked(build_buf, len, &o);
    assert_int_equal(o.status, RMQDR_OK);

    len = build_long_line(RMQDR_HTTP_MAX_LINE + 1U);
    decode_checked(build_buf, len, &o);
    assert_int_equal(o.status, RMQDR_ERR_HTTP_LINE_TOO_LONG);
    check_invariance(build_buf, len);

    /* the status line and a chunk-size line are bounded the same way */
    memcpy(build_buf, "HTTP/1.1 200 ", 13U);
    memset(&build_buf[13], 'r', RMQDR_HTTP_MAX_LINE);
    decode_checked(build_buf, RMQDR_HTTP_MAX_LINE + 13U, &o);
    assert_int_equal(o.status, RMQDR_ERR_HTTP_LINE_TOO_LONG);

    len = build_long_chunk_line(RMQDR_HTTP_MAX_LINE);
    decode_checked(build_buf, len, &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.body_len, 1);
    len = build_long_chunk_line(RMQDR_HTTP_MAX_LINE + 1U);
    decode_checked(build_buf, len, &o);
    assert_int_equal(o.status, RMQDR_ERR_HTTP_LINE_TOO_LONG);
}

static void test_header_count_limit(void **state)
{
    static outcome_t o;
    size_t len;
    size_t i;

    (void)state;
    len = build_many_headers(RMQDR_HTTP_MAX_HEADERS);
    decode_checked(build_buf, len, &o);
    assert_int_equal(o.status, RMQDR_OK);

    len = build_many_headers(RMQDR_HTTP_MAX_HEADERS + 1U);
    decode_checked(build_buf, len, &o);
    assert_int_equal(o.status, RMQDR_ERR_HTTP_TOO_MANY_HEADERS);
    check_invariance(build_buf, len);

    /* endless interim responses run into the same bound */
    len = 0U;
    for (i = 0U; i <= RMQDR_HTTP_MAX_HEADERS; i++) {
        memcpy(&build_buf[len], "HTTP/1.1 100 Continue\r\n\r\n", 25U);
        len += 25U;
    }
    decode_checked(build_buf, len, &o);
    assert_int_equal(o.status, RMQDR_ERR_HTTP_TOO_MANY_HEADERS);
}

/* ---- API contract ---- */

static rmqdr_status_t abort_body(void *ctx, const uint8_t *data, size_t len)
{
    unsigned *calls = ctx;
    (void)data;
    (void)len;
    (*calls)++;
    return RMQDR_ERR_ABORTED_BY_CALLBACK;
}

static void test_body_callback_abort(void **state)
{
    static const char msg[] = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd";
    rmqdr_http_decoder_t d;
    unsigned calls = 0U;

    (void)state;
    rmqdr_http_init(&d);
    assert_int_equal(rmqdr_http_feed(&d, (const uint8_t *)msg, sizeof msg - 3U,
                                     abort_body, &calls),
                     RMQDR_ERR_ABORTED_BY_CALLBACK);
    assert_int_equal(calls, 1U);
    assert_int_equal(rmqdr_http_feed(&d, (const uint8_t *)"d", 1U, abort_body, &calls),
                     RMQDR_ERR_ABORTED_BY_CALLBACK);
    assert_int_equal(calls, 1U); /* sticky: never called again */
    assert_int_equal(rmqdr_http_finish(&d), RMQDR_ERR_ABORTED_BY_CALLBACK);
    assert_false(rmqdr_http_can_reuse(&d));
}

static void test_sticky_error(void **state)
{
    static const char bad[] = "HTTP/1.1 200 OK\r\nX : y\r\n";
    static const char good[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    rmqdr_http_decoder_t d;

    (void)state;
    rmqdr_http_init(&d);
    assert_int_equal(rmqdr_http_feed(&d, (const uint8_t *)bad, sizeof bad - 1U, NULL, NULL),
                     RMQDR_ERR_HTTP_HEADER_SYNTAX);
    assert_int_equal(rmqdr_http_feed(&d, (const uint8_t *)good, sizeof good - 1U, NULL, NULL),
                     RMQDR_ERR_HTTP_HEADER_SYNTAX);
    assert_int_equal(rmqdr_http_finish(&d), RMQDR_ERR_HTTP_HEADER_SYNTAX);
    assert_false(rmqdr_http_message_done(&d));

    /* init makes the decoder usable again, as for the next kept-alive response */
    rmqdr_http_init(&d);
    assert_int_equal(rmqdr_http_feed(&d, (const uint8_t *)good, sizeof good - 1U, NULL, NULL),
                     RMQDR_OK);
    assert_true(rmqdr_http_message_done(&d));
    assert_true(rmqdr_http_can_reuse(&d));
}

static void test_bad_arguments(void **state)
{
    rmqdr_http_decoder_t d;

    (void)state;
    rmqdr_http_init(NULL);
    rmqdr_http_init(&d);
    assert_int_equal(rmqdr_http_feed(NULL, (const uint8_t *)"H", 1U, NULL, NULL),
                     RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_http_feed(&d, NULL, 1U, NULL, NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_http_feed(&d, NULL, 0U, NULL, NULL), RMQDR_OK);
    assert_int_equal(rmqdr_http_finish(NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_false(rmqdr_http_headers_done(NULL));
    assert_false(rmqdr_http_message_done(NULL));
    assert_false(rmqdr_http_can_reuse(NULL));
    /* a misuse does not poison the decoder */
    assert_int_equal(rmqdr_http_feed(&d, (const uint8_t *)"HTTP/1.1 204\r\n\r\n", 16U,
                                     NULL, NULL), RMQDR_OK);
    assert_true(rmqdr_http_message_done(&d));
}

static void test_state_size(void **state)
{
    (void)state;
    print_message("sizeof(rmqdr_http_decoder_t) = %u\n", (unsigned)sizeof(rmqdr_http_decoder_t));
    assert_true(sizeof(rmqdr_http_decoder_t) <= 256U);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_whole),
        cmocka_unit_test(test_fixtures_fragmentation),
        cmocka_unit_test(test_fixtures_every_prefix),
        cmocka_unit_test(test_content_length_head),
        cmocka_unit_test(test_chunked_head),
        cmocka_unit_test(test_until_close),
        cmocka_unit_test(test_interim_responses_skipped),
        cmocka_unit_test(test_gateway_error),
        cmocka_unit_test(test_throttled),
        cmocka_unit_test(test_no_body_statuses),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_request_id),
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_content_type),
        cmocka_unit_test(test_connection),
        cmocka_unit_test(test_status_line),
        cmocka_unit_test(test_header_syntax),
        cmocka_unit_test(test_framing),
        cmocka_unit_test(test_chunks),
        cmocka_unit_test(test_line_limit),
        cmocka_unit_test(test_header_count_limit),
        cmocka_unit_test(test_body_callback_abort),
        cmocka_unit_test(test_sticky_error),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_state_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
