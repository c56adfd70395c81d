/**
 * @file calendar.h
 * @brief The one place rmqdr turns dates into numbers and back: proleptic
 *        Gregorian day arithmetic, IMF-fixdate (HTTP Date) and the ISO 8601
 *        form the service signs (x-acs-date).
 *
 * Used by the HTTP decoder (Date header), the request builder (x-acs-date)
 * and the bare-metal port (gmtime_r for X.509 validity). No state, no
 * locale, no time zone: everything is UTC.
 */
#ifndef RMQDR_CALENDAR_H
#define RMQDR_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes of "YYYY-MM-DDTHH:MM:SSZ" with its NUL. */
#define RMQDR_DATE_SIZE 21U

/** Largest Unix millisecond value with a four-digit year (9999-12-31T23:59:59.999Z). */
#define RMQDR_CALENDAR_MAX_MS INT64_C(253402300799999)

/** A UTC calendar date and time of day. */
typedef struct {
    int64_t year;    /**< Proleptic Gregorian year. */
    uint32_t month;  /**< 1..12. */
    uint32_t day;    /**< 1..31. */
    uint32_t hour;   /**< 0..23. */
    uint32_t minute; /**< 0..59. */
    uint32_t second; /**< 0..60 (a leap second is read as given). */
} rmqdr_civil_t;

/**
 * @brief Days from 1970-01-01 to a date (era arithmetic, H. Hinnant's
 *        days_from_civil); negative before 1970.
 * @param year  Any year in +-2^40.
 * @param month 1..12.
 * @param day   1..31 (not checked against the month).
 * @return Days since 1970-01-01 (UTC); never fails, out-of-range fields
 *         are not checked and give a meaningless count.
 */
int64_t rmqdr_days_from_civil(int64_t year, uint32_t month, uint32_t day);

/**
 * @brief The date of a day count from 1970-01-01 (inverse of
 *        rmqdr_days_from_civil()).
 * @param days Any value >= -719468 (0000-03-01).
 * @param[out] year, month, day The date; none may be NULL.
 */
void rmqdr_civil_from_days(int64_t days, int64_t *year, uint32_t *month, uint32_t *day);

/**
 * @brief Days in a month of the proleptic Gregorian calendar (February has
 *        29 in years divisible by 4, except centuries not divisible by 400).
 * @param year  Any year (proleptic Gregorian).
 * @param month 1..12.
 * @return 28..31, or 0 for a month out of range.
 */
uint32_t rmqdr_days_in_month(int64_t year, uint32_t month);

/**
 * @brief Parse an IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110
 *        section 5.6.7), the one form a server must send.
 *
 * The weekday is checked for spelling only (it adds nothing to the
 * instant); the day must exist in its month; years before 1970 are refused.
 * The obsolete RFC 850 and asctime forms are refused.
 * @param s   Text (not NUL-terminated).
 * @param len Bytes at @p s (29 for a valid date).
 * @param[out] unix_s Seconds since 1970-01-01T00:00:00Z.
 * @return true when @p s is a valid IMF-fixdate.
 */
bool rmqdr_parse_imf_fixdate(const char *s, size_t len, int64_t *unix_s);

/**
 * @brief Format Unix milliseconds as "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601 /
 *        RFC 3339 UTC, the x-acs-date form of the ACS3 signature,
 *        ../shared/SIGNING.md).
 * @param unix_ms 0 .. RMQDR_CALENDAR_MAX_MS.
 * @param[out] out RMQDR_DATE_SIZE bytes.
 * @return RMQDR_OK, RMQDR_ERR_BAD_ARGUMENT (NULL out) or
 *         RMQDR_ERR_PORT_TIME when out of range.
 */
rmqdr_status_t rmqdr_format_date(int64_t unix_ms, char out[RMQDR_DATE_SIZE]);

/**
 * @brief Whether @p s is exactly "YYYY-MM-DDTHH:MM:SSZ" with a real day of
 *        its month, hour <= 23, minute <= 59, second <= 60.
 * @param s NUL-terminated; NULL gives false.
 * @return true when @p s is exactly 20 characters of that form (nothing
 *         after the 'Z'), false otherwise.
 */
bool rmqdr_iso8601_is_valid(const char *s);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_CALENDAR_H */
