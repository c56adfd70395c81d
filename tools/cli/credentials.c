/* Credentials from the environment or the aliyun CLI profile file. */
#include "credentials.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "io.h"
#include "text.h"

/* Documented in README: the largest profile file read. */
#define PROFILE_FILE_MAX (4U * 1024U * 1024U)

static void explicit_wipe(void *p, size_t n)
{
    volatile unsigned char *b = (volatile unsigned char *)p;
    size_t i;

    for (i = 0U; i < n; i++) {
        b[i] = 0U;
    }
}

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

/* ---- the profile file (aliyun CLI's config.json), strict RFC 8259 by jansson ---- */

static bool profile_error(const char *path, const char *what)
{
    (void)fprintf(stderr, "rmqdr: profile file %s: %s\n", path, what);
    return false;
}

/* A string member; false (and one line) when present but not a string, or too long. */
static bool string_member(const json_t *obj, const char *key, char *out, size_t cap, const char *path)
{
    const json_t *v = json_object_get(obj, key);
    char what[96];

    out[0] = '\0';
    if ((v == NULL) || json_is_null(v)) {
        return true;
    }
    if (!json_is_string(v)) {
        (void)snprintf(what, sizeof what, "%s is not a string", key);
        return profile_error(path, what);
    }
    if (json_string_length(v) >= cap) {
        (void)snprintf(what, sizeof what, "%s is longer than %zu bytes", key, cap - 1U);
        return profile_error(path, what);
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        (void)snprintf(what, sizeof what, "%s holds a NUL (\\u0000), not allowed in a credential", key);
        return profile_error(path, what);
    }
    (void)memcpy(out, json_string_value(v), json_string_length(v) + 1U);
    return true;
}

static const json_t *find_profile(const json_t *root, const char *name)
{
    const json_t *list = json_object_get(root, "profiles");
    size_t i;

    for (i = 0U; i < json_array_size(list); i++) {
        const json_t *p = json_array_get(list, i);
        const char *n = json_string_value(json_object_get(p, "name"));

        if ((n != NULL) && (strcmp(n, name) == 0)) {
            return p;
        }
    }
    return NULL;
}

static bool fill_from_profile(const json_t *prof, const char *path, cli_credentials_t *c)
{
    char mode[32];
    bool sts;

    if (!string_member(prof, "mode", mode, sizeof mode, path)) {
        return false;
    }
    if (mode[0] == '\0') {
        return profile_error(path, "profile has no mode");
    }
    sts = (strcmp(mode, "StsToken") == 0);
    if (!sts && (strcmp(mode, "AK") != 0)) {
        (void)fprintf(stderr, "rmqdr: profile file %s: mode ", path);
        cli_put_text(stderr, mode);
        (void)fputs(" is not supported (AK or StsToken)\n", stderr);
        return false;
    }
    if (!string_member(prof, "access_key_id", c->access_key_id, sizeof c->access_key_id, path) ||
        !string_member(prof, "access_key_secret", c->access_key_secret, sizeof c->access_key_secret, path) ||
        !string_member(prof, "region_id", c->region_id, sizeof c->region_id, path) ||
        (sts && !string_member(prof, "sts_token", c->security_token, sizeof c->security_token, path))) {
        return false;
    }
    if ((c->access_key_id[0] == '\0') || (c->access_key_secret[0] == '\0')) {
        return profile_error(path, "profile lacks access_key_id or access_key_secret");
    }
    if (sts && (c->security_token[0] == '\0')) {
        return profile_error(path, "StsToken profile lacks sts_token");
    }
    return true;
}

/* Where the file is: ALIBABA_CLOUD_CONFIG_FILE, then ~/.aliyun/config.json
 * with ~ from HOME, or from the passwd entry when HOME is unset. */
static const char *profile_path(char *buf, size_t cap)
{
    const char *file = getenv("ALIBABA_CLOUD_CONFIG_FILE");
    const char *home = getenv("HOME");

    if ((file != NULL) && (file[0] != '\0')) {
        return file;
    }
    if ((home == NULL) || (home[0] == '\0')) {
        const struct passwd *pw = getpwuid(getuid());

        home = (pw != NULL) ? pw->pw_dir : NULL;
    }
    if ((home == NULL) || ((size_t)snprintf(buf, cap, "%s/.aliyun/config.json", home) >= cap)) {
        return NULL;
    }
    return buf;
}

/* Reads at most PROFILE_FILE_MAX bytes; the error line says which limit. */
static char *read_profile_file(const char *path, size_t *len)
{
    struct stat st;
    char *text = NULL;
    const char *why = NULL;
    FILE *f = cli_fopen_regular(path, &why); /* never blocks on a FIFO */

    if (f == NULL) {
        (void)fprintf(stderr, "rmqdr: no credentials: environment unset and profile file %s: %s\n", path, why);
        return NULL;
    }
    if ((fstat(fileno(f), &st) != 0) || !S_ISREG(st.st_mode) || (st.st_size > (off_t)PROFILE_FILE_MAX)) {
        (void)fprintf(stderr, "rmqdr: profile file %s: not a regular file of at most %u bytes "
                              "(the profile size limit)\n", path, PROFILE_FILE_MAX);
    } else {
        text = malloc((size_t)st.st_size + 1U);
        *len = (text != NULL) ? fread(text, 1U, (size_t)st.st_size + 1U, f) : 0U;
        if ((text == NULL) || (*len > (size_t)st.st_size) || (ferror(f) != 0)) {
            (void)fprintf(stderr, "rmqdr: profile file %s: could not be read whole\n", path);
            free(text);
            text = NULL;
        }
    }
    (void)fclose(f);
    return text;
}

static bool choose_profile(const json_t *root, const char *profile, const char *path, cli_credentials_t *c)
{
    const json_t *prof;
    const char *current = json_string_value(json_object_get(root, "current"));

    if ((profile == NULL) || (profile[0] == '\0')) {
        profile = getenv("ALIBABA_CLOUD_PROFILE");
    }
    if ((profile == NULL) || (profile[0] == '\0')) {
        /* the aliyun CLI's own fallback when "current" is absent or empty */
        profile = ((current != NULL) && (current[0] != '\0')) ? current : "default";
    }
    if (!json_is_array(json_object_get(root, "profiles"))) {
        return profile_error(path, "no \"profiles\" array");
    }
    prof = find_profile(root, profile);
    if (prof == NULL) {
        (void)fprintf(stderr, "rmqdr: profile file %s: no profile named ", path);
        cli_put_text(stderr, profile);
        (void)fputc('\n', stderr);
        return false;
    }
    (void)snprintf(c->source_buf, sizeof c->source_buf, "profile file %s, profile %s", path, profile);
    c->source = c->source_buf;
    return fill_from_profile(prof, path, c);
}

static bool from_profile(const char *profile, cli_credentials_t *c)
{
    char path_buf[512];
    const char *path = profile_path(path_buf, sizeof path_buf);
    json_error_t err;
    json_t *root;
    size_t len = 0U;
    char *text;
    bool ok = false;

    if (path == NULL) {
        (void)fprintf(stderr, "rmqdr: no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and "
                              "ALIBABA_CLOUD_ACCESS_KEY_SECRET\n");
        return false;
    }
    text = read_profile_file(path, &len);
    if (text == NULL) {
        return false;
    }
    /* strict RFC 8259: one object, no duplicate keys, no NUL in strings */
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err); /* \u0000 is RFC 8259 */
    if (root == NULL) {
        /* err.text may quote the file (a secret): only the place is shown */
        (void)fprintf(stderr, "rmqdr: profile file %s: not valid JSON (line %d, column %d)\n", path, err.line,
                      err.column);
    } else if (!json_is_object(root)) {
        (void)profile_error(path, "not a JSON object");
    } else {
        ok = choose_profile(root, profile, path, c);
    }
    json_decref(root);
    /* the file held the secret too */
    explicit_wipe(text, len);
    free(text);
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
    explicit_wipe(creds, sizeof *creds);
}
