/* `rmqdr checkpoints`: one page, every page (--all), or the signed request (--dry-run). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "platform.h"

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

    cli_platform(&platform);
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
