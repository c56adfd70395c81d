/* Prometheus metrics of `rmqdr watch`: a registry of the documented metric
 * families, fed by plain structs, rendered in the Prometheus text
 * exposition format 0.0.4 or OpenMetrics 1.0.
 *
 * Families (names follow https://prometheus.io/docs/practices/naming/:
 * base unit seconds, `_total` on counters, `_info` on info metrics):
 *
 *   rmqdr_build_info{version,commit,mbedtls_version}           info
 *   rmqdr_target_info{region,endpoint}                          info
 *   rmqdr_checkpoint_lag_seconds{LABELS}                        gauge
 *   rmqdr_checkpoint_sync_age_seconds{LABELS}                   gauge
 *   rmqdr_checkpoints                                           gauge
 *   rmqdr_poll_success                                          gauge (0/1)
 *   rmqdr_poll_duration_seconds                                 gauge
 *   rmqdr_poll_last_success_timestamp_seconds                   gauge
 *   rmqdr_polls_total, rmqdr_poll_failures_total                counter
 *   rmqdr_api_errors_total{code}                                counter
 *   rmqdr_requests_total, rmqdr_retries_total                   counter
 *   rmqdr_connections_total, rmqdr_tls_handshakes_total         counter
 *   rmqdr_credential_refreshes_total,
 *   rmqdr_credential_refresh_failures_total                     counter
 *   rmqdr_metrics_dropped_series_total{reason}                  counter
 *
 * LABELS = plan_id, item_id, topic, group, source_instance, target_instance.
 * Lag and sync age are absent (no sample), never 0, when unknown
 * (rmqdr/health.h's RMQDR_HEALTH_*_UNKNOWN bits).
 *
 * Cardinality is bounded: at most METRICS_MAX_CHECKPOINTS label sets per
 * checkpoint family and METRICS_MAX_ERROR_CODES error codes; the excess is
 * counted in rmqdr_metrics_dropped_series_total{reason="limit"}, and a
 * label set seen twice in one poll in {reason="duplicate"}.
 *
 * No credential ever reaches this module: labels come from checkpoint
 * fields, the region, the endpoint host and the build.
 *
 * Threads: one poller calls begin/observe/end; metrics_end_poll() renders
 * and publishes a snapshot under a lock, which any other thread (the HTTP
 * listener) reads with metrics_read_published(). */
#ifndef RMQDR_CLI_METRICS_H
#define RMQDR_CLI_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rmqdr/checkpoint.h"
#include "rmqdr/client.h"
#include "rmqdr/health.h"

#define METRICS_MAX_CHECKPOINTS 2000U
#define METRICS_MAX_ERROR_CODES 32U

typedef enum {
    METRICS_TEXT_0_0_4 = 0, /* text/plain; version=0.0.4 */
    METRICS_OPENMETRICS_1_0 /* application/openmetrics-text; version=1.0.0 */
} metrics_format_t;

typedef struct metrics metrics_t;

/* Build and target facts for the _info metrics. Strings are copied. */
typedef struct {
    const char *version;
    const char *commit;
    const char *mbedtls_version;
    const char *region;   /* may be NULL */
    const char *endpoint; /* host[:port], never with credentials; may be NULL */
} metrics_info_t;

/* Outcome of one poll. */
typedef struct {
    bool success;
    int64_t duration_ms;
    int64_t end_unix_ms;               /* wall clock at the end of the poll */
    const char *api_error_code;        /* "" or NULL unless the service answered an error */
    const rmqdr_client_stats_t *stats; /* cumulative client counters; NULL: unchanged */
    bool tls;                          /* connections are TLS (handshake per connection) */
} metrics_poll_t;

/* NULL when out of memory. */
metrics_t *metrics_create(const metrics_info_t *info);
void metrics_destroy(metrics_t *m);

void metrics_begin_poll(metrics_t *m);
/* h may be NULL: computed from cp without server time (age unknown). */
void metrics_observe_checkpoint(metrics_t *m, const rmqdr_checkpoint_t *cp, const rmqdr_health_t *h);
/* Ends the poll and publishes both renderings. false when out of memory
 * (the previous snapshot stays published). */
bool metrics_end_poll(metrics_t *m, const metrics_poll_t *poll);

/* Renders the current state to out. false on a write error. */
bool metrics_render(const metrics_t *m, metrics_format_t fmt, FILE *out);

/* OpenMetrics when the Accept header asks for application/openmetrics-text. */
metrics_format_t metrics_format_for_accept(const char *accept);
const char *metrics_content_type(metrics_format_t fmt);

/* Calls fn with the published text of fmt while holding the lock. */
void metrics_read_published(metrics_t *m, metrics_format_t fmt,
                            void (*fn)(void *ctx, const char *text, size_t len), void *ctx);

/* Writes the 0.0.4 text to path atomically (temporary file in the same
 * directory, fsync, rename). false with one line in err on failure. */
bool metrics_write_file(metrics_t *m, const char *path, char *err, size_t err_size);

/* At start-up: path is not a directory and a temporary file can be made
 * (and is removed again) next to it, as every write will. false with one
 * line in err otherwise. */
bool metrics_check_file(const char *path, char *err, size_t err_size);

/* Writes s as a label value escaped per the format (\\, \", \n); invalid
 * UTF-8 bytes become U+FFFD. */
void metrics_write_label_value(FILE *out, const char *s);

/* ---- HTTP listener (metrics_http.c) ---- */

typedef struct metrics_server metrics_server_t;

/* Serves GET /metrics on addr ("HOST:PORT", "[V6]:PORT", ":PORT" or "PORT";
 * no host means 127.0.0.1). Port 0 picks a free port. NULL with one line in
 * err on failure. */
metrics_server_t *metrics_serve(metrics_t *m, const char *addr, char *err, size_t err_size);
uint16_t metrics_server_port(const metrics_server_t *srv);
void metrics_server_stop(metrics_server_t *srv);

#endif
