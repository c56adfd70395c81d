/* `rmqdr decode`: a raw HTTP response on stdin through the client's decoder. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "text.h"
#include "output.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/response.h"

#define READ_CHUNK 4096U

typedef struct {
    cli_printer_t printer;
} decode_ctx_t;

static rmqdr_status_t on_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    decode_ctx_t *d = (decode_ctx_t *)ctx;

    cli_printer_item(&d->printer, cp);
    return RMQDR_OK;
}

static void warn_envelope_truncated(const rmqdr_envelope_t *env)
{
    static const struct { uint32_t bit; const char *name; } fields[] = {
        { RMQDR_ENVELOPE_REQUEST_ID, "requestId" },       { RMQDR_ENVELOPE_CODE, "code" },
        { RMQDR_ENVELOPE_MESSAGE, "message" },            { RMQDR_ENVELOPE_DYNAMIC_CODE, "dynamicCode" },
        { RMQDR_ENVELOPE_DYNAMIC_MESSAGE, "dynamicMessage" }, { RMQDR_ENVELOPE_HOST_ID, "HostId" },
        { RMQDR_ENVELOPE_RECOMMEND, "Recommend" },
    };
    size_t i;

    for (i = 0U; i < sizeof fields / sizeof fields[0]; i++) {
        if ((env->truncated & fields[i].bit) != 0U) {
            (void)fprintf(stderr, "rmqdr: warning: %s was truncated to fit\n", fields[i].name);
        }
    }
}

/* "what and where": the status, and the offset of the failure. */
static void report_malformed(const rmqdr_response_t *r, rmqdr_status_t st, uint64_t fed)
{
    char text[96];

    if ((st >= RMQDR_ERR_JSON_SYNTAX) && (st <= RMQDR_ERR_JSON_TRAILING_DATA)) {
        (void)fprintf(stderr, "rmqdr: malformed response: %s (%s) at body byte %" PRIu64 "\n",
                      cli_status_text_from(CLI_FROM_INPUT, st, text, sizeof text), rmqdr_status_name(st),
                      rmqdr_json_error_offset(&r->json));
    } else {
        (void)fprintf(stderr, "rmqdr: malformed response: %s (%s) after %" PRIu64 " input bytes\n",
                      cli_status_text_from(CLI_FROM_INPUT, st, text, sizeof text), rmqdr_status_name(st), fed);
    }
}

/* Feeds one block; with --body it goes in as one chunk of a chunked
 * 200 response, so a bare body streams through the same decoder. */
static rmqdr_status_t feed(rmqdr_response_t *r, const uint8_t *buf, size_t n, bool body)
{
    rmqdr_status_t st = RMQDR_OK;

    if (body) {
        char size[24];

        (void)snprintf(size, sizeof size, "%zx\r\n", n);
        st = rmqdr_response_feed(r, (const uint8_t *)size, strlen(size));
    }
    if (st == RMQDR_OK) {
        st = rmqdr_response_feed(r, buf, n);
    }
    if ((st == RMQDR_OK) && body) {
        st = rmqdr_response_feed(r, (const uint8_t *)"\r\n", 2U);
    }
    return st;
}

static rmqdr_status_t decode_stdin(rmqdr_response_t *r, bool body, uint64_t *fed)
{
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n";
    static const char last_chunk[] = "0\r\n\r\n";
    uint8_t buf[READ_CHUNK];
    rmqdr_status_t st = RMQDR_OK;
    size_t n;

    *fed = 0U;
    if (body) {
        st = rmqdr_response_feed(r, (const uint8_t *)head, sizeof head - 1U);
    }
    do {
        n = fread(buf, 1U, sizeof buf, stdin);
        if ((n > 0U) && (st == RMQDR_OK)) {
            st = feed(r, buf, n, body);
            *fed += n;
        }
    } while ((st == RMQDR_OK) && (n > 0U));
    if ((st == RMQDR_OK) && body) {
        st = rmqdr_response_feed(r, (const uint8_t *)last_chunk, sizeof last_chunk - 1U);
    }
    return (st == RMQDR_OK) ? rmqdr_response_finish(r) : st;
}

static int report_result(rmqdr_response_t *r, rmqdr_status_t st, uint64_t fed, const rmqdr_envelope_t *env)
{
    if (st == RMQDR_ERR_API) {
        (void)fprintf(stderr, "rmqdr: API error ");
        cli_put_text(stderr, env->code);
        (void)fprintf(stderr, " (HTTP %d): ", env->http_status);
        cli_put_text(stderr, env->message);
        (void)fputc('\n', stderr);
        return EXIT_API;
    }
    if (st == RMQDR_ERR_UNEXPECTED_RESPONSE) {
        (void)fprintf(stderr, "rmqdr: unexpected response: HTTP %d without the API's JSON envelope\n",
                      env->http_status);
        return EXIT_MALFORMED;
    }
    report_malformed(r, st, fed);
    return cli_exit_code_from(CLI_FROM_INPUT, st);
}

int cmd_decode(const cli_options_t *opts)
{
    static rmqdr_response_t response;
    static rmqdr_envelope_t envelope;
    static rmqdr_checkpoint_t scratch;
    decode_ctx_t ctx;
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, on_checkpoint, &ctx);
    rmqdr_platform_t platform;
    const output_format_t format = (opts->output == OUTPUT_DEFAULT) ? OUTPUT_JSON : opts->output;
    FILE *out = (format == OUTPUT_JSONL) ? stdout : cli_doc_open();
    uint64_t fed = 0U;
    rmqdr_status_t st;

    if (out == NULL) {
        return EXIT_LOCAL;
    }
    rmqdr_posix_platform_init(&platform);
    cli_printer_begin(&ctx.printer, out, format, &cli_listing_checkpoints);
    ctx.printer.now_known = platform.now_ms(platform.ctx, &ctx.printer.now_ms) == RMQDR_OK;
    rmqdr_response_init(&response, &envelope, &sink);
    st = decode_stdin(&response, opts->body, &fed);
    if (st == RMQDR_OK) {
        st = rmqdr_response_result(&response);
    }
    /* the listing commands' rule: json and table are one whole document,
     * printed only on success; a failed call prints none of it */
    if (st == RMQDR_OK) {
        cli_printer_end(&ctx.printer, &envelope);
        warn_envelope_truncated(&envelope);
        return ((out != stdout) && !cli_doc_commit(out)) ? EXIT_OUTPUT : EXIT_OK;
    }
    if (st == RMQDR_ERR_API) {
        warn_envelope_truncated(&envelope);
    }
    cli_doc_discard((out != stdout) ? out : NULL);
    return report_result(&response, st, fed, &envelope);
}
