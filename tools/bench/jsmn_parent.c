/* Raw jsmn, strict mode, with JSMN_PARENT_LINKS (one more int per token,
 * no backward scan to find a token's container). */
#include "jsmn_bench.h"

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#include <jsmn.h>
#pragma GCC diagnostic pop

const size_t jsmn_parent_token_size = sizeof(jsmntok_t);

int jsmn_parent_parse(const char *js, size_t len, void *tokens, unsigned int count)
{
    jsmn_parser p;

    jsmn_init(&p);
    return jsmn_parse(&p, js, len, (jsmntok_t *)tokens, count);
}
