/* Validation, RFC 3986 encoding and signing of one request. */
#include "rmqdr/request.h"
#include "rmqdr/sts.h"

#include <string.h>

#include "rmqdr/sign.h"

#define API_VERSION "2022-08-01"
#define HOST_PREFIX "rocketmq."
#define HOST_SUFFIX ".aliyuncs.com"
#define MAX_HOST_NAME_LEN 253U
#define SIGNED_HEADERS_MAX 7U
#define DECIMAL_MAX 20U
#define REGION_HOST_SIZE ((sizeof HOST_PREFIX - 1U) + RMQDR_MAX_REGION_LEN + sizeof HOST_SUFFIX)

_Static_assert(REGION_HOST_SIZE <= sizeof(((rmqdr_endpoint_t *)NULL)->host),
               "a host made from the longest region fits rmqdr_endpoint_t");

/* ----------------------------------------------------------- operations */

#define PATH(p)      { RMQDR_PARAM_##p, RMQDR_IN_PATH, true }
#define QUERY(p, r)  { RMQDR_PARAM_##p, RMQDR_IN_QUERY, (r) }
#define PARAMS(a)    (a), (sizeof(a) / sizeof((a)[0]))

static const rmqdr_param_use_t checkpoints_params[] = {
    PATH(PLAN_ID), PATH(ITEM_ID), QUERY(INSTANCE_ID, true), QUERY(FILTER, false),
    QUERY(PAGE_NUMBER, false), QUERY(PAGE_SIZE, false),
};
static const rmqdr_param_use_t plans_params[] = {
    QUERY(INSTANCE_ID, false), QUERY(FILTER, false), QUERY(PAGE_NUMBER, false),
    QUERY(PAGE_SIZE, false),
};
static const rmqdr_param_use_t items_params[] = {
    PATH(PLAN_ID), QUERY(TOPIC_NAME, false), QUERY(FILTER, false), QUERY(PAGE_NUMBER, false),
    QUERY(PAGE_SIZE, false),
};

const rmqdr_operation_t rmqdr_op_list_checkpoints = {
    "ListDisasterRecoveryCheckpoints", API_VERSION, "GET",
    "/disaster_recovery/{planId}/items/{itemId}/checkpoints", PARAMS(checkpoints_params)
};
const rmqdr_operation_t rmqdr_op_list_plans = {
    "ListDisasterRecoveryPlans", API_VERSION, "GET", "/disaster_recovery", PARAMS(plans_params)
};
const rmqdr_operation_t rmqdr_op_list_items = {
    "ListDisasterRecoveryItems", API_VERSION, "GET", "/disaster_recovery/{planId}/items",
    PARAMS(items_params)
};

#ifndef RMQDR_NO_STS
/* STS AssumeRole (sts.h): RPC style, every parameter in the query of POST /. */
static const rmqdr_param_use_t assume_role_params[] = {
    QUERY(ROLE_ARN, true), QUERY(ROLE_SESSION_NAME, true), QUERY(DURATION_SECONDS, false),
    QUERY(POLICY, false), QUERY(EXTERNAL_ID, false),
};

const rmqdr_operation_t rmqdr_op_sts_assume_role = {
    "AssumeRole", RMQDR_STS_API_VERSION, "POST", "/", PARAMS(assume_role_params)
};
#endif

/* ----------------------------------------------------------- parameters */

enum { P_TEXT = 0, P_INT };

/* 16 bytes a row on 32-bit cores (limits, offsets and statuses are small:
 * checked below), not 32 with an int64_t limit and size_t offsets. */
typedef struct {
    const char *name;
    uint32_t limit;
    uint16_t value_at; /* offset of the const char * or int64_t member */
    uint16_t set_at;   /* offset of the bool <member>_set (INT only) */
    uint8_t kind;
    uint8_t missing;   /* rmqdr_status_t */
} param_def_t;

#define OFFSETS_TEXT(m) (uint16_t)offsetof(rmqdr_request_t, m), 0U
#define OFFSETS_INT(m)  (uint16_t)offsetof(rmqdr_request_t, m), \
                        (uint16_t)offsetof(rmqdr_request_t, m##_set)
#define PARAM_ROW(id, member, name, kind, limit, missing) \
    { name, (uint32_t)(limit), OFFSETS_##kind(member), P_##kind, (uint8_t)(missing) },

static const param_def_t param_defs[RMQDR_PARAM_COUNT] = { RMQDR_PARAM_LIST(PARAM_ROW) };

/* Each row's member has the type its kind reads, and its numbers fit the row. */
#define TYPE_OK_TEXT(m) (sizeof(((rmqdr_request_t *)NULL)->m) == sizeof(const char *))
#define TYPE_OK_INT(m)  ((sizeof(((rmqdr_request_t *)NULL)->m) == sizeof(int64_t)) && \
                         (sizeof(((rmqdr_request_t *)NULL)->m##_set) == sizeof(bool)))
#define PARAM_CHECK(id, member, name, kind, limit, missing) \
    _Static_assert(TYPE_OK_##kind(member), "member type of parameter " name); \
    _Static_assert(((uint64_t)(limit) <= UINT32_MAX) && ((int)(missing) >= 0) && \
                   ((int)(missing) <= UINT8_MAX), "limit and status of parameter " name);
RMQDR_PARAM_LIST(PARAM_CHECK)
_Static_assert(sizeof(rmqdr_request_t) <= UINT16_MAX, "parameter offsets fit 16 bits");

const char *rmqdr_param_name(rmqdr_param_t param)
{
    return ((unsigned)param < (unsigned)RMQDR_PARAM_COUNT) ? param_defs[param].name : "";
}

const rmqdr_operation_t *rmqdr_request_operation(const rmqdr_request_t *request)
{
    return ((request != NULL) && (request->operation != NULL)) ? request->operation
                                                                : &rmqdr_op_list_checkpoints;
}

static const char *param_text(const rmqdr_request_t *r, const param_def_t *def)
{
    const char *v = NULL;

    (void)memcpy((void *)&v, (const char *)r + def->value_at, sizeof v);
    return v;
}

static bool param_int(const rmqdr_request_t *r, const param_def_t *def, int64_t *value)
{
    bool set = false;

    (void)memcpy(&set, (const char *)r + def->set_at, sizeof set);
    (void)memcpy(value, (const char *)r + def->value_at, sizeof *value);
    return set;
}

/* ---------------------------------------------------------------- checks */

static size_t bounded_len(const char *s, size_t max)
{
    size_t n = 0U;

    while ((n <= max) && (s[n] != '\0')) {
        n++;
    }
    return n;
}

static bool is_set(const char *s)
{
    return (s != NULL) && (s[0] != '\0');
}

static bool has_control(const char *s)
{
    const unsigned char *p;

    for (p = (const unsigned char *)s; *p != 0U; p++) {
        if ((*p < 0x20U) || (*p == 0x7FU)) {
            return true;
        }
    }
    return false;
}

static bool has_non_ascii(const char *s)
{
    const unsigned char *p;

    for (p = (const unsigned char *)s; *p != 0U; p++) {
        if (*p >= 0x80U) {
            return true;
        }
    }
    return false;
}

/* One rule for every string: length, then control bytes, then (for values
 * that travel in headers) ASCII. */
static rmqdr_status_t check_text(const char *value, size_t max, bool header_value)
{
    if (bounded_len(value, max) > max) {
        return RMQDR_ERR_FIELD_TOO_LONG;
    }
    if (has_control(value)) {
        return RMQDR_ERR_CONTROL_CHARACTER;
    }
    if (header_value && has_non_ascii(value)) {
        return RMQDR_ERR_NON_ASCII_HEADER;
    }
    return RMQDR_OK;
}

/* Rules of the config's strings, checked in this order. */
typedef struct {
    const char *name;
    uint16_t at;        /* offsetof the const char * member of rmqdr_config_t */
    uint16_t max;
    bool header_value;
    uint8_t if_missing; /* rmqdr_status_t; RMQDR_OK when the field is optional */
} text_rule_t;

#define CONFIG_TEXT(member, max, header, missing, name) \
    { (name), (uint16_t)offsetof(rmqdr_config_t, member), (uint16_t)(max), (header), \
      (uint8_t)(missing) }

/* The sum of the limits bounds each of them. */
_Static_assert((sizeof(rmqdr_config_t) <= UINT16_MAX) &&
               ((RMQDR_MAX_ACCESS_KEY_ID_LEN + RMQDR_MAX_ACCESS_KEY_SECRET_LEN +
                 RMQDR_MAX_SECURITY_TOKEN_LEN + RMQDR_MAX_USER_AGENT_SUFFIX_LEN +
                 RMQDR_MAX_REGION_LEN + RMQDR_MAX_ENDPOINT_LEN) <= UINT16_MAX) &&
               (RMQDR_ERR_MISSING_CREDENTIALS <= UINT8_MAX),
               "config rule rows hold offsets, lengths and statuses in 16 and 8 bits");

static const text_rule_t config_rules[] = {
    CONFIG_TEXT(access_key_id, RMQDR_MAX_ACCESS_KEY_ID_LEN, true, RMQDR_ERR_MISSING_CREDENTIALS, "accessKeyId"),
    CONFIG_TEXT(access_key_secret, RMQDR_MAX_ACCESS_KEY_SECRET_LEN, false, RMQDR_ERR_MISSING_CREDENTIALS, "accessKeySecret"),
    CONFIG_TEXT(security_token, RMQDR_MAX_SECURITY_TOKEN_LEN, true, RMQDR_OK, "securityToken"),
    CONFIG_TEXT(user_agent_suffix, RMQDR_MAX_USER_AGENT_SUFFIX_LEN, true, RMQDR_OK, "userAgentSuffix"),
    CONFIG_TEXT(region_id, RMQDR_MAX_REGION_LEN, true, RMQDR_OK, "regionId"),
    CONFIG_TEXT(endpoint, RMQDR_MAX_ENDPOINT_LEN, true, RMQDR_OK, "endpoint"),
};

static bool is_digit(char c)
{
    return (c >= '0') && (c <= '9');
}

static bool is_hex(char c)
{
    return is_digit(c) || ((c >= 'a') && (c <= 'f')) || ((c >= 'A') && (c <= 'F'));
}

static bool is_alnum(char c)
{
    return is_digit(c) || ((c >= 'a') && (c <= 'z')) || ((c >= 'A') && (c <= 'Z'));
}

static bool region_is_valid(const char *region)
{
    const char *p;

    for (p = region; *p != '\0'; p++) {
        if (!(is_digit(*p) || ((*p >= 'a') && (*p <= 'z')) || (*p == '-'))) {
            return false;
        }
    }
    return true;
}

/* Splits "host[:port]" / "[v6]:port"; host_len excludes brackets. */
typedef struct {
    const char *host;
    size_t host_len;
    const char *port;
    size_t port_len;
} endpoint_parts_t;

static bool split_endpoint(const char *ep, endpoint_parts_t *parts)
{
    const char *colon;

    (void)memset(parts, 0, sizeof *parts);
    if (ep[0] == '[') {
        const char *close = strchr(ep, ']');
        const char *p;

        if ((close == NULL) || (close == &ep[1])) {
            return false;
        }
        for (p = &ep[1]; p < close; p++) {
            if (!is_hex(*p) && (*p != ':') && (*p != '.')) {
                return false;
            }
        }
        parts->host = &ep[1];
        parts->host_len = (size_t)(close - &ep[1]);
        colon = (close[1] == '\0') ? NULL : &close[1];
        if ((colon != NULL) && (*colon != ':')) {
            return false;
        }
    } else {
        colon = strchr(ep, ':');
        parts->host = ep;
        parts->host_len = (colon != NULL) ? (size_t)(colon - ep) : strlen(ep);
    }
    if (colon != NULL) {
        parts->port = &colon[1];
        parts->port_len = strlen(parts->port);
    }
    return true;
}

static bool host_name_is_valid(const char *host, size_t len)
{
    size_t i;

    if ((len == 0U) || (len > MAX_HOST_NAME_LEN) || (host[0] == '.') || (host[0] == '-')) {
        return false;
    }
    for (i = 0U; i < len; i++) {
        if (!is_alnum(host[i]) && (host[i] != '-') && (host[i] != '.')) {
            return false;
        }
        if ((host[i] == '.') && (i > 0U) && (host[i - 1U] == '.')) {
            return false; /* an empty label */
        }
    }
    return true;
}

/* Bytes of a host name without its one final dot: "localhost." is the
 * fully qualified spelling of "localhost" (RFC 1034 section 3.1), but SNI
 * (RFC 6066 section 3: "HostName" without a trailing dot) and certificate
 * names (RFC 6125) carry the name without it. */
static size_t host_len_without_root(const char *host, size_t len)
{
    return ((len > 1U) && (host[len - 1U] == '.')) ? (len - 1U) : len;
}

static bool port_is_valid(const char *port, size_t len, uint16_t *value)
{
    uint32_t v = 0U;
    size_t i;

    if ((len == 0U) || (len > 5U)) {
        return false;
    }
    for (i = 0U; i < len; i++) {
        if (!is_digit(port[i])) {
            return false;
        }
        v = (v * 10U) + (uint32_t)(port[i] - '0');
    }
    if ((v == 0U) || (v > 65535U)) {
        return false;
    }
    *value = (uint16_t)v;
    return true;
}

static rmqdr_status_t check_endpoint(const char *ep)
{
    endpoint_parts_t parts;
    uint16_t port;

    if (!split_endpoint(ep, &parts)) {
        return RMQDR_ERR_BAD_ENDPOINT;
    }
    if ((ep[0] != '[') && !host_name_is_valid(parts.host, parts.host_len)) {
        return RMQDR_ERR_BAD_ENDPOINT;
    }
    if ((parts.port != NULL) && !port_is_valid(parts.port, parts.port_len, &port)) {
        return RMQDR_ERR_BAD_ENDPOINT;
    }
    return RMQDR_OK;
}

static rmqdr_status_t check_config_texts(const rmqdr_config_t *config, const char **field)
{
    const text_rule_t *rules = config_rules;
    const size_t count = sizeof config_rules / sizeof config_rules[0];
    size_t i;

    for (i = 0U; i < count; i++) {
        rmqdr_status_t st = RMQDR_OK;
        const char *value = NULL;

        (void)memcpy((void *)&value, (const char *)config + rules[i].at, sizeof value);
        if (!is_set(value)) {
            st = (rmqdr_status_t)rules[i].if_missing;
        } else {
            st = check_text(value, rules[i].max, rules[i].header_value);
        }
        if (st != RMQDR_OK) {
            *field = rules[i].name;
            return st;
        }
    }
    return RMQDR_OK;
}

static rmqdr_status_t check_location(const rmqdr_config_t *config, const char **field)
{
    if (is_set(config->endpoint)) {
        *field = "endpoint";
        return check_endpoint(config->endpoint);
    }
    if (!is_set(config->region_id)) {
        *field = "regionId";
        return RMQDR_ERR_BAD_ENDPOINT;
    }
    *field = "regionId";
    return region_is_valid(config->region_id) ? RMQDR_OK : RMQDR_ERR_BAD_REGION;
}

static bool path_is_valid(const rmqdr_operation_t *op);

static bool operation_is_valid(const rmqdr_operation_t *op)
{
    size_t i;

    if ((op->action == NULL) || (op->version == NULL) || (op->method == NULL) ||
        (op->path_template == NULL) || (op->path_template[0] != '/') || (op->params == NULL) ||
        (op->param_count > RMQDR_OPERATION_MAX_PARAMS)) {
        return false;
    }
    for (i = 0U; i < op->param_count; i++) {
        if ((unsigned)op->params[i].param >= (unsigned)RMQDR_PARAM_COUNT) {
            return false;
        }
    }
    return path_is_valid(op);
}

/* One parameter against its rule: missing, too long, control bytes, range. */
static rmqdr_status_t check_param(const rmqdr_param_use_t *use, const rmqdr_request_t *r)
{
    const param_def_t *def = &param_defs[use->param];
    rmqdr_status_t st = RMQDR_OK;

    if (def->kind == (uint8_t)P_TEXT) {
        const char *v = param_text(r, def);

        if (!is_set(v)) {
            st = use->required ? (rmqdr_status_t)def->missing : RMQDR_OK;
        } else {
            st = check_text(v, (size_t)def->limit, false);
        }
    } else {
        int64_t v = 0;

        if (!param_int(r, def, &v)) {
            st = use->required ? (rmqdr_status_t)def->missing : RMQDR_OK;
        } else if ((v < 1) || (v > (int64_t)def->limit)) {
            st = (rmqdr_status_t)def->missing;
        } else {
            /* in range */
        }
    }
    return st;
}

static rmqdr_status_t check_params(const rmqdr_operation_t *op, const rmqdr_request_t *r,
                                   uint8_t kind, const char **field)
{
    size_t i;

    for (i = 0U; i < op->param_count; i++) {
        const param_def_t *def = &param_defs[op->params[i].param];
        rmqdr_status_t st = (def->kind == kind) ? check_param(&op->params[i], r) : RMQDR_OK;

        if (st != RMQDR_OK) {
            *field = def->name;
            return st;
        }
    }
    return RMQDR_OK;
}

rmqdr_status_t rmqdr_request_validate(const rmqdr_config_t *config,
                                      const rmqdr_request_t *request,
                                      const char **field)
{
    const char *ignored = NULL;
    const char **out = (field != NULL) ? field : &ignored;
    const rmqdr_operation_t *op = rmqdr_request_operation(request);
    rmqdr_status_t st;

    *out = NULL;
    if ((config == NULL) || (request == NULL) || !operation_is_valid(op)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    st = check_params(op, request, P_TEXT, out);
    st = (st == RMQDR_OK) ? check_config_texts(config, out) : st;
    st = (st == RMQDR_OK) ? check_params(op, request, P_INT, out) : st;
    st = (st == RMQDR_OK) ? check_location(config, out) : st;
    if (st == RMQDR_OK) {
        *out = NULL;
    }
    return st;
}

/* ------------------------------------------------------------- endpoint */

/* "rocketmq.<region>.aliyuncs.com", NUL-terminated, into @p dst of
 * REGION_HOST_SIZE bytes; @p region was validated (at most
 * RMQDR_MAX_REGION_LEN bytes). */
static void compose_region_host(char *dst, const char *region)
{
    size_t at = sizeof HOST_PREFIX - 1U;
    const char *p;

    (void)memcpy(dst, HOST_PREFIX, at);
    for (p = region; *p != '\0'; p++) {
        dst[at] = *p;
        at++;
    }
    (void)memcpy(&dst[at], HOST_SUFFIX, sizeof HOST_SUFFIX);
}

rmqdr_status_t rmqdr_endpoint_resolve(const rmqdr_config_t *config,
                                      uint16_t default_port,
                                      rmqdr_endpoint_t *endpoint)
{
    const char *field = NULL;
    rmqdr_status_t st;

    if ((config == NULL) || (endpoint == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    (void)memset(endpoint, 0, sizeof *endpoint);
    endpoint->port = default_port;
    st = check_text(is_set(config->endpoint) ? config->endpoint : "", RMQDR_MAX_ENDPOINT_LEN, true);
    st = (st == RMQDR_OK) ? check_text(is_set(config->region_id) ? config->region_id : "",
                                       RMQDR_MAX_REGION_LEN, true) : st;
    st = (st == RMQDR_OK) ? check_location(config, &field) : st;
    if (st != RMQDR_OK) {
        return st;
    }
    if (is_set(config->endpoint)) {
        endpoint_parts_t parts;

        (void)split_endpoint(config->endpoint, &parts);
        if (config->endpoint[0] != '[') {
            parts.host_len = host_len_without_root(parts.host, parts.host_len);
        }
        (void)memcpy(endpoint->host, parts.host, parts.host_len);
        endpoint->host[parts.host_len] = '\0';
        if (parts.port != NULL) {
            (void)port_is_valid(parts.port, parts.port_len, &endpoint->port);
            endpoint->port_given = true;
        }
    } else {
        compose_region_host(endpoint->host, config->region_id);
    }
    return RMQDR_OK;
}

static bool is_localhost_name(const char *host)
{
    static const char name[] = "localhost";
    size_t i;

    for (i = 0U; i < (sizeof name - 1U); i++) {
        char c = host[i];

        if ((c >= 'A') && (c <= 'Z')) {
            c = (char)(c - 'A' + 'a');
        }
        if (c != name[i]) {
            return false;
        }
    }
    return (host[i] == '\0') || ((host[i] == '.') && (host[i + 1U] == '\0'));
}

/* Four decimal parts 0..255 without leading zeros, the first 127: the one
 * spelling every resolver reads the same way. */
static bool is_loopback_quad(const char *host)
{
    uint32_t part = 0U;
    uint32_t parts = 0U;
    size_t digits = 0U;
    const char *p;

    for (p = host; ; p++) {
        if (is_digit(*p)) {
            if (((digits == 1U) && (p[-1] == '0')) || (digits == 3U)) {
                return false;
            }
            part = (part * 10U) + (uint32_t)(*p - '0');
            digits++;
        } else if (((*p == '.') || (*p == '\0')) && (digits > 0U) && (part <= 255U)) {
            if ((parts == 0U) && (part != 127U)) {
                return false;
            }
            parts++;
            part = 0U;
            digits = 0U;
            if (*p == '\0') {
                return parts == 4U;
            }
        } else {
            return false;
        }
    }
}

bool rmqdr_host_is_loopback(const char *host)
{
    if (host == NULL) {
        return false;
    }
    return is_localhost_name(host) || is_loopback_quad(host) || (strcmp(host, "::1") == 0);
}

/* ----------------------------------------------------------------- stamps */

static bool nonce_is_valid(const char *n)
{
    size_t i;

    for (i = 0U; (i < (RMQDR_NONCE_SIZE - 1U)) && (n[i] != '\0'); i++) {
        if (!is_hex(n[i])) {
            return false;
        }
    }
    return (i > 0U) && (n[i] == '\0');
}

rmqdr_status_t rmqdr_stamp_make(const rmqdr_platform_t *platform,
                                int64_t clock_offset_ms, rmqdr_stamp_t *stamp)
{
    static const char digits[] = "0123456789abcdef";
    uint8_t random[RMQDR_NONCE_RANDOM_BYTES];
    int64_t now = 0;
    rmqdr_status_t st;
    size_t i;

    if ((platform == NULL) || (stamp == NULL) || (platform->now_ms == NULL) ||
        (platform->random == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    st = platform->now_ms(platform->ctx, &now);
    if (st != RMQDR_OK) {
        return RMQDR_ERR_PORT_TIME;
    }
    st = rmqdr_format_date(now + clock_offset_ms, stamp->date);
    if (st != RMQDR_OK) {
        return st;
    }
    if (platform->random(platform->ctx, random, sizeof random) != RMQDR_OK) {
        return RMQDR_ERR_PORT_RANDOM;
    }
    for (i = 0U; i < sizeof random; i++) {
        stamp->nonce[2U * i] = digits[random[i] >> 4];
        stamp->nonce[(2U * i) + 1U] = digits[random[i] & 0x0FU];
    }
    stamp->nonce[2U * sizeof random] = '\0';
    return RMQDR_OK;
}

/* --------------------------------------------------------------- writing */

/* Writes when buf is set and there is room; always counts, so the same code
 * measures the request (first pass) and writes it (second pass). */
typedef struct {
    char *buf;
    size_t cap;
    size_t len;
} writer_t;

static void put(writer_t *w, const char *data, size_t n)
{
    if ((w->buf != NULL) && (n <= w->cap) && (w->len <= (w->cap - n))) {
        (void)memcpy(&w->buf[w->len], data, n);
    }
    w->len += n;
}

static void put_str(writer_t *w, const char *s)
{
    put(w, s, strlen(s));
}

static bool is_unreserved(unsigned char c)
{
    return is_alnum((char)c) || (c == (unsigned char)'-') || (c == (unsigned char)'_') ||
           (c == (unsigned char)'.') || (c == (unsigned char)'~');
}

/* RFC 3986 with upper-case hex; one rule for path segments and query values. */
static void put_encoded(writer_t *w, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p;

    for (p = (const unsigned char *)s; *p != 0U; p++) {
        if (is_unreserved(*p)) {
            put(w, (const char *)p, 1U);
        } else {
            const char esc[3] = { '%', hex[*p >> 4], hex[*p & 0x0FU] };

            put(w, esc, sizeof esc);
        }
    }
}

static void put_decimal(writer_t *w, int64_t value)
{
    char digits[DECIMAL_MAX];
    size_t n = 0U;
    uint64_t v = (uint64_t)value; /* validated positive */

    do {
        digits[(DECIMAL_MAX - 1U) - n] = (char)('0' + (char)(v % 10U));
        v /= 10U;
        n++;
    } while ((v != 0U) && (n < DECIMAL_MAX));
    put(w, &digits[DECIMAL_MAX - n], n);
}

static void put_param(writer_t *w, const rmqdr_request_t *r, rmqdr_param_t param)
{
    const param_def_t *def = &param_defs[param];
    int64_t v = 0;

    if (def->kind == (uint8_t)P_TEXT) {
        put_encoded(w, param_text(r, def));
    } else {
        (void)param_int(r, def, &v);
        put_decimal(w, v);
    }
}

/* Whether op->params[i] is a path parameter named by the bytes between
 * @p open ('{') and @p close ('}'). */
static bool names_path_param(const rmqdr_operation_t *op, size_t i, const char *open,
                             const char *close)
{
    const char *name = param_defs[op->params[i].param].name;
    const size_t n = (size_t)(close - open - 1);

    return (op->params[i].location == RMQDR_IN_PATH) && (strlen(name) == n) &&
           (memcmp(name, &open[1], n) == 0);
}

/* The path template with each "{name}" replaced by its encoded value. The
 * template was checked by path_is_valid(). */
static void put_path(writer_t *w, const rmqdr_operation_t *op, const rmqdr_request_t *r)
{
    const char *p = op->path_template;

    while (*p != '\0') {
        const char *open = strchr(p, '{');
        const char *close = (open != NULL) ? strchr(open, '}') : NULL;
        size_t i;

        if ((open == NULL) || (close == NULL)) {
            put_str(w, p);
            break;
        }
        put(w, p, (size_t)(open - p));
        for (i = 0U; i < op->param_count; i++) {
            if (names_path_param(op, i, open, close)) {
                put_param(w, r, op->params[i].param);
            }
        }
        p = &close[1];
    }
}

/* Every "{name}" of the template is a path parameter of the operation and
 * every path parameter appears exactly once. */
static bool path_is_valid(const rmqdr_operation_t *op)
{
    size_t i;
    size_t used = 0U;
    size_t path_params = 0U;
    const char *p = op->path_template;

    for (p = strchr(p, '{'); p != NULL; p = strchr(&p[1], '{')) {
        const char *close = strchr(p, '}');
        bool found = false;

        for (i = 0U; (close != NULL) && (i < op->param_count); i++) {
            found = found || names_path_param(op, i, p, close);
        }
        if (!found) {
            return false;
        }
        used++;
    }
    for (i = 0U; i < op->param_count; i++) {
        path_params += (op->params[i].location == RMQDR_IN_PATH) ? 1U : 0U;
    }
    return used == path_params;
}

static bool param_is_sent(const rmqdr_request_t *r, rmqdr_param_t param)
{
    const param_def_t *def = &param_defs[param];
    int64_t v = 0;

    return (def->kind == (uint8_t)P_TEXT) ? is_set(param_text(r, def)) : param_int(r, def, &v);
}

/* The query parameters that are sent, sorted by name (byte order), which
 * makes the wire query the canonical query of the signature. */
static size_t sorted_query(const rmqdr_operation_t *op, const rmqdr_request_t *r,
                           rmqdr_param_t out[RMQDR_OPERATION_MAX_PARAMS])
{
    size_t n = 0U;
    size_t i;

    for (i = 0U; i < op->param_count; i++) {
        const rmqdr_param_t param = op->params[i].param;
        size_t j = n;

        if ((op->params[i].location != RMQDR_IN_QUERY) || !param_is_sent(r, param)) {
            continue;
        }
        while ((j > 0U) && (strcmp(param_defs[out[j - 1U]].name, param_defs[param].name) > 0)) {
            out[j] = out[j - 1U];
            j--;
        }
        out[j] = param;
        n++;
    }
    return n;
}

static void put_query(writer_t *w, const rmqdr_operation_t *op, const rmqdr_request_t *r)
{
    rmqdr_param_t order[RMQDR_OPERATION_MAX_PARAMS];
    const size_t n = sorted_query(op, r, order);
    size_t i;

    for (i = 0U; i < n; i++) {
        put_str(w, (i == 0U) ? "" : "&");
        put_str(w, param_defs[order[i]].name);
        put_str(w, "=");
        put_param(w, r, order[i]);
    }
}

typedef struct {
    rmqdr_sign_header_t signed_headers[SIGNED_HEADERS_MAX];
    size_t signed_count;
    /* only a host made from the region is composed; an endpoint is used in place */
    char region_host[REGION_HOST_SIZE];
    size_t uri_at;
    size_t uri_len;
    size_t query_at;
    size_t query_len;
    size_t signature_at;
} layout_t;

static void add_header(layout_t *l, const char *name, const char *value)
{
    l->signed_headers[l->signed_count].name = name;
    l->signed_headers[l->signed_count].value = value;
    l->signed_count++;
}

/* The host header carries the endpoint exactly as configured (port,
 * brackets and a final dot included), which is what the server signs
 * against; only the connection (SNI, certificate name) drops the dot, see
 * host_len_without_root. Composing a dot-less copy here would put a
 * 256-byte buffer on the core's deepest stack path. */
static void prepare_headers(layout_t *l, const rmqdr_operation_t *op, const rmqdr_config_t *c,
                            const rmqdr_stamp_t *s)
{
    const char *host = c->endpoint;

    if (!is_set(host)) {
        compose_region_host(l->region_host, c->region_id);
        host = l->region_host;
    }
    l->signed_count = 0U;
    add_header(l, "host", host);
    add_header(l, "x-acs-action", op->action);
    add_header(l, "x-acs-content-sha256", RMQDR_EMPTY_BODY_SHA256);
    add_header(l, "x-acs-date", s->date);
    if (is_set(c->security_token)) {
        add_header(l, "x-acs-security-token", c->security_token);
    }
    add_header(l, "x-acs-signature-nonce", s->nonce);
    add_header(l, "x-acs-version", op->version);
}

static void put_request(writer_t *w, layout_t *l, const rmqdr_config_t *c,
                        const rmqdr_request_t *r)
{
    const rmqdr_operation_t *op = rmqdr_request_operation(r);
    size_t i;

    put_str(w, op->method);
    put_str(w, " ");
    l->uri_at = w->len;
    put_path(w, op, r);
    l->uri_len = w->len - l->uri_at;
    l->query_at = w->len + 1U;
    {
        writer_t q = { NULL, 0U, 0U };

        put_query(&q, op, r);
        if (q.len > 0U) {
            put_str(w, "?");
            put_query(w, op, r);
        }
        l->query_len = q.len;
    }
    put_str(w, " HTTP/1.1\r\n");
    for (i = 0U; i < l->signed_count; i++) {
        put_str(w, l->signed_headers[i].name);
        put_str(w, ": ");
        put_str(w, l->signed_headers[i].value);
        put_str(w, "\r\n");
    }
    put_str(w, "accept: application/json\r\nuser-agent: rmqdr/" RMQDR_VERSION);
    if (is_set(c->user_agent_suffix)) {
        put_str(w, " ");
        put_str(w, c->user_agent_suffix);
    }
    put_str(w, "\r\nauthorization: " RMQDR_SIGN_ALGORITHM " Credential=");
    put_str(w, c->access_key_id);
    put_str(w, ",SignedHeaders=");
    for (i = 0U; i < l->signed_count; i++) {
        put_str(w, (i == 0U) ? "" : ";");
        put_str(w, l->signed_headers[i].name);
    }
    put_str(w, ",Signature=");
    l->signature_at = w->len;
    put(w, RMQDR_EMPTY_BODY_SHA256, RMQDR_SHA256_HEX_LEN); /* placeholder, same length */
    put_str(w, "\r\n\r\n");
}

static rmqdr_status_t sign_into(char *buf, const layout_t *l, const rmqdr_config_t *c,
                                const char *method)
{
    rmqdr_canonical_request_t canonical;
    char string_to_sign[RMQDR_STRING_TO_SIGN_SIZE];
    rmqdr_status_t st;

    canonical.method = method;
    canonical.uri = &buf[l->uri_at];
    canonical.uri_len = l->uri_len;
    canonical.query = &buf[l->query_at];
    canonical.query_len = l->query_len;
    canonical.headers = l->signed_headers;
    canonical.header_count = l->signed_count;
    canonical.payload_sha256_hex = RMQDR_EMPTY_BODY_SHA256;
    st = rmqdr_sign_string_to_sign(&canonical, string_to_sign, sizeof string_to_sign);
    /* The hex signature goes straight over its placeholder; its NUL lands
     * on the '\r' that follows, which is put back (no 65-byte copy on the
     * stack under every list call). */
    if (st == RMQDR_OK) {
        st = rmqdr_sign_signature(c->access_key_secret, strlen(c->access_key_secret),
                                  string_to_sign, &buf[l->signature_at], RMQDR_SHA256_HEX_SIZE);
        buf[l->signature_at + RMQDR_SHA256_HEX_LEN] = '\r';
    }
    return st;
}

rmqdr_status_t rmqdr_request_build(const rmqdr_config_t *config,
                                   const rmqdr_request_t *request,
                                   const rmqdr_stamp_t *stamp,
                                   char *buf, size_t cap, size_t *len)
{
    layout_t layout;
    writer_t measure = { NULL, 0U, 0U };
    writer_t out;
    rmqdr_status_t st;

    if ((stamp == NULL) || (buf == NULL) || (len == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    *len = 0U;
    st = rmqdr_request_validate(config, request, NULL);
    if (st != RMQDR_OK) {
        return st;
    }
    if (!rmqdr_iso8601_is_valid(stamp->date)) {
        return RMQDR_ERR_BAD_DATE;
    }
    if (!nonce_is_valid(stamp->nonce)) {
        return RMQDR_ERR_BAD_NONCE;
    }
    prepare_headers(&layout, rmqdr_request_operation(request), config, stamp);
    put_request(&measure, &layout, config, request);
    if (measure.len > cap) {
        *len = measure.len;
        return RMQDR_ERR_BUFFER_TOO_SMALL;
    }
    out.buf = buf;
    out.cap = cap;
    out.len = 0U;
    put_request(&out, &layout, config, request);
    st = sign_into(buf, &layout, config, rmqdr_request_operation(request)->method);
    if (st != RMQDR_OK) {
        (void)memset(buf, 0, out.len);
        return st;
    }
    *len = out.len;
    return RMQDR_OK;
}
