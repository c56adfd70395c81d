/* Table-driven parsing of `rmqdr <command> --option value` arguments. */
#include "options.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    OPT_PLAN_ID, OPT_ITEM_ID, OPT_INSTANCE_ID, OPT_FILTER, OPT_PAGE_NUMBER,
    OPT_PAGE_SIZE, OPT_ALL, OPT_REGION, OPT_ENDPOINT, OPT_CA_FILE, OPT_PROXY, OPT_PROFILE,
    OPT_TIMEOUT, OPT_RETRIES, OPT_OUTPUT, OPT_DRY_RUN, OPT_DATE, OPT_NONCE,
    OPT_VERBOSE, OPT_INTERVAL, OPT_MAX_LAG, OPT_MAX_STALE, OPT_ONCE, OPT_HELP,
    OPT_VERSION
} option_id_t;

typedef struct {
    const char *name;
    option_id_t id;
    bool takes_value;
} option_t;

static const option_t options[] = {
    { "plan-id", OPT_PLAN_ID, true },         { "item-id", OPT_ITEM_ID, true },
    { "instance-id", OPT_INSTANCE_ID, true }, { "filter", OPT_FILTER, true },
    { "page-number", OPT_PAGE_NUMBER, true }, { "page-size", OPT_PAGE_SIZE, true },
    { "all", OPT_ALL, false },                { "region", OPT_REGION, true },
    { "endpoint", OPT_ENDPOINT, true },       { "ca-file", OPT_CA_FILE, true },
    { "profile", OPT_PROFILE, true },         { "timeout", OPT_TIMEOUT, true },
    { "retries", OPT_RETRIES, true },         { "output", OPT_OUTPUT, true },
    { "dry-run", OPT_DRY_RUN, false },        { "date", OPT_DATE, true },
    { "nonce", OPT_NONCE, true },             { "verbose", OPT_VERBOSE, false },
    { "interval", OPT_INTERVAL, true },       { "max-lag", OPT_MAX_LAG, true },
    { "max-stale", OPT_MAX_STALE, true },     { "once", OPT_ONCE, false },
    { "help", OPT_HELP, false },              { "version", OPT_VERSION, false },
    { "proxy", OPT_PROXY, true },
};

static bool usage_error(const char *what, const char *name)
{
    (void)fprintf(stderr, "rmqdr: %s: --%s (see rmqdr --help)\n", what, name);
    return false;
}

/* Whole-string decimal in [min, max]. */
static bool parse_int(const char *text, int64_t min, int64_t max, int64_t *out)
{
    char *end = NULL;
    long long v;

    if ((text[0] == '\0') || (text[0] == ' ') || (text[0] == '+')) {
        return false;
    }
    errno = 0;
    v = strtoll(text, &end, 10);
    if ((errno != 0) || (end == NULL) || (*end != '\0') || (v < min) || (v > max)) {
        return false;
    }
    *out = (int64_t)v;
    return true;
}

bool cli_parse_duration(const char *text, int64_t *ms)
{
    static const struct { const char *suffix; int64_t scale; } units[] = {
        { "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 }, { "d", 86400000 },
    };
    char number[24];
    size_t digits = 0U;
    size_t i;
    int64_t n;

    while ((text[digits] >= '0') && (text[digits] <= '9')) {
        digits++;
    }
    if ((digits == 0U) || (digits >= sizeof number)) {
        return false;
    }
    (void)memcpy(number, text, digits);
    number[digits] = '\0';
    if (!parse_int(number, 0, 100LL * 365 * 86400, &n)) {
        return false;
    }
    if (text[digits] == '\0') {
        *ms = n * 1000;
        return true;
    }
    for (i = 0U; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(&text[digits], units[i].suffix) == 0) {
            *ms = n * units[i].scale;
            return true;
        }
    }
    return false;
}

static bool parse_output(const char *v, output_format_t *out)
{
    if (strcmp(v, "table") == 0) {
        *out = OUTPUT_TABLE;
    } else if (strcmp(v, "json") == 0) {
        *out = OUTPUT_JSON;
    } else if (strcmp(v, "jsonl") == 0) {
        *out = OUTPUT_JSONL;
    } else {
        return false;
    }
    return true;
}

static bool apply_number(const option_t *o, const char *v, cli_options_t *opts)
{
    int64_t n = 0;
    bool ok = true;

    switch (o->id) {
    case OPT_PAGE_NUMBER:
        /* range checks belong to the library; only the syntax is checked here */
        ok = parse_int(v, INT64_MIN, INT64_MAX, &opts->page_number);
        opts->page_number_set = true;
        break;
    case OPT_PAGE_SIZE:
        ok = parse_int(v, INT64_MIN, INT64_MAX, &opts->page_size);
        opts->page_size_set = true;
        break;
    case OPT_TIMEOUT:
        ok = cli_parse_duration(v, &n) && (n > 0) && (n <= 3600000);
        opts->timeout_ms = (uint32_t)n;
        break;
    case OPT_RETRIES:
        ok = parse_int(v, 0, 20, &n);
        opts->retries = (uint32_t)n;
        break;
    case OPT_INTERVAL:
        ok = cli_parse_duration(v, &n) && (n >= 1000) && (n <= 86400000);
        opts->interval_s = (uint32_t)(n / 1000);
        break;
    case OPT_MAX_LAG:
        ok = cli_parse_duration(v, &opts->max_lag_ms);
        opts->max_lag_set = true;
        break;
    case OPT_MAX_STALE:
        ok = cli_parse_duration(v, &opts->max_stale_ms);
        opts->max_stale_set = true;
        break;
    default:
        ok = false;
        break;
    }
    return ok;
}

static bool apply(const option_t *o, const char *v, cli_options_t *opts)
{
    switch (o->id) {
    case OPT_PLAN_ID: opts->plan_id = v; break;
    case OPT_ITEM_ID: opts->item_id = v; break;
    case OPT_INSTANCE_ID: opts->instance_id = v; break;
    case OPT_FILTER: opts->filter = v; break;
    case OPT_ALL: opts->all = true; break;
    case OPT_REGION: opts->region = v; break;
    case OPT_ENDPOINT: opts->endpoint = v; break;
    case OPT_CA_FILE: opts->ca_file = v; break;
    case OPT_PROXY: opts->proxy = v; break;
    case OPT_PROFILE: opts->profile = v; break;
    case OPT_DRY_RUN: opts->dry_run = true; break;
    case OPT_DATE: opts->date = v; break;
    case OPT_NONCE: opts->nonce = v; break;
    case OPT_VERBOSE: opts->verbose = true; break;
    case OPT_ONCE: opts->once = true; break;
    case OPT_HELP: opts->help = true; break;
    case OPT_VERSION: opts->version = true; break;
    case OPT_OUTPUT:
        if (!parse_output(v, &opts->output)) {
            return usage_error("expected table, json or jsonl", o->name);
        }
        break;
    default:
        if (!apply_number(o, v, opts)) {
            return usage_error("invalid value", o->name);
        }
        break;
    }
    return true;
}

static const option_t *find_option(const char *name, size_t len)
{
    size_t i;

    for (i = 0U; i < sizeof options / sizeof options[0]; i++) {
        if ((strlen(options[i].name) == len) && (strncmp(options[i].name, name, len) == 0)) {
            return &options[i];
        }
    }
    return NULL;
}

static bool parse_one(int argc, char **argv, int *i, cli_options_t *opts)
{
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    size_t name_len = (eq != NULL) ? (size_t)(eq - &arg[2]) : strlen(&arg[2]);
    const option_t *o = find_option(&arg[2], name_len);
    const char *value = ""; /* what options without a value get: never NULL */

    if (o == NULL) {
        (void)fprintf(stderr, "rmqdr: unknown option: %.*s (see rmqdr --help)\n",
                      (int)(name_len + 2U), arg);
        return false;
    }
    if (o->takes_value) {
        if (eq != NULL) {
            value = &eq[1];
        } else if ((*i + 1) < argc) {
            *i += 1;
            value = argv[*i];
        } else {
            return usage_error("missing value", o->name);
        }
    } else if (eq != NULL) {
        return usage_error("takes no value", o->name);
    }
    return apply(o, value, opts);
}

bool cli_parse_options(int argc, char **argv, cli_options_t *opts)
{
    int i;

    (void)memset(opts, 0, sizeof *opts);
    opts->timeout_ms = 10000U;
    opts->retries = 3U;
    opts->interval_s = 30U;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if ((arg[0] == '-') && (arg[1] == '-') && (arg[2] != '\0')) {
            if (!parse_one(argc, argv, &i, opts)) {
                return false;
            }
        } else if ((strcmp(arg, "-h") == 0)) {
            opts->help = true;
        } else if ((opts->command == NULL) && (arg[0] != '-')) {
            opts->command = arg;
        } else {
            (void)fprintf(stderr, "rmqdr: unexpected argument: %s (see rmqdr --help)\n", arg);
            return false;
        }
    }
    return true;
}

void cli_print_help(void)
{
    (void)fputs(
        "usage: rmqdr <command> [options]\n"
        "\n"
        "Commands:\n"
        "  checkpoints   list disaster-recovery checkpoints (ListDisasterRecoveryCheckpoints)\n"
        "  watch         poll the listing and report replication lag and staleness\n"
        "  decode        decode a raw HTTP response read on stdin\n"
        "\n"
        "Request:\n"
        "  --plan-id ID --item-id ID --instance-id ID   required\n"
        "  --filter TEXT              match topic or consumer group\n"
        "  --page-number N            1.. (default: server's, 1)\n"
        "  --page-size N              1..100\n"
        "  --all                      fetch every page over one connection\n"
        "\n"
        "Connection:\n"
        "  --region ID                e.g. cn-hangzhou (or ALIBABA_CLOUD_REGION_ID)\n"
        "  --endpoint [https://|http://]HOST[:PORT]\n"
        "                             http:// only for loopback hosts\n"
        "  --ca-file PATH             CA bundle (default: system bundle)\n"
        "  --proxy [http://][USER[:PASS]@]HOST[:PORT]\n"
        "                             HTTP proxy (CONNECT); default: HTTPS_PROXY,\n"
        "                             ALL_PROXY, bypassed for hosts in NO_PROXY\n"
        "  --timeout DURATION         per network operation (default 10s)\n"
        "  --retries N                retries on throttling, 5xx, network (default 3)\n"
        "  --profile NAME             aliyun CLI profile (~/.aliyun/config.json)\n"
        "\n"
        "Output:\n"
        "  --output table|json|jsonl  (default: table; decode: json)\n"
        "  --verbose                  request ids, timings, retries on stderr\n"
        "  --dry-run [--date YYYY-MM-DDTHH:MM:SSZ] [--nonce HEX]\n"
        "                             print the signed request, do not connect\n"
        "\n"
        "Watch:\n"
        "  --interval DURATION        poll period (default 30s)\n"
        "  --max-lag DURATION         alert when source-target consume lag exceeds it\n"
        "  --max-stale DURATION       alert when lastSyncTime is older than it\n"
        "  --once                     check once and exit (0 ok, 1 breached)\n"
        "\n"
        "Durations: 250ms, 90s, 5m, 2h, 1d. Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID,\n"
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN, else the profile.\n"
        "Exit: 0 ok, 1 threshold breached, 2 usage, 3 API error, 4 network/TLS, 5 malformed.\n",
        stdout);
}
