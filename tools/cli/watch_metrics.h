/* Glue between `rmqdr watch` and the metrics module: --metrics-listen and
 * --metrics-file. Every function is a no-op when neither option was given. */
#ifndef RMQDR_CLI_WATCH_METRICS_H
#define RMQDR_CLI_WATCH_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "metrics.h"
#include "session.h"

typedef struct {
    metrics_t *metrics;
    metrics_server_t *server;
    const char *file;
    const rmqdr_client_t *client;
    bool tls;
    int64_t start_ms; /* CLOCK_MONOTONIC at the start of the poll */
    rmqdr_client_stats_t carried; /* counters of clients closed before (CA reload) */
    char failed_code[RMQDR_CODE_SIZE]; /* API error code of the poll's last failed call */
    bool file_failing; /* the last --metrics-file write failed (reported once) */
} watch_metrics_t;

/* Creates the registry and starts the listener. Returns an exit code; on
 * failure one line is on stderr. */
int watch_metrics_open(watch_metrics_t *wm, const cli_options_t *opts, const cli_context_t *ctx,
                       const cli_session_t *s);
void watch_metrics_begin(watch_metrics_t *wm);
/* One checkpoint with the health watch computed for its own lines (same
 * module, same server time), so metrics and text always agree. */
void watch_metrics_checkpoint(watch_metrics_t *wm, const rmqdr_checkpoint_t *cp, const rmqdr_health_t *h);
/* After a failed call of the poll (a poll of a whole instance makes several):
 * keeps its API error code for watch_metrics_end(). */
void watch_metrics_call_failed(watch_metrics_t *wm, rmqdr_status_t st);
/* Publishes the poll (outcome st; duration; the client's counters and
 * rmqdr_client_last_error()) and rewrites --metrics-file. */
void watch_metrics_end(watch_metrics_t *wm, rmqdr_status_t st);
/* Before watch closes the client to open a new one (CA file reload): its
 * counters are carried so the _total metrics never go backwards. */
void watch_metrics_client_closing(watch_metrics_t *wm);
void watch_metrics_close(watch_metrics_t *wm);

#endif
