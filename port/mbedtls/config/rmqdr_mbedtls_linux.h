/**
 * @file rmqdr_mbedtls_linux.h
 * @brief The project's mbedTLS 3.6 configuration for the Linux targets
 *        (linux-host, linux-armhf, linux-aarch64).
 *
 * Read through -DMBEDTLS_USER_CONFIG_FILE after mbedTLS's default
 * mbedtls_config.h, both when tools/deps/mbedtls.mk builds the library and
 * when the project's code includes mbedTLS headers, so the two always agree.
 * It states what the TLS transport (port/mbedtls) relies on and drops what a
 * TLS client never uses. Bare-metal boards have their own, complete file
 * (boards/cortex-m4/include/rmqdr_mbedtls_config.h).
 *
 * Relied on (on in the default configuration; stated so a change there
 * cannot silently remove them):
 * - TLS 1.3 and TLS 1.2 client (RFC 8446, RFC 5246); 1.2 is the minimum the
 *   transport accepts;
 * - session tickets (RFC 5077 for 1.2, RFC 8446 section 4.6.1 for 1.3) and
 *   session IDs for resumption;
 * - server name indication (RFC 6066) and X.509 verification with DNS and
 *   IP-address subjectAltNames (RFC 5280 section 4.2.1.6);
 * - PSA crypto (TLS 1.3 runs on it; the transport calls psa_crypto_init()).
 */
#ifndef RMQDR_MBEDTLS_LINUX_H
#define RMQDR_MBEDTLS_LINUX_H

#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_FS_IO
#define MBEDTLS_ERROR_C

/* Never used: the transport refuses renegotiation (RFC 5746 attacks). */
#undef MBEDTLS_SSL_RENEGOTIATION

#endif /* RMQDR_MBEDTLS_LINUX_H */
