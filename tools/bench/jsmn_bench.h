/* The two raw-jsmn builds compared with rmqdr's decoder. Each tokenizes a
 * whole body in one call; tokens == NULL only counts them. Returns the token
 * count or a negative jsmnerr. */
#ifndef RMQDR_BENCH_JSMN_H
#define RMQDR_BENCH_JSMN_H

#include <stddef.h>

extern const size_t jsmn_flat_token_size;
extern const size_t jsmn_parent_token_size;

int jsmn_flat_parse(const char *js, size_t len, void *tokens, unsigned int count);
int jsmn_parent_parse(const char *js, size_t len, void *tokens, unsigned int count);

#endif
