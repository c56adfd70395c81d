/* Bare-metal platform hooks over the board's uptime and entropy hooks.
 * See port_baremetal.h. */
#include "rmqdr/port_baremetal.h"
#include "rmqdr/calendar.h"

#include <string.h>
#include <time.h>

#include <mbedtls/entropy.h>
#include <mbedtls/platform.h>
#include <mbedtls/platform_time.h>
#include <mbedtls/platform_util.h>

/* The only static state of the port: the 64-bit uptime extension and the
 * wall-clock offset. Single-threaded use (NO_SYS): no locking. */
static uint32_t s_uptime_last;
static uint32_t s_uptime_wraps;
static int64_t s_wall_minus_uptime_ms;
static bool s_wall_valid;

uint64_t rmqdr_bm_uptime64_ms(void)
{
    uint32_t now = rmqdr_board_uptime_ms();
    if (now < s_uptime_last) {
        s_uptime_wraps++;
    }
    s_uptime_last = now;
    return ((uint64_t)s_uptime_wraps << 32) | now;
}

void rmqdr_bm_clock_set_unix(uint32_t sec, uint32_t usec)
{
    int64_t unix_ms = (int64_t)sec * 1000 + (int64_t)(usec / 1000U);
    s_wall_minus_uptime_ms = unix_ms - (int64_t)rmqdr_bm_uptime64_ms();
    s_wall_valid = true;
}

bool rmqdr_bm_clock_valid(void)
{
    return s_wall_valid;
}

/* The uptime counter never steps, unlike the wall clock set by SNTP or
 * semihosting: timeouts and deadlines are measured on it. */
static int64_t bm_monotonic_ms(void *ctx)
{
    (void)ctx;
    return (int64_t)rmqdr_bm_uptime64_ms();
}

static rmqdr_status_t bm_now_ms(void *ctx, int64_t *unix_ms)
{
    (void)ctx;
    if (unix_ms == NULL || !s_wall_valid) {
        return RMQDR_ERR_PORT_TIME;
    }
    *unix_ms = (int64_t)rmqdr_bm_uptime64_ms() + s_wall_minus_uptime_ms;
    return *unix_ms >= 0 ? RMQDR_OK : RMQDR_ERR_PORT_TIME;
}

#if defined(MBEDTLS_PLATFORM_MS_TIME_ALT)
/* mbedtls_ms_time() (mbedTLS 3.x: TLS 1.3 ticket ages and lifetimes): a
 * monotonic millisecond count is enough, so the uptime serves even before
 * the wall clock is set. */
mbedtls_ms_time_t mbedtls_ms_time(void)
{
    return (mbedtls_ms_time_t)rmqdr_bm_uptime64_ms();
}
#endif

#if defined(MBEDTLS_PLATFORM_TIME_ALT)
/* mbedtls_time(): seconds of the wall clock, 0 while it is unknown (every
 * certificate then fails its validity check: nothing is trusted on a
 * made-up date). */
static mbedtls_time_t bm_mbedtls_time(mbedtls_time_t *out)
{
    int64_t ms = 0;
    mbedtls_time_t t = 0;
    if (bm_now_ms(NULL, &ms) == RMQDR_OK) {
        t = (mbedtls_time_t)(ms / 1000);
    }
    if (out != NULL) {
        *out = t;
    }
    return t;
}
#endif

#if defined(MBEDTLS_PLATFORM_GMTIME_R_ALT)
/* MBEDTLS_PLATFORM_GMTIME_R_ALT: newlib's gmtime() may allocate its result
 * buffer, so X.509 gets this allocation-free conversion instead. */
struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt, struct tm *tm_buf)
{
    if (tt == NULL || tm_buf == NULL || *tt < 0) {
        return NULL;
    }
    const int64_t t = (int64_t)*tt;
    const int64_t days = t / 86400;
    const int64_t secs = t % 86400;
    int64_t year;
    uint32_t month;
    uint32_t day;
    rmqdr_civil_from_days(days, &year, &month, &day);
    if (year - 1900 > 0x7FFFFFFF) {
        return NULL;
    }
    memset(tm_buf, 0, sizeof(*tm_buf));
    tm_buf->tm_year = (int)(year - 1900);
    tm_buf->tm_mon = (int)month - 1;
    tm_buf->tm_mday = (int)day;
    tm_buf->tm_hour = (int)(secs / 3600);
    tm_buf->tm_min = (int)((secs % 3600) / 60);
    tm_buf->tm_sec = (int)(secs % 60);
    tm_buf->tm_wday = (int)((days + 4) % 7);
    return tm_buf;
}
#endif

#if defined(MBEDTLS_ENTROPY_HARDWARE_ALT)
/* The entropy pool's only source, for configurations that keep it (with
 * mbedTLS 3.6: PSA crypto's generator). mbedTLS 3.x declares the hook in a
 * private header, so its prototype is repeated here. */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
    (void)data;
    *olen = 0;
    if (rmqdr_board_entropy(output, len) != 0) {
        return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    }
    *olen = len;
    return 0;
}
#endif

#if defined(MBEDTLS_PLATFORM_EXIT_ALT)
/* mbedtls_exit(): only the arena allocator calls it, on a corrupted heap. */
static void bm_mbedtls_exit(int status)
{
    (void)status;
    rmqdr_board_fatal("mbedTLS arena corrupted");
}
#endif

static rmqdr_status_t bm_random(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    return rmqdr_board_entropy(buf, len) == 0 ? RMQDR_OK : RMQDR_ERR_PORT_RANDOM;
}

static void bm_sleep_ms(void *ctx, uint32_t ms)
{
    rmqdr_bm_ctx_t *bm = ctx;
    const uint32_t start = rmqdr_board_uptime_ms();
    while ((uint32_t)(rmqdr_board_uptime_ms() - start) < ms) {
        if (bm != NULL && bm->idle != NULL) {
            bm->idle();
        }
    }
}

void rmqdr_bm_platform_init(rmqdr_platform_t *platform, rmqdr_bm_ctx_t *ctx)
{
#if defined(MBEDTLS_PLATFORM_TIME_ALT)
    (void)mbedtls_platform_set_time(bm_mbedtls_time);
#endif
#if defined(MBEDTLS_PLATFORM_EXIT_ALT)
    (void)mbedtls_platform_set_exit(bm_mbedtls_exit);
#endif
    platform->now_ms = bm_now_ms;
    platform->random = bm_random;
    platform->sleep_ms = bm_sleep_ms;
    platform->ctx = ctx;
    platform->monotonic_ms = bm_monotonic_ms;
}
