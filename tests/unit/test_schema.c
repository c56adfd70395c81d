/*
 * The schema-driven decoder for all three operations:
 * - every JSON edge case the checkpoint decoder handles (null, numeric
 *   strings, integers for text, unknown fields at any depth, escapes,
 *   truncation, wrong types, duplicates, bad numbers) works the same for
 *   plans and items (one table, run against each operation's element);
 * - nested arrays keep their cap, count the rest and flag it;
 * - fixtures of both new responses decode the same whatever the
 *   fragmentation (whole, 1 byte, random chunks, every split point);
 * - an external instance's username/password never reach a struct or the
 *   work area;
 * - issue 12: an element whose strings fit decodes whatever escapes they
 *   hold (the 21-escaped-quotes example and siblings).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/json.h"

#define EXT_USERNAME "EMU_EXT_USERNAME_7f3a"
#define EXT_PASSWORD "EMU-EXT-PASSWORD-do-not-print-91c2"
#define BODY_MAX 65536U
#define CAP 8U

typedef enum { OP_CHECKPOINTS = 0, OP_PLANS, OP_ITEMS, OP_COUNT } op_t;

/* Everything a decode produced, compared byte for byte across fragmentations. */
typedef struct {
    rmqdr_status_t status;
    uint64_t offset;
    rmqdr_envelope_t env;
    union {
        rmqdr_checkpoint_t cp[CAP];
        rmqdr_plan_t plan[CAP];
        rmqdr_item_t item[CAP];
    } u;
} outcome_t;

static rmqdr_json_sink_t sink_for(op_t op, outcome_t *o)
{
    if (op == OP_PLANS) {
        return rmqdr_json_sink_plans_array(o->u.plan, CAP);
    }
    if (op == OP_ITEMS) {
        return rmqdr_json_sink_items_array(o->u.item, CAP);
    }
    return rmqdr_json_sink_array(o->u.cp, CAP);
}

/* Decode in chunks: chunk 0 = whole; otherwise sizes from a seeded generator (1..chunk). */
static void decode(op_t op, const char *body, size_t len, size_t chunk, uint32_t seed, outcome_t *o)
{
    static rmqdr_json_decoder_t d;
    rmqdr_json_sink_t sink;
    rmqdr_status_t st = RMQDR_OK;
    size_t at = 0U;

    memset(o, 0, sizeof *o);
    sink = sink_for(op, o);
    rmqdr_json_init(&d, &o->env, &sink);
    while ((at < len) && (st == RMQDR_OK)) {
        size_t n = len - at;

        if (chunk > 0U) {
            seed = (seed * 1103515245U) + 12345U;
            n = 1U + ((seed >> 16) % chunk);
            n = (n > len - at) ? (len - at) : n;
        }
        st = rmqdr_json_feed(&d, (const uint8_t *)&body[at], n);
        at += n;
    }
    if (st == RMQDR_OK) {
        st = rmqdr_json_finish(&d);
    }
    o->status = st;
    o->offset = rmqdr_json_error_offset(&d);
}

static char body[BODY_MAX];

static size_t wrap(const char *element)
{
    int n = snprintf(body, sizeof body, "{\"requestId\":\"r\",\"success\":true,\"data\":{\"list\":[%s]}}",
                     element);
    assert_true((n > 0) && ((size_t)n < sizeof body));
    return (size_t)n;
}

/* ------------------------------------------------------------------ */
/* One table of edge cases, run against each operation                  */
/* ------------------------------------------------------------------ */

/* Per operation: an integer field, a text field (with its array size), and
 * where a nested object/array value goes. {I} {T} are the field names. */
typedef struct {
    const char *int_key;
    const char *text_key;
    const char *container_key; /* an OBJECT or ARRAY field */
    const char *container_value; /* a valid value for it */
} op_fields_t;

static const op_fields_t op_fields[OP_COUNT] = {
    { "checkpointId", "", "sourceProgress", "{\"topicName\":\"t\"}" },
    { "planId", "planName", "instances", "[{\"instanceId\":\"i\"}]" },
    { "itemId", "itemStatus", "topics", "[{\"topicName\":\"t\"}]" },
};

static int64_t int_of(op_t op, const outcome_t *o)
{
    return (op == OP_CHECKPOINTS) ? o->u.cp[0].checkpoint_id
           : (op == OP_PLANS) ? o->u.plan[0].plan_id : o->u.item[0].item_id;
}

static uint32_t present_of(op_t op, const outcome_t *o)
{
    return (op == OP_CHECKPOINTS) ? o->u.cp[0].present
           : (op == OP_PLANS) ? o->u.plan[0].present : o->u.item[0].present;
}

/* The text field: for checkpoints the source topicName (checkpoints have no top-level text). */
static const char *text_of(op_t op, const outcome_t *o, uint32_t *truncated)
{
    if (op == OP_CHECKPOINTS) {
        *truncated = o->u.cp[0].source.truncated;
        return o->u.cp[0].source.topic_name;
    }
    if (op == OP_PLANS) {
        *truncated = o->u.plan[0].truncated;
        return o->u.plan[0].plan_name;
    }
    *truncated = o->u.item[0].truncated;
    return o->u.item[0].item_status;
}

/* An element with the int field set to @p int_json and the text field to @p text_json. */
static size_t element_with(op_t op, const char *int_json, const char *text_json, const char *extra)
{
    char el[4096];

    if (op == OP_CHECKPOINTS) {
        (void)snprintf(el, sizeof el, "{\"checkpointId\":%s,\"sourceProgress\":{\"topicName\":%s}%s}",
                       int_json, text_json, extra);
    } else {
        (void)snprintf(el, sizeof el, "{\"%s\":%s,\"%s\":%s%s}", op_fields[op].int_key, int_json,
                       op_fields[op].text_key, text_json, extra);
    }
    return wrap(el);
}

typedef struct {
    const char *name;
    const char *int_json;
    const char *text_json;
    const char *extra;          /* appended members */
    rmqdr_status_t status;
    int64_t int_value;
    const char *text;           /* NULL: not checked */
    bool int_present;
} edge_t;

static const edge_t edges[] = {
    { "plain", "12", "\"abc\"", "", RMQDR_OK, 12, "abc", true },
    { "numeric string", "\"1300000016\"", "\"x\"", "", RMQDR_OK, 1300000016LL, "x", true },
    { "negative numeric string", "\"-5\"", "\"x\"", "", RMQDR_OK, -5, "x", true },
    { "int for text", "1", "42", "", RMQDR_OK, 1, "42", true },
    { "null int", "null", "\"x\"", "", RMQDR_OK, 0, "x", false },
    { "null text", "3", "null", "", RMQDR_OK, 3, "", true },
    { "escapes", "1", "\"a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\n\"", "", RMQDR_OK, 1,
      "a\"b\\c/d\xc3\xa9\xf0\x9f\x98\x80\n", true },
    { "unknown scalar", "1", "\"x\"", ",\"zzz\":1", RMQDR_OK, 1, "x", true },
    { "unknown deep", "1", "\"x\"", ",\"zzz\":{\"a\":[{\"b\":[[{\"planId\":\"q\"}]]}],\"c\":null}",
      RMQDR_OK, 1, "x", true },
    { "unknown long key", "1", "\"x\"", ",\"aVeryLongKeyThatIsNotInAnySchemaAtAll\":[1,2]",
      RMQDR_OK, 1, "x", true },
    { "int max", "9223372036854775807", "\"x\"", "", RMQDR_OK, INT64_MAX, "x", true },
    { "int min string", "\"-9223372036854775808\"", "\"x\"", "", RMQDR_OK, INT64_MIN, "x", true },
    { "int overflow", "9223372036854775808", "\"x\"", "", RMQDR_ERR_JSON_BAD_NUMBER, 0, NULL, false },
    { "fraction", "1.5", "\"x\"", "", RMQDR_ERR_JSON_BAD_NUMBER, 0, NULL, false },
    { "exponent string", "\"1e3\"", "\"x\"", "", RMQDR_ERR_JSON_BAD_NUMBER, 0, NULL, false },
    { "leading zero string", "\"01\"", "\"x\"", "", RMQDR_ERR_JSON_BAD_NUMBER, 0, NULL, false },
    { "empty numeric string", "\"\"", "\"x\"", "", RMQDR_ERR_JSON_BAD_NUMBER, 0, NULL, false },
    { "bool for int", "true", "\"x\"", "", RMQDR_ERR_JSON_BAD_TYPE, 0, NULL, false },
    { "object for text", "1", "{}", "", RMQDR_ERR_JSON_BAD_TYPE, 0, NULL, false },
    { "array for int", "[1]", "\"x\"", "", RMQDR_ERR_JSON_BAD_TYPE, 0, NULL, false },
    { "bad escape", "1", "\"\\x\"", "", RMQDR_ERR_JSON_BAD_ESCAPE, 0, NULL, false },
    { "lone surrogate", "1", "\"\\ud800x\"", "", RMQDR_ERR_JSON_BAD_ESCAPE, 0, NULL, false },
    { "bad escape in unknown", "1", "\"x\"", ",\"zzz\":\"\\q\"", RMQDR_ERR_JSON_BAD_ESCAPE, 0, NULL, false },
    { "bad utf-8", "1", "\"\xc3\x28\"", "", RMQDR_ERR_JSON_SYNTAX, 0, NULL, false },
};

static const uint32_t int_bits[OP_COUNT] = { RMQDR_CHECKPOINT_CHECKPOINT_ID, RMQDR_PLAN_PLAN_ID,
                                              RMQDR_ITEM_ITEM_ID };

static void duplicate_int(op_t op, outcome_t *o)
{
    char extra[64];
    size_t n;

    (void)snprintf(extra, sizeof extra, ",\"%s\":2", op_fields[op].int_key);
    n = element_with(op, "1", "\"x\"", extra);
    decode(op, body, n, 0U, 0U, o);
}

static void test_edges_every_operation(void **state)
{
    static outcome_t o;
    op_t op;
    size_t i;

    (void)state;
    for (op = OP_CHECKPOINTS; op < OP_COUNT; op++) {
        for (i = 0U; i < sizeof edges / sizeof edges[0]; i++) {
            const edge_t *e = &edges[i];
            const size_t n = element_with(op, e->int_json, e->text_json, e->extra);
            uint32_t truncated = 0U;

            decode(op, body, n, 0U, 0U, &o);
            if (o.status != e->status) {
                fail_msg("op %d %s: %s, want %s", (int)op, e->name, rmqdr_status_name(o.status),
                         rmqdr_status_name(e->status));
            }
            if (e->status != RMQDR_OK) {
                continue;
            }
            assert_int_equal(o.env.list_count, 1U);
            assert_int_equal(int_of(op, &o), e->int_value);
            assert_int_equal((present_of(op, &o) & int_bits[op]) != 0U, e->int_present);
            if (e->text != NULL) {
                assert_string_equal(text_of(op, &o, &truncated), e->text);
                assert_int_equal(truncated, 0U);
            }
        }
        duplicate_int(op, &o);
        assert_int_equal(o.status, RMQDR_ERR_JSON_DUPLICATE_KEY);
    }
}

/* A string one byte longer than its array: cut, flagged, never overflowed. */
static void test_truncation_every_operation(void **state)
{
    static outcome_t o;
    const size_t sizes[OP_COUNT] = { RMQDR_TOPIC_NAME_SIZE, RMQDR_PLAN_NAME_SIZE, RMQDR_STATE_TEXT_SIZE };
    op_t op;

    (void)state;
    for (op = OP_CHECKPOINTS; op < OP_COUNT; op++) {
        char text[512];
        uint32_t truncated = 0U;
        size_t n;

        text[0] = '"';
        memset(&text[1], 'q', sizes[op]);
        memcpy(&text[1U + sizes[op]], "\"", 2U);
        n = element_with(op, "1", text, "");
        decode(op, body, n, 1U, 0U, &o);
        assert_int_equal(o.status, RMQDR_OK);
        assert_int_equal(strlen(text_of(op, &o, &truncated)), sizes[op] - 1U);
        assert_int_not_equal(truncated, 0U);
        /* A 2-byte character that no longer fits is dropped whole. */
        text[sizes[op] - 1U] = '\xc3';
        text[sizes[op]] = '\xa9';
        n = element_with(op, "1", text, "");
        decode(op, body, n, 0U, 0U, &o);
        assert_int_equal(o.status, RMQDR_OK);
        assert_int_equal(strlen(text_of(op, &o, &truncated)), sizes[op] - 3U + 1U);
    }
}

/* The container field: null is absent, the wrong type is refused, and
 * an element of a nested array that is not an object is refused. */
static void test_containers_every_operation(void **state)
{
    static outcome_t o;
    static const struct {
        const char *value;
        rmqdr_status_t plans_items; /* for the ARRAY fields */
        rmqdr_status_t checkpoints; /* for the OBJECT field */
    } cases[] = {
        { "null", RMQDR_OK, RMQDR_OK },
        { "{}", RMQDR_ERR_JSON_BAD_TYPE, RMQDR_OK },
        { "[]", RMQDR_OK, RMQDR_ERR_JSON_BAD_TYPE },
        { "\"x\"", RMQDR_ERR_JSON_BAD_TYPE, RMQDR_ERR_JSON_BAD_TYPE },
        { "[null]", RMQDR_ERR_JSON_BAD_TYPE, RMQDR_ERR_JSON_BAD_TYPE },
        { "[{},1]", RMQDR_ERR_JSON_BAD_TYPE, RMQDR_ERR_JSON_BAD_TYPE },
        { "[{},{},{},\"late\"]", RMQDR_ERR_JSON_BAD_TYPE, RMQDR_ERR_JSON_BAD_TYPE },
    };
    op_t op;
    size_t i;

    (void)state;
    for (op = OP_CHECKPOINTS; op < OP_COUNT; op++) {
        for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
            char el[256];
            const rmqdr_status_t want = (op == OP_CHECKPOINTS) ? cases[i].checkpoints
                                                               : cases[i].plans_items;

            (void)snprintf(el, sizeof el, "{\"%s\":%s}", op_fields[op].container_key, cases[i].value);
            decode(op, body, wrap(el), 0U, 0U, &o);
            if (o.status != want) {
                fail_msg("op %d %s: %s", (int)op, cases[i].value, rmqdr_status_name(o.status));
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Fixtures, caps and fragmentation                                     */
/* ------------------------------------------------------------------ */

static size_t load(const char *name)
{
    char path[512];
    const char *dir = getenv("RMQDR_TEST_DATA");
    FILE *f;
    size_t n;

    (void)snprintf(path, sizeof path, "%s/discovery/%s.json", (dir != NULL) ? dir : "tests/data", name);
    f = fopen(path, "rb");
    assert_non_null(f);
    n = fread(body, 1U, sizeof body - 1U, f);
    (void)fclose(f);
    return n;
}

static void assert_no_secret(const void *bytes, size_t n)
{
    const char *const secrets[2] = { EXT_USERNAME, EXT_PASSWORD };
    size_t s;
    size_t i;

    for (s = 0U; s < 2U; s++) {
        const size_t len = strlen(secrets[s]);

        for (i = 0U; i + len <= n; i++) {
            assert_false(memcmp((const char *)bytes + i, secrets[s], len) == 0);
        }
    }
}

/* Whole, byte by byte, random chunks and every two-part split give the same bytes. */
static void check_invariance(op_t op, const char *name, outcome_t *whole)
{
    static outcome_t other;
    const size_t n = load(name);
    size_t split;
    uint32_t seed;

    decode(op, body, n, 0U, 0U, whole);
    decode(op, body, n, 1U, 0U, &other);
    assert_memory_equal(whole, &other, sizeof other);
    for (seed = 1U; seed < 20U; seed++) {
        decode(op, body, n, 17U, seed, &other);
        assert_memory_equal(whole, &other, sizeof other);
    }
    for (split = 1U; split < n; split += 7U) {
        static rmqdr_json_decoder_t d;
        rmqdr_json_sink_t sink;

        memset(&other, 0, sizeof other);
        sink = sink_for(op, &other);
        rmqdr_json_init(&d, &other.env, &sink);
        (void)rmqdr_json_feed(&d, (const uint8_t *)body, split);
        (void)rmqdr_json_feed(&d, (const uint8_t *)&body[split], n - split);
        other.status = rmqdr_json_finish(&d);
        other.offset = rmqdr_json_error_offset(&d);
        assert_memory_equal(whole, &other, sizeof other);
        assert_no_secret(&d, sizeof d);
    }
}

static void test_plans_fixture(void **state)
{
    static outcome_t o;
    const rmqdr_plan_t *p = &o.u.plan[0];
    const rmqdr_plan_t *q = &o.u.plan[1];

    (void)state;
    check_invariance(OP_PLANS, "plans_sample", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.env.list_count, 2U);
    assert_int_equal(o.env.total_count, 2);
    assert_int_equal(p->plan_id, 1300000016LL);
    assert_string_equal(p->plan_name, "orders-hz-to-sh");
    assert_string_equal(p->plan_type, "ACTIVE_PASSIVE");
    assert_true(p->auto_sync_checkpoint && p->sync_checkpoint_enabled);
    assert_int_equal(p->instances_count, 2U);
    assert_int_equal(p->instances_total, 2U);
    assert_string_equal(p->instances[1].instance_id, "rmq-cn-nwy3i0650002");
    assert_string_equal(p->instances[1].instance_role, "PASSIVE");
    assert_string_equal(p->instances[1].vpc_id, "vpc-sh-002"); /* the one-line field */
    assert_true((p->instances[1].present & RMQDR_INSTANCE_VPC_ID) != 0U);
    assert_int_equal(q->instances[1].instance_type, RMQDR_INSTANCE_TYPE_EXTERNAL_ROCKETMQ);
    assert_string_equal(q->instances[1].auth_type, "ACL");
    assert_int_equal(q->truncated, 0U);
    assert_no_secret(&o, sizeof o);
}

static void test_items_fixture(void **state)
{
    static outcome_t o;
    const rmqdr_item_t *it = &o.u.item[1];

    (void)state;
    check_invariance(OP_ITEMS, "items_sample", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.env.list_count, 2U);
    assert_int_equal(it->item_id, 100070285LL);
    assert_int_equal(it->plan_id, 1300000016LL);
    assert_string_equal(it->item_status, "RUNNING");
    assert_int_equal(it->topics_count, 2U);
    assert_string_equal(it->topics[0].topic_name, "refunds");
    assert_string_equal(it->topics[1].region_id, "cn-shanghai");
    assert_int_equal(it->topics[1].instance_type, RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ);
    assert_string_equal(it->topics[1].delivery_order_type, "Orderly");
}

static void test_caps_counted_and_flagged(void **state)
{
    static outcome_t o;

    (void)state;
    check_invariance(OP_PLANS, "plans_many_instances", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.u.plan[0].instances_count, RMQDR_PLAN_MAX_INSTANCES);
    assert_int_equal(o.u.plan[0].instances_total, 7U);
    assert_true((o.u.plan[0].truncated & RMQDR_PLAN_INSTANCES) != 0U);
    assert_true((o.u.plan[0].truncated & RMQDR_PLAN_PLAN_NAME) != 0U);
    assert_string_equal(o.u.plan[0].instances[1].instance_id, "rmq-many-1");
    assert_no_secret(&o, sizeof o);
    check_invariance(OP_ITEMS, "items_many_topics", &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.u.item[0].plan_id, 7);
    assert_int_equal(o.u.item[0].topics_count, RMQDR_ITEM_MAX_TOPICS);
    assert_int_equal(o.u.item[0].topics_total, 5U);
    assert_true((o.u.item[0].truncated & RMQDR_ITEM_TOPICS) != 0U);
    /* Exactly at the cap: nothing flagged. */
    decode(OP_ITEMS, body, wrap("{\"topics\":[{\"topicName\":\"a\"},{\"topicName\":\"b\"}]}"), 0U, 0U, &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.u.item[0].topics_total, 2U);
    assert_int_equal(o.u.item[0].truncated, 0U);
}

/* Callback mode hands over the same plan; a stop is kept. */
static rmqdr_status_t on_plan(void *ctx, const rmqdr_plan_t *plan)
{
    size_t *seen = ctx;

    assert_no_secret(plan, sizeof *plan);
    (*seen)++;
    return (*seen == 2U) ? RMQDR_ERR_BUFFER_TOO_SMALL : RMQDR_OK;
}

static void test_plans_callback(void **state)
{
    static rmqdr_json_decoder_t d;
    rmqdr_envelope_t env;
    rmqdr_plan_t scratch;
    size_t seen = 0U;
    const size_t n = load("plans_sample");
    rmqdr_json_sink_t sink = rmqdr_json_sink_plans_callback(&scratch, on_plan, &seen);

    (void)state;
    rmqdr_json_init(&d, &env, &sink);
    assert_int_equal(rmqdr_json_feed(&d, (const uint8_t *)body, n), RMQDR_ERR_ABORTED_BY_CALLBACK);
    assert_int_equal(rmqdr_json_callback_status(&d), RMQDR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(seen, 2U);
    assert_no_secret(&d, sizeof d);
}

/* ------------------------------------------------------------------ */
/* Issue 12: escapes never make a fitting element too large             */
/* ------------------------------------------------------------------ */

/* Repeats @p unit (a JSON escape) @p times into a JSON string. */
static void repeat(char *out, size_t cap, const char *unit, size_t times)
{
    size_t at = 0U;
    size_t i;

    out[at++] = '"';
    for (i = 0U; (i < times) && (at + strlen(unit) + 2U < cap); i++) {
        memcpy(&out[at], unit, strlen(unit));
        at += strlen(unit);
    }
    out[at++] = '"';
    out[at] = '\0';
}

static void escaped_side(char *out, size_t cap, const char *unit, size_t per_string)
{
    char s[1024];
    size_t at;

    repeat(s, sizeof s, unit, per_string);
    at = (size_t)snprintf(out, cap, "{\"regionId\":%s,\"instanceId\":%s,\"instanceType\":%s,", s, s, s);
    (void)snprintf(&out[at], cap - at, "\"consumerGroupId\":%s,\"topicName\":%s,"
                   "\"progressData\":{\"consumeTimestamp\":1}}", s, s);
}

static void check_escaped(const char *unit, const char *decoded, size_t per_string)
{
    static outcome_t o;
    static char side[8192];
    static char el[20000];
    size_t k;

    escaped_side(side, sizeof side, unit, per_string);
    (void)snprintf(el, sizeof el, "{\"checkpointId\":1,\"sourceProgress\":%s,\"targetProgress\":%s}",
                   side, side);
    decode(OP_CHECKPOINTS, body, wrap(el), 0U, 0U, &o);
    assert_int_equal(o.status, RMQDR_OK);
    assert_int_equal(o.env.list_count, 1U);
    /* Every string holds what fits of it; only strings longer than their array are flagged. */
    for (k = 0U; k < 2U; k++) {
        const rmqdr_progress_t *p = (k == 0U) ? &o.u.cp[0].source : &o.u.cp[0].target;
        const size_t unit_len = strlen(decoded);
        const size_t want_region = ((RMQDR_REGION_ID_SIZE - 1U) / unit_len) * unit_len;

        assert_int_equal(strlen(p->region_id),
                         (per_string * unit_len < want_region) ? per_string * unit_len : want_region);
        assert_memory_equal(p->topic_name, decoded, unit_len);
        assert_int_equal((p->truncated & RMQDR_PROGRESS_TOPIC_NAME) != 0U,
                         per_string * unit_len > RMQDR_TOPIC_NAME_SIZE - 1U);
    }
}

static void test_escapes_never_overflow(void **state)
{
    (void)state;
    check_escaped("\\\"", "\"", 21U);           /* the example: 21 escaped quotes */
    check_escaped("\\\"", "\"", 31U);           /* regionId exactly full of quotes */
    check_escaped("\\\"", "\"", 127U);          /* topic/group full of quotes, others cut */
    check_escaped("\\\\", "\\", 127U);          /* backslashes */
    check_escaped("\\u0022", "\"", 127U);       /* quotes as \u escapes */
    check_escaped("\\u005c", "\\", 200U);       /* more than fits: cut, flagged, decodes */
    check_escaped("\\ud83d\\ude00", "\xf0\x9f\x98\x80", 31U); /* 4-byte characters */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges_every_operation),
        cmocka_unit_test(test_truncation_every_operation),
        cmocka_unit_test(test_containers_every_operation),
        cmocka_unit_test(test_plans_fixture),
        cmocka_unit_test(test_items_fixture),
        cmocka_unit_test(test_caps_counted_and_flagged),
        cmocka_unit_test(test_plans_callback),
        cmocka_unit_test(test_escapes_never_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
