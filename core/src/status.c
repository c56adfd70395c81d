/* Status names and messages: one row per rmqdr_status_t value. */
#include "rmqdr/status.h"

#include <stddef.h>

typedef struct {
    rmqdr_status_t status;
    const char *name;
    const char *message;
} status_row_t;

static const status_row_t status_rows[] = {
    { RMQDR_OK, "RMQDR_OK",
      "Success." },
    { RMQDR_ERR_BAD_ARGUMENT, "RMQDR_ERR_BAD_ARGUMENT",
      "A required pointer was NULL or an argument is out of its domain." },
    { RMQDR_ERR_BUFFER_TOO_SMALL, "RMQDR_ERR_BUFFER_TOO_SMALL",
      "A caller buffer cannot hold the result; nothing partial was written." },
    { RMQDR_ERR_CRYPTO, "RMQDR_ERR_CRYPTO",
      "mbedTLS hashing or HMAC failed (out of memory in its allocator)." },
    { RMQDR_ERR_PORT_TIME, "RMQDR_ERR_PORT_TIME",
      "The port's clock hook failed or gave a time before 1970." },
    { RMQDR_ERR_PORT_RANDOM, "RMQDR_ERR_PORT_RANDOM",
      "The port's random hook failed." },
    { RMQDR_ERR_MISSING_PLAN_ID, "RMQDR_ERR_MISSING_PLAN_ID",
      "planId is missing." },
    { RMQDR_ERR_MISSING_ITEM_ID, "RMQDR_ERR_MISSING_ITEM_ID",
      "itemId is missing." },
    { RMQDR_ERR_MISSING_INSTANCE_ID, "RMQDR_ERR_MISSING_INSTANCE_ID",
      "instanceId is missing." },
    { RMQDR_ERR_BAD_PAGE_NUMBER, "RMQDR_ERR_BAD_PAGE_NUMBER",
      "pageNumber is set but below 1 or above RMQDR_MAX_PAGE_NUMBER." },
    { RMQDR_ERR_BAD_PAGE_SIZE, "RMQDR_ERR_BAD_PAGE_SIZE",
      "pageSize is set but outside 1..RMQDR_MAX_PAGE_SIZE." },
    { RMQDR_ERR_FIELD_TOO_LONG, "RMQDR_ERR_FIELD_TOO_LONG",
      "A string is longer than its documented limit." },
    { RMQDR_ERR_CONTROL_CHARACTER, "RMQDR_ERR_CONTROL_CHARACTER",
      "A value holds a control character (0x00-0x1F, 0x7F)." },
    { RMQDR_ERR_NON_ASCII_HEADER, "RMQDR_ERR_NON_ASCII_HEADER",
      "A value sent in a header (key id, token, user agent) is not printable ASCII." },
    { RMQDR_ERR_MISSING_CREDENTIALS, "RMQDR_ERR_MISSING_CREDENTIALS",
      "AccessKey id or secret is missing." },
    { RMQDR_ERR_BAD_ENDPOINT, "RMQDR_ERR_BAD_ENDPOINT",
      "Endpoint is not host[:port], or neither region nor endpoint is given." },
    { RMQDR_ERR_BAD_REGION, "RMQDR_ERR_BAD_REGION",
      "Region id is not of the form [a-z0-9-]+." },
    { RMQDR_ERR_BAD_DATE, "RMQDR_ERR_BAD_DATE",
      "x-acs-date is not YYYY-MM-DDTHH:MM:SSZ." },
    { RMQDR_ERR_BAD_NONCE, "RMQDR_ERR_BAD_NONCE",
      "Signature nonce is not 1..64 hex digits." },
    { RMQDR_ERR_HTTP_STATUS_LINE, "RMQDR_ERR_HTTP_STATUS_LINE",
      "The status line is not \"HTTP/1.x NNN reason\"." },
    { RMQDR_ERR_HTTP_HEADER_SYNTAX, "RMQDR_ERR_HTTP_HEADER_SYNTAX",
      "A header line has no colon, a bad name, or a control character." },
    { RMQDR_ERR_HTTP_LINE_TOO_LONG, "RMQDR_ERR_HTTP_LINE_TOO_LONG",
      "A status or header line exceeds RMQDR_HTTP_MAX_LINE." },
    { RMQDR_ERR_HTTP_TOO_MANY_HEADERS, "RMQDR_ERR_HTTP_TOO_MANY_HEADERS",
      "More than RMQDR_HTTP_MAX_HEADERS header lines." },
    { RMQDR_ERR_HTTP_BAD_LENGTH, "RMQDR_ERR_HTTP_BAD_LENGTH",
      "Content-Length is not a decimal, overflows, or repeats with another value." },
    { RMQDR_ERR_HTTP_BAD_FRAMING, "RMQDR_ERR_HTTP_BAD_FRAMING",
      "Content-Length together with chunked, or an unsupported Transfer-Encoding." },
    { RMQDR_ERR_HTTP_BAD_CHUNK, "RMQDR_ERR_HTTP_BAD_CHUNK",
      "A chunk size line or chunk terminator is malformed or overflows." },
    { RMQDR_ERR_HTTP_TRAILING_BYTES, "RMQDR_ERR_HTTP_TRAILING_BYTES",
      "Bytes arrived after the end of the message." },
    { RMQDR_ERR_HTTP_TRUNCATED, "RMQDR_ERR_HTTP_TRUNCATED",
      "The connection ended before the message did." },
    { RMQDR_ERR_JSON_SYNTAX, "RMQDR_ERR_JSON_SYNTAX",
      "The body is not well-formed JSON." },
    { RMQDR_ERR_JSON_TOO_DEEP, "RMQDR_ERR_JSON_TOO_DEEP",
      "Nesting exceeds RMQDR_JSON_MAX_DEPTH." },
    { RMQDR_ERR_JSON_ELEMENT_TOO_LARGE, "RMQDR_ERR_JSON_ELEMENT_TOO_LARGE",
      "One data.list element exceeds RMQDR_JSON_ELEMENT_MAX bytes." },
    { RMQDR_ERR_JSON_TOO_MANY_TOKENS, "RMQDR_ERR_JSON_TOO_MANY_TOKENS",
      "One data.list element needs more than RMQDR_JSON_MAX_TOKENS tokens." },
    { RMQDR_ERR_JSON_BAD_ESCAPE, "RMQDR_ERR_JSON_BAD_ESCAPE",
      "A string holds an invalid escape or a lone surrogate." },
    { RMQDR_ERR_JSON_BAD_NUMBER, "RMQDR_ERR_JSON_BAD_NUMBER",
      "A numeric field is not an integer in range." },
    { RMQDR_ERR_JSON_BAD_TYPE, "RMQDR_ERR_JSON_BAD_TYPE",
      "A known field has a type that cannot be mapped (e.g. object for a number)." },
    { RMQDR_ERR_JSON_DUPLICATE_KEY, "RMQDR_ERR_JSON_DUPLICATE_KEY",
      "A known key appears twice in one object." },
    { RMQDR_ERR_JSON_KEY_TOO_LONG, "RMQDR_ERR_JSON_KEY_TOO_LONG",
      "An object key exceeds RMQDR_JSON_MAX_KEY bytes." },
    { RMQDR_ERR_JSON_TRUNCATED, "RMQDR_ERR_JSON_TRUNCATED",
      "The body ended inside the JSON document." },
    { RMQDR_ERR_JSON_TRAILING_DATA, "RMQDR_ERR_JSON_TRAILING_DATA",
      "Non-blank bytes follow the JSON document." },
    { RMQDR_ERR_ABORTED_BY_CALLBACK, "RMQDR_ERR_ABORTED_BY_CALLBACK",
      "The per-checkpoint callback asked to stop." },
    { RMQDR_ERR_API, "RMQDR_ERR_API",
      "The service answered with an error; see rmqdr_api_error." },
    { RMQDR_ERR_UNEXPECTED_RESPONSE, "RMQDR_ERR_UNEXPECTED_RESPONSE",
      "A 2xx body without the success envelope, or a non-JSON body." },
    { RMQDR_ERR_DNS, "RMQDR_ERR_DNS",
      "The host name did not resolve." },
    { RMQDR_ERR_CONNECT, "RMQDR_ERR_CONNECT",
      "No resolved address accepted the connection." },
    { RMQDR_ERR_TIMEOUT, "RMQDR_ERR_TIMEOUT",
      "A connect, send or receive exceeded its timeout." },
    { RMQDR_ERR_CLOSED, "RMQDR_ERR_CLOSED",
      "The peer closed the connection." },
    { RMQDR_ERR_RESET, "RMQDR_ERR_RESET",
      "The peer reset the connection." },
    { RMQDR_ERR_NETWORK, "RMQDR_ERR_NETWORK",
      "Any other socket error." },
    { RMQDR_ERR_TLS_HANDSHAKE, "RMQDR_ERR_TLS_HANDSHAKE",
      "The TLS handshake failed (protocol, version, cipher)." },
    { RMQDR_ERR_TLS_VERIFY, "RMQDR_ERR_TLS_VERIFY",
      "The server certificate chain or host name did not verify." },
    { RMQDR_ERR_TLS_CA, "RMQDR_ERR_TLS_CA",
      "The CA bundle could not be loaded or parsed." },
    { RMQDR_ERR_TLS, "RMQDR_ERR_TLS",
      "Any other TLS error (mbedTLS code kept by the transport)." },
    { RMQDR_ERR_PLAIN_NOT_LOOPBACK, "RMQDR_ERR_PLAIN_NOT_LOOPBACK",
      "Plain TCP was asked for a host that is not loopback." },
    { RMQDR_ERR_RETRIES_EXHAUSTED, "RMQDR_ERR_RETRIES_EXHAUSTED",
      "Every retry failed; the last failure is kept by the client." },
    { RMQDR_ERR_DEADLINE, "RMQDR_ERR_DEADLINE",
      "The call's overall deadline passed before it completed." },
    { RMQDR_ERR_PAGE_CHANGED, "RMQDR_ERR_PAGE_CHANGED",
      "A page re-requested after a failure differs from the items already delivered." },
    { RMQDR_ERR_SERVER_ERROR, "RMQDR_ERR_SERVER_ERROR",
      "The server or a gateway answered 5xx or 429 without the API's error body." },
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
    return (row != NULL) ? row->message : "Unknown status value.";
}
