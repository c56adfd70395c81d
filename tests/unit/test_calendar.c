/* Calendar module: day arithmetic, IMF-fixdate, ISO 8601; status list. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "rmqdr/calendar.h"
#include "rmqdr/status.h"

static void test_days_round_trip(void **state)
{
    int64_t days;

    (void)state;
    assert_int_equal(rmqdr_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(rmqdr_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(rmqdr_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(rmqdr_days_from_civil(9999, 12, 31), 2932896);
    for (days = -719468; days <= 2932896; days += 97) {
        int64_t y = 0;
        uint32_t m = 0U;
        uint32_t d = 0U;

        rmqdr_civil_from_days(days, &y, &m, &d);
        assert_true((m >= 1U) && (m <= 12U));
        assert_true((d >= 1U) && (d <= rmqdr_days_in_month(y, m)));
        assert_int_equal(rmqdr_days_from_civil(y, m, d), days);
    }
    assert_int_equal(rmqdr_days_in_month(2024, 2), 29);
    assert_int_equal(rmqdr_days_in_month(1900, 2), 28);
    assert_int_equal(rmqdr_days_in_month(2000, 2), 29);
    assert_int_equal(rmqdr_days_in_month(2023, 13), 0);
}

static void test_imf_fixdate(void **state)
{
    static const struct {
        const char *text;
        int ok;
        int64_t unix_s;
    } cases[] = {
        { "Sun, 06 Nov 1994 08:49:37 GMT", 1, 784111777 },
        { "Thu, 01 Jan 1970 00:00:00 GMT", 1, 0 },
        { "Thu, 29 Feb 2024 23:59:59 GMT", 1, 1709251199 },
        { "Wed, 29 Feb 2023 00:00:00 GMT", 0, 0 },  /* no such day */
        { "Wed, 31 Apr 2026 00:00:00 GMT", 0, 0 },
        { "Wed, 31 Dec 1969 23:59:59 GMT", 0, 0 },  /* before 1970 */
        { "Sunday, 06-Nov-94 08:49:37 GMT", 0, 0 }, /* RFC 850 */
        { "Sun Nov  6 08:49:37 1994", 0, 0 },       /* asctime */
        { "Sun, 06 Nov 1994 24:00:00 GMT", 0, 0 },
        { "Sun, 06 Nov 1994 08:49:37 UTC", 0, 0 },
        { "Xyz, 06 Nov 1994 08:49:37 GMT", 0, 0 },
    };
    size_t i;

    (void)state;
    for (i = 0U; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t v = -1;
        const bool ok = rmqdr_parse_imf_fixdate(cases[i].text, strlen(cases[i].text), &v);

        assert_int_equal(ok, cases[i].ok);
        if (ok) {
            assert_int_equal(v, cases[i].unix_s);
        }
    }
}

static void test_iso8601(void **state)
{
    char out[RMQDR_DATE_SIZE];

    (void)state;
    assert_int_equal(rmqdr_format_date(1709251199000, out), RMQDR_OK);
    assert_string_equal(out, "2024-02-29T23:59:59Z");
    assert_int_equal(rmqdr_format_date(RMQDR_CALENDAR_MAX_MS, out), RMQDR_OK);
    assert_string_equal(out, "9999-12-31T23:59:59Z");
    assert_int_equal(rmqdr_format_date(RMQDR_CALENDAR_MAX_MS + 1, out), RMQDR_ERR_PORT_TIME);
    assert_true(rmqdr_iso8601_is_valid("2024-02-29T23:59:60Z"));
    assert_false(rmqdr_iso8601_is_valid("2023-02-29T00:00:00Z"));
    assert_false(rmqdr_iso8601_is_valid("2026-04-31T00:00:00Z"));
    assert_false(rmqdr_iso8601_is_valid("2026-13-01T00:00:00Z"));
    assert_false(rmqdr_iso8601_is_valid("2026-01-01T00:00:00"));
    assert_false(rmqdr_iso8601_is_valid("2026-01-01T00:00:00Z "));
    assert_false(rmqdr_iso8601_is_valid(NULL));
}

/* Every enumerator of the list has its own name and a message. */
#define CHECK_ROW(name, init, message)                                 \
    assert_string_equal(rmqdr_status_name(name), #name);              \
    assert_string_equal(rmqdr_status_message(name), message);

static void test_status_list(void **state)
{
    (void)state;
    RMQDR_STATUS_LIST(CHECK_ROW)
    assert_int_equal(RMQDR_ERR_MISSING_PLAN_ID, 20);
    assert_int_equal(RMQDR_ERR_JSON_SYNTAX, 60);
    assert_int_equal(RMQDR_ERR_API, 80);
    assert_int_equal(RMQDR_ERR_DNS, 90);
    assert_int_equal(RMQDR_ERR_RETRIES_EXHAUSTED, 101);
    assert_int_equal(RMQDR_ERR_DEADLINE, 102);
    assert_int_equal(RMQDR_ERR_PAGE_CHANGED, 103);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_round_trip),
        cmocka_unit_test(test_imf_fixdate),
        cmocka_unit_test(test_iso8601),
        cmocka_unit_test(test_status_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
