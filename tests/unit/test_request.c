/* Request validation, encoding, layout and signing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rmqdr/request.h"

#define SECRET "test-secret"

static rmqdr_config_t base_config(void)
{
    rmqdr_config_t c;

    memset(&c, 0, sizeof c);
    c.access_key_id = "LTAItestKeyId";
    c.access_key_secret = SECRET;
    c.region_id = "cn-hangzhou";
    return c;
}

static rmqdr_request_t base_request(void)
{
    rmqdr_request_t r;

    memset(&r, 0, sizeof r);
    r.plan_id = "1300000016";
    r.item_id = "100070284";
    r.instance_id = "rmq-cn-7e22ody0001";
    return r;
}

static const rmqdr_stamp_t stamp = { "2026-11-27T10:00:00Z", "0123456789abcdef0123456789abcdef" };

static char buf[RMQDR_REQUEST_MAX_SIZE];

static size_t build_ok(const rmqdr_config_t *c, const rmqdr_request_t *r)
{
    size_t len = 0U;

    assert_int_equal(rmqdr_request_build(c, r, &stamp, buf, sizeof buf, &len), RMQDR_OK);
    assert_true(len > 0U && len <= sizeof buf);
    buf[len < sizeof buf ? len : sizeof buf - 1U] = '\0';
    return len;
}

static void test_layout(void **state)
{
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();

    (void)state;
    r.filter = "topic_test";
    r.page_number_set = true;
    r.page_number = 2;
    r.page_size_set = true;
    r.page_size = 100;
    build_ok(&c, &r);
    assert_non_null(strstr(buf,
        "GET /disaster_recovery/1300000016/items/100070284/checkpoints"
        "?filter=topic_test&instanceId=rmq-cn-7e22ody0001&pageNumber=2&pageSize=100 HTTP/1.1\r\n"
        "host: rocketmq.cn-hangzhou.aliyuncs.com\r\n"
        "x-acs-action: ListDisasterRecoveryCheckpoints\r\n"
        "x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\r\n"
        "x-acs-date: 2026-11-27T10:00:00Z\r\n"
        "x-acs-signature-nonce: 0123456789abcdef0123456789abcdef\r\n"
        "x-acs-version: 2022-08-01\r\n"
        "accept: application/json\r\n"
        "user-agent: rmqdr/" RMQDR_VERSION "\r\n"
        "authorization: ACS3-HMAC-SHA256 Credential=LTAItestKeyId,"
        "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;"
        "x-acs-signature-nonce;x-acs-version,Signature="));
    assert_memory_equal(&buf[strlen(buf) - 4U], "\r\n\r\n", 4U);
    assert_null(strstr(buf, SECRET));
}

static void test_optional_query_omitted(void **state)
{
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();

    (void)state;
    r.filter = "";
    build_ok(&c, &r);
    assert_non_null(strstr(buf, "/checkpoints?instanceId=rmq-cn-7e22ody0001 HTTP/1.1\r\n"));
}

static void test_encoding(void **state)
{
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();

    (void)state;
    r.plan_id = "p/1 *~";
    r.item_id = "a+b%c";
    r.filter = "caf\xC3\xA9 \xE4\xB8\xAD-_.~!'()";
    build_ok(&c, &r);
    assert_non_null(strstr(buf,
        "GET /disaster_recovery/p%2F1%20%2A~/items/a%2Bb%25c/checkpoints"
        "?filter=caf%C3%A9%20%E4%B8%AD-_.~%21%27%28%29&instanceId="));
}

static void test_sts_token(void **state)
{
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();
    char first[RMQDR_REQUEST_MAX_SIZE];

    (void)state;
    build_ok(&c, &r);
    strcpy(first, buf);
    c.security_token = "CAIS-sts-token";
    build_ok(&c, &r);
    assert_non_null(strstr(buf, "x-acs-date: 2026-11-27T10:00:00Z\r\n"
                                "x-acs-security-token: CAIS-sts-token\r\n"
                                "x-acs-signature-nonce: "));
    assert_non_null(strstr(buf, "SignedHeaders=host;x-acs-action;x-acs-content-sha256;"
                                "x-acs-date;x-acs-security-token;x-acs-signature-nonce;"
                                "x-acs-version,"));
    /* the token is signed: the signature differs */
    assert_string_not_equal(strstr(first, "Signature="), strstr(buf, "Signature="));
}

static void test_endpoint_and_user_agent(void **state)
{
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();
    rmqdr_endpoint_t ep;

    (void)state;
    c.endpoint = "localhost:8443";
    c.user_agent_suffix = "gateway/2.1";
    build_ok(&c, &r);
    assert_non_null(strstr(buf, "\r\nhost: localhost:8443\r\n"));
    assert_non_null(strstr(buf, "\r\nuser-agent: rmqdr/" RMQDR_VERSION " gateway/2.1\r\n"));
    assert_int_equal(rmqdr_endpoint_resolve(&c, 443U, &ep), RMQDR_OK);
    assert_string_equal(ep.host, "localhost");
    assert_int_equal(ep.port, 8443);
    assert_true(ep.port_given);
    c.endpoint = "[::1]:9443";
    assert_int_equal(rmqdr_endpoint_resolve(&c, 443U, &ep), RMQDR_OK);
    assert_string_equal(ep.host, "::1");
    assert_int_equal(ep.port, 9443);
    c.endpoint = NULL;
    assert_int_equal(rmqdr_endpoint_resolve(&c, 443U, &ep), RMQDR_OK);
    assert_string_equal(ep.host, "rocketmq.cn-hangzhou.aliyuncs.com");
    assert_int_equal(ep.port, 443);
    assert_false(ep.port_given);
}

static void test_bad_endpoints(void **state)
{
    static const char *const bad[] = {
        "host:", "host:0", "host:65536", "host:12a", ":443", "ho st", "host/path",
        "https://host", "[::1", "[]:1", "[::1]x", "[zz]:1", "-host", "host:1:2",
    };
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();
    rmqdr_endpoint_t ep;
    const char *field;
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof bad / sizeof bad[0]; i++) {
        c.endpoint = bad[i];
        assert_int_equal(rmqdr_request_validate(&c, &r, &field), RMQDR_ERR_BAD_ENDPOINT);
        assert_string_equal(field, "endpoint");
        assert_int_equal(rmqdr_endpoint_resolve(&c, 443U, &ep), RMQDR_ERR_BAD_ENDPOINT);
    }
    c.endpoint = NULL;
    c.region_id = NULL;
    assert_int_equal(rmqdr_request_validate(&c, &r, NULL), RMQDR_ERR_BAD_ENDPOINT);
    c.region_id = "cn_Hangzhou";
    assert_int_equal(rmqdr_request_validate(&c, &r, NULL), RMQDR_ERR_BAD_REGION);
}

typedef struct {
    const char *name;
    rmqdr_status_t expected;
    const char *field;
} case_t;

static void apply_case(size_t i, rmqdr_config_t *c, rmqdr_request_t *r)
{
    static char long_id[RMQDR_MAX_ID_LEN + 2U];
    static char long_token[RMQDR_MAX_SECURITY_TOKEN_LEN + 2U];

    memset(long_id, 'x', sizeof long_id - 1U);
    memset(long_token, 'T', sizeof long_token - 1U);
    switch (i) {
    case 0: r->plan_id = NULL; break;
    case 1: r->plan_id = ""; break;
    case 2: r->item_id = NULL; break;
    case 3: r->instance_id = ""; break;
    case 4: r->page_number_set = true; r->page_number = 0; break;
    case 5: r->page_number_set = true; r->page_number = -1; break;
    case 6: r->page_number_set = true; r->page_number = RMQDR_MAX_PAGE_NUMBER + 1; break;
    case 7: r->page_size_set = true; r->page_size = 0; break;
    case 8: r->page_size_set = true; r->page_size = 101; break;
    case 9: r->plan_id = long_id; break;
    case 10: c->security_token = long_token; break;
    case 11: r->filter = "a\nb"; break;
    case 12: r->instance_id = "rmq\x7f"; break;
    case 13: c->access_key_id = "key\r\nx-injected: 1"; break;
    case 14: c->access_key_id = NULL; break;
    case 15: c->access_key_secret = ""; break;
    case 16: c->security_token = "tok\xC3\xA9"; break;
    case 17: c->user_agent_suffix = "ua\tx"; break;
    default: break;
    }
}

static void test_validation_errors(void **state)
{
    static const case_t cases[] = {
        { "no plan", RMQDR_ERR_MISSING_PLAN_ID, "planId" },
        { "empty plan", RMQDR_ERR_MISSING_PLAN_ID, "planId" },
        { "no item", RMQDR_ERR_MISSING_ITEM_ID, "itemId" },
        { "empty instance", RMQDR_ERR_MISSING_INSTANCE_ID, "instanceId" },
        { "page 0", RMQDR_ERR_BAD_PAGE_NUMBER, "pageNumber" },
        { "page -1", RMQDR_ERR_BAD_PAGE_NUMBER, "pageNumber" },
        { "page too big", RMQDR_ERR_BAD_PAGE_NUMBER, "pageNumber" },
        { "size 0", RMQDR_ERR_BAD_PAGE_SIZE, "pageSize" },
        { "size 101", RMQDR_ERR_BAD_PAGE_SIZE, "pageSize" },
        { "long id", RMQDR_ERR_FIELD_TOO_LONG, "planId" },
        { "long token", RMQDR_ERR_FIELD_TOO_LONG, "securityToken" },
        { "newline", RMQDR_ERR_CONTROL_CHARACTER, "filter" },
        { "DEL", RMQDR_ERR_CONTROL_CHARACTER, "instanceId" },
        { "header injection", RMQDR_ERR_CONTROL_CHARACTER, "accessKeyId" },
        { "no key id", RMQDR_ERR_MISSING_CREDENTIALS, "accessKeyId" },
        { "no secret", RMQDR_ERR_MISSING_CREDENTIALS, "accessKeySecret" },
        { "non-ascii token", RMQDR_ERR_NON_ASCII_HEADER, "securityToken" },
        { "tab in ua", RMQDR_ERR_CONTROL_CHARACTER, "userAgentSuffix" },
    };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        rmqdr_config_t c = base_config();
        rmqdr_request_t r = base_request();
        const char *field = NULL;
        size_t len = 7U;

        apply_case(i, &c, &r);
        print_message("case %s\n", cases[i].name);
        assert_int_equal(rmqdr_request_validate(&c, &r, &field), cases[i].expected);
        assert_string_equal(field, cases[i].field);
        memset(buf, 'Z', 16U);
        assert_int_equal(rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len),
                         cases[i].expected);
        assert_int_equal(len, 0U);
        assert_int_equal(buf[0], 'Z');
        assert_string_not_equal(rmqdr_status_message(cases[i].expected),
                                rmqdr_status_message(RMQDR_ERR_BAD_ARGUMENT));
    }
}

static void test_limits_are_inclusive(void **state)
{
    char id[RMQDR_MAX_ID_LEN + 1U];
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();

    (void)state;
    memset(id, '9', RMQDR_MAX_ID_LEN);
    id[RMQDR_MAX_ID_LEN] = '\0';
    r.plan_id = id;
    r.page_size_set = true;
    r.page_size = 1;
    r.page_number_set = true;
    r.page_number = RMQDR_MAX_PAGE_NUMBER;
    build_ok(&c, &r);
    assert_non_null(strstr(buf, "&pageNumber=2147483647&pageSize=1 HTTP/1.1"));
}

static void test_exact_fit_and_one_short(void **state)
{
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();
    char exact[RMQDR_REQUEST_MAX_SIZE];
    size_t need;
    size_t len = 0U;

    (void)state;
    need = build_ok(&c, &r);
    memset(exact, 'Z', sizeof exact);
    assert_int_equal(rmqdr_request_build(&c, &r, &stamp, exact, need - 1U, &len),
                     RMQDR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, need);
    assert_int_equal(exact[0], 'Z'); /* nothing partial */
    assert_int_equal(exact[need - 2U], 'Z');
    assert_int_equal(rmqdr_request_build(&c, &r, &stamp, exact, need, &len), RMQDR_OK);
    assert_int_equal(len, need);
    assert_memory_equal(exact, buf, need);
    assert_int_equal(exact[need], 'Z'); /* not a byte beyond */
}

static void test_worst_case_fits_max_size(void **state)
{
    static char token[RMQDR_MAX_SECURITY_TOKEN_LEN + 1U];
    char id[RMQDR_MAX_ID_LEN + 1U];
    char filter[RMQDR_MAX_FILTER_LEN + 1U];
    char key[RMQDR_MAX_ACCESS_KEY_ID_LEN + 1U];
    char ua[RMQDR_MAX_USER_AGENT_SUFFIX_LEN + 1U];
    char endpoint[RMQDR_MAX_ENDPOINT_LEN + 1U];
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();
    rmqdr_stamp_t s;
    size_t len = 0U;

    (void)state;
    memset(token, 'T', RMQDR_MAX_SECURITY_TOKEN_LEN);
    memset(id, '/', RMQDR_MAX_ID_LEN);
    id[RMQDR_MAX_ID_LEN] = '\0';
    memset(filter, '*', RMQDR_MAX_FILTER_LEN);
    filter[RMQDR_MAX_FILTER_LEN] = '\0';
    memset(key, 'K', RMQDR_MAX_ACCESS_KEY_ID_LEN);
    key[RMQDR_MAX_ACCESS_KEY_ID_LEN] = '\0';
    memset(ua, 'u', RMQDR_MAX_USER_AGENT_SUFFIX_LEN);
    ua[RMQDR_MAX_USER_AGENT_SUFFIX_LEN] = '\0';
    memset(endpoint, 'h', RMQDR_MAX_ENDPOINT_LEN);
    memcpy(&endpoint[RMQDR_MAX_ENDPOINT_LEN - 6U], ":65535", 7U);
    s = stamp;
    memset(s.nonce, 'f', RMQDR_NONCE_SIZE - 1U);
    s.nonce[RMQDR_NONCE_SIZE - 1U] = '\0';
    c.security_token = token;
    c.access_key_id = key;
    c.user_agent_suffix = ua;
    c.endpoint = endpoint;
    r.plan_id = id;
    r.item_id = id;
    r.instance_id = id;
    r.filter = filter;
    r.page_number_set = true;
    r.page_number = RMQDR_MAX_PAGE_NUMBER;
    r.page_size_set = true;
    r.page_size = 100;
    assert_int_equal(rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len), RMQDR_OK);
    print_message("worst-case request: %zu bytes of %u\n", len, RMQDR_REQUEST_MAX_SIZE);
    assert_int_equal(rmqdr_request_build(&c, &r, &s, buf, sizeof buf, &len), RMQDR_OK);
    assert_true(len <= RMQDR_REQUEST_MAX_SIZE);
    assert_true(len > RMQDR_REQUEST_MAX_SIZE - 512U); /* the bound is not slack */
}

static void test_stamp_checks(void **state)
{
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();
    rmqdr_stamp_t s = stamp;
    size_t len;

    (void)state;
    strcpy(s.date, "2026-11-27 10:00:00Z");
    assert_int_equal(rmqdr_request_build(&c, &r, &s, buf, sizeof buf, &len), RMQDR_ERR_BAD_DATE);
    strcpy(s.date, "2026-13-27T10:00:00Z");
    assert_int_equal(rmqdr_request_build(&c, &r, &s, buf, sizeof buf, &len), RMQDR_ERR_BAD_DATE);
    s = stamp;
    strcpy(s.nonce, "xyz");
    assert_int_equal(rmqdr_request_build(&c, &r, &s, buf, sizeof buf, &len), RMQDR_ERR_BAD_NONCE);
    s.nonce[0] = '\0';
    assert_int_equal(rmqdr_request_build(&c, &r, &s, buf, sizeof buf, &len), RMQDR_ERR_BAD_NONCE);
}

static void test_reproducible(void **state)
{
    rmqdr_config_t c = base_config();
    rmqdr_request_t r = base_request();
    char first[RMQDR_REQUEST_MAX_SIZE];
    size_t n1;
    size_t n2;

    (void)state;
    n1 = build_ok(&c, &r);
    memcpy(first, buf, n1);
    n2 = build_ok(&c, &r);
    assert_int_equal(n1, n2);
    assert_memory_equal(first, buf, n1);
}

static void test_format_date(void **state)
{
    char d[RMQDR_DATE_SIZE];

    (void)state;
    assert_int_equal(rmqdr_format_date(0, d), RMQDR_OK);
    assert_string_equal(d, "1970-01-01T00:00:00Z");
    assert_int_equal(rmqdr_format_date(1698315752999LL, d), RMQDR_OK);
    assert_string_equal(d, "2023-10-26T10:22:32Z");
    assert_int_equal(rmqdr_format_date(951782400000LL, d), RMQDR_OK); /* leap day 2000 */
    assert_string_equal(d, "2000-02-29T00:00:00Z");
    assert_int_equal(rmqdr_format_date(253402300799000LL, d), RMQDR_OK);
    assert_string_equal(d, "9999-12-31T23:59:59Z");
    assert_int_equal(rmqdr_format_date(-1, d), RMQDR_ERR_PORT_TIME);
    assert_int_equal(rmqdr_format_date(253402300800000LL, d), RMQDR_ERR_PORT_TIME);
}

static rmqdr_status_t pinned_time(void *ctx, int64_t *ms)
{
    *ms = *(const int64_t *)ctx;
    return RMQDR_OK;
}

static rmqdr_status_t pinned_random(void *ctx, uint8_t *out, size_t len)
{
    size_t i;

    (void)ctx;
    for (i = 0U; i < len; i++) {
        out[i] = (uint8_t)(0xA0U + i);
    }
    return RMQDR_OK;
}

static rmqdr_status_t failing_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    (void)out;
    (void)len;
    return RMQDR_ERR_PORT_RANDOM;
}

static void test_stamp_from_hooks(void **state)
{
    int64_t now = 1698315752000LL;
    rmqdr_platform_t p = { pinned_time, pinned_random, NULL, &now, NULL };
    rmqdr_stamp_t s;

    (void)state;
    assert_int_equal(rmqdr_stamp_make(&p, 0, &s), RMQDR_OK);
    assert_string_equal(s.date, "2023-10-26T10:22:32Z");
    assert_string_equal(s.nonce, "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    assert_int_equal(rmqdr_stamp_make(&p, -3600000LL, &s), RMQDR_OK);
    assert_string_equal(s.date, "2023-10-26T09:22:32Z");
    p.random = failing_random;
    assert_int_equal(rmqdr_stamp_make(&p, 0, &s), RMQDR_ERR_PORT_RANDOM);
    now = -5;
    p.random = pinned_random;
    assert_int_equal(rmqdr_stamp_make(&p, 0, &s), RMQDR_ERR_PORT_TIME);
}

static void test_loopback_hosts(void **state)
{
    static const char *const yes[] = {
        "localhost", "LocalHost", "localhost.", "127.0.0.1", "127.255.255.254", "127.1.2.3", "::1",
    };
    static const char *const no[] = {
        "", "localhost..", "localhostx", "a.localhost", "localhost.example", "128.0.0.1",
        "126.0.0.1", "127.1", "127.0.0", "127.0.0.1.", "127.0.0.1.5", "127.0.0.256",
        "0127.0.0.1", "127.00.0.1", " 127.0.0.1", "127.0.0.1 ", "[127.0.0.1]", "10.0.0.1",
        "0.0.0.0", "::", "::2", "1::1", "::1%lo", "[::1]", "127.evil.example", "127.0.0.1.nip.io",
        "example.com", "1270.0.0.1",
    };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof yes / sizeof yes[0]; i++) {
        if (!rmqdr_host_is_loopback(yes[i])) {
            fail_msg("expected loopback: \"%s\"", yes[i]);
        }
    }
    for (i = 0U; i < sizeof no / sizeof no[0]; i++) {
        if (rmqdr_host_is_loopback(no[i])) {
            fail_msg("expected not loopback: \"%s\"", no[i]);
        }
    }
    assert_false(rmqdr_host_is_loopback(NULL));
}

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(rmqdr_status_name(RMQDR_ERR_BAD_PAGE_SIZE), "RMQDR_ERR_BAD_PAGE_SIZE");
    assert_string_equal(rmqdr_status_name(RMQDR_OK), "RMQDR_OK");
    assert_string_equal(rmqdr_status_name((rmqdr_status_t)9999), "RMQDR_ERR_UNKNOWN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_optional_query_omitted),
        cmocka_unit_test(test_encoding),
        cmocka_unit_test(test_sts_token),
        cmocka_unit_test(test_endpoint_and_user_agent),
        cmocka_unit_test(test_bad_endpoints),
        cmocka_unit_test(test_validation_errors),
        cmocka_unit_test(test_limits_are_inclusive),
        cmocka_unit_test(test_exact_fit_and_one_short),
        cmocka_unit_test(test_worst_case_fits_max_size),
        cmocka_unit_test(test_stamp_checks),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_format_date),
        cmocka_unit_test(test_stamp_from_hooks),
        cmocka_unit_test(test_loopback_hosts),
        cmocka_unit_test(test_status_names),
    };

    return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
