/*
 * A board that signs with fixed keys builds core with
 * RMQDR_NO_CREDENTIALS_PROVIDER (about 600 B less flash on a Cortex-M4):
 * this binary links a client.o compiled that way (see the Makefile).
 * rmqdr_client_init() must refuse a provider, and a call with the fixed
 * keys must still list a page, signed with the configured key id and
 * without a security token.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fault_transport.h"
#include "ft_rig.h"
#include "rmqdr/client.h"

#ifndef RMQDR_NO_CREDENTIALS_PROVIDER_TEST
#error "built by the Makefile's test_fixed_keys rule only"
#endif

#define CAP 4U
#define BUF 1024U

typedef struct {
    ft_rig_t base; /* client over the fault double (ft_rig.h) */
    rmqdr_checkpoint_t items[CAP];
    rmqdr_envelope_t env;
} rig_t;

static rig_t rig;

static rmqdr_status_t never_called(void *ctx, uint32_t timeout_ms, rmqdr_credentials_t *out)
{
    (void)ctx;
    (void)timeout_ms;
    (void)out;
    fail_msg("a build without the provider must never fetch");
    return RMQDR_ERR_CREDENTIALS;
}

static int setup(void **state)
{
    (void)state;
    memset(&rig, 0, sizeof rig);
    ft_rig_init(&rig.base);
    rig.base.cfg.config.access_key_id = "LTAIfixedKeyId";
    rig.base.cfg.config.access_key_secret = "fixed-secret-never-printed";
    rig.base.cfg.max_retries = 0U;
    return 0;
}

static void test_init_refuses_a_provider(void **state)
{
    rmqdr_credentials_provider_t provider = { never_called, NULL, "fake" };
    rmqdr_credentials_t creds;
    rmqdr_client_config_t cfg = rig.base.cfg;

    (void)state;
    cfg.credentials_provider = &provider;
    cfg.credentials = &creds;
    assert_int_equal(rmqdr_client_init(&rig.base.client, &cfg), RMQDR_ERR_BAD_ARGUMENT);
    cfg.credentials = NULL; /* the provider alone is refused as well */
    assert_int_equal(rmqdr_client_init(&rig.base.client, &cfg), RMQDR_ERR_BAD_ARGUMENT);
}

static void test_fixed_keys_list_a_page(void **state)
{
    static const char body[] =
        "{\"requestId\":\"R1\",\"success\":true,\"code\":200,\"data\":{\"pageNumber\":1,\"pageSize\":10,"
        "\"totalCount\":1,\"list\":[{\"planId\":1,\"itemId\":2,\"checkpointId\":3}]}}";
    char reply[BUF];
    const int n = snprintf(reply, sizeof reply,
                           "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           "Content-Length: %zu\r\n\r\n%s", sizeof body - 1U, body);
    rmqdr_request_t r;
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(rig.items, CAP);

    (void)state;
    assert_true((n > 0) && (n < (int)sizeof reply));
    assert_int_equal(rmqdr_client_init(&rig.base.client, &rig.base.cfg), RMQDR_OK);
    ft_add_response(ft_add_conn(&rig.base.ft, RMQDR_OK), (const uint8_t *)reply, (size_t)n, FT_NO_CUT,
                    RMQDR_OK);
    memset(&r, 0, sizeof r);
    r.plan_id = "1";
    r.item_id = "2";
    r.instance_id = "rmq-cn-src";
    assert_int_equal(rmqdr_list_checkpoints(&rig.base.client, &r, &sink, &rig.env), RMQDR_OK);
    assert_int_equal(rig.env.list_count, 1U);
    assert_int_equal(rig.items[0].checkpoint_id, 3);
    assert_true(ft_sent_contains(&rig.base.ft, "Credential=LTAIfixedKeyId,"));
    assert_false(ft_sent_contains(&rig.base.ft, "x-acs-security-token"));
    assert_false(ft_sent_contains(&rig.base.ft, "fixed-secret-never-printed"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_init_refuses_a_provider, setup),
        cmocka_unit_test_setup(test_fixed_keys_list_a_page, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
