/*
 * libFuzzer target for chunked transfer coding, as a round trip.
 *
 * The input is a body plus a recipe: its first 8 bytes choose chunk sizes,
 * size spelling (hex case, leading zeros), extensions, a trailer, and how
 * the encoded message is split across feeds; the rest is the body. The
 * body is framed the way the recipe says, decoded by the HTTP decoder in
 * pieces, and must come out byte for byte, with the message complete,
 * reusable and nothing left over. Any difference aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RECIPE 8U
#define BODY_MAX 4096U
#define WIRE_MAX (BODY_MAX * 16U + 1024U)

typedef struct {
    uint8_t out[BODY_MAX];
    size_t len;
} sink_t;

static rmqdr_status_t collect(void *ctx, const uint8_t *p, size_t n)
{
    sink_t *s = ctx;

    if ((n == 0U) || (n > sizeof s->out - s->len)) {
        abort(); /* only non-empty runs, never more than the body */
    }
    memcpy(&s->out[s->len], p, n);
    s->len += n;
    return RMQDR_OK;
}

static void put(uint8_t *wire, size_t *w, const void *p, size_t n)
{
    if (n > WIRE_MAX - *w) {
        abort(); /* the encoder below cannot need this much */
    }
    memcpy(&wire[*w], p, n);
    *w += n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t wire[WIRE_MAX];
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n";
    rmqdr_http_decoder_t d;
    sink_t got;
    const uint8_t *body;
    size_t body_len;
    size_t w = 0U;
    size_t at = 0U;
    size_t k = 0U;
    size_t step;
    rmqdr_status_t st = RMQDR_OK;

    if (size < RECIPE) {
        return 0;
    }
    body = &data[RECIPE];
    body_len = size - RECIPE;
    if (body_len > BODY_MAX) {
        body_len = BODY_MAX;
    }
    put(wire, &w, head, sizeof head - 1U);
    while (at < body_len) {
        /* chunk sizes 1..256 from the recipe, cycling */
        size_t n = 1U + (size_t)data[k % 4U] + (size_t)(k % 3U);
        char line[64];
        int len;

        if (n > body_len - at) {
            n = body_len - at;
        }
        len = snprintf(line, sizeof line, (data[4] & 1U) ? "%0*zX" : "%0*zx",
                       (int)(data[4] >> 5), n); /* 0..7 leading zeros */
        put(wire, &w, line, (size_t)len);
        if ((data[5] & (1U << (k % 8U))) != 0U) {
            put(wire, &w, ";ext=\"a;b\";x", 12U); /* an extension, ignored */
        }
        put(wire, &w, "\r\n", 2U);
        put(wire, &w, &body[at], n);
        put(wire, &w, "\r\n", 2U);
        at += n;
        k++;
    }
    put(wire, &w, "0\r\n", 3U);
    if ((data[6] & 1U) != 0U) {
        put(wire, &w, "x-trailer: 1\r\n", 14U);
    }
    put(wire, &w, "\r\n", 2U);

    memset(&got, 0, sizeof got);
    rmqdr_http_init(&d);
    step = 1U + (size_t)data[7];
    for (at = 0U; (at < w) && (st == RMQDR_OK); at += step) {
        st = rmqdr_http_feed(&d, &wire[at], (step < w - at) ? step : w - at, collect, &got);
    }
    if ((st != RMQDR_OK) || !rmqdr_http_message_done(&d) || !rmqdr_http_can_reuse(&d) ||
        (rmqdr_http_finish(&d) != RMQDR_OK) || (got.len != body_len) ||
        (memcmp(got.out, body, body_len) != 0) || !d.head.chunked) {
        abort();
    }
    return 0;
}
