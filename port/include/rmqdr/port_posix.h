/**
 * @file port_posix.h
 * @brief POSIX port: a TCP transport over BSD sockets and the platform hooks.
 *
 * The TCP transport is the lowest layer of the stack on Linux hosts and
 * Linux boards: the TLS transport (tls_mbedtls.h) runs over it, and on its
 * own it is the plain-TCP transport used against a local emulator. It keeps
 * no global state and allocates nothing itself (getaddrinfo() allocates
 * inside libc and is freed before connect returns), so any number of
 * connections may exist side by side, each in a caller-owned
 * ::rmqdr_posix_socket_t.
 *
 * Every blocking step is bounded by poll() with the caller's timeout, and a
 * signal (EINTR) only makes the step wait for what is left of that timeout,
 * never restart it. Writes never raise SIGPIPE, because a library must not
 * kill a host process whose peer went away.
 */
#ifndef RMQDR_PORT_POSIX_H
#define RMQDR_PORT_POSIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/port.h"
#include "rmqdr/status.h"
#include "rmqdr/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief State of one TCP connection, owned by the caller.
 *
 * Set it up with ::rmqdr_posix_socket_init (or ::rmqdr_posix_transport_init)
 * before first use. The error fields are kept so that a caller holding only a
 * status such as RMQDR_ERR_CONNECT can still log the precise OS reason.
 */
typedef struct {
    /** Connected socket, or -1 when closed. */
    int fd;
    /**
     * errno of the last failed system call (0 when the last call succeeded).
     * For RMQDR_ERR_CONNECT it is the error of the last address tried.
     */
    int last_errno;
    /** getaddrinfo() code of the last RMQDR_ERR_DNS (0 otherwise); see gai_strerror(). */
    int last_gai_error;
} rmqdr_posix_socket_t;

/**
 * @brief Put @p sock in the closed state.
 *
 * Needed once before the first connect so that close() on a socket that was
 * never connected is harmless.
 * @param sock Caller-owned state; NULL is ignored. Must not hold an open
 *        connection (it would leak: close it first).
 */
void rmqdr_posix_socket_init(rmqdr_posix_socket_t *sock);

/**
 * @brief Initialise @p sock and fill @p transport with the TCP functions.
 *
 * The transport's ctx points at @p sock, so @p sock must outlive it.
 * @param[out] transport Receives connect, send, recv, close, last_error and
 *        ctx; NULL is ignored (then only @p sock is initialised).
 * @param sock Caller-owned connection state, put in the closed state.
 */
void rmqdr_posix_transport_init(rmqdr_transport_t *transport,
                                rmqdr_posix_socket_t *sock);

/**
 * @brief Connect to @p host : @p port (rmqdr_transport_t::connect).
 *
 * Every address getaddrinfo() returns (IPv6 and IPv4, in its order of
 * preference) is tried in turn until one accepts, because a dual-stack name
 * often resolves first to a family the host cannot reach. @p timeout_ms
 * bounds all connection attempts together, not each one, so a caller's
 * deadline holds however many addresses there are. Name resolution itself
 * cannot be bounded portably and is not counted.
 *
 * A connection already open in @p ctx is closed first.
 *
 * @param ctx        An ::rmqdr_posix_socket_t.
 * @param host       Host name or numeric address, without brackets.
 * @param port       TCP port, 1..65535.
 * @param timeout_ms Budget for all connection attempts; 0 only succeeds if a
 *                   connection completes at once.
 * @return RMQDR_OK; RMQDR_ERR_BAD_ARGUMENT; RMQDR_ERR_DNS when the name does
 *         not resolve (see last_gai_error); RMQDR_ERR_TIMEOUT when the budget
 *         ran out; RMQDR_ERR_CONNECT when every address refused or was
 *         unreachable (see last_errno); RMQDR_ERR_NETWORK when no socket could
 *         be made.
 */
rmqdr_status_t rmqdr_posix_connect(void *ctx, const char *host, uint16_t port,
                                   uint32_t timeout_ms);

/**
 * @brief Send up to @p len bytes (rmqdr_transport_t::send).
 *
 * Returns as soon as some bytes were accepted by the kernel; the caller loops
 * for the rest. A @p len of 0 succeeds with *sent == 0.
 * @param ctx        An ::rmqdr_posix_socket_t.
 * @param buf        Bytes to send (not kept after the call).
 * @param len        Bytes at @p buf.
 * @param[out] sent  Bytes the kernel accepted, 0..@p len.
 * @param timeout_ms Longest wait for the socket to become writable, in
 *                   milliseconds.
 * @return RMQDR_OK; RMQDR_ERR_TIMEOUT (nothing sent, connection still
 *         usable); RMQDR_ERR_RESET when the peer reset; RMQDR_ERR_CLOSED when
 *         the connection can no longer be written (EPIPE: the peer closed and
 *         the kernel already knows); RMQDR_ERR_NETWORK; RMQDR_ERR_BAD_ARGUMENT
 *         when not connected.
 */
rmqdr_status_t rmqdr_posix_send(void *ctx, const uint8_t *buf, size_t len,
                                size_t *sent, uint32_t timeout_ms);

/**
 * @brief Receive up to @p len bytes (rmqdr_transport_t::recv).
 *
 * @p len must be at least 1, since a 0-byte read could not tell "nothing"
 * from end of stream.
 * @param ctx           An ::rmqdr_posix_socket_t.
 * @param[out] buf      Receives the bytes.
 * @param len           Capacity of @p buf in bytes, at least 1.
 * @param[out] received Bytes stored at @p buf.
 * @param timeout_ms    Longest wait for data, in milliseconds.
 * @return RMQDR_OK with *received > 0; RMQDR_ERR_TIMEOUT (nothing arrived,
 *         connection still usable); RMQDR_ERR_CLOSED at end of stream;
 *         RMQDR_ERR_RESET when the peer reset; RMQDR_ERR_NETWORK;
 *         RMQDR_ERR_BAD_ARGUMENT when not connected or @p len is 0.
 */
rmqdr_status_t rmqdr_posix_recv(void *ctx, uint8_t *buf, size_t len,
                                size_t *received, uint32_t timeout_ms);

/**
 * @brief Close the socket (rmqdr_transport_t::close); harmless when closed.
 * @param ctx An ::rmqdr_posix_socket_t (fd becomes -1); NULL is ignored.
 */
void rmqdr_posix_close(void *ctx);

/**
 * @brief The last failure's errno (rmqdr_transport_t::last_error).
 * @param ctx            An ::rmqdr_posix_socket_t.
 * @param[out] os_error  errno of the last failed system call (last_errno,
 *                       e.g. ECONNREFUSED after RMQDR_ERR_CONNECT), 0 if the
 *                       last call succeeded. May be NULL.
 * @param[out] tls_error Always 0 (no TLS here). May be NULL.
 */
void rmqdr_posix_last_error(void *ctx, int32_t *os_error, int32_t *tls_error);

/**
 * @brief Fill @p platform with the POSIX hooks below; ctx is NULL.
 * @param[out] platform Receives now_ms, random, sleep_ms, monotonic_ms and
 *        ctx; NULL is ignored.
 */
void rmqdr_posix_platform_init(rmqdr_platform_t *platform);

/**
 * @brief Wall-clock time from CLOCK_REALTIME (rmqdr_platform_t::now_ms).
 *
 * Real time, not monotonic, because it stamps signed requests that the
 * service checks against its own clock (x-acs-date, ../shared/SIGNING.md).
 * @param ctx          Unused.
 * @param[out] unix_ms Milliseconds since 1970-01-01T00:00:00Z.
 * @return RMQDR_OK, or RMQDR_ERR_PORT_TIME when the clock fails or reads
 *         before 1970 (an unset board clock), or for a NULL @p unix_ms.
 */
rmqdr_status_t rmqdr_posix_now_ms(void *ctx, int64_t *unix_ms);

/**
 * @brief Kernel randomness (rmqdr_platform_t::random).
 *
 * getrandom(2) where the C library has it, /dev/urandom otherwise or when
 * the kernel lacks the call. Both block only until the kernel pool is first
 * seeded, which matters only right after boot on a board.
 * @param ctx      Unused.
 * @param[out] buf Receives @p len random bytes.
 * @param len      Bytes wanted (0 succeeds at once).
 * @return RMQDR_OK when all @p len bytes were filled; RMQDR_ERR_PORT_RANDOM
 *         when the source failed; RMQDR_ERR_BAD_ARGUMENT for NULL @p buf with
 *         @p len > 0.
 */
rmqdr_status_t rmqdr_posix_random(void *ctx, uint8_t *buf, size_t len);

/**
 * @brief Sleep at least @p ms milliseconds (rmqdr_platform_t::sleep_ms).
 *
 * A signal does not shorten the sleep: retry backoff must stay as long as
 * asked so a retry storm cannot follow a burst of signals.
 * @param ctx Unused.
 * @param ms  Milliseconds to sleep (0 returns at once).
 */
void rmqdr_posix_sleep_ms(void *ctx, uint32_t ms);

/**
 * @brief CLOCK_MONOTONIC in milliseconds (rmqdr_platform_t::monotonic_ms).
 * @param ctx Unused.
 * @return Milliseconds since an unspecified origin; never decreases. 0 if
 *         the clock cannot be read (then the client's timing falls back to
 *         counting from 0, which only shortens a deadline, never stretches it).
 */
int64_t rmqdr_posix_monotonic_ms(void *ctx);



#ifdef __cplusplus
}
#endif

#endif /* RMQDR_PORT_POSIX_H */
