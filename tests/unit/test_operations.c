/*
 * The three operation descriptors through one builder: validation rules,
 * paths, canonical query order, worst-case size, and descriptor checks.
 *
 * Run with --emit it prints, instead of testing, one signed request per row
 * of a table of inputs (special characters in ids and filters), each
 * followed by a NUL byte: tests/unit/test_opsign.py verifies every one with
 * the independent Python signer (tools/emulator/acs3.py).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rmqdr/request.h"

#define KEY_ID "LTAIopsKeyId"
#define SECRET "ops-secret/+="

static const rmqdr_stamp_t stamp = { "2026-11-27T10:00:00Z", "00112233445566778899aabbccddeeff" };
static char buf[RMQDR_REQUEST_MAX_SIZE];

static rmqdr_config_t config(void)
{
    rmqdr_config_t c;

    memset(&c, 0, sizeof c);
    c.access_key_id = KEY_ID;
    c.access_key_secret = SECRET;
    c.endpoint = "localhost:8443";
    return c;
}

typedef struct {
    const rmqdr_operation_t *op;
    const char *plan_id;
    const char *item_id;
    const char *instance_id;
    const char *filter;
    const char *topic_name;
    int64_t page_number; /* 0: not set */
    int64_t page_size;   /* 0: not set */
} vector_t;

static rmqdr_request_t request_of(const vector_t *v)
{
    rmqdr_request_t r;

    memset(&r, 0, sizeof r);
    r.operation = v->op;
    r.plan_id = v->plan_id;
    r.item_id = v->item_id;
    r.instance_id = v->instance_id;
    r.filter = v->filter;
    r.topic_name = v->topic_name;
    r.page_number_set = v->page_number != 0;
    r.page_number = v->page_number;
    r.page_size_set = v->page_size != 0;
    r.page_size = v->page_size;
    return r;
}

static const vector_t vectors[] = {
    { &rmqdr_op_list_plans, NULL, NULL, NULL, NULL, NULL, 0, 0 },
    { &rmqdr_op_list_plans, NULL, NULL, "rmq-cn-7e22ody0001", NULL, NULL, 0, 0 },
    { &rmqdr_op_list_plans, NULL, NULL, "rmq cn/7e+22%~*", "name & desc = \"x\"?#", NULL, 2, 50 },
    { &rmqdr_op_list_plans, NULL, NULL, "\xe4\xb8\xad\xe6\x96\x87-caf\xc3\xa9", "plan*", NULL, 0, 100 },
    { &rmqdr_op_list_items, "1300000016", NULL, NULL, NULL, NULL, 0, 0 },
    { &rmqdr_op_list_items, "p/1 x", "ignored\t", NULL, "a/b+c%d", "topic~A*b", 3, 10 },
    { &rmqdr_op_list_items, "13%2F00", NULL, NULL, "\xe2\x82\xac", "%25&=", 1, 1 },
    { &rmqdr_op_list_checkpoints, "1300000016", "100070284", "rmq-cn-7e22ody0001", NULL, NULL, 0, 0 },
    { &rmqdr_op_list_checkpoints, "p/1 x", "i*2~", "rmq+cn %", "topic a*b~c", NULL, 7, 100 },
    { NULL, "1", "2", "i", "f", "ignored topic", 0, 0 }, /* NULL: checkpoints */
};

static int emit(void)
{
    const rmqdr_config_t c = config();
    size_t i;

    for (i = 0U; i < sizeof vectors / sizeof vectors[0]; i++) {
        const rmqdr_request_t r = request_of(&vectors[i]);
        size_t len = 0U;

        if (rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len) != RMQDR_OK) {
            (void)fprintf(stderr, "vector %zu does not build\n", i);
            return 1;
        }
        (void)fwrite(buf, 1U, len, stdout);
        (void)fputc('\0', stdout);
    }
    return 0;
}

static const char *request_line(const vector_t *v)
{
    const rmqdr_config_t c = config();
    const rmqdr_request_t r = request_of(v);
    size_t len = 0U;
    char *eol;

    assert_int_equal(rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len), RMQDR_OK);
    buf[len < sizeof buf ? len : sizeof buf - 1U] = '\0';
    eol = strstr(buf, "\r\n");
    assert_non_null(eol);
    *eol = '\0';
    return buf;
}

static void test_request_lines(void **state)
{
    (void)state;
    assert_string_equal(request_line(&vectors[0]), "GET /disaster_recovery HTTP/1.1");
    assert_string_equal(request_line(&vectors[1]),
                        "GET /disaster_recovery?instanceId=rmq-cn-7e22ody0001 HTTP/1.1");
    assert_string_equal(request_line(&vectors[2]),
                        "GET /disaster_recovery?filter=name%20%26%20desc%20%3D%20%22x%22%3F%23"
                        "&instanceId=rmq%20cn%2F7e%2B22%25~%2A&pageNumber=2&pageSize=50 HTTP/1.1");
    assert_string_equal(request_line(&vectors[4]),
                        "GET /disaster_recovery/1300000016/items HTTP/1.1");
    assert_string_equal(request_line(&vectors[5]),
                        "GET /disaster_recovery/p%2F1%20x/items?filter=a%2Fb%2Bc%25d&pageNumber=3"
                        "&pageSize=10&topicName=topic~A%2Ab HTTP/1.1");
    assert_string_equal(request_line(&vectors[9]),
                        "GET /disaster_recovery/1/items/2/checkpoints?filter=f&instanceId=i HTTP/1.1");
    assert_non_null(strstr(request_line(&vectors[0]), "GET"));
}

static void test_action_headers(void **state)
{
    const rmqdr_config_t c = config();
    const rmqdr_operation_t *ops[3] = { &rmqdr_op_list_plans, &rmqdr_op_list_items,
                                        &rmqdr_op_list_checkpoints };
    size_t i;

    (void)state;
    for (i = 0U; i < 3U; i++) {
        vector_t v = { ops[i], "1", "2", "i", NULL, NULL, 0, 0 };
        rmqdr_request_t r = request_of(&v);
        char want[96];
        size_t len = 0U;

        assert_int_equal(rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len), RMQDR_OK);
        buf[len] = '\0';
        (void)snprintf(want, sizeof want, "\r\nx-acs-action: %s\r\n", ops[i]->action);
        assert_non_null(strstr(buf, want));
        assert_non_null(strstr(buf, "\r\nx-acs-version: 2022-08-01\r\n"));
    }
}

static void test_rules_per_operation(void **state)
{
    const rmqdr_config_t c = config();
    static const struct {
        vector_t v;
        rmqdr_status_t want;
        const char *field;
    } cases[] = {
        { { &rmqdr_op_list_plans, NULL, NULL, NULL, NULL, NULL, 0, 0 }, RMQDR_OK, NULL },
        { { &rmqdr_op_list_plans, "\t", "\t", NULL, NULL, "\t", 0, 0 }, RMQDR_OK, NULL },
        { { &rmqdr_op_list_plans, NULL, NULL, "a\tb", NULL, NULL, 0, 0 }, RMQDR_ERR_CONTROL_CHARACTER, "instanceId" },
        { { &rmqdr_op_list_plans, NULL, NULL, NULL, NULL, NULL, 0, 101 }, RMQDR_ERR_BAD_PAGE_SIZE, "pageSize" },
        { { &rmqdr_op_list_plans, NULL, NULL, NULL, NULL, NULL, -1, 0 }, RMQDR_ERR_BAD_PAGE_NUMBER, "pageNumber" },
        { { &rmqdr_op_list_items, NULL, NULL, NULL, NULL, NULL, 0, 0 }, RMQDR_ERR_MISSING_PLAN_ID, "planId" },
        { { &rmqdr_op_list_items, "", NULL, NULL, NULL, NULL, 0, 0 }, RMQDR_ERR_MISSING_PLAN_ID, "planId" },
        { { &rmqdr_op_list_items, "1", NULL, NULL, NULL, "t\x7f", 0, 0 }, RMQDR_ERR_CONTROL_CHARACTER, "topicName" },
        { { &rmqdr_op_list_items, "1", NULL, NULL, NULL,
            "0123456789012345678901234567890123456789012345678901234567890123"
            "01234567890123456789012345678901234567890123456789012345678901234", 0, 0 },
          RMQDR_ERR_FIELD_TOO_LONG, "topicName" },
        { { &rmqdr_op_list_checkpoints, "1", "2", NULL, NULL, NULL, 0, 0 }, RMQDR_ERR_MISSING_INSTANCE_ID, "instanceId" },
        { { &rmqdr_op_list_checkpoints, "1", NULL, "i", NULL, NULL, 0, 0 }, RMQDR_ERR_MISSING_ITEM_ID, "itemId" },
    };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        rmqdr_request_t r = request_of(&cases[i].v);
        const char *field = "unset";

        assert_int_equal(rmqdr_request_validate(&c, &r, &field), cases[i].want);
        if (cases[i].field == NULL) {
            assert_null(field);
        } else {
            assert_string_equal(field, cases[i].field);
        }
    }
}

static void test_bad_descriptors(void **state)
{
    static const rmqdr_param_use_t uses[] = {
        { RMQDR_PARAM_PLAN_ID, RMQDR_IN_PATH, true },
    };
    static const rmqdr_param_use_t bad_param[] = {
        { RMQDR_PARAM_COUNT, RMQDR_IN_QUERY, false },
    };
    const rmqdr_operation_t unknown_placeholder = { "A", "2022-08-01", "GET", "/x/{itemId}", uses, 1U };
    const rmqdr_operation_t unused_path_param = { "A", "2022-08-01", "GET", "/x", uses, 1U };
    const rmqdr_operation_t no_slash = { "A", "2022-08-01", "GET", "x/{planId}", uses, 1U };
    const rmqdr_operation_t out_of_range = { "A", "2022-08-01", "GET", "/x", bad_param, 1U };
    const rmqdr_operation_t fine = { "A", "2022-08-01", "GET", "/x/{planId}/y", uses, 1U };
    const rmqdr_operation_t *bad[] = { &unknown_placeholder, &unused_path_param, &no_slash, &out_of_range };
    const rmqdr_config_t c = config();
    vector_t v = { NULL, "1", "2", "i", NULL, NULL, 0, 0 };
    rmqdr_request_t r;
    size_t i;
    size_t len = 0U;

    (void)state;
    for (i = 0U; i < sizeof bad / sizeof bad[0]; i++) {
        v.op = bad[i];
        r = request_of(&v);
        assert_int_equal(rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len), RMQDR_ERR_BAD_ARGUMENT);
    }
    v.op = &fine;
    r = request_of(&v);
    assert_int_equal(rmqdr_request_build(&c, &r, &stamp, buf, sizeof buf, &len), RMQDR_OK);
    assert_memory_equal(buf, "GET /x/1/y HTTP/1.1\r\n", 21U);
    assert_string_equal(rmqdr_param_name(RMQDR_PARAM_TOPIC_NAME), "topicName");
    assert_string_equal(rmqdr_param_name(RMQDR_PARAM_COUNT), "");
}

/* Every operation's largest request (all its parameters at their limit,
 * every byte percent-encoded, maximal token) fits RMQDR_REQUEST_MAX_SIZE. */
static void test_worst_case_each_operation(void **state)
{
    static char token[RMQDR_MAX_SECURITY_TOKEN_LEN + 1U];
    static char id[RMQDR_MAX_ID_LEN + 1U];
    static char filter[RMQDR_MAX_FILTER_LEN + 1U];
    static char topic[RMQDR_MAX_TOPIC_NAME_LEN + 1U];
    static char key[RMQDR_MAX_ACCESS_KEY_ID_LEN + 1U];
    static char ua[RMQDR_MAX_USER_AGENT_SUFFIX_LEN + 1U];
    static char endpoint[RMQDR_MAX_ENDPOINT_LEN + 1U];
    const rmqdr_operation_t *ops[3] = { &rmqdr_op_list_plans, &rmqdr_op_list_items,
                                        &rmqdr_op_list_checkpoints };
    rmqdr_config_t c = config();
    rmqdr_stamp_t s = stamp;
    size_t i;

    (void)state;
    memset(token, 'T', RMQDR_MAX_SECURITY_TOKEN_LEN);
    memset(id, '/', RMQDR_MAX_ID_LEN);
    memset(filter, '*', RMQDR_MAX_FILTER_LEN);
    memset(topic, '%', RMQDR_MAX_TOPIC_NAME_LEN);
    memset(key, 'K', RMQDR_MAX_ACCESS_KEY_ID_LEN);
    memset(ua, 'u', RMQDR_MAX_USER_AGENT_SUFFIX_LEN);
    memset(endpoint, 'h', RMQDR_MAX_ENDPOINT_LEN);
    memcpy(&endpoint[RMQDR_MAX_ENDPOINT_LEN - 6U], ":65535", 7U);
    memset(s.nonce, 'f', RMQDR_NONCE_SIZE - 1U);
    s.nonce[RMQDR_NONCE_SIZE - 1U] = '\0';
    c.security_token = token;
    c.access_key_id = key;
    c.user_agent_suffix = ua;
    c.endpoint = endpoint;
    for (i = 0U; i < 3U; i++) {
        vector_t v = { ops[i], id, id, id, filter, topic, RMQDR_MAX_PAGE_NUMBER, RMQDR_MAX_PAGE_SIZE };
        rmqdr_request_t r = request_of(&v);
        size_t len = 0U;

        assert_int_equal(rmqdr_request_build(&c, &r, &s, buf, sizeof buf, &len), RMQDR_OK);
        print_message("%s worst case: %zu of %u bytes\n", ops[i]->action, len, RMQDR_REQUEST_MAX_SIZE);
        assert_true(len <= RMQDR_REQUEST_MAX_SIZE);
    }
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_lines),
        cmocka_unit_test(test_action_headers),
        cmocka_unit_test(test_rules_per_operation),
        cmocka_unit_test(test_bad_descriptors),
        cmocka_unit_test(test_worst_case_each_operation),
    };

    if ((argc > 1) && (strcmp(argv[1], "--emit") == 0)) {
        return emit();
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
