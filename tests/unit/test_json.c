/*
 * JSON body decoder: fixtures in tests/data/json (written by generate.py
 * there, except the API reference's verbatim sample), field mapping,
 * forward compatibility, limits, malformed bodies with their exact status
 * and offset, fragmentation invariance, truncation at every prefix, and a
 * 100 000-item body decoded in the same fixed struct.
 *
 * Every fixture decode goes through decode_checked(), which decodes the
 * same bytes whole, one byte at a time and in callback mode and asserts the
 * outcomes are identical.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/json.h"

#define CAP         8U       /* items kept per decode; fixtures hold at most 5 */
#define FIXTURE_MAX 65536U

/* Everything a decode produces that a caller could observe. */
typedef struct {
    rmqdr_status_t status;   /* first non-OK of feed/finish, else OK */
    uint64_t offset;         /* rmqdr_json_error_offset */
    size_t stored;           /* items written (array) or delivered and kept (callback) */
    rmqdr_envelope_t env;
    rmqdr_checkpoint_t items[CAP];
} outcome_t;

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

/* Deterministic xorshift32: chunk sizes are reproducible. */
static uint32_t next_random(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

/* How the body is cut into feeds. */
typedef enum { PLAN_WHOLE, PLAN_SPLIT, PLAN_BYTES, PLAN_RANDOM } plan_kind_t;

typedef struct {
    plan_kind_t kind;
    size_t split;     /* PLAN_SPLIT: size of the first feed */
    uint32_t seed;    /* PLAN_RANDOM */
    size_t max_chunk; /* PLAN_RANDOM: 1..max_chunk */
} plan_t;

static size_t plan_next(const plan_t *p, uint32_t *rng, size_t done, size_t total)
{
    size_t n = total - done;

    switch (p->kind) {
    case PLAN_SPLIT:
        if (done < p->split) {
            n = p->split - done;
        }
        break;
    case PLAN_BYTES:
        n = 1U;
        break;
    case PLAN_RANDOM:
        n = 1U + (size_t)(next_random(rng) % (uint32_t)p->max_chunk);
        break;
    default:
        break;
    }
    return (n > total - done) ? (total - done) : n;
}

static void feed_plan(rmqdr_json_decoder_t *d, const uint8_t *data, size_t len,
                      const plan_t *p, outcome_t *o)
{
    uint32_t rng = (p->seed != 0U) ? p->seed : 1U;
    size_t done = 0U;
    rmqdr_status_t st = RMQDR_OK;

    while ((done < len) && (st == RMQDR_OK)) {
        size_t n = plan_next(p, &rng, done, len);
        st = rmqdr_json_feed(d, &data[done], n);
        done += n;
    }
    if (st == RMQDR_OK) {
        st = rmqdr_json_finish(d);
    }
    o->status = st;
    o->offset = rmqdr_json_error_offset(d);
}

static void decode_array(const uint8_t *data, size_t len, const plan_t *p, size_t cap,
                         outcome_t *o)
{
    rmqdr_json_decoder_t d;
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(o->items, cap);

    memset(o, 0, sizeof *o);
    rmqdr_json_init(&d, &o->env, &sink);
    feed_plan(&d, data, len, p, o);
    o->stored = rmqdr_json_stored(&d);
}

typedef struct {
    outcome_t *o;
    size_t count;
    size_t stop_at;          /* 0: never stop; else return an error on this call (1-based) */
    rmqdr_checkpoint_t *scratch;
} collector_t;

static rmqdr_status_t collect(void *ctx, const rmqdr_checkpoint_t *cp)
{
    collector_t *c = ctx;

    assert_ptr_equal(cp, c->scratch); /* the one caller struct, reused */
    if (c->count < CAP) {
        memcpy(&c->o->items[c->count], cp, sizeof *cp);
    }
    c->count++;
    return ((c->stop_at != 0U) && (c->count == c->stop_at)) ? RMQDR_ERR_TIMEOUT : RMQDR_OK;
}

static void decode_callback(const uint8_t *data, size_t len, const plan_t *p, outcome_t *o)
{
    rmqdr_json_decoder_t d;
    rmqdr_checkpoint_t scratch;
    collector_t c = { o, 0U, 0U, &scratch };
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, collect, &c);

    memset(o, 0, sizeof *o);
    rmqdr_json_init(&d, &o->env, &sink);
    feed_plan(&d, data, len, p, o);
    o->stored = (c.count < CAP) ? c.count : CAP;
    assert_int_equal(rmqdr_json_stored(&d), 0U);
}

static void assert_same(const outcome_t *a, const outcome_t *b, const char *what)
{
    if (a->status != b->status || a->offset != b->offset) {
        fail_msg("%s: status %s@%llu vs %s@%llu", what, rmqdr_status_name(a->status),
                 (unsigned long long)a->offset, rmqdr_status_name(b->status),
                 (unsigned long long)b->offset);
    }
    assert_int_equal(a->stored, b->stored);
    assert_memory_equal(&a->env, &b->env, sizeof a->env);
    if (a->stored > 0U) {
        assert_memory_equal(a->items, b->items, a->stored * sizeof a->items[0]);
    }
}

/* Whole, one byte at a time, and callback mode must agree. */
static void decode_checked(const uint8_t *data, size_t len, outcome_t *o)
{
    static const plan_t whole = { PLAN_WHOLE, 0U, 0U, 0U };
    static const plan_t bytes = { PLAN_BYTES, 0U, 0U, 0U };
    outcome_t *other = calloc(1U, sizeof *other);

    assert_non_null(other);
    decode_array(data, len, &whole, CAP, o);
    decode_array(data, len, &bytes, CAP, other);
    assert_same(o, other, "byte by byte");
    assert_memory_equal(o, other, sizeof *o); /* even the unused slots */
    decode_callback(data, len, &bytes, other);
    assert_same(o, other, "callback");
    free(other);
}

static void decode_text(const char *text, outcome_t *o)
{
    decode_checked((const uint8_t *)text, strlen(text), o);
}

static size_t load_path(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    if (f == NULL) {
        fail_msg("cannot open fixture %s (run from the repository root)", path);
    }
    n = fread(buf, 1U, cap, f);
    assert_int_equal(ferror(f), 0);
    assert_true(feof(f) != 0); /* the whole file fit */
    (void)fclose(f);
    return n;
}

static const char *data_dir(void)
{
    const char *dir = getenv("RMQDR_TEST_DATA");
    return (dir != NULL) ? dir : "tests/data";
}

static size_t load_fixture(const char *name, uint8_t *buf, size_t cap)
{
    char path[512];

    (void)snprintf(path, sizeof path, "%s/json/%s.json", data_dir(), name);
    return load_path(path, buf, cap);
}

static outcome_t *decode_fixture(const char *name)
{
    uint8_t *buf = malloc(FIXTURE_MAX);
    outcome_t *o = calloc(1U, sizeof *o);
    size_t n;

    assert_non_null(buf);
    assert_non_null(o);
    n = load_fixture(name, buf, FIXTURE_MAX);
    decode_checked(buf, n, o);
    free(buf);
    return o;
}

static void assert_status(const outcome_t *o, rmqdr_status_t want)
{
    if (o->status != want) {
        fail_msg("status %s at %llu, want %s", rmqdr_status_name(o->status),
                 (unsigned long long)o->offset, rmqdr_status_name(want));
    }
}

/* Checks one progress object of the API reference's sample. */
static void assert_sample_progress(const rmqdr_progress_t *p, const char *instance)
{
    assert_string_equal(p->region_id, "cn-hangzhou");
    assert_string_equal(p->instance_id, instance);
    assert_int_equal(p->instance_type, RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ);
    assert_string_equal(p->instance_type_text, "ALIYUN_ROCKETMQ");
    assert_string_equal(p->consumer_group_id, "GID_TEST");
    assert_string_equal(p->topic_name, "TOPIC_TEST");
    assert_int_equal(p->last_fetch_time, 1740724080343LL);
    assert_int_equal(p->consume_timestamp, 1740724080343LL);
    assert_int_equal(p->present, 0x7FU);
    assert_int_equal(p->truncated, 0U);
}

/* ------------------------------------------------------------------ */
/* Sizes and limits                                                     */
/* ------------------------------------------------------------------ */

static void test_sizes(void **state)
{
    (void)state;
    /* The figures documented in json.h. */
    assert_int_equal(RMQDR_JSON_CHECKPOINT_MAX, 1063U);
    assert_int_equal(RMQDR_JSON_PLAN_MAX, 1643U);
    assert_int_equal(RMQDR_JSON_ITEM_MAX, 1105U);
    /* Plans and items grow with their lists; the bound is the largest of the
     * three and of an STS answer's Credentials (1 844 with a 1 536-byte token). */
    assert_int_equal(RMQDR_JSON_STS_ELEMENT, 1844U);
    assert_int_equal(RMQDR_JSON_ELEMENT_MAX,
                     RMQDR_JSON_MAX_(RMQDR_JSON_MAX_(RMQDR_JSON_CHECKPOINT_MAX, RMQDR_JSON_STS_ELEMENT),
                                     RMQDR_JSON_MAX_(RMQDR_JSON_PLAN_MAX, RMQDR_JSON_ITEM_MAX)));
    assert_int_equal(RMQDR_TOK_CHECKPOINT, 45U);
    assert_int_equal(RMQDR_JSON_MAX_TOKENS,
                     RMQDR_JSON_MAX_(RMQDR_TOK_CHECKPOINT, RMQDR_JSON_MAX_(RMQDR_TOK_PLAN, RMQDR_TOK_ITEM)));
    assert_int_equal(RMQDR_JSON_MAX_DEPTH, 64U);
    assert_int_equal(RMQDR_JSON_MAX_KEY, 21U);
    /* Work-area budget: this decoder plus a ~256-byte HTTP decoder <= 3.5 KB. */
    assert_true(RMQDR_JSON_DECODER_SIZE <= 3328U);
    assert_true(RMQDR_JSON_DECODER_SIZE >= RMQDR_JSON_ELEMENT_MAX);
    print_message("sizeof(rmqdr_json_decoder_t) = %zu\n", RMQDR_JSON_DECODER_SIZE);
}

/* ------------------------------------------------------------------ */
/* Well-formed bodies                                                   */
/* ------------------------------------------------------------------ */

static void test_sample_doc(void **state)
{
    outcome_t *o = decode_fixture("ok_sample_doc");
    const rmqdr_envelope_t *e = &o->env;
    const rmqdr_checkpoint_t *cp = &o->items[0];

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_string_equal(e->request_id, "AF9A8B10-C426-530F-A0DD-96320B39****");
    assert_true(e->success);
    assert_string_equal(e->code, "200"); /* a JSON number, kept as text */
    assert_string_equal(e->message, "The instance cannot be found.");
    assert_int_equal(e->http_status_code, 200);
    assert_string_equal(e->dynamic_code, "InstanceId");
    assert_string_equal(e->dynamic_message, "instanceId");
    assert_string_equal(e->host_id, "");
    assert_int_equal(e->page_number, 1);
    assert_int_equal(e->page_size, 10);
    assert_int_equal(e->total_count, 1);
    assert_int_equal(e->list_count, 1U);
    assert_int_equal(e->http_status, 0); /* the HTTP layer's to set */
    assert_int_equal(e->present,
                     RMQDR_ENVELOPE_REQUEST_ID | RMQDR_ENVELOPE_SUCCESS | RMQDR_ENVELOPE_CODE
                     | RMQDR_ENVELOPE_MESSAGE | RMQDR_ENVELOPE_HTTP_STATUS_CODE
                     | RMQDR_ENVELOPE_DYNAMIC_CODE | RMQDR_ENVELOPE_DYNAMIC_MESSAGE
                     | RMQDR_ENVELOPE_PAGE_NUMBER | RMQDR_ENVELOPE_PAGE_SIZE
                     | RMQDR_ENVELOPE_TOTAL_COUNT | RMQDR_ENVELOPE_DATA | RMQDR_ENVELOPE_LIST);
    assert_int_equal(e->truncated, 0U);
    assert_int_equal(o->stored, 1U);
    assert_int_equal(cp->plan_id, 0);
    assert_int_equal(cp->item_id, 0);
    assert_int_equal(cp->checkpoint_id, 0);
    assert_int_equal(cp->last_sync_time, 1740724080343LL);
    assert_int_equal(cp->present, 0x3FU);
    assert_sample_progress(&cp->source, "rmq-cn-3mp3vblzxxx");
    assert_sample_progress(&cp->target, "rmq-cn-nwy3i065xxx");
    free(o);
}

static void test_sample_variants_equal(void **state)
{
    outcome_t *doc = decode_fixture("ok_sample_doc");
    outcome_t *compact = decode_fixture("ok_sample_compact");
    outcome_t *pretty = decode_fixture("ok_sample_pretty");

    (void)state;
    assert_status(doc, RMQDR_OK);
    assert_memory_equal(doc, compact, sizeof *doc);
    assert_memory_equal(doc, pretty, sizeof *doc);
    free(doc);
    free(compact);
    free(pretty);
}

static void test_gateway_error(void **state)
{
    outcome_t *o = decode_fixture("ok_gateway_error");
    const rmqdr_envelope_t *e = &o->env;

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_string_equal(e->request_id, "7E1B4D9A-4C2F-5D3E-9B8A-1C2D3E4F5A6B");
    assert_string_equal(e->host_id, "rocketmq.cn-hangzhou.aliyuncs.com");
    assert_string_equal(e->code, "SignatureDoesNotMatch");
    assert_string_equal(e->message, "Specified signature does not match our calculation.");
    assert_string_equal(e->recommend,
                        "https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=RocketMQ");
    assert_false(e->success);
    assert_int_equal(e->present,
                     RMQDR_ENVELOPE_REQUEST_ID | RMQDR_ENVELOPE_HOST_ID | RMQDR_ENVELOPE_CODE
                     | RMQDR_ENVELOPE_MESSAGE | RMQDR_ENVELOPE_RECOMMEND);
    assert_int_equal(e->list_count, 0U);
    free(o);
}

static void test_product_error(void **state)
{
    outcome_t *o = decode_fixture("ok_product_error");
    const rmqdr_envelope_t *e = &o->env;

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_string_equal(e->request_id, "5A1B2C3D-0000-4E5F-8A9B-0123456789AB");
    assert_false(e->success);
    assert_true((e->present & RMQDR_ENVELOPE_SUCCESS) != 0U);
    assert_string_equal(e->code, "InstanceNotFound");
    assert_string_equal(e->message, "The instance cannot be found.");
    assert_int_equal(e->http_status_code, 404);
    assert_string_equal(e->dynamic_code, "InstanceId");
    assert_string_equal(e->dynamic_message, "rmq-cn-7e22ody0000");
    assert_int_equal(e->present & (RMQDR_ENVELOPE_DATA | RMQDR_ENVELOPE_LIST), 0U); /* data: null */
    free(o);
}

static void test_string_numbers(void **state)
{
    outcome_t *o = decode_fixture("ok_string_numbers");
    const rmqdr_envelope_t *e = &o->env;
    const rmqdr_checkpoint_t *cp = &o->items[0];

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_string_equal(e->code, "200");
    assert_int_equal(e->http_status_code, 200);
    assert_int_equal(e->page_number, 2);
    assert_int_equal(e->page_size, 50);
    assert_int_equal(e->total_count, 51);
    assert_int_equal(cp->plan_id, 1300000016LL);
    assert_int_equal(cp->item_id, 100070284LL);
    assert_int_equal(cp->checkpoint_id, 0);
    assert_int_equal(cp->last_sync_time, 1740724080343LL);
    assert_int_equal(cp->present, 0x3FU);
    assert_int_equal(cp->source.last_fetch_time, INT64_MAX);
    assert_int_equal(cp->source.consume_timestamp, INT64_MIN);
    /* Integers given to string fields are kept as decimal text. */
    assert_string_equal(cp->target.region_id, "7");
    assert_string_equal(cp->target.instance_id, "-12");
    assert_int_equal(cp->target.last_fetch_time, 0);
    assert_int_equal(cp->target.consume_timestamp, 1740724080343LL);
    assert_int_equal(cp->target.present,
                     RMQDR_PROGRESS_REGION_ID | RMQDR_PROGRESS_INSTANCE_ID
                     | RMQDR_PROGRESS_LAST_FETCH_TIME | RMQDR_PROGRESS_CONSUME_TIMESTAMP);
    free(o);
}

static void test_nulls(void **state)
{
    outcome_t *o = decode_fixture("ok_nulls");
    const rmqdr_envelope_t *e = &o->env;
    static const rmqdr_progress_t empty_progress;

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_int_equal(e->present, RMQDR_ENVELOPE_DATA | RMQDR_ENVELOPE_LIST);
    assert_int_equal(e->list_count, 2U);
    assert_string_equal(e->request_id, "");
    assert_false(e->success);
    assert_int_equal(o->items[0].present, RMQDR_CHECKPOINT_TARGET_PROGRESS);
    assert_memory_equal(&o->items[0].source, &empty_progress, sizeof empty_progress);
    assert_memory_equal(&o->items[0].target, &empty_progress, sizeof empty_progress);
    assert_int_equal(o->items[1].present, RMQDR_CHECKPOINT_SOURCE_PROGRESS);
    assert_int_equal(o->items[1].source.present, 0U);
    free(o);
}

static void test_unknown_fields(void **state)
{
    outcome_t *o = decode_fixture("ok_unknown_fields");
    const rmqdr_envelope_t *e = &o->env;
    const rmqdr_checkpoint_t *cp = &o->items[0];

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_string_equal(e->request_id, "r1");
    assert_true(e->success);
    assert_int_equal(e->page_size, 10);
    assert_int_equal(e->total_count, 1);
    /* "pageNumber" and "list" at the root, and data.list inside an unknown
     * object, are not the known fields. */
    assert_int_equal(e->present & RMQDR_ENVELOPE_PAGE_NUMBER, 0U);
    assert_int_equal(e->list_count, 1U);
    assert_int_equal(o->stored, 1U);
    assert_int_equal(cp->plan_id, 1);
    assert_int_equal(cp->checkpoint_id, 3);
    assert_int_equal(cp->present, RMQDR_CHECKPOINT_PLAN_ID | RMQDR_CHECKPOINT_CHECKPOINT_ID
                                  | RMQDR_CHECKPOINT_SOURCE_PROGRESS);
    assert_string_equal(cp->source.region_id, "cn-hangzhou");
    assert_string_equal(cp->source.topic_name, "T");
    assert_int_equal(cp->source.consume_timestamp, 42); /* not x.consumeTimestamp */
    assert_int_equal(cp->source.present, RMQDR_PROGRESS_REGION_ID | RMQDR_PROGRESS_TOPIC_NAME
                                         | RMQDR_PROGRESS_CONSUME_TIMESTAMP);
    free(o);
}

static void assert_generated_item(const rmqdr_checkpoint_t *cp, int n)
{
    char buf[64];

    assert_int_equal(cp->plan_id, 1300000016LL);
    assert_int_equal(cp->item_id, 100070284LL);
    assert_int_equal(cp->checkpoint_id, 1000000000LL + n);
    assert_int_equal(cp->last_sync_time, 1740724080343LL + n);
    assert_int_equal(cp->present, 0x3FU);
    assert_string_equal(cp->source.region_id, "cn-hangzhou");
    assert_string_equal(cp->target.region_id, "cn-shanghai");
    (void)snprintf(buf, sizeof buf, "rmq-cn-src%d", n);
    assert_string_equal(cp->source.instance_id, buf);
    (void)snprintf(buf, sizeof buf, "rmq-cn-dst%d", n);
    assert_string_equal(cp->target.instance_id, buf);
    assert_int_equal(cp->source.instance_type, RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ);
    assert_int_equal(cp->target.instance_type, RMQDR_INSTANCE_TYPE_EXTERNAL_ROCKETMQ);
    (void)snprintf(buf, sizeof buf, "GID_%d", n);
    assert_string_equal(cp->source.consumer_group_id, buf);
    (void)snprintf(buf, sizeof buf, "TOPIC_%d", n);
    assert_string_equal(cp->target.topic_name, buf);
    assert_int_equal(cp->source.last_fetch_time, 1740724080000LL + n);
    assert_int_equal(cp->target.last_fetch_time, 1740724081000LL + n);
    assert_int_equal(cp->source.consume_timestamp, 1740724070000LL + n);
    assert_int_equal(cp->target.consume_timestamp, 1740724071000LL + n);
    assert_int_equal(cp->source.present, 0x7FU);
    assert_int_equal(cp->target.present, 0x7FU);
}

static void test_reordered(void **state)
{
    outcome_t *o = decode_fixture("ok_reordered");
    int n;

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_string_equal(o->env.request_id, "5A1B2C3D-0000-4E5F-8A9B-0123456789AB");
    assert_string_equal(o->env.code, "200");
    assert_string_equal(o->env.dynamic_code, "");
    assert_true((o->env.present & RMQDR_ENVELOPE_DYNAMIC_CODE) != 0U); /* "" is present */
    assert_int_equal(o->env.total_count, 3);
    assert_int_equal(o->env.page_size, 20);
    assert_int_equal(o->env.list_count, 3U);
    assert_int_equal(o->stored, 3U);
    for (n = 1; n <= 3; n++) {
        assert_generated_item(&o->items[n - 1], n);
    }
    free(o);
}

static void test_escapes(void **state)
{
    outcome_t *o = decode_fixture("ok_escapes");
    const rmqdr_checkpoint_t *cp = &o->items[0];

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_string_equal(o->env.request_id, "q\"b\\s/n\n\r\t\b\f");
    /* Escaped key "\u0063ode"; BMP escapes and a surrogate pair. */
    assert_string_equal(o->env.code, "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
    assert_string_equal(o->env.message, "\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 caf\xC3\xA9");
    assert_int_equal(cp->plan_id, 1); /* "planI\u0064" */
    assert_string_equal(cp->source.region_id, "a\"b\\c");
    assert_string_equal(cp->source.instance_id, "A\xC3\x9F\xEF\xBF\xBD\xF0\x90\x80\x80");
    assert_string_equal(cp->source.topic_name, "\xE4\xB8\xAD\xE6\x96\x87");
    assert_string_equal(cp->source.consumer_group_id, "G/1");
    assert_int_equal(cp->source.instance_type, RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ);
    assert_int_equal(cp->source.truncated, 0U);
    free(o);
}

static void assert_all(const char *s, char c, size_t n)
{
    size_t i;

    assert_int_equal(strlen(s), n);
    for (i = 0U; i < n; i++) {
        assert_int_equal(s[i], c);
    }
}

static void test_long_strings(void **state)
{
    outcome_t *o = decode_fixture("ok_long_strings");
    const rmqdr_envelope_t *e = &o->env;
    const rmqdr_progress_t *s = &o->items[0].source;
    const rmqdr_progress_t *t = &o->items[0].target;
    size_t i;

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_all(e->request_id, 'R', RMQDR_REQUEST_ID_SIZE - 1U);
    assert_all(e->code, 'C', RMQDR_CODE_SIZE - 1U); /* exactly full: not truncated */
    assert_all(e->message, 'm', 254U);              /* a 3-byte character did not fit */
    assert_int_equal(strlen(e->dynamic_message), 255U);
    assert_string_equal(&e->dynamic_message[252], "\xE4\xB8\xAD");
    assert_int_equal(strlen(e->recommend), RMQDR_RECOMMEND_SIZE - 1U);
    assert_string_equal(e->host_id, "h"); /* cut at U+0000 */
    assert_int_equal(e->truncated, RMQDR_ENVELOPE_REQUEST_ID | RMQDR_ENVELOPE_MESSAGE
                                   | RMQDR_ENVELOPE_RECOMMEND | RMQDR_ENVELOPE_HOST_ID);

    assert_all(s->region_id, 'r', 31U);
    assert_all(s->instance_id, 'i', 63U);
    assert_string_equal(s->instance_type_text, "SOME_FUTURE_INSTANCE_TYPE_THAT_");
    assert_int_equal(s->instance_type, RMQDR_INSTANCE_TYPE_UNKNOWN);
    assert_all(s->consumer_group_id, 'g', 126U); /* the 2-byte character did not fit */
    assert_all(s->topic_name, 't', 127U);
    assert_int_equal(s->truncated, RMQDR_PROGRESS_INSTANCE_ID | RMQDR_PROGRESS_INSTANCE_TYPE
                                   | RMQDR_PROGRESS_CONSUMER_GROUP_ID | RMQDR_PROGRESS_TOPIC_NAME);

    assert_string_equal(t->region_id, "ab");
    assert_int_equal(strlen(t->consumer_group_id), 127U);
    assert_string_equal(&t->consumer_group_id[125], "\xC3\xA9");
    assert_int_equal(strlen(t->topic_name), 124U); /* 31 four-byte characters */
    for (i = 0U; i < 124U; i += 4U) {
        assert_memory_equal(&t->topic_name[i], "\xF0\x9F\x98\x80", 4U);
    }
    assert_string_equal(t->instance_type_text, "");
    assert_int_equal(t->instance_type, RMQDR_INSTANCE_TYPE_UNKNOWN);
    assert_int_equal(t->truncated, RMQDR_PROGRESS_REGION_ID | RMQDR_PROGRESS_TOPIC_NAME);
    free(o);
}

static void test_instance_types(void **state)
{
    outcome_t *o = decode_fixture("ok_instance_types");

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_int_equal(o->items[0].source.instance_type, RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ);
    assert_int_equal(o->items[0].target.instance_type, RMQDR_INSTANCE_TYPE_EXTERNAL_ROCKETMQ);
    assert_int_equal(o->items[1].source.instance_type, RMQDR_INSTANCE_TYPE_UNKNOWN);
    assert_string_equal(o->items[1].source.instance_type_text, "SELF_BUILT_KAFKA");
    assert_int_equal(o->items[1].target.instance_type, RMQDR_INSTANCE_TYPE_UNKNOWN);
    assert_string_equal(o->items[1].target.instance_type_text, "aliyun_rocketmq");
    assert_int_equal(o->items[1].target.present, RMQDR_PROGRESS_INSTANCE_TYPE);
    free(o);
}

static void test_int_limits(void **state)
{
    outcome_t *o = decode_fixture("ok_int_limits");
    const rmqdr_checkpoint_t *cp = &o->items[0];

    (void)state;
    assert_status(o, RMQDR_OK);
    assert_int_equal(o->env.http_status_code, INT64_MIN);
    assert_int_equal(o->env.page_number, INT64_MAX);
    assert_int_equal(o->env.page_size, 0);
    assert_int_equal(o->env.total_count, 0);
    assert_true((o->env.present & RMQDR_ENVELOPE_TOTAL_COUNT) != 0U);
    assert_int_equal(cp->plan_id, INT64_MAX);
    assert_int_equal(cp->item_id, INT64_MIN);
    assert_int_equal(cp->checkpoint_id, INT64_MAX);
    assert_int_equal(cp->last_sync_time, INT64_MIN);
    free(o);
}

static void test_empty_shapes(void **state)
{
    outcome_t *o;

    (void)state;
    o = decode_fixture("ok_empty_list");
    assert_status(o, RMQDR_OK);
    assert_int_equal(o->env.list_count, 0U);
    assert_true((o->env.present & RMQDR_ENVELOPE_LIST) != 0U);
    assert_int_equal(o->env.total_count, 20);
    free(o);

    o = decode_fixture("ok_no_list");
    assert_status(o, RMQDR_OK);
    assert_int_equal(o->env.present, RMQDR_ENVELOPE_SUCCESS | RMQDR_ENVELOPE_DATA
                                     | RMQDR_ENVELOPE_TOTAL_COUNT);
    free(o);

    o = decode_fixture("ok_empty_object");
    assert_status(o, RMQDR_OK);
    assert_int_equal(o->env.present, 0U);
    free(o);
}

static void test_number_as_text(void **state)
{
    outcome_t o;

    (void)state;
    decode_text("{\"code\":-5,\"Message\":0,\"data\":{\"list\":[{\"sourceProgress\":"
                "{\"topicName\":123,\"instanceType\":9}}]}}", &o);
    assert_status(&o, RMQDR_OK);
    assert_string_equal(o.env.code, "-5");
    assert_string_equal(o.env.message, "0");
    assert_string_equal(o.items[0].source.topic_name, "123");
    assert_string_equal(o.items[0].source.instance_type_text, "9");
    assert_int_equal(o.items[0].source.instance_type, RMQDR_INSTANCE_TYPE_UNKNOWN);
}

static void test_long_keys_are_unknown(void **state)
{
    char body[4096];
    char key[1500];
    outcome_t o;

    (void)state;
    memset(key, 'k', sizeof key - 1U);
    key[sizeof key - 1U] = '\0';
    (void)snprintf(body, sizeof body,
                   "{\"%s\":{\"code\":\"x\"},\"consumeTimestampX\":1,\"requestIdentifier\":2,"
                   "\"data\":{\"list\":[{\"sourceProgress\":{\"progressData\":"
                   "{\"consumeTimestampX\":1,\"consumeTimestamp\":2}}}]},\"code\":\"y\"}", key);
    decode_text(body, &o);
    assert_status(&o, RMQDR_OK);
    assert_string_equal(o.env.code, "y");
    assert_int_equal(o.items[0].source.consume_timestamp, 2);
    assert_int_equal(o.items[0].source.present, RMQDR_PROGRESS_CONSUME_TIMESTAMP);
}

/* ------------------------------------------------------------------ */
/* Sinks                                                                */
/* ------------------------------------------------------------------ */

static void test_array_cap(void **state)
{
    uint8_t *buf = malloc(FIXTURE_MAX);
    rmqdr_checkpoint_t items[3];
    rmqdr_checkpoint_t guard;
    rmqdr_envelope_t env;
    rmqdr_json_decoder_t d;
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(items, 2U);
    size_t n;

    (void)state;
    assert_non_null(buf);
    n = load_fixture("ok_five_items", buf, FIXTURE_MAX);
    memset(items, 0xA5, sizeof items);
    memset(&guard, 0xA5, sizeof guard);
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(rmqdr_json_feed(&d, buf, n), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_OK);
    assert_int_equal(env.list_count, 5U);     /* every element counted */
    assert_int_equal(rmqdr_json_stored(&d), 2U);
    assert_generated_item(&items[0], 1);
    assert_generated_item(&items[1], 2);
    assert_memory_equal(&items[2], &guard, sizeof guard); /* never written */
    free(buf);
}

static void test_null_sink_counts(void **state)
{
    const char *body = "{\"data\":{\"list\":[{\"planId\":1},{\"planId\":2}]}}";
    rmqdr_envelope_t env;
    rmqdr_json_decoder_t d;

    (void)state;
    rmqdr_json_init(&d, &env, NULL);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)body, strlen(body)), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_OK);
    assert_int_equal(env.list_count, 2U);
    assert_int_equal(rmqdr_json_stored(&d), 0U);
}

static void test_callback_order(void **state)
{
    uint8_t *buf = malloc(FIXTURE_MAX);
    outcome_t *o = calloc(1U, sizeof *o);
    rmqdr_checkpoint_t scratch;
    collector_t c = { o, 0U, 0U, &scratch };
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, collect, &c);
    rmqdr_json_decoder_t d;
    size_t n;
    int i;

    (void)state;
    assert_non_null(buf);
    assert_non_null(o);
    n = load_fixture("ok_five_items", buf, FIXTURE_MAX);
    rmqdr_json_init(&d, &o->env, &sink);
    assert_int_equal(rmqdr_json_feed(&d, buf, n), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_OK);
    assert_int_equal(c.count, 5U);
    assert_int_equal(o->env.list_count, 5U);
    for (i = 0; i < 5; i++) {
        assert_generated_item(&o->items[i], i + 1);
    }
    assert_int_equal(rmqdr_json_callback_status(&d), RMQDR_OK);
    free(o);
    free(buf);
}

static void test_callback_abort(void **state)
{
    const char *body = "{\"data\":{\"list\":[{\"planId\":1},{\"planId\":2},{\"planId\":3}]}}";
    const size_t len = strlen(body);
    outcome_t *o = calloc(1U, sizeof *o);
    rmqdr_checkpoint_t scratch;
    collector_t c = { o, 0U, 2U, &scratch };
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, collect, &c);
    rmqdr_json_decoder_t d;
    const uint64_t second_close = (uint64_t)(strstr(body, "2}") - body) + 1U;

    (void)state;
    assert_non_null(o);
    rmqdr_json_init(&d, &o->env, &sink);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)body, len), RMQDR_ERR_ABORTED_BY_CALLBACK);
    assert_int_equal(c.count, 2U);
    assert_int_equal(rmqdr_json_callback_status(&d), RMQDR_ERR_TIMEOUT);
    assert_int_equal(rmqdr_json_error_offset(&d), second_close);
    /* Sticky: nothing more is decoded or delivered. */
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)body, len), RMQDR_ERR_ABORTED_BY_CALLBACK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_ABORTED_BY_CALLBACK);
    assert_int_equal(c.count, 2U);
    assert_int_equal(rmqdr_json_error_offset(&d), second_close);
    free(o);
}

static void test_bad_arguments(void **state)
{
    rmqdr_checkpoint_t one;
    rmqdr_envelope_t env;
    rmqdr_json_decoder_t d;
    rmqdr_json_sink_t sink;

    (void)state;
    rmqdr_json_init(&d, NULL, NULL);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)"{}", 2U), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_BAD_ARGUMENT);

    sink = rmqdr_json_sink_callback(&one, NULL, NULL);
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_BAD_ARGUMENT);
    sink = rmqdr_json_sink_callback(NULL, collect, NULL);
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_BAD_ARGUMENT);
    sink = rmqdr_json_sink_array(NULL, 3U);
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_BAD_ARGUMENT);
    sink = rmqdr_json_sink_array(&one, 1U);
    sink.mode = (rmqdr_json_sink_mode_t)7;
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_BAD_ARGUMENT);

    sink = rmqdr_json_sink_array(NULL, 0U); /* count only: fine */
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(rmqdr_json_feed(&d, NULL, 0U), RMQDR_OK);
    assert_int_equal(rmqdr_json_feed(&d, NULL, 1U), RMQDR_ERR_BAD_ARGUMENT);

    assert_int_equal(rmqdr_json_feed(NULL, (const uint8_t *)"{}", 2U), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_json_finish(NULL), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_json_error_offset(NULL), 0U);
    assert_int_equal(rmqdr_json_stored(NULL), 0U);
}

static void test_init_clears_envelope(void **state)
{
    rmqdr_envelope_t env;
    rmqdr_json_decoder_t d;
    static const rmqdr_envelope_t zero;

    (void)state;
    memset(&env, 0x5A, sizeof env);
    rmqdr_json_init(&d, &env, NULL);
    assert_memory_equal(&env, &zero, sizeof env);
}

/* ------------------------------------------------------------------ */
/* Malformed bodies                                                     */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *name;
    rmqdr_status_t status;
    int64_t offset; /* -1: not checked */
} bad_t;

static const bad_t bad_fixtures[] = {
    { "bad_escape_hex", RMQDR_ERR_JSON_BAD_ESCAPE, 18 },
    { "bad_escape_letter", RMQDR_ERR_JSON_BAD_ESCAPE, 7 },
    { "bad_escape_lone_high", RMQDR_ERR_JSON_BAD_ESCAPE, 20 },
    { "bad_escape_lone_high_end", RMQDR_ERR_JSON_BAD_ESCAPE, 20 },
    { "bad_escape_lone_low", RMQDR_ERR_JSON_BAD_ESCAPE, 17 },
    { "bad_escape_high_high", RMQDR_ERR_JSON_BAD_ESCAPE, 59 },
    { "bad_escape_high_then_n", RMQDR_ERR_JSON_BAD_ESCAPE, 16 },
    { "bad_duplicate_root", RMQDR_ERR_JSON_DUPLICATE_KEY, 31 },
    { "bad_duplicate_alias", RMQDR_ERR_JSON_DUPLICATE_KEY, 27 },
    { "bad_duplicate_null", RMQDR_ERR_JSON_DUPLICATE_KEY, 24 },
    { "bad_duplicate_data", RMQDR_ERR_JSON_DUPLICATE_KEY, 16 },
    { "bad_duplicate_element", RMQDR_ERR_JSON_DUPLICATE_KEY, 60 },
    { "bad_duplicate_progress", RMQDR_ERR_JSON_DUPLICATE_KEY, 76 },
    { "bad_duplicate_consume", RMQDR_ERR_JSON_DUPLICATE_KEY, 90 },
    { "bad_trailing_garbage", RMQDR_ERR_JSON_TRAILING_DATA, 17 },
    { "bad_trailing_document", RMQDR_ERR_JSON_TRAILING_DATA, 2 },
    { "bad_trailing_comma_after", RMQDR_ERR_JSON_TRAILING_DATA, 2 },
    { "bad_number_fraction", RMQDR_ERR_JSON_BAD_NUMBER, 22 },
    { "bad_number_exponent", RMQDR_ERR_JSON_BAD_NUMBER, 28 },
    { "bad_number_overflow", RMQDR_ERR_JSON_BAD_NUMBER, 51 },
    { "bad_number_underflow", RMQDR_ERR_JSON_BAD_NUMBER, 37 },
    { "bad_number_string_fraction", RMQDR_ERR_JSON_BAD_NUMBER, 24 },
    { "bad_number_string_empty", RMQDR_ERR_JSON_BAD_NUMBER, 28 },
    { "bad_number_string_space", RMQDR_ERR_JSON_BAD_NUMBER, 19 },
    { "bad_number_string_plus", RMQDR_ERR_JSON_BAD_NUMBER, 19 },
    { "bad_number_string_leading_zero", RMQDR_ERR_JSON_BAD_NUMBER, 24 },
    { "bad_number_string_minus", RMQDR_ERR_JSON_BAD_NUMBER, 54 },
    { "bad_number_string_overflow", RMQDR_ERR_JSON_BAD_NUMBER, 39 },
    { "bad_number_string_unicode", RMQDR_ERR_JSON_BAD_NUMBER, 22 },
    { "bad_number_code_fraction", RMQDR_ERR_JSON_BAD_NUMBER, 11 },
    { "bad_type_object_for_int", RMQDR_ERR_JSON_BAD_TYPE, 27 },
    { "bad_type_array_for_text", RMQDR_ERR_JSON_BAD_TYPE, 47 },
    { "bad_type_bool_for_int", RMQDR_ERR_JSON_BAD_TYPE, 20 },
    { "bad_type_string_for_bool", RMQDR_ERR_JSON_BAD_TYPE, 11 },
    { "bad_type_number_for_bool", RMQDR_ERR_JSON_BAD_TYPE, 11 },
    { "bad_type_object_for_text", RMQDR_ERR_JSON_BAD_TYPE, 11 },
    { "bad_type_data_array", RMQDR_ERR_JSON_BAD_TYPE, 8 },
    { "bad_type_data_string", RMQDR_ERR_JSON_BAD_TYPE, 8 },
    { "bad_type_list_object", RMQDR_ERR_JSON_BAD_TYPE, 16 },
    { "bad_type_progress_string", RMQDR_ERR_JSON_BAD_TYPE, 35 },
    { "bad_type_progress_data_array", RMQDR_ERR_JSON_BAD_TYPE, 51 },
    { "bad_type_root_array", RMQDR_ERR_JSON_BAD_TYPE, 0 },
    { "bad_type_root_string", RMQDR_ERR_JSON_BAD_TYPE, 0 },
    { "bad_type_root_null", RMQDR_ERR_JSON_BAD_TYPE, 0 },
    { "bad_type_element_string", RMQDR_ERR_JSON_BAD_TYPE, 17 },
    { "bad_type_element_null", RMQDR_ERR_JSON_BAD_TYPE, 17 },
    { "bad_type_element_array", RMQDR_ERR_JSON_BAD_TYPE, 17 },
    { "bad_syntax_missing_comma", RMQDR_ERR_JSON_SYNTAX, 7 },
    { "bad_syntax_missing_colon", RMQDR_ERR_JSON_SYNTAX, 5 },
    { "bad_syntax_trailing_comma_object", RMQDR_ERR_JSON_SYNTAX, 7 },
    { "bad_syntax_trailing_comma_array", RMQDR_ERR_JSON_SYNTAX, 8 },
    { "bad_syntax_leading_comma", RMQDR_ERR_JSON_SYNTAX, 1 },
    { "bad_syntax_single_quotes", RMQDR_ERR_JSON_SYNTAX, 1 },
    { "bad_syntax_unquoted_key", RMQDR_ERR_JSON_SYNTAX, 1 },
    { "bad_syntax_control_char", RMQDR_ERR_JSON_SYNTAX, 7 },
    { "bad_syntax_raw_newline", RMQDR_ERR_JSON_SYNTAX, 13 },
    { "bad_syntax_overlong_utf8", RMQDR_ERR_JSON_SYNTAX, 6 },
    { "bad_syntax_surrogate_utf8", RMQDR_ERR_JSON_SYNTAX, 13 },
    { "bad_syntax_short_utf8", RMQDR_ERR_JSON_SYNTAX, 8 },
    { "bad_syntax_stray_continuation", RMQDR_ERR_JSON_SYNTAX, 6 },
    { "bad_syntax_utf8_too_big", RMQDR_ERR_JSON_SYNTAX, 7 },
    { "bad_syntax_utf8_outside_string", RMQDR_ERR_JSON_SYNTAX, 6 },
    { "bad_syntax_mismatch", RMQDR_ERR_JSON_SYNTAX, 7 },
    { "bad_syntax_mismatch_object", RMQDR_ERR_JSON_SYNTAX, 6 },
    { "bad_syntax_close_early", RMQDR_ERR_JSON_SYNTAX, 0 },
    { "bad_syntax_literal", RMQDR_ERR_JSON_SYNTAX, 14 },
    { "bad_syntax_literal_case", RMQDR_ERR_JSON_SYNTAX, 11 },
    { "bad_syntax_literal_tail", RMQDR_ERR_JSON_SYNTAX, 9 },
    { "bad_syntax_plus", RMQDR_ERR_JSON_SYNTAX, 5 },
    { "bad_syntax_minus_only", RMQDR_ERR_JSON_SYNTAX, 6 },
    { "bad_syntax_dot_only", RMQDR_ERR_JSON_SYNTAX, 7 },
    { "bad_syntax_exp_only", RMQDR_ERR_JSON_SYNTAX, 7 },
    { "bad_syntax_leading_zero", RMQDR_ERR_JSON_SYNTAX, 6 },
    { "bad_syntax_leading_dot", RMQDR_ERR_JSON_SYNTAX, 5 },
    { "bad_syntax_nan", RMQDR_ERR_JSON_SYNTAX, 5 },
    { "bad_syntax_bom", RMQDR_ERR_JSON_SYNTAX, 0 },
    { "bad_syntax_key_number", RMQDR_ERR_JSON_SYNTAX, 1 },
    { "bad_syntax_colon_in_array", RMQDR_ERR_JSON_SYNTAX, 7 },
    { "bad_truncated_empty", RMQDR_ERR_JSON_TRUNCATED, 0 },
    { "bad_truncated_blank", RMQDR_ERR_JSON_TRUNCATED, 4 },
    { "bad_truncated_string", RMQDR_ERR_JSON_TRUNCATED, 15 },
    { "bad_truncated_escape", RMQDR_ERR_JSON_TRUNCATED, 19 },
    { "bad_truncated_surrogate", RMQDR_ERR_JSON_TRUNCATED, 18 },
    { "bad_truncated_number", RMQDR_ERR_JSON_TRUNCATED, 22 },
    { "bad_truncated_element", RMQDR_ERR_JSON_TRUNCATED, 29 },
    { "bad_too_deep", RMQDR_ERR_JSON_TOO_DEEP, 5 + 63 },
};

static void test_malformed_fixtures(void **state)
{
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof bad_fixtures / sizeof bad_fixtures[0]; i++) {
        const bad_t *b = &bad_fixtures[i];
        outcome_t *o = decode_fixture(b->name);
        if ((o->status != b->status)
            || ((b->offset >= 0) && (o->offset != (uint64_t)b->offset))) {
            fail_msg("%s: got %s at %llu, want %s at %lld", b->name,
                     rmqdr_status_name(o->status), (unsigned long long)o->offset,
                     rmqdr_status_name(b->status), (long long)b->offset);
        }
        free(o);
    }
}

/* Every bad_* file has an expectation, so none is decoded unchecked. */
static void test_every_bad_fixture_listed(void **state)
{
    char path[512];
    DIR *dir;
    const struct dirent *ent;
    size_t files = 0U;

    (void)state;
    (void)snprintf(path, sizeof path, "%s/json", data_dir());
    dir = opendir(path);
    assert_non_null(dir);
    while ((ent = readdir(dir)) != NULL) {
        const size_t n = strlen(ent->d_name);
        bool listed = false;
        size_t i;
        if ((strncmp(ent->d_name, "bad_", 4U) != 0) || (n < 5U)
            || (strcmp(&ent->d_name[n - 5U], ".json") != 0)) {
            continue;
        }
        files++;
        for (i = 0U; i < sizeof bad_fixtures / sizeof bad_fixtures[0]; i++) {
            const size_t len = strlen(bad_fixtures[i].name);
            listed = listed || ((len == n - 5U) && (strncmp(ent->d_name, bad_fixtures[i].name, len) == 0));
        }
        if (!listed) {
            fail_msg("%s has no entry in bad_fixtures", ent->d_name);
        }
    }
    (void)closedir(dir);
    assert_int_equal(files, sizeof bad_fixtures / sizeof bad_fixtures[0]);
}

/* ------------------------------------------------------------------ */
/* Fragmentation and truncation over every fixture                      */
/* ------------------------------------------------------------------ */

typedef void (*fixture_fn)(const char *name, const uint8_t *data, size_t len);

static void for_each_fixture(const char *prefix, fixture_fn fn)
{
    char path[512];
    DIR *dir;
    const struct dirent *ent;
    uint8_t *buf = malloc(FIXTURE_MAX);
    size_t count = 0U;

    assert_non_null(buf);
    (void)snprintf(path, sizeof path, "%s/json", data_dir());
    dir = opendir(path);
    assert_non_null(dir);
    while ((ent = readdir(dir)) != NULL) {
        const size_t n = strlen(ent->d_name);
        if ((strncmp(ent->d_name, prefix, strlen(prefix)) == 0) && (n > 5U)
            && (strcmp(&ent->d_name[n - 5U], ".json") == 0)) {
            char file[600];
            size_t len;
            (void)snprintf(file, sizeof file, "%s/%s", path, ent->d_name);
            len = load_path(file, buf, FIXTURE_MAX);
            fn(ent->d_name, buf, len);
            count++;
        }
    }
    (void)closedir(dir);
    free(buf);
    assert_true(count > 10U);
}

static void check_fragmentation(const char *name, const uint8_t *data, size_t len)
{
    outcome_t *ref = calloc(1U, sizeof *ref);
    outcome_t *o = calloc(1U, sizeof *o);
    plan_t p = { PLAN_WHOLE, 0U, 0U, 0U };
    size_t k;
    uint32_t seed;

    assert_non_null(ref);
    assert_non_null(o);
    decode_array(data, len, &p, CAP, ref);
    p.kind = PLAN_SPLIT;
    for (k = 0U; k <= len; k++) {
        p.split = k;
        decode_array(data, len, &p, CAP, o);
        if (memcmp(ref, o, sizeof *o) != 0) {
            fail_msg("%s: split at %zu differs", name, k);
        }
    }
    p.kind = PLAN_BYTES;
    decode_array(data, len, &p, CAP, o);
    if (memcmp(ref, o, sizeof *o) != 0) {
        fail_msg("%s: byte by byte differs", name);
    }
    p.kind = PLAN_RANDOM;
    for (seed = 1U; seed <= 16U; seed++) {
        p.seed = seed * 2654435761U;
        p.max_chunk = (seed % 2U == 0U) ? 7U : 300U;
        decode_array(data, len, &p, CAP, o);
        if (memcmp(ref, o, sizeof *o) != 0) {
            fail_msg("%s: random chunks (seed %u) differ", name, seed);
        }
        decode_callback(data, len, &p, o);
        assert_same(ref, o, name);
    }
    free(ref);
    free(o);
}

/* Runs of digits and plain string bytes are taken many at a time; an
 * input that fails inside such a run must leave exactly what byte-by-byte
 * decoding leaves (fuzz_json found the first: a number for "Code" leaving
 * int64 kept fewer digits of its text when fed whole). Every split point. */
/* The checkpoint, progress and envelope structs are generated from their
 * field lists (issue 18); their presence bits keep the values they had when
 * they were written by hand (scalars first, then containers; an inline
 * object's scalars, then its own bit). Callers store and compare them. */
static void test_bit_values_unchanged(void **state)
{
    (void)state;
    assert_int_equal(RMQDR_PROGRESS_REGION_ID, 1UL << 0);
    assert_int_equal(RMQDR_PROGRESS_INSTANCE_ID, 1UL << 1);
    assert_int_equal(RMQDR_PROGRESS_INSTANCE_TYPE, 1UL << 2);
    assert_int_equal(RMQDR_PROGRESS_CONSUMER_GROUP_ID, 1UL << 3);
    assert_int_equal(RMQDR_PROGRESS_TOPIC_NAME, 1UL << 4);
    assert_int_equal(RMQDR_PROGRESS_LAST_FETCH_TIME, 1UL << 5);
    assert_int_equal(RMQDR_PROGRESS_CONSUME_TIMESTAMP, 1UL << 6);
    assert_int_equal(RMQDR_PROGRESS_PROGRESS_DATA, 1UL << 7);
    assert_int_equal(RMQDR_CHECKPOINT_PLAN_ID, 1UL << 0);
    assert_int_equal(RMQDR_CHECKPOINT_ITEM_ID, 1UL << 1);
    assert_int_equal(RMQDR_CHECKPOINT_CHECKPOINT_ID, 1UL << 2);
    assert_int_equal(RMQDR_CHECKPOINT_LAST_SYNC_TIME, 1UL << 3);
    assert_int_equal(RMQDR_CHECKPOINT_SOURCE_PROGRESS, 1UL << 4);
    assert_int_equal(RMQDR_CHECKPOINT_TARGET_PROGRESS, 1UL << 5);
    assert_int_equal(RMQDR_ENVELOPE_REQUEST_ID, 1UL << 0);
    assert_int_equal(RMQDR_ENVELOPE_SUCCESS, 1UL << 1);
    assert_int_equal(RMQDR_ENVELOPE_CODE, 1UL << 2);
    assert_int_equal(RMQDR_ENVELOPE_MESSAGE, 1UL << 3);
    assert_int_equal(RMQDR_ENVELOPE_HTTP_STATUS_CODE, 1UL << 4);
    assert_int_equal(RMQDR_ENVELOPE_DYNAMIC_CODE, 1UL << 5);
    assert_int_equal(RMQDR_ENVELOPE_DYNAMIC_MESSAGE, 1UL << 6);
    assert_int_equal(RMQDR_ENVELOPE_HOST_ID, 1UL << 7);
    assert_int_equal(RMQDR_ENVELOPE_RECOMMEND, 1UL << 8);
    assert_int_equal(RMQDR_ENVELOPE_PAGE_NUMBER, 1UL << 9);
    assert_int_equal(RMQDR_ENVELOPE_PAGE_SIZE, 1UL << 10);
    assert_int_equal(RMQDR_ENVELOPE_TOTAL_COUNT, 1UL << 11);
    assert_int_equal(RMQDR_ENVELOPE_DATA, 1UL << 12);
    assert_int_equal(RMQDR_ENVELOPE_LIST, 1UL << 13);
    /* Members in their historical order (positional initializers). */
    assert_true(offsetof(rmqdr_progress_t, consume_timestamp) > offsetof(rmqdr_progress_t, last_fetch_time));
    assert_true(offsetof(rmqdr_envelope_t, list_count) > offsetof(rmqdr_envelope_t, total_count));
    assert_true(offsetof(rmqdr_envelope_t, request_id) > offsetof(rmqdr_envelope_t, http_status));
}

static void test_error_inside_a_run(void **state)
{
    static const char *const bodies[] = {
        "{\"Code\":-6744064444444444444444444444444444443070",
        "{\"code\":44444444444444444444444}",
        "{\"message\":99999999999999999999,\"success\":true}",
        "{\"httpStatusCode\":92233720368547758080}",
        "{\"requestId\":\"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop\x01\"}",
        "{\"data\":{\"list\":[{\"planId\":1,\"sourceProgress\":{\"topicName\":123456789012345678901234}}]}}",
        "{\"data\":{\"list\":[{\"planId\":1},{\"itemId\":12345678901234567890}]}}",
        "{\"data\":{\"list\":[{\"sourceProgress\":{\"regionId\":\"cn-hangzhou-very-long-region\u00e9\\\"x\x1f\"}}]}}",
        "{\"data\":{\"pageSize\":\"12345678901234567890\"}}",
    };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof bodies / sizeof bodies[0]; i++) {
        check_fragmentation(bodies[i], (const uint8_t *)bodies[i], strlen(bodies[i]));
    }
}

/* A run of plain bytes (taken a word at a time) must stop exactly at the
 * first byte that is not plain, wherever it sits in the word: an escape,
 * a multi-byte character, a control character, a quote. Every position
 * from 0 to 19 in an envelope string, an element string and a key; the
 * decoded value (or the error offset) must be that of byte-by-byte
 * decoding, which decode_checked compares, and the one expected here. */
static void test_run_stops_at_every_word_position(void **state)
{
    static const struct {
        const char *wire;   /* the non-plain bytes as sent */
        const char *value;  /* what they decode to; NULL: a syntax error */
    } odd[] = {
        { "\\\"", "\"" }, { "\\\\", "\\" }, { "\\u0041", "A" }, { "\xC3\xA9", "\xC3\xA9" },
        { "\xE4\xB8\xAD", "\xE4\xB8\xAD" }, { "\x01", NULL }, { "\x1F", NULL },
    };
    static const char plain[] = "abcdefghijklmnopqrstuvwxyz";
    char body[256];
    char want[64];
    outcome_t *o = calloc(1U, sizeof *o);
    size_t k;
    size_t j;

    (void)state;
    assert_non_null(o);
    for (j = 0U; j < sizeof odd / sizeof odd[0]; j++) {
        for (k = 0U; k < 20U; k++) {
            const int w = snprintf(want, sizeof want, "%.*s%s%.4s", (int)k, plain,
                                   (odd[j].value != NULL) ? odd[j].value : "", plain);
            int n = snprintf(body, sizeof body,
                             "{\"requestId\":\"%.*s%s%.4s\",\"data\":{\"list\":[{\"sourceProgress\":"
                             "{\"topicName\":\"%.*s%s%.4s\"}}]},\"%.*s%s%.4s\":1}",
                             (int)k, plain, odd[j].wire, plain, (int)k, plain, odd[j].wire, plain,
                             (int)k, plain, odd[j].wire, plain);

            assert_true((n > 0) && ((size_t)n < sizeof body) && (w > 0));
            decode_text(body, o);
            if (odd[j].value == NULL) {
                /* The control character is the first bad byte: 14 bytes
                 * of `{"requestId":"`, then k plain ones. */
                assert_int_equal(o->status, RMQDR_ERR_JSON_SYNTAX);
                assert_int_equal(o->offset, 14U + k);
            } else {
                assert_status(o, RMQDR_OK);
                assert_string_equal(o->env.request_id, want);
                assert_int_equal(o->stored, 1U);
                assert_string_equal(o->items[0].source.topic_name, want);
            }
        }
    }
    free(o);
}

static void test_fragmentation_invariance(void **state)
{
    (void)state;
    for_each_fixture("", check_fragmentation);
}

static void check_prefixes(const char *name, const uint8_t *data, size_t len)
{
    outcome_t *o = calloc(1U, sizeof *o);
    const plan_t whole = { PLAN_WHOLE, 0U, 0U, 0U };
    size_t end = len;
    size_t k;

    assert_non_null(o);
    /* The document ends at its last '}'; only blanks follow. */
    while ((end > 0U) && (data[end - 1U] != (uint8_t)'}')) {
        end--;
    }
    assert_true(end > 0U);
    for (k = 0U; k <= len; k++) {
        decode_array(data, k, &whole, CAP, o);
        if (k < end) {
            if ((o->status != RMQDR_ERR_JSON_TRUNCATED) || (o->offset != (uint64_t)k)) {
                fail_msg("%s: prefix %zu gave %s at %llu", name, k, rmqdr_status_name(o->status),
                         (unsigned long long)o->offset);
            }
        } else if (o->status != RMQDR_OK) {
            fail_msg("%s: prefix %zu gave %s", name, k, rmqdr_status_name(o->status));
        }
    }
    free(o);
}

static void test_truncated_every_prefix(void **state)
{
    (void)state;
    for_each_fixture("ok_", check_prefixes);
}

/* ------------------------------------------------------------------ */
/* Limits                                                               */
/* ------------------------------------------------------------------ */

typedef struct {
    uint32_t count;
    rmqdr_checkpoint_t *scratch;
} big_ctx_t;

static rmqdr_status_t check_big_item(void *ctx, const rmqdr_checkpoint_t *cp)
{
    big_ctx_t *b = ctx;

    assert_ptr_equal(cp, b->scratch);
    assert_int_equal(cp->plan_id, (int64_t)b->count);
    assert_int_equal(cp->source.consume_timestamp, 1740724080343LL + (int64_t)b->count);
    assert_string_equal(cp->target.topic_name, "TOPIC_TEST");
    b->count++;
    return RMQDR_OK;
}

/* Streams a body of `items` list elements into d, in uneven feeds. */
static void feed_big_body(rmqdr_json_decoder_t *d, uint32_t items)
{
    static const char head[] =
        "{\"requestId\":\"big\",\"success\":true,\"data\":{\"pageNumber\":1,"
        "\"pageSize\":100000,\"totalCount\":100000,\"list\":[";
    char item[512];
    uint32_t i;
    uint32_t rng = 7U;

    assert_int_equal(rmqdr_json_feed(d, (const uint8_t *)head, strlen(head)), RMQDR_OK);
    for (i = 0U; i < items; i++) {
        const int n = snprintf(item, sizeof item,
            "%s{\"planId\":%u,\"itemId\":2,\"checkpointId\":3,\"lastSyncTime\":1740724080343,"
            "\"sourceProgress\":{\"regionId\":\"cn-hangzhou\",\"instanceId\":\"rmq-cn-a\","
            "\"instanceType\":\"ALIYUN_ROCKETMQ\",\"consumerGroupId\":\"GID_TEST\","
            "\"topicName\":\"TOPIC_TEST\",\"lastFetchTime\":1740724080343,"
            "\"progressData\":{\"consumeTimestamp\":%llu}},"
            "\"targetProgress\":{\"regionId\":\"cn-shanghai\",\"topicName\":\"TOPIC_TEST\"}}",
            (i == 0U) ? "" : ",", (unsigned)i, 1740724080343ULL + i);
        size_t done = 0U;
        assert_true((n > 0) && ((size_t)n < sizeof item));
        while (done < (size_t)n) {
            size_t chunk = 1U + (size_t)(next_random(&rng) % 97U);
            if (chunk > (size_t)n - done) {
                chunk = (size_t)n - done;
            }
            assert_int_equal(rmqdr_json_feed(d, (const uint8_t *)&item[done], chunk), RMQDR_OK);
            done += chunk;
        }
    }
    assert_int_equal(rmqdr_json_feed(d, (const uint8_t *)"]}}\n", 4U), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(d), RMQDR_OK);
}

static void test_100k_items_same_struct(void **state)
{
    enum { ITEMS = 100000 };
    rmqdr_json_decoder_t d;
    rmqdr_envelope_t env;
    rmqdr_checkpoint_t scratch;
    rmqdr_checkpoint_t array[4];
    big_ctx_t b = { 0U, &scratch };
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, check_big_item, &b);

    (void)state;
    /* The same fixed-size struct serves 1 and 100 000 elements. */
    assert_int_equal(sizeof d, RMQDR_JSON_DECODER_SIZE);
    rmqdr_json_init(&d, &env, &sink);
    feed_big_body(&d, 1U);
    assert_int_equal(b.count, 1U);
    assert_int_equal(env.list_count, 1U);

    b.count = 0U;
    rmqdr_json_init(&d, &env, &sink);
    feed_big_body(&d, ITEMS);
    assert_int_equal(b.count, ITEMS);
    assert_int_equal(env.list_count, ITEMS);
    assert_int_equal(env.total_count, 100000);
    assert_string_equal(env.request_id, "big");

    sink = rmqdr_json_sink_array(array, 4U);
    rmqdr_json_init(&d, &env, &sink);
    feed_big_body(&d, ITEMS);
    assert_int_equal(env.list_count, ITEMS);
    assert_int_equal(rmqdr_json_stored(&d), 4U);
    assert_int_equal(array[3].plan_id, 3);
}

static rmqdr_status_t feed_text(rmqdr_json_decoder_t *d, const char *s)
{
    return rmqdr_json_feed(d, (const uint8_t *)s, strlen(s));
}

static void test_depth_limit(void **state)
{
    rmqdr_json_decoder_t d;
    rmqdr_envelope_t env;
    char body[256];
    size_t i;
    const size_t arrays = RMQDR_JSON_MAX_DEPTH - 1U; /* the root object is the first level */

    (void)state;
    /* Exactly at the limit: fine. */
    strcpy(body, "{\"x\":");
    for (i = 0U; i < arrays; i++) {
        strcat(body, "[");
    }
    for (i = 0U; i < arrays; i++) {
        strcat(body, "]");
    }
    strcat(body, "}");
    rmqdr_json_init(&d, &env, NULL);
    assert_int_equal(feed_text(&d, body), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_OK);

    /* A depth bomb: a million '[' cost no stack and stop at the limit. */
    rmqdr_json_init(&d, &env, NULL);
    assert_int_equal(feed_text(&d, "{\"x\":"), RMQDR_OK);
    for (i = 0U; i < 1000000U; i++) {
        if (rmqdr_json_feed(&d, (const uint8_t *)"[", 1U) != RMQDR_OK) {
            break;
        }
    }
    assert_int_equal(i, arrays);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_JSON_TOO_DEEP);
    assert_int_equal(rmqdr_json_error_offset(&d), 5U + arrays);
}

static void test_huge_strings(void **state)
{
    const size_t big = 1U << 20;
    char *s = malloc(big);
    rmqdr_json_decoder_t d;
    rmqdr_envelope_t env;
    rmqdr_checkpoint_t cp;
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(&cp, 1U);

    (void)state;
    assert_non_null(s);
    memset(s, 'x', big);
    /* In an unknown field, in the message, and in an element string. */
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(feed_text(&d, "{\"blob\":\""), RMQDR_OK);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)s, big), RMQDR_OK);
    assert_int_equal(feed_text(&d, "\",\"message\":\""), RMQDR_OK);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)s, big), RMQDR_OK);
    assert_int_equal(feed_text(&d, "\",\"data\":{\"list\":[{\"sourceProgress\":{\"topicName\":\""),
                     RMQDR_OK);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)s, big), RMQDR_OK);
    assert_int_equal(feed_text(&d, "\"}}]}}"), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_OK);
    assert_int_equal(strlen(env.message), RMQDR_MESSAGE_SIZE - 1U);
    assert_int_equal(env.truncated, RMQDR_ENVELOPE_MESSAGE);
    assert_int_equal(strlen(cp.source.topic_name), RMQDR_TOPIC_NAME_SIZE - 1U);
    assert_int_equal(cp.source.truncated, RMQDR_PROGRESS_TOPIC_NAME);

    /* Unterminated. */
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(feed_text(&d, "{\"message\":\""), RMQDR_OK);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)s, big), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_JSON_TRUNCATED);
    assert_int_equal(rmqdr_json_error_offset(&d), 12U + big);
    free(s);
}

/* The largest element the documented bound covers: every string one byte
 * longer than its field (so cut and marked), every integer 20 characters. */
static size_t build_max_element(char *out, size_t cap, const char *region_prefix,
                                size_t prefix_chars)
{
    char region[64];
    char instance[80];
    char itype[64];
    char group[160];
    char topic[160];
    char side[900];
    const char *minint = "-9223372036854775808";
    int n;

    (void)snprintf(region, sizeof region, "%s%.*s", region_prefix,
                   (int)(RMQDR_REGION_ID_SIZE - prefix_chars),
                   "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr");
    memset(instance, 'i', RMQDR_INSTANCE_ID_SIZE);
    instance[RMQDR_INSTANCE_ID_SIZE] = '\0';
    memset(itype, 'y', RMQDR_INSTANCE_TYPE_SIZE);
    itype[RMQDR_INSTANCE_TYPE_SIZE] = '\0';
    memset(group, 'g', RMQDR_GROUP_ID_SIZE);
    group[RMQDR_GROUP_ID_SIZE] = '\0';
    memset(topic, 't', RMQDR_TOPIC_NAME_SIZE);
    topic[RMQDR_TOPIC_NAME_SIZE] = '\0';
    n = snprintf(side, sizeof side,
                 "{ \"regionId\" : \"%s\", \"instanceId\": \"%s\", \"instanceType\": \"%s\", "
                 "\"consumerGroupId\": \"%s\", \"topicName\": \"%s\", \"lastFetchTime\": %s, "
                 "\"progressData\": {\"consumeTimestamp\": %s, \"unknown\": [1, 2, 3]} }",
                 region, instance, itype, group, topic, minint, minint);
    assert_true((n > 0) && ((size_t)n < sizeof side));
    n = snprintf(out, cap,
                 "{\"data\": {\"list\": [ {\"planId\": %s, \"itemId\": \"%s\", \"checkpointId\": %s, "
                 "\"lastSyncTime\": \"%s\", \"extra\": {\"a\": [1]}, \"sourceProgress\": %s, "
                 "\"targetProgress\": %s} ]}}",
                 minint, minint, minint, minint, side, side);
    assert_true((n > 0) && ((size_t)n < cap));
    return (size_t)n;
}

static void test_element_max_exact(void **state)
{
    char body[4096];
    size_t n;
    rmqdr_json_decoder_t d;
    rmqdr_envelope_t env;
    rmqdr_checkpoint_t cp;
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(&cp, 1U);

    (void)state;
    n = build_max_element(body, sizeof body, "", 0U);
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)body, n), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_OK);
    /* Peek: the compacted element is exactly the checkpoint bound. */
    assert_int_equal(d.elem_len, RMQDR_JSON_CHECKPOINT_MAX);
    assert_int_equal(cp.present, 0x3FU);
    assert_int_equal(cp.plan_id, INT64_MIN);
    assert_int_equal(cp.item_id, INT64_MIN);
    assert_int_equal(cp.target.consume_timestamp, INT64_MIN);
    assert_int_equal(cp.source.present, 0x7FU);
    assert_int_equal(cp.target.truncated, 0x1FU);
    assert_int_equal(strlen(cp.target.topic_name), RMQDR_TOPIC_NAME_SIZE - 1U);

    /* A '"' in a kept string costs nothing more (issue 12): still exact. */
    n = build_max_element(body, sizeof body, "\\\"", 1U);
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)body, n), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_OK);
    assert_int_equal(d.elem_len, RMQDR_JSON_CHECKPOINT_MAX);
    assert_int_equal(env.list_count, 1U);
    assert_int_equal(cp.source.region_id[0], '"');
    assert_int_equal(strlen(cp.source.region_id), RMQDR_REGION_ID_SIZE - 1U);
}

static void test_sticky_error(void **state)
{
    rmqdr_json_decoder_t d;
    rmqdr_envelope_t env;

    (void)state;
    rmqdr_json_init(&d, &env, NULL);
    assert_int_equal(feed_text(&d, "{\"a\":1,,"), RMQDR_ERR_JSON_SYNTAX);
    assert_int_equal(rmqdr_json_error_offset(&d), 7U);
    assert_int_equal(feed_text(&d, "\"b\":2}"), RMQDR_ERR_JSON_SYNTAX);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_ERR_JSON_SYNTAX);
    assert_int_equal(rmqdr_json_error_offset(&d), 7U);
}

static void test_trailing_blanks_ok_then_data(void **state)
{
    rmqdr_json_decoder_t d;
    rmqdr_envelope_t env;

    (void)state;
    rmqdr_json_init(&d, &env, NULL);
    assert_int_equal(feed_text(&d, "{}"), RMQDR_OK);
    assert_int_equal(feed_text(&d, " \r\n\t "), RMQDR_OK);
    assert_int_equal(rmqdr_json_finish(&d), RMQDR_OK);
    assert_int_equal(feed_text(&d, "\n0"), RMQDR_ERR_JSON_TRAILING_DATA);
    assert_int_equal(rmqdr_json_error_offset(&d), 8U);
}

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(rmqdr_status_name(RMQDR_ERR_JSON_ELEMENT_TOO_LARGE),
                        "RMQDR_ERR_JSON_ELEMENT_TOO_LARGE");
    assert_non_null(strstr(rmqdr_status_message(RMQDR_ERR_JSON_ELEMENT_TOO_LARGE),
                           "RMQDR_JSON_ELEMENT_MAX"));
    assert_non_null(strstr(rmqdr_status_message(RMQDR_ERR_JSON_TOO_MANY_TOKENS),
                           "RMQDR_JSON_MAX_TOKENS"));
    assert_non_null(strstr(rmqdr_status_message(RMQDR_ERR_JSON_TOO_DEEP), "RMQDR_JSON_MAX_DEPTH"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_error_inside_a_run),
        cmocka_unit_test(test_run_stops_at_every_word_position),
        cmocka_unit_test(test_bit_values_unchanged),
        cmocka_unit_test(test_sample_doc),
        cmocka_unit_test(test_sample_variants_equal),
        cmocka_unit_test(test_gateway_error),
        cmocka_unit_test(test_product_error),
        cmocka_unit_test(test_string_numbers),
        cmocka_unit_test(test_nulls),
        cmocka_unit_test(test_unknown_fields),
        cmocka_unit_test(test_reordered),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_long_strings),
        cmocka_unit_test(test_instance_types),
        cmocka_unit_test(test_int_limits),
        cmocka_unit_test(test_empty_shapes),
        cmocka_unit_test(test_number_as_text),
        cmocka_unit_test(test_long_keys_are_unknown),
        cmocka_unit_test(test_array_cap),
        cmocka_unit_test(test_null_sink_counts),
        cmocka_unit_test(test_callback_order),
        cmocka_unit_test(test_callback_abort),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_init_clears_envelope),
        cmocka_unit_test(test_malformed_fixtures),
        cmocka_unit_test(test_every_bad_fixture_listed),
        cmocka_unit_test(test_fragmentation_invariance),
        cmocka_unit_test(test_truncated_every_prefix),
        cmocka_unit_test(test_100k_items_same_struct),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_huge_strings),
        cmocka_unit_test(test_element_max_exact),
        cmocka_unit_test(test_sticky_error),
        cmocka_unit_test(test_trailing_blanks_ok_then_data),
        cmocka_unit_test(test_status_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
