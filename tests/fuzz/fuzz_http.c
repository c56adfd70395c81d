/*
 * libFuzzer target for the HTTP response decoder.
 *
 * The input is decoded twice: in one feed, and split in two at the offset
 * given by its first byte. Fragmentation invariance says both must end with
 * the same status, the same body bytes and the same head; any difference is
 * a bug, reported by abort(). The sanitizers catch memory errors on the way.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    uint64_t hash; /* FNV-1a over the body, insensitive to how it was cut */
    uint64_t len;
} body_sum_t;

typedef struct {
    rmqdr_status_t status;
    body_sum_t body;
    rmqdr_http_head_t head;
    bool headers_done;
    bool message_done;
    bool reuse;
} result_t;

static rmqdr_status_t sum_body(void *ctx, const uint8_t *data, size_t len)
{
    body_sum_t *b = ctx;
    size_t i;
    if (len == 0U) {
        abort(); /* the contract promises only non-empty runs */
    }
    for (i = 0U; i < len; i++) {
        b->hash = (b->hash ^ data[i]) * 1099511628211ULL;
    }
    b->len += len;
    return RMQDR_OK;
}

/* Feeds @p data[0..split) then the rest, then signals EOF. */
static void decode(const uint8_t *data, size_t size, size_t split, result_t *r)
{
    rmqdr_http_decoder_t d;
    rmqdr_status_t first;
    rmqdr_status_t second;

    memset(r, 0, sizeof *r);
    r->body.hash = 14695981039346656037ULL;
    rmqdr_http_init(&d);
    first = rmqdr_http_feed(&d, data, split, sum_body, &r->body);
    second = rmqdr_http_feed(&d, &data[split], size - split, sum_body, &r->body);
    if ((first != RMQDR_OK) && (second != first)) {
        abort(); /* errors are sticky */
    }
    r->status = rmqdr_http_finish(&d);
    if ((second != RMQDR_OK) && (r->status != second)) {
        abort();
    }
    r->head = d.head;
    r->headers_done = rmqdr_http_headers_done(&d);
    r->message_done = rmqdr_http_message_done(&d);
    r->reuse = rmqdr_http_can_reuse(&d);
    if ((r->status == RMQDR_OK) != r->message_done) {
        abort();
    }
    if (r->reuse && !r->message_done) {
        abort();
    }
    if (memchr(r->head.request_id, '\0', sizeof r->head.request_id) == NULL) {
        abort(); /* the id must always be a C string */
    }
}

static bool same_head(const rmqdr_http_head_t *a, const rmqdr_http_head_t *b)
{
    return (a->status == b->status) && (a->version_minor == b->version_minor) &&
           (a->has_content_length == b->has_content_length) &&
           (a->content_length == b->content_length) && (a->chunked == b->chunked) &&
           (a->keep_alive == b->keep_alive) && (a->is_json == b->is_json) &&
           (a->has_date == b->has_date) && (a->date_unix == b->date_unix) &&
           (a->has_retry_after == b->has_retry_after) &&
           (a->retry_after_ms == b->retry_after_ms) &&
           (a->request_id_truncated == b->request_id_truncated) &&
           (strcmp(a->request_id, b->request_id) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    result_t whole;
    result_t split;
    size_t at;

    if (size == 0U) {
        return 0;
    }
    at = (data[0] < size) ? (size_t)data[0] : size;
    decode(data, size, size, &whole);
    decode(data, size, at, &split);
    if ((whole.status != split.status) || (whole.body.len != split.body.len) ||
        (whole.body.hash != split.body.hash) ||
        (whole.headers_done != split.headers_done) ||
        (whole.message_done != split.message_done) || (whole.reuse != split.reuse) ||
        !same_head(&whole.head, &split.head)) {
        abort();
    }
    return 0;
}
