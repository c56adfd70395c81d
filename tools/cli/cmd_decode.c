/* `rmqdr decode`: a raw HTTP response on stdin through the client's decoder. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
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

    cli_warn_truncated(cp);
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
    if ((st >= RMQDR_ERR_JSON_SYNTAX) && (st <= RMQDR_ERR_JSON_TRAILING_DATA)) {
        (void)fprintf(stderr, "rmqdr: malformed response: %s (%s) at body byte %" PRIu64 "\n",
                      rmqdr_status_message(st), rmqdr_status_name(st),
                      rmqdr_json_error_offset(&r->json));
    } else {
        (void)fprintf(stderr, "rmqdr: malformed response: %s (%s) after %" PRIu64 " input bytes\n",
                      rmqdr_status_message(st), rmqdr_status_name(st), fed);
    }
}

static rmqdr_status_t decode_stdin(rmqdr_response_t *r, uint64_t *fed)
{
    uint8_t buf[READ_CHUNK];
    rmqdr_status_t st = RMQDR_OK;
    size_t n;

    *fed = 0U;
    do {
        n = fread(buf, 1U, sizeof buf, stdin);
        if (n > 0U) {
            st = rmqdr_response_feed(r, buf, n);
            *fed += n;
        }
    } while ((st == RMQDR_OK) && (n > 0U));
    return (st == RMQDR_OK) ? rmqdr_response_finish(r) : st;
}

int cmd_decode(const cli_options_t *opts)
{
    static rmqdr_response_t response;
    static rmqdr_envelope_t envelope;
    static rmqdr_checkpoint_t scratch;
    decode_ctx_t ctx;
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, on_checkpoint, &ctx);
    rmqdr_platform_t platform;
    int64_t now = 0;
    uint64_t fed = 0U;
    rmqdr_status_t st;

    rmqdr_posix_platform_init(&platform);
    (void)platform.now_ms(platform.ctx, &now);
    cli_printer_begin(&ctx.printer, stdout,
                      (opts->output == OUTPUT_DEFAULT) ? OUTPUT_JSON : opts->output, now);
    rmqdr_response_init(&response, &envelope, &sink);
    st = decode_stdin(&response, &fed);
    if (st == RMQDR_OK) {
        st = rmqdr_response_result(&response);
    }
    if ((st == RMQDR_OK) || (st == RMQDR_ERR_API)) {
        cli_printer_end(&ctx.printer, &envelope);
        warn_envelope_truncated(&envelope);
        if (st == RMQDR_ERR_API) {
            (void)fprintf(stderr, "rmqdr: API error %s (HTTP %d): %s\n", envelope.code,
                          envelope.http_status, envelope.message);
            return EXIT_API;
        }
        return EXIT_OK;
    }
    if (st == RMQDR_ERR_UNEXPECTED_RESPONSE) {
        (void)fprintf(stderr, "rmqdr: unexpected response: HTTP %d without the API's JSON envelope\n",
                      envelope.http_status);
        return EXIT_MALFORMED;
    }
    report_malformed(&response, st, fed);
    return EXIT_MALFORMED;
}
