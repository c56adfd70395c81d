/*
 * rmqdr transport over lwIP sockets.
 *
 * Shape: the socket is made non-blocking right after creation and every
 * operation is "try once, and if lwIP says it would block, wait in
 * lwip_poll (or lwip_select) for what is left of the timeout, then try
 * again". That keeps the three operations on one pattern, bounds every call
 * by its own timeout (lwIP's SO_RCVTIMEO/SO_SNDTIMEO cannot bound a
 * connect), and lets a call return at once when data is already there.
 *
 * Only lwIP's public socket and netconn headers are used, and only symbolic
 * errno names, so the file builds both against an lwIP that brings its own
 * socket definitions and against one that takes them from the host's libc
 * (LWIP_SOCKET_EXTERNAL_HEADERS, as Debian's unix port does).
 */
#include "rmqdr/port_lwip.h"

#include <limits.h>
#include <string.h>

#include "lwip/opt.h"
#include "lwip/api.h"
#include "lwip/ip_addr.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"

/* lwip/opt.h defines every option; defined(NO_SYS) only keeps tools that
 * read this file without lwIP's headers (cppcheck) from stopping here. */
#if defined(NO_SYS) && (NO_SYS || !LWIP_SOCKET || !LWIP_TCP)
#error "the rmqdr lwIP port needs NO_SYS 0, LWIP_SOCKET 1 and LWIP_TCP 1"
#endif
#if defined(NO_SYS) && !LWIP_SOCKET_POLL && !LWIP_SOCKET_SELECT
#error "the rmqdr lwIP port needs LWIP_SOCKET_POLL or LWIP_SOCKET_SELECT for its timeouts"
#endif

/* lwIP reports "would block" as EWOULDBLOCK; some libcs give EAGAIN a
 * different value, so both are accepted where either may appear. */
static int would_block(int err)
{
    return err == EWOULDBLOCK || err == EAGAIN;
}

/* Remember why an lwIP call failed; errno is only meaningful right after
 * the failing call, and callers log it long after. */
static int take_errno(rmqdr_lwip_socket_t *s)
{
    int err = errno;
    s->last_errno = err;
    return err;
}

/* Milliseconds left until start + timeout_ms on lwIP's clock (sys_now wraps
 * at 2^32, which unsigned subtraction absorbs). */
static uint32_t remaining_ms(uint32_t start, uint32_t timeout_ms)
{
    uint32_t elapsed = (uint32_t)(sys_now() - start);
    return elapsed >= timeout_ms ? 0U : timeout_ms - elapsed;
}

enum { WAIT_READ, WAIT_WRITE };

/*
 * Wait until fd is readable/writable or has an error, for at most wait_ms.
 * Returns 1 when the socket is ready (or in error: the next call reports
 * it), 0 on timeout, -1 when the wait itself failed (errno set).
 */
static int wait_fd(int fd, int what, uint32_t wait_ms)
{
    /* The wait functions take an int; a longer wait is cut to INT_MAX ms
     * (24 days), after which the caller's loop waits again if time is left. */
    int ms = wait_ms > (uint32_t)INT_MAX ? INT_MAX : (int)wait_ms;
#if LWIP_SOCKET_POLL
    struct pollfd pfd;
    int n;

    memset(&pfd, 0, sizeof(pfd));
    pfd.fd = fd;
    pfd.events = (short)(what == WAIT_READ ? POLLIN : POLLOUT);
    n = lwip_poll(&pfd, 1, ms);
    if (n < 0) {
        return -1;
    }
    return n > 0 ? 1 : 0;
#else
    fd_set set;
    fd_set err_set;
    struct timeval tv;
    int n;

    FD_ZERO(&set);
    FD_ZERO(&err_set);
    FD_SET(fd, &set);
    FD_SET(fd, &err_set);
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    n = lwip_select(fd + 1, what == WAIT_READ ? &set : NULL,
                    what == WAIT_WRITE ? &set : NULL, &err_set, &tv);
    if (n < 0) {
        return -1;
    }
    return n > 0 ? 1 : 0;
#endif
}

/* Status for a failed send or recv on an established connection. */
static rmqdr_status_t io_status(int err)
{
    if (err == ECONNRESET) {
        return RMQDR_ERR_RESET;
    }
    return RMQDR_ERR_NETWORK;
}

/*
 * host -> ip_addr_t. A numeric address never touches DNS, so boards without
 * LWIP_DNS (and tests on a netif with no resolver) still connect by address.
 */
static rmqdr_status_t resolve(const char *host, ip_addr_t *addr)
{
    if (ipaddr_aton(host, addr)) {
        return RMQDR_OK;
    }
#if LWIP_DNS
    if (netconn_gethostbyname(host, addr) == ERR_OK) {
        return RMQDR_OK;
    }
#endif
    return RMQDR_ERR_DNS;
}

/* Wait for a non-blocking connect to finish; the descriptor stays open. */
static rmqdr_status_t finish_connect(rmqdr_lwip_socket_t *s, uint32_t start,
                                     uint32_t timeout_ms)
{
    int so_error = 0;
    socklen_t len = (socklen_t)sizeof(so_error);
    struct sockaddr_storage peer;
    socklen_t peer_len = (socklen_t)sizeof(peer);

    /* Check at least once, even with no time left: a timeout of 0 still
     * reports a handshake that is already done. */
    for (;;) {
        uint32_t left = remaining_ms(start, timeout_ms);
        int ready = wait_fd(s->fd, WAIT_WRITE, left);

        if (ready < 0) {
            (void)take_errno(s);
            return RMQDR_ERR_NETWORK;
        }
        if (ready > 0) {
            break;
        }
        if (left == 0U) {
            return RMQDR_ERR_TIMEOUT;
        }
    }
    /* Writable means "connect finished", not "connect succeeded": the
     * outcome is in SO_ERROR (lwIP reports a refused SYN as ECONNRESET). */
    if (lwip_getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) {
        (void)take_errno(s);
        return RMQDR_ERR_NETWORK;
    }
    if (so_error != 0) {
        s->last_errno = so_error;
        return RMQDR_ERR_CONNECT;
    }
    /* lwIP hands out a pending error only once, so "no error" alone is
     * weak evidence; a peer name exists only for a completed handshake. */
    memset(&peer, 0, sizeof(peer));
    if (lwip_getpeername(s->fd, (struct sockaddr *)&peer, &peer_len) != 0) {
        (void)take_errno(s);
        return RMQDR_ERR_CONNECT;
    }
    return RMQDR_OK;
}

void rmqdr_lwip_socket_init(rmqdr_lwip_socket_t *sock)
{
    if (sock == NULL) {
        return;
    }
    sock->fd = -1;
    sock->last_errno = 0;
    sock->connect_address = NULL;
}

void rmqdr_lwip_transport_init(rmqdr_transport_t *transport,
                               rmqdr_lwip_socket_t *sock)
{
    if (transport == NULL || sock == NULL) {
        return;
    }
    rmqdr_lwip_socket_init(sock);
    transport->connect = rmqdr_lwip_connect;
    transport->send = rmqdr_lwip_send;
    transport->recv = rmqdr_lwip_recv;
    transport->close = rmqdr_lwip_close;
    transport->ctx = sock;
}

rmqdr_status_t rmqdr_lwip_connect(void *ctx, const char *host, uint16_t port,
                                  uint32_t timeout_ms)
{
    rmqdr_lwip_socket_t *s = (rmqdr_lwip_socket_t *)ctx;
    ip_addr_t addr;
    struct sockaddr_storage ss;
    socklen_t ss_len = 0;
    int family = AF_INET;
    int one = 1;
    uint32_t start;
    rmqdr_status_t st;

    if (s == NULL || host == NULL || host[0] == '\0' || port == 0U) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    rmqdr_lwip_close(s);
    s->last_errno = 0;
    start = sys_now();

    st = resolve(s->connect_address != NULL ? s->connect_address : host, &addr);
    if (st != RMQDR_OK) {
        return st;
    }

    /* Build the sockaddr by hand from lwIP's address: the inet_addr_from_*
     * helpers differ between lwIP's own headers and libc-based ones, the
     * fields do not. Either family may be compiled out of the lwIP build. */
    memset(&ss, 0, sizeof(ss));
#if LWIP_IPV6
    if (IP_IS_V6(&addr)) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = lwip_htons(port);
        memcpy(&sin6->sin6_addr, ip_2_ip6(&addr)->addr, sizeof(sin6->sin6_addr));
        ss_len = (socklen_t)sizeof(*sin6);
        family = AF_INET6;
    }
#endif
#if LWIP_IPV4
    if (!IP_IS_V6(&addr)) {
        struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
        sin->sin_family = AF_INET;
        sin->sin_port = lwip_htons(port);
        sin->sin_addr.s_addr = ip4_addr_get_u32(ip_2_ip4(&addr));
        ss_len = (socklen_t)sizeof(*sin);
        family = AF_INET;
    }
#endif

    s->fd = lwip_socket(family, SOCK_STREAM, IPPROTO_TCP);
    if (s->fd < 0) {
        (void)take_errno(s);
        s->fd = -1;
        return RMQDR_ERR_NETWORK;
    }
    if (lwip_fcntl(s->fd, F_SETFL, O_NONBLOCK) != 0) {
        (void)take_errno(s);
        rmqdr_lwip_close(s);
        return RMQDR_ERR_NETWORK;
    }
    /* The client writes whole requests and TLS flights and then waits for
     * the answer; Nagle would hold the second small segment of a flight for
     * the peer's delayed ACK. Best effort: a stack without the option still
     * works, only slower. */
    (void)lwip_setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one,
                          (socklen_t)sizeof(one));

    if (lwip_connect(s->fd, (const struct sockaddr *)&ss, ss_len) == 0) {
        s->last_errno = 0;
        return RMQDR_OK;
    }
    if (take_errno(s) != EINPROGRESS) {
        /* Immediate failures: no route (EHOSTUNREACH) and the like. */
        rmqdr_lwip_close(s);
        return RMQDR_ERR_CONNECT;
    }
    st = finish_connect(s, start, timeout_ms);
    if (st != RMQDR_OK) {
        rmqdr_lwip_close(s);
    } else {
        s->last_errno = 0;
    }
    return st;
}

rmqdr_status_t rmqdr_lwip_send(void *ctx, const uint8_t *buf, size_t len,
                               size_t *sent, uint32_t timeout_ms)
{
    rmqdr_lwip_socket_t *s = (rmqdr_lwip_socket_t *)ctx;
    uint32_t start = sys_now();

    if (sent != NULL) {
        *sent = 0;
    }
    if (s == NULL || sent == NULL || (buf == NULL && len > 0U) || s->fd < 0) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (len == 0U) {
        return RMQDR_OK;
    }
    /* lwIP refuses a write longer than its ssize_t can report. */
    if (len > (size_t)SSIZE_MAX) {
        len = (size_t)SSIZE_MAX;
    }
    for (;;) {
        ssize_t n = lwip_send(s->fd, buf, len, MSG_DONTWAIT);
        uint32_t left;
        int ready;
        int err;

        if (n > 0) {
            *sent = (size_t)n;
            s->last_errno = 0;
            return RMQDR_OK;
        }
        err = take_errno(s);
        if (!would_block(err)) {
            return io_status(err);
        }
        left = remaining_ms(start, timeout_ms);
        if (left == 0U) {
            return RMQDR_ERR_TIMEOUT;
        }
        ready = wait_fd(s->fd, WAIT_WRITE, left);
        if (ready < 0) {
            (void)take_errno(s);
            return RMQDR_ERR_NETWORK;
        }
        if (ready == 0) {
            return RMQDR_ERR_TIMEOUT;
        }
    }
}

rmqdr_status_t rmqdr_lwip_recv(void *ctx, uint8_t *buf, size_t len,
                               size_t *received, uint32_t timeout_ms)
{
    rmqdr_lwip_socket_t *s = (rmqdr_lwip_socket_t *)ctx;
    uint32_t start = sys_now();

    if (received != NULL) {
        *received = 0;
    }
    if (s == NULL || buf == NULL || received == NULL || len == 0U || s->fd < 0) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (len > (size_t)SSIZE_MAX) {
        len = (size_t)SSIZE_MAX;
    }
    for (;;) {
        ssize_t n = lwip_recv(s->fd, buf, len, MSG_DONTWAIT);
        uint32_t left;
        int ready;
        int err;

        if (n > 0) {
            *received = (size_t)n;
            s->last_errno = 0;
            return RMQDR_OK;
        }
        if (n == 0) {
            s->last_errno = 0;
            return RMQDR_ERR_CLOSED;
        }
        err = take_errno(s);
        if (err == ENOTCONN) {
            /* lwIP answers the first read after the peer's FIN with 0 and
             * every later one with ENOTCONN (likewise every read after a
             * reset was reported once): the stream is over either way. */
            return RMQDR_ERR_CLOSED;
        }
        if (!would_block(err)) {
            return io_status(err);
        }
        left = remaining_ms(start, timeout_ms);
        if (left == 0U) {
            return RMQDR_ERR_TIMEOUT;
        }
        ready = wait_fd(s->fd, WAIT_READ, left);
        if (ready < 0) {
            (void)take_errno(s);
            return RMQDR_ERR_NETWORK;
        }
        if (ready == 0) {
            return RMQDR_ERR_TIMEOUT;
        }
    }
}

/* A plain close, never lwip_shutdown(SHUT_WR) first: lwIP 2.1.3 loses
 * track of a pcb whose peer's FIN is read after our own FIN went out
 * (LAST_ACK), and the later close frees it a second time (seen in the test
 * relay under ASan). The client never needs a half-close anyway. */
void rmqdr_lwip_close(void *ctx)
{
    rmqdr_lwip_socket_t *s = (rmqdr_lwip_socket_t *)ctx;

    if (s == NULL || s->fd < 0) {
        return;
    }
    (void)lwip_close(s->fd);
    s->fd = -1;
}
