/*
 * Error classification of the TLS transport (see tls_errors.h).
 *
 * mbedTLS error codes are negative ints made of a high-level part (module
 * code, bits 7..14) and a low-level part (bits 0..6) that may be added to it
 * (mbedtls/error.h). The tables below list the documented SSL codes by what
 * they mean for a caller; each entry is compiled only when the running
 * version defines the code (2.28 and 3.6 differ: 3.x merged the
 * BAD_HS_* family into DECODE_ERROR, HANDSHAKE_FAILURE...), so a code is
 * never named that the version lacks.
 */
#include "tls_errors.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509.h>
#include <mbedtls/x509_crt.h>

/* Our own state or resources, not the peer's behaviour. */
static const int own_codes[] = {
    MBEDTLS_ERR_SSL_ALLOC_FAILED,
    MBEDTLS_ERR_SSL_BAD_INPUT_DATA,
    MBEDTLS_ERR_SSL_INTERNAL_ERROR,
    MBEDTLS_ERR_SSL_BAD_CONFIG,
    MBEDTLS_ERR_SSL_BUFFER_TOO_SMALL,
    MBEDTLS_ERR_SSL_CA_CHAIN_REQUIRED,
    MBEDTLS_ERR_SSL_PRIVATE_KEY_REQUIRED,
    MBEDTLS_ERR_SSL_NO_RNG,
#if defined(MBEDTLS_ERR_SSL_HW_ACCEL_FAILED)
    MBEDTLS_ERR_SSL_HW_ACCEL_FAILED,
#endif
#if defined(MBEDTLS_ERR_SSL_CERTIFICATE_VERIFICATION_WITHOUT_HOSTNAME)
    MBEDTLS_ERR_SSL_CERTIFICATE_VERIFICATION_WITHOUT_HOSTNAME,
#endif
};

/* What the peer sent, or failed to send, during negotiation. */
static const int peer_codes[] = {
    MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE,
    MBEDTLS_ERR_SSL_INVALID_MAC,
    MBEDTLS_ERR_SSL_INVALID_RECORD,
    MBEDTLS_ERR_SSL_CONN_EOF,
    MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE,
    MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE,
    MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE,
    MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY,
    MBEDTLS_ERR_SSL_SESSION_TICKET_EXPIRED,
    MBEDTLS_ERR_SSL_PK_TYPE_MISMATCH,
    MBEDTLS_ERR_SSL_UNKNOWN_IDENTITY,
    MBEDTLS_ERR_SSL_WAITING_SERVER_HELLO_RENEGO,
    MBEDTLS_ERR_SSL_UNEXPECTED_RECORD,
    MBEDTLS_ERR_SSL_NON_FATAL,
    MBEDTLS_ERR_SSL_UNEXPECTED_CID,
    MBEDTLS_ERR_SSL_VERSION_MISMATCH,
#if defined(MBEDTLS_ERR_SSL_DECODE_ERROR) /* 3.x */
    MBEDTLS_ERR_SSL_DECODE_ERROR,
    MBEDTLS_ERR_SSL_UNSUPPORTED_EXTENSION,
    MBEDTLS_ERR_SSL_NO_APPLICATION_PROTOCOL,
    MBEDTLS_ERR_SSL_UNRECOGNIZED_NAME,
    MBEDTLS_ERR_SSL_BAD_CERTIFICATE,
    MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION,
    MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE,
    MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER,
#endif
#if defined(MBEDTLS_ERR_SSL_BAD_HS_CLIENT_HELLO) /* 2.x */
    MBEDTLS_ERR_SSL_UNKNOWN_CIPHER,
    MBEDTLS_ERR_SSL_NO_CIPHER_CHOSEN,
    MBEDTLS_ERR_SSL_CERTIFICATE_TOO_LARGE,
    MBEDTLS_ERR_SSL_CERTIFICATE_REQUIRED,
    MBEDTLS_ERR_SSL_PEER_VERIFY_FAILED,
    MBEDTLS_ERR_SSL_BAD_HS_CLIENT_HELLO,
    MBEDTLS_ERR_SSL_BAD_HS_SERVER_HELLO,
    MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE,
    MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE_REQUEST,
    MBEDTLS_ERR_SSL_BAD_HS_SERVER_KEY_EXCHANGE,
    MBEDTLS_ERR_SSL_BAD_HS_SERVER_HELLO_DONE,
    MBEDTLS_ERR_SSL_BAD_HS_CLIENT_KEY_EXCHANGE,
    MBEDTLS_ERR_SSL_BAD_HS_CLIENT_KEY_EXCHANGE_RP,
    MBEDTLS_ERR_SSL_BAD_HS_CLIENT_KEY_EXCHANGE_CS,
    MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE_VERIFY,
    MBEDTLS_ERR_SSL_BAD_HS_CHANGE_CIPHER_SPEC,
    MBEDTLS_ERR_SSL_BAD_HS_FINISHED,
    MBEDTLS_ERR_SSL_COMPRESSION_FAILED,
    MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION,
    MBEDTLS_ERR_SSL_BAD_HS_NEW_SESSION_TICKET,
    MBEDTLS_ERR_SSL_NO_USABLE_CIPHERSUITE,
    MBEDTLS_ERR_SSL_INVALID_VERIFY_HASH,
#endif
};

static bool in_list(const int *list, size_t n, int code)
{
    for (size_t i = 0; i < n; i++) {
        if (list[i] == code) {
            return true;
        }
    }
    return false;
}

/* The high-level (module) part of a code, as a positive number. */
static int high_part(int ret)
{
    return (-ret) & 0x7F80;
}

static bool is_x509_error(int ret)
{
    int high = high_part(ret);
    return (high >= 0x2080 && high <= 0x2980) || high == 0x3000;
}

rmqdr_status_t rmqdr_tls_handshake_status(int ret)
{
    if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        return RMQDR_ERR_TLS_VERIFY;
    }
    if (is_x509_error(ret)) {
        /* The server's certificate could not even be parsed. */
        return high_part(ret) == -MBEDTLS_ERR_X509_ALLOC_FAILED ? RMQDR_ERR_TLS
                                                                : RMQDR_ERR_TLS_VERIFY;
    }
    if (in_list(own_codes, sizeof own_codes / sizeof own_codes[0], ret)) {
        return RMQDR_ERR_TLS;
    }
    if (in_list(peer_codes, sizeof peer_codes / sizeof peer_codes[0], ret)) {
        return RMQDR_ERR_TLS_HANDSHAKE;
    }
    return RMQDR_ERR_TLS;
}

rmqdr_status_t rmqdr_tls_io_status(int ret)
{
    if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == MBEDTLS_ERR_SSL_CONN_EOF) {
        return RMQDR_ERR_CLOSED;
    }
    return RMQDR_ERR_TLS;
}

/* Append to buf (size > 0), truncating; *pos never passes size - 1. */
static void append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
{
    if (*pos + 1U >= size) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(&buf[*pos], size - *pos, fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf[*pos] = '\0';
        return;
    }
    size_t room = size - *pos - 1U;
    *pos += (size_t)n < room ? (size_t)n : room;
}

/* mbedTLS's findings come one per line; joined with ", " to keep one line. */
static void append_verify(char *buf, size_t size, size_t *pos, uint32_t flags)
{
    char info[512];
    int n = mbedtls_x509_crt_verify_info(info, sizeof info, "", flags);
    if (n <= 0) {
        return;
    }
    size_t len = strlen(info);
    while (len > 0U && info[len - 1U] == '\n') {
        info[--len] = '\0';
    }
    append(buf, size, pos, "%scertificate: ", *pos > 0U ? "; " : "");
    for (size_t i = 0; i < len; i++) {
        if (info[i] == '\n') {
            append(buf, size, pos, ", ");
        } else {
            append(buf, size, pos, "%c", info[i]);
        }
    }
}

size_t rmqdr_tls_describe(int last_error, uint32_t verify_flags, rmqdr_status_t lower_status,
                          char *buf, size_t size)
{
    if (buf == NULL || size == 0U) {
        return 0;
    }
    size_t pos = 0;
    buf[0] = '\0';
    if (last_error != 0) {
        unsigned code = (unsigned)(-(long)last_error);
#if defined(MBEDTLS_ERROR_C)
        char text[160];
        mbedtls_strerror(last_error, text, sizeof text);
        append(buf, size, &pos, "%s (-0x%04X)", text, code);
#else
        append(buf, size, &pos, "mbedTLS error -0x%04X", code);
#endif
    }
    if (verify_flags != 0U) {
        append_verify(buf, size, &pos, verify_flags);
    }
    if (lower_status != RMQDR_OK) {
        append(buf, size, &pos, "%stransport: %s", pos > 0U ? "; " : "",
               rmqdr_status_name(lower_status));
    }
    if (pos == 0U) {
        append(buf, size, &pos, "no error");
    }
    return pos;
}
