/*
 * The one place where the TLS transport depends on the mbedTLS version
 * (MBEDTLS_VERSION_NUMBER): 2.28 LTS (Debian 12's libmbedtls-dev) and 3.6 LTS
 * (Debian 13's source package, the default build). Only public API is used
 * on both sides; 3.x made struct members private and nothing here reaches
 * into them. Internal to port/mbedtls.
 */
#ifndef RMQDR_TLS_COMPAT_H
#define RMQDR_TLS_COMPAT_H

#include <stdbool.h>

#include <mbedtls/ssl.h>
#include <mbedtls/version.h>

#if MBEDTLS_VERSION_NUMBER >= 0x03060000
#include <psa/crypto.h>
#define RMQDR_TLS_MBEDTLS3 1
#elif MBEDTLS_VERSION_NUMBER >= 0x021C0000 && MBEDTLS_VERSION_NUMBER < 0x03000000
#define RMQDR_TLS_MBEDTLS3 0
#else
#error "rmqdr supports mbedTLS 2.28 LTS and 3.6 LTS"
#endif

/* mbedTLS 3.x renamed the entry of mbedtls/config.h; the code only needs
 * feature macros, which both versions define through ssl.h. */

/* TLS 1.2 is the minimum; the maximum is the newest the build has (1.3
 * with 3.6's default and board configurations, 1.2 with 2.28). */
static inline void rmqdr_tls_compat_versions(mbedtls_ssl_config *conf)
{
#if RMQDR_TLS_MBEDTLS3
    mbedtls_ssl_conf_min_tls_version(conf, MBEDTLS_SSL_VERSION_TLS1_2);
#else
    mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
#endif
}

#if RMQDR_TLS_MBEDTLS3 && defined(MBEDTLS_SSL_PROTO_TLS1_3) && defined(MBEDTLS_SSL_PROTO_TLS1_2)
/* signature_algorithms in the client's order of preference (RFC 8446
 * 4.2.3, RFC 5246 7.4.1.4.1). A 3.6 client offering TLS 1.3 lists
 * rsa_pss_rsae_* (1.3 needs them for RSA certificates), but its TLS 1.2
 * code cannot verify a ServerKeyExchange signed with them and fails with
 * ILLEGAL_PARAMETER; OpenSSL, picking in the client's order, would pick
 * them for an RSA key. Listing PKCS#1 v1.5 before PSS lets a 1.2 server
 * choose PKCS#1 v1.5, while a 1.3 server must skip it for CertificateVerify
 * (RFC 8446 4.4.3) and takes PSS. Entries the build lacks are left out by
 * mbedTLS when it writes the extension. */
static const uint16_t rmqdr_tls_sig_algs[] = {
    MBEDTLS_TLS1_3_SIG_ECDSA_SECP256R1_SHA256,
    MBEDTLS_TLS1_3_SIG_ECDSA_SECP384R1_SHA384,
    MBEDTLS_TLS1_3_SIG_ECDSA_SECP521R1_SHA512,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA256,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA384,
    MBEDTLS_TLS1_3_SIG_RSA_PKCS1_SHA512,
    MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA256,
    MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA384,
    MBEDTLS_TLS1_3_SIG_RSA_PSS_RSAE_SHA512,
    MBEDTLS_TLS1_3_SIG_NONE,
};
#endif

static inline void rmqdr_tls_compat_sig_algs(mbedtls_ssl_config *conf)
{
#if RMQDR_TLS_MBEDTLS3 && defined(MBEDTLS_SSL_PROTO_TLS1_3) && defined(MBEDTLS_SSL_PROTO_TLS1_2)
    mbedtls_ssl_conf_sig_algs(conf, rmqdr_tls_sig_algs);
#else
    (void)conf;
#endif
}

/* Session resumption: tickets (TLS 1.2 RFC 5077, TLS 1.3 RFC 8446 4.6.1)
 * and, for 1.2, session IDs. A 3.6 TLS 1.3 client ignores NewSessionTicket
 * unless asked to report it (since 3.6.1); the transport then saves the
 * session again when mbedtls_ssl_read() reports one. */
static inline void rmqdr_tls_compat_tickets(mbedtls_ssl_config *conf)
{
#if defined(MBEDTLS_SSL_SESSION_TICKETS)
    mbedtls_ssl_conf_session_tickets(conf, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
#if RMQDR_TLS_MBEDTLS3 && defined(MBEDTLS_SSL_PROTO_TLS1_3) && \
    defined(MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED)
    mbedtls_ssl_conf_tls13_enable_signal_new_session_tickets(
        conf, MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED);
#endif
#else
    (void)conf;
#endif
}

/* mbedtls_ssl_read()/handshake code meaning "a TLS 1.3 ticket arrived, save
 * the session again" (not an error), or 0 when the version has none. */
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
#define RMQDR_TLS_NEW_TICKET MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET
#else
#define RMQDR_TLS_NEW_TICKET 0
#endif

/* 3.6 runs TLS 1.3 (and, with MBEDTLS_USE_PSA_CRYPTO, more) on PSA crypto,
 * which must be initialised before the first handshake; repeated calls are
 * cheap no-ops. Returns 0 or a negative error code. */
static inline int rmqdr_tls_compat_crypto_init(void)
{
#if RMQDR_TLS_MBEDTLS3 && defined(MBEDTLS_PSA_CRYPTO_C)
    psa_status_t st = psa_crypto_init();
    return st == PSA_SUCCESS ? 0 : (int)st; /* PSA codes are negative */
#else
    return 0;
#endif
}

/* Whether the handshake just completed negotiated TLS 1.3. */
static inline bool rmqdr_tls_compat_is_tls13(const mbedtls_ssl_context *ssl)
{
#if RMQDR_TLS_MBEDTLS3 && defined(MBEDTLS_SSL_PROTO_TLS1_3)
    return mbedtls_ssl_get_version_number(ssl) == MBEDTLS_SSL_VERSION_TLS1_3;
#else
    (void)ssl;
    return false;
#endif
}

/* Human name of the negotiated protocol ("TLSv1.3"), for --verbose. */
static inline const char *rmqdr_tls_compat_version_name(const mbedtls_ssl_context *ssl)
{
    return mbedtls_ssl_get_version(ssl);
}

#endif /* RMQDR_TLS_COMPAT_H */
