/* HTTP decoder -> JSON decoder, and the classification of the result. */
#include "rmqdr/response.h"

#include <string.h>

static rmqdr_status_t on_body(void *ctx, const uint8_t *data, size_t len)
{
    rmqdr_response_t *r = (rmqdr_response_t *)ctx;

    r->body_bytes += len;
    if (!r->json_started) {
        /* A body that does not say it is JSON is counted, not parsed: an
         * HTML page from a proxy must not be guessed into fields. */
        return RMQDR_OK;
    }
    return rmqdr_json_feed(&r->json, data, len);
}

void rmqdr_response_init(rmqdr_response_t *r, rmqdr_envelope_t *envelope,
                         const rmqdr_json_sink_t *sink)
{
    (void)memset(r, 0, sizeof *r);
    rmqdr_http_init(&r->http);
    rmqdr_json_init(&r->json, envelope, sink);
    r->envelope = envelope;
    r->status = RMQDR_OK;
}

static rmqdr_status_t complete(rmqdr_response_t *r)
{
    rmqdr_status_t st = RMQDR_OK;

    if (r->finished) {
        return r->status;
    }
    r->finished = true;
    if (r->json_started) {
        st = rmqdr_json_finish(&r->json);
    }
    r->status = st;
    return st;
}

rmqdr_status_t rmqdr_response_feed(rmqdr_response_t *r, const uint8_t *data, size_t len)
{
    size_t done = 0U;
    rmqdr_status_t st = r->status;

    /* Bytes after a complete message go to the HTTP decoder too, which
     * reports RMQDR_ERR_HTTP_TRAILING_BYTES and stops being reusable, the
     * same whether they came in the feed that completed the message or in
     * a later one. */
    /* Feed byte ranges until the head is complete, so the JSON decision is
     * made before the first body byte reaches on_body. */
    while ((st == RMQDR_OK) && (done < len) && !rmqdr_http_headers_done(&r->http)) {
        st = rmqdr_http_feed(&r->http, &data[done], 1U, on_body, r);
        done++;
        if ((st == RMQDR_OK) && rmqdr_http_headers_done(&r->http)) {
            r->envelope->http_status = (int)r->http.head.status;
            r->json_started = r->http.head.is_json;
        }
    }
    if ((st == RMQDR_OK) && (done < len)) {
        st = rmqdr_http_feed(&r->http, &data[done], len - done, on_body, r);
    }
    /* The JSON document is closed only by finish() or result(), so bytes
     * after the end are reported the same way however they were split. */
    r->status = st;
    return st;
}

rmqdr_status_t rmqdr_response_finish(rmqdr_response_t *r)
{
    rmqdr_status_t st = r->status;

    if (st == RMQDR_OK) {
        st = rmqdr_http_finish(&r->http);
    }
    if (st == RMQDR_OK) {
        st = complete(r);
    }
    r->status = st;
    return st;
}

bool rmqdr_response_done(const rmqdr_response_t *r)
{
    return (r->status != RMQDR_OK) || rmqdr_http_message_done(&r->http);
}

static bool has_error_code(const rmqdr_envelope_t *e)
{
    return ((e->present & RMQDR_ENVELOPE_CODE) != 0U) && (strcmp(e->code, "200") != 0);
}

rmqdr_status_t rmqdr_response_result(rmqdr_response_t *r)
{
    const rmqdr_envelope_t *e = r->envelope;
    const uint16_t http_status = r->http.head.status;
    const bool http_ok = (http_status >= 200U) && (http_status < 300U);

    if ((r->status == RMQDR_OK) && rmqdr_http_message_done(&r->http)) {
        (void)complete(r);
    }
    if (r->status != RMQDR_OK) {
        return r->status;
    }
    if (!r->finished) {
        return RMQDR_ERR_HTTP_TRUNCATED;
    }
    if (!r->json_started) {
        return RMQDR_ERR_UNEXPECTED_RESPONSE;
    }
    if (http_ok && ((e->present & RMQDR_ENVELOPE_SUCCESS) != 0U) && e->success) {
        return RMQDR_OK;
    }
    /* Either error shape: classified by its code, whatever the status. */
    if (has_error_code(e) || !http_ok || ((e->present & RMQDR_ENVELOPE_SUCCESS) != 0U)) {
        return RMQDR_ERR_API;
    }
    return RMQDR_ERR_UNEXPECTED_RESPONSE;
}

const rmqdr_http_head_t *rmqdr_response_head(const rmqdr_response_t *r)
{
    return &r->http.head;
}
