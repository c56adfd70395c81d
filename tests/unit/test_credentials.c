/*
 * Credentials that rotate (issue 17), over the scripted fault transport on
 * the fake platform: the provider hook is asked before the first signing,
 * again within the margin of Expiration (a third of the lifetime for
 * short-lived tokens), once after an InvalidSecurityToken.* rejection with
 * a re-signed request; a failed refresh keeps unexpired credentials, is
 * reported once, and ends calls with RMQDR_ERR_CREDENTIALS once they
 * expire. Secrets never reach the wire except the token header.
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

#define CAP 4U
#define BUF 2048U
#define TIMEOUT_MS 1000U
#define LIFE_MS INT64_C(90000)

typedef struct {
    uint8_t bytes[BUF];
    size_t len;
} canned_t;

typedef struct {
    ft_rig_t base; /* client over the fault double (ft_rig.h) */
    rmqdr_credentials_provider_t provider;
    rmqdr_credentials_t creds;
    rmqdr_checkpoint_t items[CAP];
    rmqdr_envelope_t env;
    /* the provider double */
    uint32_t fetches;
    rmqdr_status_t fail_with;   /* RMQDR_OK: succeed */
    uint32_t last_timeout_ms;
    /* events */
    uint32_t refreshed_events;
    uint32_t failed_events;
    rmqdr_status_t failed_status;
    int64_t expires_in_ms;
} rig_t;

static rig_t rig;
static canned_t ok_page;
static canned_t expired_reply;

static rmqdr_status_t fake_fetch(void *ctx, uint32_t timeout_ms, rmqdr_credentials_t *out)
{
    rig_t *r = ctx;

    r->fetches++;
    r->last_timeout_ms = timeout_ms;
    if (r->fail_with != RMQDR_OK) {
        return r->fail_with;
    }
    (void)snprintf(out->access_key_id, sizeof out->access_key_id, "STS.rotating%u", r->fetches);
    (void)snprintf(out->access_key_secret, sizeof out->access_key_secret, "rotating-secret-%u", r->fetches);
    (void)snprintf(out->security_token, sizeof out->security_token, "TOKEN-%u", r->fetches);
    out->expiration_ms = r->base.fp.now_ms + LIFE_MS;
    return RMQDR_OK;
}

static void observe(void *ctx, const rmqdr_event_t *ev)
{
    rig_t *r = ctx;

    if (ev->kind == RMQDR_EVENT_CREDENTIALS_REFRESHED) {
        r->refreshed_events++;
        r->expires_in_ms = ev->expires_in_ms;
    } else if (ev->kind == RMQDR_EVENT_CREDENTIALS_FAILED) {
        r->failed_events++;
        r->failed_status = ev->status;
    } else {
        /* not counted */
    }
}

static void make(canned_t *c, const char *status, const char *body)
{
    int n = snprintf((char *)c->bytes, BUF,
                     "HTTP/1.1 %s\r\nContent-Type: application/json\r\nx-acs-request-id: RID\r\n"
                     "Content-Length: %zu\r\n\r\n%s",
                     status, strlen(body), body);

    assert_true((n > 0) && (n < (int)BUF));
    c->len = (size_t)n;
}

static int setup(void **state)
{
    (void)state;
    memset(&rig, 0, sizeof rig);
    make(&ok_page, "200 OK",
         "{\"requestId\":\"R1\",\"success\":true,\"code\":200,\"data\":{\"pageNumber\":1,\"pageSize\":10,"
         "\"totalCount\":1,\"list\":[{\"planId\":1,\"itemId\":2,\"checkpointId\":3}]}}");
    make(&expired_reply, "400 Bad Request",
         "{\"RequestId\":\"R2\",\"HostId\":\"h\",\"Code\":\"InvalidSecurityToken.Expired\","
         "\"Message\":\"Specified SecurityToken is expired.\"}");
    ft_rig_init(&rig.base);
    rig.base.cfg.timeout_ms = TIMEOUT_MS;
    rig.base.cfg.max_retries = 0U;
    rig.base.cfg.observer = observe;
    rig.base.cfg.observer_ctx = &rig;
    rig.provider.fetch = fake_fetch;
    rig.provider.ctx = &rig;
    rig.provider.name = "fake";
    rig.base.cfg.credentials_provider = &rig.provider;
    rig.base.cfg.credentials = &rig.creds;
    assert_int_equal(rmqdr_client_init(&rig.base.client, &rig.base.cfg), RMQDR_OK);
    return 0;
}

static rmqdr_status_t call(void)
{
    rmqdr_request_t r;
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(rig.items, CAP);

    memset(&r, 0, sizeof r);
    r.plan_id = "1";
    r.item_id = "2";
    r.instance_id = "rmq-cn-src";
    return rmqdr_list_checkpoints(&rig.base.client, &r, &sink, &rig.env);
}

/* One connection answering every response given, kept alive. */
static void serve(const canned_t *const *replies, size_t n)
{
    ft_conn_t *c = ft_add_conn(&rig.base.ft, RMQDR_OK);
    size_t i;

    for (i = 0U; i < n; i++) {
        ft_add_response(c, replies[i]->bytes, replies[i]->len, FT_NO_CUT, RMQDR_OK);
    }
}

static void test_init_needs_memory(void **state)
{
    rmqdr_client_config_t cfg = rig.base.cfg;
    rmqdr_client_t client;
    rmqdr_credentials_provider_t no_fetch = { NULL, NULL, "x" };

    (void)state;
    cfg.credentials = NULL;
    assert_int_equal(rmqdr_client_init(&client, &cfg), RMQDR_ERR_BAD_ARGUMENT);
    cfg.credentials = &rig.creds;
    cfg.credentials_provider = &no_fetch;
    assert_int_equal(rmqdr_client_init(&client, &cfg), RMQDR_ERR_BAD_ARGUMENT);
}

static void test_first_call_fetches_and_signs(void **state)
{
    const canned_t *replies[] = { &ok_page };

    (void)state;
    serve(replies, 1U);
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(rig.fetches, 1U);
    assert_int_equal(rig.refreshed_events, 1U);
    assert_int_equal(rig.expires_in_ms, LIFE_MS);
    assert_true(rig.last_timeout_ms <= TIMEOUT_MS);
    assert_true(ft_sent_contains(&rig.base.ft, "x-acs-security-token:TOKEN-1") || ft_sent_contains(&rig.base.ft, "x-acs-security-token: TOKEN-1"));
    assert_true(ft_sent_contains(&rig.base.ft, "Credential=STS.rotating1"));
    assert_false(ft_sent_contains(&rig.base.ft, "rotating-secret"));
}

/* A 90 s token is renewed a third of its life (30 s) before it expires,
 * not earlier; every request after that carries the new one. */
static void test_refresh_before_expiry(void **state)
{
    const canned_t *replies[] = { &ok_page, &ok_page, &ok_page };

    (void)state;
    serve(replies, 3U);
    assert_int_equal(call(), RMQDR_OK);
    rig.base.fp.now_ms += 59000;
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(rig.fetches, 1U);
    rig.base.fp.now_ms += 1000; /* 60 s: 30 s before Expiration */
    rig.base.ft.sent_len = 0U;
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(rig.fetches, 2U);
    assert_true(ft_sent_contains(&rig.base.ft, "TOKEN-2"));
    assert_false(ft_sent_contains(&rig.base.ft, "TOKEN-1"));
}

/* The sibling with long-lived credentials: the 3-minute margin applies. */
static void test_long_lived_margin(void **state)
{
    const canned_t *replies[] = { &ok_page, &ok_page };

    (void)state;
    serve(replies, 2U);
    assert_int_equal(call(), RMQDR_OK);
    rig.creds.expiration_ms = rig.base.fp.now_ms + 3600000; /* as if it lived an hour */
    rig.base.fp.now_ms += 3600000 - 181000;
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(rig.fetches, 1U);
    rig.base.ft.sent_len = 0U;
    rig.base.fp.now_ms += 2000;
    ft_add_response(&rig.base.ft.conns[0], ok_page.bytes, ok_page.len, FT_NO_CUT, RMQDR_OK);
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(rig.fetches, 2U);
}

/* Issue 17: an expired-token rejection mid-run triggers one refresh and a
 * re-signed request, which is not counted as a retry. */
static void test_expired_rejection_refreshes_once(void **state)
{
    const canned_t *replies[] = { &ok_page, &expired_reply, &ok_page };

    (void)state;
    serve(replies, 3U);
    assert_int_equal(call(), RMQDR_OK);
    rig.base.ft.sent_len = 0U;
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(rig.fetches, 2U);
    assert_int_equal(rig.base.client.stats.requests, 3U);
    assert_int_equal(rig.base.client.stats.retries, 0U);
    assert_true(ft_sent_contains(&rig.base.ft, "TOKEN-1"));
    assert_true(ft_sent_contains(&rig.base.ft, "TOKEN-2"));
}

/* Rejected again after the refresh: final, with the API's error; still one refresh. */
static void test_expired_twice_is_final(void **state)
{
    const canned_t *replies[] = { &expired_reply, &expired_reply };

    (void)state;
    serve(replies, 2U);
    assert_int_equal(call(), RMQDR_ERR_API);
    assert_string_equal(rig.env.code, "InvalidSecurityToken.Expired");
    assert_int_equal(rig.fetches, 2U);
    assert_int_equal(rig.base.client.stats.requests, 2U);
}

/* A refresh that fails keeps the old credentials until they expire, is
 * reported once, is not retried for RMQDR_CREDENTIALS_RETRY_MS, and then
 * the call fails with RMQDR_ERR_CREDENTIALS and the provider's cause. */
static void test_refresh_failure_keeps_old(void **state)
{
    const canned_t *replies[] = { &ok_page, &ok_page, &ok_page, &ok_page };

    (void)state;
    serve(replies, 4U);
    serve(replies, 2U); /* the script holds at most 4 responses per connection */
    assert_int_equal(call(), RMQDR_OK);
    rig.fail_with = RMQDR_ERR_CONNECT;
    rig.base.fp.now_ms += 65000;
    rig.base.ft.sent_len = 0U;
    assert_int_equal(call(), RMQDR_OK);
    assert_true(ft_sent_contains(&rig.base.ft, "TOKEN-1"));
    assert_int_equal(rig.failed_events, 1U);
    assert_int_equal(rig.failed_status, RMQDR_ERR_CONNECT);
    assert_int_equal(rig.fetches, 2U);
    rig.base.fp.now_ms += 5000;
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(rig.fetches, 2U); /* within RMQDR_CREDENTIALS_RETRY_MS */
    rig.base.fp.now_ms += 11000;
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(rig.fetches, 3U);
    assert_int_equal(rig.failed_events, 1U); /* reported once per run of failures */
    rig.base.fp.now_ms += 10000; /* 91 s: expired */
    assert_int_equal(call(), RMQDR_ERR_CREDENTIALS);
    assert_int_equal(rmqdr_client_last_error(&rig.base.client)->credentials_status, RMQDR_ERR_CONNECT);
    assert_int_equal(rig.base.client.stats.requests, 4U); /* none sent for the expired call */
    /* it recovers, and a later failure is reported again */
    rig.fail_with = RMQDR_OK;
    assert_int_equal(call(), RMQDR_OK);
    assert_int_equal(rig.refreshed_events, 2U);
    rig.fail_with = RMQDR_ERR_TIMEOUT;
    rig.base.fp.now_ms += 61000;
    (void)call();
    assert_int_equal(rig.failed_events, 2U);
}

/* Nothing yet and the provider fails: no connection is even attempted. */
static void test_no_credentials_no_request(void **state)
{
    (void)state;
    rig.fail_with = RMQDR_ERR_UNEXPECTED_RESPONSE;
    assert_int_equal(call(), RMQDR_ERR_CREDENTIALS);
    assert_int_equal(rig.base.client.stats.connects, 0U);
    assert_int_equal(rig.failed_events, 1U);
    assert_int_equal(rmqdr_client_last_error(&rig.base.client)->credentials_status, RMQDR_ERR_UNEXPECTED_RESPONSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_init_needs_memory, setup),
        cmocka_unit_test_setup(test_first_call_fetches_and_signs, setup),
        cmocka_unit_test_setup(test_refresh_before_expiry, setup),
        cmocka_unit_test_setup(test_long_lived_margin, setup),
        cmocka_unit_test_setup(test_expired_rejection_refreshes_once, setup),
        cmocka_unit_test_setup(test_expired_twice_is_final, setup),
        cmocka_unit_test_setup(test_refresh_failure_keeps_old, setup),
        cmocka_unit_test_setup(test_no_credentials_no_request, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
