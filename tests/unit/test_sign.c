/* ACS3-HMAC-SHA256 against the published vectors and argument checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "rmqdr/sign.h"

typedef struct {
    const char *date;
    const char *nonce;
    const char *string_to_sign; /* NULL when the source does not publish it */
    const char *signature;
} vector_t;

static const vector_t vectors[] = {
    { "2023-10-26T10:22:32Z", "3156853299f313e23d1673dc12e1703d",
      "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
      "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0" },
    { "2023-10-26T09:01:01Z", "d410180a5abf7fe235dd9b74aca91fc0", NULL,
      "e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804" },
};

static const char vector_query[] =
    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai";

static void vector_canonical(const vector_t *v, rmqdr_sign_header_t headers[6],
                             rmqdr_canonical_request_t *c)
{
    headers[0] = (rmqdr_sign_header_t){ "host", "ecs.cn-shanghai.aliyuncs.com" };
    headers[1] = (rmqdr_sign_header_t){ "x-acs-action", "RunInstances" };
    headers[2] = (rmqdr_sign_header_t){ "x-acs-content-sha256", RMQDR_EMPTY_BODY_SHA256 };
    headers[3] = (rmqdr_sign_header_t){ "x-acs-date", v->date };
    headers[4] = (rmqdr_sign_header_t){ "x-acs-signature-nonce", v->nonce };
    headers[5] = (rmqdr_sign_header_t){ "x-acs-version", "2014-05-26" };
    c->method = "POST";
    c->uri = "/";
    c->uri_len = 1U;
    c->query = vector_query;
    c->query_len = sizeof vector_query - 1U;
    c->headers = headers;
    c->header_count = 6U;
    c->payload_sha256_hex = RMQDR_EMPTY_BODY_SHA256;
}

static void test_published_vectors(void **state)
{
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof vectors / sizeof vectors[0]; i++) {
        rmqdr_sign_header_t headers[6];
        rmqdr_canonical_request_t c;
        char sts[RMQDR_STRING_TO_SIGN_SIZE];
        char sig[RMQDR_SHA256_HEX_SIZE];

        vector_canonical(&vectors[i], headers, &c);
        assert_int_equal(rmqdr_sign_string_to_sign(&c, sts, sizeof sts), RMQDR_OK);
        if (vectors[i].string_to_sign != NULL) {
            assert_string_equal(sts, vectors[i].string_to_sign);
        }
        assert_int_equal(rmqdr_sign_signature("YourAccessKeySecret", 19U, sts, sig, sizeof sig),
                         RMQDR_OK);
        assert_string_equal(sig, vectors[i].signature);
    }
}

/* Blanks around a header value must not change the signature. */
static void test_values_are_trimmed(void **state)
{
    rmqdr_sign_header_t headers[6];
    rmqdr_canonical_request_t c;
    char sts[RMQDR_STRING_TO_SIGN_SIZE];

    (void)state;
    vector_canonical(&vectors[0], headers, &c);
    headers[1].value = " \tRunInstances  ";
    assert_int_equal(rmqdr_sign_string_to_sign(&c, sts, sizeof sts), RMQDR_OK);
    assert_string_equal(sts, vectors[0].string_to_sign);
}

static void test_any_input_change_changes_hash(void **state)
{
    rmqdr_sign_header_t headers[6];
    rmqdr_canonical_request_t c;
    char sts[RMQDR_STRING_TO_SIGN_SIZE];

    (void)state;
    vector_canonical(&vectors[0], headers, &c);
    c.method = "GET";
    assert_int_equal(rmqdr_sign_string_to_sign(&c, sts, sizeof sts), RMQDR_OK);
    assert_string_not_equal(sts, vectors[0].string_to_sign);
    vector_canonical(&vectors[0], headers, &c);
    c.query_len -= 1U;
    assert_int_equal(rmqdr_sign_string_to_sign(&c, sts, sizeof sts), RMQDR_OK);
    assert_string_not_equal(sts, vectors[0].string_to_sign);
}

static void test_headers_must_be_sorted_lower_case(void **state)
{
    rmqdr_sign_header_t headers[6];
    rmqdr_canonical_request_t c;
    char sts[RMQDR_STRING_TO_SIGN_SIZE];
    rmqdr_sign_header_t tmp;

    (void)state;
    vector_canonical(&vectors[0], headers, &c);
    tmp = headers[0];
    headers[0] = headers[1];
    headers[1] = tmp;
    assert_int_equal(rmqdr_sign_string_to_sign(&c, sts, sizeof sts), RMQDR_ERR_BAD_ARGUMENT);
    vector_canonical(&vectors[0], headers, &c);
    headers[0].name = "Host";
    assert_int_equal(rmqdr_sign_string_to_sign(&c, sts, sizeof sts), RMQDR_ERR_BAD_ARGUMENT);
    vector_canonical(&vectors[0], headers, &c);
    headers[2] = headers[1]; /* duplicate name */
    assert_int_equal(rmqdr_sign_string_to_sign(&c, sts, sizeof sts), RMQDR_ERR_BAD_ARGUMENT);
}

static void test_output_sizes(void **state)
{
    rmqdr_sign_header_t headers[6];
    rmqdr_canonical_request_t c;
    char sts[RMQDR_STRING_TO_SIGN_SIZE];
    char sig[RMQDR_SHA256_HEX_SIZE];

    (void)state;
    assert_int_equal(RMQDR_STRING_TO_SIGN_SIZE, 82U);
    vector_canonical(&vectors[0], headers, &c);
    assert_int_equal(rmqdr_sign_string_to_sign(&c, sts, sizeof sts - 1U),
                     RMQDR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(rmqdr_sign_string_to_sign(&c, sts, sizeof sts), RMQDR_OK);
    assert_int_equal(rmqdr_sign_signature("k", 1U, sts, sig, sizeof sig - 1U),
                     RMQDR_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(rmqdr_sign_signature("k", 0U, sts, sig, sizeof sig), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_sign_signature(NULL, 1U, sts, sig, sizeof sig), RMQDR_ERR_BAD_ARGUMENT);
    assert_int_equal(rmqdr_sign_string_to_sign(NULL, sts, sizeof sts), RMQDR_ERR_BAD_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_vectors),
        cmocka_unit_test(test_values_are_trimmed),
        cmocka_unit_test(test_any_input_change_changes_hash),
        cmocka_unit_test(test_headers_must_be_sorted_lower_case),
        cmocka_unit_test(test_output_sizes),
    };

    return cmocka_run_group_tests_name("sign", tests, NULL, NULL);
}
