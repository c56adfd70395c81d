/**
 * @file health.h
 * @brief Replication lag and sync age of one checkpoint, computed once,
 *        with one rule for "never".
 *
 * Every consumer (the CLI's table and `watch`, the board images) takes its
 * numbers from rmqdr_checkpoint_health(), so they cannot disagree.
 *
 * Rules:
 * - A timestamp (lastSyncTime, progressData.consumeTimestamp) that is
 *   absent, JSON null, 0 or negative means "never": the figure that needs
 *   it is unknown, and the matching RMQDR_HEALTH_UNKNOWN_* bit says which
 *   side was missing. It is never turned into a 1970 date.
 * - Lag is source consumeTimestamp minus target consumeTimestamp, in
 *   milliseconds, clamped at 0 (a target sampled after its source can read
 *   a little ahead).
 * - Age is server time minus lastSyncTime, clamped at 0. Server time is the
 *   caller's (rmqdr_client_server_now() on a client): the service stamps
 *   lastSyncTime with its own clock, so measuring it against a device clock
 *   that is minutes off would report minutes of false staleness.
 */
#ifndef RMQDR_HEALTH_H
#define RMQDR_HEALTH_H

#include <stdbool.h>
#include <stdint.h>

#include "rmqdr/checkpoint.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @name Bits of rmqdr_health_t::unknown */
/** @{ */
#define RMQDR_HEALTH_UNKNOWN_SOURCE (1UL << 0) /**< sourceProgress consumeTimestamp is "never". */
#define RMQDR_HEALTH_UNKNOWN_TARGET (1UL << 1) /**< targetProgress consumeTimestamp is "never". */
#define RMQDR_HEALTH_UNKNOWN_SYNC   (1UL << 2) /**< lastSyncTime is "never". */
#define RMQDR_HEALTH_UNKNOWN_NOW    (1UL << 3) /**< No server time was given. */
/** @} */

/** Lag: unknown when either consume timestamp is. */
#define RMQDR_HEALTH_LAG_UNKNOWN (RMQDR_HEALTH_UNKNOWN_SOURCE | RMQDR_HEALTH_UNKNOWN_TARGET)
/** Age: unknown when lastSyncTime or server time is. */
#define RMQDR_HEALTH_AGE_UNKNOWN (RMQDR_HEALTH_UNKNOWN_SYNC | RMQDR_HEALTH_UNKNOWN_NOW)

/** Lag and age of one checkpoint. */
typedef struct {
    int64_t lag_ms;   /**< Consume lag, ms, >= 0; 0 when RMQDR_HEALTH_LAG_UNKNOWN bits are set. */
    int64_t age_ms;   /**< Time since lastSyncTime on the server's clock, ms, >= 0; 0 when unknown. */
    uint32_t unknown; /**< RMQDR_HEALTH_UNKNOWN_* bits; 0 when both figures are known. */
} rmqdr_health_t;

/**
 * @brief True when @p unix_ms is a real instant, false for "never".
 * @param present  Whether the field was present and not null (its bit in
 *                 the struct's @c present mask).
 * @param unix_ms  The decoded value, Unix milliseconds.
 * @return true when present and above 0.
 */
bool rmqdr_timestamp_known(bool present, int64_t unix_ms);

/**
 * @brief Compute lag and age of @p cp by the rules in this file.
 * @param cp            A decoded checkpoint; NULL gives every bit unknown.
 * @param server_now_ms Server time, Unix ms (rmqdr_client_server_now());
 *                      NULL or a value <= 0 sets RMQDR_HEALTH_UNKNOWN_NOW.
 * @param[out] out      Filled completely; must not be NULL.
 */
void rmqdr_checkpoint_health(const rmqdr_checkpoint_t *cp, const int64_t *server_now_ms,
                             rmqdr_health_t *out);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_HEALTH_H */
