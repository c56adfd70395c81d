/*
 * Discovery over real TLS against the local emulator: an instance finds
 * its plans, their items and every checkpoint of every item over one
 * connection; filters, paging and product errors of the two new
 * operations; the external instance's credentials never reach a struct.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/discover.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/tls_mbedtls.h"

#include "emu_client.h"

#define INSTANCE "rmq-cn-7e22ody0001"
#define EXT_USERNAME "EMU_EXT_USERNAME_7f3a"          /* in tools/emulator/data/sample.json */
#define EXT_PASSWORD "EMU-EXT-PASSWORD-do-not-print-91c2"

typedef struct {
    emu_client_t ec;
    rmqdr_plan_t plans[8];
    rmqdr_item_t items[8];
    rmqdr_checkpoint_t cps[100];
    rmqdr_envelope_t env;
} fixture_t;

static fixture_t fx;

static int setup(void **state)
{
    rmqdr_client_config_t cfg;

    (void)state;
    memset(&fx, 0, sizeof fx);
    emu_client_prepare(&fx.ec, "localhost", &cfg);
    cfg.timeout_ms = 5000U;
    assert_int_equal(rmqdr_client_init(&fx.ec.client, &cfg), RMQDR_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    emu_client_close(&fx.ec);
    return 0;
}

static void assert_no_secret(const void *bytes, size_t n)
{
    const char *const secrets[2] = { EXT_USERNAME, EXT_PASSWORD };
    size_t s;
    size_t i;

    for (s = 0U; s < 2U; s++) {
        const size_t len = strlen(secrets[s]);

        for (i = 0U; i + len <= n; i++) {
            assert_false(memcmp((const char *)bytes + i, secrets[s], len) == 0);
        }
    }
}

/* Instance -> 2 plans -> 3 items -> 14 checkpoints, one TLS handshake. */
static void test_instance_discovers_everything(void **state)
{
    rmqdr_request_t r;
    rmqdr_json_sink_t sink = rmqdr_json_sink_plans_array(fx.plans, 8U);
    size_t p;
    size_t items_total = 0U;
    uint32_t checkpoints = 0U;

    (void)state;
    memset(&r, 0, sizeof r);
    r.instance_id = INSTANCE;
    assert_int_equal(rmqdr_list_all_plans(&fx.ec.client, &r, &sink, &fx.env, NULL, NULL), RMQDR_OK);
    assert_int_equal(fx.env.list_count, 2U);
    assert_int_equal(fx.plans[0].plan_id, 1300000016LL);
    assert_int_equal(fx.plans[1].plan_id, 1300000017LL);
    assert_string_equal(fx.plans[0].plan_status, "RUNNING");
    assert_int_equal(fx.plans[1].instances_count, 2U);
    assert_int_equal(fx.plans[1].instances[1].instance_type, RMQDR_INSTANCE_TYPE_EXTERNAL_ROCKETMQ);
    assert_string_equal(fx.plans[1].instances[1].endpoint_url, "rmq-ext-sg-0003.example.internal:9876");
    assert_true(fx.plans[0].auto_sync_checkpoint);
    assert_false(fx.plans[1].auto_sync_checkpoint);
    assert_no_secret(fx.plans, sizeof fx.plans);
    assert_no_secret(&fx.ec.client.response, sizeof fx.ec.client.response); /* the decode work area */
    for (p = 0U; p < 2U; p++) {
        char plan_id[24];
        rmqdr_json_sink_t isink = rmqdr_json_sink_items_array(fx.items, 8U);
        size_t i;
        size_t n_items;
        const size_t n_plans_items = (p == 0U) ? 2U : 1U;

        (void)snprintf(plan_id, sizeof plan_id, "%lld", (long long)fx.plans[p].plan_id);
        memset(&r, 0, sizeof r);
        r.plan_id = plan_id;
        assert_int_equal(rmqdr_list_all_items(&fx.ec.client, &r, &isink, &fx.env, NULL, NULL), RMQDR_OK);
        assert_int_equal(fx.env.list_count, n_plans_items);
        n_items = fx.env.list_count;
        items_total += n_items;
        for (i = 0U; i < n_items; i++) {
            char item_id[24];
            rmqdr_json_sink_t csink = rmqdr_json_sink_array(fx.cps, 100U);
            rmqdr_request_t c;

            assert_string_equal(fx.items[i].item_status, "RUNNING");
            assert_int_equal(fx.items[i].plan_id, fx.plans[p].plan_id);
            assert_int_equal(fx.items[i].topics_count, 2U);
            (void)snprintf(item_id, sizeof item_id, "%lld", (long long)fx.items[i].item_id);
            memset(&c, 0, sizeof c);
            c.plan_id = plan_id;
            c.item_id = item_id;
            c.instance_id = INSTANCE;
            assert_int_equal(rmqdr_list_all_checkpoints(&fx.ec.client, &c, &csink, &fx.env, NULL, NULL),
                             RMQDR_OK);
            checkpoints += fx.env.list_count;
        }
    }
    assert_int_equal(items_total, 3U);
    assert_int_equal(checkpoints, 12U + 0U + 2U);
    assert_int_equal(fx.ec.client.stats.connects, 1U);
}

static void test_filters_and_paging(void **state)
{
    rmqdr_request_t r;
    rmqdr_json_sink_t sink = rmqdr_json_sink_plans_array(fx.plans, 8U);
    rmqdr_json_sink_t isink = rmqdr_json_sink_items_array(fx.items, 8U);

    (void)state;
    memset(&r, 0, sizeof r);
    assert_int_equal(rmqdr_list_plans(&fx.ec.client, &r, &sink, &fx.env), RMQDR_OK);
    assert_int_equal(fx.env.total_count, 3); /* every plan of the account */
    r.filter = "inventory";
    assert_int_equal(rmqdr_list_plans(&fx.ec.client, &r, &sink, &fx.env), RMQDR_OK);
    assert_int_equal(fx.env.list_count, 1U);
    assert_int_equal(fx.plans[0].plan_id, 1300000017LL);
    memset(&r, 0, sizeof r);
    r.instance_id = INSTANCE;
    r.page_size_set = true;
    r.page_size = 1;
    r.page_number_set = true;
    r.page_number = 2;
    assert_int_equal(rmqdr_list_plans(&fx.ec.client, &r, &sink, &fx.env), RMQDR_OK);
    assert_int_equal(fx.env.total_count, 2);
    assert_int_equal(fx.env.list_count, 1U);
    assert_int_equal(fx.plans[0].plan_id, 1300000017LL);
    memset(&r, 0, sizeof r);
    r.plan_id = "1300000016";
    r.topic_name = "refunds";
    assert_int_equal(rmqdr_list_items(&fx.ec.client, &r, &isink, &fx.env), RMQDR_OK);
    assert_int_equal(fx.env.list_count, 1U);
    assert_int_equal(fx.items[0].item_id, 100070285LL);
    assert_string_equal(fx.items[0].topics[1].delivery_order_type, "Orderly");
}

static void test_product_errors(void **state)
{
    rmqdr_request_t r;
    rmqdr_json_sink_t isink = rmqdr_json_sink_items_array(fx.items, 8U);
    rmqdr_json_sink_t wrong = rmqdr_json_sink_array(fx.cps, 100U);

    (void)state;
    memset(&r, 0, sizeof r);
    r.plan_id = "99 / no such plan";
    assert_int_equal(rmqdr_list_items(&fx.ec.client, &r, &isink, &fx.env), RMQDR_ERR_API);
    assert_int_equal(fx.env.http_status, 404);
    assert_string_equal(fx.env.code, "DisasterRecoveryPlan.NotFound");
    r.plan_id = "1300000016";
    r.page_size_set = true;
    r.page_size = 100;
    r.page_number_set = true;
    r.page_number = 200000000; /* beyond the emulator's range */
    assert_int_equal(rmqdr_list_items(&fx.ec.client, &r, &isink, &fx.env), RMQDR_ERR_API);
    assert_string_equal(fx.env.code, "InvalidParameter.PageNumber");
    /* A sink of the wrong struct is refused before anything is sent. */
    assert_int_equal(rmqdr_list_items(&fx.ec.client, &r, &wrong, &fx.env), RMQDR_ERR_BAD_ARGUMENT);
    r.plan_id = NULL;
    assert_int_equal(rmqdr_list_items(&fx.ec.client, &r, &isink, &fx.env), RMQDR_ERR_MISSING_PLAN_ID);
}

/* A status changed at run time (the later `watch --instance-id` event). */
static void test_status_change_seen(void **state)
{
    rmqdr_request_t r;
    rmqdr_json_sink_t isink = rmqdr_json_sink_items_array(fx.items, 8U);

    (void)state;
    memset(&r, 0, sizeof r);
    r.plan_id = "1300000016";
    emuctl_post("/_emu/status", "{\"planId\": 1300000016, \"itemId\": 100070285, \"status\": \"MANUAL_STOPPED\"}");
    assert_int_equal(rmqdr_list_items(&fx.ec.client, &r, &isink, &fx.env), RMQDR_OK);
    assert_string_equal(fx.items[1].item_status, "MANUAL_STOPPED");
    emuctl_post("/_emu/status", "{\"planId\": 1300000016, \"itemId\": 100070285, \"status\": \"RUNNING\"}");
    assert_int_equal(rmqdr_list_items(&fx.ec.client, &r, &isink, &fx.env), RMQDR_OK);
    assert_string_equal(fx.items[1].item_status, "RUNNING");
}

/* A descriptor is data: one whose action does not match its path is
 * refused by the emulator's gateway like any unknown API. */
static void test_descriptor_action_checked(void **state)
{
    static const rmqdr_param_use_t uses[] = { { RMQDR_PARAM_INSTANCE_ID, RMQDR_IN_QUERY, false } };
    const rmqdr_operation_t wrong = { "ListDisasterRecoveryCheckpoints", "2022-08-01", "GET",
                                      "/disaster_recovery", uses, 1U };
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(fx.cps, 100U);
    rmqdr_request_t r;

    (void)state;
    memset(&r, 0, sizeof r);
    r.operation = &wrong;
    assert_int_equal(rmqdr_list_checkpoints(&fx.ec.client, &r, &sink, &fx.env), RMQDR_ERR_API);
    assert_int_equal(fx.env.http_status, 404);
    assert_string_equal(fx.env.code, "InvalidAction.NotFound");
}

/* What the emulator logged while serving the external instance's
 * credentials holds neither of them. */
static void test_emulator_logs_clean(void **state)
{
    static char text[1 << 20];
    const char *logs[2] = { "stderr.log", "stdout.log" };
    size_t k;

    (void)state;
    for (k = 0U; k < 2U; k++) {
        char path[512];
        FILE *f;
        size_t n;

        (void)snprintf(path, sizeof path, "%s/%s", getenv("EMU_DIR"), logs[k]);
        f = fopen(path, "rb");
        if (f == NULL) {
            continue;
        }
        n = fread(text, 1U, sizeof text, f);
        (void)fclose(f);
        assert_no_secret(text, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_instance_discovers_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters_and_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_product_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_descriptor_action_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_change_seen, setup, teardown),
        cmocka_unit_test(test_emulator_logs_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
