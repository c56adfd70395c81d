/* `rmqdr watch`: poll the listing and report replication lag and staleness. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "session.h"
#include "watch_metrics.h" /* ops */

/* Remembered state per topic/group, so only changes and breaches print.
 * A listing larger than the table still works: the excess is reported as
 * if new on every poll. */
#define TRACKED_MAX 1024U

typedef enum { STATE_UNSEEN = 0, STATE_OK, STATE_BREACH } track_state_t;

typedef struct {
    uint64_t key;
    uint8_t state;
} track_t;

typedef struct {
    const cli_options_t *opts;
    int64_t now_ms;
    uint32_t breaches;
    uint32_t checked;
    watch_metrics_t metrics; /* ops: --metrics-listen / --metrics-file */
    track_t tracked[TRACKED_MAX];
} watch_t;

static uint64_t fnv1a(uint64_t h, const char *s)
{
    const unsigned char *p;

    for (p = (const unsigned char *)s; *p != 0U; p++) {
        h = (h ^ *p) * 1099511628211ULL;
    }
    return (h ^ 0xFFU) * 1099511628211ULL;
}

static track_t *find_track(watch_t *w, uint64_t key)
{
    size_t i = (size_t)(key % TRACKED_MAX);
    size_t probes;

    for (probes = 0U; probes < TRACKED_MAX; probes++) {
        track_t *t = &w->tracked[(i + probes) % TRACKED_MAX];

        if ((t->state == STATE_UNSEEN) || (t->key == key)) {
            t->key = key;
            return t;
        }
    }
    return NULL;
}

static void print_line(const watch_t *w, const rmqdr_checkpoint_t *cp, bool breach, bool has_lag,
                       int64_t lag, bool has_age, int64_t age)
{
    const char *topic = cp->source.topic_name;
    const char *group = cp->source.consumer_group_id;
    if (w->opts->output == OUTPUT_JSONL) {
        (void)printf("{\"status\":\"%s\",\"checkpointId\":%" PRId64 ",\"topicName\":",
                     breach ? "breach" : "ok", cp->checkpoint_id);
        cli_print_json_string(stdout, topic);
        (void)printf(",\"consumerGroupId\":");
        cli_print_json_string(stdout, group);
        (void)printf(",\"lagMs\":");
        (void)printf(has_lag ? "%" PRId64 : "null", lag);
        (void)printf(",\"staleMs\":");
        (void)printf(has_age ? "%" PRId64 : "null", age);
        (void)printf("}\n");
    } else {
        char lag_text[24] = "-";
        char age_text[24] = "-";

        if (has_lag) {
            cli_format_duration(lag, lag_text, sizeof lag_text);
        }
        if (has_age) {
            cli_format_duration(age, age_text, sizeof age_text);
        }
        (void)printf("%-6s %s / %s  lag %s  stale %s\n", breach ? "BREACH" : "ok", topic, group,
                     lag_text, age_text);
    }
    (void)fflush(stdout);
}

static rmqdr_status_t on_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    watch_t *w = (watch_t *)ctx;
    const bool has_lag = ((cp->source.present & RMQDR_PROGRESS_CONSUME_TIMESTAMP) != 0U) &&
                         ((cp->target.present & RMQDR_PROGRESS_CONSUME_TIMESTAMP) != 0U);
    const bool has_age = (cp->present & RMQDR_CHECKPOINT_LAST_SYNC_TIME) != 0U;
    const int64_t lag = cp->source.consume_timestamp - cp->target.consume_timestamp;
    const int64_t age = w->now_ms - cp->last_sync_time;
    const bool breach = (w->opts->max_lag_set && has_lag && (lag > w->opts->max_lag_ms)) ||
                        (w->opts->max_stale_set && has_age && (age > w->opts->max_stale_ms));
    track_t *t = find_track(w, fnv1a(fnv1a(14695981039346656037ULL, cp->source.topic_name),
                                     cp->source.consumer_group_id));
    const uint8_t state = breach ? (uint8_t)STATE_BREACH : (uint8_t)STATE_OK;

    w->checked++;
    watch_metrics_checkpoint(&w->metrics, cp); /* ops */
    if (breach) {
        w->breaches++;
    }
    if (breach || (t == NULL) || (t->state != state)) {
        print_line(w, cp, breach, has_lag, lag, has_age, age);
    }
    if (t != NULL) {
        t->state = state;
    }
    return RMQDR_OK;
}

static int poll_once(cli_session_t *s, watch_t *w, const cli_context_t *ctx)
{
    static rmqdr_checkpoint_t scratch;
    static rmqdr_envelope_t envelope;
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, on_checkpoint, w);
    rmqdr_status_t st;

    w->breaches = 0U;
    w->checked = 0U;
    (void)s->platform.now_ms(s->platform.ctx, &w->now_ms);
    watch_metrics_begin(&w->metrics); /* ops */
    st = rmqdr_list_all_checkpoints(&s->client, &ctx->request, &sink, &envelope, NULL, NULL);
    watch_metrics_end(&w->metrics, st); /* ops */
    if (st != RMQDR_OK) {
        cli_report_failure(s, st, &envelope);
        return cli_exit_code(st);
    }
    return (w->breaches > 0U) ? EXIT_BREACH : EXIT_OK;
}

int cmd_watch(const cli_options_t *opts)
{
    static cli_context_t ctx;
    static cli_session_t session;
    static watch_t w;
    int rc;

    if (opts->dry_run || opts->all || (opts->output == OUTPUT_JSON) || (opts->output == OUTPUT_TABLE)) {
        (void)fprintf(stderr, "rmqdr: watch takes --output jsonl or the default text, "
                              "and no --dry-run or --all\n");
        return EXIT_USAGE;
    }
    rc = cli_prepare(opts, &ctx);
    if (rc == EXIT_OK) {
        rc = cli_session_open(&session, opts, &ctx);
    }
    if (rc != EXIT_OK) {
        cli_wipe_credentials(&ctx.creds);
        return rc;
    }
    (void)memset(&w, 0, sizeof w);
    w.opts = opts;
    rc = watch_metrics_open(&w.metrics, opts, &ctx, &session); /* ops */
    for (bool run = (rc == EXIT_OK); run;) { /* ops: not at all if metrics failed */
        rc = poll_once(&session, &w, &ctx);
        if (opts->once) {
            break;
        }
        if ((rc == EXIT_NETWORK) || (rc == EXIT_API)) {
            (void)fprintf(stderr, "rmqdr: watch: poll failed; next try in %us\n", opts->interval_s);
        }
        if ((rc == EXIT_USAGE) || (rc == EXIT_MALFORMED)) {
            break; /* a configuration or decoding problem does not fix itself */
        }
        session.platform.sleep_ms(session.platform.ctx, opts->interval_s * 1000U);
    }
    watch_metrics_close(&w.metrics); /* ops */
    cli_session_close(&session);
    cli_wipe_credentials(&ctx.creds);
    return rc;
}
