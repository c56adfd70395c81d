/*
 * libFuzzer target for the JSON body decoder.
 *
 * Each input is decoded three ways: whole into an array, one byte at a
 * time into an array, and in input-derived uneven chunks through the
 * callback sink. The status, error offset, envelope and checkpoints must be
 * identical, every decoded string must be NUL-terminated valid UTF-8 within
 * its array, and the decoder must not touch memory outside its struct and
 * the caller's (ASan). Any difference aborts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/json.h"

#define KEEP 4U

typedef struct {
    rmqdr_status_t status;
    uint64_t offset;
    size_t stored;
    rmqdr_envelope_t env;
    rmqdr_checkpoint_t items[KEEP];
} outcome_t;

typedef struct {
    outcome_t *o;
    size_t count;
    const rmqdr_checkpoint_t *scratch;
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
        size_t need;
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

static void check_progress(const rmqdr_progress_t *p)
{
    check_text(p->region_id, sizeof p->region_id);
    check_text(p->instance_id, sizeof p->instance_id);
    check_text(p->instance_type_text, sizeof p->instance_type_text);
    check_text(p->consumer_group_id, sizeof p->consumer_group_id);
    check_text(p->topic_name, sizeof p->topic_name);
    check((p->truncated & ~p->present) == 0U);
}

static void check_outcome(const outcome_t *o)
{
    const rmqdr_envelope_t *e = &o->env;
    size_t i;

    check_text(e->request_id, sizeof e->request_id);
    check_text(e->code, sizeof e->code);
    check_text(e->message, sizeof e->message);
    check_text(e->dynamic_code, sizeof e->dynamic_code);
    check_text(e->dynamic_message, sizeof e->dynamic_message);
    check_text(e->host_id, sizeof e->host_id);
    check_text(e->recommend, sizeof e->recommend);
    check((e->truncated & ~e->present) == 0U);
    check(o->stored <= e->list_count);
    for (i = 0U; i < o->stored; i++) {
        check_progress(&o->items[i].source);
        check_progress(&o->items[i].target);
    }
}

static rmqdr_status_t collect(void *ctx, const rmqdr_checkpoint_t *cp)
{
    collector_t *c = ctx;

    check(cp == c->scratch);
    if (c->count < KEEP) {
        memcpy(&c->o->items[c->count], cp, sizeof *cp);
    }
    c->count++;
    return RMQDR_OK;
}

static void finish(rmqdr_json_decoder_t *d, rmqdr_status_t st, outcome_t *o)
{
    if (st == RMQDR_OK) {
        st = rmqdr_json_finish(d);
    }
    o->status = st;
    o->offset = rmqdr_json_error_offset(d);
}

static void decode_array(const uint8_t *data, size_t size, size_t step, outcome_t *o)
{
    rmqdr_json_decoder_t d;
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(o->items, KEEP);
    rmqdr_status_t st = RMQDR_OK;
    size_t done = 0U;

    memset(o, 0, sizeof *o);
    rmqdr_json_init(&d, &o->env, &sink);
    while ((done < size) && (st == RMQDR_OK)) {
        const size_t n = ((step == 0U) || (step > size - done)) ? (size - done) : step;
        st = rmqdr_json_feed(&d, &data[done], n);
        done += n;
    }
    finish(&d, st, o);
    o->stored = rmqdr_json_stored(&d);
}

static void decode_chunks(const uint8_t *data, size_t size, outcome_t *o)
{
    rmqdr_json_decoder_t d;
    rmqdr_checkpoint_t scratch;
    collector_t c = { o, 0U, &scratch };
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, collect, &c);
    rmqdr_status_t st = RMQDR_OK;
    uint32_t rng = 2166136261U;
    size_t done = 0U;
    size_t i;

    for (i = 0U; i < size; i++) {
        rng = (rng ^ data[i]) * 16777619U;
    }
    memset(o, 0, sizeof *o);
    rmqdr_json_init(&d, &o->env, &sink);
    while ((done < size) && (st == RMQDR_OK)) {
        size_t n;
        rng ^= rng << 13;
        rng ^= rng >> 17;
        rng ^= rng << 5;
        n = 1U + (size_t)(rng % 23U);
        if (n > size - done) {
            n = size - done;
        }
        st = rmqdr_json_feed(&d, &data[done], n);
        done += n;
    }
    finish(&d, st, o);
    o->stored = (c.count < KEEP) ? c.count : KEEP;
}

static void check_same(const outcome_t *a, const outcome_t *b)
{
    check(a->status == b->status);
    check(a->offset == b->offset);
    check(a->stored == b->stored);
    check(memcmp(&a->env, &b->env, sizeof a->env) == 0);
    check((a->stored == 0U) || (memcmp(a->items, b->items, a->stored * sizeof a->items[0]) == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    outcome_t whole;
    outcome_t bytes;
    outcome_t chunks;

    decode_array(data, size, 0U, &whole);
    decode_array(data, size, 1U, &bytes);
    decode_chunks(data, size, &chunks);
    check_outcome(&whole);
    check_same(&whole, &bytes);
    check(memcmp(&whole, &bytes, sizeof whole) == 0);
    check_same(&whole, &chunks);
    return 0;
}
