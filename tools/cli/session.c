/* Socket, TLS and client set-up for the network commands, and error lines. */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "text.h"

/* "rmqdr: ", after the time in watch. */
static void line_start(const cli_session_t *s)
{
    if (s->stamp_lines) {
        cli_put_stamp(stderr);
    }
    (void)fputs("rmqdr: ", stderr);
}

/* With --verbose, a proxy that refused the tunnel (407, 403...) is said,
 * instead of an "HTTP 0" line for a response that never came. */
static bool proxy_refused(const cli_session_t *s)
{
    char reason[200];

    if (!s->proxy_choice.use || (s->proxy.outcome == RMQDR_PROXY_OK) ||
        (rmqdr_http_proxy_error_reason(&s->proxy, reason, sizeof reason) == 0U)) {
        return false;
    }
    line_start(s);
    (void)fprintf(stderr, "proxy: %s\n", reason); /* host:port only, never credentials */
    return true;
}

/* A failed refresh is said once (the client reports it once per run of
 * failures) whether --verbose or not; a refresh only with --verbose. */
static bool observe_credentials(const cli_session_t *s, const rmqdr_event_t *ev)
{
    const cli_provider_t *p = s->provider;

    if (ev->kind == RMQDR_EVENT_CREDENTIALS_FAILED) {
        line_start(s);
        (void)fprintf(stderr, "credentials refresh from %s failed (%s): ", (p != NULL) ? p->name : "provider",
                      rmqdr_status_name(ev->status));
        cli_put_text(stderr, ((p != NULL) && (p->error[0] != '\0')) ? p->error : "-");
        (void)fputs("; keeping the current ones until they expire\n", stderr);
        return true;
    }
    if (ev->kind == RMQDR_EVENT_CREDENTIALS_REFRESHED) {
        if (s->verbose) {
            line_start(s);
            (void)fprintf(stderr, "credentials refreshed from %s, expire in %lld s\n",
                          (p != NULL) ? p->name : "provider", (long long)(ev->expires_in_ms / 1000));
        }
        return true;
    }
    return false;
}

static void observe(void *ctx, const rmqdr_event_t *ev)
{
    const cli_session_t *s = (const cli_session_t *)ctx;

    if (observe_credentials(s, ev) || !s->verbose) {
        return;
    }
    switch (ev->kind) {
    case RMQDR_EVENT_CONNECTED:
        line_start(s);
        (void)fprintf(stderr, "connected in %lld ms (%s)\n", (long long)ev->elapsed_ms,
                      s->tls_ready ? ((s->tls.resumed_handshakes > 0U) ? "TLS, session resumed" : "TLS")
                                   : "plain TCP");
        break;
    case RMQDR_EVENT_RESPONSE:
        if ((ev->http_status == 0) && proxy_refused(s)) {
            break; /* no response from the endpoint: the proxy's refusal instead */
        }
        line_start(s);
        (void)fprintf(stderr, "HTTP %d in %lld ms, request id ", ev->http_status,
                      (long long)ev->elapsed_ms);
        cli_put_text(stderr, (ev->request_id[0] != '\0') ? ev->request_id : "-");
        (void)fputs((ev->code[0] != '\0') ? ", code " : "", stderr);
        cli_put_text(stderr, ev->code);
        (void)fputc('\n', stderr);
        break;
    case RMQDR_EVENT_RETRY:
        line_start(s);
        (void)fprintf(stderr, "retry %u in %u ms after %s%s", ev->attempt + 1U, ev->delay_ms,
                      rmqdr_status_name(ev->status), (ev->code[0] != '\0') ? " " : "");
        cli_put_text(stderr, ev->code);
        (void)fputc('\n', stderr);
        break;
    case RMQDR_EVENT_RECONNECT:
        line_start(s);
        (void)fprintf(stderr, "server closed the kept connection; reconnecting\n");
        break;
    case RMQDR_EVENT_CLOCK_SKEW:
        line_start(s);
        (void)fprintf(stderr, "local clock is %lld ms off the server's; correcting\n",
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
        if ((st == RMQDR_ERR_TLS_CA) && (opts->ca_file != NULL)) {
            (void)fputs("rmqdr: --ca-file ", stderr);
            cli_put_text(stderr, opts->ca_file);
            (void)fprintf(stderr, ": no usable CA certificate (%s)\n", reason);
        } else {
            (void)fprintf(stderr, "rmqdr: TLS set-up failed: %s (%s)\n", rmqdr_status_message(st), reason);
        }
        return cli_exit_code(st);
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
        line_start(s);
        (void)fprintf(stderr, "proxy: %s\n", err);
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

/* The CA file is the operator's: its path and the OS error, before mbedTLS. */
static int check_ca_file(const char *path)
{
    const char *why = NULL;
    FILE *f;

    if (path == NULL) {
        return EXIT_OK;
    }
    f = cli_fopen_regular(path, &why);
    if (f == NULL) {
        (void)fprintf(stderr, "rmqdr: --ca-file ");
        cli_put_text(stderr, path);
        (void)fprintf(stderr, ": %s\n", why);
        return EXIT_USAGE;
    }
    (void)fclose(f);
    return EXIT_OK;
}

static void fill_config(cli_session_t *s, const cli_options_t *opts, const cli_context_t *ctx,
                        rmqdr_client_config_t *cfg)
{
    rmqdr_client_config_defaults(cfg);
    cfg->config = ctx->config;
    cfg->transport = s->tls_ready ? &s->tls_transport : &s->tcp;
    cfg->transport_is_tls = s->tls_ready;
    cfg->platform = &s->platform;
    cfg->timeout_ms = (uint32_t)opts->timeout_ms;
    cfg->max_retries = (uint32_t)opts->retries;
    if (opts->deadline_set) {
        /* --deadline 0 means none; the library reads 0 as its default */
        cfg->deadline_ms = (opts->deadline_ms == 0) ? RMQDR_CLIENT_NO_DEADLINE : (uint32_t)opts->deadline_ms;
    }
    cfg->request_buf = s->request_buf;
    cfg->request_buf_size = sizeof s->request_buf;
    cfg->observer = observe;
    cfg->observer_ctx = s;
    if (ctx->creds.provider != NULL) {
        s->provider = ctx->creds.provider;
        cfg->credentials_provider = &ctx->creds.provider->hook;
        cfg->credentials = &ctx->creds.provider->live;
    }
}

int cli_session_open(cli_session_t *s, const cli_options_t *opts, const cli_context_t *ctx)
{
    rmqdr_client_config_t cfg;
    rmqdr_status_t st;
    int rc = EXIT_OK;

    (void)memset(s, 0, sizeof *s);
    s->verbose = opts->verbose;
    s->timeout_ms = opts->timeout_ms;
    s->ca_file = opts->ca_file;
    s->stamp_lines = (opts->command != NULL) && (strcmp(opts->command, "watch") == 0);
    rmqdr_posix_platform_init(&s->platform);
    rmqdr_posix_socket_init(&s->socket);
    rmqdr_posix_transport_init(&s->tcp, &s->socket);
    if (ctx->use_tls) {
        rc = check_ca_file(opts->ca_file);
        if (rc == EXIT_OK) {
            rc = open_proxy(s, opts, ctx);
        }
        if (rc == EXIT_OK) {
            rc = open_tls(s, opts);
        }
    } else if (opts->ca_file != NULL) {
        (void)fprintf(stderr, "rmqdr: --ca-file needs an https:// endpoint\n");
        rc = EXIT_USAGE;
    } else {
        /* plain: the client itself refuses hosts that are not loopback */
    }
    if (rc != EXIT_OK) {
        return rc;
    }
    fill_config(s, opts, ctx, &cfg);
    st = rmqdr_client_init(&s->client, &cfg);
    if (st != RMQDR_OK) {
        cli_report_endpoint(st);
        cli_session_close(s);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

void cli_report_endpoint(rmqdr_status_t st)
{
    if (st == RMQDR_ERR_PLAIN_NOT_LOOPBACK) {
        (void)fprintf(stderr, "rmqdr: --endpoint: plain http:// is only allowed for a loopback host "
                              "(localhost, 127.0.0.0/8, ::1); use https://\n");
    } else {
        (void)fprintf(stderr, "rmqdr: --endpoint: %s\n", rmqdr_status_message(st));
    }
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

int64_t *cli_server_now(const cli_session_t *s, int64_t *buf)
{
    return (rmqdr_client_server_now(&s->client, buf) == RMQDR_OK) ? buf : NULL;
}

/* The transport-level cause as the operator needs it: which host, which port, which errno. */
static void report_network(const cli_session_t *s, rmqdr_status_t cause, const rmqdr_error_detail_t *e)
{
    const char *host = ((e->host != NULL) && (e->host[0] != '\0')) ? e->host : "the endpoint";
    char reason[200];

    if (s->proxy_choice.use && (s->proxy.outcome != RMQDR_PROXY_OK) &&
        (rmqdr_http_proxy_error_reason(&s->proxy, reason, sizeof reason) > 0U)) {
        (void)fputs(reason, stderr); /* the proxy's host:port only, never its credentials */
    } else if (cause == RMQDR_ERR_DNS) {
        (void)fprintf(stderr, "host %s did not resolve", host);
    } else if ((cause == RMQDR_ERR_CONNECT) && (e->os_error == ECONNREFUSED)) {
        (void)fprintf(stderr, "connection to %s:%u refused (%s)", host, e->port, strerror(e->os_error));
    } else if (cause == RMQDR_ERR_CONNECT) {
        (void)fprintf(stderr, "cannot connect to %s:%u (%s)", host, e->port,
                      (e->os_error != 0) ? strerror(e->os_error) : rmqdr_status_message(cause));
    } else if (cause == RMQDR_ERR_TIMEOUT) {
        (void)fprintf(stderr, "%s:%u did not answer within %lld ms (--timeout)", host, e->port,
                      (long long)s->timeout_ms);
    } else if ((cause >= RMQDR_ERR_TLS_HANDSHAKE) && (cause <= RMQDR_ERR_TLS) && s->tls_ready) {
        (void)rmqdr_tls_error_reason(&s->tls, reason, sizeof reason);
        (void)fprintf(stderr, "%s:%u: %s: %s (mbedTLS -0x%04x)", host, e->port, rmqdr_status_message(cause),
                      reason, (unsigned)-((e->tls_error != 0) ? e->tls_error : rmqdr_tls_last_error(&s->tls)));
    } else {
        (void)fprintf(stderr, "%s:%u: %s", host, e->port, rmqdr_status_message(cause));
        if (e->os_error != 0) {
            (void)fprintf(stderr, " (%s)", strerror(e->os_error));
        }
    }
}

static void report_api(const rmqdr_envelope_t *env, const rmqdr_error_detail_t *e)
{
    const char *code = (env->code[0] != '\0') ? env->code : e->code;
    const char *id = (env->request_id[0] != '\0') ? env->request_id : e->request_id;

    (void)fputs("API error ", stderr);
    cli_put_text(stderr, (code[0] != '\0') ? code : "-");
    (void)fprintf(stderr, " (HTTP %d, request id ", (env->http_status != 0) ? env->http_status : e->http_status);
    cli_put_text(stderr, (id[0] != '\0') ? id : "-");
    (void)fputs("): ", stderr);
    cli_put_text(stderr, env->message);
}

void cli_report_failure(const cli_session_t *s, rmqdr_status_t st, const rmqdr_envelope_t *env)
{
    const rmqdr_error_detail_t *e = rmqdr_client_last_error(&s->client);
    /* until the client fills in the detail, the returned status is the cause */
    rmqdr_status_t cause = ((e->status == st) && (e->cause != RMQDR_OK)) ? e->cause : st;
    /* the last response's head: x-acs-retry-after of a throttle */
    const rmqdr_http_head_t *head = (e->http_status != 0) ? rmqdr_response_head(&s->client.response) : NULL;
    char text[96];

    if (s->stamp_lines) {
        cli_put_stamp(stderr); /* watch: every line carries its time */
    }
    (void)fputs("rmqdr: ", stderr);
    if ((st == RMQDR_ERR_DEADLINE) && (head != NULL) && head->has_retry_after) {
        (void)fprintf(stderr, "the server asked to retry after %.1f s (x-acs-retry-after), beyond the deadline "
                              "(--deadline) after %u attempt(s): ", (double)head->retry_after_ms / 1000.0,
                      e->attempts);
    } else if (st == RMQDR_ERR_DEADLINE) {
        (void)fprintf(stderr, "deadline passed after %u attempt(s) (--deadline): ", e->attempts);
    } else if (st == RMQDR_ERR_RETRIES_EXHAUSTED) {
        (void)fprintf(stderr, "gave up after %u attempt(s): ", e->attempts);
    } else {
        /* the status is the cause */
    }
    if ((cause == RMQDR_ERR_API) && (env != NULL)) {
        report_api(env, e);
    } else if ((cause >= RMQDR_ERR_DNS) && (cause <= RMQDR_ERR_TLS)) {
        report_network(s, cause, e);
    } else if (cli_exit_code(cause) == EXIT_MALFORMED) {
        (void)fprintf(stderr, "malformed response: %s (%s)", cli_status_text(cause, text, sizeof text),
                      rmqdr_status_name(cause));
    } else {
        (void)fprintf(stderr, "%s (%s)", cli_status_text(cause, text, sizeof text), rmqdr_status_name(cause));
    }
    if (((cause == RMQDR_ERR_SERVER_ERROR) || (cause == RMQDR_ERR_UNEXPECTED_RESPONSE)) && (e->http_status != 0)) {
        (void)fprintf(stderr, " (HTTP %d, request id ", e->http_status); /* a gateway page: its status */
        cli_put_text(stderr, (e->request_id[0] != '\0') ? e->request_id : "-");
        (void)fputc(')', stderr);
    }
    (void)fputc('\n', stderr);
}
