/* Unit tests of tools/cli/metrics.c: label escaping, absent-not-zero lag and
 * age, both exposition formats, cardinality limits, failed polls, the
 * atomic file writer. */
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>
#include <unistd.h>

#include "metrics.h"

static const metrics_info_t INFO = { "0.1.0", "abc123", "2.28.3", "cn-hangzhou",
                                     "rocketmq.cn-hangzhou.aliyuncs.com:443" };

static char *render(const metrics_t *m, metrics_format_t fmt)
{
    char *text = NULL;
    size_t len = 0U;
    FILE *f = open_memstream(&text, &len);

    assert_non_null(f);
    assert_true(metrics_render(m, fmt, f));
    assert_int_equal(fclose(f), 0);
    return text;
}

static char *escape(const char *s)
{
    char *text = NULL;
    size_t len = 0U;
    FILE *f = open_memstream(&text, &len);

    assert_non_null(f);
    metrics_write_label_value(f, s);
    assert_int_equal(fclose(f), 0);
    return text;
}

static void checkpoint(rmqdr_checkpoint_t *cp, const char *topic, const char *group, int64_t src_ms,
                       int64_t dst_ms, int64_t sync_ms)
{
    (void)memset(cp, 0, sizeof *cp);
    cp->plan_id = 1300000016;
    cp->item_id = 100070284;
    cp->present = RMQDR_CHECKPOINT_PLAN_ID | RMQDR_CHECKPOINT_ITEM_ID;
    (void)snprintf(cp->source.topic_name, sizeof cp->source.topic_name, "%s", topic);
    (void)snprintf(cp->source.consumer_group_id, sizeof cp->source.consumer_group_id, "%s", group);
    (void)snprintf(cp->source.instance_id, sizeof cp->source.instance_id, "rmq-src");
    (void)snprintf(cp->target.instance_id, sizeof cp->target.instance_id, "rmq-dst");
    cp->source.consume_timestamp = src_ms;
    cp->target.consume_timestamp = dst_ms;
    cp->last_sync_time = sync_ms;
    if (src_ms != 0) {
        cp->source.present |= RMQDR_PROGRESS_CONSUME_TIMESTAMP;
    }
    if (dst_ms != 0) {
        cp->target.present |= RMQDR_PROGRESS_CONSUME_TIMESTAMP;
    }
    if (sync_ms != 0) {
        cp->present |= RMQDR_CHECKPOINT_LAST_SYNC_TIME;
    }
}

static void observe(metrics_t *m, const rmqdr_checkpoint_t *cp, int64_t now_ms)
{
    rmqdr_health_t h;

    rmqdr_checkpoint_health(cp, &now_ms, &h);
    metrics_observe_checkpoint(m, cp, &h);
}

static void end_ok(metrics_t *m)
{
    const rmqdr_client_stats_t stats = { 2U, 5U, 1U, 0U, 3U, 1U };
    const metrics_poll_t poll = { true, 1234, 1700000000500, "", &stats, true };

    assert_true(metrics_end_poll(m, &poll));
}

static void test_escape_label_values(void **state)
{
    static const struct { const char *in; const char *out; } cases[] = {
        { "plain", "plain" },
        { "back\\slash", "back\\\\slash" },
        { "say \"hi\"", "say \\\"hi\\\"" },
        { "two\nlines", "two\\nlines" },
        { "tab\tgoes", "tab\xEF\xBF\xBDgoes" },                           /* C0: U+FFFD */
        { "esc\x1b[2Jbel\x07" "cr\r", "esc\xEF\xBF\xBD[2Jbel\xEF\xBF\xBD" "cr\xEF\xBF\xBD" },
        { "csi\xC2\x9B" "31m del\x7F", "csi\xEF\xBF\xBD" "31m del\xEF\xBF\xBD" }, /* C1, DEL */
        { "nbsp\xC2\xA0", "nbsp\xC2\xA0" },                             /* U+00A0 is not C1 */
        { "\xE4\xB8\xAD\xE6\x96\x87", "\xE4\xB8\xAD\xE6\x96\x87" }, /* UTF-8 kept */
        { "bad\xFF" "byte", "bad\xEF\xBF\xBD" "byte" },                  /* invalid -> U+FFFD */
        { "cut\xE4\xB8", "cut\xEF\xBF\xBD\xEF\xBF\xBD" },              /* truncated sequence */
        { "over\xC0\xAF", "over\xEF\xBF\xBD\xEF\xBF\xBD" },            /* overlong '/' */
        { "sur\xED\xA0\x80", "sur\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" }, /* UTF-16 surrogate */
        { "", "" },
    };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = escape(cases[i].in);

        assert_string_equal(got, cases[i].out);
        free(got);
    }
}

static void test_lag_and_age_absent_when_unknown(void **state)
{
    metrics_t *m = metrics_create(&INFO);
    rmqdr_checkpoint_t cp;
    char *text;

    (void)state;
    assert_non_null(m);
    metrics_begin_poll(m);
    checkpoint(&cp, "lagging", "G1", 1700000000000, 1699999400000, 1699999999000);
    observe(m, &cp, 1700000001000);
    checkpoint(&cp, "no_target_ts", "G2", 1700000000000, 0, 0);
    observe(m, &cp, 1700000001000);
    end_ok(m);
    text = render(m, METRICS_TEXT_0_0_4);
    assert_non_null(strstr(text, "rmqdr_checkpoint_lag_seconds{plan_id=\"1300000016\","
                                 "item_id=\"100070284\",topic=\"lagging\",group=\"G1\","
                                 "source_instance=\"rmq-src\",target_instance=\"rmq-dst\"} 600.000\n"));
    assert_non_null(strstr(text, "rmqdr_checkpoint_sync_age_seconds{plan_id=\"1300000016\","
                                 "item_id=\"100070284\",topic=\"lagging\",group=\"G1\","
                                 "source_instance=\"rmq-src\",target_instance=\"rmq-dst\"} 2.000\n"));
    /* Unknown: no sample at all, never 0. */
    assert_null(strstr(text, "lag_seconds{plan_id=\"1300000016\",item_id=\"100070284\",topic=\"no_target_ts\""));
    assert_null(strstr(text, "age_seconds{plan_id=\"1300000016\",item_id=\"100070284\",topic=\"no_target_ts\""));
    assert_non_null(strstr(text, "\nrmqdr_checkpoints 2\n"));
    assert_non_null(strstr(text, "\nrmqdr_poll_success 1\n"));
    assert_non_null(strstr(text, "\nrmqdr_poll_duration_seconds 1.234\n"));
    assert_non_null(strstr(text, "\nrmqdr_poll_last_success_timestamp_seconds 1700000000.500\n"));
    assert_non_null(strstr(text, "\nrmqdr_tls_handshakes_total 2\n"));
    assert_non_null(strstr(text, "\nrmqdr_requests_total 5\n"));
    assert_non_null(strstr(text, "\nrmqdr_retries_total 1\n"));
    assert_non_null(strstr(text, "\nrmqdr_credential_refreshes_total 3\n"));
    assert_non_null(strstr(text, "\nrmqdr_credential_refresh_failures_total 1\n"));
    free(text);
    metrics_destroy(m);
}

static void test_formats(void **state)
{
    metrics_t *m = metrics_create(&INFO);
    char *t04;
    char *om;

    (void)state;
    assert_non_null(m);
    t04 = render(m, METRICS_TEXT_0_0_4);
    om = render(m, METRICS_OPENMETRICS_1_0);
    /* 0.0.4: family named as its samples; info is a gauge; no UNIT, no EOF. */
    assert_non_null(strstr(t04, "# TYPE rmqdr_polls_total counter\n"));
    assert_non_null(strstr(t04, "# TYPE rmqdr_build_info gauge\n"));
    assert_null(strstr(t04, "# UNIT"));
    assert_null(strstr(t04, "# EOF"));
    /* OpenMetrics: suffixes off the family, info type, UNIT, EOF last. */
    assert_non_null(strstr(om, "# TYPE rmqdr_polls counter\nrmqdr_polls_total 0\n"));
    assert_non_null(strstr(om, "# TYPE rmqdr_build info\nrmqdr_build_info{version=\"0.1.0\","
                               "commit=\"abc123\",mbedtls_version=\"2.28.3\"} 1\n"));
    assert_non_null(strstr(om, "# UNIT rmqdr_checkpoint_lag_seconds seconds\n"));
    assert_int_equal(strcmp(om + strlen(om) - 6U, "# EOF\n"), 0);
    /* Before the first poll: no per-poll gauges (unknown, not 0). */
    assert_null(strstr(t04, "\nrmqdr_poll_success "));
    assert_null(strstr(t04, "\nrmqdr_poll_last_success_timestamp_seconds "));
    free(t04);
    free(om);
    metrics_destroy(m);
}

static void test_accept_negotiation(void **state)
{
    (void)state;
    assert_int_equal(metrics_format_for_accept(NULL), METRICS_TEXT_0_0_4);
    assert_int_equal(metrics_format_for_accept("*/*"), METRICS_TEXT_0_0_4);
    assert_int_equal(metrics_format_for_accept("text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
                     METRICS_TEXT_0_0_4);
    assert_int_equal(metrics_format_for_accept("application/openmetrics-text;version=1.0.0;"
                                               "q=0.5,text/plain;version=0.0.4;q=0.4"),
                     METRICS_OPENMETRICS_1_0);
    assert_string_equal(metrics_content_type(METRICS_TEXT_0_0_4),
                        "text/plain; version=0.0.4; charset=utf-8");
    assert_string_equal(metrics_content_type(METRICS_OPENMETRICS_1_0),
                        "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

static void test_cardinality_and_duplicates(void **state)
{
    metrics_t *m = metrics_create(&INFO);
    rmqdr_checkpoint_t cp;
    char topic[32];
    char *text;
    size_t i;

    (void)state;
    assert_non_null(m);
    metrics_begin_poll(m);
    checkpoint(&cp, "dup", "G", 2000, 1000, 0);
    observe(m, &cp, 5000);
    observe(m, &cp, 5000);
    for (i = 0U; i < METRICS_MAX_CHECKPOINTS + 4U; i++) {
        (void)snprintf(topic, sizeof topic, "t%05zu", i);
        checkpoint(&cp, topic, "G", 2000, 1000, 0);
        observe(m, &cp, 5000);
    }
    end_ok(m);
    text = render(m, METRICS_TEXT_0_0_4);
    /* 2 dup + (MAX-2) distinct fit; 6 over the limit; 1 duplicate. */
    assert_non_null(strstr(text, "rmqdr_metrics_dropped_series_total{reason=\"limit\"} 6\n"));
    assert_non_null(strstr(text, "rmqdr_metrics_dropped_series_total{reason=\"duplicate\"} 1\n"));
    {
        char expect[64];

        (void)snprintf(expect, sizeof expect, "\nrmqdr_checkpoints %u\n", METRICS_MAX_CHECKPOINTS - 1U);
        assert_non_null(strstr(text, expect));
    }
    free(text);
    metrics_destroy(m);
}

static void test_failed_poll_keeps_listing_counts_code(void **state)
{
    metrics_t *m = metrics_create(&INFO);
    rmqdr_checkpoint_t cp;
    const metrics_poll_t fail = { false, 10, 1700000009000, "Throttling.User", NULL, true };
    const metrics_poll_t fail_net = { false, 10, 1700000009000, "", NULL, true };
    char code[32];
    char *text;
    size_t i;

    (void)state;
    assert_non_null(m);
    metrics_begin_poll(m);
    checkpoint(&cp, "kept", "G", 2000, 1000, 0);
    observe(m, &cp, 5000);
    end_ok(m);
    metrics_begin_poll(m);
    assert_true(metrics_end_poll(m, &fail));
    assert_true(metrics_end_poll(m, &fail));
    assert_true(metrics_end_poll(m, &fail_net));
    text = render(m, METRICS_TEXT_0_0_4);
    assert_non_null(strstr(text, "topic=\"kept\""));
    assert_non_null(strstr(text, "\nrmqdr_poll_success 0\n"));
    assert_non_null(strstr(text, "\nrmqdr_poll_failures_total 3\n"));
    assert_non_null(strstr(text, "\nrmqdr_polls_total 4\n"));
    assert_non_null(strstr(text, "\nrmqdr_api_errors_total{code=\"Throttling.User\"} 2\n"));
    assert_non_null(strstr(text, "\nrmqdr_poll_last_success_timestamp_seconds 1700000000.500\n"));
    free(text);
    /* Error codes are bounded too. */
    for (i = 0U; i < METRICS_MAX_ERROR_CODES + 3U; i++) {
        metrics_poll_t p = fail;

        (void)snprintf(code, sizeof code, "Code%zu", i);
        p.api_error_code = code;
        assert_true(metrics_end_poll(m, &p));
    }
    text = render(m, METRICS_TEXT_0_0_4);
    assert_non_null(strstr(text, "rmqdr_metrics_dropped_series_total{reason=\"limit\"} 4\n"));
    free(text);
    metrics_destroy(m);
}

static void read_cb(void *ctx, const char *text, size_t len)
{
    char **out = ctx;

    *out = strndup(text, len);
}

static void test_published_snapshot_and_file(void **state)
{
    char dir[] = "/tmp/rmqdr-metrics-XXXXXX";
    char path[64];
    char err[256];
    metrics_t *m = metrics_create(&INFO);
    char *published = NULL;
    char *text;
    char *file_text;
    size_t n = 0U;
    FILE *f;
    DIR *d;
    struct dirent *e;
    int entries = 0;

    (void)state;
    assert_non_null(m);
    metrics_read_published(m, METRICS_OPENMETRICS_1_0, read_cb, &published);
    assert_non_null(strstr(published, "rmqdr_build_info{")); /* before the first poll */
    free(published);
    end_ok(m);
    assert_non_null(mkdtemp(dir));
    (void)snprintf(path, sizeof path, "%s/rmqdr.prom", dir);
    assert_true(metrics_write_file(m, path, err, sizeof err));
    assert_true(metrics_write_file(m, path, err, sizeof err));
    f = fopen(path, "r");
    assert_non_null(f);
    file_text = calloc(1U, 65536U);
    n = fread(file_text, 1U, 65535U, f);
    (void)fclose(f);
    text = render(m, METRICS_TEXT_0_0_4);
    assert_int_equal(n, strlen(text));
    assert_string_equal(file_text, text);
    d = opendir(dir); /* no temporary file left behind */
    while ((e = readdir(d)) != NULL) {
        entries += (e->d_name[0] != '.') ? 1 : 0;
    }
    (void)closedir(d);
    assert_int_equal(entries, 1);
    /* A directory that does not exist: one line naming the path. */
    assert_false(metrics_write_file(m, "/nonexistent-dir/x.prom", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent-dir/x.prom"));
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
    free(text);
    free(file_text);
    metrics_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_label_values),
        cmocka_unit_test(test_lag_and_age_absent_when_unknown),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_accept_negotiation),
        cmocka_unit_test(test_cardinality_and_duplicates),
        cmocka_unit_test(test_failed_poll_keeps_listing_counts_code),
        cmocka_unit_test(test_published_snapshot_and_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
