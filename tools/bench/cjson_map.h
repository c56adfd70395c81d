/* The cJSON baseline: parse a whole body into a tree, then extract the same
 * fields rmqdr maps, into the same structs. */
#ifndef RMQDR_BENCH_CJSON_MAP_H
#define RMQDR_BENCH_CJSON_MAP_H

#include <stddef.h>

#include "rmqdr/checkpoint.h"

/* Called per list element with the mapped struct. */
typedef void (*cjson_item_fn)(void *ctx, const rmqdr_checkpoint_t *cp);

/* Parses body[0..len), fills env and calls fn per element, frees the tree.
 * Returns 0, or -1 when the body is not JSON or lacks data.list. */
int cjson_decode(const char *body, size_t len, rmqdr_envelope_t *env,
                 cjson_item_fn fn, void *ctx);

#endif
