/* The whole pipeline (HTTP -> JSON -> structs): fixtures, fragmentation,
 * classification and bounded memory over 100 000 items. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/response.h"

#define FIXTURE_MAX 8192U
#define ITEMS_CAP 4U

typedef struct {
    rmqdr_status_t status;
    rmqdr_status_t result;
    rmqdr_envelope_t env;
    rmqdr_checkpoint_t items[ITEMS_CAP];
    size_t stored;
    bool done;         /* rmqdr_response_done() */
    bool message_done; /* rmqdr_http_message_done() */
    bool can_reuse;    /* rmqdr_http_can_reuse() */
} outcome_t;

typedef struct {
    const char *file;
    rmqdr_status_t result;
    int http_status;
    uint32_t list_count;
    const char *code;
} fixture_case_t;

static const fixture_case_t cases[] = {
    { "sample_content_length.http", RMQDR_OK, 200, 1U, "200" },
    { "sample_chunked.http", RMQDR_OK, 200, 1U, "200" },
    { "gateway_error_400.http", RMQDR_ERR_API, 400, 0U, "SignatureDoesNotMatch" },
    { "gateway_throttled_503.http", RMQDR_ERR_API, 503, 0U, "Throttling.User" },
    { "product_error_404.http", RMQDR_ERR_API, 404, 0U, "Instance.NotFound" },
    { "html_502.http", RMQDR_ERR_UNEXPECTED_RESPONSE, 502, 0U, "" },
    { "no_envelope_200.http", RMQDR_ERR_UNEXPECTED_RESPONSE, 200, 0U, "" },
    { "bad_json_200.http", RMQDR_ERR_JSON_SYNTAX, 200, 0U, "" },
};

static size_t load(const char *name, uint8_t *buf, size_t cap)
{
    char path[256];
    const char *dir = getenv("RMQDR_TEST_DATA");
    FILE *f;
    size_t n;

    (void)snprintf(path, sizeof path, "%s/response/%s", dir != NULL ? dir : "tests/data", name);
    f = fopen(path, "rb");
    assert_non_null(f);
    n = fread(buf, 1U, cap, f);
    fclose(f);
    assert_true(n > 0U && n < cap);
    return n;
}

/* Feeds data in pieces whose sizes come from `sizes` (cycled; 0 = whole). */
static void decode(const uint8_t *data, size_t len, const size_t *sizes, size_t nsizes,
                   outcome_t *out)
{
    static rmqdr_response_t r;
    rmqdr_json_sink_t sink;
    size_t at = 0U;
    size_t k = 0U;
    rmqdr_status_t st = RMQDR_OK;

    memset(out, 0, sizeof *out);
    sink = rmqdr_json_sink_array(out->items, ITEMS_CAP);
    rmqdr_response_init(&r, &out->env, &sink);
    while ((st == RMQDR_OK) && (at < len)) {
        size_t n = (nsizes == 0U || sizes[k % nsizes] == 0U) ? len - at : sizes[k % nsizes];

        if (n > len - at) {
            n = len - at;
        }
        st = rmqdr_response_feed(&r, &data[at], n);
        at += n;
        k++;
    }
    if (st == RMQDR_OK) {
        st = rmqdr_response_finish(&r);
    }
    out->status = st;
    out->done = rmqdr_response_done(&r);
    out->message_done = rmqdr_http_message_done(&r.http);
    out->can_reuse = rmqdr_http_can_reuse(&r.http);
    out->result = rmqdr_response_result(&r);
    out->stored = rmqdr_json_stored(&r.json);
}

static void assert_same(const outcome_t *a, const outcome_t *b)
{
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->result, b->result);
    assert_int_equal(a->stored, b->stored);
    assert_int_equal(a->done, b->done);
    assert_int_equal(a->message_done, b->message_done);
    assert_int_equal(a->can_reuse, b->can_reuse);
    assert_memory_equal(&a->env, &b->env, sizeof a->env);
    assert_memory_equal(a->items, b->items, sizeof a->items);
}

static void test_fixtures_classified(void **state)
{
    static uint8_t data[FIXTURE_MAX];
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        outcome_t out;
        size_t len = load(cases[i].file, data, sizeof data);

        print_message("fixture %s\n", cases[i].file);
        decode(data, len, NULL, 0U, &out);
        assert_int_equal(out.result, cases[i].result);
        assert_int_equal(out.env.http_status, cases[i].http_status);
        assert_int_equal(out.env.list_count, cases[i].list_count);
        assert_string_equal(out.env.code, cases[i].code);
    }
}

static void test_sample_fields(void **state)
{
    static uint8_t data[FIXTURE_MAX];
    outcome_t out;
    size_t len = load("sample_content_length.http", data, sizeof data);

    (void)state;
    decode(data, len, NULL, 0U, &out);
    assert_int_equal(out.result, RMQDR_OK);
    assert_string_equal(out.env.request_id, "AF9A8B10-C426-530F-A0DD-96320B39****");
    assert_int_equal(out.env.total_count, 1);
    assert_int_equal(out.env.page_size, 10);
    assert_int_equal(out.items[0].last_sync_time, 1740724080343LL);
    assert_string_equal(out.items[0].source.instance_id, "rmq-cn-3mp3vblzxxx");
    assert_string_equal(out.items[0].target.instance_id, "rmq-cn-nwy3i065xxx");
    assert_string_equal(out.items[0].target.topic_name, "TOPIC_TEST");
    assert_int_equal(out.items[0].target.consume_timestamp, 1740724080343LL);
    assert_int_equal(out.items[0].source.instance_type, RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ);
}

static void test_gateway_error_fields(void **state)
{
    static uint8_t data[FIXTURE_MAX];
    outcome_t out;
    size_t len = load("gateway_error_400.http", data, sizeof data);

    (void)state;
    decode(data, len, NULL, 0U, &out);
    assert_int_equal(out.result, RMQDR_ERR_API);
    assert_string_equal(out.env.request_id, "7B4C9A1E-0D2F-5E3A-9C1B-2F6D8E0A4B7C");
    assert_string_equal(out.env.host_id, "rocketmq.cn-hangzhou.aliyuncs.com");
    assert_non_null(strstr(out.env.recommend, "troubleshoot"));
    assert_false(out.env.success);
}

/* Whole, every 2-piece split, 1 byte at a time, and random sizes. */
static void test_fragmentation_invariance(void **state)
{
    static uint8_t data[FIXTURE_MAX];
    size_t i;

    (void)state;
    srand(12345);
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = load(cases[i].file, data, sizeof data);
        const size_t one[] = { 1U };
        outcome_t whole;
        outcome_t other;
        size_t split;
        int round;

        decode(data, len, NULL, 0U, &whole);
        decode(data, len, one, 1U, &other);
        assert_same(&whole, &other);
        for (split = 1U; split < len; split++) {
            const size_t two[] = { split, 0U };

            decode(data, len, two, 2U, &other);
            assert_same(&whole, &other);
        }
        for (round = 0; round < 50; round++) {
            size_t sizes[16];
            size_t k;

            for (k = 0U; k < 16U; k++) {
                sizes[k] = 1U + (size_t)(rand() % 97);
            }
            decode(data, len, sizes, 16U, &other);
            assert_same(&whole, &other);
        }
    }
}

/* Bytes after a complete message: status, "done", "message done" and
 * "can reuse" are the same whether the extra bytes came in the feed that
 * completed the message or in any later one. */
static void test_trailing_bytes_observables(void **state)
{
    static const char *const texts[] = {
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n"
        "{\"success\":true}X",
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        "10\r\n{\"success\":true}\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n",
        "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 4\r\n\r\n<h1>\r\n",
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n\n",
    };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof texts / sizeof texts[0]; i++) {
        const uint8_t *data = (const uint8_t *)texts[i];
        size_t len = strlen(texts[i]);
        const size_t one[] = { 1U };
        outcome_t whole;
        outcome_t other;
        size_t split;

        decode(data, len, NULL, 0U, &whole);
        assert_int_equal(whole.status, RMQDR_ERR_HTTP_TRAILING_BYTES);
        assert_true(whole.done);
        assert_false(whole.can_reuse); /* the connection holds bytes nobody asked for */
        decode(data, len, one, 1U, &other);
        assert_same(&whole, &other);
        for (split = 1U; split < len; split++) {
            const size_t two[] = { split, 0U };

            decode(data, len, two, 2U, &other);
            assert_same(&whole, &other);
        }
    }
}

static void test_truncated_everywhere(void **state)
{
    static uint8_t data[FIXTURE_MAX];
    size_t len = load("sample_chunked.http", data, sizeof data);
    size_t cut;

    (void)state;
    for (cut = 0U; cut < len; cut++) {
        outcome_t out;

        decode(data, cut, NULL, 0U, &out);
        assert_int_not_equal(out.result, RMQDR_OK);
        assert_int_equal(out.status, (cut == 0U) ? RMQDR_ERR_HTTP_TRUNCATED : out.status);
        assert_int_not_equal(out.status, RMQDR_OK);
    }
}

static void test_trailing_bytes(void **state)
{
    static uint8_t data[FIXTURE_MAX + 8U];
    size_t len = load("sample_content_length.http", data, FIXTURE_MAX);
    outcome_t out;

    (void)state;
    memcpy(&data[len], "HTTP", 4U);
    decode(data, len + 4U, NULL, 0U, &out);
    assert_int_equal(out.status, RMQDR_ERR_HTTP_TRAILING_BYTES);
}

/* ---- 100 000 items, generated as they are fed: never held whole ---- */

typedef struct {
    uint64_t items;
    int64_t last_id;
    bool ordered;
} counter_t;

static rmqdr_status_t count_item(void *ctx, const rmqdr_checkpoint_t *cp)
{
    counter_t *c = (counter_t *)ctx;

    c->ordered = c->ordered && (cp->checkpoint_id == c->last_id + 1);
    c->last_id = cp->checkpoint_id;
    c->items++;
    return RMQDR_OK;
}

static rmqdr_status_t feed_str(rmqdr_response_t *r, const char *s)
{
    return rmqdr_response_feed(r, (const uint8_t *)s, strlen(s));
}

static uint64_t decode_generated(uint32_t count)
{
    static rmqdr_response_t r;
    static rmqdr_envelope_t env;
    rmqdr_checkpoint_t scratch;
    counter_t c = { 0U, 0, true };
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, count_item, &c);
    char item[600];
    char chunk[700];
    uint32_t i;

    rmqdr_response_init(&r, &env, &sink);
    assert_int_equal(feed_str(&r, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n"), RMQDR_OK);
    (void)snprintf(chunk, sizeof chunk, "%x\r\n{\"requestId\":\"R\",\"success\":true,\"data\":{\"list\":[\r\n",
                   (unsigned)strlen("{\"requestId\":\"R\",\"success\":true,\"data\":{\"list\":["));
    assert_int_equal(feed_str(&r, chunk), RMQDR_OK);
    for (i = 0U; i < count; i++) {
        (void)snprintf(item, sizeof item,
                       "%s{\"planId\":1,\"itemId\":2,\"checkpointId\":%u,\"lastSyncTime\":1740724080343,"
                       "\"sourceProgress\":{\"regionId\":\"cn-hangzhou\",\"instanceId\":\"rmq-a\","
                       "\"instanceType\":\"ALIYUN_ROCKETMQ\",\"consumerGroupId\":\"GID_%u\","
                       "\"topicName\":\"topic_%u\",\"lastFetchTime\":1,\"progressData\":"
                       "{\"consumeTimestamp\":2}},\"targetProgress\":{\"regionId\":\"cn-shanghai\","
                       "\"instanceId\":\"rmq-b\",\"instanceType\":\"EXTERNAL_ROCKETMQ\","
                       "\"consumerGroupId\":\"GID_%u\",\"topicName\":\"topic_%u\",\"lastFetchTime\":1,"
                       "\"progressData\":{\"consumeTimestamp\":1}}}",
                       (i == 0U) ? "" : ",", i + 1U, i, i, i, i);
        (void)snprintf(chunk, sizeof chunk, "%x\r\n%s\r\n", (unsigned)strlen(item), item);
        assert_int_equal(feed_str(&r, chunk), RMQDR_OK);
    }
    (void)snprintf(chunk, sizeof chunk, "%x\r\n],\"totalCount\":%u}}\r\n0\r\n\r\n",
                   (unsigned)(strlen("],\"totalCount\":}}") + (size_t)snprintf(NULL, 0, "%u", count)),
                   count);
    assert_int_equal(feed_str(&r, chunk), RMQDR_OK);
    assert_true(rmqdr_response_done(&r));
    assert_int_equal(rmqdr_response_result(&r), RMQDR_OK);
    assert_int_equal(env.total_count, count);
    assert_int_equal(env.list_count, count);
    assert_true(c.ordered);
    return c.items;
}

static void test_100k_items_fixed_work_area(void **state)
{
    (void)state;
    print_message("RMQDR_WORK_SIZE = %zu bytes (http %zu, json %zu)\n", RMQDR_WORK_SIZE,
                  sizeof(rmqdr_http_decoder_t), sizeof(rmqdr_json_decoder_t));
    assert_true(RMQDR_WORK_SIZE <= 3072U);
    assert_int_equal(decode_generated(1U), 1U);
    assert_int_equal(decode_generated(100000U), 100000U);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_classified),
        cmocka_unit_test(test_sample_fields),
        cmocka_unit_test(test_gateway_error_fields),
        cmocka_unit_test(test_fragmentation_invariance),
        cmocka_unit_test(test_trailing_bytes_observables),
        cmocka_unit_test(test_truncated_everywhere),
        cmocka_unit_test(test_trailing_bytes),
        cmocka_unit_test(test_100k_items_fixed_work_area),
    };

    return cmocka_run_group_tests_name("response", tests, NULL, NULL);
}
