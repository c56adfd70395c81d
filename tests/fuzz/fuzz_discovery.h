/*
 * Shared body of the libFuzzer targets for ListDisasterRecoveryPlans and
 * ListDisasterRecoveryItems responses (fuzz_plans.c, fuzz_items.c define
 * ELEM_T, SINK_ARRAY, SINK_CALLBACK, CB_T and CHECK_ELEMENT first).
 *
 * Each input is decoded whole into an array, one byte at a time into an
 * array, and in input-derived chunks through the callback sink. Status,
 * error offset, envelope and structs must be identical; every string must
 * be NUL-terminated valid UTF-8 inside its array (so no normalization byte
 * ever leaks out); nested counts stay within their caps. Any difference
 * aborts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/json.h"

#define KEEP 3U

typedef struct {
    rmqdr_status_t status;
    uint64_t offset;
    rmqdr_envelope_t env;
    ELEM_T items[KEEP];
} outcome_t;

typedef struct {
    outcome_t *o;
    size_t count;
} collector_t;

static void check(bool ok)
{
    if (!ok) {
        abort();
    }
}

/* NUL inside the array, and valid UTF-8 before it. */
static void check_text(const char *s, size_t size)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t len = 0U;
    size_t i = 0U;

    while ((len < size) && (p[len] != 0U)) {
        len++;
    }
    check(len < size);
    while (i < len) {
        const uint8_t c = p[i];
        size_t need = 0U;
        uint8_t lo = 0x80U;
        uint8_t hi = 0xBFU;

        if (c < 0x80U) {
            need = 0U;
        } else if ((c >= 0xC2U) && (c <= 0xDFU)) {
            need = 1U;
        } else if ((c >= 0xE0U) && (c <= 0xEFU)) {
            need = 2U;
            lo = (c == 0xE0U) ? 0xA0U : 0x80U;
            hi = (c == 0xEDU) ? 0x9FU : 0xBFU;
        } else if ((c >= 0xF0U) && (c <= 0xF4U)) {
            need = 3U;
            lo = (c == 0xF0U) ? 0x90U : 0x80U;
            hi = (c == 0xF4U) ? 0x8FU : 0xBFU;
        } else {
            abort();
        }
        i++;
        while (need > 0U) {
            check(i < len);
            check((p[i] >= lo) && (p[i] <= hi));
            lo = 0x80U;
            hi = 0xBFU;
            i++;
            need--;
        }
    }
}

#define TEXT(s) check_text((s), sizeof(s))

static rmqdr_status_t collect(void *ctx, const CB_T *el)
{
    collector_t *c = ctx;

    CHECK_ELEMENT(el);
    if (c->count < KEEP) {
        memcpy(&c->o->items[c->count], el, sizeof *el);
    }
    c->count++;
    return RMQDR_OK;
}

static void run(const uint8_t *data, size_t len, int mode, outcome_t *o)
{
    static rmqdr_json_decoder_t d;
    static ELEM_T scratch;
    collector_t c = { o, 0U };
    rmqdr_json_sink_t sink;
    rmqdr_status_t st = RMQDR_OK;
    size_t at = 0U;

    memset(o, 0, sizeof *o);
    sink = (mode == 2) ? SINK_CALLBACK(&scratch, collect, &c) : SINK_ARRAY(o->items, KEEP);
    rmqdr_json_init(&d, &o->env, &sink);
    while ((at < len) && (st == RMQDR_OK)) {
        size_t n = len - at;

        if (mode == 1) {
            n = 1U;
        } else if (mode == 2) {
            n = 1U + (data[at] % 13U);
            n = (n > len - at) ? (len - at) : n;
        }
        st = rmqdr_json_feed(&d, &data[at], n);
        at += n;
    }
    o->status = (st == RMQDR_OK) ? rmqdr_json_finish(&d) : st;
    o->offset = rmqdr_json_error_offset(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static outcome_t a;
    static outcome_t b;
    static outcome_t c;
    size_t i;

    run(data, len, 0, &a);
    run(data, len, 1, &b);
    run(data, len, 2, &c);
    check(memcmp(&a, &b, sizeof a) == 0);
    check(a.status == c.status);
    check(a.offset == c.offset);
    check(memcmp(&a.env, &c.env, sizeof a.env) == 0);
    for (i = 0U; (i < a.env.list_count) && (i < KEEP); i++) {
        CHECK_ELEMENT(&a.items[i]);
        check(memcmp(&a.items[i], &c.items[i], sizeof a.items[i]) == 0);
    }
    return 0;
}
