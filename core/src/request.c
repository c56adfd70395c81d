/* Validation, RFC 3986 encoding and signing of one request. */
#include "rmqdr/request.h"

#include <string.h>

#include "rmqdr/sign.h"

#define ACTION  "ListDisasterRecoveryCheckpoints"
#define VERSION "2022-08-01"
#define HOST_PREFIX "rocketmq."
#define HOST_SUFFIX ".aliyuncs.com"
#define MAX_HOST_NAME_LEN 253U
#define SIGNED_HEADERS_MAX 7U
#define DECIMAL_MAX 20U

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

typedef struct {
    const char *value;
    size_t max;
    bool header_value;
    rmqdr_status_t if_missing; /* RMQDR_OK when the field is optional */
    const char *name;
} text_rule_t;

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

static rmqdr_status_t check_texts(const text_rule_t *rules, size_t count, const char **field)
{
    size_t i;

    for (i = 0U; i < count; i++) {
        rmqdr_status_t st = RMQDR_OK;

        if (!is_set(rules[i].value)) {
            st = rules[i].if_missing;
        } else {
            st = check_text(rules[i].value, rules[i].max, rules[i].header_value);
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

static rmqdr_status_t check_paging(const rmqdr_request_t *request, const char **field)
{
    if (request->page_number_set &&
        ((request->page_number < 1) || (request->page_number > RMQDR_MAX_PAGE_NUMBER))) {
        *field = "pageNumber";
        return RMQDR_ERR_BAD_PAGE_NUMBER;
    }
    if (request->page_size_set &&
        ((request->page_size < 1) || (request->page_size > RMQDR_MAX_PAGE_SIZE))) {
        *field = "pageSize";
        return RMQDR_ERR_BAD_PAGE_SIZE;
    }
    return RMQDR_OK;
}

rmqdr_status_t rmqdr_request_validate(const rmqdr_config_t *config,
                                      const rmqdr_request_t *request,
                                      const char **field)
{
    const char *ignored = NULL;
    const char **out = (field != NULL) ? field : &ignored;
    rmqdr_status_t st;

    *out = NULL;
    if ((config == NULL) || (request == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    {
        const text_rule_t rules[] = {
            { request->plan_id, RMQDR_MAX_ID_LEN, false, RMQDR_ERR_MISSING_PLAN_ID, "planId" },
            { request->item_id, RMQDR_MAX_ID_LEN, false, RMQDR_ERR_MISSING_ITEM_ID, "itemId" },
            { request->instance_id, RMQDR_MAX_ID_LEN, false, RMQDR_ERR_MISSING_INSTANCE_ID, "instanceId" },
            { request->filter, RMQDR_MAX_FILTER_LEN, false, RMQDR_OK, "filter" },
            { config->access_key_id, RMQDR_MAX_ACCESS_KEY_ID_LEN, true, RMQDR_ERR_MISSING_CREDENTIALS, "accessKeyId" },
            { config->access_key_secret, RMQDR_MAX_ACCESS_KEY_SECRET_LEN, false, RMQDR_ERR_MISSING_CREDENTIALS, "accessKeySecret" },
            { config->security_token, RMQDR_MAX_SECURITY_TOKEN_LEN, true, RMQDR_OK, "securityToken" },
            { config->user_agent_suffix, RMQDR_MAX_USER_AGENT_SUFFIX_LEN, true, RMQDR_OK, "userAgentSuffix" },
            { config->region_id, RMQDR_MAX_REGION_LEN, true, RMQDR_OK, "regionId" },
            { config->endpoint, RMQDR_MAX_ENDPOINT_LEN, true, RMQDR_OK, "endpoint" },
        };

        st = check_texts(rules, sizeof rules / sizeof rules[0], out);
    }
    st = (st == RMQDR_OK) ? check_paging(request, out) : st;
    st = (st == RMQDR_OK) ? check_location(config, out) : st;
    if (st == RMQDR_OK) {
        *out = NULL;
    }
    return st;
}

/* ------------------------------------------------------------- endpoint */

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
        size_t region_len = strlen(config->region_id);

        (void)memcpy(endpoint->host, HOST_PREFIX, sizeof HOST_PREFIX - 1U);
        (void)memcpy(&endpoint->host[sizeof HOST_PREFIX - 1U], config->region_id, region_len);
        (void)memcpy(&endpoint->host[sizeof HOST_PREFIX - 1U + region_len], HOST_SUFFIX,
                     sizeof HOST_SUFFIX);
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

/* ----------------------------------------------------------------- dates */

/* Days since 1970-01-01 to a proleptic Gregorian date (era arithmetic). */
static void civil_from_days(int64_t days, int64_t *year, unsigned *month, unsigned *day)
{
    const int64_t z = days + 719468;
    const int64_t era = z / 146097; /* z >= 0 for every accepted date */
    const int64_t doe = z - (era * 146097);
    const int64_t yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
    const int64_t doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
    const int64_t mp = ((5 * doy) + 2) / 153;
    const int64_t m = (mp < 10) ? (mp + 3) : (mp - 9);

    *day = (unsigned)(doy - (((153 * mp) + 2) / 5) + 1);
    *month = (unsigned)m;
    *year = (yoe + (era * 400)) + ((m <= 2) ? 1 : 0);
}

static void put_digits(char *out, uint32_t value, size_t width)
{
    size_t i;

    for (i = width; i > 0U; i--) {
        out[i - 1U] = (char)('0' + (value % 10U));
        value /= 10U;
    }
}

rmqdr_status_t rmqdr_format_date(int64_t unix_ms, char out[RMQDR_DATE_SIZE])
{
    const int64_t max_ms = 253402300799999LL; /* 9999-12-31T23:59:59.999Z */
    int64_t secs;
    int64_t year;
    unsigned month;
    unsigned day;
    uint32_t sod;

    if (out == NULL) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if ((unix_ms < 0) || (unix_ms > max_ms)) {
        return RMQDR_ERR_PORT_TIME;
    }
    secs = unix_ms / 1000;
    civil_from_days(secs / 86400, &year, &month, &day);
    sod = (uint32_t)(secs % 86400);
    (void)memcpy(out, "0000-00-00T00:00:00Z", RMQDR_DATE_SIZE);
    put_digits(&out[0], (uint32_t)year, 4U);
    put_digits(&out[5], month, 2U);
    put_digits(&out[8], day, 2U);
    put_digits(&out[11], sod / 3600U, 2U);
    put_digits(&out[14], (sod / 60U) % 60U, 2U);
    put_digits(&out[17], sod % 60U, 2U);
    return RMQDR_OK;
}

static uint32_t read_digits(const char *s, size_t width)
{
    uint32_t v = 0U;
    size_t i;

    for (i = 0U; i < width; i++) {
        v = (v * 10U) + (uint32_t)(s[i] - '0');
    }
    return v;
}

static bool date_is_valid(const char *d)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    size_t i;

    for (i = 0U; i < (sizeof shape - 1U); i++) {
        bool ok = (shape[i] == 'd') ? is_digit(d[i]) : (d[i] == shape[i]);

        if (!ok) {
            return false;
        }
    }
    if (d[sizeof shape - 1U] != '\0') {
        return false;
    }
    return (read_digits(&d[5], 2U) >= 1U) && (read_digits(&d[5], 2U) <= 12U) &&
           (read_digits(&d[8], 2U) >= 1U) && (read_digits(&d[8], 2U) <= 31U) &&
           (read_digits(&d[11], 2U) <= 23U) && (read_digits(&d[14], 2U) <= 59U) &&
           (read_digits(&d[17], 2U) <= 60U);
}

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

/* Query pairs in byte order of their names: filter < instanceId <
 * pageNumber < pageSize, so the wire order is already canonical. */
static void put_query(writer_t *w, const rmqdr_request_t *r)
{
    if (is_set(r->filter)) {
        put_str(w, "filter=");
        put_encoded(w, r->filter);
        put_str(w, "&");
    }
    put_str(w, "instanceId=");
    put_encoded(w, r->instance_id);
    if (r->page_number_set) {
        put_str(w, "&pageNumber=");
        put_decimal(w, r->page_number);
    }
    if (r->page_size_set) {
        put_str(w, "&pageSize=");
        put_decimal(w, r->page_size);
    }
}

typedef struct {
    rmqdr_sign_header_t signed_headers[SIGNED_HEADERS_MAX];
    size_t signed_count;
    /* only a host made from the region is composed; an endpoint is used in place */
    char region_host[(sizeof HOST_PREFIX - 1U) + RMQDR_MAX_REGION_LEN + sizeof HOST_SUFFIX];
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
static void prepare_headers(layout_t *l, const rmqdr_config_t *c, const rmqdr_stamp_t *s)
{
    const char *host = c->endpoint;

    if (!is_set(host)) {
        writer_t w = { l->region_host, sizeof l->region_host - 1U, 0U };

        put_str(&w, HOST_PREFIX);
        put_str(&w, c->region_id);
        put_str(&w, HOST_SUFFIX);
        l->region_host[w.len] = '\0';
        host = l->region_host;
    }
    l->signed_count = 0U;
    add_header(l, "host", host);
    add_header(l, "x-acs-action", ACTION);
    add_header(l, "x-acs-content-sha256", RMQDR_EMPTY_BODY_SHA256);
    add_header(l, "x-acs-date", s->date);
    if (is_set(c->security_token)) {
        add_header(l, "x-acs-security-token", c->security_token);
    }
    add_header(l, "x-acs-signature-nonce", s->nonce);
    add_header(l, "x-acs-version", VERSION);
}

static void put_request(writer_t *w, layout_t *l, const rmqdr_config_t *c,
                        const rmqdr_request_t *r)
{
    size_t i;

    put_str(w, "GET ");
    l->uri_at = w->len;
    put_str(w, "/disaster_recovery/");
    put_encoded(w, r->plan_id);
    put_str(w, "/items/");
    put_encoded(w, r->item_id);
    put_str(w, "/checkpoints");
    l->uri_len = w->len - l->uri_at;
    put_str(w, "?");
    l->query_at = w->len;
    put_query(w, r);
    l->query_len = w->len - l->query_at;
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

static rmqdr_status_t sign_into(char *buf, const layout_t *l, const rmqdr_config_t *c)
{
    rmqdr_canonical_request_t canonical;
    char string_to_sign[RMQDR_STRING_TO_SIGN_SIZE];
    char signature[RMQDR_SHA256_HEX_SIZE];
    rmqdr_status_t st;

    canonical.method = "GET";
    canonical.uri = &buf[l->uri_at];
    canonical.uri_len = l->uri_len;
    canonical.query = &buf[l->query_at];
    canonical.query_len = l->query_len;
    canonical.headers = l->signed_headers;
    canonical.header_count = l->signed_count;
    canonical.payload_sha256_hex = RMQDR_EMPTY_BODY_SHA256;
    st = rmqdr_sign_string_to_sign(&canonical, string_to_sign, sizeof string_to_sign);
    if (st == RMQDR_OK) {
        st = rmqdr_sign_signature(c->access_key_secret, strlen(c->access_key_secret),
                                  string_to_sign, signature, sizeof signature);
    }
    if (st == RMQDR_OK) {
        (void)memcpy(&buf[l->signature_at], signature, RMQDR_SHA256_HEX_LEN);
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
    if (!date_is_valid(stamp->date)) {
        return RMQDR_ERR_BAD_DATE;
    }
    if (!nonce_is_valid(stamp->nonce)) {
        return RMQDR_ERR_BAD_NONCE;
    }
    prepare_headers(&layout, config, stamp);
    put_request(&measure, &layout, config, request);
    if (measure.len > cap) {
        *len = measure.len;
        return RMQDR_ERR_BUFFER_TOO_SMALL;
    }
    out.buf = buf;
    out.cap = cap;
    out.len = 0U;
    put_request(&out, &layout, config, request);
    st = sign_into(buf, &layout, config);
    if (st != RMQDR_OK) {
        (void)memset(buf, 0, out.len);
        return st;
    }
    *len = out.len;
    return RMQDR_OK;
}
