/* Printing decoded checkpoints as a table, one JSON document, or JSON lines. */
#ifndef RMQDR_CLI_OUTPUT_H
#define RMQDR_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "options.h"
#include "rmqdr/checkpoint.h"

/*
 * A printer streams: begin, then one call per checkpoint as it arrives, then
 * end with the envelope (its fields come last so --all needs no buffering;
 * JSON member order is free).
 */
typedef struct cli_printer cli_printer_t;

/* What one operation's elements look like in each format: one of these per
 * operation (checkpoints here, plans and items in discovery_output.c). */
typedef struct {
    const char *noun;                                         /* "checkpoint(s)" in the table footer */
    void (*json)(FILE *out, const void *element);             /* one element, API field names */
    void (*header)(FILE *out);                                /* table header line */
    void (*row)(const cli_printer_t *p, const void *element); /* one table line */
    void (*warn)(const void *element);                        /* stderr: what was cut to fit */
} cli_listing_t;

extern const cli_listing_t cli_listing_checkpoints;
extern const cli_listing_t cli_listing_plans;
extern const cli_listing_t cli_listing_items;

struct cli_printer {
    FILE *out;
    output_format_t format;
    const cli_listing_t *listing;
    bool now_known;      /* now_ms holds server time for the table's age column */
    int64_t now_ms;
    uint64_t items;
};

/* out: a document (cli_doc_open) for json and table, stdout for jsonl.
 * Set now_known/now_ms before the first item for the table's age column. */
void cli_printer_begin(cli_printer_t *p, FILE *out, output_format_t format, const cli_listing_t *listing);
/* One element of the printer's listing (warnings for cut fields go to stderr). */
void cli_printer_item(cli_printer_t *p, const void *element);
/* env may be NULL when no response arrived; only its present fields are printed. */
void cli_printer_end(cli_printer_t *p, const rmqdr_envelope_t *env);

/* The envelope alone as one JSON document (API errors). */
void cli_print_envelope_json(FILE *out, const rmqdr_envelope_t *env);

/* A JSON string literal: quotes, backslashes, C0, DEL and C1 controls escaped. */
void cli_print_json_string(FILE *out, const char *s);

/* One checkpoint as a JSON object with the API's field names. */
void cli_print_checkpoint_json(FILE *out, const rmqdr_checkpoint_t *cp);

/* Lag and sync age as "5m 03s" or "-" for "never", computed by
 * rmqdr_checkpoint_health() against server time (NULL: unknown). */
void cli_health_text(const rmqdr_checkpoint_t *cp, const int64_t *server_now_ms, char *lag, char *age,
                     size_t cap);

/* Topic and consumer group of a checkpoint (source side, else target). */
const char *cli_topic(const rmqdr_checkpoint_t *cp);
const char *cli_group(const rmqdr_checkpoint_t *cp);

/* "3s", "5m 03s", "2h 10m", "3d 04h"; negative values get a leading '-'. */
void cli_format_duration(int64_t ms, char *buf, size_t cap);

/* Names truncated fields of a checkpoint on stderr (one line per field). */
void cli_warn_truncated(const rmqdr_checkpoint_t *cp);

#endif
