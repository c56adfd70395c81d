/*
 * TCP transport over BSD sockets (see port_posix.h).
 *
 * The socket stays non-blocking from creation to close: every wait is an
 * explicit poll() against a deadline on CLOCK_MONOTONIC, which is the only
 * way to bound connect() and to keep a wall-clock jump (NTP, a board setting
 * its clock after boot) from stretching or cutting a timeout.
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
 * (set in connect_one). A system with neither would let a closed peer kill
 * the host process with SIGPIPE; test_posix's SIGPIPE case catches that. */
#if defined(MSG_NOSIGNAL)
#define SEND_FLAGS MSG_NOSIGNAL
#else
#define SEND_FLAGS 0
#endif

/* ---- time and waiting ---- */

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0; /* cannot happen on Linux; waits then use their full budget */
    }
    return (int64_t)ts.tv_sec * 1000 + (int64_t)(ts.tv_nsec / 1000000);
}

/*
 * Wait until @fd is ready for @events or @deadline passes.
 * Returns 1 ready (also for error/hangup: the next call reports those),
 * 0 timed out, -1 failed with errno set.
 */
static int wait_fd(int fd, short events, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline - monotonic_ms();
        bool clamped = false;
        if (left < 0) {
            left = 0;
        } else if (left > INT_MAX) {
            left = INT_MAX;
            clamped = true;
        }
        struct pollfd p;
        p.fd = fd;
        p.events = events;
        p.revents = 0;
        int n = poll(&p, 1, (int)left);
        if (n > 0) {
            if ((p.revents & POLLNVAL) != 0) {
                errno = EBADF;
                return -1;
            }
            return 1;
        }
        if (n == 0) {
            if (clamped) {
                continue;
            }
            return 0;
        }
        if (errno != EINTR) {
            return -1;
        }
        /* EINTR: wait again for what is left, not for the whole timeout. */
    }
}

static rmqdr_status_t status_from_errno(int err)
{
    switch (err) {
    case ECONNRESET:
        return RMQDR_ERR_RESET;
    case EPIPE:
        return RMQDR_ERR_CLOSED;
    default:
        /* ETIMEDOUT here is the kernel giving up on a dead peer: the
         * connection is gone, unlike our own "nothing yet" timeout. */
        return RMQDR_ERR_NETWORK;
    }
}

/* ---- connect ---- */

static void close_fd(int fd)
{
    /* Linux releases the descriptor even when close() reports EINTR, so a
     * retry could close a descriptor another thread just opened. */
    (void)close(fd);
}

/*
 * One address: RMQDR_OK (fd stored), RMQDR_ERR_TIMEOUT (deadline reached),
 * RMQDR_ERR_CONNECT (this address failed; try the next one) or
 * RMQDR_ERR_NETWORK (no socket of this family could be made).
 */
static rmqdr_status_t connect_one(rmqdr_posix_socket_t *sock,
                                  const struct addrinfo *ai, int64_t deadline)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) {
        sock->last_errno = errno;
        return RMQDR_ERR_NETWORK;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
        fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
        sock->last_errno = errno;
        close_fd(fd);
        return RMQDR_ERR_NETWORK;
    }
#if defined(SO_NOSIGPIPE)
    {
        int one = 1;
        if (setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one) != 0) {
            sock->last_errno = errno;
            close_fd(fd);
            return RMQDR_ERR_NETWORK;
        }
    }
#endif

    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        int err = errno;
        /* EINTR on a non-blocking connect still leaves the handshake running
         * in the kernel (POSIX), so it is waited for like EINPROGRESS. */
        if (err != EINPROGRESS && err != EINTR) {
            sock->last_errno = err;
            close_fd(fd);
            return RMQDR_ERR_CONNECT;
        }
        int w = wait_fd(fd, POLLOUT, deadline);
        if (w == 0) {
            sock->last_errno = ETIMEDOUT;
            close_fd(fd);
            return RMQDR_ERR_TIMEOUT;
        }
        if (w < 0) {
            sock->last_errno = errno;
            close_fd(fd);
            return RMQDR_ERR_CONNECT;
        }
        int so_error = 0;
        socklen_t so_len = sizeof so_error;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &so_len) != 0) {
            so_error = errno;
        }
        if (so_error != 0) {
            sock->last_errno = so_error;
            close_fd(fd);
            return RMQDR_ERR_CONNECT;
        }
    }

    /* A request leaves in a few writes and then waits for the answer; with
     * Nagle, the last write could sit behind the peer's delayed ACK. Failure
     * only costs latency, so it is not an error. */
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    sock->fd = fd;
    sock->last_errno = 0;
    return RMQDR_OK;
}

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
    const int64_t deadline = monotonic_ms() + (int64_t)timeout_ms;

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
        rmqdr_status_t st = connect_one(sock, ai, deadline);
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
    rmqdr_posix_socket_t *sock = ctx;
    if (sent != NULL) {
        *sent = 0;
    }
    if (sock == NULL || sent == NULL || (buf == NULL && len > 0U) ||
        sock->fd < 0) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (len == 0U) {
        return RMQDR_OK;
    }
    if (len > (size_t)SSIZE_MAX) {
        len = (size_t)SSIZE_MAX;
    }
    const int64_t deadline = monotonic_ms() + (int64_t)timeout_ms;
    for (;;) {
        ssize_t n = send(sock->fd, buf, len, SEND_FLAGS);
        if (n >= 0) {
            *sent = (size_t)n;
            sock->last_errno = 0;
            return RMQDR_OK;
        }
        int err = errno;
        if (err == EINTR) {
            continue;
        }
        if (err == EAGAIN || err == EWOULDBLOCK) {
            int w = wait_fd(sock->fd, POLLOUT, deadline);
            if (w > 0) {
                continue;
            }
            if (w == 0) {
                return RMQDR_ERR_TIMEOUT;
            }
            err = errno;
        }
        sock->last_errno = err;
        return status_from_errno(err);
    }
}

rmqdr_status_t rmqdr_posix_recv(void *ctx, uint8_t *buf, size_t len,
                                size_t *received, uint32_t timeout_ms)
{
    rmqdr_posix_socket_t *sock = ctx;
    if (received != NULL) {
        *received = 0;
    }
    if (sock == NULL || received == NULL || buf == NULL || len == 0U ||
        sock->fd < 0) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (len > (size_t)SSIZE_MAX) {
        len = (size_t)SSIZE_MAX;
    }
    const int64_t deadline = monotonic_ms() + (int64_t)timeout_ms;
    for (;;) {
        ssize_t n = recv(sock->fd, buf, len, 0);
        if (n > 0) {
            *received = (size_t)n;
            sock->last_errno = 0;
            return RMQDR_OK;
        }
        if (n == 0) {
            sock->last_errno = 0;
            return RMQDR_ERR_CLOSED;
        }
        int err = errno;
        if (err == EINTR) {
            continue;
        }
        if (err == EAGAIN || err == EWOULDBLOCK) {
            int w = wait_fd(sock->fd, POLLIN, deadline);
            if (w > 0) {
                continue;
            }
            if (w == 0) {
                return RMQDR_ERR_TIMEOUT;
            }
            err = errno;
        }
        sock->last_errno = err;
        return status_from_errno(err);
    }
}

void rmqdr_posix_close(void *ctx)
{
    rmqdr_posix_socket_t *sock = ctx;
    if (sock == NULL || sock->fd < 0) {
        return;
    }
    close_fd(sock->fd);
    sock->fd = -1;
}

void rmqdr_posix_last_error(void *ctx, int32_t *os_error, int32_t *tls_error)
{
    const rmqdr_posix_socket_t *sock = ctx;
    if (os_error != NULL) {
        *os_error = sock != NULL ? (int32_t)sock->last_errno : 0;
    }
    if (tls_error != NULL) {
        *tls_error = 0;
    }
}
