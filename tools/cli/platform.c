/* TEMPORARY until port/posix lands. */
#define _DEFAULT_SOURCE
#include "platform.h"
#include <sys/random.h>
#include <time.h>
static rmqdr_status_t now_ms(void *ctx, int64_t *ms) { struct timespec ts; (void)ctx; clock_gettime(CLOCK_REALTIME, &ts); *ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000; return RMQDR_OK; }
static rmqdr_status_t rnd(void *ctx, uint8_t *b, size_t n) { (void)ctx; return getrandom(b, n, 0) == (ssize_t)n ? RMQDR_OK : RMQDR_ERR_PORT_RANDOM; }
void cli_platform(rmqdr_platform_t *p) { p->now_ms = now_ms; p->random = rnd; p->sleep_ms = NULL; p->ctx = NULL; }
