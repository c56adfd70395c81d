/**
 * @file sts.h
 * @brief STS AssumeRole through the same request builder, signer and
 *        streaming decoder as the disaster-recovery operations.
 *
 * AssumeRole (Alibaba Cloud STS API 2015-04-01, RPC style: parameters in
 * the query, POST /, signed with ACS3-HMAC-SHA256; endpoint
 * sts.aliyuncs.com or sts.\<region\>.aliyuncs.com) turns an AccessKey, or
 * credentials from another provider, into short-lived credentials for a
 * RAM role. The request is ::rmqdr_op_sts_assume_role with the
 * RMQDR_PARAM_ROLE_* parameters of ::rmqdr_request_t; the answer
 * ({"RequestId", "AssumedRoleUser", "Credentials": {"AccessKeyId",
 * "AccessKeySecret", "SecurityToken", "Expiration"}}) is decoded by
 * rmqdr_json_* with the sink of rmqdr_json_sink_sts(): its one element is
 * the Credentials object; the gateway error shape (Code, Message,
 * RequestId, HostId, Recommend) fills the envelope as for any operation.
 * Not available in RMQDR_NO_DISCOVERY builds (the work area is sized for
 * checkpoints alone there), and compiled out entirely with RMQDR_NO_STS
 * (the bare-metal boards: their flash, RAM and stack figures in
 * docs/PERFORMANCE.md are without it).
 */
#ifndef RMQDR_STS_H
#define RMQDR_STS_H

#include <stdint.h>

#include "rmqdr/calendar.h"
#include "rmqdr/request.h"

#ifdef __cplusplus
extern "C" {
#endif

/** x-acs-version of STS. */
#define RMQDR_STS_API_VERSION "2015-04-01"

/**
 * Bytes kept of an AssumeRole SecurityToken, NUL included. Real tokens are
 * about 1 KB; a longer one is flagged in rmqdr_sts_credentials_t::truncated
 * and must be refused. Sized so that the Credentials element fits the
 * decoder's element buffer (checked at compile time).
 */
#define RMQDR_STS_TOKEN_SIZE 1536U

/**
 * Bytes that always hold an AssumeRole request within the parameter
 * limits (every byte of RoleArn, RoleSessionName, Policy and ExternalId
 * percent-encoded, a maximal source STS token); a unit test builds it.
 */
#define RMQDR_STS_REQUEST_MAX_SIZE 8704U

/** @name Bits of rmqdr_sts_credentials_t::present and ::truncated */
/** @{ */
#define RMQDR_STS_ACCESS_KEY_ID     (1U << 0) /**< AccessKeyId. */
#define RMQDR_STS_ACCESS_KEY_SECRET (1U << 1) /**< AccessKeySecret. */
#define RMQDR_STS_SECURITY_TOKEN    (1U << 2) /**< SecurityToken. */
#define RMQDR_STS_EXPIRATION        (1U << 3) /**< Expiration. */
/** Every field a usable answer has. */
#define RMQDR_STS_ALL (RMQDR_STS_ACCESS_KEY_ID | RMQDR_STS_ACCESS_KEY_SECRET | RMQDR_STS_SECURITY_TOKEN | \
                       RMQDR_STS_EXPIRATION)
/** @} */

/** The Credentials object of an AssumeRole answer. */
typedef struct {
    uint32_t present;   /**< RMQDR_STS_* bits of fields present and not null. */
    uint32_t truncated; /**< RMQDR_STS_* bits of fields cut to fit (refuse those). */
    char access_key_id[RMQDR_MAX_ACCESS_KEY_ID_LEN + 1U];         /**< AccessKeyId ("STS.…"). */
    char access_key_secret[RMQDR_MAX_ACCESS_KEY_SECRET_LEN + 1U]; /**< AccessKeySecret; never printed. */
    char security_token[RMQDR_STS_TOKEN_SIZE];                    /**< SecurityToken; never printed. */
    char expiration[RMQDR_DATE_SIZE];                             /**< "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
} rmqdr_sts_credentials_t;

/** The decoder's table of the Credentials object: one line per field. */
#define RMQDR_STS_CREDENTIALS_FIELDS(X)                                                                          \
    X(access_key_id,     "AccessKeyId",     TEXT, RMQDR_MAX_ACCESS_KEY_ID_LEN + 1U,     RMQDR_STS_ACCESS_KEY_ID,     NONE) \
    X(access_key_secret, "AccessKeySecret", TEXT, RMQDR_MAX_ACCESS_KEY_SECRET_LEN + 1U, RMQDR_STS_ACCESS_KEY_SECRET, NONE) \
    X(security_token,    "SecurityToken",   TEXT, RMQDR_STS_TOKEN_SIZE,                 RMQDR_STS_SECURITY_TOKEN,    NONE) \
    X(expiration,        "Expiration",      TEXT, RMQDR_DATE_SIZE,                      RMQDR_STS_EXPIRATION,        NONE)

/** AssumeRole: POST / (RPC style); RoleArn and RoleSessionName required;
 *  DurationSeconds, Policy, ExternalId optional. */
extern const rmqdr_operation_t rmqdr_op_sts_assume_role;

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_STS_H */
