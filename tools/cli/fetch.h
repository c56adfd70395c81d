/* One small HTTP/1.1 exchange for credential providers (metadata service,
 * credentials URI, STS): the core HTTP decoder over a POSIX socket, TLS
 * (mbedTLS, verified) when asked, all within one time budget. */
#ifndef RMQDR_CLI_FETCH_H
#define RMQDR_CLI_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/http.h"
#include "rmqdr/status.h"

typedef struct {
    const char *method;   /* "GET", "PUT", "POST" */
    const char *host;     /* without brackets */
    uint16_t port;
    bool tls;             /* false: the caller has checked that plain HTTP is allowed */
    const char *ca_file;  /* TLS trust; NULL: the system bundle */
    const char *target;   /* request target, "/latest/api/token" */
    const char *headers;  /* extra header lines, each ending in CRLF; may be NULL */
    const char *raw;      /* a whole request to send instead (signed by the core); NULL: built here */
    size_t raw_len;
} cli_fetch_t;

/* The answer: status code and the body (NUL-terminated) in caller memory. */
typedef struct {
    int http_status;
    char *body;
    size_t cap;
    size_t len;
    int32_t os_error;     /* errno of a failed connect/recv, for the error line */
    rmqdr_http_body_fn on_body; /* body bytes go here instead of body/cap when set */
    void *body_ctx;
} cli_fetch_reply_t;

/* Sends the request and reads the whole response within timeout_ms.
 * RMQDR_OK with any HTTP status; RMQDR_ERR_BUFFER_TOO_SMALL when the body
 * does not fit; a transport/TLS status, RMQDR_ERR_TIMEOUT at the budget's
 * end, or an RMQDR_ERR_HTTP_* status for a malformed response. */
rmqdr_status_t cli_fetch(const cli_fetch_t *req, uint32_t timeout_ms, cli_fetch_reply_t *reply);

#endif
