/* Proxy selection for the rmqdr command (see proxy.h). */
#include "proxy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Environment variables, in the order they are looked at (curl's). */
static const char *const proxy_vars[] = { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" };
static const char *const no_proxy_vars[] = { "no_proxy", "NO_PROXY" };

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Percent-decodes src[0..len) into out (RFC 3986 section 2.1); the result
 * must be printable ASCII and fit. */
static bool decode_part(const char *src, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)src[i];
        if (c == '%') {
            if (i + 2U >= len) {
                return false;
            }
            int hi = hex_value(src[i + 1U]);
            int lo = hex_value(src[i + 2U]);
            if (hi < 0 || lo < 0) {
                return false;
            }
            c = hi * 16 + lo;
            i += 2U;
        }
        if (c < 0x20 || c > 0x7E || o + 1U >= cap) {
            return false;
        }
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return true;
}

static bool set_err(char *err, size_t err_size, const char *msg)
{
    if (err != NULL && err_size > 0U) {
        (void)snprintf(err, err_size, "%s", msg);
    }
    return false;
}

/* "user[:password]" before the '@'. */
static bool parse_userinfo(const char *s, size_t len, cli_proxy_t *out)
{
    const char *colon = memchr(s, ':', len);
    size_t ulen = colon != NULL ? (size_t)(colon - s) : len;
    if (ulen == 0U || !decode_part(s, ulen, out->username, sizeof out->username) ||
        strchr(out->username, ':') != NULL) {
        return false;
    }
    if (colon != NULL && !decode_part(colon + 1, len - ulen - 1U, out->password,
                                      sizeof out->password)) {
        return false;
    }
    out->has_credentials = true;
    return true;
}

static bool parse_port(const char *s, size_t len, uint16_t *port)
{
    unsigned long v = 0;
    if (len == 0U || len > 5U) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10U + (unsigned long)(s[i] - '0');
    }
    if (v == 0U || v > 65535U) {
        return false;
    }
    *port = (uint16_t)v;
    return true;
}

static bool host_char(char c, bool bracketed)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || (bracketed && (c == ':' || c == '%'));
}

/* "host[:port]" or "[v6][:port]". */
static bool parse_hostport(const char *s, size_t len, cli_proxy_t *out)
{
    bool bracketed = len > 0U && s[0] == '[';
    const char *host = bracketed ? s + 1 : s;
    const char *host_end = bracketed ? memchr(s, ']', len) : memchr(s, ':', len);
    if (host_end == NULL) {
        if (bracketed) {
            return false;
        }
        host_end = s + len;
    }
    size_t hlen = (size_t)(host_end - host);
    const char *rest = bracketed ? host_end + 1 : host_end;
    size_t rest_len = len - (size_t)(rest - s);
    if (hlen == 0U || hlen >= sizeof out->host) {
        return false;
    }
    for (size_t i = 0; i < hlen; i++) {
        if (!host_char(host[i], bracketed)) {
            return false;
        }
    }
    memcpy(out->host, host, hlen);
    out->host[hlen] = '\0';
    out->port = (uint16_t)CLI_PROXY_DEFAULT_PORT;
    if (rest_len == 0U) {
        return true;
    }
    return rest[0] == ':' && parse_port(rest + 1, rest_len - 1U, &out->port);
}

bool cli_proxy_parse_url(const char *url, cli_proxy_t *out, char *err, size_t err_size)
{
    (void)memset(out, 0, sizeof *out);
    if (url == NULL || url[0] == '\0') {
        return set_err(err, err_size, "empty proxy URL");
    }
    const char *p = url;
    const char *scheme_end = strstr(url, "://");
    if (scheme_end != NULL) {
        if ((size_t)(scheme_end - url) != 4U || strncasecmp(url, "http", 4U) != 0) {
            return set_err(err, err_size, "proxy URL: only http:// proxies are supported");
        }
        p = scheme_end + 3;
    }
    size_t alen = strcspn(p, "/?#");
    const char *at = NULL;
    for (size_t i = 0; i < alen; i++) {
        at = p[i] == '@' ? &p[i] : at; /* the last '@' ends the userinfo */
    }
    if (at != NULL && !parse_userinfo(p, (size_t)(at - p), out)) {
        cli_proxy_wipe(out);
        return set_err(err, err_size, "proxy URL: bad user:password part");
    }
    const char *hp = at != NULL ? at + 1 : p;
    if (!parse_hostport(hp, alen - (size_t)(hp - p), out)) {
        cli_proxy_wipe(out);
        return set_err(err, err_size, "proxy URL: expected [http://][user[:password]@]host[:port]");
    }
    out->use = true;
    return true;
}

/* ---- NO_PROXY ---- */

typedef struct {
    int family;
    unsigned char addr[16];
} ip_t;

static bool parse_ip(const char *s, size_t len, ip_t *ip)
{
    char tmp[64];
    if (len >= 2U && s[0] == '[' && s[len - 1U] == ']') {
        s++;
        len -= 2U;
    }
    if (len == 0U || len >= sizeof tmp) {
        return false;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    if (inet_pton(AF_INET, tmp, ip->addr) == 1) {
        ip->family = AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, tmp, ip->addr) == 1) {
        ip->family = AF_INET6;
        return true;
    }
    return false;
}

/* The first `bits` bits of a and b agree. */
static bool prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
    unsigned full = bits / 8U;
    unsigned rest = bits % 8U;
    if (memcmp(a, b, full) != 0) {
        return false;
    }
    if (rest == 0U) {
        return true;
    }
    unsigned char mask = (unsigned char)(0xFFU << (8U - rest));
    return (a[full] & mask) == (b[full] & mask);
}

/* "addr/bits" against an address host. */
static bool cidr_match(const char *e, size_t len, const ip_t *host)
{
    const char *slash = memchr(e, '/', len);
    ip_t net;
    unsigned long bits = 0;
    size_t blen = len - (size_t)(slash - e) - 1U;
    if (!parse_ip(e, (size_t)(slash - e), &net) || net.family != host->family || blen == 0U ||
        blen > 3U) {
        return false;
    }
    for (size_t i = 0; i < blen; i++) {
        char c = slash[1U + i];
        if (c < '0' || c > '9') {
            return false;
        }
        bits = bits * 10U + (unsigned long)(c - '0');
    }
    if (bits > (net.family == AF_INET ? 32U : 128U)) {
        return false;
    }
    return prefix_equal(net.addr, host->addr, (unsigned)bits);
}

/* A name entry: host equals it or ends with "." + it (leading dot and a
 * ":port" suffix of the entry are ignored), case-insensitively. */
static bool domain_match(const char *e, size_t len, const char *host)
{
    const char *colon = memchr(e, ':', len);
    if (colon != NULL) {
        len = (size_t)(colon - e);
    }
    while (len > 0U && e[0] == '.') {
        e++;
        len--;
    }
    size_t hlen = strlen(host);
    if (len == 0U || hlen < len || strncasecmp(host + hlen - len, e, len) != 0) {
        return false;
    }
    return hlen == len || host[hlen - len - 1U] == '.';
}

static bool entry_match(const char *e, size_t len, const char *host)
{
    ip_t host_ip;
    ip_t entry_ip;
    bool host_is_ip = parse_ip(host, strlen(host), &host_ip);
    if (len == 1U && e[0] == '*') {
        return true;
    }
    if (memchr(e, '/', len) != NULL) {
        return host_is_ip && cidr_match(e, len, &host_ip);
    }
    if (parse_ip(e, len, &entry_ip)) {
        return host_is_ip && entry_ip.family == host_ip.family &&
               memcmp(entry_ip.addr, host_ip.addr, entry_ip.family == AF_INET ? 4U : 16U) == 0;
    }
    return !host_is_ip && domain_match(e, len, host);
}

bool cli_proxy_bypassed(const char *no_proxy, const char *host)
{
    if (no_proxy == NULL || host == NULL || host[0] == '\0') {
        return false;
    }
    const char *p = no_proxy;
    while (*p != '\0') {
        p += strspn(p, ", \t");
        size_t len = strcspn(p, ", \t");
        if (len > 0U && entry_match(p, len, host)) {
            return true;
        }
        p += len;
    }
    return false;
}

/* ---- selection ---- */

static const char *first_set(const char *const *names, size_t n, cli_getenv_fn get_env,
                             const char **which)
{
    for (size_t i = 0; i < n; i++) {
        const char *v = get_env(names[i]);
        if (v != NULL && v[0] != '\0') {
            *which = names[i];
            return v;
        }
    }
    return NULL;
}

bool cli_proxy_select(const char *flag, const char *target_host, cli_getenv_fn get_env,
                      cli_proxy_t *out, char *err, size_t err_size)
{
    const char *source = "--proxy";
    const char *url = flag;
    const char *no_proxy_name = NULL;
    (void)memset(out, 0, sizeof *out);
    if (url == NULL || url[0] == '\0') {
        url = first_set(proxy_vars, sizeof proxy_vars / sizeof proxy_vars[0], get_env, &source);
    }
    if (url == NULL) {
        return true; /* direct */
    }
    const char *no_proxy = first_set(no_proxy_vars, sizeof no_proxy_vars / sizeof no_proxy_vars[0],
                                     get_env, &no_proxy_name);
    if (cli_proxy_bypassed(no_proxy, target_host)) {
        return true;
    }
    char why[128];
    if (!cli_proxy_parse_url(url, out, why, sizeof why)) {
        if (err != NULL && err_size > 0U) {
            (void)snprintf(err, err_size, "%s: %s", source, why);
        }
        return false;
    }
    out->source = source;
    return true;
}

size_t cli_proxy_describe(const cli_proxy_t *proxy, char *buf, size_t size)
{
    if (buf == NULL || size == 0U) {
        return 0;
    }
    int n;
    if (proxy == NULL || !proxy->use) {
        n = snprintf(buf, size, "none (direct)");
    } else {
        bool v6 = strchr(proxy->host, ':') != NULL;
        n = snprintf(buf, size, "http://%s%s%s:%u (from %s%s)", v6 ? "[" : "", proxy->host,
                     v6 ? "]" : "", (unsigned)proxy->port,
                     proxy->source != NULL ? proxy->source : "?",
                     proxy->has_credentials ? ", with credentials" : "");
    }
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n < size ? (size_t)n : size - 1U;
}

void cli_proxy_wipe(cli_proxy_t *proxy)
{
    if (proxy == NULL) {
        return;
    }
    volatile char *u = proxy->username;
    volatile char *w = proxy->password;
    for (size_t i = 0; i < sizeof proxy->username; i++) {
        u[i] = '\0';
    }
    for (size_t i = 0; i < sizeof proxy->password; i++) {
        w[i] = '\0';
    }
    proxy->has_credentials = false;
}
