/* Where the rmqdr command finds its AccessKey: environment, then profile. */
#ifndef RMQDR_CLI_CREDENTIALS_H
#define RMQDR_CLI_CREDENTIALS_H

#include <stdbool.h>

#include "providers.h"
#include "rmqdr/request.h"

typedef struct {
    char access_key_id[RMQDR_MAX_ACCESS_KEY_ID_LEN + 1U];
    char access_key_secret[RMQDR_MAX_ACCESS_KEY_SECRET_LEN + 1U];
    char security_token[RMQDR_MAX_SECURITY_TOKEN_LEN + 1U];
    char region_id[RMQDR_MAX_REGION_LEN + 1U];  /* from the profile, may be empty */
    const char *source;                         /* "environment" or "profile <name>" */
    char source_buf[640]; /* "profile file PATH, profile NAME" */
    cli_provider_t *provider;                   /* rotating credentials, or NULL for a static key */
} cli_credentials_t;

/*
 * Loads credentials along the default chain (README "Credentials"):
 * ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET (+SECURITY_TOKEN) if set; else the
 * aliyun CLI profile `profile` (NULL: ALIBABA_CLOUD_PROFILE, else the
 * file's "current", else "default") from $ALIBABA_CLOUD_CONFIG_FILE or
 * ~/.aliyun/config.json (home from HOME, else the passwd entry), parsed as
 * strict JSON (jansson), at most 4 MiB, in mode AK, StsToken, EcsRamRole,
 * CredentialsURI or RamRoleArn; else, when no profile file exists and none
 * was named, the ECS RAM role of ALIBABA_CLOUD_ECS_METADATA, then the URL of
 * ALIBABA_CLOUD_CREDENTIALS_URI. A rotating source sets creds->provider
 * (nothing fetched yet).
 * On failure prints one line to stderr (never a secret) and returns false.
 */
bool cli_load_credentials(const char *profile, cli_credentials_t *creds);

/* Overwrites the secret material. */
void cli_wipe_credentials(cli_credentials_t *creds);

#endif
