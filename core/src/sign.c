/* ACS3-HMAC-SHA256: the canonical request is streamed into SHA-256. */
#include "rmqdr/sign.h"

#include <string.h>

#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>

#define SHA256_BYTES 32U

static void to_lower_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0U; i < n; i++) {
        out[2U * i] = digits[(bytes[i] >> 4) & 0x0FU];
        out[(2U * i) + 1U] = digits[bytes[i] & 0x0FU];
    }
    out[2U * n] = '\0';
}

static int is_blank(char c)
{
    return (c == ' ') || (c == '\t');
}

/* Headers are trimmed for the canonical form because the server sees them
 * after HTTP's own optional-whitespace stripping. */
static void trimmed(const char *value, const char **start, size_t *len)
{
    size_t n = strlen(value);
    const char *p = value;

    while ((n > 0U) && is_blank(*p)) {
        p++;
        n--;
    }
    while ((n > 0U) && is_blank(p[n - 1U])) {
        n--;
    }
    *start = p;
    *len = n;
}

static int header_name_is_canonical(const char *name)
{
    const char *p;

    if ((name == NULL) || (name[0] == '\0')) {
        return 0;
    }
    for (p = name; *p != '\0'; p++) {
        if ((*p >= 'A') && (*p <= 'Z')) {
            return 0;
        }
    }
    return 1;
}

static int headers_are_valid(const rmqdr_sign_header_t *headers, size_t count)
{
    size_t i;

    if ((headers == NULL) || (count == 0U)) {
        return 0;
    }
    for (i = 0U; i < count; i++) {
        if (!header_name_is_canonical(headers[i].name) || (headers[i].value == NULL)) {
            return 0;
        }
        if ((i > 0U) && (strcmp(headers[i - 1U].name, headers[i].name) >= 0)) {
            return 0;
        }
    }
    return 1;
}

static int canonical_is_valid(const rmqdr_canonical_request_t *c)
{
    return (c != NULL) && (c->method != NULL) && (c->uri != NULL) &&
           ((c->query != NULL) || (c->query_len == 0U)) &&
           (c->payload_sha256_hex != NULL) &&
           headers_are_valid(c->headers, c->header_count);
}

/* Sticky: once a call failed (*rc != 0) the rest of the canonical request
 * is skipped, so the builders below need no test per piece. */
static void feed(mbedtls_md_context_t *md, const char *data, size_t len, int *rc)
{
    if ((*rc == 0) && (len > 0U)) {
        *rc = mbedtls_md_update(md, (const unsigned char *)data, len);
    }
}

static void feed_str(mbedtls_md_context_t *md, const char *s, int *rc)
{
    feed(md, s, strlen(s), rc);
}

/* @p len bytes at @p data, then one separator byte. */
static void feed_then(mbedtls_md_context_t *md, const char *data, size_t len, const char *sep,
                      int *rc)
{
    feed(md, data, len, rc);
    feed(md, sep, 1U, rc);
}

static void feed_headers(mbedtls_md_context_t *md, const rmqdr_canonical_request_t *c, int *rc)
{
    size_t i;

    for (i = 0U; i < c->header_count; i++) {
        const char *value;
        size_t value_len;

        trimmed(c->headers[i].value, &value, &value_len);
        feed_then(md, c->headers[i].name, strlen(c->headers[i].name), ":", rc);
        feed_then(md, value, value_len, "\n", rc);
    }
    feed(md, "\n", 1U, rc);
    for (i = 0U; i < c->header_count; i++) {
        feed(md, ";", (i > 0U) ? 1U : 0U, rc);
        feed_str(md, c->headers[i].name, rc);
    }
}

static int hash_canonical(mbedtls_md_context_t *md, const rmqdr_canonical_request_t *c,
                          unsigned char digest[SHA256_BYTES])
{
    int rc = mbedtls_md_starts(md);

    feed_then(md, c->method, strlen(c->method), "\n", &rc);
    feed_then(md, c->uri, c->uri_len, "\n", &rc);
    feed_then(md, c->query, c->query_len, "\n", &rc);
    feed_headers(md, c, &rc);
    feed(md, "\n", 1U, &rc);
    feed_str(md, c->payload_sha256_hex, &rc);
    return (rc == 0) ? mbedtls_md_finish(md, digest) : rc;
}

rmqdr_status_t rmqdr_sign_string_to_sign(const rmqdr_canonical_request_t *canonical,
                                         char *out, size_t out_size)
{
    const mbedtls_md_info_t *sha256 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    mbedtls_md_context_t md;
    unsigned char digest[SHA256_BYTES];
    const size_t prefix_len = sizeof(RMQDR_SIGN_ALGORITHM) - 1U;
    int rc;

    if ((out == NULL) || !canonical_is_valid(canonical)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (out_size < RMQDR_STRING_TO_SIGN_SIZE) {
        return RMQDR_ERR_BUFFER_TOO_SMALL;
    }
    mbedtls_md_init(&md);
    rc = (sha256 != NULL) ? mbedtls_md_setup(&md, sha256, 0) : -1;
    rc = (rc == 0) ? hash_canonical(&md, canonical, digest) : rc;
    mbedtls_md_free(&md);
    if (rc != 0) {
        return RMQDR_ERR_CRYPTO;
    }
    (void)memcpy(out, RMQDR_SIGN_ALGORITHM, prefix_len);
    out[prefix_len] = '\n';
    to_lower_hex(digest, SHA256_BYTES, &out[prefix_len + 1U]);
    return RMQDR_OK;
}

rmqdr_status_t rmqdr_sign_signature(const char *secret, size_t secret_len,
                                    const char *string_to_sign,
                                    char *out, size_t out_size)
{
    const mbedtls_md_info_t *sha256 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    mbedtls_md_context_t hmac;
    unsigned char mac[SHA256_BYTES];
    int rc;

    if ((secret == NULL) || (secret_len == 0U) || (string_to_sign == NULL) || (out == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (out_size < RMQDR_SHA256_HEX_SIZE) {
        return RMQDR_ERR_BUFFER_TOO_SMALL;
    }
    mbedtls_md_init(&hmac);
    rc = (sha256 != NULL) ? mbedtls_md_setup(&hmac, sha256, 1) : -1;
    rc = (rc == 0) ? mbedtls_md_hmac_starts(&hmac, (const unsigned char *)secret, secret_len) : rc;
    rc = (rc == 0) ? mbedtls_md_hmac_update(&hmac, (const unsigned char *)string_to_sign,
                                            strlen(string_to_sign)) : rc;
    rc = (rc == 0) ? mbedtls_md_hmac_finish(&hmac, mac) : rc;
    /* md_free wipes the keyed pads it allocated; the struct itself and the
     * MAC are wiped here so no key-derived byte outlives the call. */
    mbedtls_md_free(&hmac);
    mbedtls_platform_zeroize(&hmac, sizeof hmac);
    if (rc == 0) {
        to_lower_hex(mac, SHA256_BYTES, out);
    }
    mbedtls_platform_zeroize(mac, sizeof mac);
    return (rc == 0) ? RMQDR_OK : RMQDR_ERR_CRYPTO;
}
