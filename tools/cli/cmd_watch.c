/* `rmqdr watch`: poll the listing and report replication lag and staleness,
 * of one item (--plan-id, --item-id) or of every item of an instance
 * (discovered again every --discover-interval; see watch_discover.h). */
#define _XOPEN_SOURCE 700 /* tsearch */
#include <inttypes.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "io.h"
#include "output.h"
#include "rmqdr/health.h"
#include "session.h"
#include "text.h"
#include "watch_discover.h"
#include "watch_metrics.h"

/* Why a checkpoint breaches. */
enum { BREACH_LAG = 1U << 0, BREACH_STALE = 1U << 1, BREACH_UNKNOWN = 1U << 2 };

/* What watch remembers per item and topic/group, in a tsearch tree: no cap. */
typedef struct track {
    int64_t plan_id;
    int64_t item_id;
    char *topic;
    char *group;
    int64_t checkpoint_id;
    unsigned reasons;  /* last state: 0 ok, else BREACH_* bits */
    uint64_t seen;     /* last poll that listed it */
    struct track *next_gone;
} track_t;

typedef struct {
    const cli_options_t *opts;
    const cli_session_t *session;
    void *tree;
    uint64_t poll;
    bool now_known;
    int64_t now_ms;
    uint32_t breaches;
    bool out_failed;
    watch_metrics_t metrics; /* --metrics-listen / --metrics-file */
    disc_set_t set;          /* the items polled: the one of the options, or those discovered */
    disc_set_t fresh;        /* the discovery under way */
    bool discovering;        /* no --plan-id/--item-id: the set comes from discovery */
    bool rediscover;         /* discover before the next poll (first poll, interval, API error) */
    int64_t next_discovery_ms; /* CLOCK_MONOTONIC */
    const disc_item_t *current; /* the item being polled */
    bool told_nothing_watched;  /* the last discovery found nothing to watch, and said so */
} watch_t;

static int compare_track(const void *a, const void *b)
{
    const track_t *x = (const track_t *)a;
    const track_t *y = (const track_t *)b;
    int c;

    if ((x->plan_id != y->plan_id) || (x->item_id != y->item_id)) {
        return (x->plan_id != y->plan_id) ? ((x->plan_id > y->plan_id) - (x->plan_id < y->plan_id))
                                          : ((x->item_id > y->item_id) - (x->item_id < y->item_id));
    }
    c = strcmp(x->topic, y->topic);

    return (c != 0) ? c : strcmp(x->group, y->group);
}

/* RFC 3339 UTC time of the local clock, for every line. */
static void stamp(char *buf, size_t cap)
{
    rmqdr_platform_t platform;
    int64_t now = 0;
    char date[RMQDR_DATE_SIZE];

    rmqdr_posix_platform_init(&platform);
    if ((platform.now_ms(platform.ctx, &now) != RMQDR_OK) || (rmqdr_format_date(now, date) != RMQDR_OK)) {
        (void)snprintf(buf, cap, "-");
        return;
    }
    (void)snprintf(buf, cap, "%s", date);
}

static void print_reasons_json(unsigned reasons)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        { BREACH_LAG, "lag" }, { BREACH_STALE, "stale" }, { BREACH_UNKNOWN, "unknown" },
    };
    size_t i;
    bool first = true;

    (void)fputs(",\"breached\":[", stdout);
    for (i = 0U; i < sizeof names / sizeof names[0]; i++) {
        if ((reasons & names[i].bit) != 0U) {
            (void)printf("%s\"%s\"", first ? "" : ",", names[i].name);
            first = false;
        }
    }
    (void)fputc(']', stdout);
}

static void print_reasons_text(unsigned reasons)
{
    if (reasons != 0U) {
        (void)printf("  breached:%s%s%s", ((reasons & BREACH_LAG) != 0U) ? " lag" : "",
                     ((reasons & BREACH_STALE) != 0U) ? " stale" : "",
                     ((reasons & BREACH_UNKNOWN) != 0U) ? " unknown" : "");
    }
}

static void print_line(const watch_t *w, const track_t *t, const char *status, unsigned reasons,
                       const rmqdr_health_t *h)
{
    char ts[RMQDR_DATE_SIZE + 4U];

    stamp(ts, sizeof ts);
    if (h == NULL) {
        /* a checkpoint that is gone: identity only */
    }
    (void)printf("{\"time\":\"%s\",\"status\":\"%s\",", ts, status);
    if (w->discovering) {
        /* ids from the API (one item's watch: the operator's own, as given) */
        (void)printf("\"planId\":%" PRId64 ",\"itemId\":%" PRId64 ",", t->plan_id, t->item_id);
    }
    (void)printf("\"checkpointId\":%" PRId64 ",\"topicName\":", t->checkpoint_id);
    cli_print_json_string(stdout, t->topic);
    (void)fputs(",\"consumerGroupId\":", stdout);
    cli_print_json_string(stdout, t->group);
    if (h != NULL) {
        (void)printf(((h->unknown & RMQDR_HEALTH_LAG_UNKNOWN) == 0U) ? ",\"lagMs\":%" PRId64 : ",\"lagMs\":null",
                     h->lag_ms);
        (void)printf(((h->unknown & RMQDR_HEALTH_AGE_UNKNOWN) == 0U) ? ",\"staleMs\":%" PRId64
                                                                      : ",\"staleMs\":null",
                     h->age_ms);
        print_reasons_json(reasons);
    }
    (void)fputs("}\n", stdout);
}

static void print_text(const track_t *t, const char *status, unsigned reasons, const rmqdr_checkpoint_t *cp,
                       const watch_t *w)
{
    char ts[RMQDR_DATE_SIZE + 4U];

    stamp(ts, sizeof ts);
    /* text keeps the upper-case words operators grep for */
    (void)printf("%s %-6s ", ts,
                 (strcmp(status, "breach") == 0) ? "BREACH" : (strcmp(status, "gone") == 0) ? "GONE" : status);
    if (w->discovering) {
        (void)printf("%" PRId64 "/%" PRId64 " ", t->plan_id, t->item_id);
    }
    cli_put_text(stdout, t->topic);
    (void)fputs(" / ", stdout);
    cli_put_text(stdout, t->group);
    if (cp != NULL) {
        char lag[24];
        char age[24];

        cli_health_text(cp, w->now_known ? &w->now_ms : NULL, lag, age, sizeof lag);
        (void)printf("  lag %s  stale %s", lag, age);
        print_reasons_text(reasons);
    }
    (void)fputc('\n', stdout);
}

static void report(const watch_t *w, const track_t *t, const char *status, unsigned reasons,
                   const rmqdr_checkpoint_t *cp, const rmqdr_health_t *h)
{
    if (w->opts->output == OUTPUT_JSONL) {
        print_line(w, t, status, reasons, h);
    } else {
        print_text(t, status, reasons, cp, w);
    }
}

/* "Never" breaches the threshold it prevents checking. */
static unsigned breach_reasons(const watch_t *w, const rmqdr_health_t *h)
{
    unsigned r = 0U;

    if (w->opts->max_lag_set) {
        if ((h->unknown & RMQDR_HEALTH_LAG_UNKNOWN) != 0U) {
            r |= BREACH_UNKNOWN;
        } else if (h->lag_ms > w->opts->max_lag_ms) {
            r |= BREACH_LAG;
        } else {
            /* within */
        }
    }
    if (w->opts->max_stale_set) {
        if ((h->unknown & RMQDR_HEALTH_AGE_UNKNOWN) != 0U) {
            r |= BREACH_UNKNOWN;
        } else if (h->age_ms > w->opts->max_stale_ms) {
            r |= BREACH_STALE;
        } else {
            /* within */
        }
    }
    return r;
}

static track_t *track_of(watch_t *w, const rmqdr_checkpoint_t *cp, bool *is_new)
{
    track_t probe;
    track_t *t;
    void *found;

    probe.plan_id = w->current->plan_id;
    probe.item_id = w->current->item_id;
    probe.topic = (char *)(uintptr_t)cli_topic(cp);
    probe.group = (char *)(uintptr_t)cli_group(cp);
    found = tfind(&probe, &w->tree, compare_track);
    *is_new = (found == NULL);
    if (found != NULL) {
        return *(track_t **)found;
    }
    t = calloc(1U, sizeof *t);
    if (t == NULL) {
        return NULL;
    }
    t->plan_id = probe.plan_id;
    t->item_id = probe.item_id;
    t->topic = strdup(probe.topic);
    t->group = strdup(probe.group);
    if ((t->topic == NULL) || (t->group == NULL) || (tsearch(t, &w->tree, compare_track) == NULL)) {
        free(t->topic);
        free(t->group);
        free(t);
        return NULL;
    }
    return t;
}

static rmqdr_status_t on_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    watch_t *w = (watch_t *)ctx;
    rmqdr_health_t h;
    unsigned reasons;
    bool is_new = false;
    track_t *t;

    if (!w->now_known) {
        /* server time, once the first response has taught the client its offset */
        w->now_known = cli_server_now(w->session, &w->now_ms) != NULL;
    }
    rmqdr_checkpoint_health(cp, w->now_known ? &w->now_ms : NULL, &h);
    watch_metrics_checkpoint(&w->metrics, cp, &h); /* the same values the lines show */
    reasons = breach_reasons(w, &h);
    t = track_of(w, cp, &is_new);
    if (t == NULL) {
        cli_put_stamp(stderr);
        (void)fprintf(stderr, "rmqdr: watch: out of memory\n");
        return RMQDR_ERR_ABORTED_BY_CALLBACK;
    }
    t->checkpoint_id = cp->checkpoint_id;
    t->seen = w->poll;
    if (reasons != 0U) {
        w->breaches++;
    }
    if ((reasons != 0U) || is_new || (t->reasons != reasons)) {
        report(w, t, (reasons != 0U) ? "breach" : "ok", reasons, cp, &h);
    }
    t->reasons = reasons;
    return cli_stdout_failed() ? RMQDR_ERR_ABORTED_BY_CALLBACK : RMQDR_OK;
}

/* Lines go out a page at a time, never cut at a buffer boundary mid-poll. */
static rmqdr_status_t on_page(void *ctx, const rmqdr_envelope_t *page)
{
    (void)ctx;
    (void)page;
    return cli_stdout_flush() ? RMQDR_OK : RMQDR_ERR_ABORTED_BY_CALLBACK;
}

/* twalk has no context argument: the sweep's state lives here for one walk.
 * Vanished entries are chained through their own next_gone link. */
static struct {
    uint64_t poll;
    track_t *gone;
} sweep;

static void collect_gone(const void *node, VISIT which, int depth)
{
    track_t *t = *(track_t *const *)node;

    (void)depth;
    if (((which == postorder) || (which == leaf)) && (t->seen != sweep.poll)) {
        t->next_gone = sweep.gone;
        sweep.gone = t;
    }
}

static void forget(watch_t *w, track_t *t)
{
    (void)tdelete(t, &w->tree, compare_track);
    free(t->topic);
    free(t->group);
    free(t);
}

/* A checkpoint missing from a complete listing of its item is reported
 * once, then forgotten. Checkpoints of an item no longer watched are
 * forgotten without a line (the item's event said why); those of an item
 * whose listing failed are kept. */
static void report_gone(watch_t *w)
{
    sweep.poll = w->poll;
    sweep.gone = NULL;
    twalk(w->tree, collect_gone);
    while (sweep.gone != NULL) {
        track_t *t = sweep.gone;
        const disc_item_t *item = disc_find(&w->set, t->plan_id, t->item_id);

        sweep.gone = t->next_gone;
        if ((item == NULL) || !item->watched) {
            forget(w, t);
        } else if (item->polled_ok) {
            report(w, t, "gone", 0U, NULL, NULL);
            forget(w, t);
        } else {
            /* its listing failed: not known to be gone */
        }
    }
}

/* The failed call's item in the jsonl error line (none: discovery). */
static void report_poll_failure(const watch_t *w, rmqdr_status_t st, int rc, uint32_t failures)
{
    char ts[RMQDR_DATE_SIZE + 4U];

    stamp(ts, sizeof ts);
    if (w->opts->output == OUTPUT_JSONL) {
        /* a consumer of the stream must not see silence during an outage */
        (void)printf("{\"time\":\"%s\",\"status\":\"error\",\"error\":\"%s\",\"exitCode\":%d,"
                     "\"consecutiveFailures\":%u",
                     ts, rmqdr_status_name(st), rc, failures);
        if (w->current != NULL) {
            (void)printf(",\"planId\":%" PRId64 ",\"itemId\":%" PRId64, w->current->plan_id, w->current->item_id);
        } else if (w->discovering) {
            (void)fputs(",\"call\":\"discovery\"", stdout);
        } else {
            /* single item */
        }
        (void)fputs("}\n", stdout);
    }
    /* the stderr line follows from cli_report_failure, stamped by the session */
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((int64_t)ts.tv_sec * 1000) + ((int64_t)ts.tv_nsec / 1000000);
}

static void print_event_json(const char *ts, const disc_event_t *ev)
{
    static const char *const changes[] = { "found", "status", "gone" };
    const char *status = (ev->item != NULL) ? ev->item->status : ev->plan->status;
    bool known = (ev->item != NULL) ? ev->item->status_known : ev->plan->status_known;

    (void)printf("{\"time\":\"%s\",\"status\":\"event\",\"event\":\"%s-%s\",\"planId\":%" PRId64, ts,
                 (ev->item != NULL) ? "item" : "plan", changes[ev->change],
                 (ev->item != NULL) ? ev->item->plan_id : ev->plan->plan_id);
    if (ev->item != NULL) {
        (void)printf(",\"itemId\":%" PRId64 ",\"itemStatus\":", ev->item->item_id);
    } else {
        (void)fputs(",\"planStatus\":", stdout);
    }
    if (known) {
        cli_print_json_string(stdout, status);
    } else {
        (void)fputs("null", stdout);
    }
    if (ev->change == DISC_STATUS) {
        (void)fputs(",\"previousStatus\":", stdout);
        if (ev->previous_status != NULL) {
            cli_print_json_string(stdout, ev->previous_status);
        } else {
            (void)fputs("null", stdout);
        }
    }
    if (ev->item != NULL) {
        (void)printf(",\"watched\":%s", ((ev->change != DISC_GONE) && ev->item->watched) ? "true" : "false");
    }
    (void)fputs("}\n", stdout);
}

static void print_event_text(const char *ts, const disc_event_t *ev)
{
    const char *status = (ev->item != NULL) ? ev->item->status : ev->plan->status;
    bool known = (ev->item != NULL) ? ev->item->status_known : ev->plan->status_known;

    (void)printf("%s EVENT  ", ts);
    if (ev->item != NULL) {
        (void)printf("item %" PRId64 "/%" PRId64, ev->item->plan_id, ev->item->item_id);
    } else {
        (void)printf("plan %" PRId64, ev->plan->plan_id);
    }
    if (ev->change == DISC_GONE) {
        (void)fputs(" gone", stdout);
    } else {
        (void)printf(" %s: %s ", (ev->change == DISC_FOUND) ? "found" : "changed",
                     (ev->item != NULL) ? "itemStatus" : "planStatus");
        if (ev->change == DISC_STATUS) {
            cli_put_text(stdout, (ev->previous_status != NULL) ? ev->previous_status : "-");
            (void)fputs(" -> ", stdout);
        }
        cli_put_text(stdout, known ? status : "-");
    }
    if (ev->item != NULL) {
        (void)fputs(((ev->change != DISC_GONE) && ev->item->watched) ? ", watched" : ", not watched", stdout);
    }
    (void)fputc('\n', stdout);
}

static void on_event(void *ctx, const disc_event_t *ev)
{
    const watch_t *w = (const watch_t *)ctx;
    char ts[RMQDR_DATE_SIZE + 4U];

    stamp(ts, sizeof ts);
    if (w->opts->output == OUTPUT_JSONL) {
        print_event_json(ts, ev);
    } else {
        print_event_text(ts, ev);
    }
}

/* One stderr line when a discovery leaves nothing to watch (and again
 * only after something was watched in between). */
static void report_nothing_watched(watch_t *w, const char *instance_id)
{
    size_t watched = 0U;
    size_t i;

    for (i = 0U; i < w->set.item_count; i++) {
        watched += w->set.items[i].watched ? 1U : 0U;
    }
    if ((watched == 0U) && !w->told_nothing_watched) {
        cli_put_stamp(stderr);
        (void)fputs("rmqdr: watch: no RUNNING item in a RUNNING plan of instance ", stderr);
        cli_put_text(stderr, instance_id);
        (void)fprintf(stderr, " (%zu plan(s), %zu item(s) found); discovering again in %llds\n",
                      w->set.plan_count, w->set.item_count, (long long)(w->opts->discover_interval_ms / 1000));
    }
    w->told_nothing_watched = (watched == 0U);
}

/* Discovery when due: the first poll, every --discover-interval, and after
 * an item's listing failed with an API error (a stopped or deleted item). */
static rmqdr_status_t discover_if_due(cli_session_t *s, watch_t *w, const cli_context_t *ctx,
                                      rmqdr_envelope_t *envelope)
{
    rmqdr_status_t st;

    if (!w->discovering || (!w->rediscover && (monotonic_ms() < w->next_discovery_ms))) {
        return RMQDR_OK;
    }
    st = disc_discover(s, &ctx->request, &w->fresh, envelope);
    if (st != RMQDR_OK) {
        return st; /* the last set stays */
    }
    disc_diff(&w->set, &w->fresh, on_event, w);
    disc_swap(&w->set, &w->fresh);
    report_nothing_watched(w, ctx->request.instance_id);
    w->rediscover = false;
    w->next_discovery_ms = monotonic_ms() + w->opts->discover_interval_ms;
    return RMQDR_OK;
}

typedef struct {
    rmqdr_status_t st; /* the last failure of the round, or RMQDR_OK */
    int rc;
} round_t;

/* One failed call of a round: counted once per round, one line each. */
static void call_failed(cli_session_t *s, watch_t *w, rmqdr_status_t st, const rmqdr_envelope_t *envelope,
                        round_t *r, uint32_t *failures)
{
    if (r->st == RMQDR_OK) {
        *failures += 1U;
    }
    r->st = st;
    r->rc = cli_exit_code(st);
    watch_metrics_call_failed(&w->metrics, st);
    report_poll_failure(w, st, r->rc, *failures);
    cli_report_failure(s, st, envelope);
    if (r->rc == EXIT_API) {
        w->rediscover = true;
    }
}

/* Every checkpoint of every watched item; false when stdout failed. */
static bool poll_items(cli_session_t *s, watch_t *w, const cli_context_t *ctx, round_t *r, uint32_t *failures)
{
    static rmqdr_checkpoint_t scratch;
    static rmqdr_envelope_t envelope;
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, on_checkpoint, w);
    size_t i;

    for (i = 0U; i < w->set.item_count; i++) {
        disc_item_t *item = &w->set.items[i];
        rmqdr_request_t req = ctx->request;
        rmqdr_status_t st;

        item->polled_ok = false;
        if (!item->watched) {
            continue;
        }
        req.operation = &rmqdr_op_list_checkpoints;
        req.plan_id = item->plan_text;
        req.item_id = item->item_text;
        req.instance_id = item->source;
        w->current = item;
        st = rmqdr_list_all_checkpoints(&s->client, &req, &sink, &envelope, on_page, w);
        if ((st == RMQDR_ERR_ABORTED_BY_CALLBACK) && cli_stdout_failed()) {
            return false;
        }
        if (st == RMQDR_OK) {
            item->polled_ok = true;
        } else {
            call_failed(s, w, st, &envelope, r, failures);
        }
    }
    w->current = NULL;
    return true;
}

static int poll_once(cli_session_t *s, watch_t *w, const cli_context_t *ctx, uint32_t *failures)
{
    static rmqdr_envelope_t envelope;
    round_t r = { RMQDR_OK, EXIT_OK };
    rmqdr_status_t st;

    w->poll++;
    w->breaches = 0U;
    w->now_known = false;
    w->session = s;
    w->current = NULL;
    watch_metrics_begin(&w->metrics);
    st = discover_if_due(s, w, ctx, &envelope);
    if (st != RMQDR_OK) {
        call_failed(s, w, st, &envelope, &r, failures);
    }
    if (!poll_items(s, w, ctx, &r, failures)) {
        return EXIT_OUTPUT;
    }
    watch_metrics_end(&w->metrics, r.st);
    if (cli_stdout_failed()) {
        return EXIT_OUTPUT;
    }
    report_gone(w);
    if (r.st != RMQDR_OK) {
        return r.rc;
    }
    *failures = 0U;
    return (w->breaches > 0U) ? EXIT_BREACH : EXIT_OK;
}

/* The CA file is re-read when it changes (certificate rotation). */
typedef struct {
    bool known;
    struct stat st;
} ca_state_t;

static bool ca_changed(const char *path, ca_state_t *ca)
{
    struct stat now;
    bool changed;

    if ((path == NULL) || (stat(path, &now) != 0)) {
        return false;
    }
    changed = ca->known && ((now.st_mtim.tv_sec != ca->st.st_mtim.tv_sec) ||
                            (now.st_mtim.tv_nsec != ca->st.st_mtim.tv_nsec) || (now.st_ino != ca->st.st_ino) ||
                            (now.st_size != ca->st.st_size));
    ca->st = now;
    ca->known = true;
    return changed;
}

static int reload_if_needed(cli_session_t *s, watch_t *w, const cli_options_t *opts, const cli_context_t *ctx,
                            ca_state_t *ca)
{
    if (!ca_changed(opts->ca_file, ca)) {
        return EXIT_OK;
    }
    if (opts->verbose) {
        cli_put_stamp(stderr);
        (void)fprintf(stderr, "rmqdr: watch: --ca-file changed; reloading it\n");
    }
    watch_metrics_client_closing(&w->metrics); /* counters carry over the new client */
    cli_session_close(s);
    return cli_session_open(s, opts, ctx);
}

static int watch_loop(cli_session_t *s, watch_t *w, const cli_options_t *opts, const cli_context_t *ctx)
{
    ca_state_t ca;
    uint32_t failures = 0U;

    (void)memset(&ca, 0, sizeof ca);
    (void)ca_changed(opts->ca_file, &ca);
    for (;;) {
        int rc = poll_once(s, w, ctx, &failures);

        if (!cli_stdout_flush()) {
            return EXIT_OUTPUT;
        }
        if (opts->once || (rc == EXIT_USAGE) || (rc == EXIT_OUTPUT) || (rc == EXIT_LOCAL)) {
            return rc; /* a configuration problem does not fix itself */
        }
        if ((opts->max_failures > 0) && (failures >= (uint64_t)opts->max_failures)) {
            cli_put_stamp(stderr);
            (void)fprintf(stderr, "rmqdr: watch: %u failed polls in a row (--max-failures); giving up\n",
                          failures);
            return EXIT_NETWORK;
        }
        if (failures > 0U) {
            cli_put_stamp(stderr);
            (void)fprintf(stderr, "rmqdr: watch: poll failed; next try in %llds\n",
                          (long long)(opts->interval_ms / 1000));
        }
        s->platform.sleep_ms(s->platform.ctx, (uint32_t)opts->interval_ms);
        rc = reload_if_needed(s, w, opts, ctx, &ca);
        if (rc != EXIT_OK) {
            return rc;
        }
    }
}

int cmd_watch(const cli_options_t *opts)
{
    static cli_context_t ctx;
    static cli_session_t session;
    static watch_t w;
    int rc = cli_prepare(opts, &ctx);

    if (rc == EXIT_OK) {
        rc = cli_session_open(&session, opts, &ctx);
    }
    if (rc != EXIT_OK) {
        cli_wipe_credentials(&ctx.creds);
        return rc;
    }
    (void)memset(&w, 0, sizeof w);
    w.opts = opts;
    w.discovering = cli_watch_discovers(opts);
    w.rediscover = w.discovering;
    if (!w.discovering && !disc_single(&w.set, opts->plan_id, opts->item_id, opts->instance_id)) {
        cli_put_stamp(stderr);
        (void)fprintf(stderr, "rmqdr: watch: out of memory\n");
        rc = EXIT_LOCAL;
    } else {
        rc = watch_metrics_open(&w.metrics, opts, &ctx, &session);
    }
    if (rc == EXIT_OK) {
        rc = watch_loop(&session, &w, opts, &ctx);
    }
    watch_metrics_close(&w.metrics);
    disc_free(&w.set);
    disc_free(&w.fresh);
    cli_session_close(&session);
    cli_wipe_credentials(&ctx.creds);
    return rc;
}
