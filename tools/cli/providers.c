/* Credential providers: ECS RAM role and credentials URI over the core HTTP
 * decoder (fetch.c); documents parsed with jansson. No value ever reaches
 * an error text. */
#include "providers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "fetch.h"
#include "rmqdr/calendar.h"
#include "rmqdr/json.h"
#include "rmqdr/sts.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/request.h"

#define BODY_MAX 8192U
/* Hardened mode of the ECS metadata service (Alibaba Cloud ECS
 * documentation, "Instance metadata access modes"): a token from PUT
 * /latest/api/token, its lifetime in this request header (1..21600 s),
 * then sent back in the token header. */
#define METADATA_TOKEN_TARGET "/latest/api/token"
#define METADATA_TOKEN_TTL_HEADER "X-aliyun-ecs-metadata-token-ttl-seconds"
#define METADATA_TOKEN_HEADER "X-aliyun-ecs-metadata-token"
#define METADATA_TOKEN_TTL_S 21600U
#define METADATA_ROLE_TARGET "/latest/meta-data/ram/security-credentials/"
#define METADATA_TOKEN_MAX 256U

static void wipe(void *p, size_t n)
{
    volatile unsigned char *b = (volatile unsigned char *)p;
    size_t i;

    for (i = 0U; i < n; i++) {
        b[i] = 0U;
    }
}

static rmqdr_status_t fail(cli_provider_t *p, rmqdr_status_t st, const char *fmt, const char *a, const char *b)
{
    (void)snprintf(p->error, sizeof p->error, fmt, a, b);
    return st;
}

/* The decimal at s[at..at+n) of a string already checked digit by digit. */
static uint32_t digits(const char *s, size_t at, size_t n)
{
    uint32_t v = 0U;
    size_t i;

    for (i = at; i < at + n; i++) {
        v = (v * 10U) + (uint32_t)(s[i] - '0');
    }
    return v;
}

/* "YYYY-MM-DDTHH:MM:SSZ" (checked by the core's calendar module) to Unix ms. */
static bool parse_expiration(const char *s, int64_t *ms)
{
    if (!rmqdr_iso8601_is_valid(s)) {
        return false;
    }
    *ms = ((rmqdr_days_from_civil((int64_t)digits(s, 0U, 4U), digits(s, 5U, 2U), digits(s, 8U, 2U)) * 86400) +
           ((int64_t)digits(s, 11U, 2U) * 3600) + ((int64_t)digits(s, 14U, 2U) * 60) +
           (int64_t)digits(s, 17U, 2U)) * 1000;
    return true;
}

static bool take(const json_t *doc, const char *key, char *out, size_t cap, bool required)
{
    const json_t *v = json_object_get(doc, key);

    out[0] = '\0';
    if ((v == NULL) || json_is_null(v)) {
        return !required;
    }
    if (!json_is_string(v) || (json_string_length(v) >= cap) || (json_string_length(v) == 0U) ||
        (strlen(json_string_value(v)) != json_string_length(v))) {
        return false;
    }
    (void)memcpy(out, json_string_value(v), json_string_length(v) + 1U);
    return true;
}

/* The document the metadata service and credential URIs answer:
 * {"Code":"Success","AccessKeyId","AccessKeySecret","SecurityToken","Expiration"}. */
static rmqdr_status_t parse_document(cli_provider_t *p, const char *body, size_t len, rmqdr_credentials_t *out)
{
    rmqdr_credentials_t c;
    char expiration[32];
    const char *code;
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    rmqdr_status_t st = RMQDR_ERR_UNEXPECTED_RESPONSE;

    (void)memset(&c, 0, sizeof c);
    code = json_string_value(json_object_get(doc, "Code"));
    if (!json_is_object(doc)) {
        (void)fail(p, st, "%s: the answer is not a JSON object%s", p->name, "");
    } else if ((code != NULL) && (strcmp(code, "Success") != 0)) {
        (void)fail(p, st, "%s: the answer's Code is not Success%s", p->name, "");
    } else if (!take(doc, "AccessKeyId", c.access_key_id, sizeof c.access_key_id, true) ||
               !take(doc, "AccessKeySecret", c.access_key_secret, sizeof c.access_key_secret, true) ||
               !take(doc, "SecurityToken", c.security_token, sizeof c.security_token, false) ||
               !take(doc, "Expiration", expiration, sizeof expiration, true) ||
               !parse_expiration(expiration, &c.expiration_ms)) {
        (void)fail(p, st, "%s: the answer lacks AccessKeyId, AccessKeySecret or a valid Expiration%s",
                   p->name, "");
    } else {
        *out = c;
        st = RMQDR_OK;
    }
    json_decref(doc);
    wipe(&c, sizeof c);
    return st;
}

static rmqdr_status_t exchange(cli_provider_t *p, const cli_fetch_t *req, uint32_t timeout_ms,
                               cli_fetch_reply_t *reply)
{
    rmqdr_status_t st = cli_fetch(req, timeout_ms, reply);
    char where[300];

    (void)snprintf(where, sizeof where, "%s:%u %s %s", req->host, (unsigned)req->port, req->method,
                   req->target);
    if ((st == RMQDR_OK) && (reply->http_status != 200)) {
        char code[16];

        (void)snprintf(code, sizeof code, "%d", reply->http_status);
        return fail(p, RMQDR_ERR_UNEXPECTED_RESPONSE, "%.200s: HTTP %s", where, code);
    }
    if (st != RMQDR_OK) {
        return fail(p, st, "%.200s: %s", where, rmqdr_status_message(st));
    }
    return RMQDR_OK;
}

static cli_fetch_t metadata_request(const cli_provider_t *p, const char *method, const char *target,
                                    const char *headers)
{
    cli_fetch_t r;

    (void)memset(&r, 0, sizeof r);
    r.method = method;
    r.host = p->host;
    r.port = p->port;
    r.target = target;
    r.headers = headers;
    return r;
}

/* Hardened mode first; the plain mode only when allowed. *header is ""
 * for the plain mode. */
static rmqdr_status_t metadata_token(cli_provider_t *p, uint32_t timeout_ms, char *header, size_t cap)
{
    char body[METADATA_TOKEN_MAX];
    char ttl[80];
    cli_fetch_reply_t reply = { 0, body, sizeof body, 0U, 0, NULL, NULL };
    cli_fetch_t req;
    rmqdr_status_t st;

    (void)snprintf(ttl, sizeof ttl, METADATA_TOKEN_TTL_HEADER ": %u\r\n", METADATA_TOKEN_TTL_S);
    req = metadata_request(p, "PUT", METADATA_TOKEN_TARGET, ttl);
    st = exchange(p, &req, timeout_ms, &reply);
    header[0] = '\0';
    if ((st == RMQDR_OK) && ((reply.len == 0U) || (strcspn(body, "\r\n") != reply.len) ||
                             ((size_t)snprintf(header, cap, METADATA_TOKEN_HEADER ": %s\r\n", body) >= cap))) {
        header[0] = '\0';
        st = fail(p, RMQDR_ERR_UNEXPECTED_RESPONSE, "%s: the metadata token is empty or malformed%s", p->name, "");
    }
    wipe(body, sizeof body);
    if ((st != RMQDR_OK) && p->imds_v1_allowed) {
        return RMQDR_OK; /* plain mode, as configured */
    }
    return st;
}

/* The role name: configured, or the one the metadata service lists. */
static rmqdr_status_t metadata_role(cli_provider_t *p, uint32_t timeout_ms, const char *header, char *role,
                                    size_t cap)
{
    char body[256];
    cli_fetch_reply_t reply = { 0, body, sizeof body, 0U, 0, NULL, NULL };
    cli_fetch_t req = metadata_request(p, "GET", METADATA_ROLE_TARGET, header);
    rmqdr_status_t st;
    size_t n;

    if (p->role_name[0] != '\0') {
        (void)snprintf(role, cap, "%s", p->role_name);
        return RMQDR_OK;
    }
    st = exchange(p, &req, timeout_ms, &reply);
    n = strcspn(body, "\r\n");
    if ((st == RMQDR_OK) &&
        ((n == 0U) || (n >= cap) || (strspn(body, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                  "0123456789-_.@") != n))) {
        st = fail(p, RMQDR_ERR_UNEXPECTED_RESPONSE, "%s: the metadata service lists no usable RAM role%s",
                  p->name, "");
    }
    if (st == RMQDR_OK) {
        (void)memcpy(role, body, n);
        role[n] = '\0';
    }
    return st;
}

static int64_t budget_end(void)
{
    rmqdr_platform_t platform;
    int64_t now = 0;

    rmqdr_posix_platform_init(&platform);
    (void)platform.now_ms(platform.ctx, &now);
    return now;
}

static uint32_t budget_left(int64_t start, uint32_t timeout_ms)
{
    int64_t used = budget_end() - start;

    return (used >= (int64_t)timeout_ms) ? 1U : (uint32_t)((int64_t)timeout_ms - used);
}

static rmqdr_status_t fetch_ecs(cli_provider_t *p, uint32_t timeout_ms, rmqdr_credentials_t *out)
{
    char header[METADATA_TOKEN_MAX + 64U];
    char role[128];
    char *body = malloc(BODY_MAX);
    cli_fetch_reply_t reply = { 0, body, BODY_MAX, 0U, 0, NULL, NULL };
    cli_fetch_t req;
    int64_t start = budget_end();
    rmqdr_status_t st;

    if (body == NULL) {
        return fail(p, RMQDR_ERR_BUFFER_TOO_SMALL, "%s: out of memory%s", p->name, "");
    }
    st = metadata_token(p, timeout_ms, header, sizeof header);
    st = (st == RMQDR_OK) ? metadata_role(p, budget_left(start, timeout_ms), header, role, sizeof role) : st;
    if (st == RMQDR_OK) {
        char target[sizeof METADATA_ROLE_TARGET + sizeof role];

        (void)snprintf(target, sizeof target, METADATA_ROLE_TARGET "%s", role);
        req = metadata_request(p, "GET", target, header);
        st = exchange(p, &req, budget_left(start, timeout_ms), &reply);
    }
    st = (st == RMQDR_OK) ? parse_document(p, body, reply.len, out) : st;
    wipe(header, sizeof header);
    wipe(body, BODY_MAX);
    free(body);
    return st;
}

static rmqdr_status_t fetch_uri(cli_provider_t *p, uint32_t timeout_ms, rmqdr_credentials_t *out)
{
    char *body = malloc(BODY_MAX);
    cli_fetch_reply_t reply = { 0, body, BODY_MAX, 0U, 0, NULL, NULL };
    cli_fetch_t req;
    rmqdr_status_t st;

    if (body == NULL) {
        return fail(p, RMQDR_ERR_BUFFER_TOO_SMALL, "%s: out of memory%s", p->name, "");
    }
    (void)memset(&req, 0, sizeof req);
    req.method = "GET";
    req.host = p->host;
    req.port = p->port;
    req.tls = p->tls;
    req.ca_file = p->ca_file;
    req.target = p->target;
    st = exchange(p, &req, timeout_ms, &reply);
    st = (st == RMQDR_OK) ? parse_document(p, body, reply.len, out) : st;
    wipe(body, BODY_MAX);
    free(body);
    return st;
}

/* ---- RamRoleArn: STS AssumeRole, built and signed by the core's request
 * builder (rmqdr_op_sts_assume_role) and decoded by its streaming decoder
 * (rmqdr_json_sink_sts); the source credentials are an AccessKey or
 * another provider's (ChainableRamRoleArn). */

typedef struct {
    rmqdr_json_decoder_t json;
    rmqdr_envelope_t env;
    rmqdr_sts_credentials_t answer;
    char request[RMQDR_STS_REQUEST_MAX_SIZE];
    char scratch[16];
} sts_work_t;

static rmqdr_status_t sts_body(void *ctx, const uint8_t *data, size_t len)
{
    sts_work_t *w = (sts_work_t *)ctx;

    return rmqdr_json_feed(&w->json, data, len);
}

/* The credentials AssumeRole is signed with: the AccessKey held, or fresh
 * ones from the source provider. */
static rmqdr_status_t sts_source(cli_provider_t *p, uint32_t timeout_ms)
{
    cli_provider_t *src = p->source_provider;
    rmqdr_status_t st;

    if (src == NULL) {
        return RMQDR_OK;
    }
    st = src->hook.fetch(src, timeout_ms, &p->source);
    if (st != RMQDR_OK) {
        char inner[sizeof src->error];

        (void)snprintf(inner, sizeof inner, "%s", src->error);
        return fail(p, st, "source of %s: %.200s", p->name, inner);
    }
    return RMQDR_OK;
}

static rmqdr_status_t sts_build(cli_provider_t *p, sts_work_t *w, size_t *len)
{
    rmqdr_config_t cfg;
    rmqdr_request_t req;
    rmqdr_stamp_t stamp;
    rmqdr_platform_t platform;
    char endpoint[sizeof p->sts_host + 8U];
    rmqdr_status_t st;

    (void)memset(&cfg, 0, sizeof cfg);
    (void)memset(&req, 0, sizeof req);
    rmqdr_posix_platform_init(&platform);
    (void)snprintf(endpoint, sizeof endpoint, "%s:%u", p->sts_host, (unsigned)p->sts_port);
    cfg.access_key_id = p->source.access_key_id;
    cfg.access_key_secret = p->source.access_key_secret;
    cfg.security_token = p->source.security_token;
    cfg.endpoint = endpoint;
    cfg.user_agent_suffix = "cli credentials";
    req.operation = &rmqdr_op_sts_assume_role;
    req.role_arn = p->role_arn;
    req.role_session_name = p->session_name;
    req.duration_seconds_set = p->duration_s > 0;
    req.duration_seconds = p->duration_s;
    req.policy = p->policy;
    req.external_id = p->external_id;
    st = rmqdr_stamp_make(&platform, 0, &stamp);
    st = (st == RMQDR_OK) ? rmqdr_request_build(&cfg, &req, &stamp, w->request, sizeof w->request, len) : st;
    return (st == RMQDR_OK) ? st : fail(p, st, "%s: AssumeRole request: %s", p->name, rmqdr_status_message(st));
}

/* The answer: 200 with every Credentials field whole, else the API's code. */
static rmqdr_status_t sts_answer(cli_provider_t *p, sts_work_t *w, int http_status, rmqdr_credentials_t *out)
{
    rmqdr_status_t st = rmqdr_json_finish(&w->json);
    rmqdr_credentials_t c;
    char where[64];

    (void)snprintf(where, sizeof where, "HTTP %d", http_status);
    if ((http_status != 200) && (w->env.code[0] != '\0')) {
        (void)snprintf(where, sizeof where, "HTTP %d, code %.40s", http_status, w->env.code);
        return fail(p, RMQDR_ERR_API, "%s: AssumeRole refused (%s)", p->name, where);
    }
    if ((http_status != 200) || (st != RMQDR_OK) || (w->env.list_count != 1U) ||
        (w->answer.present != RMQDR_STS_ALL) || (w->answer.truncated != 0U)) {
        return fail(p, RMQDR_ERR_UNEXPECTED_RESPONSE, "%s: the AssumeRole answer holds no usable Credentials (%s)",
                    p->name, where);
    }
    (void)memset(&c, 0, sizeof c);
    (void)memcpy(c.access_key_id, w->answer.access_key_id, sizeof c.access_key_id);
    (void)memcpy(c.access_key_secret, w->answer.access_key_secret, sizeof c.access_key_secret);
    (void)memcpy(c.security_token, w->answer.security_token, sizeof w->answer.security_token);
    if (!parse_expiration(w->answer.expiration, &c.expiration_ms)) {
        wipe(&c, sizeof c);
        return fail(p, RMQDR_ERR_UNEXPECTED_RESPONSE, "%s: the AssumeRole answer's Expiration is not a date%s",
                    p->name, "");
    }
    *out = c;
    wipe(&c, sizeof c);
    return RMQDR_OK;
}

static rmqdr_status_t fetch_sts(cli_provider_t *p, uint32_t timeout_ms, rmqdr_credentials_t *out)
{
    sts_work_t *w = calloc(1U, sizeof *w);
    cli_fetch_reply_t reply;
    cli_fetch_t req;
    rmqdr_json_sink_t sink;
    int64_t start = budget_end();
    size_t len = 0U;
    rmqdr_status_t st;

    if (w == NULL) {
        return fail(p, RMQDR_ERR_BUFFER_TOO_SMALL, "%s: out of memory%s", p->name, "");
    }
    st = sts_source(p, timeout_ms);
    st = (st == RMQDR_OK) ? sts_build(p, w, &len) : st;
    if (st == RMQDR_OK) {
        sink = rmqdr_json_sink_sts(&w->answer);
        rmqdr_json_init(&w->json, &w->env, &sink);
        (void)memset(&req, 0, sizeof req);
        req.method = "POST";
        req.host = p->sts_host;
        req.port = p->sts_port;
        req.tls = p->sts_tls;
        req.ca_file = p->ca_file;
        req.target = "/";
        req.raw = w->request;
        req.raw_len = len;
        reply = (cli_fetch_reply_t){ 0, w->scratch, sizeof w->scratch, 0U, 0, sts_body, w };
        st = exchange(p, &req, budget_left(start, timeout_ms), &reply);
        if ((st == RMQDR_OK) || (st == RMQDR_ERR_UNEXPECTED_RESPONSE)) {
            st = sts_answer(p, w, reply.http_status, out);
        }
    }
    wipe(w, sizeof *w);
    free(w);
    return st;
}

static rmqdr_status_t provider_fetch(void *ctx, uint32_t timeout_ms, rmqdr_credentials_t *out)
{
    cli_provider_t *p = (cli_provider_t *)ctx;

    p->error[0] = '\0';
    switch (p->kind) {
    case CLI_PROVIDER_ECS_RAM_ROLE:
        return fetch_ecs(p, timeout_ms, out);
    case CLI_PROVIDER_CREDENTIALS_URI:
        return fetch_uri(p, timeout_ms, out);
    case CLI_PROVIDER_RAM_ROLE_ARN:
        return fetch_sts(p, timeout_ms, out);
    default:
        return fail(p, RMQDR_ERR_BAD_ARGUMENT, "%s: not available in this build%s", p->name, "");
    }
}

void cli_provider_init(cli_provider_t *p, cli_provider_kind_t kind, const char *origin)
{
    static const char *const names[] = { "EcsRamRole", "CredentialsURI", "RamRoleArn" };

    (void)memset(p, 0, sizeof *p);
    p->kind = kind;
    p->name = names[kind];
    p->origin = origin;
    p->hook.fetch = provider_fetch;
    p->hook.ctx = p;
    p->hook.name = p->name;
}

/* "host[:port]" or "[v6]:port" into p->host/p->port. */
static bool split_host_port(cli_provider_t *p, const char *s, size_t n, uint16_t default_port)
{
    const char *colon = NULL;
    size_t hn = n;
    unsigned long port = default_port;
    char *end = NULL;
    size_t i;

    for (i = n; i > 0U; i--) {
        if (s[i - 1U] == ']') {
            break;
        }
        if (s[i - 1U] == ':') {
            colon = &s[i - 1U];
            break;
        }
    }
    if (colon != NULL) {
        hn = (size_t)(colon - s);
        port = strtoul(colon + 1, &end, 10);
        if ((end != &s[n]) || (port == 0UL) || (port > 65535UL)) {
            return false;
        }
    }
    if ((hn >= 2U) && (s[0] == '[') && (s[hn - 1U] == ']')) {
        s++;
        hn -= 2U;
    }
    if ((hn == 0U) || (hn >= sizeof p->host)) {
        return false;
    }
    (void)memcpy(p->host, s, hn);
    p->host[hn] = '\0';
    p->port = (uint16_t)port;
    return true;
}

bool cli_provider_set_uri(cli_provider_t *p, const char *what, const char *uri)
{
    const char *rest;
    size_t n;

    if (strncasecmp(uri, "https://", 8U) == 0) {
        p->tls = true;
        rest = &uri[8];
    } else if (strncasecmp(uri, "http://", 7U) == 0) {
        rest = &uri[7];
    } else {
        (void)fprintf(stderr, "rmqdr: %s: only http:// (loopback) and https:// URLs are supported\n", what);
        return false;
    }
    n = strcspn(rest, "/?#");
    if (!split_host_port(p, rest, n, p->tls ? 443U : 80U) || (strlen(&rest[n]) >= sizeof p->target) ||
        (strcspn(rest, " \t\r\n") != strlen(rest))) {
        (void)fprintf(stderr, "rmqdr: %s: not a URL of the form http[s]://host[:port]/path\n", what);
        return false;
    }
    (void)snprintf(p->target, sizeof p->target, "%s", (rest[n] == '/') ? &rest[n] : "/");
    if (rest[n] == '?') {
        (void)snprintf(p->target, sizeof p->target, "/%s", &rest[n]);
    }
    if (!p->tls && !rmqdr_host_is_loopback(p->host)) {
        (void)fprintf(stderr, "rmqdr: %s: plain http:// is only allowed for a loopback host; use https://\n",
                      what);
        return false;
    }
    return true;
}

bool cli_provider_set_metadata_host(cli_provider_t *p)
{
    const char *o = getenv(CLI_METADATA_OVERRIDE_ENV);

    if ((o == NULL) || (o[0] == '\0')) {
        (void)snprintf(p->host, sizeof p->host, "%s", CLI_METADATA_HOST);
        p->port = CLI_METADATA_PORT;
        return true;
    }
    if (!split_host_port(p, o, strlen(o), CLI_METADATA_PORT) || !rmqdr_host_is_loopback(p->host)) {
        (void)fprintf(stderr, "rmqdr: " CLI_METADATA_OVERRIDE_ENV " must be a loopback host[:port] "
                              "(a test-only override of the metadata host)\n");
        return false;
    }
    return true;
}

void cli_provider_free(cli_provider_t *p)
{
    while (p != NULL) {
        cli_provider_t *next = p->source_provider;

        wipe(p, sizeof *p);
        free(p);
        p = next;
    }
}

bool cli_provider_set_sts(cli_provider_t *p, const char *region)
{
    const char *o = getenv(CLI_STS_OVERRIDE_ENV);

    p->sts_tls = true;
    if ((o != NULL) && (o[0] != '\0')) {
        if (!split_host_port(p, o, strlen(o), 443U) || !rmqdr_host_is_loopback(p->host)) {
            (void)fprintf(stderr, "rmqdr: " CLI_STS_OVERRIDE_ENV " must be a loopback host[:port] "
                                  "(a test-only override of the STS endpoint)\n");
            return false;
        }
        (void)snprintf(p->sts_host, sizeof p->sts_host, "%s", p->host);
        p->sts_port = p->port;
        return true;
    }
    if ((region != NULL) && (region[0] != '\0')) {
        if (strspn(region, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(region)) {
            (void)fputs("rmqdr: profile: sts_region is not a region id\n", stderr);
            return false;
        }
        (void)snprintf(p->sts_host, sizeof p->sts_host, "sts.%.32s.aliyuncs.com", region);
    } else {
        (void)snprintf(p->sts_host, sizeof p->sts_host, "sts.aliyuncs.com");
    }
    p->sts_port = 443U;
    return true;
}
