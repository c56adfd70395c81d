/* Status names and messages, generated from RMQDR_STATUS_LIST. */
#include "rmqdr/status.h"

#include <stddef.h>

typedef struct {
    rmqdr_status_t status;
    const char *name;
#ifndef RMQDR_STATUS_NO_MESSAGES
    const char *message;
#endif
} status_row_t;

#ifdef RMQDR_STATUS_NO_MESSAGES
#define STATUS_ROW(name, init, message) { name, #name },
#define ROW_MESSAGE(row) ""
#define UNKNOWN_MESSAGE ""
#else
#define STATUS_ROW(name, init, message) { name, #name, message },
#define ROW_MESSAGE(row) ((row)->message)
#define UNKNOWN_MESSAGE "Unknown status value."
#endif

static const status_row_t status_rows[] = {
    RMQDR_STATUS_LIST(STATUS_ROW)
};

static const status_row_t *find_row(rmqdr_status_t status)
{
    size_t i;
    for (i = 0U; i < sizeof status_rows / sizeof status_rows[0]; i++) {
        if (status_rows[i].status == status) {
            return &status_rows[i];
        }
    }
    return NULL;
}

const char *rmqdr_status_name(rmqdr_status_t status)
{
    const status_row_t *row = find_row(status);
    return (row != NULL) ? row->name : "RMQDR_ERR_UNKNOWN";
}

const char *rmqdr_status_message(rmqdr_status_t status)
{
    const status_row_t *row = find_row(status);
    return (row != NULL) ? ROW_MESSAGE(row) : UNKNOWN_MESSAGE;
}
