/* Turns options, environment and profile into library config and request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "io.h"
#include "text.h"

typedef struct {
    const char *field;  /* name the library reports */
    const char *source; /* what the user sets */
    unsigned max_len;   /* the library's length limit, bytes */
} field_source_t;

static const field_source_t field_sources[] = {
    { "planId", "--plan-id", RMQDR_MAX_ID_LEN },
    { "itemId", "--item-id", RMQDR_MAX_ID_LEN },
    { "instanceId", "--instance-id", RMQDR_MAX_ID_LEN },
    { "filter", "--filter", RMQDR_MAX_FILTER_LEN },
    { "topicName", "--topic", RMQDR_MAX_TOPIC_NAME_LEN },
    { "pageNumber", "--page-number", 0U },
    { "pageSize", "--page-size", 0U },
    { "accessKeyId", "the AccessKey id", RMQDR_MAX_ACCESS_KEY_ID_LEN },
    { "accessKeySecret", "the AccessKey secret", RMQDR_MAX_ACCESS_KEY_SECRET_LEN },
    { "securityToken", "the STS token", RMQDR_MAX_SECURITY_TOKEN_LEN },
    { "regionId", "--region", RMQDR_MAX_REGION_LEN },
    { "endpoint", "--endpoint", RMQDR_MAX_ENDPOINT_LEN },
    { "userAgentSuffix", "the user agent", RMQDR_MAX_USER_AGENT_SUFFIX_LEN },
};

static const field_source_t *source_of(const char *field)
{
    static const field_source_t unknown = { "", "input", 0U };
    size_t i;

    for (i = 0U; (field != NULL) && (i < sizeof field_sources / sizeof field_sources[0]); i++) {
        if (strcmp(field_sources[i].field, field) == 0) {
            return &field_sources[i];
        }
    }
    return &unknown;
}

/* region: where the region came from when it is not --region (the
 * environment or the profile file's region_id), to name it in the line. */
static void report_invalid(const char *field, rmqdr_status_t st, const char *region_from)
{
    const field_source_t *src = source_of(field);
    char text[96];

    if ((field != NULL) && (strcmp(field, "regionId") == 0) && (region_from != NULL)) {
        (void)fprintf(stderr, "rmqdr: %s: %s\n", region_from,
                      (st == RMQDR_ERR_FIELD_TOO_LONG) ? "region is too long" : cli_status_text(st, text, sizeof text));
        return;
    }

    if ((st == RMQDR_ERR_FIELD_TOO_LONG) && (src->max_len > 0U)) {
        (void)fprintf(stderr, "rmqdr: %s is longer than %u bytes\n", src->source, src->max_len);
    } else {
        (void)fprintf(stderr, "rmqdr: %s: %s\n", src->source, cli_status_text(st, text, sizeof text));
    }
}

void cli_report_status(const char *what, int status)
{
    char text[96];

    (void)fprintf(stderr, "rmqdr: %s: %s\n", what, cli_status_text((rmqdr_status_t)status, text, sizeof text));
}

/* What is wrong with an --endpoint HOST[:PORT], in the operator's terms,
 * before the library's generic "not host[:port]". The value itself is not
 * echoed: it may hold a password (user:password@host). */
static int check_authority(const char *a)
{
    const char *colon = (a[0] == '[') ? strstr(a, "]:") : strrchr(a, ':');
    const char *port = (colon == NULL) ? NULL : &colon[(a[0] == '[') ? 2 : 1];
    const char *why = NULL;

    if (strchr(a, '@') != NULL) {
        why = "userinfo (USER[:PASSWORD]@) is not supported: give HOST[:PORT] only";
    } else if ((a[0] != '[') && (strchr(a, ':') != strrchr(a, ':'))) {
        why = "an IPv6 address is written in brackets: [ADDRESS]:PORT";
    } else if ((a[0] == '\0') || (a[0] == ':') || (strcmp(a, "[]") == 0) || (strncmp(a, "[]:", 3U) == 0)) {
        why = "the host is empty";
    } else if (strpbrk(a, "/?#") != NULL) {
        why = "a path, query or fragment is not supported: give HOST[:PORT] only";
    } else if ((port != NULL) && ((port[0] == '\0') || (port[strspn(port, "0123456789")] != '\0') ||
                                  (strlen(port) > 5U) || (strtol(port, NULL, 10) < 1) ||
                                  (strtol(port, NULL, 10) > 65535))) {
        why = "the port must be a number from 1 to 65535";
    } else {
        return EXIT_OK;
    }
    (void)fprintf(stderr, "rmqdr: --endpoint: %s\n", why);
    return EXIT_USAGE;
}

/* "https://h:p", "http://h:p" or "h:p"; a trailing "/" is tolerated. */
static int split_scheme(const char *endpoint, cli_context_t *ctx, char *host, size_t cap)
{
    const char *rest = endpoint;
    size_t n;

    ctx->use_tls = true;
    if (strncasecmp(endpoint, "https://", 8U) == 0) {
        rest = &endpoint[8];
    } else if (strncasecmp(endpoint, "http://", 7U) == 0) {
        rest = &endpoint[7];
        ctx->use_tls = false;
    } else if (strstr(endpoint, "://") != NULL) {
        (void)fprintf(stderr, "rmqdr: --endpoint: only https:// and http:// are supported\n");
        return EXIT_USAGE;
    }
    n = strlen(rest);
    if ((n > 0U) && (rest[n - 1U] == '/')) {
        n--;
    }
    if (n >= cap) {
        (void)fprintf(stderr, "rmqdr: --endpoint is longer than %u bytes\n", RMQDR_MAX_ENDPOINT_LEN);
        return EXIT_USAGE;
    }
    (void)memcpy(host, rest, n);
    host[n] = '\0';
    return check_authority(host);
}

bool cli_watch_discovers(const cli_options_t *opts)
{
    return (strcmp(opts->command, "watch") == 0) && (opts->plan_id == NULL) && (opts->item_id == NULL);
}

/* The operation a command calls first: watch of a whole instance starts
 * with ListDisasterRecoveryPlans. */
static const rmqdr_operation_t *operation_of(const cli_options_t *opts)
{
    if ((strcmp(opts->command, "plans") == 0) || cli_watch_discovers(opts)) {
        return &rmqdr_op_list_plans;
    }
    return (strcmp(opts->command, "items") == 0) ? &rmqdr_op_list_items : &rmqdr_op_list_checkpoints;
}

/* A rotating source: the first credentials now, so a metadata service that
 * is down is one clear line and exit 4 before anything else; the client
 * refreshes them later (rmqdr_client_config_t::credentials_provider). */
static int first_credentials(const cli_options_t *opts, cli_context_t *ctx)
{
    cli_provider_t *p = ctx->creds.provider;
    rmqdr_status_t st;

    if (opts->verbose) {
        if (strcmp(opts->command, "watch") == 0) {
            cli_put_stamp(stderr); /* every watch line carries its time */
        }
        (void)fprintf(stderr, "rmqdr: credentials: %s (%s)%s%s\n", (p != NULL) ? p->name : "AccessKey",
                      ctx->creds.source, ((p != NULL) && (p->source_provider != NULL)) ? ", source " : "",
                      ((p != NULL) && (p->source_provider != NULL)) ? p->source_provider->name : "");
    }
    if (p == NULL) {
        ctx->config.access_key_id = ctx->creds.access_key_id;
        ctx->config.access_key_secret = ctx->creds.access_key_secret;
        ctx->config.security_token = ctx->creds.security_token;
        return EXIT_OK;
    }
    p->ca_file = opts->ca_file;
    st = p->hook.fetch(p, (uint32_t)opts->timeout_ms, &p->live);
    if (st != RMQDR_OK) {
        (void)fprintf(stderr, "rmqdr: no credentials from %s (%s): ", p->name, ctx->creds.source);
        cli_put_text(stderr, p->error);
        (void)fputc('\n', stderr);
        return cli_exit_code(RMQDR_ERR_CREDENTIALS);
    }
    ctx->config.access_key_id = p->live.access_key_id;
    ctx->config.access_key_secret = p->live.access_key_secret;
    ctx->config.security_token = p->live.security_token;
    return EXIT_OK;
}

int cli_prepare(const cli_options_t *opts, cli_context_t *ctx)
{
    static char endpoint[RMQDR_MAX_ENDPOINT_LEN + 2U];
    const char *field = NULL;
    const char *region = opts->region;
    const char *region_from = NULL; /* NULL: --region */
    rmqdr_status_t st;

    (void)memset(ctx, 0, sizeof *ctx);
    if (!cli_load_credentials(opts->profile, &ctx->creds)) {
        return EXIT_USAGE;
    }
    if ((region == NULL) || (region[0] == '\0')) {
        region = getenv("ALIBABA_CLOUD_REGION_ID");
        region_from = "ALIBABA_CLOUD_REGION_ID";
    }
    if (((region == NULL) || (region[0] == '\0')) && (ctx->creds.region_id[0] != '\0')) {
        static char from[sizeof ctx->creds.source_buf + 24U];

        (void)snprintf(from, sizeof from, "%s, field region_id", ctx->creds.source);
        region = ctx->creds.region_id;
        region_from = from;
    }
    ctx->use_tls = true;
    if (opts->endpoint != NULL) {
        int rc = split_scheme(opts->endpoint, ctx, endpoint, sizeof endpoint);

        if (rc != EXIT_OK) {
            return rc;
        }
        ctx->endpoint = endpoint;
    } else if ((region == NULL) || (region[0] == '\0')) {
        (void)fprintf(stderr, "rmqdr: no region: use --region, ALIBABA_CLOUD_REGION_ID or --endpoint\n");
        return EXIT_USAGE;
    }
    {
        int rc = first_credentials(opts, ctx);

        if (rc != EXIT_OK) {
            return rc;
        }
    }
    ctx->config.region_id = region;
    ctx->config.endpoint = ctx->endpoint;
    ctx->config.user_agent_suffix = "cli";
    ctx->request.plan_id = opts->plan_id;
    ctx->request.item_id = opts->item_id;
    ctx->request.instance_id = opts->instance_id;
    ctx->request.filter = opts->filter;
    ctx->request.topic_name = opts->topic;
    ctx->request.operation = operation_of(opts);
    if (cli_watch_discovers(opts) && ((opts->instance_id == NULL) || (opts->instance_id[0] == '\0'))) {
        (void)fprintf(stderr, "rmqdr: watch needs --instance-id: with --plan-id and --item-id it watches "
                              "that item, without them every plan and item of the instance\n");
        return EXIT_USAGE;
    }
    ctx->request.page_number_set = opts->page_number_set;
    ctx->request.page_number = opts->page_number;
    ctx->request.page_size_set = opts->page_size_set;
    ctx->request.page_size = opts->page_size;
    st = rmqdr_request_validate(&ctx->config, &ctx->request, &field);
    if (st != RMQDR_OK) {
        report_invalid(field, st, region_from);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}
