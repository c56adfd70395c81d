/* Lag and age of a checkpoint: the one place that decides what "never" is. */
#include "rmqdr/health.h"

#include <stddef.h>

bool rmqdr_timestamp_known(bool present, int64_t unix_ms)
{
    return present && (unix_ms > 0);
}

static int64_t non_negative_difference(int64_t later, int64_t earlier)
{
    /* both operands are > 0 here, so the subtraction cannot overflow */
    return (later > earlier) ? (later - earlier) : 0;
}

void rmqdr_checkpoint_health(const rmqdr_checkpoint_t *cp, const int64_t *server_now_ms,
                             rmqdr_health_t *out)
{
    uint32_t unknown = 0U;

    out->lag_ms = 0;
    out->age_ms = 0;
    if (cp == NULL) {
        out->unknown = RMQDR_HEALTH_LAG_UNKNOWN | RMQDR_HEALTH_AGE_UNKNOWN;
        return;
    }
    if (!rmqdr_timestamp_known((cp->source.present & RMQDR_PROGRESS_CONSUME_TIMESTAMP) != 0U,
                               cp->source.consume_timestamp)) {
        unknown |= RMQDR_HEALTH_UNKNOWN_SOURCE;
    }
    if (!rmqdr_timestamp_known((cp->target.present & RMQDR_PROGRESS_CONSUME_TIMESTAMP) != 0U,
                               cp->target.consume_timestamp)) {
        unknown |= RMQDR_HEALTH_UNKNOWN_TARGET;
    }
    if (!rmqdr_timestamp_known((cp->present & RMQDR_CHECKPOINT_LAST_SYNC_TIME) != 0U,
                               cp->last_sync_time)) {
        unknown |= RMQDR_HEALTH_UNKNOWN_SYNC;
    }
    if ((server_now_ms == NULL) || (*server_now_ms <= 0)) {
        unknown |= RMQDR_HEALTH_UNKNOWN_NOW;
    }
    if ((unknown & RMQDR_HEALTH_LAG_UNKNOWN) == 0U) {
        out->lag_ms = non_negative_difference(cp->source.consume_timestamp, cp->target.consume_timestamp);
    }
    if ((unknown & RMQDR_HEALTH_AGE_UNKNOWN) == 0U) {
        out->age_ms = non_negative_difference(*server_now_ms, cp->last_sync_time);
    }
    out->unknown = unknown;
}
