/* Credentials from the environment or the aliyun CLI profile file. */
#include "credentials.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "io.h"
#include "text.h"

/* Documented in README: the largest profile file read. */
#define PROFILE_FILE_MAX (4U * 1024U * 1024U)
/* Documented in README: the longest chain of source_profile links. */
#define CHAIN_MAX 4U

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

static cli_provider_t *new_provider(cli_credentials_t *c, cli_provider_kind_t kind)
{
    cli_provider_free(c->provider);
    c->provider = calloc(1U, sizeof *c->provider);
    if (c->provider == NULL) {
        (void)fputs("rmqdr: out of memory\n", stderr);
        return NULL;
    }
    cli_provider_init(c->provider, kind, c->source);
    return c->provider;
}

/* EcsRamRole: ram_role_name (empty: discovered from the metadata service). */
static bool profile_ecs(const json_t *prof, const char *path, cli_credentials_t *c)
{
    cli_provider_t *p = new_provider(c, CLI_PROVIDER_ECS_RAM_ROLE);

    return (p != NULL) && string_member(prof, "ram_role_name", p->role_name, sizeof p->role_name, path) &&
           cli_provider_set_metadata_host(p);
}

/* CredentialsURI: credentials_uri. */
static bool profile_uri(const json_t *prof, const char *path, cli_credentials_t *c)
{
    cli_provider_t *p = new_provider(c, CLI_PROVIDER_CREDENTIALS_URI);
    char uri[1100];

    if ((p == NULL) || !string_member(prof, "credentials_uri", uri, sizeof uri, path)) {
        return false;
    }
    if (uri[0] == '\0') {
        return profile_error(path, "CredentialsURI profile lacks credentials_uri");
    }
    return cli_provider_set_uri(p, "credentials_uri", uri);
}

static bool profile_static(const json_t *prof, const char *path, cli_credentials_t *c, bool sts)
{
    if (!string_member(prof, "access_key_id", c->access_key_id, sizeof c->access_key_id, path) ||
        !string_member(prof, "access_key_secret", c->access_key_secret, sizeof c->access_key_secret, path) ||
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

/* expired_seconds: a JSON integer (the aliyun CLI writes 0 when unset). */
static bool int_member(const json_t *obj, const char *key, int64_t *out, const char *path)
{
    const json_t *v = json_object_get(obj, key);

    *out = 0;
    if ((v == NULL) || json_is_null(v)) {
        return true;
    }
    if (!json_is_integer(v) || (json_integer_value(v) < 0) ||
        (json_integer_value(v) > (json_int_t)RMQDR_MAX_DURATION_SECONDS)) {
        return profile_error(path, "expired_seconds is not an integer of 0..43200");
    }
    *out = (int64_t)json_integer_value(v);
    return true;
}

/* What AssumeRole asks: ram_role_arn, ram_session_name (default "rmqdr"),
 * expired_seconds (DurationSeconds; 0: the STS default), external_id,
 * sts_region (sts.<region>.aliyuncs.com). */
static bool role_fields(const json_t *prof, const char *path, cli_provider_t *p)
{
    char region[RMQDR_MAX_REGION_LEN + 1U];

    if (!string_member(prof, "ram_role_arn", p->role_arn, sizeof p->role_arn, path) ||
        !string_member(prof, "ram_session_name", p->session_name, sizeof p->session_name, path) ||
        !string_member(prof, "external_id", p->external_id, sizeof p->external_id, path) ||
        !string_member(prof, "sts_region", region, sizeof region, path) ||
        !int_member(prof, "expired_seconds", &p->duration_s, path)) {
        return false;
    }
    if (p->role_arn[0] == '\0') {
        return profile_error(path, "RamRoleArn profile lacks ram_role_arn");
    }
    if (p->session_name[0] == '\0') {
        (void)snprintf(p->session_name, sizeof p->session_name, "rmqdr");
    }
    return cli_provider_set_sts(p, region);
}

/* RamRoleArn: an AccessKey (access_key_id, access_key_secret, optional
 * sts_token) assumes ram_role_arn. */
static bool profile_role_arn(const json_t *prof, const char *path, cli_credentials_t *c)
{
    cli_provider_t *p = new_provider(c, CLI_PROVIDER_RAM_ROLE_ARN);

    if ((p == NULL) ||
        !string_member(prof, "access_key_id", p->source.access_key_id, sizeof p->source.access_key_id, path) ||
        !string_member(prof, "access_key_secret", p->source.access_key_secret, sizeof p->source.access_key_secret,
                       path) ||
        !string_member(prof, "sts_token", p->source.security_token, sizeof p->source.security_token, path)) {
        return false;
    }
    if ((p->source.access_key_id[0] == '\0') || (p->source.access_key_secret[0] == '\0')) {
        return profile_error(path, "RamRoleArn profile lacks access_key_id or access_key_secret");
    }
    return role_fields(prof, path, p);
}

static bool fill_from_profile(const json_t *root, const json_t *prof, const char *path, cli_credentials_t *c,
                              unsigned depth);

/* The source profile's credentials become the provider's source: its own
 * provider (taken over) or its static AccessKey (copied). */
static void take_source(cli_provider_t *p, cli_credentials_t *inner)
{
    if (inner->provider != NULL) {
        p->source_provider = inner->provider;
        inner->provider = NULL;
    } else {
        (void)memcpy(p->source.access_key_id, inner->access_key_id, sizeof p->source.access_key_id);
        (void)memcpy(p->source.access_key_secret, inner->access_key_secret, sizeof p->source.access_key_secret);
        (void)memcpy(p->source.security_token, inner->security_token, sizeof p->source.security_token);
    }
}

/* ChainableRamRoleArn: the credentials of source_profile (any mode, at
 * most CHAIN_MAX deep) assume ram_role_arn. */
static bool profile_chainable(const json_t *root, const json_t *prof, const char *path, cli_credentials_t *c,
                              unsigned depth)
{
    char source[128];
    const json_t *src;
    cli_credentials_t *inner;
    cli_provider_t *p;
    bool ok;

    if (!string_member(prof, "source_profile", source, sizeof source, path)) {
        return false;
    }
    if (source[0] == '\0') {
        return profile_error(path, "ChainableRamRoleArn profile lacks source_profile");
    }
    src = find_profile(root, source);
    if ((src == NULL) || (depth >= CHAIN_MAX)) {
        return profile_error(path, (src == NULL) ? "source_profile names no profile"
                                                 : "source_profile chain is too long (or loops)");
    }
    inner = calloc(1U, sizeof *inner);
    if (inner == NULL) {
        return profile_error(path, "out of memory");
    }
    inner->source = c->source;
    ok = fill_from_profile(root, src, path, inner, depth + 1U);
    p = ok ? new_provider(c, CLI_PROVIDER_RAM_ROLE_ARN) : NULL;
    if (p != NULL) {
        take_source(p, inner);
    }
    ok = (p != NULL) && role_fields(prof, path, p);
    cli_wipe_credentials(inner);
    free(inner);
    return ok;
}

static bool fill_from_profile(const json_t *root, const json_t *prof, const char *path, cli_credentials_t *c,
                              unsigned depth)
{
    char mode[32];

    if (!string_member(prof, "mode", mode, sizeof mode, path) ||
        !string_member(prof, "region_id", c->region_id, sizeof c->region_id, path)) {
        return false;
    }
    if (mode[0] == '\0') {
        return profile_error(path, "profile has no mode");
    }
    if ((strcmp(mode, "AK") == 0) || (strcmp(mode, "StsToken") == 0)) {
        return profile_static(prof, path, c, strcmp(mode, "StsToken") == 0);
    }
    if (strcmp(mode, "EcsRamRole") == 0) {
        return profile_ecs(prof, path, c);
    }
    if (strcmp(mode, "CredentialsURI") == 0) {
        return profile_uri(prof, path, c);
    }
    if (strcmp(mode, "RamRoleArn") == 0) {
        return profile_role_arn(prof, path, c);
    }
    if (strcmp(mode, "ChainableRamRoleArn") == 0) {
        return profile_chainable(root, prof, path, c, depth);
    }
    (void)fprintf(stderr, "rmqdr: profile file %s: mode ", path);
    cli_put_text(stderr, mode);
    (void)fputs(" is not supported (AK, StsToken, EcsRamRole, CredentialsURI, RamRoleArn or "
                "ChainableRamRoleArn)\n", stderr);
    return false;
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

/* Reads at most PROFILE_FILE_MAX bytes; the error line says which limit.
 * *absent: the file does not exist and the chain may go on (no line). */
static char *read_profile_file(const char *path, size_t *len, bool may_be_absent, bool *absent)
{
    struct stat st;
    char *text = NULL;
    const char *why = NULL;
    FILE *f = cli_fopen_regular(path, &why); /* never blocks on a FIFO */

    *absent = false;
    if (f == NULL) {
        if ((errno == ENOENT) && may_be_absent) { /* errno of the open, kept by cli_fopen_regular */
            *absent = true;
            return NULL;
        }
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
    return fill_from_profile(root, prof, path, c, 0U);
}

static bool profile_named(const char *profile)
{
    const char *env_profile = getenv("ALIBABA_CLOUD_PROFILE");
    const char *env_file = getenv("ALIBABA_CLOUD_CONFIG_FILE");

    return ((profile != NULL) && (profile[0] != '\0')) || ((env_profile != NULL) && (env_profile[0] != '\0')) ||
           ((env_file != NULL) && (env_file[0] != '\0'));
}

static bool from_profile(const char *profile, cli_credentials_t *c, bool *absent)
{
    char path_buf[512];
    const char *path = profile_path(path_buf, sizeof path_buf);
    json_error_t err;
    json_t *root;
    size_t len = 0U;
    char *text;
    bool ok = false;

    *absent = false;
    if (path == NULL) {
        *absent = true;
        return false;
    }
    text = read_profile_file(path, &len, !profile_named(profile), absent);
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

/* After the profile file: the ECS RAM role named by ALIBABA_CLOUD_ECS_METADATA,
 * then ALIBABA_CLOUD_CREDENTIALS_URI (the official default chain's order). */
static bool from_instance(cli_credentials_t *c, bool *found)
{
    const char *role = getenv("ALIBABA_CLOUD_ECS_METADATA");
    const char *uri = getenv("ALIBABA_CLOUD_CREDENTIALS_URI");

    *found = true;
    c->source = "environment";
    if ((role != NULL) && (role[0] != '\0')) {
        cli_provider_t *p = new_provider(c, CLI_PROVIDER_ECS_RAM_ROLE);

        return (p != NULL) &&
               copy_bounded(p->role_name, sizeof p->role_name, role, "ALIBABA_CLOUD_ECS_METADATA") &&
               cli_provider_set_metadata_host(p);
    }
    if ((uri != NULL) && (uri[0] != '\0')) {
        cli_provider_t *p = new_provider(c, CLI_PROVIDER_CREDENTIALS_URI);

        return (p != NULL) && cli_provider_set_uri(p, "ALIBABA_CLOUD_CREDENTIALS_URI", uri);
    }
    *found = false;
    return false;
}

/* The RAM role of the instance, also in the plain (token-less) mode when
 * ALIBABA_CLOUD_IMDSV1_DISABLED is "false" (the default: hardened only). */
static void instance_options(cli_credentials_t *c)
{
    const char *v1 = getenv("ALIBABA_CLOUD_IMDSV1_DISABLED");

    if ((c->provider != NULL) && (c->provider->kind == CLI_PROVIDER_ECS_RAM_ROLE)) {
        c->provider->imds_v1_allowed = (v1 != NULL) && (strcasecmp(v1, "false") == 0);
    }
}

bool cli_load_credentials(const char *profile, cli_credentials_t *creds)
{
    bool found = false;
    bool absent = false;
    bool ok;

    (void)memset(creds, 0, sizeof *creds);
    if (!from_environment(creds, &found)) {
        return false;
    }
    if (found) {
        return true;
    }
    ok = from_profile(profile, creds, &absent);
    if (!ok && absent) {
        ok = from_instance(creds, &found);
        if (!found) {
            char path_buf[512];
            const char *path = profile_path(path_buf, sizeof path_buf);

            (void)fprintf(stderr, "rmqdr: no credentials: environment unset and profile file %s: %s\n",
                          (path != NULL) ? path : "~/.aliyun/config.json", strerror(ENOENT));
        }
    }
    instance_options(creds);
    return ok;
}

void cli_wipe_credentials(cli_credentials_t *creds)
{
    cli_provider_free(creds->provider);
    explicit_wipe(creds, sizeof *creds);
}
