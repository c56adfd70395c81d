/* Credentials from the environment or the aliyun CLI profile file. */
#include "credentials.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>

#define PROFILE_FILE_MAX (64U * 1024U)
#define PROFILE_TOKENS_MAX 2048U

static bool copy_bounded(char *dst, size_t cap, const char *src, const char *what)
{
    size_t n = strlen(src);

    if (n >= cap) {
        (void)fprintf(stderr, "rmqdr: %s is longer than %zu bytes\n", what, cap - 1U);
        return false;
    }
    (void)memcpy(dst, src, n + 1U);
    return true;
}

static bool from_environment(cli_credentials_t *c, bool *found)
{
    const char *id = getenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    const char *secret = getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    const char *token = getenv("ALIBABA_CLOUD_SECURITY_TOKEN");

    *found = false;
    if (((id == NULL) || (id[0] == '\0')) && ((secret == NULL) || (secret[0] == '\0'))) {
        return true;
    }
    *found = true;
    if ((id == NULL) || (id[0] == '\0') || (secret == NULL) || (secret[0] == '\0')) {
        (void)fprintf(stderr, "rmqdr: set both ALIBABA_CLOUD_ACCESS_KEY_ID and "
                              "ALIBABA_CLOUD_ACCESS_KEY_SECRET\n");
        return false;
    }
    c->source = "environment";
    return copy_bounded(c->access_key_id, sizeof c->access_key_id, id, "ALIBABA_CLOUD_ACCESS_KEY_ID") &&
           copy_bounded(c->access_key_secret, sizeof c->access_key_secret, secret,
                        "ALIBABA_CLOUD_ACCESS_KEY_SECRET") &&
           ((token == NULL) ||
            copy_bounded(c->security_token, sizeof c->security_token, token,
                         "ALIBABA_CLOUD_SECURITY_TOKEN"));
}

/* ---- the profile file ---- */

typedef struct {
    const char *js;
    jsmntok_t *tok;
    int count;
} doc_t;

/* Index just past the value at index i (tokens are in document order). */
static int skip(const doc_t *d, int i)
{
    int end = d->tok[i].end;

    i++;
    while ((i < d->count) && (d->tok[i].start < end)) {
        i++;
    }
    return i;
}

static bool key_is(const doc_t *d, int i, const char *key)
{
    size_t n = strlen(key);

    return (d->tok[i].type == JSMN_STRING) && ((size_t)(d->tok[i].end - d->tok[i].start) == n) &&
           (strncmp(&d->js[d->tok[i].start], key, n) == 0);
}

/* Value index of `key` in the object at index obj, or -1. */
static int member(const doc_t *d, int obj, const char *key)
{
    int i = obj + 1;
    int k;

    if (d->tok[obj].type != JSMN_OBJECT) {
        return -1;
    }
    for (k = 0; k < d->tok[obj].size; k++) {
        if (key_is(d, i, key)) {
            return i + 1;
        }
        i = skip(d, i + 1);
    }
    return -1;
}

/* Copies a string value; profile values are plain ASCII, so escapes other
 * than \" \\ \/ are refused rather than guessed. */
static bool string_value(const doc_t *d, int i, char *out, size_t cap)
{
    size_t n = 0U;
    int p;

    if ((i < 0) || (d->tok[i].type != JSMN_STRING)) {
        return false;
    }
    for (p = d->tok[i].start; p < d->tok[i].end; p++) {
        char ch = d->js[p];

        if (ch == '\\') {
            p++;
            ch = d->js[p];
            if ((ch != '"') && (ch != '\\') && (ch != '/')) {
                return false;
            }
        }
        if ((n + 1U) >= cap) {
            return false;
        }
        out[n] = ch;
        n++;
    }
    out[n] = '\0';
    return true;
}

static bool read_file(const char *path, char *buf, size_t cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    if (f == NULL) {
        return false;
    }
    n = fread(buf, 1U, cap, f);
    (void)fclose(f);
    if (n >= cap) {
        return false;
    }
    *len = n;
    return true;
}

static bool profile_error(const char *path, const char *what)
{
    (void)fprintf(stderr, "rmqdr: profile file %s: %s\n", path, what);
    return false;
}

static int find_profile(const doc_t *d, const char *name)
{
    int list = member(d, 0, "profiles");
    int i;
    int k;
    char buf[128];

    if ((list < 0) || (d->tok[list].type != JSMN_ARRAY)) {
        return -1;
    }
    i = list + 1;
    for (k = 0; k < d->tok[list].size; k++) {
        if (string_value(d, member(d, i, "name"), buf, sizeof buf) && (strcmp(buf, name) == 0)) {
            return i;
        }
        i = skip(d, i);
    }
    return -1;
}

static bool fill_from_profile(const doc_t *d, int prof, const char *path, cli_credentials_t *c)
{
    char mode[32];
    bool sts;

    if (!string_value(d, member(d, prof, "mode"), mode, sizeof mode)) {
        return profile_error(path, "profile has no mode");
    }
    sts = (strcmp(mode, "StsToken") == 0);
    if (!sts && (strcmp(mode, "AK") != 0)) {
        (void)fprintf(stderr, "rmqdr: profile file %s: mode %s is not supported (AK or StsToken)\n",
                      path, mode);
        return false;
    }
    if (!string_value(d, member(d, prof, "access_key_id"), c->access_key_id, sizeof c->access_key_id) ||
        !string_value(d, member(d, prof, "access_key_secret"), c->access_key_secret,
                      sizeof c->access_key_secret) ||
        (c->access_key_id[0] == '\0') || (c->access_key_secret[0] == '\0')) {
        return profile_error(path, "profile lacks access_key_id or access_key_secret");
    }
    if (sts && (!string_value(d, member(d, prof, "sts_token"), c->security_token,
                              sizeof c->security_token) || (c->security_token[0] == '\0'))) {
        return profile_error(path, "StsToken profile lacks sts_token");
    }
    (void)string_value(d, member(d, prof, "region_id"), c->region_id, sizeof c->region_id);
    return true;
}

static bool from_profile(const char *profile, cli_credentials_t *c)
{
    static char text[PROFILE_FILE_MAX];
    static jsmntok_t tokens[PROFILE_TOKENS_MAX];
    char path[512];
    char name[128];
    const char *file = getenv("ALIYUN_CONFIG_FILE");
    const char *home = getenv("HOME");
    jsmn_parser parser;
    doc_t d;
    size_t len = 0U;
    int prof;
    bool ok;

    if ((file == NULL) || (file[0] == '\0')) {
        if ((home == NULL) || ((size_t)snprintf(path, sizeof path, "%s/.aliyun/config.json", home) >= sizeof path)) {
            (void)fprintf(stderr, "rmqdr: no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and "
                                  "ALIBABA_CLOUD_ACCESS_KEY_SECRET\n");
            return false;
        }
        file = path;
    }
    if (!read_file(file, text, sizeof text, &len)) {
        (void)fprintf(stderr, "rmqdr: no credentials: environment unset and profile file %s "
                              "is missing, unreadable or too large\n", file);
        return false;
    }
    jsmn_init(&parser);
    d.js = text;
    d.tok = tokens;
    d.count = jsmn_parse(&parser, text, len, tokens, PROFILE_TOKENS_MAX);
    if ((d.count < 1) || (tokens[0].type != JSMN_OBJECT)) {
        return profile_error(file, "not a valid JSON object");
    }
    if ((profile == NULL) || (profile[0] == '\0')) {
        profile = getenv("ALIBABA_CLOUD_PROFILE");
    }
    if ((profile == NULL) || (profile[0] == '\0')) {
        if (!string_value(&d, member(&d, 0, "current"), name, sizeof name) || (name[0] == '\0')) {
            return profile_error(file, "no profile chosen and no \"current\"");
        }
        profile = name;
    }
    prof = find_profile(&d, profile);
    if (prof < 0) {
        (void)fprintf(stderr, "rmqdr: profile file %s: no profile named %s\n", file, profile);
        return false;
    }
    (void)snprintf(c->source_buf, sizeof c->source_buf, "profile %.140s", profile);
    c->source = c->source_buf;
    ok = fill_from_profile(&d, prof, file, c);
    /* the file held the secret too */
    (void)memset(text, 0, len);
    return ok;
}

bool cli_load_credentials(const char *profile, cli_credentials_t *creds)
{
    bool found = false;

    (void)memset(creds, 0, sizeof *creds);
    if (!from_environment(creds, &found)) {
        return false;
    }
    return found || from_profile(profile, creds);
}

void cli_wipe_credentials(cli_credentials_t *creds)
{
    volatile char *p = (volatile char *)creds;
    size_t i;

    for (i = 0U; i < sizeof *creds; i++) {
        p[i] = 0;
    }
}
