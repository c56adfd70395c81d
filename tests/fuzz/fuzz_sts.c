/*
 * libFuzzer target: STS AssumeRole answers through the streaming decoder
 * (rmqdr_json_sink_sts, sts.h). Each input is decoded whole, one byte at a
 * time, and in input-derived chunks; status, error offset, envelope and the
 * Credentials struct must be identical; every string NUL-terminated inside
 * its array; only known bits set. Any difference aborts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/json.h"
#include "rmqdr/sts.h"

typedef struct {
    rmqdr_status_t status;
    uint64_t offset;
    rmqdr_envelope_t env;
    rmqdr_sts_credentials_t creds;
} outcome_t;

static void check(bool ok)
{
    if (!ok) {
        abort();
    }
}

#define TEXT(a) check(memchr((a), '\0', sizeof(a)) != NULL)

static void decode(const uint8_t *data, size_t size, size_t chunk_seed, outcome_t *o)
{
    static rmqdr_json_decoder_t d;
    rmqdr_json_sink_t sink = rmqdr_json_sink_sts(&o->creds);
    rmqdr_status_t st = RMQDR_OK;
    size_t at = 0U;

    memset(o, 0, sizeof *o);
    rmqdr_json_init(&d, &o->env, &sink);
    while ((st == RMQDR_OK) && (at < size)) {
        size_t n = (chunk_seed == 0U) ? size : (1U + ((chunk_seed + at) % chunk_seed));

        if (n > size - at) {
            n = size - at;
        }
        st = rmqdr_json_feed(&d, &data[at], n);
        at += n;
    }
    o->status = (st == RMQDR_OK) ? rmqdr_json_finish(&d) : st;
    o->offset = rmqdr_json_error_offset(&d);
}

static void same(const outcome_t *a, const outcome_t *b)
{
    check(a->status == b->status);
    check(a->offset == b->offset);
    check(memcmp(&a->env, &b->env, sizeof a->env) == 0);
    check(memcmp(&a->creds, &b->creds, sizeof a->creds) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static outcome_t whole, bytes, chunks;
    size_t seed = (size > 0U) ? (size_t)(data[0] % 31U) + 2U : 2U;

    decode(data, size, 0U, &whole);
    decode(data, size, 1U, &bytes);
    decode(data, size, seed, &chunks);
    same(&whole, &bytes);
    same(&whole, &chunks);
    TEXT(whole.creds.access_key_id);
    TEXT(whole.creds.access_key_secret);
    TEXT(whole.creds.security_token);
    TEXT(whole.creds.expiration);
    TEXT(whole.env.code);
    TEXT(whole.env.message);
    TEXT(whole.env.request_id);
    check((whole.creds.present & ~RMQDR_STS_ALL) == 0U);
    check((whole.creds.truncated & ~whole.creds.present) == 0U);
    check(whole.env.list_count <= 1U || whole.status != RMQDR_OK);
    return 0;
}
