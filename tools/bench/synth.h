/* Synthetic ListDisasterRecoveryCheckpoints responses for the benchmarks.
 *
 * The response is produced as a stream (a few KB at a time) so a benchmark
 * can feed a decoder without ever holding the whole body, or collect it into
 * one buffer when that is what it measures. The bytes are deterministic:
 * the same options always give the same response. */
#ifndef RMQDR_BENCH_SYNTH_H
#define RMQDR_BENCH_SYNTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Body bytes per chunk when the response is chunked (about a TLS record). */
#define SYNTH_CHUNK_SIZE 8192U

typedef struct {
    size_t items;  /* elements in data.list */
    bool chunked;  /* Transfer-Encoding: chunked instead of Content-Length */
} synth_opts_t;

/* Receives the next bytes of the stream. */
typedef void (*synth_out_fn)(void *ctx, const uint8_t *data, size_t len);

/* Bytes of the JSON body for opts->items elements. */
size_t synth_body_len(size_t items);

/* Streams the whole HTTP response (head and framed body) to out. */
void synth_response(const synth_opts_t *opts, synth_out_fn out, void *ctx);

/* Streams only the JSON body. */
void synth_body(size_t items, synth_out_fn out, void *ctx);

/* What a correct decoder must find: the sum over all elements of
 * checkpointId + sourceProgress.consumeTimestamp. */
int64_t synth_checksum(size_t items);

/* A whole response or body in one malloc'd buffer (caller frees). */
typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} synth_buf_t;

/* synth_out_fn that appends to a synth_buf_t; exits the program if out of memory. */
void synth_buf_append(void *buf, const uint8_t *data, size_t len);

#endif
