/*
 * rmqdr transport over lwIP sockets: the lwIP shim of the one BSD-socket
 * transport (port/bsd/bsd_socket.h holds the algorithm: non-blocking
 * socket, "try once, wait for what is left of the timeout, try again").
 * What is lwIP's own here: the lwip_* calls, sys_now() as the clock,
 * lwip_poll or lwip_select as the wait, and addresses (numeric first, then
 * lwIP's DNS when built, or the caller's connect_address).
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

/* ---- shim for port/bsd/bsd_socket.h ---- */

typedef rmqdr_lwip_socket_t bsd_socket_t;
#define BSD_SOCKET(f, t, p) lwip_socket((f), (t), (p))
#define BSD_CONNECT(fd, a, l) lwip_connect((fd), (a), (l))
#define BSD_SEND(fd, b, n) lwip_send((fd), (b), (n), MSG_DONTWAIT)
#define BSD_RECV(fd, b, n) lwip_recv((fd), (b), (n), MSG_DONTWAIT)
/* A plain close, never lwip_shutdown(SHUT_WR) first: lwIP 2.1.3 loses
 * track of a pcb whose peer's FIN is read after our own FIN went out
 * (LAST_ACK), and the later close frees it a second time (seen in the test
 * relay under ASan). The client never needs a half-close anyway. */
#define BSD_CLOSE(fd) lwip_close(fd)
#define BSD_GETSOCKOPT(fd, l, o, v, n) lwip_getsockopt((fd), (l), (o), (v), (n))
#define BSD_SETSOCKOPT(fd, l, o, v, n) lwip_setsockopt((fd), (l), (o), (v), (n))
#define BSD_GETPEERNAME(fd, a, n) lwip_getpeername((fd), (a), (n))

#include "../bsd/bsd_socket.h"

/* lwIP's clock: milliseconds, wrapping at 2^32. */
static uint32_t bsd_shim_now_ms(void)
{
    return sys_now();
}

static int bsd_shim_setup(int fd)
{
    return lwip_fcntl(fd, F_SETFL, O_NONBLOCK) != 0 ? -1 : 0;
}

/* lwip_poll or lwip_select, whichever the build has. Both take an int: a
 * longer wait is cut to INT_MAX ms and bsd_wait() waits again. */
static int bsd_shim_wait(int fd, int what, uint32_t wait_ms)
{
    int ms = wait_ms > (uint32_t)INT_MAX ? INT_MAX : (int)wait_ms;
#if LWIP_SOCKET_POLL
    struct pollfd pfd;
    int n;

    memset(&pfd, 0, sizeof(pfd));
    pfd.fd = fd;
    pfd.events = (short)(what == BSD_WAIT_READ ? POLLIN : POLLOUT);
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
    n = lwip_select(fd + 1, what == BSD_WAIT_READ ? &set : NULL,
                    what == BSD_WAIT_WRITE ? &set : NULL, &err_set, &tv);
    if (n < 0) {
        return -1;
    }
    return n > 0 ? 1 : 0;
#endif
}

/* ---- what is lwIP's own: addresses ---- */

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
    transport->last_error = rmqdr_lwip_last_error;
    transport->ctx = sock;
}

rmqdr_status_t rmqdr_lwip_connect(void *ctx, const char *host, uint16_t port,
                                  uint32_t timeout_ms)
{
    rmqdr_lwip_socket_t *s = (rmqdr_lwip_socket_t *)ctx;
    ip_addr_t addr;
    struct sockaddr_storage ss;
    socklen_t ss_len = 0;
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
    }
#endif
#if LWIP_IPV4
    if (!IP_IS_V6(&addr)) {
        struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
        sin->sin_family = AF_INET;
        sin->sin_port = lwip_htons(port);
        sin->sin_addr.s_addr = ip4_addr_get_u32(ip_2_ip4(&addr));
        ss_len = (socklen_t)sizeof(*sin);
    }
#endif

    return bsd_connect_addr(s, (const struct sockaddr *)&ss, ss_len, start, timeout_ms);
}

rmqdr_status_t rmqdr_lwip_send(void *ctx, const uint8_t *buf, size_t len,
                               size_t *sent, uint32_t timeout_ms)
{
    return bsd_send((rmqdr_lwip_socket_t *)ctx, buf, len, sent, timeout_ms);
}

rmqdr_status_t rmqdr_lwip_recv(void *ctx, uint8_t *buf, size_t len,
                               size_t *received, uint32_t timeout_ms)
{
    return bsd_recv((rmqdr_lwip_socket_t *)ctx, buf, len, received, timeout_ms);
}

void rmqdr_lwip_close(void *ctx)
{
    if (ctx != NULL) {
        bsd_close((rmqdr_lwip_socket_t *)ctx);
    }
}

void rmqdr_lwip_last_error(void *ctx, int32_t *os_error, int32_t *tls_error)
{
    bsd_last_error((const rmqdr_lwip_socket_t *)ctx, os_error, tls_error);
}
