/*
 * mbedTLS error codes to rmqdr statuses, and the one-line reason text of a
 * failed TLS operation (port/mbedtls/tls_errors.c). Internal to port/mbedtls;
 * the public entry points are rmqdr_tls_error_reason() and the statuses
 * documented in rmqdr/tls_mbedtls.h. Works with mbedTLS 2.28 and 3.6.
 */
#ifndef RMQDR_TLS_ERRORS_H
#define RMQDR_TLS_ERRORS_H

#include <stddef.h>
#include <stdint.h>

#include "rmqdr/status.h"

/*
 * Status of a failed handshake from its mbedTLS code @p ret alone (the
 * caller has already passed on a lower transport failure):
 * RMQDR_ERR_TLS_VERIFY for the server's certificate (verification failed or
 * unparsable), RMQDR_ERR_TLS_HANDSHAKE for what the peer sent or failed to
 * send during negotiation, RMQDR_ERR_TLS for our own state or resources and
 * anything unknown.
 */
rmqdr_status_t rmqdr_tls_handshake_status(int ret);

/* Status of a failed read or write on an established connection. */
rmqdr_status_t rmqdr_tls_io_status(int ret);

/*
 * Write "<mbedTLS text> (-0xNNNN); certificate: <findings>; transport:
 * <status>" into @p buf (size > 0), leaving out the empty parts, or "no
 * error". NUL-terminated, truncated to fit. Returns the length written.
 */
size_t rmqdr_tls_describe(int last_error, uint32_t verify_flags, rmqdr_status_t lower_status,
                          char *buf, size_t size);

#endif /* RMQDR_TLS_ERRORS_H */
