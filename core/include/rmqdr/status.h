/**
 * @file status.h
 * @brief The one status type of rmqdr, shared by every module.
 *
 * Every public function returns an ::rmqdr_status_t. Values are grouped by
 * the module that produces them so a log line alone tells where a failure
 * came from. ::rmqdr_status_name gives the enumerator's name and
 * ::rmqdr_status_message one short sentence; neither ever contains caller
 * data, so both are safe to log.
 *
 * The enum, the names and the messages are generated from the one list
 * ::RMQDR_STATUS_LIST: a new status is one line there (append at the end of
 * its group, or at the very end, so no existing value changes).
 *
 * Boards short of flash may define RMQDR_STATUS_NO_MESSAGES when building
 * core: ::rmqdr_status_message then returns "" for every value, while
 * names stay. Names and messages are separate tables, so an image linked
 * with --gc-sections that never calls ::rmqdr_status_message carries no
 * message either way (about 3 KB on a Cortex-M4, docs/PERFORMANCE.md).
 */
#ifndef RMQDR_STATUS_H
#define RMQDR_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Every status: X(enumerator, initializer, message). The initializer is
 * "= N" at the start of a group and empty otherwise; the message is the
 * enumerator's documentation and what rmqdr_status_message() returns.
 */
#define RMQDR_STATUS_LIST(X) \
    X(RMQDR_OK,                          = 0,  "Success.") \
    /* general (1..19) */ \
    X(RMQDR_ERR_BAD_ARGUMENT,            = 1,  "A required pointer was NULL or an argument is out of its domain.") \
    X(RMQDR_ERR_BUFFER_TOO_SMALL,        ,     "A caller buffer cannot hold the result; nothing partial was written.") \
    X(RMQDR_ERR_CRYPTO,                  ,     "mbedTLS hashing or HMAC failed (out of memory in its allocator).") \
    X(RMQDR_ERR_PORT_TIME,               ,     "The port's clock hook failed or gave a time before 1970.") \
    X(RMQDR_ERR_PORT_RANDOM,             ,     "The port's random hook failed.") \
    /* request validation (20..39) */ \
    X(RMQDR_ERR_MISSING_PLAN_ID,         = 20, "planId is missing.") \
    X(RMQDR_ERR_MISSING_ITEM_ID,         ,     "itemId is missing.") \
    X(RMQDR_ERR_MISSING_INSTANCE_ID,     ,     "instanceId is missing.") \
    X(RMQDR_ERR_BAD_PAGE_NUMBER,         ,     "pageNumber is set but below 1 or above RMQDR_MAX_PAGE_NUMBER.") \
    X(RMQDR_ERR_BAD_PAGE_SIZE,           ,     "pageSize is set but outside 1..RMQDR_MAX_PAGE_SIZE.") \
    X(RMQDR_ERR_FIELD_TOO_LONG,          ,     "A string is longer than its documented limit.") \
    X(RMQDR_ERR_CONTROL_CHARACTER,       ,     "A value holds a control character (0x00-0x1F, 0x7F).") \
    X(RMQDR_ERR_NON_ASCII_HEADER,        ,     "A value sent in a header (key id, token, user agent) is not printable ASCII.") \
    X(RMQDR_ERR_MISSING_CREDENTIALS,     ,     "AccessKey id or secret is missing.") \
    X(RMQDR_ERR_BAD_ENDPOINT,            ,     "Endpoint is not host[:port], or neither region nor endpoint is given.") \
    X(RMQDR_ERR_BAD_REGION,              ,     "Region id is not of the form [a-z0-9-]+.") \
    X(RMQDR_ERR_BAD_DATE,                ,     "x-acs-date is not YYYY-MM-DDTHH:MM:SSZ.") \
    X(RMQDR_ERR_BAD_NONCE,               ,     "Signature nonce is not 1..64 hex digits.") \
    /* HTTP response decoding (40..59) */ \
    X(RMQDR_ERR_HTTP_STATUS_LINE,        = 40, "The status line is not \"HTTP/1.x NNN reason\".") \
    X(RMQDR_ERR_HTTP_HEADER_SYNTAX,      ,     "A header line has no colon, a bad name, or a control character.") \
    X(RMQDR_ERR_HTTP_LINE_TOO_LONG,      ,     "A status or header line exceeds RMQDR_HTTP_MAX_LINE.") \
    X(RMQDR_ERR_HTTP_TOO_MANY_HEADERS,   ,     "More than RMQDR_HTTP_MAX_HEADERS header lines.") \
    X(RMQDR_ERR_HTTP_BAD_LENGTH,         ,     "Content-Length is not a decimal, overflows, or repeats with another value.") \
    X(RMQDR_ERR_HTTP_BAD_FRAMING,        ,     "Content-Length together with chunked, or an unsupported Transfer-Encoding.") \
    X(RMQDR_ERR_HTTP_BAD_CHUNK,          ,     "A chunk size line or chunk terminator is malformed or overflows.") \
    X(RMQDR_ERR_HTTP_TRAILING_BYTES,     ,     "Bytes arrived after the end of the message.") \
    X(RMQDR_ERR_HTTP_TRUNCATED,          ,     "The connection ended before the message did.") \
    /* JSON decoding (60..79) */ \
    X(RMQDR_ERR_JSON_SYNTAX,             = 60, "The body is not well-formed JSON.") \
    X(RMQDR_ERR_JSON_TOO_DEEP,           ,     "Nesting exceeds RMQDR_JSON_MAX_DEPTH.") \
    X(RMQDR_ERR_JSON_ELEMENT_TOO_LARGE,  ,     "One data.list element exceeds RMQDR_JSON_ELEMENT_MAX bytes.") \
    X(RMQDR_ERR_JSON_TOO_MANY_TOKENS,    ,     "One data.list element needs more than RMQDR_JSON_MAX_TOKENS tokens.") \
    X(RMQDR_ERR_JSON_BAD_ESCAPE,         ,     "A string holds an invalid escape or a lone surrogate.") \
    X(RMQDR_ERR_JSON_BAD_NUMBER,         ,     "A numeric field is not an integer in range.") \
    X(RMQDR_ERR_JSON_BAD_TYPE,           ,     "A known field has a type that cannot be mapped (e.g. object for a number).") \
    X(RMQDR_ERR_JSON_DUPLICATE_KEY,      ,     "A known key appears twice in one object.") \
    X(RMQDR_ERR_JSON_KEY_TOO_LONG,       ,     "An object key exceeds RMQDR_JSON_MAX_KEY bytes.") \
    X(RMQDR_ERR_JSON_TRUNCATED,          ,     "The body ended inside the JSON document.") \
    X(RMQDR_ERR_JSON_TRAILING_DATA,      ,     "Non-blank bytes follow the JSON document.") \
    X(RMQDR_ERR_ABORTED_BY_CALLBACK,     ,     "The per-checkpoint callback asked to stop.") \
    /* API outcome (80..89) */ \
    X(RMQDR_ERR_API,                     = 80, "The service answered with an error; see rmqdr_api_error.") \
    X(RMQDR_ERR_UNEXPECTED_RESPONSE,     ,     "A 2xx body without the success envelope, or a non-JSON body.") \
    /* transport and TLS (90..109) */ \
    X(RMQDR_ERR_DNS,                     = 90, "The host name did not resolve.") \
    X(RMQDR_ERR_CONNECT,                 ,     "No resolved address accepted the connection.") \
    X(RMQDR_ERR_TIMEOUT,                 ,     "A connect, send or receive exceeded its timeout.") \
    X(RMQDR_ERR_CLOSED,                  ,     "The peer closed the connection.") \
    X(RMQDR_ERR_RESET,                   ,     "The peer reset the connection.") \
    X(RMQDR_ERR_NETWORK,                 ,     "Any other socket error.") \
    X(RMQDR_ERR_TLS_HANDSHAKE,           ,     "The TLS handshake failed (protocol, version, cipher).") \
    X(RMQDR_ERR_TLS_VERIFY,              ,     "The server certificate chain or host name did not verify.") \
    X(RMQDR_ERR_TLS_CA,                  ,     "The CA bundle could not be loaded or parsed.") \
    X(RMQDR_ERR_TLS,                     ,     "Any other TLS error (mbedTLS code kept by the transport).") \
    X(RMQDR_ERR_PLAIN_NOT_LOOPBACK,      ,     "Plain TCP was asked for a host that is not loopback.") \
    X(RMQDR_ERR_RETRIES_EXHAUSTED,       ,     "Every retry failed; rmqdr_client_last_error() keeps the last cause.") \
    X(RMQDR_ERR_DEADLINE,                ,     "The call's overall deadline passed before it completed.") \
    X(RMQDR_ERR_PAGE_CHANGED,            ,     "A page re-requested after a failure differs from the items already delivered.") \
    X(RMQDR_ERR_SERVER_ERROR,            ,     "The server or a gateway answered 5xx or 429 without the API's error body.") \
    X(RMQDR_ERR_CREDENTIALS,             ,     "The credentials provider failed and no unexpired credentials are left.")

/** Expands one row of RMQDR_STATUS_LIST into an enumerator. */
#define RMQDR_STATUS_ENUMERATOR(name, init, message) name init,

/** Result of every rmqdr call. RMQDR_OK is 0; every failure is non-zero.
 *  The meaning of each value is its message in ::RMQDR_STATUS_LIST. */
typedef enum {
    RMQDR_STATUS_LIST(RMQDR_STATUS_ENUMERATOR)
} rmqdr_status_t;

/**
 * @brief Name of a status value, e.g. "RMQDR_ERR_BAD_PAGE_SIZE".
 * @param status Any value; unknown values give "RMQDR_ERR_UNKNOWN".
 * @return A static string, never NULL.
 */
const char *rmqdr_status_name(rmqdr_status_t status);

/**
 * @brief One short sentence describing a status, without caller data.
 * @param status Any value; unknown values give a generic sentence.
 * @return A static string, never NULL ("" for every value when core was
 *         built with RMQDR_STATUS_NO_MESSAGES).
 */
const char *rmqdr_status_message(rmqdr_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_STATUS_H */
