/* Shared pieces of the rmqdr command's subcommands. */
#ifndef RMQDR_CLI_H
#define RMQDR_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "credentials.h"
#include "options.h"
#include "rmqdr/request.h"

/* Everything a subcommand needs to build requests, resolved from options,
 * environment and profile. */
typedef struct {
    cli_credentials_t creds;
    rmqdr_config_t config;
    rmqdr_request_t request;
    bool use_tls;            /* false only for an explicit http:// endpoint */
    const char *endpoint;    /* host[:port] without the scheme, or NULL */
} cli_context_t;

/* Resolves credentials, region, endpoint and request fields and validates
 * them with the library. Prints one line and returns an exit code on error. */
int cli_prepare(const cli_options_t *opts, cli_context_t *ctx);

/* Prints "rmqdr: <what>: <status message>" for a library status. */
void cli_report_status(const char *what, int status);

/* Exit code of a library status: the classification table in status_map.c. */
int cli_exit_code(rmqdr_status_t st);

/* The status as one sentence with numeric limits (never a macro name). */
const char *cli_status_text(rmqdr_status_t st, char *buf, size_t cap);

/* Where the bytes of a response came from: a connection (the default of
 * cli_exit_code) or a saved input (decode), where an early end is malformed
 * input, not a network failure. */
typedef enum { CLI_FROM_NETWORK, CLI_FROM_INPUT } cli_source_t;

/* cli_exit_code and cli_status_text as they read for bytes from source. */
int cli_exit_code_from(cli_source_t source, rmqdr_status_t st);
const char *cli_status_text_from(cli_source_t source, rmqdr_status_t st, char *buf, size_t cap);

/* watch without --plan-id and --item-id: every plan and item of --instance-id. */
bool cli_watch_discovers(const cli_options_t *opts);

/* checkpoints, plans and items: one page, every page (--all), or the
 * signed request (--dry-run). */
int cmd_list(const cli_options_t *opts);
int cmd_decode(const cli_options_t *opts);
int cmd_watch(const cli_options_t *opts);

#endif
