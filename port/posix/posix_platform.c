/*
 * POSIX platform hooks (see port_posix.h): clock, randomness, sleep.
 */
#include "rmqdr/port_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

/* getrandom(2) needs Linux 3.17 and a C library that declares it (glibc
 * 2.25, musl 1.1.20); other systems read /dev/urandom. Define
 * RMQDR_HAVE_GETRANDOM to 0 for an older Linux C library. */
#ifndef RMQDR_HAVE_GETRANDOM
#if defined(__linux__)
#define RMQDR_HAVE_GETRANDOM 1
#else
#define RMQDR_HAVE_GETRANDOM 0
#endif
#endif

#if RMQDR_HAVE_GETRANDOM
#include <sys/random.h>
#endif

rmqdr_status_t rmqdr_posix_now_ms(void *ctx, int64_t *unix_ms)
{
    (void)ctx;
    if (unix_ms == NULL) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0) {
        return RMQDR_ERR_PORT_TIME;
    }
    *unix_ms = (int64_t)ts.tv_sec * 1000 + (int64_t)(ts.tv_nsec / 1000000);
    return RMQDR_OK;
}

int64_t rmqdr_posix_monotonic_ms(void *ctx)
{
    struct timespec ts;

    (void)ctx;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    return (int64_t)ts.tv_sec * 1000 + (int64_t)(ts.tv_nsec / 1000000);
}

static rmqdr_status_t urandom_fill(uint8_t *buf, size_t len)
{
    int fd;
    do {
        fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        return RMQDR_ERR_PORT_RANDOM;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = read(fd, &buf[done], len - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            break;
        }
    }
    (void)close(fd);
    return done == len ? RMQDR_OK : RMQDR_ERR_PORT_RANDOM;
}

rmqdr_status_t rmqdr_posix_random(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    if (buf == NULL && len > 0U) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
#if RMQDR_HAVE_GETRANDOM
    size_t done = 0;
    while (done < len) {
        /* Large requests may come back short (over 256 bytes, or after a
         * signal); loop until the whole buffer is filled. */
        ssize_t n = getrandom(&buf[done], len - done, 0);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == ENOSYS && done == 0U) {
            /* Kernel older than the C library: the device still works. */
            return urandom_fill(buf, len);
        } else {
            return RMQDR_ERR_PORT_RANDOM;
        }
    }
    return RMQDR_OK;
#else
    return urandom_fill(buf, len);
#endif
}

void rmqdr_posix_sleep_ms(void *ctx, uint32_t ms)
{
    (void)ctx;
    struct timespec left;
    left.tv_sec = (time_t)(ms / 1000U);
    left.tv_nsec = (long)(ms % 1000U) * 1000000L;
    /* nanosleep() reports what was left when a signal cut it short; sleeping
     * exactly that much again keeps the total as asked. */
    while (nanosleep(&left, &left) != 0 && errno == EINTR) {
    }
}

void rmqdr_posix_platform_init(rmqdr_platform_t *platform)
{
    if (platform == NULL) {
        return;
    }
    platform->now_ms = rmqdr_posix_now_ms;
    platform->random = rmqdr_posix_random;
    platform->sleep_ms = rmqdr_posix_sleep_ms;
    platform->ctx = NULL;
    platform->monotonic_ms = rmqdr_posix_monotonic_ms;
}
