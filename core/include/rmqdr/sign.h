/**
 * @file sign.h
 * @brief ACS3-HMAC-SHA256 (Alibaba Cloud OpenAPI V3 signature) over mbedTLS.
 *
 * The signer is generic over method, path, query and headers so it can be
 * checked against the published vectors; request.h drives it for
 * ListDisasterRecoveryCheckpoints. The canonical request is hashed as it is
 * produced and never held in memory.
 *
 * Source: ../shared/SIGNING.md (canonical request, string to sign,
 * Authorization header); percent-encoding is RFC 3986 section 2.1 with the
 * unreserved set of section 2.3 left as is.
 */
#ifndef RMQDR_SIGN_H
#define RMQDR_SIGN_H

#include <stddef.h>

#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Algorithm name, first token of the Authorization header. */
#define RMQDR_SIGN_ALGORITHM "ACS3-HMAC-SHA256"

/** Lower-hex SHA-256 of an empty body (x-acs-content-sha256 of a GET). */
#define RMQDR_EMPTY_BODY_SHA256 \
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/** Length of a lower-hex SHA-256 digest, without NUL. */
#define RMQDR_SHA256_HEX_LEN 64U

/** Bytes for a hex digest with its NUL. */
#define RMQDR_SHA256_HEX_SIZE (RMQDR_SHA256_HEX_LEN + 1U)

/** Bytes for "ACS3-HMAC-SHA256\n" + hex digest + NUL. */
#define RMQDR_STRING_TO_SIGN_SIZE (sizeof(RMQDR_SIGN_ALGORITHM) + RMQDR_SHA256_HEX_SIZE)

/** One header that takes part in the signature. */
typedef struct {
    const char *name;  /**< Lower-case name, e.g. "x-acs-date". */
    const char *value; /**< Value as sent; the signer trims blanks at both ends. */
} rmqdr_sign_header_t;

/** The pieces of a canonical request, already encoded as sent. */
typedef struct {
    const char *method;                 /**< "GET", "POST", ... (NUL-terminated). */
    const char *uri;                    /**< Encoded path as sent, e.g. "/a/b%2Fc". */
    size_t uri_len;                     /**< Bytes of @c uri (no NUL needed). */
    const char *query;                  /**< Canonical query "a=1&b=2" (sorted, encoded); may be empty. */
    size_t query_len;                   /**< Bytes of @c query. */
    const rmqdr_sign_header_t *headers; /**< Signed headers, names strictly ascending. */
    size_t header_count;                /**< Entries in @c headers (at least 1). */
    const char *payload_sha256_hex;     /**< Lower-hex SHA-256 of the body. */
} rmqdr_canonical_request_t;

/**
 * @brief Compute "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical request)).
 *
 * Duplicate header names are not supported: names must be lower-case and
 * strictly ascending, otherwise RMQDR_ERR_BAD_ARGUMENT.
 *
 * @param canonical The request pieces.
 * @param[out] out  Receives the NUL-terminated string to sign.
 * @param out_size  Bytes at @p out; at least RMQDR_STRING_TO_SIGN_SIZE.
 * @return RMQDR_OK, RMQDR_ERR_BAD_ARGUMENT, RMQDR_ERR_BUFFER_TOO_SMALL or
 *         RMQDR_ERR_CRYPTO.
 */
rmqdr_status_t rmqdr_sign_string_to_sign(const rmqdr_canonical_request_t *canonical,
                                         char *out, size_t out_size);

/**
 * @brief Signature = lower-hex HMAC-SHA256(secret, string to sign).
 *
 * The HMAC context is wiped before returning.
 *
 * @param secret         AccessKey secret bytes.
 * @param secret_len     Bytes of @p secret (at least 1).
 * @param string_to_sign NUL-terminated output of rmqdr_sign_string_to_sign().
 * @param[out] out       Receives 64 hex digits and a NUL.
 * @param out_size       Bytes at @p out; at least RMQDR_SHA256_HEX_SIZE.
 * @return RMQDR_OK, RMQDR_ERR_BAD_ARGUMENT, RMQDR_ERR_BUFFER_TOO_SMALL or
 *         RMQDR_ERR_CRYPTO.
 */
rmqdr_status_t rmqdr_sign_signature(const char *secret, size_t secret_len,
                                    const char *string_to_sign,
                                    char *out, size_t out_size);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_SIGN_H */
