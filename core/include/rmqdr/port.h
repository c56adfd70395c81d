/**
 * @file port.h
 * @brief Platform hooks the core needs: wall-clock time, randomness, sleep.
 *
 * The core keeps no global state, so the hooks travel in a struct the caller
 * owns. Pinning them (fixed time, fixed bytes) makes every request byte for
 * byte reproducible, which the tests rely on.
 */
#ifndef RMQDR_PORT_H
#define RMQDR_PORT_H

#include <stddef.h>
#include <stdint.h>

#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Hooks into the platform. Every pointer must be set unless noted. */
typedef struct {
    /**
     * @brief Current UTC time.
     * @param ctx  ::rmqdr_platform_t::ctx.
     * @param[out] unix_ms Milliseconds since 1970-01-01T00:00:00Z.
     * @return RMQDR_OK, or RMQDR_ERR_PORT_TIME when no valid time is known.
     */
    rmqdr_status_t (*now_ms)(void *ctx, int64_t *unix_ms);

    /**
     * @brief Fill @p buf with unpredictable bytes (nonces, TLS DRBG seed).
     * @param ctx      ::rmqdr_platform_t::ctx.
     * @param[out] buf Receives exactly @p len bytes.
     * @param len      Bytes wanted.
     * @return RMQDR_OK, or RMQDR_ERR_PORT_RANDOM.
     */
    rmqdr_status_t (*random)(void *ctx, uint8_t *buf, size_t len);

    /**
     * @brief Block for @p ms milliseconds (retry backoff). May be NULL when
     *        the caller never retries.
     * @param ctx ::rmqdr_platform_t::ctx.
     * @param ms  Milliseconds to block.
     */
    void (*sleep_ms)(void *ctx, uint32_t ms);

    /** Opaque pointer handed to every hook. */
    void *ctx;

    /**
     * @brief Optional (may be NULL): milliseconds since an arbitrary
     *        origin, from a clock that never steps (POSIX CLOCK_MONOTONIC,
     *        a board's tick counter).
     *
     * When set, the client measures timeouts, its call deadline and
     * elapsed times on it, so a wall-clock step (NTP, an operator setting
     * the RTC) can neither stretch nor cut a call short; when NULL it uses
     * now_ms for those too. Placed last so existing positional
     * initialisers keep their meaning.
     * @param ctx ::rmqdr_platform_t::ctx.
     * @return The count; it must never decrease.
     */
    int64_t (*monotonic_ms)(void *ctx);
} rmqdr_platform_t;

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_PORT_H */
