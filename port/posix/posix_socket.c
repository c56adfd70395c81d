/*
 * TCP transport over BSD sockets (see port_posix.h): the POSIX shim of the
 * one BSD-socket transport (port/bsd/bsd_socket.h holds the algorithm).
 *
 * What is POSIX-specific here: name resolution with getaddrinfo() and the
 * loop over its addresses, CLOCK_MONOTONIC as the clock (so a wall-clock
 * jump neither stretches nor cuts a timeout), poll() as the wait,
 * close-on-exec descriptors, and writes that never raise SIGPIPE.
 */
#include "rmqdr/port_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Linux and the BSDs take a per-call flag; macOS only has the socket option
 * (set in bsd_shim_setup). A system with neither would let a closed peer
 * kill the host process with SIGPIPE; test_posix's SIGPIPE case catches that. */
#if defined(MSG_NOSIGNAL)
#define SEND_FLAGS MSG_NOSIGNAL
#else
#define SEND_FLAGS 0
#endif

/* ---- shim for port/bsd/bsd_socket.h ---- */

typedef rmqdr_posix_socket_t bsd_socket_t;
#define BSD_SOCKET(f, t, p) socket((f), (t), (p))
#define BSD_CONNECT(fd, a, l) connect((fd), (a), (l))
#define BSD_SEND(fd, b, n) send((fd), (b), (n), SEND_FLAGS)
#define BSD_RECV(fd, b, n) recv((fd), (b), (n), 0)
#define BSD_CLOSE(fd) close(fd)
#define BSD_GETSOCKOPT(fd, l, o, v, n) getsockopt((fd), (l), (o), (v), (n))
#define BSD_SETSOCKOPT(fd, l, o, v, n) setsockopt((fd), (l), (o), (v), (n))
#define BSD_GETPEERNAME(fd, a, n) getpeername((fd), (a), (n))

#include "../bsd/bsd_socket.h"

static uint32_t bsd_shim_now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0; /* cannot happen on Linux; waits then use their full budget */
    }
    return (uint32_t)((uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U);
}

static int bsd_shim_setup(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
        fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
        return -1;
    }
#if defined(SO_NOSIGPIPE)
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one) != 0) {
        return -1;
    }
#endif
    return 0;
}

/* poll() takes an int: a longer wait is cut to INT_MAX ms (24 days) and
 * bsd_wait() waits again for the rest. Error and hangup count as ready: the
 * next call reports them. */
static int bsd_shim_wait(int fd, int what, uint32_t ms)
{
    struct pollfd p;
    p.fd = fd;
    p.events = (short)(what == BSD_WAIT_READ ? POLLIN : POLLOUT);
    p.revents = 0;
    int n = poll(&p, 1, ms > (uint32_t)INT_MAX ? INT_MAX : (int)ms);
    if (n > 0 && (p.revents & POLLNVAL) != 0) {
        errno = EBADF;
        return -1;
    }
    return n < 0 ? -1 : (n > 0 ? 1 : 0);
}


/* ---- public functions ---- */

void rmqdr_posix_socket_init(rmqdr_posix_socket_t *sock)
{
    if (sock == NULL) {
        return;
    }
    sock->fd = -1;
    sock->last_errno = 0;
    sock->last_gai_error = 0;
}

void rmqdr_posix_transport_init(rmqdr_transport_t *transport,
                                rmqdr_posix_socket_t *sock)
{
    rmqdr_posix_socket_init(sock);
    if (transport == NULL) {
        return;
    }
    transport->connect = rmqdr_posix_connect;
    transport->send = rmqdr_posix_send;
    transport->recv = rmqdr_posix_recv;
    transport->close = rmqdr_posix_close;
    transport->last_error = rmqdr_posix_last_error;
    transport->ctx = sock;
}

rmqdr_status_t rmqdr_posix_connect(void *ctx, const char *host, uint16_t port,
                                   uint32_t timeout_ms)
{
    rmqdr_posix_socket_t *sock = ctx;
    if (sock == NULL || host == NULL || host[0] == '\0' || port == 0U) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    rmqdr_posix_close(sock);
    sock->last_errno = 0;
    sock->last_gai_error = 0;
    const uint32_t start = bsd_shim_now_ms();

    /* The port as a numeric service string, so no services database is read. */
    char service[6];
    size_t n = 0;
    char digits[5];
    for (uint16_t p = port; p != 0U; p = (uint16_t)(p / 10U)) {
        digits[n++] = (char)('0' + (p % 10U));
    }
    for (size_t i = 0; i < n; i++) {
        service[i] = digits[n - 1U - i];
    }
    service[n] = '\0';

    /* No AI_ADDRCONFIG: glibc ignores loopback when deciding which families
     * are "configured", so on a board whose only interface is lo it would
     * make "localhost" unresolvable. Unreachable families fail fast anyway. */
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV;

    struct addrinfo *list = NULL;
    int rc = getaddrinfo(host, service, &hints, &list);
    if (rc != 0) {
        sock->last_gai_error = rc;
        sock->last_errno = (rc == EAI_SYSTEM) ? errno : 0;
        return RMQDR_ERR_DNS;
    }

    rmqdr_status_t result = RMQDR_ERR_NETWORK;
    for (const struct addrinfo *ai = list; ai != NULL; ai = ai->ai_next) {
        rmqdr_status_t st = bsd_connect_addr(sock, ai->ai_addr, ai->ai_addrlen, start, timeout_ms);
        if (st == RMQDR_OK || st == RMQDR_ERR_TIMEOUT) {
            result = st;
            break;
        }
        if (st == RMQDR_ERR_CONNECT) {
            /* Once any address was really tried, "nothing accepted" is the
             * truth even if a later family had no socket support. */
            result = RMQDR_ERR_CONNECT;
        }
    }
    freeaddrinfo(list);
    return result;
}

/* ---- I/O ---- */

rmqdr_status_t rmqdr_posix_send(void *ctx, const uint8_t *buf, size_t len,
                                size_t *sent, uint32_t timeout_ms)
{
    return bsd_send(ctx, buf, len, sent, timeout_ms);
}

rmqdr_status_t rmqdr_posix_recv(void *ctx, uint8_t *buf, size_t len,
                                size_t *received, uint32_t timeout_ms)
{
    return bsd_recv(ctx, buf, len, received, timeout_ms);
}

void rmqdr_posix_close(void *ctx)
{
    if (ctx != NULL) {
        bsd_close(ctx);
    }
}

void rmqdr_posix_last_error(void *ctx, int32_t *os_error, int32_t *tls_error)
{
    bsd_last_error(ctx, os_error, tls_error);
}
