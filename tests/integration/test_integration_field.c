/*
 * The client in the field against the emulator over real TLS (issue 12):
 * gateway HTML/text/empty/cut-short 5xx pages, absurd Date headers, a
 * server 20 minutes ahead, a server dripping one byte every 0.9 s, and an
 * endpoint written with a final dot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rmqdr/client.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/tls_mbedtls.h"

#include "emu_client.h"

typedef struct {
    emu_client_t ec;
    rmqdr_checkpoint_t items[100];
    rmqdr_envelope_t env;
    uint32_t skew_events;
} fixture_t;

static fixture_t fx;

/* Backoff is slept for real but shortened, so the suite stays quick. */
static void quick_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    rmqdr_posix_sleep_ms(NULL, ms > 20U ? 20U : ms);
}

static void observe(void *ctx, const rmqdr_event_t *ev)
{
    (void)ctx;
    if (ev->kind == RMQDR_EVENT_CLOCK_SKEW) {
        fx.skew_events++;
    }
}

static void make_client_at(const char *host, uint32_t retries, uint32_t timeout_ms, uint32_t deadline_ms)
{
    rmqdr_client_config_t cfg;

    memset(&fx, 0, sizeof fx);
    emu_client_prepare(&fx.ec, host, &cfg);
    fx.ec.platform.sleep_ms = quick_sleep;
    cfg.timeout_ms = timeout_ms;
    cfg.deadline_ms = deadline_ms;
    cfg.max_retries = retries;
    cfg.observer = observe;
    assert_int_equal(rmqdr_client_init(&fx.ec.client, &cfg), RMQDR_OK);
}

static void make_client(uint32_t retries)
{
    make_client_at("localhost", retries, 3000U, 0U);
}

static rmqdr_status_t list_page(void)
{
    rmqdr_request_t r;
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(fx.items, 100U);

    memset(&r, 0, sizeof r);
    r.plan_id = "1300000016";
    r.item_id = "100070284";
    r.instance_id = "rmq-cn-7e22ody0001";
    r.page_size_set = true;
    r.page_size = 5;
    return rmqdr_list_checkpoints(&fx.ec.client, &r, &sink, &fx.env);
}

static int reset_emulator(void **state)
{
    (void)state;
    emuctl_post("/_emu/reset", "{}");
    return 0;
}

static double wall_s(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ((double)ts.tv_nsec / 1e9);
}

static int64_t wall_unix_ms(void)
{
    return (int64_t)time(NULL) * 1000;
}

static const char *const k_gateway_faults[] = {
    "{\"kind\":\"html-error\"}",                                  /* issue: nginx 502 */
    "{\"kind\":\"html-error\",\"status\":504,\"server\":\"Tengine\"}", /* issue: 504 */
    "{\"kind\":\"empty-error\"}",                                 /* issue: 503 empty */
    "{\"kind\":\"text-error\",\"status\":500}",
    "{\"kind\":\"cut-error\"}",
    "{\"kind\":\"html-error\",\"status\":429,\"request_id\":false}",
    "{\"kind\":\"empty-error\",\"status\":502,\"request_id\":false}",
};

static void test_gateway_pages_retried(void **state)
{
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof k_gateway_faults / sizeof k_gateway_faults[0]; i++) {
        char body[256];

        (void)snprintf(body, sizeof body, "{\"faults\":[%s]}", k_gateway_faults[i]);
        emuctl_post("/_emu/faults", body);
        make_client(2U);
        if (list_page() != RMQDR_OK) {
            fail_msg("%s: %s", k_gateway_faults[i], rmqdr_status_name(rmqdr_client_last_error(&fx.ec.client)->cause));
        }
        assert_int_equal(fx.ec.client.stats.retries, 1U);
        assert_int_equal(fx.env.list_count, 5U);
        emu_client_close(&fx.ec);
    }
}

static void test_gateway_pages_reported(void **state)
{
    const rmqdr_error_detail_t *e;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof k_gateway_faults / sizeof k_gateway_faults[0]; i++) {
        char body[512];
        rmqdr_status_t got;

        (void)snprintf(body, sizeof body, "{\"faults\":[%s,%s],\"replace\":true}", k_gateway_faults[i],
                       k_gateway_faults[i]);
        emuctl_post("/_emu/faults", body);
        make_client(1U);
        got = list_page();
        e = rmqdr_client_last_error(&fx.ec.client);
        assert_int_equal(got, RMQDR_ERR_RETRIES_EXHAUSTED);
        assert_true((e->cause == RMQDR_ERR_SERVER_ERROR) || (e->cause == RMQDR_ERR_HTTP_TRUNCATED));
        assert_true(e->http_status >= 429);
        assert_string_equal(e->code, "");
        assert_string_equal(fx.env.code, "");
        assert_string_equal(fx.env.message, "");
        if (strstr(k_gateway_faults[i], "request_id") == NULL) {
            assert_true(strlen(e->request_id) > 8U); /* the gateway's x-acs-request-id */
        }
        assert_int_equal(e->attempts, 2U);
        emu_client_close(&fx.ec);
    }
}

/* The 200 with a 1970 Date, and siblings: no later request carries
 * a wrong x-acs-date (the emulator would reject it: 0 retries here). */
static void test_absurd_dates_ignored(void **state)
{
    static const char *const faults[] = {
        "{\"kind\":\"bad-date\"}",
        "{\"kind\":\"bad-date\",\"date\":\"Fri, 01 Jan 2500 00:00:00 GMT\"}",
        "{\"kind\":\"bad-date\",\"date\":\"not a date\"}",
        "{\"kind\":\"html-error\",\"date\":\"Thu, 01 Jan 1970 00:00:00 GMT\"}",
        "{\"kind\":\"empty-error\",\"date\":\"Sun, 06 Nov 1994 08:49:37 GMT\"}",
    };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof faults / sizeof faults[0]; i++) {
        char body[256];
        int64_t now = 0;

        (void)snprintf(body, sizeof body, "{\"faults\":[%s]}", faults[i]);
        emuctl_post("/_emu/faults", body);
        make_client(0U);
        (void)list_page(); /* the faulty answer: OK or a gateway error */
        assert_int_equal(list_page(), RMQDR_OK);
        assert_int_equal(fx.skew_events, 0U);
        assert_int_equal(rmqdr_client_server_now(&fx.ec.client, &now), RMQDR_OK);
        assert_true(llabs(now - wall_unix_ms()) < 5000);
        emu_client_close(&fx.ec);
    }
}

/* The emulator 20 min ahead: one rejection, one CLOCK_SKEW event, and
 * server time from then on. */
static void test_server_ahead_one_event(void **state)
{
    int64_t now = 0;

    (void)state;
    emuctl_post("/_emu/clock", "{\"offset_s\":1200}");
    make_client(0U);
    assert_int_equal(list_page(), RMQDR_OK);
    assert_int_equal(list_page(), RMQDR_OK);
    assert_int_equal(list_page(), RMQDR_OK);
    assert_int_equal(fx.skew_events, 1U);
    assert_int_equal(rmqdr_client_server_now(&fx.ec.client, &now), RMQDR_OK);
    assert_true(llabs(now - (wall_unix_ms() + 1200000)) < 5000);
    assert_int_equal(fx.ec.client.stats.requests, 4U); /* one re-signed */
    emu_client_close(&fx.ec);
}

/* The drip (one byte every 0.9 s, 1 s timeout, 0 retries) and a
 * sibling with retries: the deadline ends the call. */
static void test_drip_held_to_deadline(void **state)
{
    static const struct {
        uint32_t retries;
        uint32_t deadline_ms;
    } cases[] = { { 0U, 3000U }, { 3U, 2000U } };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        double t0;
        double took;

        emuctl_post("/_emu/faults", "{\"faults\":[],\"replace\":true,\"sticky\":{\"kind\":\"drip\"}}");
        make_client_at("localhost", cases[i].retries, 1000U, cases[i].deadline_ms);
        t0 = wall_s();
        assert_int_equal(list_page(), RMQDR_ERR_DEADLINE);
        took = wall_s() - t0;
        print_message("drip: deadline %u ms, %u retries: call took %.2f s\n",
                      (unsigned)cases[i].deadline_ms, (unsigned)cases[i].retries, took);
        assert_true(took < ((double)cases[i].deadline_ms / 1000.0) + 1.0);
        assert_true(took > ((double)cases[i].deadline_ms / 1000.0) - 1.0);
        emu_client_close(&fx.ec);
        emuctl_post("/_emu/faults", "{\"sticky\":null}");
    }
}

/* "localhost." is localhost: the certificate for "localhost" verifies and
 * SNI goes without the dot; the Host header (which the signature covers)
 * carries the endpoint as configured, as curl does. */
static void test_fqdn_trailing_dot(void **state)
{
    char out[4096];
    char want[64];

    (void)state;
    make_client_at("localhost.", 0U, 3000U, 0U);
    assert_string_equal(fx.ec.client.endpoint.host, "localhost");
    assert_int_equal(list_page(), RMQDR_OK);
    emu_client_close(&fx.ec);
    assert_int_equal(emuctl("GET", "/_emu/stats", ".last_request", out, sizeof out), 0);
    (void)snprintf(want, sizeof want, "\"localhost.:%s\"", getenv("EMU_PORT"));
    assert_non_null(strstr(out, want));

    /* sibling: upper case and a final dot */
    make_client_at("LOCALHOST.", 0U, 3000U, 0U);
    assert_int_equal(list_page(), RMQDR_OK);
    emu_client_close(&fx.ec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_gateway_pages_retried, reset_emulator),
        cmocka_unit_test_setup(test_gateway_pages_reported, reset_emulator),
        cmocka_unit_test_setup(test_absurd_dates_ignored, reset_emulator),
        cmocka_unit_test_setup(test_server_ahead_one_event, reset_emulator),
        cmocka_unit_test_setup(test_drip_held_to_deadline, reset_emulator),
        cmocka_unit_test_setup(test_fqdn_trailing_dot, reset_emulator),
    };

    if ((getenv("EMU_PORT") == NULL) || (getenv("EMU_CA") == NULL)) {
        fprintf(stderr, "run through tests/run.sh (EMU_PORT, EMU_CA)\n");
        return 1;
    }
    return cmocka_run_group_tests_name("integration-field", tests, reset_emulator, NULL);
}
