/* Status names and messages, generated from RMQDR_STATUS_LIST.
 *
 * Flash layout: each text set is one string of NUL-separated entries in
 * list order (no pointer per entry), and one byte per row holds the
 * status value; the row index found in the values picks the entry. */
#include "rmqdr/status.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define STATUS_VALUE(name, init, message) (uint8_t)(name),
#define STATUS_NAME(name, init, message) #name "\0"
#define STATUS_FITS(name, init, message) \
    _Static_assert(((int)(name) >= 0) && ((int)(name) <= 255), #name " is stored in one byte");

RMQDR_STATUS_LIST(STATUS_FITS)

static const uint8_t status_values[] = { RMQDR_STATUS_LIST(STATUS_VALUE) };
static const char status_names[] = RMQDR_STATUS_LIST(STATUS_NAME);

#define STATUS_COUNT (sizeof status_values / sizeof status_values[0])

/* Row of @p status in the list, or STATUS_COUNT when it is not listed. */
static size_t find_row(rmqdr_status_t status)
{
    size_t i;

    for (i = 0U; i < STATUS_COUNT; i++) {
        if ((int)status_values[i] == (int)status) {
            break;
        }
    }
    return i;
}

/* Entry @p row of a NUL-separated text set (row < STATUS_COUNT). */
static const char *entry(const char *set, size_t row)
{
    const char *p = set;
    size_t i;

    for (i = 0U; i < row; i++) {
        p = &p[strlen(p) + 1U];
    }
    return p;
}

const char *rmqdr_status_name(rmqdr_status_t status)
{
    const size_t row = find_row(status);

    return (row < STATUS_COUNT) ? entry(status_names, row) : "RMQDR_ERR_UNKNOWN";
}

#ifdef RMQDR_STATUS_NO_MESSAGES
const char *rmqdr_status_message(rmqdr_status_t status)
{
    (void)status;
    return "";
}
#else
#define STATUS_MESSAGE(name, init, message) message "\0"

static const char status_messages[] = RMQDR_STATUS_LIST(STATUS_MESSAGE);

const char *rmqdr_status_message(rmqdr_status_t status)
{
    const size_t row = find_row(status);

    return (row < STATUS_COUNT) ? entry(status_messages, row) : "Unknown status value.";
}
#endif
