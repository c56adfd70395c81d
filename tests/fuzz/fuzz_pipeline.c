/* libFuzzer: raw bytes through the whole response pipeline, fed whole and
 * in pieces sized by the input itself; both runs must agree exactly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/response.h"

#define CAP 3U

typedef struct {
    rmqdr_status_t status;
    rmqdr_status_t result;
    rmqdr_envelope_t env;
    rmqdr_checkpoint_t items[CAP];
} outcome_t;

static void run(const uint8_t *data, size_t len, size_t piece, outcome_t *out)
{
    static rmqdr_response_t r;
    rmqdr_json_sink_t sink;
    size_t at = 0U;
    rmqdr_status_t st = RMQDR_OK;

    memset(out, 0, sizeof *out);
    sink = rmqdr_json_sink_array(out->items, CAP);
    rmqdr_response_init(&r, &out->env, &sink);
    while ((st == RMQDR_OK) && (at < len)) {
        size_t n = (piece == 0U || piece > len - at) ? len - at : piece;

        st = rmqdr_response_feed(&r, &data[at], n);
        at += n;
    }
    if (st == RMQDR_OK) {
        st = rmqdr_response_finish(&r);
    }
    out->status = st;
    out->result = rmqdr_response_result(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static outcome_t whole;
    static outcome_t pieces;
    size_t piece = (len > 0U) ? (size_t)(data[0] % 13U) + 1U : 1U;

    run(data, len, 0U, &whole);
    run(data, len, piece, &pieces);
    if ((whole.status != pieces.status) || (whole.result != pieces.result) ||
        (memcmp(&whole.env, &pieces.env, sizeof whole.env) != 0) ||
        (memcmp(whole.items, pieces.items, sizeof whole.items) != 0)) {
        abort();
    }
    return 0;
}
