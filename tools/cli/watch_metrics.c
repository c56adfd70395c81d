/* `rmqdr watch --metrics-listen/--metrics-file`; see watch_metrics.h. */
#define _GNU_SOURCE 1
#include "watch_metrics.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "io.h"
#include "rmqdr/health.h"
#include "version.h"

static int64_t clock_ms(clockid_t id)
{
    struct timespec ts;

    (void)clock_gettime(id, &ts);
    return ((int64_t)ts.tv_sec * 1000) + ((int64_t)ts.tv_nsec / 1000000);
}

int watch_metrics_open(watch_metrics_t *wm, const cli_options_t *opts, const cli_context_t *ctx,
                       const cli_session_t *s)
{
    char tls[32];
    char endpoint[RMQDR_MAX_ENDPOINT_LEN + 8U];
    metrics_info_t info;

    (void)memset(wm, 0, sizeof *wm);
    if ((opts->metrics_listen == NULL) && (opts->metrics_file == NULL)) {
        return EXIT_OK;
    }
    if (opts->metrics_file != NULL) {
        char err[256];

        if (!metrics_check_file(opts->metrics_file, err, sizeof err)) {
            (void)fprintf(stderr, "rmqdr: --metrics-file: %s\n", err);
            return EXIT_USAGE;
        }
    }
    cli_version_mbedtls(tls, sizeof tls);
    (void)snprintf(endpoint, sizeof endpoint, "%s:%u", s->client.endpoint.host,
                   (unsigned)s->client.endpoint.port);
    info.version = RMQDR_VERSION;
    info.commit = cli_version_commit();
    info.mbedtls_version = tls;
    info.region = ctx->config.region_id;
    info.endpoint = endpoint;
    wm->metrics = metrics_create(&info);
    if (wm->metrics == NULL) {
        (void)fprintf(stderr, "rmqdr: metrics: out of memory\n");
        return EXIT_LOCAL;
    }
    wm->file = opts->metrics_file;
    wm->client = &s->client;
    wm->tls = ctx->use_tls;
    if (opts->metrics_listen != NULL) {
        char err[256];

        wm->server = metrics_serve(wm->metrics, opts->metrics_listen, err, sizeof err);
        if (wm->server == NULL) {
            (void)fprintf(stderr, "rmqdr: %s\n", err);
            watch_metrics_close(wm);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

void watch_metrics_begin(watch_metrics_t *wm)
{
    if (wm->metrics != NULL) {
        wm->start_ms = clock_ms(CLOCK_MONOTONIC);
        wm->failed_code[0] = '\0';
        metrics_begin_poll(wm->metrics);
    }
}

void watch_metrics_checkpoint(watch_metrics_t *wm, const rmqdr_checkpoint_t *cp, const rmqdr_health_t *h)
{
    if (wm->metrics != NULL) {
        metrics_observe_checkpoint(wm->metrics, cp, h);
    }
}

static void add_stats(rmqdr_client_stats_t *sum, const rmqdr_client_stats_t *more)
{
    sum->connects += more->connects;
    sum->requests += more->requests;
    sum->retries += more->retries;
    sum->reconnects += more->reconnects;
    sum->credential_refreshes += more->credential_refreshes;
    sum->credential_failures += more->credential_failures;
}

void watch_metrics_client_closing(watch_metrics_t *wm)
{
    if (wm->metrics != NULL) {
        add_stats(&wm->carried, &wm->client->stats);
    }
}

void watch_metrics_call_failed(watch_metrics_t *wm, rmqdr_status_t st)
{
    if ((wm->metrics != NULL) && (st != RMQDR_OK)) {
        (void)snprintf(wm->failed_code, sizeof wm->failed_code, "%s", rmqdr_client_last_error(wm->client)->code);
    }
}

void watch_metrics_end(watch_metrics_t *wm, rmqdr_status_t st)
{
    char err[256];
    metrics_poll_t poll;
    rmqdr_client_stats_t stats;

    if (wm->metrics == NULL) {
        return;
    }
    poll.success = (st == RMQDR_OK);
    poll.duration_ms = clock_ms(CLOCK_MONOTONIC) - wm->start_ms;
    poll.end_unix_ms = clock_ms(CLOCK_REALTIME);
    poll.api_error_code = (st == RMQDR_OK) ? NULL : wm->failed_code;
    stats = wm->carried;
    add_stats(&stats, &wm->client->stats);
    poll.stats = &stats;
    poll.tls = wm->tls;
    if (!metrics_end_poll(wm->metrics, &poll)) {
        (void)fprintf(stderr, "rmqdr: metrics: out of memory; serving the previous poll\n");
    }
    if (wm->file == NULL) {
        return;
    }
    if (!metrics_write_file(wm->metrics, wm->file, err, sizeof err)) {
        if (!wm->file_failing) { /* once, not every poll: rmqdr_metrics_file_write_failures_total counts */
            cli_put_stamp(stderr);
            (void)fprintf(stderr, "rmqdr: watch: %s (reported once; counted in "
                                  "rmqdr_metrics_file_write_failures_total)\n", err);
        }
        wm->file_failing = true;
    } else if (wm->file_failing) {
        cli_put_stamp(stderr);
        (void)fprintf(stderr, "rmqdr: watch: metrics file written again\n");
        wm->file_failing = false;
    }
}

void watch_metrics_close(watch_metrics_t *wm)
{
    metrics_server_stop(wm->server);
    metrics_destroy(wm->metrics);
    (void)memset(wm, 0, sizeof *wm);
}
