/* Synthetic responses: see synth.h. Every number is printed at a fixed
 * width, so all elements have the same length and the body length is known
 * before the body is produced (Content-Length). */
#include "synth.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE_MS       INT64_C(1735689600000) /* 2025-01-01T00:00:00Z */
#define CHECKPOINT_ID INT64_C(1000000000)
#define MAX_ITEMS     999999U                /* %06zu in the names */

/* One list element shaped as the API sends it (compact, API field order). */
static size_t format_item(char *out, size_t cap, size_t i)
{
    int64_t t = BASE_MS + ((int64_t)i * 1000);
    int n = snprintf(out, cap,
        "{\"planId\":1300000016,\"itemId\":100070284,\"checkpointId\":%" PRId64 ","
        "\"lastSyncTime\":%" PRId64 ","
        "\"sourceProgress\":{\"regionId\":\"cn-hangzhou\",\"instanceId\":\"rmq-cn-7e22ody0001\","
        "\"instanceType\":\"ALIYUN_ROCKETMQ\",\"consumerGroupId\":\"GID_order_billing_%06zu\","
        "\"topicName\":\"orders_created_%06zu\",\"lastFetchTime\":%" PRId64 ","
        "\"progressData\":{\"consumeTimestamp\":%" PRId64 "}},"
        "\"targetProgress\":{\"regionId\":\"cn-shanghai\",\"instanceId\":\"rmq-cn-nwy3i0650002\","
        "\"instanceType\":\"ALIYUN_ROCKETMQ\",\"consumerGroupId\":\"GID_order_billing_%06zu\","
        "\"topicName\":\"orders_created_%06zu\",\"lastFetchTime\":%" PRId64 ","
        "\"progressData\":{\"consumeTimestamp\":%" PRId64 "}}}",
        CHECKPOINT_ID + (int64_t)i, t, i, i, t - 1000, t - 2000,
        i, i, t - 20000, t - 432000);
    return (n > 0) ? (size_t)n : 0U;
}

static size_t format_prefix(char *out, size_t cap, size_t items)
{
    int n = snprintf(out, cap,
        "{\"requestId\":\"6D1C0A6B-0000-4000-8000-000000000001\",\"success\":true,"
        "\"data\":{\"pageNumber\":1,\"pageSize\":%zu,\"totalCount\":%zu,\"list\":[",
        items, items);
    return (n > 0) ? (size_t)n : 0U;
}

static const char SUFFIX[] = "]},\"code\":200,\"message\":\"success\",\"httpStatusCode\":200}";

size_t synth_body_len(size_t items)
{
    char tmp[1024];
    size_t len = format_prefix(tmp, sizeof tmp, items) + (sizeof SUFFIX - 1U);

    if (items > 0U) {
        len += (items * format_item(tmp, sizeof tmp, 0U)) + (items - 1U);
    }
    return len;
}

int64_t synth_checksum(size_t items)
{
    int64_t sum = 0;

    for (size_t i = 0U; i < items; i++) {
        sum += CHECKPOINT_ID + (int64_t)i + (BASE_MS + ((int64_t)i * 1000) - 2000);
    }
    return sum;
}

/* Collects body bytes into blocks (chunks when chunked) before output. */
typedef struct {
    synth_out_fn out;
    void *ctx;
    bool chunked;
    size_t len;
    uint8_t buf[16384];
} writer_t;

static void flush(writer_t *w)
{
    if (w->len == 0U) {
        return;
    }
    if (w->chunked) {
        char line[24];
        int n = snprintf(line, sizeof line, "%zx\r\n", w->len);

        w->out(w->ctx, (const uint8_t *)line, (size_t)n);
    }
    w->out(w->ctx, w->buf, w->len);
    if (w->chunked) {
        w->out(w->ctx, (const uint8_t *)"\r\n", 2U);
    }
    w->len = 0U;
}

static void put(writer_t *w, const char *s, size_t n)
{
    size_t block = w->chunked ? SYNTH_CHUNK_SIZE : sizeof w->buf;

    while (n > 0U) {
        size_t take = block - w->len;

        if (take > n) {
            take = n;
        }
        (void)memcpy(&w->buf[w->len], s, take);
        w->len += take;
        s += take;
        n -= take;
        if (w->len == block) {
            flush(w);
        }
    }
}

static void body(writer_t *w, size_t items)
{
    char tmp[1024];

    if (items > MAX_ITEMS) {
        (void)fprintf(stderr, "synth: at most %u items\n", MAX_ITEMS);
        exit(2);
    }
    put(w, tmp, format_prefix(tmp, sizeof tmp, items));
    for (size_t i = 0U; i < items; i++) {
        if (i > 0U) {
            put(w, ",", 1U);
        }
        put(w, tmp, format_item(tmp, sizeof tmp, i));
    }
    put(w, SUFFIX, sizeof SUFFIX - 1U);
    flush(w);
}

void synth_body(size_t items, synth_out_fn out, void *ctx)
{
    static writer_t w;

    w.out = out;
    w.ctx = ctx;
    w.chunked = false;
    w.len = 0U;
    body(&w, items);
}

void synth_response(const synth_opts_t *opts, synth_out_fn out, void *ctx)
{
    static writer_t w;
    char head[512];
    int n = snprintf(head, sizeof head,
        "HTTP/1.1 200 OK\r\n"
        "Date: Wed, 01 Jan 2025 00:00:00 GMT\r\n"
        "Content-Type: application/json;charset=utf-8\r\n"
        "Connection: keep-alive\r\n"
        "x-acs-request-id: 6D1C0A6B-0000-4000-8000-000000000001\r\n");

    if (opts->chunked) {
        n += snprintf(&head[n], sizeof head - (size_t)n, "Transfer-Encoding: chunked\r\n\r\n");
    } else {
        n += snprintf(&head[n], sizeof head - (size_t)n, "Content-Length: %zu\r\n\r\n",
                      synth_body_len(opts->items));
    }
    out(ctx, (const uint8_t *)head, (size_t)n);
    w.out = out;
    w.ctx = ctx;
    w.chunked = opts->chunked;
    w.len = 0U;
    body(&w, opts->items);
    if (opts->chunked) {
        out(ctx, (const uint8_t *)"0\r\n\r\n", 5U);
    }
}

void synth_buf_append(void *buf, const uint8_t *data, size_t len)
{
    synth_buf_t *b = (synth_buf_t *)buf;

    if (b->len + len > b->cap) {
        size_t cap = (b->cap == 0U) ? 65536U : b->cap;
        uint8_t *p;

        while (cap < b->len + len) {
            cap *= 2U;
        }
        p = realloc(b->data, cap);
        if (p == NULL) {
            (void)fprintf(stderr, "synth: out of memory\n");
            exit(2);
        }
        b->data = p;
        b->cap = cap;
    }
    (void)memcpy(&b->data[b->len], data, len);
    b->len += len;
}
