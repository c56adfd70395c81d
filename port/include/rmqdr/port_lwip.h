/**
 * @file port_lwip.h
 * @brief ::rmqdr_transport_t over lwIP sockets (the `lwip_*` calls).
 *
 * The same byte stream as the POSIX port, for boards that run lwIP with an
 * RTOS (NO_SYS=0, LWIP_SOCKET=1). TLS (port/mbedtls) layers over it exactly
 * as it does over the POSIX port.
 *
 * What the lwIP build must provide:
 * - `NO_SYS 0` and `LWIP_SOCKET 1`; `LWIP_TCP 1`;
 * - `LWIP_SOCKET_POLL 1` (lwip_poll) or `LWIP_SOCKET_SELECT 1` (lwip_select):
 *   every timeout is a wait on one of them, because lwIP's own
 *   SO_RCVTIMEO/SO_SNDTIMEO do not bound a connect;
 * - `LWIP_DNS 1` only if host names are to be resolved: without it only
 *   numeric addresses are accepted and a name gives RMQDR_ERR_DNS.
 *
 * What the application must do first:
 * - start the stack (tcpip_init) and bring a netif up;
 * - with `LWIP_NETCONN_SEM_PER_THREAD 1`, call lwip_socket_thread_init() in
 *   every thread that uses this transport (lwIP needs a per-thread
 *   semaphore; the port cannot know the threads).
 *
 * Limits worth knowing:
 * - name resolution (LWIP_DNS) blocks for lwIP's own DNS retry schedule;
 *   the connect timeout bounds only the TCP handshake;
 * - the socket is left non-blocking: every send and recv waits in
 *   lwip_poll/lwip_select, so one call never blocks past its timeout;
 * - one connection is used by one thread at a time (lwIP sockets are not
 *   safe for concurrent close);
 * - a timeout of 0 makes send/recv/connect report only what is possible at
 *   once (RMQDR_ERR_TIMEOUT otherwise), without waiting.
 *
 * No memory is allocated by the port: the state is the caller's
 * ::rmqdr_lwip_socket_t. lwIP itself allocates its pcbs and pbufs from its
 * own pools (or heap, as the lwIP build chooses).
 */
#ifndef RMQDR_PORT_LWIP_H
#define RMQDR_PORT_LWIP_H

#include <stddef.h>
#include <stdint.h>

#include "rmqdr/status.h"
#include "rmqdr/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief State of one lwIP connection, owned by the caller (static, stack or
 *        inside a larger struct).
 *
 * Set it up with ::rmqdr_lwip_socket_init (or ::rmqdr_lwip_transport_init)
 * before first use. Members are public so the caller can own the storage,
 * read @c last_errno for logs and set @c connect_address.
 */
typedef struct {
    /** lwIP socket descriptor, or -1 when closed. */
    int fd;
    /**
     * errno of the last lwIP call that failed (0 after a call that
     * succeeded): the rmqdr status says what kind of failure it was, this
     * keeps lwIP's detail for a log line. For RMQDR_ERR_CONNECT it is the
     * connect error (lwIP reports a refused SYN as ECONNRESET).
     */
    int last_errno;
    /**
     * When not NULL, connect goes to this host instead of its @p host
     * argument; NULL (the default) connects to @p host.
     *
     * Why: the TLS transport hands its host string down unchanged, because
     * it needs the name for SNI and certificate verification. An lwIP build
     * without LWIP_DNS cannot resolve that name, so such a board sets the
     * endpoint's numeric address here and keeps the name for TLS. Also
     * usable to pin an address. Same syntax as @p host (numeric, or a name
     * when the build has LWIP_DNS). Kept across connects; cleared by init;
     * the string must stay valid while connects happen.
     */
    const char *connect_address;
} rmqdr_lwip_socket_t;

/**
 * @brief Put @p sock in the closed state (and clear connect_address).
 *
 * Needed once before the first connect so that close() on a socket that was
 * never connected is harmless. No lwIP call is made, so this may run before
 * the stack is up. Does nothing when @p sock is NULL.
 * @param sock Caller-owned state; must not hold an open connection (it
 *        would leak: close it first).
 */
void rmqdr_lwip_socket_init(rmqdr_lwip_socket_t *sock);

/**
 * @brief Initialise @p sock and fill @p transport with the lwIP functions.
 *
 * The transport's ctx points at @p sock, so @p sock must outlive it. Does
 * nothing when either pointer is NULL.
 * @param[out] transport Receives connect, send, recv, close, last_error and
 *        ctx.
 * @param sock Caller-owned connection state, put in the closed state.
 */
void rmqdr_lwip_transport_init(rmqdr_transport_t *transport,
                               rmqdr_lwip_socket_t *sock);

/**
 * @brief Connect to @p host : @p port (the transport's @c connect).
 *
 * A connection still open in @p ctx is closed first, so a retry can reuse
 * the same state. The host (@p host, or connect_address when set) is tried
 * as a numeric IPv4 (or IPv6 when the lwIP build has it) address first, so
 * an address never needs DNS; otherwise it is resolved with lwIP's DNS when
 * the build has LWIP_DNS.
 * @param ctx        An ::rmqdr_lwip_socket_t.
 * @param host       Numeric address or host name, NUL-terminated (required
 *                   even when connect_address is set, as TLS passes it).
 * @param port       TCP port, 1..65535.
 * @param timeout_ms Bound on the TCP handshake (0: only an immediate result).
 * @return RMQDR_OK; RMQDR_ERR_DNS when @p host is neither numeric nor
 *         resolvable; RMQDR_ERR_CONNECT when the peer refused or was
 *         unreachable; RMQDR_ERR_TIMEOUT when the handshake did not finish in
 *         time; RMQDR_ERR_NETWORK when no socket could be had;
 *         RMQDR_ERR_BAD_ARGUMENT for NULL/empty @p host, port 0 or NULL @p ctx.
 */
rmqdr_status_t rmqdr_lwip_connect(void *ctx, const char *host, uint16_t port,
                                  uint32_t timeout_ms);

/**
 * @brief Send up to @p len bytes (the transport's @c send).
 *
 * Returns as soon as lwIP accepted some bytes; the caller loops for the
 * rest. A @p len of 0 succeeds with *sent == 0 (as in the POSIX port).
 * @param ctx        An ::rmqdr_lwip_socket_t.
 * @param buf        Bytes to send (not kept after the call).
 * @param len        Bytes at @p buf.
 * @param[out] sent  Bytes accepted by lwIP (0 unless RMQDR_OK).
 * @param timeout_ms Longest wait for send buffer space, in milliseconds.
 * @return RMQDR_OK; RMQDR_ERR_TIMEOUT with @p *sent == 0 when no buffer
 *         space freed within @p timeout_ms (still usable); RMQDR_ERR_RESET
 *         when the peer reset; RMQDR_ERR_NETWORK for any other failure;
 *         RMQDR_ERR_BAD_ARGUMENT when not connected or for NULL pointers.
 */
rmqdr_status_t rmqdr_lwip_send(void *ctx, const uint8_t *buf, size_t len,
                               size_t *sent, uint32_t timeout_ms);

/**
 * @brief Receive up to @p len bytes (the transport's @c recv).
 *
 * @p len must be at least 1, since a 0-byte read could not tell "nothing"
 * from end of stream.
 * @param ctx           An ::rmqdr_lwip_socket_t.
 * @param[out] buf      Receives the bytes.
 * @param len           Capacity of @p buf in bytes, at least 1.
 * @param[out] received Bytes stored in @p buf (0 unless RMQDR_OK).
 * @param timeout_ms    Longest wait for data, in milliseconds.
 * @return RMQDR_OK with @p *received > 0; RMQDR_ERR_TIMEOUT with
 *         @p *received == 0 when nothing arrived within @p timeout_ms (still
 *         usable); RMQDR_ERR_CLOSED at the end of the stream (the peer's FIN);
 *         RMQDR_ERR_RESET when the peer reset; RMQDR_ERR_NETWORK for any other
 *         failure; RMQDR_ERR_BAD_ARGUMENT when not connected or for NULL
 *         pointers or @p len == 0.
 */
rmqdr_status_t rmqdr_lwip_recv(void *ctx, uint8_t *buf, size_t len,
                               size_t *received, uint32_t timeout_ms);

/**
 * @brief Close the connection (the transport's @c close). Safe on a closed
 *        or never-connected state and with NULL.
 *
 * lwIP finishes the close in the background (FIN, or RST when received
 * data was left unread); close does not wait for the peer.
 * @param ctx An ::rmqdr_lwip_socket_t (fd becomes -1), or NULL.
 */
void rmqdr_lwip_close(void *ctx);

/**
 * @brief The last failure's errno (the transport's @c last_error).
 * @param ctx            An ::rmqdr_lwip_socket_t.
 * @param[out] os_error  lwIP errno of the last failed call (@c last_errno),
 *                       e.g. ECONNRESET for a refused SYN; 0 if the last
 *                       call succeeded. May be NULL.
 * @param[out] tls_error Always 0. May be NULL.
 */
void rmqdr_lwip_last_error(void *ctx, int32_t *os_error, int32_t *tls_error);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_PORT_LWIP_H */
