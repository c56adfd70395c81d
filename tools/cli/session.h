/* A connected client for the rmqdr command: socket, TLS and core client. */
#ifndef RMQDR_CLI_SESSION_H
#define RMQDR_CLI_SESSION_H

#include <stdbool.h>

#include "cli.h"
#include "proxy.h"
#include "rmqdr/http_proxy.h"
#include "rmqdr/client.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/tls_mbedtls.h"

typedef struct {
    rmqdr_platform_t platform;
    rmqdr_posix_socket_t socket;
    rmqdr_transport_t tcp;
    cli_proxy_t proxy_choice;           /* --proxy / environment (proxy.c) */
    rmqdr_http_proxy_t proxy;
    rmqdr_transport_t proxy_transport;  /* tcp through the proxy, when used */
    rmqdr_tls_t tls;
    rmqdr_transport_t tls_transport;
    bool tls_ready;
    rmqdr_client_t client;
    char request_buf[RMQDR_REQUEST_MAX_SIZE];
    bool verbose;
    int64_t timeout_ms;      /* for error lines */
    const char *ca_file;     /* for error lines and watch's reload */
    const cli_provider_t *provider; /* rotating credentials, for their lines */
    bool stamp_lines;        /* watch: stderr lines begin with an RFC 3339 time */
} cli_session_t;

/* Sets up transport and client (no connection yet). Returns an exit code. */
int cli_session_open(cli_session_t *s, const cli_options_t *opts, const cli_context_t *ctx);

/* Closes the connection and releases TLS state. */
void cli_session_close(cli_session_t *s);

/* One line for a refused endpoint (plain http:// to a remote host...). */
void cli_report_endpoint(rmqdr_status_t st);

/* Server time (local clock + learned offset) in buf; NULL if unknown. */
int64_t *cli_server_now(const cli_session_t *s, int64_t *buf);

/* One line on stderr for a failed call, from rmqdr_client_last_error():
 * API code/message/request id, the host that did not resolve, host:port
 * and errno of a refused connection, the TLS reason. Server text is
 * escaped. Never a credential. */
void cli_report_failure(const cli_session_t *s, rmqdr_status_t st, const rmqdr_envelope_t *env);

#endif
