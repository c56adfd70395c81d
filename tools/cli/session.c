/* Socket, TLS and client set-up for the network commands, and error lines. */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BACKOFF_BASE_MS 200U
#define BACKOFF_MAX_MS 10000U

static void observe(void *ctx, const rmqdr_event_t *ev)
{
    const cli_session_t *s = (const cli_session_t *)ctx;

    if (!s->verbose) {
        return;
    }
    switch (ev->kind) {
    case RMQDR_EVENT_CONNECTED:
        (void)fprintf(stderr, "rmqdr: connected in %lld ms (%s)\n", (long long)ev->elapsed_ms,
                      s->tls_ready ? ((s->tls.resumed_handshakes > 0U) ? "TLS, session resumed" : "TLS")
                                   : "plain TCP");
        break;
    case RMQDR_EVENT_RESPONSE:
        (void)fprintf(stderr, "rmqdr: HTTP %d in %lld ms, request id %s%s%s\n", ev->http_status,
                      (long long)ev->elapsed_ms, (ev->request_id[0] != '\0') ? ev->request_id : "-",
                      (ev->code[0] != '\0') ? ", code " : "", ev->code);
        break;
    case RMQDR_EVENT_RETRY:
        (void)fprintf(stderr, "rmqdr: retry %u in %u ms after %s%s%s\n", ev->attempt + 1U, ev->delay_ms,
                      rmqdr_status_name(ev->status), (ev->code[0] != '\0') ? " " : "", ev->code);
        break;
    case RMQDR_EVENT_RECONNECT:
        (void)fprintf(stderr, "rmqdr: server closed the kept connection; reconnecting\n");
        break;
    case RMQDR_EVENT_CLOCK_SKEW:
        (void)fprintf(stderr, "rmqdr: local clock is %lld ms off the server's; correcting\n",
                      (long long)-ev->clock_offset_ms);
        break;
    default:
        break;
    }
}

static int open_tls(cli_session_t *s, const cli_options_t *opts)
{
    rmqdr_tls_config_t tls_cfg;
    rmqdr_status_t st;

    (void)memset(&tls_cfg, 0, sizeof tls_cfg);
    tls_cfg.ca_file = opts->ca_file;
    tls_cfg.platform = &s->platform;
    st = rmqdr_tls_init(&s->tls, s->proxy_choice.use ? &s->proxy_transport : &s->tcp, &tls_cfg);
    if (st != RMQDR_OK) {
        char reason[160];

        (void)rmqdr_tls_error_reason(&s->tls, reason, sizeof reason);
        (void)fprintf(stderr, "rmqdr: TLS set-up failed: %s (%s)\n", rmqdr_status_message(st), reason);
        return (st == RMQDR_ERR_TLS_CA) ? EXIT_USAGE : EXIT_NETWORK;
    }
    rmqdr_tls_transport_init(&s->tls_transport, &s->tls);
    s->tls_ready = true;
    return EXIT_OK;
}

static const char *env_get(const char *name)
{
    return getenv(name);
}

/* --proxy or the environment (proxy.c); the tunnel wraps the socket. */
static int open_proxy(cli_session_t *s, const cli_options_t *opts, const cli_context_t *ctx)
{
    rmqdr_endpoint_t ep;
    char err[200];

    if (rmqdr_endpoint_resolve(&ctx->config, 443U, &ep) != RMQDR_OK) {
        return EXIT_OK; /* the client reports the endpoint itself */
    }
    if (!cli_proxy_select(opts->proxy, ep.host, env_get, &s->proxy_choice, err, sizeof err)) {
        (void)fprintf(stderr, "rmqdr: %s\n", err);
        return EXIT_USAGE;
    }
    if (s->verbose) {
        (void)cli_proxy_describe(&s->proxy_choice, err, sizeof err);
        (void)fprintf(stderr, "rmqdr: proxy: %s\n", err);
    }
    if (!s->proxy_choice.use) {
        return EXIT_OK;
    }
    rmqdr_http_proxy_config_t pc = { s->proxy_choice.host, s->proxy_choice.port,
                                     s->proxy_choice.has_credentials ? s->proxy_choice.username : NULL,
                                     s->proxy_choice.password, &s->platform };
    if (rmqdr_http_proxy_init(&s->proxy, &s->tcp, &pc) != RMQDR_OK) {
        (void)fprintf(stderr, "rmqdr: proxy: unusable host or credentials\n");
        return EXIT_USAGE;
    }
    rmqdr_http_proxy_transport_init(&s->proxy_transport, &s->proxy);
    return EXIT_OK;
}

int cli_session_open(cli_session_t *s, const cli_options_t *opts, const cli_context_t *ctx)
{
    rmqdr_client_config_t cfg;
    rmqdr_status_t st;
    int rc = EXIT_OK;

    (void)memset(s, 0, sizeof *s);
    s->verbose = opts->verbose;
    rmqdr_posix_platform_init(&s->platform);
    rmqdr_posix_socket_init(&s->socket);
    rmqdr_posix_transport_init(&s->tcp, &s->socket);
    if (ctx->use_tls) {
        rc = open_proxy(s, opts, ctx);
    }
    if (ctx->use_tls && rc == EXIT_OK) {
        rc = open_tls(s, opts);
    } else if (opts->ca_file != NULL) {
        (void)fprintf(stderr, "rmqdr: --ca-file needs an https:// endpoint\n");
        rc = EXIT_USAGE;
    } else {
        /* plain: the client itself refuses hosts that are not loopback */
    }
    if (rc != EXIT_OK) {
        return rc;
    }
    (void)memset(&cfg, 0, sizeof cfg);
    cfg.config = ctx->config;
    cfg.transport = s->tls_ready ? &s->tls_transport : &s->tcp;
    cfg.transport_is_tls = s->tls_ready;
    cfg.platform = &s->platform;
    cfg.timeout_ms = opts->timeout_ms;
    cfg.max_retries = opts->retries;
    cfg.backoff_base_ms = BACKOFF_BASE_MS;
    cfg.backoff_max_ms = BACKOFF_MAX_MS;
    cfg.request_buf = s->request_buf;
    cfg.request_buf_size = sizeof s->request_buf;
    cfg.observer = observe;
    cfg.observer_ctx = s;
    st = rmqdr_client_init(&s->client, &cfg);
    if (st != RMQDR_OK) {
        (void)fprintf(stderr, "rmqdr: --endpoint: %s\n", rmqdr_status_message(st));
        cli_session_close(s);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

void cli_session_close(cli_session_t *s)
{
    rmqdr_client_close(&s->client);
    if (s->tls_ready) {
        rmqdr_tls_free(&s->tls);
        s->tls_ready = false;
    }
    cli_proxy_wipe(&s->proxy_choice);
    (void)memset(s->request_buf, 0, sizeof s->request_buf);
}

int cli_exit_code(rmqdr_status_t st)
{
    if (st == RMQDR_OK) {
        return EXIT_OK;
    }
    if (st == RMQDR_ERR_API) {
        return EXIT_API;
    }
    if ((st >= RMQDR_ERR_DNS) && (st <= RMQDR_ERR_RETRIES_EXHAUSTED)) {
        return (st == RMQDR_ERR_PLAIN_NOT_LOOPBACK) ? EXIT_USAGE : EXIT_NETWORK;
    }
    if ((st >= RMQDR_ERR_HTTP_STATUS_LINE) && (st <= RMQDR_ERR_UNEXPECTED_RESPONSE)) {
        /* a connection cut mid-response is the network's fault, not the server's */
        return (st == RMQDR_ERR_HTTP_TRUNCATED) ? EXIT_NETWORK : EXIT_MALFORMED;
    }
    return EXIT_USAGE;
}

void cli_report_failure(const cli_session_t *s, rmqdr_status_t st, const rmqdr_envelope_t *env)
{
    char reason[200];

    if (s->proxy_choice.use && s->proxy.outcome != RMQDR_PROXY_OK &&
        rmqdr_http_proxy_error_reason(&s->proxy, reason, sizeof reason) > 0U) {
        (void)fprintf(stderr, "rmqdr: %s (%s)\n", reason, rmqdr_status_name(st));
    } else if (st == RMQDR_ERR_API) {
        (void)fprintf(stderr, "rmqdr: API error %s (HTTP %d, request id %s): %s\n",
                      (env->code[0] != '\0') ? env->code : "-", env->http_status,
                      (env->request_id[0] != '\0') ? env->request_id : "-", env->message);
    } else if ((st >= RMQDR_ERR_TLS_HANDSHAKE) && (st <= RMQDR_ERR_TLS) && s->tls_ready) {
        (void)rmqdr_tls_error_reason(&s->tls, reason, sizeof reason);
        (void)fprintf(stderr, "rmqdr: %s: %s (mbedTLS -0x%04x)\n", rmqdr_status_message(st), reason,
                      (unsigned)-rmqdr_tls_last_error(&s->tls));
    } else if (cli_exit_code(st) == EXIT_MALFORMED) {
        (void)fprintf(stderr, "rmqdr: malformed response: %s (%s)\n", rmqdr_status_message(st),
                      rmqdr_status_name(st));
    } else {
        (void)fprintf(stderr, "rmqdr: %s (%s)\n", rmqdr_status_message(st), rmqdr_status_name(st));
    }
}
