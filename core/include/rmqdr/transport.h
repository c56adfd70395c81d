/**
 * @file transport.h
 * @brief The byte-stream interface the client talks through.
 *
 * A transport is a struct of function pointers over a connection the
 * implementation owns (POSIX socket, lwIP socket, TLS over either, or a
 * scripted test double). Every call carries its own timeout.
 *
 * Convention for send and recv:
 * - RMQDR_OK with *done > 0: that many bytes moved (fewer than asked is fine);
 * - RMQDR_ERR_TIMEOUT with *done == 0: nothing moved within the timeout
 *   ("would block"); the connection is still usable;
 * - RMQDR_ERR_CLOSED: the peer closed in order (recv only: end of stream);
 * - any other status: the connection is broken and must be closed.
 */
#ifndef RMQDR_TRANSPORT_H
#define RMQDR_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A connection-oriented byte stream. */
typedef struct {
    /**
     * @brief Open a connection to @p host : @p port.
     * @param ctx  ::rmqdr_transport_t::ctx.
     * @param host Host name or numeric address, NUL-terminated (no brackets).
     * @param port TCP port, 1..65535.
     * @param timeout_ms Budget for the whole connect, in milliseconds.
     * @return RMQDR_OK, RMQDR_ERR_DNS, RMQDR_ERR_CONNECT, RMQDR_ERR_TIMEOUT,
     *         or a TLS status for TLS transports.
     */
    rmqdr_status_t (*connect)(void *ctx, const char *host, uint16_t port,
                              uint32_t timeout_ms);

    /**
     * @brief Send up to @p len bytes; see the file comment for results.
     * @param ctx        ::rmqdr_transport_t::ctx.
     * @param buf        Bytes to send (not kept after the call).
     * @param len        Bytes at @p buf.
     * @param[out] sent  Bytes accepted, 0..@p len.
     * @param timeout_ms Longest wait, in milliseconds.
     * @return See the file comment.
     */
    rmqdr_status_t (*send)(void *ctx, const uint8_t *buf, size_t len,
                           size_t *sent, uint32_t timeout_ms);

    /**
     * @brief Receive up to @p len bytes; see the file comment for results.
     * @param ctx           ::rmqdr_transport_t::ctx.
     * @param[out] buf      Receives the bytes.
     * @param len           Capacity of @p buf in bytes, at least 1.
     * @param[out] received Bytes stored at @p buf.
     * @param timeout_ms    Longest wait, in milliseconds.
     * @return See the file comment.
     */
    rmqdr_status_t (*recv)(void *ctx, uint8_t *buf, size_t len,
                           size_t *received, uint32_t timeout_ms);

    /**
     * @brief Close the connection; safe to call when not connected.
     * @param ctx ::rmqdr_transport_t::ctx.
     */
    void (*close)(void *ctx);

    /**
     * @brief Optional (may be NULL): the platform detail of the last
     *        failure, for diagnostics. Either output may be left at 0.
     * @param ctx            ::rmqdr_transport_t::ctx.
     * @param[out] os_error  errno (or lwIP errno) of the last socket failure, 0 if none.
     * @param[out] tls_error mbedTLS error code (negative) of the last TLS failure, 0 if none.
     */
    void (*last_error)(void *ctx, int32_t *os_error, int32_t *tls_error);

    /** Opaque pointer handed to every function. */
    void *ctx;
} rmqdr_transport_t;

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_TRANSPORT_H */
