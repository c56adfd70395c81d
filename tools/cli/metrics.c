/* Registry and rendering of rmqdr's Prometheus metrics; see metrics.h.
 *
 * Formats: Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/) and
 * OpenMetrics 1.0 (https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md).
 * Differences handled here: OpenMetrics names a counter family without
 * `_total` and an info family without `_info` in # TYPE, has # UNIT, escapes
 * '"' in # HELP and ends with "# EOF". */
#define _GNU_SOURCE 1 /* open_memstream, mkstemp */
#include "metrics.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define INFO_TEXT_SIZE 128U

typedef struct {
    int64_t plan_id;
    int64_t item_id;
    char topic[RMQDR_TOPIC_NAME_SIZE];
    char group[RMQDR_GROUP_ID_SIZE];
    char source[RMQDR_INSTANCE_ID_SIZE];
    char target[RMQDR_INSTANCE_ID_SIZE];
    bool has_lag;
    bool has_age;
    int64_t lag_ms;
    int64_t age_ms;
} series_t;

typedef struct {
    char code[RMQDR_CODE_SIZE];
    uint64_t count;
} error_count_t;

typedef struct {
    char *text;
    size_t len;
} snapshot_t;

struct metrics {
    char version[INFO_TEXT_SIZE];
    char commit[INFO_TEXT_SIZE];
    char mbedtls_version[INFO_TEXT_SIZE];
    char region[INFO_TEXT_SIZE];
    char endpoint[INFO_TEXT_SIZE];
    bool have_target;
    /* Poll in progress, then the last complete poll. */
    series_t *pending;
    size_t pending_count;
    series_t *series;
    size_t series_count;
    /* Per-poll figures. */
    bool polled;
    bool last_success;
    int64_t last_duration_ms;
    bool have_success_time;
    int64_t last_success_ms;
    uint64_t polls;
    uint64_t poll_failures;
    error_count_t errors[METRICS_MAX_ERROR_CODES];
    size_t error_count;
    rmqdr_client_stats_t stats;
    bool tls;
    uint64_t dropped_limit;
    uint64_t dropped_duplicate;
    uint64_t file_write_failures; /* --metrics-file writes that failed */
    /* Published renderings, read by the listener thread. */
    pthread_mutex_t lock;
    snapshot_t published[2];
};

/* ---- registry ---------------------------------------------------------- */

typedef enum { TYPE_GAUGE, TYPE_COUNTER, TYPE_INFO } metric_type_t;

typedef struct {
    const char *family; /* without _total / _info */
    metric_type_t type;
    const char *unit;   /* OpenMetrics UNIT, "" for none; the name ends with it */
    const char *help;
    void (*samples)(const metrics_t *m, const char *name, FILE *out);
} metric_def_t;

static void fmt_ms_as_seconds(FILE *out, int64_t ms)
{
    const int64_t v = (ms < 0) ? 0 : ms;

    (void)fprintf(out, "%" PRId64 ".%03" PRId64, v / 1000, v % 1000);
}

static void label(FILE *out, bool first, const char *key, const char *value)
{
    (void)fprintf(out, "%s%s=\"", first ? "" : ",", key);
    metrics_write_label_value(out, value);
    (void)fputc('"', out);
}

static void series_labels(FILE *out, const series_t *s)
{
    char plan[24];
    char item[24];

    (void)snprintf(plan, sizeof plan, "%" PRId64, s->plan_id);
    (void)snprintf(item, sizeof item, "%" PRId64, s->item_id);
    (void)fputc('{', out);
    label(out, true, "plan_id", plan);
    label(out, false, "item_id", item);
    label(out, false, "topic", s->topic);
    label(out, false, "group", s->group);
    label(out, false, "source_instance", s->source);
    label(out, false, "target_instance", s->target);
    (void)fputc('}', out);
}

static void samples_build(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s{", name);
    label(out, true, "version", m->version);
    label(out, false, "commit", m->commit);
    label(out, false, "mbedtls_version", m->mbedtls_version);
    (void)fputs("} 1\n", out);
}

static void samples_target(const metrics_t *m, const char *name, FILE *out)
{
    if (!m->have_target) {
        return;
    }
    (void)fprintf(out, "%s{", name);
    label(out, true, "region", m->region);
    label(out, false, "endpoint", m->endpoint);
    (void)fputs("} 1\n", out);
}

static void samples_lag(const metrics_t *m, const char *name, FILE *out)
{
    size_t i;

    for (i = 0U; i < m->series_count; i++) {
        if (m->series[i].has_lag) {
            (void)fputs(name, out);
            series_labels(out, &m->series[i]);
            (void)fputc(' ', out);
            fmt_ms_as_seconds(out, m->series[i].lag_ms);
            (void)fputc('\n', out);
        }
    }
}

static void samples_age(const metrics_t *m, const char *name, FILE *out)
{
    size_t i;

    for (i = 0U; i < m->series_count; i++) {
        if (m->series[i].has_age) {
            (void)fputs(name, out);
            series_labels(out, &m->series[i]);
            (void)fputc(' ', out);
            fmt_ms_as_seconds(out, m->series[i].age_ms);
            (void)fputc('\n', out);
        }
    }
}

static void samples_checkpoints(const metrics_t *m, const char *name, FILE *out)
{
    if (m->polled) {
        (void)fprintf(out, "%s %zu\n", name, m->series_count);
    }
}

static void samples_success(const metrics_t *m, const char *name, FILE *out)
{
    if (m->polled) {
        (void)fprintf(out, "%s %d\n", name, m->last_success ? 1 : 0);
    }
}

static void samples_duration(const metrics_t *m, const char *name, FILE *out)
{
    if (m->polled) {
        (void)fprintf(out, "%s ", name);
        fmt_ms_as_seconds(out, m->last_duration_ms);
        (void)fputc('\n', out);
    }
}

static void samples_last_success(const metrics_t *m, const char *name, FILE *out)
{
    if (m->have_success_time) {
        (void)fprintf(out, "%s ", name);
        fmt_ms_as_seconds(out, m->last_success_ms);
        (void)fputc('\n', out);
    }
}

static void samples_polls(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s %" PRIu64 "\n", name, m->polls);
}

static void samples_poll_failures(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s %" PRIu64 "\n", name, m->poll_failures);
}

static void samples_api_errors(const metrics_t *m, const char *name, FILE *out)
{
    size_t i;

    for (i = 0U; i < m->error_count; i++) {
        (void)fprintf(out, "%s{", name);
        label(out, true, "code", m->errors[i].code);
        (void)fprintf(out, "} %" PRIu64 "\n", m->errors[i].count);
    }
}

static void samples_requests(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s %" PRIu32 "\n", name, m->stats.requests);
}

static void samples_retries(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s %" PRIu32 "\n", name, m->stats.retries);
}

static void samples_connections(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s %" PRIu32 "\n", name, m->stats.connects);
}

static void samples_handshakes(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s %" PRIu32 "\n", name, m->tls ? m->stats.connects : 0U);
}

static void samples_credential_refreshes(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s %" PRIu32 "\n", name, m->stats.credential_refreshes);
}

static void samples_credential_failures(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s %" PRIu32 "\n", name, m->stats.credential_failures);
}

static void samples_dropped(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s{reason=\"limit\"} %" PRIu64 "\n", name, m->dropped_limit);
    (void)fprintf(out, "%s{reason=\"duplicate\"} %" PRIu64 "\n", name, m->dropped_duplicate);
}

static void samples_file_failures(const metrics_t *m, const char *name, FILE *out)
{
    (void)fprintf(out, "%s %" PRIu64 "\n", name, m->file_write_failures);
}

/* Every family rmqdr exposes: one line each. */
static const metric_def_t registry[] = {
    { "rmqdr_build", TYPE_INFO, "",
      "Build of rmqdr: version, git commit and mbedTLS version.", samples_build },
    { "rmqdr_target", TYPE_INFO, "",
      "Region and endpoint that rmqdr watch polls.", samples_target },
    { "rmqdr_checkpoint_lag_seconds", TYPE_GAUGE, "seconds",
      "Source minus target consumeTimestamp of a checkpoint; absent when either is unknown.",
      samples_lag },
    { "rmqdr_checkpoint_sync_age_seconds", TYPE_GAUGE, "seconds",
      "Server time minus lastSyncTime of a checkpoint; absent when unknown.", samples_age },
    { "rmqdr_checkpoints", TYPE_GAUGE, "",
      "Checkpoints exposed by the last successful poll.", samples_checkpoints },
    { "rmqdr_poll_success", TYPE_GAUGE, "",
      "1 when the last poll listed every checkpoint, else 0.", samples_success },
    { "rmqdr_poll_duration_seconds", TYPE_GAUGE, "seconds",
      "Wall time of the last poll.", samples_duration },
    { "rmqdr_poll_last_success_timestamp_seconds", TYPE_GAUGE, "seconds",
      "Unix time at the end of the last successful poll.", samples_last_success },
    { "rmqdr_polls", TYPE_COUNTER, "", "Polls completed.", samples_polls },
    { "rmqdr_poll_failures", TYPE_COUNTER, "", "Polls that failed.", samples_poll_failures },
    { "rmqdr_api_errors", TYPE_COUNTER, "",
      "Failed polls by the error code the service answered.", samples_api_errors },
    { "rmqdr_requests", TYPE_COUNTER, "", "HTTP requests sent, retries included.",
      samples_requests },
    { "rmqdr_retries", TYPE_COUNTER, "", "Requests retried after a failure.", samples_retries },
    { "rmqdr_connections", TYPE_COUNTER, "", "Connections opened to the endpoint.",
      samples_connections },
    { "rmqdr_tls_handshakes", TYPE_COUNTER, "", "TLS handshakes completed.", samples_handshakes },
    { "rmqdr_credential_refreshes", TYPE_COUNTER, "",
      "Rotating credentials fetched again from their provider (EcsRamRole, CredentialsURI).",
      samples_credential_refreshes },
    { "rmqdr_credential_refresh_failures", TYPE_COUNTER, "",
      "Refreshes of rotating credentials that failed (the old ones are kept until they expire).",
      samples_credential_failures },
    { "rmqdr_metrics_dropped_series", TYPE_COUNTER, "",
      "Checkpoint or error-code series left out: over the cardinality limit or duplicated.",
      samples_dropped },
    { "rmqdr_metrics_file_write_failures", TYPE_COUNTER, "",
      "Writes of --metrics-file that failed (each is also reported once on standard error).",
      samples_file_failures },
};

/* ---- escaping ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (RFC 3629), 0 if invalid. */
static size_t utf8_valid_length(const unsigned char *s)
{
    size_t n;
    size_t i;
    uint32_t cp;

    if (s[0] < 0x80U) {
        return 1U;
    }
    if ((s[0] & 0xE0U) == 0xC0U) {
        n = 2U; cp = s[0] & 0x1FU;
    } else if ((s[0] & 0xF0U) == 0xE0U) {
        n = 3U; cp = s[0] & 0x0FU;
    } else if ((s[0] & 0xF8U) == 0xF0U) {
        n = 4U; cp = s[0] & 0x07U;
    } else {
        return 0U;
    }
    for (i = 1U; i < n; i++) {
        if ((s[i] & 0xC0U) != 0x80U) {
            return 0U;
        }
        cp = (cp << 6) | (s[i] & 0x3FU);
    }
    if (((n == 2U) && (cp < 0x80U)) || ((n == 3U) && (cp < 0x800U)) ||
        ((n == 4U) && (cp < 0x10000U)) || (cp > 0x10FFFFU) || ((cp >= 0xD800U) && (cp <= 0xDFFFU))) {
        return 0U;
    }
    return n;
}

/* C0 (but LF, which the format escapes), DEL, and C1 (U+0080..U+009F). */
static bool is_control(const unsigned char *p, size_t n)
{
    if (n == 1U) {
        return ((p[0] < 0x20U) && (p[0] != (unsigned char)'\n')) || (p[0] == 0x7FU);
    }
    return (n == 2U) && (p[0] == 0xC2U) && (p[1] <= 0x9FU);
}

void metrics_write_label_value(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p != 0U) {
        const size_t n = utf8_valid_length(p);

        if (n == 0U) {
            (void)fputs("\xEF\xBF\xBD", out);
            p++;
        } else if (is_control(p, n)) {
            /* a C0/C1 control the format does not escape (ESC, BEL, CR, TAB...)
             * would reach a terminal running curl /metrics: U+FFFD instead */
            (void)fputs("\xEF\xBF\xBD", out);
        } else if (*p == '\\') {
            (void)fputs("\\\\", out);
        } else if (*p == '"') {
            (void)fputs("\\\"", out);
        } else if (*p == '\n') {
            (void)fputs("\\n", out);
        } else {
            (void)fwrite(p, 1U, n, out);
        }
        p += n;
    }
}

static void write_help(FILE *out, const char *s, metrics_format_t fmt)
{
    for (; *s != '\0'; s++) {
        if (*s == '\\') {
            (void)fputs("\\\\", out);
        } else if (*s == '\n') {
            (void)fputs("\\n", out);
        } else if ((*s == '"') && (fmt == METRICS_OPENMETRICS_1_0)) {
            (void)fputs("\\\"", out);
        } else {
            (void)fputc(*s, out);
        }
    }
}

/* ---- rendering --------------------------------------------------------- */

static void render_family(const metrics_t *m, const metric_def_t *d, metrics_format_t fmt, FILE *out)
{
    static const char *const suffix[] = { "", "_total", "_info" };
    static const char *const type_04[] = { "gauge", "counter", "gauge" };
    static const char *const type_om[] = { "gauge", "counter", "info" };
    char sample_name[96];
    const bool om = (fmt == METRICS_OPENMETRICS_1_0);
    /* 0.0.4 names the family as its samples; OpenMetrics without the suffix. */
    const char *family_suffix = om ? "" : suffix[d->type];

    (void)snprintf(sample_name, sizeof sample_name, "%s%s", d->family, suffix[d->type]);
    (void)fprintf(out, "# HELP %s%s ", d->family, family_suffix);
    write_help(out, d->help, fmt);
    (void)fprintf(out, "\n# TYPE %s%s %s\n", d->family, family_suffix,
                  om ? type_om[d->type] : type_04[d->type]);
    if (om && (d->unit[0] != '\0')) {
        (void)fprintf(out, "# UNIT %s %s\n", d->family, d->unit);
    }
    d->samples(m, sample_name, out);
}

bool metrics_render(const metrics_t *m, metrics_format_t fmt, FILE *out)
{
    size_t i;

    for (i = 0U; i < sizeof registry / sizeof registry[0]; i++) {
        render_family(m, &registry[i], fmt, out);
    }
    if (fmt == METRICS_OPENMETRICS_1_0) {
        (void)fputs("# EOF\n", out);
    }
    return (fflush(out) == 0) && (ferror(out) == 0);
}

metrics_format_t metrics_format_for_accept(const char *accept)
{
    return ((accept != NULL) && (strstr(accept, "application/openmetrics-text") != NULL))
               ? METRICS_OPENMETRICS_1_0
               : METRICS_TEXT_0_0_4;
}

const char *metrics_content_type(metrics_format_t fmt)
{
    return (fmt == METRICS_OPENMETRICS_1_0)
               ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
               : "text/plain; version=0.0.4; charset=utf-8";
}

/* ---- life cycle and feeding ----------------------------------------- */

static bool publish(metrics_t *m);

static void copy_text(char *dst, size_t size, const char *src)
{
    (void)snprintf(dst, size, "%s", (src != NULL) ? src : "");
}

metrics_t *metrics_create(const metrics_info_t *info)
{
    metrics_t *m = calloc(1U, sizeof *m);

    if (m == NULL) {
        return NULL;
    }
    m->pending = calloc(METRICS_MAX_CHECKPOINTS, sizeof *m->pending);
    m->series = calloc(METRICS_MAX_CHECKPOINTS, sizeof *m->series);
    if ((m->pending == NULL) || (m->series == NULL) || (pthread_mutex_init(&m->lock, NULL) != 0)) {
        free(m->pending);
        free(m->series);
        free(m);
        return NULL;
    }
    copy_text(m->version, sizeof m->version, info->version);
    copy_text(m->commit, sizeof m->commit, info->commit);
    copy_text(m->mbedtls_version, sizeof m->mbedtls_version, info->mbedtls_version);
    copy_text(m->region, sizeof m->region, info->region);
    copy_text(m->endpoint, sizeof m->endpoint, info->endpoint);
    m->have_target = (info->region != NULL) || (info->endpoint != NULL);
    (void)publish(m); /* before the first poll: build and target only */
    return m;
}

void metrics_destroy(metrics_t *m)
{
    if (m == NULL) {
        return;
    }
    free(m->published[0].text);
    free(m->published[1].text);
    (void)pthread_mutex_destroy(&m->lock);
    free(m->pending);
    free(m->series);
    free(m);
}

void metrics_begin_poll(metrics_t *m)
{
    m->pending_count = 0U;
}

void metrics_observe_checkpoint(metrics_t *m, const rmqdr_checkpoint_t *cp, const rmqdr_health_t *h)
{
    rmqdr_health_t computed;
    series_t *s;

    if (m->pending_count >= METRICS_MAX_CHECKPOINTS) {
        m->dropped_limit++;
        return;
    }
    if (h == NULL) {
        rmqdr_checkpoint_health(cp, NULL, &computed);
        h = &computed;
    }
    s = &m->pending[m->pending_count++];
    s->plan_id = cp->plan_id;
    s->item_id = cp->item_id;
    copy_text(s->topic, sizeof s->topic, cp->source.topic_name);
    copy_text(s->group, sizeof s->group, cp->source.consumer_group_id);
    copy_text(s->source, sizeof s->source, cp->source.instance_id);
    copy_text(s->target, sizeof s->target, cp->target.instance_id);
    s->has_lag = (h->unknown & RMQDR_HEALTH_LAG_UNKNOWN) == 0U;
    s->has_age = (h->unknown & RMQDR_HEALTH_AGE_UNKNOWN) == 0U;
    s->lag_ms = h->lag_ms;
    s->age_ms = h->age_ms;
}

static int compare_series(const void *a, const void *b)
{
    const series_t *x = a;
    const series_t *y = b;
    int c;

    if (x->plan_id != y->plan_id) {
        return (x->plan_id < y->plan_id) ? -1 : 1;
    }
    if (x->item_id != y->item_id) {
        return (x->item_id < y->item_id) ? -1 : 1;
    }
    c = strcmp(x->topic, y->topic);
    c = (c != 0) ? c : strcmp(x->group, y->group);
    c = (c != 0) ? c : strcmp(x->source, y->source);
    return (c != 0) ? c : strcmp(x->target, y->target);
}

/* Sorted, one series per label set, into m->series. */
static void adopt_pending(metrics_t *m)
{
    size_t i;

    qsort(m->pending, m->pending_count, sizeof *m->pending, compare_series);
    m->series_count = 0U;
    for (i = 0U; i < m->pending_count; i++) {
        if ((m->series_count > 0U) &&
            (compare_series(&m->series[m->series_count - 1U], &m->pending[i]) == 0)) {
            m->dropped_duplicate++;
            continue;
        }
        m->series[m->series_count++] = m->pending[i];
    }
}

static void count_error(metrics_t *m, const char *code)
{
    size_t i;

    for (i = 0U; i < m->error_count; i++) {
        if (strcmp(m->errors[i].code, code) == 0) {
            m->errors[i].count++;
            return;
        }
    }
    if (m->error_count >= METRICS_MAX_ERROR_CODES) {
        m->dropped_limit++;
        return;
    }
    copy_text(m->errors[m->error_count].code, RMQDR_CODE_SIZE, code);
    m->errors[m->error_count].count = 1U;
    m->error_count++;
}

static bool render_to_memory(const metrics_t *m, metrics_format_t fmt, snapshot_t *snap)
{
    FILE *f = open_memstream(&snap->text, &snap->len);
    bool ok;

    if (f == NULL) {
        return false;
    }
    ok = metrics_render(m, fmt, f);
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        free(snap->text);
        snap->text = NULL;
    }
    return ok;
}

static bool publish(metrics_t *m)
{
    snapshot_t fresh[2] = { { NULL, 0U }, { NULL, 0U } };
    snapshot_t old[2];
    size_t i;

    for (i = 0U; i < 2U; i++) {
        if (!render_to_memory(m, (metrics_format_t)i, &fresh[i])) {
            free(fresh[0].text);
            return false;
        }
    }
    (void)pthread_mutex_lock(&m->lock);
    (void)memcpy(old, m->published, sizeof old);
    (void)memcpy(m->published, fresh, sizeof fresh);
    (void)pthread_mutex_unlock(&m->lock);
    free(old[0].text);
    free(old[1].text);
    return true;
}

bool metrics_end_poll(metrics_t *m, const metrics_poll_t *poll)
{
    m->polled = true;
    m->polls++;
    m->last_success = poll->success;
    m->last_duration_ms = poll->duration_ms;
    m->tls = poll->tls;
    if (poll->stats != NULL) {
        m->stats = *poll->stats;
    }
    if (poll->success) {
        adopt_pending(m);
        m->have_success_time = true;
        m->last_success_ms = poll->end_unix_ms;
    } else {
        /* A failed poll keeps the last complete listing: a partial one
         * would make series vanish and alerts resolve. */
        m->poll_failures++;
        if ((poll->api_error_code != NULL) && (poll->api_error_code[0] != '\0')) {
            count_error(m, poll->api_error_code);
        }
    }
    m->pending_count = 0U;
    return publish(m);
}

void metrics_read_published(metrics_t *m, metrics_format_t fmt,
                            void (*fn)(void *ctx, const char *text, size_t len), void *ctx)
{
    const snapshot_t *s = &m->published[(fmt == METRICS_OPENMETRICS_1_0) ? 1 : 0];

    (void)pthread_mutex_lock(&m->lock);
    fn(ctx, (s->text != NULL) ? s->text : "", (s->text != NULL) ? s->len : 0U);
    (void)pthread_mutex_unlock(&m->lock);
}

/* ---- textfile collector ---------------------------------------------- */

static bool fail(char *err, size_t size, const char *what, const char *path, int e)
{
    (void)snprintf(err, size, "metrics file %s: %s: %s", path, what, strerror(e));
    return false;
}

bool metrics_write_file(metrics_t *m, const char *path, char *err, size_t err_size)
{
    char tmp[4096];
    FILE *f;
    int fd;
    bool ok;

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp) {
        m->file_write_failures++;
        return fail(err, err_size, "path too long", path, ENAMETOOLONG);
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        m->file_write_failures++;
        return fail(err, err_size, "cannot create temporary file", path, errno);
    }
    (void)fchmod(fd, 0644);
    f = fdopen(fd, "w");
    if (f == NULL) {
        (void)close(fd);
        (void)unlink(tmp);
        m->file_write_failures++;
        return fail(err, err_size, "cannot open", path, errno);
    }
    ok = metrics_render(m, METRICS_TEXT_0_0_4, f) && (fsync(fileno(f)) == 0);
    ok = (fclose(f) == 0) && ok;
    if (!ok || (rename(tmp, path) != 0)) {
        const int e = errno;

        (void)unlink(tmp);
        m->file_write_failures++;
        return fail(err, err_size, "cannot write", path, e);
    }
    return true;
}

bool metrics_check_file(const char *path, char *err, size_t err_size)
{
    char tmp[4096];
    struct stat st;
    int fd;

    if ((stat(path, &st) == 0) && S_ISDIR(st.st_mode)) {
        return fail(err, err_size, "is a directory", path, EISDIR);
    }
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp) {
        return fail(err, err_size, "path too long", path, ENAMETOOLONG);
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        return fail(err, err_size, "cannot create a file in its directory", path, errno);
    }
    (void)close(fd);
    (void)unlink(tmp);
    return true;
}
