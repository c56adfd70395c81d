/* Printing decoded checkpoints as a table, one JSON document, or JSON lines. */
#ifndef RMQDR_CLI_OUTPUT_H
#define RMQDR_CLI_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "options.h"
#include "rmqdr/checkpoint.h"

/*
 * A printer streams: begin, then one call per checkpoint as it arrives, then
 * end with the envelope (its fields come last so --all needs no buffering;
 * JSON member order is free).
 */
typedef struct {
    FILE *out;
    output_format_t format;
    int64_t now_ms;      /* reference for the table's age column */
    uint64_t items;
} cli_printer_t;

void cli_printer_begin(cli_printer_t *p, FILE *out, output_format_t format, int64_t now_ms);
void cli_printer_item(cli_printer_t *p, const rmqdr_checkpoint_t *cp);
/* env may be NULL when no response arrived; only its present fields are printed. */
void cli_printer_end(cli_printer_t *p, const rmqdr_envelope_t *env);

/* The envelope alone as one JSON document (API errors). */
void cli_print_envelope_json(FILE *out, const rmqdr_envelope_t *env);

/* A JSON string literal: quotes, backslashes and control bytes escaped. */
void cli_print_json_string(FILE *out, const char *s);

/* One checkpoint as a JSON object with the API's field names. */
void cli_print_checkpoint_json(FILE *out, const rmqdr_checkpoint_t *cp);

/* "3s", "5m 03s", "2h 10m", "3d 04h"; negative values get a leading '-'. */
void cli_format_duration(int64_t ms, char *buf, size_t cap);

/* Names truncated fields of a checkpoint on stderr (one line per field). */
void cli_warn_truncated(const rmqdr_checkpoint_t *cp);

#endif
