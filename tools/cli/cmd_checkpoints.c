/* `rmqdr checkpoints`: one page, every page (--all), or the signed request (--dry-run). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
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

static int dry_run(const cli_options_t *opts, const cli_context_t *ctx)
{
    static char req[RMQDR_REQUEST_MAX_SIZE];
    rmqdr_stamp_t stamp;
    size_t len = 0U;
    rmqdr_status_t st;
    int rc = make_stamp(opts, &stamp);

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
        return EXIT_USAGE;
    }
    print_request(req, len);
    (void)memset(req, 0, sizeof req);
    return EXIT_OK;
}

typedef struct {
    cli_printer_t printer;
    bool progress;       /* --all with stderr on a terminal */
    int64_t page;
} list_ctx_t;

static rmqdr_status_t on_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    list_ctx_t *l = (list_ctx_t *)ctx;

    cli_warn_truncated(cp);
    cli_printer_item(&l->printer, cp);
    return RMQDR_OK;
}

static rmqdr_status_t on_page(void *ctx, const rmqdr_envelope_t *page)
{
    list_ctx_t *l = (list_ctx_t *)ctx;

    l->page++;
    if (l->progress && (page->page_size > 0)) {
        int64_t pages = (page->total_count + page->page_size - 1) / page->page_size;

        (void)fprintf(stderr, "\rpage %lld of %lld", (long long)l->page, (long long)pages);
        (void)fflush(stderr);
    }
    return RMQDR_OK;
}

int cli_list(const cli_options_t *opts, const cli_context_t *ctx)
{
    static cli_session_t session;
    static rmqdr_checkpoint_t scratch;
    static rmqdr_envelope_t envelope;
    list_ctx_t l;
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, on_checkpoint, &l);
    int64_t now = 0;
    rmqdr_status_t st;
    int rc = cli_session_open(&session, opts, ctx);

    if (rc != EXIT_OK) {
        return rc;
    }
    (void)memset(&l, 0, sizeof l);
    l.progress = opts->all && (isatty(STDERR_FILENO) != 0);
    (void)session.platform.now_ms(session.platform.ctx, &now);
    cli_printer_begin(&l.printer, stdout, (opts->output == OUTPUT_DEFAULT) ? OUTPUT_TABLE : opts->output,
                      now);
    if (opts->all) {
        st = rmqdr_list_all_checkpoints(&session.client, &ctx->request, &sink, &envelope, on_page, &l);
        /* one document for every page: its paging is the listing's, not the last page's */
        envelope.present &= (uint32_t)~(RMQDR_ENVELOPE_PAGE_NUMBER | RMQDR_ENVELOPE_PAGE_SIZE);
    } else {
        st = rmqdr_list_checkpoints(&session.client, &ctx->request, &sink, &envelope);
    }
    if (l.progress) {
        (void)fputs("\n", stderr);
    }
    if (st == RMQDR_OK) {
        cli_printer_end(&l.printer, &envelope);
    } else {
        cli_report_failure(&session, st, &envelope);
    }
    cli_session_close(&session);
    return cli_exit_code(st);
}

int cmd_checkpoints(const cli_options_t *opts)
{
    static cli_context_t ctx;
    int rc;

    if ((!opts->dry_run) && ((opts->date != NULL) || (opts->nonce != NULL))) {
        (void)fprintf(stderr, "rmqdr: --date and --nonce need --dry-run\n");
        return EXIT_USAGE;
    }
    rc = cli_prepare(opts, &ctx);
    if (rc == EXIT_OK) {
        rc = opts->dry_run ? dry_run(opts, &ctx) : cli_list(opts, &ctx);
    }
    cli_wipe_credentials(&ctx.creds);
    return rc;
}
