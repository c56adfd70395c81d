/* Command-line options of the rmqdr command. */
#ifndef RMQDR_CLI_OPTIONS_H
#define RMQDR_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes, stable for scripts. README "Exit codes" documents them; the
 * status-to-code classification is the table in status_map.c. */
enum {
    EXIT_OK = 0,
    EXIT_BREACH = 1,    /* watch --once: a threshold was breached */
    EXIT_USAGE = 2,     /* bad option, value, profile or missing input */
    EXIT_API = 3,       /* the service answered with an error */
    EXIT_NETWORK = 4,   /* DNS, connect, TLS, timeout, deadline; watch --max-failures */
    EXIT_MALFORMED = 5, /* the response could not be decoded */
    EXIT_OUTPUT = 6,    /* standard output could not be written */
    EXIT_LOCAL = 7      /* local failure: clock, randomness, temporary file */
};

typedef enum { OUTPUT_DEFAULT, OUTPUT_TABLE, OUTPUT_JSON, OUTPUT_JSONL, OUTPUT_TEXT } output_format_t;

typedef struct {
    const char *command;      /* "checkpoints", "plans", "items", "watch", "decode"; NULL: none */
    const char *plan_id;
    const char *item_id;
    const char *instance_id;
    const char *filter;
    const char *topic;        /* items --topic */
    const char *region;
    const char *endpoint;     /* as given, scheme included */
    const char *ca_file;
    const char *proxy;        /* --proxy URL (see proxy.h); NULL: environment */
    const char *profile;
    const char *date;
    const char *nonce;
    bool page_number_set;
    int64_t page_number;
    bool page_size_set;
    int64_t page_size;
    int64_t timeout_ms;
    bool deadline_set;
    int64_t deadline_ms;
    int64_t retries;
    int64_t interval_ms;
    int64_t discover_interval_ms; /* watch of a whole instance */
    bool max_lag_set;
    int64_t max_lag_ms;
    bool max_stale_set;
    int64_t max_stale_ms;
    int64_t max_failures;     /* 0: never give up */
    output_format_t output;
    bool all;
    bool dry_run;
    bool verbose;
    bool once;
    bool body;
    bool help;
    bool version;
    const char *metrics_listen; /* watch --metrics-listen [HOST:]PORT; NULL: none */
    const char *metrics_file;   /* watch --metrics-file PATH; NULL: none */
} cli_options_t;

/* Parses argv into opts. On failure writes one line to stderr and returns false. */
bool cli_parse_options(int argc, char **argv, cli_options_t *opts);

/* Parses "90s", "5m", "2h", "1d", "250ms" or plain seconds into milliseconds. */
bool cli_parse_duration(const char *text, int64_t *ms);

/* Usage of one command (NULL: every command). Returns false on a write error. */
void cli_print_help(FILE *out, const char *command);

#endif
