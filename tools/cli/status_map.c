/* Exit code and operator-facing sentence of every library status. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "rmqdr/client.h"
#include "rmqdr/http.h"
#include "rmqdr/json.h"

/* The classification, one line per status. README "Exit codes" is this
 * table in prose; a status missing here is a defect (see the fallback). */
static const struct {
    rmqdr_status_t status;
    int exit_code;
} exit_table[] = {
    { RMQDR_OK, EXIT_OK },
    { RMQDR_ERR_BAD_ARGUMENT, EXIT_USAGE },
    { RMQDR_ERR_BUFFER_TOO_SMALL, EXIT_USAGE },
    { RMQDR_ERR_CRYPTO, EXIT_LOCAL },
    { RMQDR_ERR_PORT_TIME, EXIT_LOCAL },
    { RMQDR_ERR_PORT_RANDOM, EXIT_LOCAL },
    { RMQDR_ERR_MISSING_PLAN_ID, EXIT_USAGE },
    { RMQDR_ERR_MISSING_ITEM_ID, EXIT_USAGE },
    { RMQDR_ERR_MISSING_INSTANCE_ID, EXIT_USAGE },
    { RMQDR_ERR_BAD_PAGE_NUMBER, EXIT_USAGE },
    { RMQDR_ERR_BAD_PAGE_SIZE, EXIT_USAGE },
    { RMQDR_ERR_FIELD_TOO_LONG, EXIT_USAGE },
    { RMQDR_ERR_CONTROL_CHARACTER, EXIT_USAGE },
    { RMQDR_ERR_NON_ASCII_HEADER, EXIT_USAGE },
    { RMQDR_ERR_MISSING_CREDENTIALS, EXIT_USAGE },
    { RMQDR_ERR_BAD_ENDPOINT, EXIT_USAGE },
    { RMQDR_ERR_BAD_REGION, EXIT_USAGE },
    { RMQDR_ERR_BAD_DATE, EXIT_USAGE },
    { RMQDR_ERR_BAD_NONCE, EXIT_USAGE },
    { RMQDR_ERR_HTTP_STATUS_LINE, EXIT_MALFORMED },
    { RMQDR_ERR_HTTP_HEADER_SYNTAX, EXIT_MALFORMED },
    { RMQDR_ERR_HTTP_LINE_TOO_LONG, EXIT_MALFORMED },
    { RMQDR_ERR_HTTP_TOO_MANY_HEADERS, EXIT_MALFORMED },
    { RMQDR_ERR_HTTP_BAD_LENGTH, EXIT_MALFORMED },
    { RMQDR_ERR_HTTP_BAD_FRAMING, EXIT_MALFORMED },
    { RMQDR_ERR_HTTP_BAD_CHUNK, EXIT_MALFORMED },
    { RMQDR_ERR_HTTP_TRAILING_BYTES, EXIT_MALFORMED },
    { RMQDR_ERR_HTTP_TRUNCATED, EXIT_NETWORK }, /* a cut connection is the network's fault */
    { RMQDR_ERR_JSON_SYNTAX, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_TOO_DEEP, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_ELEMENT_TOO_LARGE, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_TOO_MANY_TOKENS, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_BAD_ESCAPE, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_BAD_NUMBER, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_BAD_TYPE, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_DUPLICATE_KEY, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_KEY_TOO_LONG, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_TRUNCATED, EXIT_MALFORMED },
    { RMQDR_ERR_JSON_TRAILING_DATA, EXIT_MALFORMED },
    { RMQDR_ERR_ABORTED_BY_CALLBACK, EXIT_OUTPUT }, /* the CLI stops a listing only when stdout fails */
    { RMQDR_ERR_API, EXIT_API },
    { RMQDR_ERR_UNEXPECTED_RESPONSE, EXIT_MALFORMED },
    { RMQDR_ERR_DNS, EXIT_NETWORK },
    { RMQDR_ERR_CONNECT, EXIT_NETWORK },
    { RMQDR_ERR_TIMEOUT, EXIT_NETWORK },
    { RMQDR_ERR_CLOSED, EXIT_NETWORK },
    { RMQDR_ERR_RESET, EXIT_NETWORK },
    { RMQDR_ERR_NETWORK, EXIT_NETWORK },
    { RMQDR_ERR_TLS_HANDSHAKE, EXIT_NETWORK },
    { RMQDR_ERR_TLS_VERIFY, EXIT_NETWORK },
    { RMQDR_ERR_TLS_CA, EXIT_USAGE },
    { RMQDR_ERR_TLS, EXIT_NETWORK },
    { RMQDR_ERR_PLAIN_NOT_LOOPBACK, EXIT_USAGE },
    { RMQDR_ERR_RETRIES_EXHAUSTED, EXIT_NETWORK },
    { RMQDR_ERR_DEADLINE, EXIT_NETWORK },
    { RMQDR_ERR_PAGE_CHANGED, EXIT_NETWORK }, /* the listing moved while paging: transient */
    { RMQDR_ERR_SERVER_ERROR, EXIT_NETWORK }, /* a 5xx/429 that is not the API's JSON */
    { RMQDR_ERR_CREDENTIALS, EXIT_NETWORK },  /* metadata service / STS / URI down or garbled */
};

/* Where the bytes came from changes what some statuses mean: a response
 * that stops early is the network's fault on a connection, but a saved
 * file that stops early (decode) is malformed input. One line per status
 * whose meaning depends on the source; the table above is the default. */
static const struct {
    cli_source_t source;
    rmqdr_status_t status;
    int exit_code;
    const char *text;
} source_table[] = {
    { CLI_FROM_INPUT, RMQDR_ERR_HTTP_TRUNCATED, EXIT_MALFORMED, "the input ended before the message did" },
    { CLI_FROM_INPUT, RMQDR_ERR_CLOSED, EXIT_MALFORMED, "the input ended before the message did" },
};

static size_t source_row(cli_source_t source, rmqdr_status_t st)
{
    size_t i;

    for (i = 0U; i < sizeof source_table / sizeof source_table[0]; i++) {
        if ((source_table[i].source == source) && (source_table[i].status == st)) {
            return i;
        }
    }
    return SIZE_MAX;
}

int cli_exit_code_from(cli_source_t source, rmqdr_status_t st)
{
    size_t row = source_row(source, st);

    return (row != SIZE_MAX) ? source_table[row].exit_code : cli_exit_code(st);
}

const char *cli_status_text_from(cli_source_t source, rmqdr_status_t st, char *buf, size_t cap)
{
    size_t row = source_row(source, st);

    return (row != SIZE_MAX) ? source_table[row].text : cli_status_text(st, buf, cap);
}

int cli_exit_code(rmqdr_status_t st)
{
    size_t i;

    for (i = 0U; i < sizeof exit_table / sizeof exit_table[0]; i++) {
        if (exit_table[i].status == st) {
            return exit_table[i].exit_code;
        }
    }
    /* a status this table does not know yet (tests/unit/test_cli_status_map.py
     * names it): a transient one is still the network's, anything else local */
    return rmqdr_status_is_transient(st) ? EXIT_NETWORK : EXIT_LOCAL;
}

/* Statuses whose library sentence names a macro: the operator gets the number. */
static const struct {
    rmqdr_status_t status;
    const char *format; /* one %" PRIu64 " */
    uint64_t limit;
} limit_table[] = {
    { RMQDR_ERR_BAD_PAGE_NUMBER, "pageNumber must be between 1 and %" PRIu64, (uint64_t)RMQDR_MAX_PAGE_NUMBER },
    { RMQDR_ERR_BAD_PAGE_SIZE, "pageSize must be between 1 and %" PRIu64, (uint64_t)RMQDR_MAX_PAGE_SIZE },
    { RMQDR_ERR_HTTP_LINE_TOO_LONG, "a status or header line is longer than %" PRIu64 " bytes", RMQDR_HTTP_MAX_LINE },
    { RMQDR_ERR_HTTP_TOO_MANY_HEADERS, "more than %" PRIu64 " header lines", RMQDR_HTTP_MAX_HEADERS },
    { RMQDR_ERR_JSON_TOO_DEEP, "JSON nesting deeper than %" PRIu64 " levels", RMQDR_JSON_MAX_DEPTH },
    { RMQDR_ERR_JSON_ELEMENT_TOO_LARGE, "one data.list element is larger than %" PRIu64 " bytes",
      (uint64_t)RMQDR_JSON_ELEMENT_MAX },
    { RMQDR_ERR_JSON_TOO_MANY_TOKENS, "one data.list element has more than %" PRIu64 " JSON tokens",
      RMQDR_JSON_MAX_TOKENS },
    { RMQDR_ERR_JSON_KEY_TOO_LONG, "an object key is longer than %" PRIu64 " bytes", RMQDR_JSON_MAX_KEY },
};

const char *cli_status_text(rmqdr_status_t st, char *buf, size_t cap)
{
    size_t i;

    for (i = 0U; i < sizeof limit_table / sizeof limit_table[0]; i++) {
        if (limit_table[i].status == st) {
            (void)snprintf(buf, cap, limit_table[i].format, limit_table[i].limit);
            return buf;
        }
    }
    return rmqdr_status_message(st);
}
