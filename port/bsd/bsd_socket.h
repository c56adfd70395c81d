/*
 * The one BSD-socket TCP transport of rmqdr, shared by the POSIX port
 * (port/posix/posix_socket.c: socket(), poll()...) and the lwIP port
 * (port/lwip/lwip_socket.c: lwip_socket(), lwip_poll()...).
 *
 * Internal to port/: not a public header. A port includes it once, after
 * defining its shim types and macros (the three shim functions may follow
 * the include), in the way lwIP's core code includes a port's arch/cc.h
 * (each port owns its public header and its state type; the algorithm
 * lives here once):
 *
 *   typedef <port state>  bsd_socket_t;   has members  int fd, last_errno
 *   BSD_SOCKET(family, type, protocol)    socket()
 *   BSD_CONNECT(fd, addr, len)            connect()
 *   BSD_SEND(fd, buf, len)                send() that never blocks or raises SIGPIPE
 *   BSD_RECV(fd, buf, len)                recv() that never blocks
 *   BSD_CLOSE(fd)                         close()
 *   BSD_GETSOCKOPT(fd, lvl, opt, v, len)  getsockopt()
 *   BSD_SETSOCKOPT(fd, lvl, opt, v, len)  setsockopt()
 *   BSD_GETPEERNAME(fd, addr, len)        getpeername()
 *   static int bsd_shim_setup(int fd)     make a new socket non-blocking (and
 *                                         close-on-exec, no SIGPIPE...): 0 or
 *                                         -1 with errno set
 *   static int bsd_shim_wait(int fd, int what, uint32_t ms)
 *                                         wait for BSD_WAIT_READ/BSD_WAIT_WRITE
 *                                         (or an error) at most ms: 1 ready,
 *                                         0 timed out, -1 failed (errno set)
 *   static uint32_t bsd_shim_now_ms(void) a monotonic millisecond clock (may
 *                                         wrap at 2^32)
 *
 * The algorithm: the socket is non-blocking from creation to close; every
 * operation is "try once, and if the stack says it would block, wait for
 * what is left of this call's timeout, then try again". That bounds every
 * call by its own timeout (SO_RCVTIMEO/SO_SNDTIMEO cannot bound a connect),
 * lets a call return at once when data is already there, and keeps a signal
 * (EINTR) from restarting a wait with the whole timeout. Statuses follow
 * rmqdr/transport.h; the errno of the last failure is kept in last_errno.
 */
#ifndef RMQDR_BSD_SOCKET_H
#define RMQDR_BSD_SOCKET_H

#include <stdint.h>
#include <string.h>

#include "rmqdr/status.h"

enum { BSD_WAIT_READ, BSD_WAIT_WRITE };

/* The shim's functions, defined by the including port (anywhere in it). */
static uint32_t bsd_shim_now_ms(void);
static int bsd_shim_setup(int fd);
static int bsd_shim_wait(int fd, int what, uint32_t ms);

/* Milliseconds left of timeout_ms since start (unsigned subtraction absorbs
 * the clock's wrap at 2^32). */
static uint32_t bsd_remaining(uint32_t start, uint32_t timeout_ms)
{
    uint32_t elapsed = (uint32_t)(bsd_shim_now_ms() - start);
    return elapsed >= timeout_ms ? 0U : timeout_ms - elapsed;
}

/* Remember why a call failed: errno is only meaningful right after it, and
 * callers log it long after. */
static int bsd_take_errno(bsd_socket_t *s)
{
    int err = errno;
    s->last_errno = err;
    return err;
}

/* "Would block" is EWOULDBLOCK or EAGAIN (equal on Linux, not everywhere). */
static int bsd_would_block(int err)
{
    return err == EWOULDBLOCK || err == EAGAIN;
}

/* Status of a failed send or recv on an established connection. */
static rmqdr_status_t bsd_io_status(int err)
{
    switch (err) {
    case ECONNRESET:
        return RMQDR_ERR_RESET;
    case EPIPE:
        return RMQDR_ERR_CLOSED; /* the peer closed and the stack knows it */
    default:
        /* ETIMEDOUT here is the stack giving up on a dead peer: the
         * connection is gone, unlike our own "nothing yet" timeout. */
        return RMQDR_ERR_NETWORK;
    }
}

/* Wait until fd is ready for `what` or the call's time is up. A wait cut
 * short (EINTR, or a shim that clamps long waits) waits again for what is
 * left. Checks at least once, so a timeout of 0 still sees a ready socket.
 * Returns 1 ready, 0 timed out, -1 failed (errno set). */
static int bsd_wait(int fd, int what, uint32_t start, uint32_t timeout_ms)
{
    for (;;) {
        uint32_t left = bsd_remaining(start, timeout_ms);
        int r = bsd_shim_wait(fd, what, left);
        if (r > 0) {
            return 1;
        }
        if (r < 0 && errno != EINTR) {
            return -1;
        }
        if (r == 0 && left == 0U) {
            return 0;
        }
    }
}

static void bsd_close(bsd_socket_t *s)
{
    if (s->fd < 0) {
        return;
    }
    /* Linux releases the descriptor even when close() reports EINTR, so a
     * retry could close a descriptor another thread just opened. */
    (void)BSD_CLOSE(s->fd);
    s->fd = -1;
}

/* Wait for a non-blocking connect to finish; the descriptor stays open. */
static rmqdr_status_t bsd_finish_connect(bsd_socket_t *s, uint32_t start, uint32_t timeout_ms)
{
    int w = bsd_wait(s->fd, BSD_WAIT_WRITE, start, timeout_ms);
    if (w == 0) {
        s->last_errno = ETIMEDOUT;
        return RMQDR_ERR_TIMEOUT;
    }
    if (w < 0) {
        (void)bsd_take_errno(s);
        return RMQDR_ERR_CONNECT;
    }
    /* Writable means "connect finished", not "succeeded": the outcome is in
     * SO_ERROR (lwIP reports a refused SYN as ECONNRESET). */
    int so_error = 0;
    socklen_t len = (socklen_t)sizeof so_error;
    if (BSD_GETSOCKOPT(s->fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) {
        (void)bsd_take_errno(s);
        return RMQDR_ERR_CONNECT;
    }
    if (so_error != 0) {
        s->last_errno = so_error;
        return RMQDR_ERR_CONNECT;
    }
    /* lwIP hands out a pending error only once, so "no error" alone is weak
     * evidence; a peer name exists only for a completed handshake. */
    struct sockaddr_storage peer;
    socklen_t peer_len = (socklen_t)sizeof peer;
    memset(&peer, 0, sizeof peer);
    if (BSD_GETPEERNAME(s->fd, (struct sockaddr *)&peer, &peer_len) != 0) {
        (void)bsd_take_errno(s);
        return RMQDR_ERR_CONNECT;
    }
    return RMQDR_OK;
}

/*
 * Connect to one address within what is left of timeout_ms since start.
 * RMQDR_OK (s->fd open), RMQDR_ERR_TIMEOUT, RMQDR_ERR_CONNECT (this address
 * failed: a caller with more addresses tries the next) or RMQDR_ERR_NETWORK
 * (no socket of this family could be made). s->fd is closed on failure.
 */
static rmqdr_status_t bsd_connect_addr(bsd_socket_t *s, const struct sockaddr *addr,
                                       socklen_t addr_len, uint32_t start, uint32_t timeout_ms)
{
    s->fd = BSD_SOCKET(addr->sa_family, SOCK_STREAM, IPPROTO_TCP);
    if (s->fd < 0) {
        (void)bsd_take_errno(s);
        s->fd = -1;
        return RMQDR_ERR_NETWORK;
    }
    if (bsd_shim_setup(s->fd) != 0) {
        (void)bsd_take_errno(s);
        bsd_close(s);
        return RMQDR_ERR_NETWORK;
    }
    /* A request leaves in a few writes and then waits for the answer; with
     * Nagle the last write could sit behind the peer's delayed ACK. Failure
     * only costs latency, so it is not an error. */
    int one = 1;
    (void)BSD_SETSOCKOPT(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, (socklen_t)sizeof one);

    rmqdr_status_t st = RMQDR_OK;
    if (BSD_CONNECT(s->fd, addr, addr_len) != 0) {
        int err = bsd_take_errno(s);
        /* EINTR on a non-blocking connect still leaves the handshake running
         * (POSIX), so it is waited for like EINPROGRESS. */
        st = (err == EINPROGRESS || err == EINTR) ? bsd_finish_connect(s, start, timeout_ms)
                                                  : RMQDR_ERR_CONNECT;
    }
    if (st != RMQDR_OK) {
        bsd_close(s);
        return st;
    }
    s->last_errno = 0;
    return RMQDR_OK;
}

static rmqdr_status_t bsd_send(bsd_socket_t *s, const uint8_t *buf, size_t len, size_t *sent,
                               uint32_t timeout_ms)
{
    const uint32_t start = bsd_shim_now_ms();
    if (sent != NULL) {
        *sent = 0;
    }
    if (s == NULL || sent == NULL || (buf == NULL && len > 0U) || s->fd < 0) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (len == 0U) {
        return RMQDR_OK;
    }
    if (len > (size_t)SSIZE_MAX) { /* what ssize_t can report */
        len = (size_t)SSIZE_MAX;
    }
    for (;;) {
        ssize_t n = BSD_SEND(s->fd, buf, len);
        if (n >= 0) {
            *sent = (size_t)n;
            s->last_errno = 0;
            return RMQDR_OK;
        }
        int err = bsd_take_errno(s);
        if (err == EINTR) {
            continue;
        }
        if (!bsd_would_block(err)) {
            return bsd_io_status(err);
        }
        int w = bsd_wait(s->fd, BSD_WAIT_WRITE, start, timeout_ms);
        if (w == 0) {
            return RMQDR_ERR_TIMEOUT;
        }
        if (w < 0) {
            return bsd_io_status(bsd_take_errno(s));
        }
    }
}

static rmqdr_status_t bsd_recv(bsd_socket_t *s, uint8_t *buf, size_t len, size_t *received,
                               uint32_t timeout_ms)
{
    const uint32_t start = bsd_shim_now_ms();
    if (received != NULL) {
        *received = 0;
    }
    if (s == NULL || received == NULL || buf == NULL || len == 0U || s->fd < 0) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (len > (size_t)SSIZE_MAX) {
        len = (size_t)SSIZE_MAX;
    }
    for (;;) {
        ssize_t n = BSD_RECV(s->fd, buf, len);
        if (n > 0) {
            *received = (size_t)n;
            s->last_errno = 0;
            return RMQDR_OK;
        }
        if (n == 0) {
            s->last_errno = 0;
            return RMQDR_ERR_CLOSED;
        }
        int err = bsd_take_errno(s);
        if (err == EINTR) {
            continue;
        }
        if (err == ENOTCONN) {
            /* lwIP answers the first read after the peer's FIN with 0 and
             * every later one with ENOTCONN: the stream is over either way. */
            return RMQDR_ERR_CLOSED;
        }
        if (!bsd_would_block(err)) {
            return bsd_io_status(err);
        }
        int w = bsd_wait(s->fd, BSD_WAIT_READ, start, timeout_ms);
        if (w == 0) {
            return RMQDR_ERR_TIMEOUT;
        }
        if (w < 0) {
            return bsd_io_status(bsd_take_errno(s));
        }
    }
}

/* rmqdr_transport_t::last_error: errno of the last failure, no TLS code. */
static void bsd_last_error(const bsd_socket_t *s, int32_t *os_error, int32_t *tls_error)
{
    if (os_error != NULL) {
        *os_error = s != NULL ? (int32_t)s->last_errno : 0;
    }
    if (tls_error != NULL) {
        *tls_error = 0;
    }
}

#endif /* RMQDR_BSD_SOCKET_H */
