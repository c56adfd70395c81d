/**
 * @file credentials.h
 * @brief Credentials that change while a client runs: a provider hook the
 *        client asks before signing, and the memory it answers into.
 *
 * A static AccessKey needs none of this: set rmqdr_config_t's strings.
 * Short-lived credentials (an STS token from an ECS RAM role, AssumeRole,
 * a credentials URI, or a board's own secure element) come from a
 * provider: one function that writes the current AccessKeyId,
 * AccessKeySecret, SecurityToken and Expiration into caller memory. The
 * client owns no other memory for them and allocates nothing.
 *
 * @par When the client asks (rules in client.h, "Credentials")
 * Before the first signing, whenever the credentials are within the
 * refresh margin of their Expiration, and once per call after the service
 * rejects the token as expired (API codes starting with
 * "InvalidSecurityToken."; Alibaba Cloud STS documentation, error codes
 * of the OpenAPI gateway).
 */
#ifndef RMQDR_CREDENTIALS_H
#define RMQDR_CREDENTIALS_H

#include <stdint.h>

#include "rmqdr/request.h"
#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Default refresh margin, ms: credentials are renewed this long before
 * their Expiration (3 minutes). For credentials that live less than three
 * margins the client uses a third of their lifetime instead, so a 90 s
 * token is renewed 30 s before it expires.
 */
#define RMQDR_CREDENTIALS_DEFAULT_MARGIN_MS 180000U

/**
 * After a failed refresh the client asks again no sooner than this, ms
 * (10 s), as long as the old credentials have not expired; a watcher
 * polling every second does not hammer a metadata service that is down.
 */
#define RMQDR_CREDENTIALS_RETRY_MS 10000U

/** One set of credentials, in caller memory (2.3 KB). */
typedef struct {
    char access_key_id[RMQDR_MAX_ACCESS_KEY_ID_LEN + 1U];         /**< AccessKeyId, NUL-terminated. */
    char access_key_secret[RMQDR_MAX_ACCESS_KEY_SECRET_LEN + 1U]; /**< AccessKeySecret; the HMAC key, never printed. */
    char security_token[RMQDR_MAX_SECURITY_TOKEN_LEN + 1U];       /**< SecurityToken, "" for a plain AccessKey. */
    int64_t expiration_ms; /**< Expiration as Unix ms (server time, UTC); 0: never expires. */
} rmqdr_credentials_t;

/**
 * @brief Writes fresh credentials into @p out.
 *
 * Must leave @p out unchanged when it fails (the client keeps signing with
 * the old credentials until they expire), must not block longer than
 * @p timeout_ms, and must never put a secret into a log or error text.
 * @param ctx        rmqdr_credentials_provider_t::ctx.
 * @param timeout_ms Time left for the whole fetch (min of the client's
 *                   timeout_ms and what is left of the call's deadline).
 * @param[out] out   The client's credentials memory.
 * @return RMQDR_OK, or any failure status (the client reports it once
 *         through RMQDR_EVENT_CREDENTIALS_FAILED).
 */
typedef rmqdr_status_t (*rmqdr_credentials_fetch_fn)(void *ctx, uint32_t timeout_ms,
                                                     rmqdr_credentials_t *out);

/** A source of credentials (an ECS RAM role, AssumeRole, a board's own...). */
typedef struct {
    rmqdr_credentials_fetch_fn fetch; /**< Required. */
    void *ctx;                        /**< Passed to fetch. */
    const char *name;                 /**< For logs: "EcsRamRole", "RamRoleArn"...; never a value. */
} rmqdr_credentials_provider_t;

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_CREDENTIALS_H */
