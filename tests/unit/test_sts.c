/*
 * STS AssumeRole through the core (issue 17, RamRoleArn): the request
 * descriptor with the same builder and signer (query order, encoding,
 * required parameters, worst-case size), and the answer through the same
 * streaming decoder (Credentials as the one element, in every
 * fragmentation; gateway errors; a token too long; wrong types).
 * The signature itself is verified end to end by the emulator
 * (tests/integration/test_rotating_credentials.py).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rmqdr/json.h"
#include "rmqdr/request.h"
#include "rmqdr/sts.h"

static const rmqdr_stamp_t stamp = { "2026-11-27T10:00:00Z", "00112233445566778899aabbccddeeff" };
static char buf[RMQDR_STS_REQUEST_MAX_SIZE];

static rmqdr_config_t config(void)
{
    rmqdr_config_t c;

    memset(&c, 0, sizeof c);
    c.access_key_id = "LTAIstsKeyId";
    c.access_key_secret = "sts-secret-never-sent";
    c.endpoint = "sts.aliyuncs.com";
    return c;
}

static rmqdr_request_t assume(const char *arn, const char *session)
{
    rmqdr_request_t r;

    memset(&r, 0, sizeof r);
    r.operation = &rmqdr_op_sts_assume_role;
    r.role_arn = arn;
    r.role_session_name = session;
    return r;
}

static void test_request_line_and_headers(void **state)
{
    rmqdr_config_t c = config();
    rmqdr_request_t r = assume("acs:ram::1234567890123456:role/reader", "rmqdr watch");
    size_t len = 0U;

    (void)state;
    r.duration_seconds_set = true;
    r.duration_seconds = 900;
    r.external_id = "ext-1";
    r.policy = "{\"Version\":\"1\"}";
    assert_int_equal(rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len), RMQDR_OK);
    buf[len] = '\0';
    assert_non_null(strstr(buf, "POST /?DurationSeconds=900&ExternalId=ext-1&Policy=%7B%22Version%22%3A%221%22%7D"
                                "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Freader"
                                "&RoleSessionName=rmqdr%20watch HTTP/1.1\r\n"));
    assert_non_null(strstr(buf, "\r\nhost: sts.aliyuncs.com\r\n"));
    assert_non_null(strstr(buf, "\r\nx-acs-action: AssumeRole\r\n"));
    assert_non_null(strstr(buf, "\r\nx-acs-version: 2015-04-01\r\n"));
    assert_null(strstr(buf, "sts-secret-never-sent"));
    assert_null(strstr(buf, "x-acs-security-token"));
    /* chained: the source's token travels, signed */
    c.security_token = "CAIS.source-token";
    assert_int_equal(rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len), RMQDR_OK);
    buf[len] = '\0';
    assert_non_null(strstr(buf, "x-acs-security-token: CAIS.source-token\r\n"));
}

static void test_required_and_limits(void **state)
{
    rmqdr_config_t c = config();
    rmqdr_request_t r = assume(NULL, "s");
    const char *field = NULL;
    char longer[RMQDR_MAX_POLICY_LEN + 2U];

    (void)state;
    assert_int_equal(rmqdr_request_validate(&c, &r, &field), RMQDR_ERR_BAD_ARGUMENT);
    assert_string_equal(field, "RoleArn");
    r = assume("acs:ram::1:role/r", "");
    assert_int_equal(rmqdr_request_validate(&c, &r, &field), RMQDR_ERR_BAD_ARGUMENT);
    assert_string_equal(field, "RoleSessionName");
    r = assume("acs:ram::1:role/r", "s");
    r.duration_seconds_set = true;
    r.duration_seconds = RMQDR_MAX_DURATION_SECONDS + 1;
    assert_int_equal(rmqdr_request_validate(&c, &r, &field), RMQDR_ERR_BAD_ARGUMENT);
    assert_string_equal(field, "DurationSeconds");
    r.duration_seconds_set = false;
    memset(longer, 'p', sizeof longer - 1U);
    longer[sizeof longer - 1U] = '\0';
    r.policy = longer;
    assert_int_equal(rmqdr_request_validate(&c, &r, &field), RMQDR_ERR_FIELD_TOO_LONG);
    assert_string_equal(field, "Policy");
    r.policy = "a\nb";
    assert_int_equal(rmqdr_request_validate(&c, &r, &field), RMQDR_ERR_CONTROL_CHARACTER);
}

/* Every parameter at its limit, every byte percent-encoded, a maximal
 * source token: fits RMQDR_STS_REQUEST_MAX_SIZE. */
static void test_worst_case(void **state)
{
    static char token[RMQDR_MAX_SECURITY_TOKEN_LEN + 1U];
    static char arn[RMQDR_MAX_ROLE_ARN_LEN + 1U];
    static char session[RMQDR_MAX_ROLE_SESSION_NAME_LEN + 1U];
    static char policy[RMQDR_MAX_POLICY_LEN + 1U];
    static char external[RMQDR_MAX_EXTERNAL_ID_LEN + 1U];
    static char key[RMQDR_MAX_ACCESS_KEY_ID_LEN + 1U];
    static char endpoint[RMQDR_MAX_ENDPOINT_LEN + 1U];
    rmqdr_config_t c = config();
    rmqdr_request_t r;
    size_t len = 0U;

    (void)state;
    memset(token, 'T', sizeof token - 1U);
    memset(arn, ':', sizeof arn - 1U);
    memset(session, '/', sizeof session - 1U);
    memset(policy, '"', sizeof policy - 1U);
    memset(external, '%', sizeof external - 1U);
    memset(key, 'K', sizeof key - 1U);
    memset(endpoint, 'h', sizeof endpoint - 1U);
    memcpy(&endpoint[sizeof endpoint - 7U], ":65535", 7U);
    c.security_token = token;
    c.access_key_id = key;
    c.endpoint = endpoint;
    r = assume(arn, session);
    r.policy = policy;
    r.external_id = external;
    r.duration_seconds_set = true;
    r.duration_seconds = RMQDR_MAX_DURATION_SECONDS;
    assert_int_equal(rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len), RMQDR_OK);
    print_message("AssumeRole worst case: %zu of %u bytes\n", len, RMQDR_STS_REQUEST_MAX_SIZE);
    assert_true(len <= RMQDR_STS_REQUEST_MAX_SIZE);
}

static const char k_answer[] =
    "{\"RequestId\":\"6894B13B-6D71-4EF5-88FA-F32781734A7F\",\"AssumedRoleUser\":{\"Arn\":"
    "\"acs:ram::123:role/reader/s\",\"AssumedRoleId\":\"34458433936495126:s\"},\"Credentials\":"
    "{\"SecurityToken\":\"CAIS\\u002Btoken/with=escapes\",\"AccessKeySecret\":\"wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK\","
    "\"Expiration\":\"2026-11-30T10:00:00Z\",\"AccessKeyId\":\"STS.L4aBSCSJVMuKg5U1vFDw\",\"Extra\":[1,{\"x\":null}]}}";

static rmqdr_status_t decode(const char *body, size_t step, rmqdr_envelope_t *env, rmqdr_sts_credentials_t *out)
{
    static rmqdr_json_decoder_t d;
    rmqdr_json_sink_t sink = rmqdr_json_sink_sts(out);
    size_t len = strlen(body);
    size_t i;
    rmqdr_status_t st = RMQDR_OK;

    memset(out, 0, sizeof *out);
    rmqdr_json_init(&d, env, &sink);
    for (i = 0U; (i < len) && (st == RMQDR_OK); i += step) {
        st = rmqdr_json_feed(&d, (const uint8_t *)&body[i], ((len - i) < step) ? (len - i) : step);
    }
    return (st == RMQDR_OK) ? rmqdr_json_finish(&d) : st;
}

static void test_answer_every_fragmentation(void **state)
{
    rmqdr_envelope_t env;
    rmqdr_sts_credentials_t c;
    size_t step;

    (void)state;
    for (step = 1U; step <= 17U; step++) {
        assert_int_equal(decode(k_answer, step, &env, &c), RMQDR_OK);
        assert_int_equal(env.list_count, 1U);
        assert_int_equal(c.present, RMQDR_STS_ALL);
        assert_int_equal(c.truncated, 0U);
        assert_string_equal(c.access_key_id, "STS.L4aBSCSJVMuKg5U1vFDw");
        assert_string_equal(c.security_token, "CAIS+token/with=escapes");
        assert_string_equal(c.expiration, "2026-11-30T10:00:00Z");
        assert_string_equal(env.request_id, "6894B13B-6D71-4EF5-88FA-F32781734A7F");
    }
}

static void test_gateway_error(void **state)
{
    rmqdr_envelope_t env;
    rmqdr_sts_credentials_t c;

    (void)state;
    assert_int_equal(decode("{\"RequestId\":\"R\",\"HostId\":\"sts.aliyuncs.com\",\"Code\":\"EntityNotExist.Role\","
                            "\"Message\":\"The role not exists.\",\"Recommend\":\"https://x\"}",
                            3U, &env, &c),
                     RMQDR_OK);
    assert_int_equal(env.list_count, 0U);
    assert_int_equal(c.present, 0U);
    assert_string_equal(env.code, "EntityNotExist.Role");
    assert_string_equal(env.host_id, "sts.aliyuncs.com");
}

static void test_bad_answers(void **state)
{
    static char big[RMQDR_STS_TOKEN_SIZE + 200U];
    rmqdr_envelope_t env;
    rmqdr_sts_credentials_t c;
    int n;

    (void)state;
    assert_int_equal(decode("{\"Credentials\":[]}", 1U, &env, &c), RMQDR_ERR_JSON_BAD_TYPE);
    assert_int_equal(decode("{\"Credentials\":\"x\"}", 1U, &env, &c), RMQDR_ERR_JSON_BAD_TYPE);
    assert_int_equal(decode("{\"Credentials\":{\"AccessKeyId\":{}}}", 1U, &env, &c), RMQDR_ERR_JSON_BAD_TYPE);
    assert_int_equal(decode("{\"Credentials\":{\"AccessKeyId\":\"a\"},\"Credentials\":{}}", 1U, &env, &c),
                     RMQDR_ERR_JSON_DUPLICATE_KEY);
    assert_int_equal(decode("{\"Credentials\":{\"AccessKeyId\":\"a\"", 1U, &env, &c), RMQDR_ERR_JSON_TRUNCATED);
    /* a partial answer decodes; the caller sees what is missing */
    assert_int_equal(decode("{\"Credentials\":{\"AccessKeyId\":\"a\",\"SecurityToken\":null}}", 2U, &env, &c),
                     RMQDR_OK);
    assert_int_equal(c.present, RMQDR_STS_ACCESS_KEY_ID);
    /* a token longer than RMQDR_STS_TOKEN_SIZE - 1 is cut and flagged */
    n = snprintf(big, sizeof big, "{\"Credentials\":{\"SecurityToken\":\"");
    memset(&big[n], 'T', RMQDR_STS_TOKEN_SIZE);
    (void)snprintf(&big[(size_t)n + RMQDR_STS_TOKEN_SIZE], sizeof big - (size_t)n - RMQDR_STS_TOKEN_SIZE, "\"}}");
    assert_int_equal(decode(big, 64U, &env, &c), RMQDR_OK);
    assert_true((c.truncated & RMQDR_STS_SECURITY_TOKEN) != 0U);
    assert_int_equal(strlen(c.security_token), RMQDR_STS_TOKEN_SIZE - 1U);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_line_and_headers),
        cmocka_unit_test(test_required_and_limits),
        cmocka_unit_test(test_worst_case),
        cmocka_unit_test(test_answer_every_fragmentation),
        cmocka_unit_test(test_gateway_error),
        cmocka_unit_test(test_bad_answers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
