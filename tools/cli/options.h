/* Command-line options of the rmqdr command. */
#ifndef RMQDR_CLI_OPTIONS_H
#define RMQDR_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

/* Exit codes, stable for scripts (README documents them). */
enum {
    EXIT_OK = 0,
    EXIT_BREACH = 1,   /* watch --once: a threshold was breached */
    EXIT_USAGE = 2,    /* bad option, value or missing input */
    EXIT_API = 3,      /* the service answered with an error */
    EXIT_NETWORK = 4,  /* DNS, connect, TLS, timeout */
    EXIT_MALFORMED = 5 /* the response could not be decoded */
};

typedef enum { OUTPUT_DEFAULT, OUTPUT_TABLE, OUTPUT_JSON, OUTPUT_JSONL } output_format_t;

typedef struct {
    const char *command;      /* "checkpoints", "watch", "decode" */
    const char *plan_id;
    const char *item_id;
    const char *instance_id;
    const char *filter;
    bool page_number_set;
    int64_t page_number;
    bool page_size_set;
    int64_t page_size;
    bool all;
    const char *region;
    const char *endpoint;     /* as given, scheme included */
    const char *ca_file;
    const char *proxy;        /* --proxy URL (see proxy.h); NULL: environment */
    const char *profile;
    uint32_t timeout_ms;
    uint32_t retries;
    output_format_t output;
    bool dry_run;
    const char *date;
    const char *nonce;
    bool verbose;
    uint32_t interval_s;
    bool max_lag_set;
    int64_t max_lag_ms;
    bool max_stale_set;
    int64_t max_stale_ms;
    bool once;
    bool help;
    bool version;
} cli_options_t;

/* Parses argv into opts. On failure writes one line to stderr and returns false. */
bool cli_parse_options(int argc, char **argv, cli_options_t *opts);

/* Parses "90s", "5m", "2h", "1d", "250ms" or plain seconds into milliseconds. */
bool cli_parse_duration(const char *text, int64_t *ms);

/* Prints usage to stdout. */
void cli_print_help(void);

#endif
