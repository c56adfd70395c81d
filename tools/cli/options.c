/* Declarative parsing of `rmqdr <command> --option value` arguments: one
 * table line per option says where it goes, which commands take it, its
 * kind and accepted range, and its help text. */
#include "options.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum {
    CMD_CHECKPOINTS = 1U << 0,
    CMD_WATCH = 1U << 1,
    CMD_DECODE = 1U << 2,
    CMD_PLANS = 1U << 3,
    CMD_ITEMS = 1U << 4
};
#define CMD_LIST (CMD_CHECKPOINTS | CMD_PLANS | CMD_ITEMS) /* one page, --all, --dry-run */
#define CMD_NET (CMD_LIST | CMD_WATCH)
#define CMD_ANY (CMD_NET | CMD_DECODE)

typedef enum { KIND_FLAG, KIND_STRING, KIND_INT, KIND_DURATION, KIND_OUTPUT } kind_t;

#define NO_SET SIZE_MAX
#define AT(field) offsetof(cli_options_t, field)
#define DAY_MS INT64_C(86400000)

typedef struct {
    const char *name;
    kind_t kind;
    unsigned commands;
    size_t offset;     /* where the value goes */
    size_t set_offset; /* a bool set when given, or NO_SET */
    int64_t min;       /* KIND_INT and KIND_DURATION (ms) */
    int64_t max;
    const char *arg;   /* metavariable in the help */
    const char *help;
} option_t;

static const option_t options[] = {
    { "plan-id", KIND_STRING, CMD_CHECKPOINTS | CMD_ITEMS | CMD_WATCH, AT(plan_id), NO_SET, 0, 0, "ID",
      "disaster-recovery plan (planId)" },
    { "item-id", KIND_STRING, CMD_CHECKPOINTS | CMD_WATCH, AT(item_id), NO_SET, 0, 0, "ID", "item of the plan (itemId)" },
    { "instance-id", KIND_STRING, CMD_CHECKPOINTS | CMD_PLANS | CMD_WATCH, AT(instance_id), NO_SET, 0, 0, "ID",
      "instance (instanceId): checkpoints' source; plans it takes part in" },
    { "filter", KIND_STRING, CMD_NET, AT(filter), NO_SET, 0, 0, "TEXT",
      "match topic or group (plans: name or description)" },
    { "topic", KIND_STRING, CMD_ITEMS, AT(topic), NO_SET, 0, 0, "NAME", "only items replicating this topic" },
    { "page-number", KIND_INT, CMD_LIST, AT(page_number), AT(page_number_set), INT64_MIN, INT64_MAX, "N",
      "page to fetch, 1.. (default: the server's, 1)" },
    { "page-size", KIND_INT, CMD_NET, AT(page_size), AT(page_size_set), INT64_MIN, INT64_MAX, "N", "1..100" },
    { "all", KIND_FLAG, CMD_LIST, AT(all), NO_SET, 0, 0, NULL, "every page over one connection" },
    { "region", KIND_STRING, CMD_NET, AT(region), NO_SET, 0, 0, "ID", "e.g. cn-hangzhou (or ALIBABA_CLOUD_REGION_ID)" },
    { "endpoint", KIND_STRING, CMD_NET, AT(endpoint), NO_SET, 0, 0, "URL",
      "[https://|http://]HOST[:PORT]; http:// only for loopback" },
    { "ca-file", KIND_STRING, CMD_NET, AT(ca_file), NO_SET, 0, 0, "PATH", "CA bundle (default: the system's)" },
    { "proxy", KIND_STRING, CMD_NET, AT(proxy), NO_SET, 0, 0, "URL",
      "HTTP proxy [http://][USER[:PASS]@]HOST[:PORT] (default: HTTPS_PROXY, ALL_PROXY; NO_PROXY)" },
    { "profile", KIND_STRING, CMD_NET, AT(profile), NO_SET, 0, 0, "NAME", "aliyun CLI profile" },
    { "timeout", KIND_DURATION, CMD_NET, AT(timeout_ms), NO_SET, 1, 3600000, "DURATION",
      "per connect, send and receive (default 10s)" },
    { "deadline", KIND_DURATION, CMD_NET, AT(deadline_ms), AT(deadline_set), 0, DAY_MS, "DURATION",
      "bound on one whole call, retries and pages included (0: none; default: the library's)" },
    { "retries", KIND_INT, CMD_NET, AT(retries), NO_SET, 0, 20, "N", "retries on throttling, 5xx, network (default 3)" },
    { "output", KIND_OUTPUT, CMD_ANY, AT(output), NO_SET, 0, 0, "FORMAT",
      "table|json|jsonl (decode: json; watch: text|jsonl)" },
    { "verbose", KIND_FLAG, CMD_NET, AT(verbose), NO_SET, 0, 0, NULL, "request ids, timings, retries on stderr" },
    { "dry-run", KIND_FLAG, CMD_LIST, AT(dry_run), NO_SET, 0, 0, NULL, "print the signed request, do not connect" },
    { "date", KIND_STRING, CMD_LIST, AT(date), NO_SET, 0, 0, "YYYY-MM-DDTHH:MM:SSZ", "fixed date (--dry-run)" },
    { "nonce", KIND_STRING, CMD_LIST, AT(nonce), NO_SET, 0, 0, "HEX", "fixed nonce (--dry-run)" },
    { "interval", KIND_DURATION, CMD_WATCH, AT(interval_ms), NO_SET, 1000, DAY_MS, "DURATION", "poll period (default 30s)" },
    { "discover-interval", KIND_DURATION, CMD_WATCH, AT(discover_interval_ms), NO_SET, 1000, DAY_MS, "DURATION",
      "without --plan-id/--item-id: re-discover plans and items (default 10m)" },
    { "max-lag", KIND_DURATION, CMD_WATCH, AT(max_lag_ms), AT(max_lag_set), 0, 365 * DAY_MS, "DURATION",
      "breach when source-target consume lag exceeds it" },
    { "max-stale", KIND_DURATION, CMD_WATCH, AT(max_stale_ms), AT(max_stale_set), 0, 365 * DAY_MS, "DURATION",
      "breach when lastSyncTime is older than it" },
    { "max-failures", KIND_INT, CMD_WATCH, AT(max_failures), NO_SET, 1, 1000000, "N",
      "end with exit 4 after N failed polls in a row" },
    { "metrics-listen", KIND_STRING, CMD_WATCH, AT(metrics_listen), NO_SET, 0, 0, "[HOST:]PORT",
      "serve Prometheus GET /metrics (HOST default 127.0.0.1)" },
    { "metrics-file", KIND_STRING, CMD_WATCH, AT(metrics_file), NO_SET, 0, 0, "PATH",
      "write the metrics atomically after every poll" },
    { "once", KIND_FLAG, CMD_WATCH, AT(once), NO_SET, 0, 0, NULL, "check once and exit (0 ok, 1 breached)" },
    { "body", KIND_FLAG, CMD_DECODE, AT(body), NO_SET, 0, 0, NULL, "stdin is a bare JSON body, no HTTP head" },
    { "help", KIND_FLAG, CMD_ANY, AT(help), NO_SET, 0, 0, NULL, "this help (also -h)" },
    { "version", KIND_FLAG, CMD_ANY, AT(version), NO_SET, 0, 0, NULL, "version (also -V)" },
};

#define OPTION_COUNT (sizeof options / sizeof options[0])

/* Pairs that contradict each other, and options that need another. */
static const struct { const char *a; const char *b; } conflicts[] = {
    { "all", "page-number" },
    { "discover-interval", "plan-id" }, /* discovery is what watch does without them */
    { "discover-interval", "item-id" },
    /* watch --once polls once: nothing to wait for, repeat or count */
    { "once", "interval" },
    { "once", "max-failures" },
    { "once", "discover-interval" },
};
static const struct { const char *option; const char *needs; } requirements[] = {
    { "date", "dry-run" },
    { "nonce", "dry-run" },
};

typedef struct {
    const char *name;
    unsigned bit;
    unsigned outputs; /* 1U << output_format_t accepted */
    const char *synopsis; /* what follows "rmqdr <name>" in the usage line */
    const char *summary;
} command_t;

#define LISTING_OUTPUTS ((1U << OUTPUT_TABLE) | (1U << OUTPUT_JSON) | (1U << OUTPUT_JSONL))

static const command_t commands[] = {
    { "checkpoints", CMD_CHECKPOINTS, LISTING_OUTPUTS, "--plan-id ID --item-id ID --instance-id ID [options]",
      "list disaster-recovery checkpoints (ListDisasterRecoveryCheckpoints)" },
    { "plans", CMD_PLANS, LISTING_OUTPUTS, "[--instance-id ID] [options]",
      "list disaster-recovery plans (ListDisasterRecoveryPlans)" },
    { "items", CMD_ITEMS, LISTING_OUTPUTS, "--plan-id ID [options]",
      "list the items of a plan (ListDisasterRecoveryItems)" },
    { "watch", CMD_WATCH, (1U << OUTPUT_TEXT) | (1U << OUTPUT_JSONL),
      "--instance-id ID [--plan-id ID --item-id ID] [options]",
      "poll checkpoints of one item, or of every item of an instance, and report lag and staleness" },
    { "decode", CMD_DECODE, LISTING_OUTPUTS, "[options] < response",
      "decode a saved HTTP response (or with --body a bare JSON body) from stdin" },
};

static const struct { const char *name; output_format_t format; } outputs[] = {
    { "table", OUTPUT_TABLE }, { "json", OUTPUT_JSON }, { "text", OUTPUT_TEXT }, { "jsonl", OUTPUT_JSONL },
};

static bool usage_error(const char *command, const char *what, const char *name)
{
    (void)fprintf(stderr, "rmqdr: %s%s%s (see rmqdr %s--help)\n", what, (name != NULL) ? ": --" : "",
                  (name != NULL) ? name : "", (command != NULL) ? command : "");
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
    for (i = 0U; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(&text[digits], units[i].suffix) == 0) {
            *ms = n * units[i].scale;
            return true;
        }
    }
    return false;
}

/* "250ms", "90s", "5m", "2h", "1d": the shortest exact spelling. */
static void format_limit(int64_t ms, char *buf, size_t cap)
{
    static const struct { const char *suffix; int64_t scale; } units[] = {
        { "d", 86400000 }, { "h", 3600000 }, { "m", 60000 }, { "s", 1000 },
    };
    size_t i;

    for (i = 0U; i < sizeof units / sizeof units[0]; i++) {
        if ((ms != 0) && ((ms % units[i].scale) == 0)) {
            (void)snprintf(buf, cap, "%lld%s", (long long)(ms / units[i].scale), units[i].suffix);
            return;
        }
    }
    (void)snprintf(buf, cap, "%lldms", (long long)ms);
}

static const command_t *find_command(const char *name);

/* "rmqdr: --output: watch takes text or jsonl": this command's own list. */
static void print_outputs(const char *command)
{
    const command_t *cmd = find_command(command);
    size_t n = 0U;
    size_t i;
    size_t k = 0U;

    for (i = 0U; i < sizeof outputs / sizeof outputs[0]; i++) {
        n += ((cmd != NULL) && ((cmd->outputs & (1U << outputs[i].format)) != 0U)) ? 1U : 0U;
    }
    (void)fprintf(stderr, "rmqdr: --output: %s takes ", command);
    for (i = 0U; i < sizeof outputs / sizeof outputs[0]; i++) {
        if ((cmd != NULL) && ((cmd->outputs & (1U << outputs[i].format)) != 0U)) {
            k++;
            (void)fprintf(stderr, "%s%s", (k == 1U) ? "" : ((k == n) ? " or " : ", "), outputs[i].name);
        }
    }
    (void)fputc('\n', stderr);
}

static bool value_error(const char *command, const option_t *o, const char *v)
{
    if ((o->kind == KIND_DURATION) && (v[strspn(v, "0123456789")] == '\0')) {
        (void)fprintf(stderr, "rmqdr: --%s %s: DURATION needs a unit: ms, s, m, h, d\n", o->name, v);
    } else if (o->kind == KIND_DURATION) {
        char lo[32];
        char hi[32];

        format_limit(o->min, lo, sizeof lo);
        format_limit(o->max, hi, sizeof hi);
        (void)fprintf(stderr, "rmqdr: --%s: expected a duration from %s to %s (units ms, s, m, h, d)\n",
                      o->name, lo, hi);
    } else if ((o->kind == KIND_INT) && (o->min != INT64_MIN)) {
        (void)fprintf(stderr, "rmqdr: --%s: expected a whole number from %lld to %lld\n", o->name,
                      (long long)o->min, (long long)o->max);
    } else if (o->kind == KIND_OUTPUT) {
        print_outputs(command);
    } else {
        (void)fprintf(stderr, "rmqdr: --%s: expected a whole number\n", o->name);
    }
    return false;
}

static bool parse_output(const command_t *cmd, const char *v, output_format_t *out)
{
    size_t i;

    for (i = 0U; i < sizeof outputs / sizeof outputs[0]; i++) {
        if ((strcmp(outputs[i].name, v) == 0) && ((cmd->outputs & (1U << outputs[i].format)) != 0U)) {
            *out = outputs[i].format;
            return true;
        }
    }
    return false;
}

static bool store(const command_t *cmd, const option_t *o, const char *v, cli_options_t *opts)
{
    unsigned char *base = (unsigned char *)opts;
    int64_t n = 0;
    bool ok = true;

    switch (o->kind) {
    case KIND_FLAG: *(bool *)(void *)&base[o->offset] = true; break;
    case KIND_STRING: *(const char **)(void *)&base[o->offset] = v; break;
    case KIND_OUTPUT: ok = parse_output(cmd, v, (output_format_t *)(void *)&base[o->offset]); break;
    case KIND_INT: ok = parse_int(v, o->min, o->max, &n); break;
    case KIND_DURATION: ok = cli_parse_duration(v, &n) && (n >= o->min) && (n <= o->max); break;
    default: ok = false; break;
    }
    if (ok && ((o->kind == KIND_INT) || (o->kind == KIND_DURATION))) {
        *(int64_t *)(void *)&base[o->offset] = n;
    }
    if (ok && (o->set_offset != NO_SET)) {
        *(bool *)(void *)&base[o->set_offset] = true;
    }
    return ok ? true : value_error(cmd->name, o, v);
}

static const option_t *find_option(const char *name, size_t len)
{
    size_t i;

    for (i = 0U; i < OPTION_COUNT; i++) {
        if ((strlen(options[i].name) == len) && (strncmp(options[i].name, name, len) == 0)) {
            return &options[i];
        }
    }
    return NULL;
}

static size_t index_of(const char *name)
{
    const option_t *o = find_option(name, strlen(name));

    return (o != NULL) ? (size_t)(o - options) : 0U;
}

static bool parse_one(const command_t *cmd, int argc, char **argv, int *i, cli_options_t *opts, bool *seen)
{
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    size_t name_len = (eq != NULL) ? (size_t)(eq - &arg[2]) : strlen(&arg[2]);
    const option_t *o = find_option(&arg[2], name_len);
    const char *value = ""; /* what options without a value get: never NULL */

    if (o == NULL) {
        (void)fprintf(stderr, "rmqdr: unknown option: %.*s (see rmqdr %s --help)\n", (int)(name_len + 2U), arg,
                      cmd->name);
        return false;
    }
    if ((o->commands & cmd->bit) == 0U) {
        (void)fprintf(stderr, "rmqdr: %s does not take --%s (see rmqdr %s --help)\n", cmd->name, o->name,
                      cmd->name);
        return false;
    }
    if (seen[o - options]) {
        (void)fprintf(stderr, "rmqdr: --%s given twice\n", o->name);
        return false;
    }
    seen[o - options] = true;
    if (o->kind != KIND_FLAG) {
        if (eq != NULL) {
            value = &eq[1];
        } else if (((*i + 1) < argc) && (strncmp(argv[*i + 1], "--", 2U) != 0)) {
            *i += 1;
            value = argv[*i];
        } else {
            /* "--region --dry-run": the next word is an option, not a value
             * (a value that starts with "--" is written --region=--VALUE) */
            (void)fprintf(stderr, "rmqdr: --%s needs a value (see rmqdr %s --help)\n", o->name, cmd->name);
            return false;
        }
        if (value[0] == '\0') {
            (void)fprintf(stderr, "rmqdr: --%s needs a value, not an empty one\n", o->name);
            return false;
        }
    } else if (eq != NULL) {
        return usage_error(cmd->name, "takes no value", o->name);
    }
    return store(cmd, o, value, opts);
}

static bool check_combinations(const bool *seen)
{
    size_t i;

    for (i = 0U; i < sizeof conflicts / sizeof conflicts[0]; i++) {
        if (seen[index_of(conflicts[i].a)] && seen[index_of(conflicts[i].b)]) {
            (void)fprintf(stderr, "rmqdr: --%s and --%s contradict each other\n", conflicts[i].a, conflicts[i].b);
            return false;
        }
    }
    for (i = 0U; i < sizeof requirements / sizeof requirements[0]; i++) {
        if (seen[index_of(requirements[i].option)] && !seen[index_of(requirements[i].needs)]) {
            (void)fprintf(stderr, "rmqdr: --%s needs --%s\n", requirements[i].option, requirements[i].needs);
            return false;
        }
    }
    return true;
}

static const command_t *find_command(const char *name)
{
    size_t i;

    for (i = 0U; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

static void set_defaults(cli_options_t *opts)
{
    (void)memset(opts, 0, sizeof *opts);
    opts->timeout_ms = 10000;
    opts->retries = 3;
    opts->interval_ms = 30000;
    opts->discover_interval_ms = 600000;
}

/* `rmqdr`, `rmqdr -h`, `rmqdr --help`, `rmqdr -V`, `rmqdr --version`. */
static bool parse_global(int argc, char **argv, cli_options_t *opts)
{
    const char *arg = (argc > 1) ? argv[1] : NULL;

    if (argc > 2) {
        return usage_error(NULL, "expected a command first", NULL);
    }
    if (arg == NULL) {
        return true; /* bare rmqdr: usage on stderr, exit 2 */
    }
    if ((strcmp(arg, "-h") == 0) || (strcmp(arg, "--help") == 0)) {
        opts->help = true;
    } else if ((strcmp(arg, "-V") == 0) || (strcmp(arg, "--version") == 0)) {
        opts->version = true;
    } else {
        (void)fprintf(stderr, "rmqdr: unknown option: %s (see rmqdr --help)\n", arg);
        return false;
    }
    return true;
}

bool cli_parse_options(int argc, char **argv, cli_options_t *opts)
{
    static bool seen[OPTION_COUNT];
    const command_t *cmd;
    int i;

    set_defaults(opts);
    if ((argc < 2) || (argv[1][0] == '-')) {
        return parse_global(argc, argv, opts);
    }
    cmd = find_command(argv[1]);
    if (cmd == NULL) {
        (void)fprintf(stderr, "rmqdr: unknown command: %s (see rmqdr --help)\n", argv[1]);
        return false;
    }
    opts->command = cmd->name;
    (void)memset(seen, 0, sizeof seen);
    for (i = 2; i < argc; i++) {
        const char *arg = argv[i];

        if ((strcmp(arg, "-h") == 0) || (strcmp(arg, "-V") == 0)) {
            *((arg[1] == 'h') ? &opts->help : &opts->version) = true;
        } else if ((arg[0] == '-') && (arg[1] == '-') && (arg[2] != '\0')) {
            if (!parse_one(cmd, argc, argv, &i, opts, seen)) {
                return false;
            }
        } else {
            (void)fprintf(stderr, "rmqdr: unexpected argument: %s (see rmqdr %s --help)\n", arg, cmd->name);
            return false;
        }
    }
    return check_combinations(seen);
}

static void print_command_help(FILE *out, const command_t *cmd)
{
    size_t i;

    (void)fprintf(out, "usage: rmqdr %s %s\n\n%s\n\nOptions:\n", cmd->name, cmd->synopsis, cmd->summary);
    for (i = 0U; i < OPTION_COUNT; i++) {
        char left[64];

        if ((options[i].commands & cmd->bit) == 0U) {
            continue;
        }
        (void)snprintf(left, sizeof left, "--%s%s%s", options[i].name, (options[i].arg != NULL) ? " " : "",
                       (options[i].arg != NULL) ? options[i].arg : "");
        (void)fprintf(out, "  %-28s %s\n", left, options[i].help);
    }
    (void)fputs("\nDurations: 250ms, 90s, 5m, 2h, 1d. Exit codes: see README (0 ok, 1 breach, 2 usage,\n"
                "3 API error, 4 network/TLS/deadline, 5 malformed response, 6 output error, 7 local).\n",
                out);
}

void cli_print_help(FILE *out, const char *command)
{
    const command_t *cmd = (command != NULL) ? find_command(command) : NULL;
    size_t i;

    if (cmd != NULL) {
        print_command_help(out, cmd);
        return;
    }
    (void)fputs("usage: rmqdr <command> [options]\n       rmqdr <command> --help\n\nCommands:\n", out);
    for (i = 0U; i < sizeof commands / sizeof commands[0]; i++) {
        (void)fprintf(out, "  %-13s %s\n", commands[i].name, commands[i].summary);
    }
    (void)fputs("\nCredentials: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,\n"
                "ALIBABA_CLOUD_SECURITY_TOKEN, else the aliyun CLI profile file\n"
                "(ALIBABA_CLOUD_CONFIG_FILE or ~/.aliyun/config.json).\n"
                "-h, --help: this help; -V, --version: the version.\n",
                out);
}
