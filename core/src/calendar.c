/* Calendar arithmetic and the two date forms rmqdr reads or writes. */
#include "rmqdr/calendar.h"

#include <string.h>

#define SECONDS_PER_DAY 86400

static bool is_digit(char c)
{
    return (c >= '0') && (c <= '9');
}

/* One 64-bit remainder; 4, 100 and 400 all divide 400, so the rest is
 * 32-bit arithmetic on it (a 64-bit division is a libcall on 32-bit cores). */
static bool is_leap(int64_t year)
{
    const int32_t r = (int32_t)(year % 400);

    return (((r % 4) == 0) && ((r % 100) != 0)) || (r == 0);
}

uint32_t rmqdr_days_in_month(int64_t year, uint32_t month)
{
    static const uint8_t days[12] = { 31U, 28U, 31U, 30U, 31U, 30U, 31U, 31U, 30U, 31U, 30U, 31U };

    if ((month < 1U) || (month > 12U)) {
        return 0U;
    }
    return (uint32_t)days[month - 1U] + (((month == 2U) && is_leap(year)) ? 1U : 0U);
}

/* Eras of 400 years (146097 days) starting on March 1st, so the leap day
 * is the last day of a year. Only the era needs 64 bits: the year of the
 * era (0..399), the day of the year and the day of the era (0..146096) are
 * 32-bit arithmetic, exact for every month 1..12 (64-bit divisions are
 * libcalls on 32-bit cores). */
int64_t rmqdr_days_from_civil(int64_t year, uint32_t month, uint32_t day)
{
    const int64_t y = year - ((month <= 2U) ? 1 : 0);
    const int64_t era = ((y >= 0) ? y : (y - 399)) / 400;
    const uint32_t yoe = (uint32_t)(y - (era * 400));
    const uint32_t mp = (month > 2U) ? (month - 3U) : (month + 9U);
    const uint32_t doe = (yoe * 365U) + (yoe / 4U) - (yoe / 100U) + (((153U * mp) + 2U) / 5U);

    return (era * 146097) + (int64_t)doe + (int64_t)day - 1 - 719468;
}

void rmqdr_civil_from_days(int64_t days, int64_t *year, uint32_t *month, uint32_t *day)
{
    const int64_t z = days + 719468;
    const int64_t era = ((z >= 0) ? z : (z - 146096)) / 146097;
    const uint32_t doe = (uint32_t)(z - (era * 146097));
    const uint32_t yoe = (doe - (doe / 1460U) + (doe / 36524U) - (doe / 146096U)) / 365U;
    const uint32_t doy = doe - ((365U * yoe) + (yoe / 4U) - (yoe / 100U));
    const uint32_t mp = ((5U * doy) + 2U) / 153U;
    const uint32_t m = (mp < 10U) ? (mp + 3U) : (mp - 9U);

    *day = doy - (((153U * mp) + 2U) / 5U) + 1U;
    *month = m;
    *year = ((int64_t)yoe + (era * 400)) + ((m <= 2U) ? 1 : 0);
}

/* Whether @p s has the form of @p shape: 'd' stands for a decimal digit,
 * 'a' for any byte (checked by the caller), every other byte for itself.
 * Stops at the first mismatch, so a shorter NUL-terminated @p s is not
 * read past its end. */
static bool matches_shape(const char *s, const char *shape)
{
    size_t i;

    for (i = 0U; shape[i] != '\0'; i++) {
        if (!((shape[i] == 'd') ? is_digit(s[i]) : ((shape[i] == 'a') || (s[i] == shape[i])))) {
            return false;
        }
    }
    return true;
}

/* The value of @p count decimal digits at @p s (checked by matches_shape). */
static uint32_t digits_value(const char *s, size_t count)
{
    uint32_t v = 0U;
    size_t i;

    for (i = 0U; i < count; i++) {
        v = (v * 10U) + (uint32_t)(s[i] - '0');
    }
    return v;
}

/* "hh:mm:ss" at @p s (shape checked) into @p c. */
static void read_time(const char *s, rmqdr_civil_t *c)
{
    c->hour = digits_value(&s[0], 2U);
    c->minute = digits_value(&s[3], 2U);
    c->second = digits_value(&s[6], 2U);
}

/* Index of the 3-letter name at @p s in the packed @p names, or @p count. */
static uint32_t find_name3(const char *s, const char *names, uint32_t count)
{
    uint32_t i;

    for (i = 0U; i < count; i++) {
        if (memcmp(s, &names[i * 3U], 3U) == 0) {
            break;
        }
    }
    return i;
}

static bool civil_is_valid(const rmqdr_civil_t *c)
{
    return (c->day >= 1U) && (c->day <= rmqdr_days_in_month(c->year, c->month)) &&
           (c->hour <= 23U) && (c->minute <= 59U) && (c->second <= 60U);
}

static int64_t civil_to_unix(const rmqdr_civil_t *c)
{
    return (rmqdr_days_from_civil(c->year, c->month, c->day) * SECONDS_PER_DAY) +
           ((int64_t)c->hour * 3600) + ((int64_t)c->minute * 60) + (int64_t)c->second;
}

bool rmqdr_parse_imf_fixdate(const char *s, size_t len, int64_t *unix_s)
{
    static const char weekdays[] = "MonTueWedThuFriSatSun";
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    rmqdr_civil_t c;
    bool ok;

    (void)memset(&c, 0, sizeof c);
    ok = (s != NULL) && (unix_s != NULL) && (len == 29U) &&
         matches_shape(s, "aaa, dd aaa dddd dd:dd:dd GMT") && (find_name3(s, weekdays, 7U) < 7U);
    if (ok) {
        c.day = digits_value(&s[5], 2U);
        c.month = find_name3(&s[8], months, 12U) + 1U;
        c.year = (int64_t)digits_value(&s[12], 4U);
        read_time(&s[17], &c);
        ok = (c.month <= 12U) && (c.year >= 1970) && civil_is_valid(&c);
    }
    if (ok) {
        *unix_s = civil_to_unix(&c);
    }
    return ok;
}

static void put_digits(char *out, uint32_t value, size_t width)
{
    size_t i;

    for (i = width; i > 0U; i--) {
        out[i - 1U] = (char)('0' + (value % 10U));
        value /= 10U;
    }
}

rmqdr_status_t rmqdr_format_date(int64_t unix_ms, char out[RMQDR_DATE_SIZE])
{
    int64_t days;
    int64_t year;
    uint32_t month;
    uint32_t day;
    uint32_t sod;

    if (out == NULL) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if ((unix_ms < 0) || (unix_ms > RMQDR_CALENDAR_MAX_MS)) {
        return RMQDR_ERR_PORT_TIME;
    }
    /* one 64-bit division; the millisecond of the day fits 32 bits */
    days = unix_ms / (SECONDS_PER_DAY * 1000);
    rmqdr_civil_from_days(days, &year, &month, &day);
    sod = (uint32_t)(unix_ms - (days * (SECONDS_PER_DAY * 1000))) / 1000U;
    (void)memcpy(out, "0000-00-00T00:00:00Z", RMQDR_DATE_SIZE);
    put_digits(&out[0], (uint32_t)year, 4U);
    put_digits(&out[5], month, 2U);
    put_digits(&out[8], day, 2U);
    put_digits(&out[11], sod / 3600U, 2U);
    put_digits(&out[14], (sod / 60U) % 60U, 2U);
    put_digits(&out[17], sod % 60U, 2U);
    return RMQDR_OK;
}

bool rmqdr_iso8601_is_valid(const char *s)
{
    rmqdr_civil_t c;

    if ((s == NULL) || !matches_shape(s, "dddd-dd-ddTdd:dd:ddZ") || (s[20] != '\0')) {
        return false;
    }
    (void)memset(&c, 0, sizeof c);
    c.year = (int64_t)digits_value(&s[0], 4U);
    c.month = digits_value(&s[5], 2U);
    c.day = digits_value(&s[8], 2U);
    read_time(&s[11], &c);
    return civil_is_valid(&c);
}
