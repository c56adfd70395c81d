/* The client over real TLS against the local emulator (tests/integration/run_emulator.sh). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmqdr/client.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/tls_mbedtls.h"

#include "emu_client.h"

#define SAMPLE_TOTAL 12

typedef struct {
    emu_client_t ec;
    rmqdr_checkpoint_t items[100];
    rmqdr_envelope_t env;
    uint32_t sleeps;
    uint32_t slept_ms;
} fixture_t;

static fixture_t fx;

/* Retries must not slow the suite: sleeps are counted and shortened. */
static void quick_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    fx.sleeps++;
    fx.slept_ms += ms;
    rmqdr_posix_sleep_ms(NULL, ms > 20U ? 20U : ms);
}

static void make_client(const char *secret, uint32_t retries, uint32_t timeout_ms)
{
    rmqdr_client_config_t cfg;

    memset(&fx, 0, sizeof fx);
    emu_client_prepare(&fx.ec, "localhost", &cfg);
    fx.ec.platform.sleep_ms = quick_sleep;
    cfg.config.access_key_secret = secret;
    cfg.timeout_ms = timeout_ms;
    cfg.max_retries = retries;
    cfg.backoff_base_ms = 50U;
    cfg.backoff_max_ms = 400U;
    assert_int_equal(rmqdr_client_init(&fx.ec.client, &cfg), RMQDR_OK);
}

static rmqdr_request_t sample_request(int64_t page_size)
{
    rmqdr_request_t r;

    memset(&r, 0, sizeof r);
    r.plan_id = "1300000016";
    r.item_id = "100070284";
    r.instance_id = "rmq-cn-7e22ody0001";
    if (page_size > 0) {
        r.page_size_set = true;
        r.page_size = page_size;
    }
    return r;
}

static rmqdr_status_t list_page(int64_t page_size)
{
    rmqdr_request_t r = sample_request(page_size);
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(fx.items, 100U);

    return rmqdr_list_checkpoints(&fx.ec.client, &r, &sink, &fx.env);
}

static int reset_emulator(void **state)
{
    (void)state;
    emuctl_post("/_emu/reset", "{}");
    return 0;
}

static void test_single_page(void **state)
{
    (void)state;
    make_client(getenv("EMU_KEY_SECRET"), 0U, 5000U);
    assert_int_equal(list_page(5), RMQDR_OK);
    assert_int_equal(fx.env.http_status, 200);
    assert_true(fx.env.success);
    assert_int_equal(fx.env.total_count, SAMPLE_TOTAL);
    assert_int_equal(fx.env.page_size, 5);
    assert_int_equal(fx.env.list_count, 5U);
    assert_int_equal(fx.items[0].plan_id, 1300000016LL);
    assert_int_equal(fx.items[0].item_id, 100070284LL);
    assert_string_equal(fx.items[0].source.instance_id, "rmq-cn-7e22ody0001");
    assert_int_equal(fx.items[0].source.instance_type, RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ);
    assert_true((fx.items[0].source.present & RMQDR_PROGRESS_CONSUME_TIMESTAMP) != 0U);
    assert_true(fx.env.request_id[0] != '\0');
    emu_client_close(&fx.ec);
}

typedef struct {
    uint32_t items;
    uint32_t pages;
    char first_topic[RMQDR_TOPIC_NAME_SIZE];
} count_t;

static rmqdr_status_t count_item(void *ctx, const rmqdr_checkpoint_t *cp)
{
    count_t *c = (count_t *)ctx;

    if (c->items == 0U) {
        strcpy(c->first_topic, cp->source.topic_name);
    }
    c->items++;
    return RMQDR_OK;
}

static rmqdr_status_t count_page(void *ctx, const rmqdr_envelope_t *page)
{
    (void)page;
    ((count_t *)ctx)->pages++;
    return RMQDR_OK;
}

static void test_all_pages_one_handshake(void **state)
{
    rmqdr_request_t r = sample_request(5);
    rmqdr_checkpoint_t scratch;
    count_t c;
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, count_item, &c);

    (void)state;
    memset(&c, 0, sizeof c);
    make_client(getenv("EMU_KEY_SECRET"), 0U, 5000U);
    assert_int_equal(rmqdr_list_all_checkpoints(&fx.ec.client, &r, &sink, &fx.env, count_page, &c),
                     RMQDR_OK);
    assert_int_equal(c.items, SAMPLE_TOTAL);
    assert_int_equal(c.pages, 3U);
    assert_int_equal(fx.ec.client.stats.connects, 1U);
    assert_int_equal(fx.ec.client.stats.requests, 3U);
    assert_int_equal(fx.ec.tls.full_handshakes, 1U);
    emu_client_close(&fx.ec);
    assert_int_equal(emuctl_stat("handshakes"), 1);
    assert_int_equal(emuctl_stat("requests"), 3);
}

static void expect_recovery(const char *fault, uint32_t expect_retries)
{
    char body[256];

    (void)snprintf(body, sizeof body, "{\"faults\":[%s]}", fault);
    emuctl_post("/_emu/faults", body);
    make_client(getenv("EMU_KEY_SECRET"), 3U, 3000U);
    print_message("fault %s\n", fault);
    assert_int_equal(list_page(10), RMQDR_OK);
    assert_int_equal(fx.env.list_count, 10U);
    assert_int_equal(fx.ec.client.stats.retries, expect_retries);
    emu_client_close(&fx.ec);
}

static void test_faults_recovered(void **state)
{
    (void)state;
    expect_recovery("{\"kind\":\"throttle\",\"retry_after_ms\":150}", 1U);
    assert_true(fx.slept_ms >= 150U); /* x-acs-retry-after honoured */
    expect_recovery("{\"kind\":\"http500\"}", 1U);
    expect_recovery("{\"kind\":\"http503\"}", 1U);
    expect_recovery("{\"kind\":\"chunked\"}", 0U);
    expect_recovery("{\"kind\":\"chunked\",\"chunk_size\":1,\"trailer\":true}", 0U);
    expect_recovery("{\"kind\":\"slow\",\"bytes\":7,\"delay_ms\":1}", 0U);
    expect_recovery("{\"kind\":\"reset\"}", 1U);
    expect_recovery("{\"kind\":\"truncated\"}", 1U);
    expect_recovery("{\"kind\":\"quirky\"}", 0U);
    /* every retry carried a fresh nonce: a reused one would be rejected */
    assert_int_equal(emuctl_stat("signature_failures"), 0);
}

static void test_close_then_reconnect(void **state)
{
    (void)state;
    emuctl_post("/_emu/faults", "{\"faults\":[{\"kind\":\"close\"}]}");
    make_client(getenv("EMU_KEY_SECRET"), 0U, 3000U);
    assert_int_equal(list_page(3), RMQDR_OK);
    assert_false(fx.ec.client.connected);
    assert_int_equal(list_page(3), RMQDR_OK);
    assert_int_equal(fx.ec.client.stats.connects, 2U);
    assert_true(fx.ec.tls.resumed_handshakes >= 1U);
    emu_client_close(&fx.ec);
}

static void test_faults_reported(void **state)
{
    (void)state;
    emuctl_post("/_emu/faults", "{\"faults\":[{\"kind\":\"malformed\"}]}");
    make_client(getenv("EMU_KEY_SECRET"), 3U, 3000U);
    assert_int_equal(list_page(5), RMQDR_ERR_JSON_SYNTAX);
    assert_int_equal(fx.ec.client.stats.retries, 0U);
    emu_client_close(&fx.ec);

    emuctl_post("/_emu/faults", "{\"faults\":[{\"kind\":\"drop\",\"max_ms\":3000}]}");
    make_client(getenv("EMU_KEY_SECRET"), 0U, 300U);
    assert_int_equal(list_page(5), RMQDR_ERR_TIMEOUT);
    emu_client_close(&fx.ec);

    emuctl_post("/_emu/faults", "{\"faults\":[{\"kind\":\"throttle\",\"retry_after_ms\":10},"
                             "{\"kind\":\"throttle\",\"retry_after_ms\":10},"
                             "{\"kind\":\"throttle\",\"retry_after_ms\":10}]}");
    make_client(getenv("EMU_KEY_SECRET"), 2U, 3000U);
    assert_int_equal(list_page(5), RMQDR_ERR_RETRIES_EXHAUSTED);
    assert_int_equal(rmqdr_client_last_error(&fx.ec.client)->cause, RMQDR_ERR_API);
    assert_string_equal(fx.env.code, "Throttling.User");
    assert_int_equal(fx.ec.client.stats.retries, 2U);
    emu_client_close(&fx.ec);
}

static void test_oversized_fields_truncated(void **state)
{
    (void)state;
    emuctl_post("/_emu/faults", "{\"faults\":[{\"kind\":\"oversized\"}]}");
    make_client(getenv("EMU_KEY_SECRET"), 0U, 3000U);
    assert_int_equal(list_page(5), RMQDR_OK);
    assert_true((fx.items[0].source.truncated & RMQDR_PROGRESS_TOPIC_NAME) != 0U);
    assert_int_equal(strlen(fx.items[0].source.topic_name), RMQDR_TOPIC_NAME_SIZE - 1U);
    assert_int_equal(fx.items[1].source.truncated, 0U);
    emu_client_close(&fx.ec);
}

static void test_auth_errors_not_retried(void **state)
{
    (void)state;
    make_client("wrong-secret", 3U, 3000U);
    assert_int_equal(list_page(5), RMQDR_ERR_API);
    assert_string_equal(fx.env.code, "SignatureDoesNotMatch");
    assert_int_equal(fx.env.http_status, 400);
    assert_true(fx.env.request_id[0] != '\0');
    assert_int_equal(fx.ec.client.stats.retries, 0U);
    emu_client_close(&fx.ec);
}

static void test_product_error(void **state)
{
    rmqdr_request_t r = sample_request(5);
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(fx.items, 100U);

    (void)state;
    make_client(getenv("EMU_KEY_SECRET"), 3U, 3000U);
    r.instance_id = "rmq-cn-unknown";
    assert_int_equal(rmqdr_list_checkpoints(&fx.ec.client, &r, &sink, &fx.env), RMQDR_ERR_API);
    assert_int_equal(fx.env.http_status, 404);
    assert_false(fx.env.success);
    assert_string_equal(fx.env.code, "Instance.NotFound");
    assert_int_equal(fx.env.http_status_code, 404);
    assert_int_equal(fx.ec.client.stats.retries, 0U);
    emu_client_close(&fx.ec);
}

static void skew(int seconds)
{
    char body[64];

    (void)snprintf(body, sizeof body, "{\"offset_s\":%d}", seconds);
    emuctl_post("/_emu/clock", body);
    make_client(getenv("EMU_KEY_SECRET"), 0U, 3000U);
    assert_int_equal(list_page(5), RMQDR_OK);
    assert_true(llabs(fx.ec.client.clock_offset_ms - (int64_t)seconds * 1000) < 5000);
    /* the offset is kept: the next call needs no correction */
    assert_int_equal(list_page(5), RMQDR_OK);
    assert_int_equal(fx.ec.client.stats.requests, 3U);
    emu_client_close(&fx.ec);
}

static void test_clock_skew_corrected(void **state)
{
    (void)state;
    skew(3600);
    emuctl_post("/_emu/reset", "{}");
    skew(-3600);
}

static void test_tls_untrusted_ca(void **state)
{
    rmqdr_tls_config_t tls_cfg;
    rmqdr_client_config_t cfg;

    (void)state;
    make_client(getenv("EMU_KEY_SECRET"), 2U, 3000U);
    cfg = fx.ec.client.cfg;
    rmqdr_tls_free(&fx.ec.tls);
    memset(&tls_cfg, 0, sizeof tls_cfg);
    tls_cfg.ca_file = NULL; /* the system bundle does not know the emulator's CA */
    tls_cfg.platform = &fx.ec.platform;
    assert_int_equal(rmqdr_tls_init(&fx.ec.tls, &fx.ec.tcp, &tls_cfg), RMQDR_OK);
    assert_int_equal(rmqdr_client_init(&fx.ec.client, &cfg), RMQDR_OK);
    assert_int_equal(list_page(5), RMQDR_ERR_TLS_VERIFY);
    assert_int_equal(fx.ec.client.stats.retries, 0U);
    assert_int_equal(fx.ec.client.stats.requests, 0U); /* nothing was sent */
    emu_client_close(&fx.ec);
}

static void test_plain_refused_off_loopback(void **state)
{
    rmqdr_client_config_t cfg;
    rmqdr_client_t c;

    (void)state;
    make_client(getenv("EMU_KEY_SECRET"), 0U, 3000U);
    cfg = fx.ec.client.cfg;
    cfg.transport = &fx.ec.tcp;
    cfg.transport_is_tls = false;
    cfg.config.endpoint = "rocketmq.cn-hangzhou.aliyuncs.com";
    assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_ERR_PLAIN_NOT_LOOPBACK);
    cfg.config.endpoint = "127.0.0.1:1";
    assert_int_equal(rmqdr_client_init(&c, &cfg), RMQDR_OK);
    emu_client_close(&fx.ec);
}

static void test_no_fd_leak(void **state)
{
    size_t before;
    int i;

    (void)state;
    before = emu_open_fds();
    for (i = 0; i < 5; i++) {
        make_client(getenv("EMU_KEY_SECRET"), 0U, 3000U);
        assert_int_equal(list_page(5), RMQDR_OK);
        emu_client_close(&fx.ec);
    }
    assert_int_equal(emu_open_fds(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_single_page, reset_emulator),
        cmocka_unit_test_setup(test_all_pages_one_handshake, reset_emulator),
        cmocka_unit_test_setup(test_faults_recovered, reset_emulator),
        cmocka_unit_test_setup(test_close_then_reconnect, reset_emulator),
        cmocka_unit_test_setup(test_faults_reported, reset_emulator),
        cmocka_unit_test_setup(test_oversized_fields_truncated, reset_emulator),
        cmocka_unit_test_setup(test_auth_errors_not_retried, reset_emulator),
        cmocka_unit_test_setup(test_product_error, reset_emulator),
        cmocka_unit_test_setup(test_clock_skew_corrected, reset_emulator),
        cmocka_unit_test_setup(test_tls_untrusted_ca, reset_emulator),
        cmocka_unit_test_setup(test_plain_refused_off_loopback, reset_emulator),
        cmocka_unit_test_setup(test_no_fd_leak, reset_emulator),
    };

    if ((getenv("EMU_PORT") == NULL) || (getenv("EMU_CA") == NULL)) {
        fprintf(stderr, "run through tests/integration/run_emulator.sh (EMU_PORT, EMU_CA)\n");
        return 1;
    }
    return cmocka_run_group_tests_name("integration-client", tests, NULL, NULL);
}
