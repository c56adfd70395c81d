/**
 * @file port_baremetal.h
 * @brief Platform hooks for boards without an operating system, built on a
 *        few functions the board implements (its "hooks").
 *
 * The board links in these functions (boards/cortex-m4/board_hooks.c and
 * board_stubs.c are the worked example); the linker names any that is
 * missing, so a port cannot forget one:
 *
 * | hook                      | used for                                      |
 * |---------------------------|-----------------------------------------------|
 * | rmqdr_board_uptime_ms()   | timeouts, lwIP timers, extending to 64 bits   |
 * | rmqdr_board_entropy()     | nonces, TLS CTR_DRBG seed, lwIP ids           |
 * | rmqdr_board_fatal()       | mbedtls_exit (arena corruption), lwIP asserts |
 *
 * The wall clock (x-acs-date and X.509 validity) is uptime plus an offset
 * that the board sets once it knows the time: from SNTP (lwIP's sntp app
 * calls rmqdr_bm_clock_set_unix through SNTP_SET_SYSTEM_TIME_US), from a
 * battery-backed RTC at boot, or both. Until then the clock hook reports
 * RMQDR_ERR_PORT_TIME and mbedTLS sees time 0 (every certificate is then "not
 * yet valid"), so nothing is signed or trusted with a made-up date.
 *
 * The port also supplies the mbedTLS platform functions that the board's
 * mbedTLS configuration leaves to it: mbedtls_platform_gmtime_r()
 * (MBEDTLS_PLATFORM_GMTIME_R_ALT), the time source given to
 * mbedtls_platform_set_time() (MBEDTLS_PLATFORM_TIME_ALT), the exit handler
 * given to mbedtls_platform_set_exit() (MBEDTLS_PLATFORM_EXIT_ALT), and
 * mbedtls_hardware_poll() (MBEDTLS_ENTROPY_HARDWARE_ALT) for a board
 * configuration that keeps mbedTLS's entropy pool.
 *
 * State: the uptime extension and the clock offset (24 bytes) are the
 * port's only static memory.
 */
#ifndef RMQDR_PORT_BAREMETAL_H
#define RMQDR_PORT_BAREMETAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/port.h"
#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Hooks the board implements ----------------------------------------- */

/**
 * @brief Milliseconds since boot from a free-running counter (SysTick,
 *        a timer). Wraps at 2^32; must be called at least once per wrap
 *        (49 days) for the 64-bit extension to hold, which lwIP's timer
 *        processing guarantees while the stack runs.
 * @return Milliseconds since boot, modulo 2^32.
 */
uint32_t rmqdr_board_uptime_ms(void);

/**
 * @brief Fill @p buf with @p len bytes from a true entropy source (TRNG
 *        peripheral). Must not return data from a deterministic generator.
 * @param[out] buf Receives exactly @p len bytes.
 * @param len      Bytes wanted.
 * @return 0 on success, non-zero when the source failed or has none: TLS
 *         and nonce generation then fail instead of running on weak seeds.
 */
int rmqdr_board_entropy(uint8_t *buf, size_t len);

/**
 * @brief Stop for good (log @p what if the board can, then halt or reset).
 *        Never returns.
 * @param what NUL-terminated reason, e.g. "mbedTLS arena corrupted".
 */
void rmqdr_board_fatal(const char *what) __attribute__((noreturn));

/* ---- Wall clock ---------------------------------------------------------- */

/**
 * @brief Tell the port the current UTC time (SNTP reply, RTC read).
 * @param sec  Seconds since 1970-01-01T00:00:00Z.
 * @param usec Microseconds within that second.
 */
void rmqdr_bm_clock_set_unix(uint32_t sec, uint32_t usec);

/**
 * @brief Whether the wall clock is known.
 * @return true once rmqdr_bm_clock_set_unix() was called.
 */
bool rmqdr_bm_clock_valid(void);

/**
 * @brief Uptime extended to 64 bits (see rmqdr_board_uptime_ms() for the
 *        once-per-wrap calling rule).
 * @return Milliseconds since boot.
 */
uint64_t rmqdr_bm_uptime64_ms(void);

/* ---- The core's platform hooks -------------------------------------------- */

/** What the core's hooks work with; caller-owned, outlives the platform. */
typedef struct {
    /**
     * Called repeatedly while sleep_ms waits (e.g. rmqdr_lwip_raw_service, so
     * lwIP timers and the driver keep running during a retry backoff); may
     * be NULL.
     */
    void (*idle)(void);
} rmqdr_bm_ctx_t;

/**
 * @brief Fill @p platform with the bare-metal hooks: now_ms from the wall
 *        clock above; random straight from rmqdr_board_entropy() (nonces, and
 *        the seed of the TLS transport's CTR_DRBG, whose derivation function
 *        conditions it); sleep_ms busy-waiting on uptime while calling
 *        ctx->idle. Also registers the wall clock and the exit handler
 *        with mbedTLS (when its configuration has MBEDTLS_PLATFORM_TIME_ALT
 *        and MBEDTLS_PLATFORM_EXIT_ALT), so call it before rmqdr_tls_init.
 *        monotonic_ms is the 64-bit uptime. now_ms reports
 *        RMQDR_ERR_PORT_TIME until the wall clock is set; random reports
 *        RMQDR_ERR_PORT_RANDOM when rmqdr_board_entropy() fails.
 * @param[out] platform Receives now_ms, random, sleep_ms, monotonic_ms and
 *        ctx; not NULL.
 * @param ctx Stored as platform->ctx; may be NULL (no idle hook). Must
 *        outlive @p platform.
 */
void rmqdr_bm_platform_init(rmqdr_platform_t *platform, rmqdr_bm_ctx_t *ctx);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_PORT_BAREMETAL_H */
