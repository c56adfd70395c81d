/* Credential providers of the rmqdr command: ECS RAM role (instance
 * metadata service), credentials URI, STS AssumeRole. Each fills an
 * rmqdr_credentials_t through the core's provider hook; see README
 * "Credentials". */
#ifndef RMQDR_CLI_PROVIDERS_H
#define RMQDR_CLI_PROVIDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "rmqdr/credentials.h"

/* The metadata service of an ECS instance (Alibaba Cloud ECS documentation,
 * "Instance metadata"): the one plain-HTTP host besides loopback. */
#define CLI_METADATA_HOST "100.100.100.200"
#define CLI_METADATA_PORT 80U
/* Test-only: "127.0.0.1:PORT" (a loopback host only) replaces the metadata host. */
#define CLI_METADATA_OVERRIDE_ENV "RMQDR_TEST_METADATA_ENDPOINT"

typedef enum {
    CLI_PROVIDER_ECS_RAM_ROLE,
    CLI_PROVIDER_CREDENTIALS_URI,
    CLI_PROVIDER_RAM_ROLE_ARN
} cli_provider_kind_t;

typedef struct cli_provider {
    cli_provider_kind_t kind;
    const char *name;          /* "EcsRamRole", "CredentialsURI", "RamRoleArn" */
    const char *origin;        /* where it was configured: "environment", "profile NAME" */
    /* where to ask */
    char host[256];
    uint16_t port;
    bool tls;
    char target[1024];         /* URI path and query */
    const char *ca_file;       /* --ca-file, for https credential URIs / STS */
    /* EcsRamRole */
    char role_name[128];       /* "" : discovered from the metadata service */
    bool imds_v1_allowed;      /* plain (token-less) mode when hardened fails */
    /* RamRoleArn: the source credentials (an AK, or another provider) */
    rmqdr_credentials_t source;
    struct cli_provider *source_provider;
    char role_arn[256];
    char session_name[64];
    char external_id[256];
    char policy[1024];
    int64_t duration_s;
    char sts_host[256];
    uint16_t sts_port;
    bool sts_tls;
    /* state */
    char error[240];           /* the last failure, never a value */
    rmqdr_credentials_t live;  /* what the client signs with */
    rmqdr_credentials_provider_t hook;
} cli_provider_t;

/* Sets hook (fetch, ctx, name). */
void cli_provider_init(cli_provider_t *p, cli_provider_kind_t kind, const char *origin);

/* A URL "http[s]://host[:port]/path": http only for a loopback host.
 * False with one line on stderr. */
bool cli_provider_set_uri(cli_provider_t *p, const char *what, const char *uri);

/* The metadata host, or the test override when set (loopback only). */
bool cli_provider_set_metadata_host(cli_provider_t *p);

/* Overwrites every secret held, then frees p and its source providers. */
void cli_provider_free(cli_provider_t *p);

/* Test-only: "localhost:PORT" (a loopback host only) replaces the STS endpoint (still TLS). */
#define CLI_STS_OVERRIDE_ENV "RMQDR_TEST_STS_ENDPOINT"

/* The STS endpoint: sts.<region>.aliyuncs.com, sts.aliyuncs.com without a
 * region, or the test override. False with one line on stderr. */
bool cli_provider_set_sts(cli_provider_t *p, const char *region);

#endif
