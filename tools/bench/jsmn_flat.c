/* Raw jsmn, strict mode as in core/src/json.c, without parent links. */
#include "jsmn_bench.h"

#define JSMN_STATIC
#define JSMN_STRICT
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#include <jsmn.h>
#pragma GCC diagnostic pop

const size_t jsmn_flat_token_size = sizeof(jsmntok_t);

int jsmn_flat_parse(const char *js, size_t len, void *tokens, unsigned int count)
{
    jsmn_parser p;

    jsmn_init(&p);
    return jsmn_parse(&p, js, len, (jsmntok_t *)tokens, count);
}
