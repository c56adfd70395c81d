/* `rmqdr checkpoints`, `rmqdr plans`, `rmqdr items`: one page, every page
 * (--all), or the signed request (--dry-run). The three differ only in the
 * row of the operations table below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "io.h"
#include "output.h"
#include "proxy.h"
#include "rmqdr/discover.h"
#include "rmqdr/port_posix.h"
#include "session.h"

#define TOKEN_HEADER "\r\nx-acs-security-token: "

/* The STS token is a credential: it is shown as <redacted> and the rest of
 * the request is printed byte for byte. */
static void print_request(const char *req, size_t len)
{
    const char *token = strstr(req, TOKEN_HEADER);

    if ((token == NULL) || (token >= &req[len])) {
        (void)fwrite(req, 1U, len, stdout);
        return;
    }
    token += sizeof TOKEN_HEADER - 1U;
    (void)fwrite(req, 1U, (size_t)(token - req), stdout);
    (void)fputs("<redacted>", stdout);
    (void)fwrite(strstr(token, "\r\n"), 1U, len - (size_t)(strstr(token, "\r\n") - req), stdout);
}

static int make_stamp(const cli_options_t *opts, rmqdr_stamp_t *stamp)
{
    rmqdr_platform_t platform;
    rmqdr_status_t st;

    rmqdr_posix_platform_init(&platform);
    st = rmqdr_stamp_make(&platform, 0, stamp);
    if (st != RMQDR_OK) {
        cli_report_status("date and nonce", st);
        return EXIT_USAGE;
    }
    if (opts->date != NULL) {
        if (strlen(opts->date) >= sizeof stamp->date) {
            (void)fprintf(stderr, "rmqdr: --date: expected YYYY-MM-DDTHH:MM:SSZ\n");
            return EXIT_USAGE;
        }
        (void)strcpy(stamp->date, opts->date);
    }
    if (opts->nonce != NULL) {
        if (strlen(opts->nonce) >= sizeof stamp->nonce) {
            (void)fprintf(stderr, "rmqdr: --nonce: expected 1 to 64 hex digits\n");
            return EXIT_USAGE;
        }
        (void)strcpy(stamp->nonce, opts->nonce);
    }
    return EXIT_OK;
}

static const char *env_get(const char *name)
{
    return getenv(name);
}

/* The proxy a real run would choose (--proxy, HTTPS_PROXY..., NO_PROXY),
 * refused for the same reasons (socks5://, an empty host...); not used. */
static int check_proxy(const cli_options_t *opts, const cli_context_t *ctx)
{
    static cli_proxy_t choice;
    rmqdr_endpoint_t ep;
    char err[200];
    bool ok;

    if (!ctx->use_tls || (rmqdr_endpoint_resolve(&ctx->config, 443U, &ep) != RMQDR_OK)) {
        return EXIT_OK; /* as cli_session_open: plain http is direct; the client reports the endpoint */
    }
    ok = cli_proxy_select(opts->proxy, ep.host, env_get, &choice, err, sizeof err);
    cli_proxy_wipe(&choice);
    if (!ok) {
        (void)fprintf(stderr, "rmqdr: %s\n", err);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* A dry run applies the same endpoint and proxy rules as a real run: the
 * client is set up (it refuses plain http to a host that is not loopback),
 * never used. */
static int check_endpoint(const cli_options_t *opts, const cli_context_t *ctx)
{
    static rmqdr_client_t client;
    static char buf[RMQDR_REQUEST_MAX_SIZE];
    rmqdr_platform_t platform;
    rmqdr_posix_socket_t sock;
    rmqdr_transport_t tcp;
    rmqdr_client_config_t cfg;
    rmqdr_status_t st;

    if (!ctx->use_tls && (opts->ca_file != NULL)) {
        (void)fprintf(stderr, "rmqdr: --ca-file needs an https:// endpoint\n");
        return EXIT_USAGE;
    }
    rmqdr_posix_platform_init(&platform);
    rmqdr_posix_socket_init(&sock);
    rmqdr_posix_transport_init(&tcp, &sock);
    rmqdr_client_config_defaults(&cfg);
    cfg.config = ctx->config;
    cfg.transport = &tcp;
    cfg.transport_is_tls = ctx->use_tls;
    cfg.platform = &platform;
    cfg.request_buf = buf;
    cfg.request_buf_size = sizeof buf;
    st = rmqdr_client_init(&client, &cfg);
    if (st != RMQDR_OK) {
        cli_report_endpoint(st);
        return EXIT_USAGE;
    }
    rmqdr_client_close(&client);
    return check_proxy(opts, ctx);
}

static int dry_run(const cli_options_t *opts, const cli_context_t *ctx)
{
    static char req[RMQDR_REQUEST_MAX_SIZE];
    rmqdr_stamp_t stamp;
    size_t len = 0U;
    rmqdr_status_t st;
    int rc = check_endpoint(opts, ctx);

    if (rc == EXIT_OK) {
        rc = make_stamp(opts, &stamp);
    }
    if (rc != EXIT_OK) {
        return rc;
    }
    st = rmqdr_request_build(&ctx->config, &ctx->request, &stamp, req, sizeof req, &len);
    if (st == RMQDR_ERR_BAD_DATE) {
        (void)fprintf(stderr, "rmqdr: --date: expected YYYY-MM-DDTHH:MM:SSZ\n");
        return EXIT_USAGE;
    }
    if (st == RMQDR_ERR_BAD_NONCE) {
        (void)fprintf(stderr, "rmqdr: --nonce: expected 1 to 64 hex digits\n");
        return EXIT_USAGE;
    }
    if (st != RMQDR_OK) {
        cli_report_status("request", st);
        return cli_exit_code(st);
    }
    print_request(req, len);
    (void)memset(req, 0, sizeof req);
    return EXIT_OK;
}

typedef struct {
    cli_printer_t printer;
    const cli_session_t *session;
    bool progress;       /* --all with stderr on a terminal */
    int64_t page;
} list_ctx_t;

static rmqdr_status_t on_element(list_ctx_t *l, const void *element)
{
    if ((l->printer.items == 0U) && !l->printer.now_known) {
        /* server time after the first response taught the client its offset */
        l->printer.now_known = cli_server_now(l->session, &l->printer.now_ms) != NULL;
    }
    cli_printer_item(&l->printer, element);
    /* jsonl streams to stdout: stop the listing when nobody can read it */
    return ((l->printer.format == OUTPUT_JSONL) && cli_stdout_failed()) ? RMQDR_ERR_ABORTED_BY_CALLBACK
                                                                         : RMQDR_OK;
}

static rmqdr_status_t on_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    return on_element((list_ctx_t *)ctx, cp);
}

static rmqdr_status_t on_plan(void *ctx, const rmqdr_plan_t *plan)
{
    return on_element((list_ctx_t *)ctx, plan);
}

static rmqdr_status_t on_item(void *ctx, const rmqdr_item_t *item)
{
    return on_element((list_ctx_t *)ctx, item);
}

/* One row per operation: its command, printer, sink and calls. */
typedef rmqdr_status_t (*list_one_fn)(rmqdr_client_t *client, const rmqdr_request_t *request,
                                      const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope);
typedef rmqdr_status_t (*list_all_fn)(rmqdr_client_t *client, const rmqdr_request_t *request,
                                      const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope,
                                      rmqdr_status_t (*on_page)(void *ctx, const rmqdr_envelope_t *page),
                                      void *page_ctx);
typedef struct {
    const char *command;
    const cli_listing_t *listing;
    rmqdr_json_sink_t (*sink)(list_ctx_t *l);
    list_one_fn one;
    list_all_fn all;
} list_op_t;

static rmqdr_json_sink_t checkpoint_sink(list_ctx_t *l)
{
    static rmqdr_checkpoint_t scratch;

    return rmqdr_json_sink_callback(&scratch, on_checkpoint, l);
}

static rmqdr_json_sink_t plan_sink(list_ctx_t *l)
{
    static rmqdr_plan_t scratch;

    return rmqdr_json_sink_plans_callback(&scratch, on_plan, l);
}

static rmqdr_json_sink_t item_sink(list_ctx_t *l)
{
    static rmqdr_item_t scratch;

    return rmqdr_json_sink_items_callback(&scratch, on_item, l);
}

static const list_op_t list_ops[] = {
    { "checkpoints", &cli_listing_checkpoints, checkpoint_sink, rmqdr_list_checkpoints,
      rmqdr_list_all_checkpoints },
    { "plans", &cli_listing_plans, plan_sink, rmqdr_list_plans, rmqdr_list_all_plans },
    { "items", &cli_listing_items, item_sink, rmqdr_list_items, rmqdr_list_all_items },
};

static const list_op_t *list_op_of(const char *command)
{
    size_t i;

    for (i = 1U; i < sizeof list_ops / sizeof list_ops[0]; i++) {
        if (strcmp(list_ops[i].command, command) == 0) {
            return &list_ops[i];
        }
    }
    return &list_ops[0];
}

static rmqdr_status_t on_page(void *ctx, const rmqdr_envelope_t *page)
{
    list_ctx_t *l = (list_ctx_t *)ctx;

    l->page++;
    if ((l->printer.format == OUTPUT_JSONL) && !cli_stdout_flush()) {
        return RMQDR_ERR_ABORTED_BY_CALLBACK; /* one write(2) per page */
    }
    if (l->progress && (page->page_size > 0)) {
        int64_t pages = (page->total_count + page->page_size - 1) / page->page_size;

        (void)fprintf(stderr, "\rpage %lld of %lld", (long long)l->page, (long long)pages);
        (void)fflush(stderr);
    }
    return RMQDR_OK;
}

static rmqdr_status_t run_listing(const cli_options_t *opts, const cli_context_t *ctx, cli_session_t *session,
                                  list_ctx_t *l, rmqdr_envelope_t *envelope)
{
    const list_op_t *op = list_op_of(opts->command);
    rmqdr_json_sink_t sink = op->sink(l);
    rmqdr_status_t st;

    if (opts->all) {
        st = op->all(&session->client, &ctx->request, &sink, envelope, on_page, l);
        /* one document for every page: its paging is the listing's, not the last page's */
        envelope->present &= (uint32_t)~(RMQDR_ENVELOPE_PAGE_NUMBER | RMQDR_ENVELOPE_PAGE_SIZE);
    } else {
        st = op->one(&session->client, &ctx->request, &sink, envelope);
        if ((st == RMQDR_OK) && (on_page(l, envelope) != RMQDR_OK)) {
            st = RMQDR_ERR_ABORTED_BY_CALLBACK;
        }
    }
    return st;
}

/* json and table go to a document printed only after success; jsonl
 * streams complete lines, one flush per page, and then fails. */
static int list(const cli_options_t *opts, const cli_context_t *ctx)
{
    static cli_session_t session;
    static rmqdr_envelope_t envelope;
    const output_format_t format = (opts->output == OUTPUT_DEFAULT) ? OUTPUT_TABLE : opts->output;
    FILE *out = (format == OUTPUT_JSONL) ? stdout : cli_doc_open();
    list_ctx_t l;
    rmqdr_status_t st;
    int rc = (out != NULL) ? cli_session_open(&session, opts, ctx) : EXIT_LOCAL;

    if (rc != EXIT_OK) {
        cli_doc_discard((out != stdout) ? out : NULL);
        return rc;
    }
    (void)memset(&l, 0, sizeof l);
    l.session = &session;
    l.progress = opts->all && (isatty(STDERR_FILENO) != 0);
    cli_printer_begin(&l.printer, out, format, list_op_of(opts->command)->listing);
    st = run_listing(opts, ctx, &session, &l, &envelope);
    if (l.progress) {
        (void)fputs("\n", stderr);
    }
    rc = cli_exit_code(st);
    if (st == RMQDR_OK) {
        cli_printer_end(&l.printer, &envelope);
        if ((out != stdout) && !cli_doc_commit(out)) {
            rc = EXIT_OUTPUT;
        }
    } else {
        if (st != RMQDR_ERR_ABORTED_BY_CALLBACK) {
            cli_report_failure(&session, st, &envelope);
        }
        cli_doc_discard((out != stdout) ? out : NULL);
    }
    cli_session_close(&session);
    return rc;
}

int cmd_list(const cli_options_t *opts)
{
    static cli_context_t ctx;
    int rc = cli_prepare(opts, &ctx);

    if (rc == EXIT_OK) {
        rc = opts->dry_run ? dry_run(opts, &ctx) : list(opts, &ctx);
    }
    cli_wipe_credentials(&ctx.creds);
    return rc;
}
