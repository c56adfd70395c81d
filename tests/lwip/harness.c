/*
 * In-process lwIP test bed: two netifs joined by a wire, a relay from an lwIP
 * listener to POSIX sockets, and small POSIX servers. See harness.h.
 *
 * Built with -D_DEFAULT_SOURCE: SO_BINDTODEVICE takes a struct ifreq, which
 * glibc declares only outside strict POSIX mode. This file is test code and
 * never part of the library.
 */
#include "harness.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

/* POSIX sockets (the relay's far side and the helper servers). lwIP's
 * sockets are only reached through lwip_* names (LWIP_COMPAT_SOCKETS 0), so
 * both APIs coexist in one file. */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lwip/opt.h"
#include "lwip/api.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "lwip/priv/sockets_priv.h"

/* ------------------------------------------------------------------ time */

uint64_t t_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

void t_sleep_ms(uint32_t ms)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ms / 1000U);
    ts.tv_nsec = (long)(ms % 1000U) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---------------------------------------------------------------- runner */

int t_failed_now;
static int t_passed_count;
static int t_failed_count;

void t_run(const char *name, void (*fn)(void))
{
    uint64_t t0 = t_now_ms();
    t_failed_now = 0;
    fn();
    if (t_failed_now) {
        t_failed_count++;
        printf("FAIL - %s (%llu ms)\n", name, (unsigned long long)(t_now_ms() - t0));
    } else {
        t_passed_count++;
        printf("ok   - %s (%llu ms)\n", name, (unsigned long long)(t_now_ms() - t0));
    }
    fflush(stdout);
}

int t_summary(void)
{
    printf("%d passed, %d failed\n", t_passed_count, t_failed_count);
    fflush(stdout);
    return t_failed_count == 0 ? 0 : 1;
}

/* ------------------------------------------------------------------ wire */

static struct netif nif_client; /* "wc": 10.0.0.1, fd00::1 */
static struct netif nif_server; /* "ws": 10.0.0.2, fd00::2 */

static atomic_ulong c_to_server_pkts;
static atomic_ulong c_to_client_pkts;
static atomic_ulong c_to_server_bytes;
static atomic_ulong c_to_client_bytes;
static atomic_ulong c_dropped_pkts;

void tnet_counters(tnet_counters_t *out)
{
    out->to_server_pkts = atomic_load(&c_to_server_pkts);
    out->to_client_pkts = atomic_load(&c_to_client_pkts);
    out->to_server_bytes = atomic_load(&c_to_server_bytes);
    out->to_client_bytes = atomic_load(&c_to_client_bytes);
    out->dropped_pkts = atomic_load(&c_dropped_pkts);
}

/* Runs in the tcpip thread (core locked). The caller keeps ownership of p,
 * so the peer gets a copy; tcpip_input only queues it, so the peer's input
 * runs later in the same thread, as a driver's receive path would. */
static err_t wire_deliver(const struct netif *from, struct pbuf *p)
{
    struct netif *peer = from == &nif_client ? &nif_server : &nif_client;
    struct pbuf *q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);

    if (q == NULL) {
        return ERR_MEM;
    }
    if (peer->input(q, peer) != ERR_OK) {
        pbuf_free(q);
        atomic_fetch_add(&c_dropped_pkts, 1UL);
        return ERR_OK;
    }
    if (from == &nif_client) {
        atomic_fetch_add(&c_to_server_pkts, 1UL);
        atomic_fetch_add(&c_to_server_bytes, (unsigned long)p->tot_len);
    } else {
        atomic_fetch_add(&c_to_client_pkts, 1UL);
        atomic_fetch_add(&c_to_client_bytes, (unsigned long)p->tot_len);
    }
    return ERR_OK;
}

static err_t wire_output4(struct netif *netif, struct pbuf *p, const ip4_addr_t *dst)
{
    struct netif *peer = netif == &nif_client ? &nif_server : &nif_client;
    if (!ip4_addr_cmp(dst, netif_ip4_addr(peer))) {
        atomic_fetch_add(&c_dropped_pkts, 1UL); /* black hole */
        return ERR_OK;
    }
    return wire_deliver(netif, p);
}

#if LWIP_IPV6
static err_t wire_output6(struct netif *netif, struct pbuf *p, const ip6_addr_t *dst)
{
    struct netif *peer = netif == &nif_client ? &nif_server : &nif_client;
    /* MLD reports and router solicitations (multicast) end here too. */
    if (netif_get_ip6_addr_match(peer, dst) < 0) {
        return ERR_OK;
    }
    return wire_deliver(netif, p);
}
#endif

static err_t wire_netif_init(struct netif *netif)
{
    netif->name[0] = 'w';
    netif->name[1] = netif == &nif_client ? 'c' : 's';
    netif->output = wire_output4;
#if LWIP_IPV6
    netif->output_ip6 = wire_output6;
#endif
    netif->mtu = 1500;
    /* No NETIF_FLAG_BROADCAST: a point-to-point link, so ip4_route sends
     * traffic for the gateway (the peer's address) through this netif. */
    netif->flags = NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

#if LWIP_IPV6
static void add_addr6(struct netif *netif, const char *text)
{
    ip6_addr_t a;
    s8_t idx = -1;
    (void)ip6addr_aton(text, &a);
    if (netif_add_ip6_address(netif, &a, &idx) == ERR_OK && idx >= 0) {
        /* Skip duplicate address detection: nobody else is on the wire. */
        netif_ip6_addr_set_state(netif, idx, IP6_ADDR_PREFERRED);
    }
}
#endif

static sys_sem_t net_ready;

/* Runs in the tcpip thread, with the core lock held, as netif_add needs. */
static void net_setup(void *arg)
{
    ip4_addr_t a_client;
    ip4_addr_t a_server;
    ip4_addr_t mask;
    (void)arg;

    (void)ip4addr_aton(TNET_CLIENT_ADDR, &a_client);
    (void)ip4addr_aton(TNET_SERVER_ADDR, &a_server);
    (void)ip4addr_aton("255.255.255.255", &mask);
    /* The server netif is added first so that the client netif comes first
     * in netif_list: ip4_route then picks "wc" (gateway = 10.0.0.2) for the
     * client's SYN instead of "ws", whose own address would short-circuit
     * through lwIP's internal loopback and never touch the wire. */
    netif_add(&nif_server, &a_server, &mask, &a_client, NULL, wire_netif_init, tcpip_input);
    netif_add(&nif_client, &a_client, &mask, &a_server, NULL, wire_netif_init, tcpip_input);
#if LWIP_IPV6
    add_addr6(&nif_server, TNET_SERVER_ADDR6);
    add_addr6(&nif_client, TNET_CLIENT_ADDR6);
#endif
    netif_set_up(&nif_server);
    netif_set_up(&nif_client);
    /* Anything that matches no netif (10.0.0.3) goes out "wc" and is dropped. */
    netif_set_default(&nif_client);
    sys_sem_signal(&net_ready);
}

int tnet_start(void)
{
    if (sys_sem_new(&net_ready, 0) != ERR_OK) {
        return -1;
    }
    tcpip_init(net_setup, NULL);
    sys_arch_sem_wait(&net_ready, 0);
    sys_sem_free(&net_ready);
    return 0;
}

/* ----------------------------------------------------------------- relay */

static int relay_listen4 = -1;
static int relay_listen6 = -1;
static pthread_t relay_thread;
static atomic_int relay_stop_flag;
static atomic_int relay_paused;
static atomic_uint relay_target;
static atomic_uint relay_accepted_count;
static atomic_uint relay_finished_count;

/* One relayed connection. Both directions are served by the relay thread
 * alone: this lwIP build has no LWIP_NETCONN_FULLDUPLEX, and using one lwIP
 * socket from two threads (reading in one, writing or shutting down in the
 * other) corrupts its pcb bookkeeping (seen: a double free on close). */
typedef struct {
    int lfd;                 /* lwIP side (client) */
    int pfd;                 /* POSIX side (target) */
    uint8_t up[4096];        /* lwIP -> POSIX, not yet written */
    size_t up_len;
    size_t up_off;
    uint8_t down[4096];      /* POSIX -> lwIP, not yet written */
    size_t down_len;
    size_t down_off;
    bool client_eof;         /* FIN from the client seen */
    bool server_eof;         /* FIN from the target seen */
    bool up_done;            /* FIN passed on to the target (or it is gone) */
    bool client_reset;
    bool server_reset;
} relay_conn_t;

static bool is_again(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

/* One non-blocking step in each direction. Returns true when something
 * moved; sets the flags above; false from *alive ends the connection. */
static bool relay_step(relay_conn_t *c, bool *alive)
{
    bool moved = false;
    ssize_t n;

    /* client -> target */
    if (!c->client_eof && c->up_len == 0U && !atomic_load(&relay_paused)) {
        n = lwip_recv(c->lfd, c->up, sizeof(c->up), MSG_DONTWAIT);
        if (n > 0) {
            c->up_len = (size_t)n;
            c->up_off = 0;
            moved = true;
        } else if (n == 0) {
            c->client_eof = true;
            moved = true;
        } else if (!is_again(errno)) {
            c->client_reset = errno == ECONNRESET;
            *alive = false;
            return true;
        }
    }
    if (c->up_len > 0U) {
        n = send(c->pfd, c->up + c->up_off, c->up_len - c->up_off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            c->up_off += (size_t)n;
            if (c->up_off == c->up_len) {
                c->up_len = 0;
            }
            moved = true;
        } else if (n < 0 && !is_again(errno)) {
            /* The target is gone for writing; what it sends is still relayed. */
            c->up_len = 0;
            c->client_eof = true;
            c->up_done = true;
        }
    }
    if (c->client_eof && c->up_len == 0U && !c->up_done) {
        (void)shutdown(c->pfd, SHUT_WR);
        c->up_done = true;
        moved = true;
    }

    /* target -> client */
    if (!c->server_eof && c->down_len == 0U) {
        n = recv(c->pfd, c->down, sizeof(c->down), MSG_DONTWAIT);
        if (n > 0) {
            c->down_len = (size_t)n;
            c->down_off = 0;
            moved = true;
        } else if (n == 0) {
            c->server_eof = true;
            moved = true;
        } else if (!is_again(errno)) {
            c->server_reset = errno == ECONNRESET;
            *alive = false;
            return true;
        }
    }
    if (c->down_len > 0U) {
        n = lwip_send(c->lfd, c->down + c->down_off, c->down_len - c->down_off, MSG_DONTWAIT);
        if (n > 0) {
            c->down_off += (size_t)n;
            if (c->down_off == c->down_len) {
                c->down_len = 0;
            }
            moved = true;
        } else if (n < 0 && !is_again(errno)) {
            c->client_reset = errno == ECONNRESET;
            *alive = false;
            return true;
        }
    }
    if (c->server_eof && c->down_len == 0U) {
        /* The target is done: pass its FIN on by closing, after discarding
         * what the client sent meanwhile (unread data would turn lwIP's
         * FIN into an RST). Not lwip_shutdown(SHUT_WR): lwIP 2.1.3 frees
         * the pcb behind the netconn's back when the peer's FIN is read
         * after our own (LAST_ACK) and the later close frees it again. */
        while (lwip_recv(c->lfd, c->up, sizeof(c->up), MSG_DONTWAIT) > 0) {
        }
        *alive = false;
        return true;
    }
    return moved;
}

/* Nothing moved: wait a little for either side. There is no call that
 * waits on an lwIP socket and a POSIX socket at once, so each gets 1 ms. */
static void relay_idle(const relay_conn_t *c)
{
    struct pollfd lp;
    struct pollfd pp;

    memset(&lp, 0, sizeof(lp));
    lp.fd = c->lfd;
    lp.events = (short)((c->client_eof || c->up_len > 0U || atomic_load(&relay_paused) ? 0 : POLLIN) |
                        (c->down_len > 0U ? POLLOUT : 0));
    (void)lwip_poll(&lp, 1, 1);
    memset(&pp, 0, sizeof(pp));
    pp.fd = c->pfd;
    pp.events = (short)((c->server_eof || c->down_len > 0U ? 0 : POLLIN) |
                        (c->up_len > 0U ? POLLOUT : 0));
    (void)poll(&pp, 1, 1);
}

/* Send an RST on an lwIP TCP socket. The socket API has no way to ask for
 * one (lwIP's SO_LINGER 0 aborts only when unsent data is left), so the
 * test reaches the pcb and aborts it under the core lock. */
static void lwip_abort_socket(int fd)
{
    struct lwip_sock *sock = lwip_socket_dbg_get_socket(fd);
    LOCK_TCPIP_CORE();
    /* Not in TIME_WAIT: lwIP frees such a pcb on abort without telling the
     * netconn, which would then free it again on close. */
    if (sock != NULL && sock->conn != NULL && sock->conn->pcb.tcp != NULL &&
        sock->conn->pcb.tcp->state != TIME_WAIT) {
        tcp_abort(sock->conn->pcb.tcp);
    }
    UNLOCK_TCPIP_CORE();
}

static relay_conn_t relay_conn; /* one connection at a time; 8 KiB off the stack */

static void relay_serve(int lfd)
{
    relay_conn_t *c = &relay_conn;
    struct sockaddr_in to;
    int one = 1;
    bool alive = true;

    memset(c, 0, sizeof(*c));
    c->lfd = lfd;
    (void)lwip_fcntl(lfd, F_SETFL, O_NONBLOCK);
    /* The relay must not add latency of its own: without this, Nagle holds
     * each small TLS record it forwards until the client's delayed ACK. */
    (void)lwip_setsockopt(lfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    c->pfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&to, 0, sizeof(to));
    to.sin_family = AF_INET;
    to.sin_port = htons((uint16_t)atomic_load(&relay_target));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (c->pfd >= 0) {
        (void)setsockopt(c->pfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    if (c->pfd < 0 || connect(c->pfd, (struct sockaddr *)&to, sizeof(to)) != 0) {
        if (c->pfd >= 0) {
            close(c->pfd);
        }
        lwip_abort_socket(lfd);
        (void)lwip_close(lfd);
        atomic_fetch_add(&relay_finished_count, 1U);
        return;
    }
    while (alive && !atomic_load(&relay_stop_flag)) {
        if (!relay_step(c, &alive) && alive) {
            relay_idle(c);
        }
    }
    if (c->server_reset) {
        lwip_abort_socket(lfd);
    }
    if (c->client_reset) {
        struct linger lg = { 1, 0 };
        (void)setsockopt(c->pfd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    }
    (void)lwip_close(lfd);
    close(c->pfd);
    atomic_fetch_add(&relay_finished_count, 1U);
}

static void *relay_main(void *arg)
{
    (void)arg;
    while (!atomic_load(&relay_stop_flag)) {
        struct pollfd pfds[2];
        nfds_t n = 0;
        nfds_t i;
        memset(pfds, 0, sizeof(pfds));
        pfds[n].fd = relay_listen4;
        pfds[n++].events = POLLIN;
        if (relay_listen6 >= 0) {
            pfds[n].fd = relay_listen6;
            pfds[n++].events = POLLIN;
        }
        if (lwip_poll(pfds, n, 50) <= 0) {
            continue;
        }
        for (i = 0; i < n; i++) {
            if (pfds[i].revents & POLLIN) {
                int fd = lwip_accept(pfds[i].fd, NULL, NULL);
                if (fd >= 0) {
                    atomic_fetch_add(&relay_accepted_count, 1U);
                    relay_serve(fd);
                }
            }
        }
    }
    return NULL;
}

static int relay_listener(int family)
{
    struct ifreq ifr;
    struct sockaddr_storage ss;
    socklen_t len;
    int one = 1;
    int fd = lwip_socket(family, SOCK_STREAM, IPPROTO_TCP);

    if (fd < 0) {
        return -1;
    }
    memset(&ss, 0, sizeof(ss));
    if (family == AF_INET) {
        struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
        sin->sin_family = AF_INET;
        sin->sin_port = htons(TNET_RELAY_PORT);
        (void)inet_pton(AF_INET, TNET_SERVER_ADDR, &sin->sin_addr);
        len = sizeof(*sin);
    } else {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(TNET_RELAY_PORT);
        (void)inet_pton(AF_INET6, TNET_SERVER_ADDR6, &sin6->sin6_addr);
        len = sizeof(*sin6);
    }
    (void)lwip_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    /* Bound to "ws": accepted connections inherit the netif, so the relay's
     * packets leave through the server netif onto the wire instead of
     * short-circuiting to the client's address via lwIP's loopback. */
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "ws%u", (unsigned)nif_server.num);
    if (lwip_bind(fd, (struct sockaddr *)&ss, len) != 0 ||
        lwip_setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, &ifr, sizeof(ifr)) != 0 ||
        lwip_listen(fd, 4) != 0) {
        (void)lwip_close(fd);
        return -1;
    }
    return fd;
}

int relay_start(void)
{
    relay_listen4 = relay_listener(AF_INET);
    if (relay_listen4 < 0) {
        return -1;
    }
#if LWIP_IPV6
    relay_listen6 = relay_listener(AF_INET6);
    if (relay_listen6 < 0) {
        return -1;
    }
#endif
    atomic_store(&relay_stop_flag, 0);
    return pthread_create(&relay_thread, NULL, relay_main, NULL) == 0 ? 0 : -1;
}

void relay_stop(void)
{
    atomic_store(&relay_stop_flag, 1);
    pthread_join(relay_thread, NULL);
    (void)lwip_close(relay_listen4);
    if (relay_listen6 >= 0) {
        (void)lwip_close(relay_listen6);
    }
}

void relay_set_target(uint16_t posix_port) { atomic_store(&relay_target, posix_port); }
void relay_pause_upstream(bool pause) { atomic_store(&relay_paused, pause ? 1 : 0); }
unsigned relay_accepted(void) { return atomic_load(&relay_accepted_count); }
unsigned relay_finished(void) { return atomic_load(&relay_finished_count); }

bool relay_wait_finished(unsigned n, uint32_t timeout_ms)
{
    uint64_t end = t_now_ms() + timeout_ms;
    while (relay_finished() < n) {
        if (t_now_ms() >= end) {
            return false;
        }
        t_sleep_ms(2);
    }
    return true;
}

/* -------------------------------------------------------- POSIX servers */

#define PSRV_MAX 4

typedef struct {
    int fd;
    psrv_kind_t kind;
    pthread_t thread;
} psrv_t;

static psrv_t psrv[PSRV_MAX];
static int psrv_count;
static atomic_int psrv_stop_flag;

static void psrv_echo(int fd)
{
    uint8_t buf[8192];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof(buf), 0);
        ssize_t off = 0;
        if (n <= 0) {
            return;
        }
        while (off < n) {
            ssize_t w = send(fd, buf + off, (size_t)(n - off), MSG_NOSIGNAL);
            if (w <= 0) {
                return;
            }
            off += w;
        }
    }
}

static void *psrv_main(void *arg)
{
    psrv_t *s = (psrv_t *)arg;
    while (!atomic_load(&psrv_stop_flag)) {
        struct pollfd pfd = { s->fd, POLLIN, 0 };
        int c;
        if (poll(&pfd, 1, 50) <= 0) {
            continue;
        }
        c = accept(s->fd, NULL, NULL);
        if (c < 0) {
            continue;
        }
        switch (s->kind) {
        case PSRV_ECHO:
            psrv_echo(c);
            break;
        case PSRV_HELLO_CLOSE:
            (void)send(c, "hello\n", 6, MSG_NOSIGNAL);
            break;
        case PSRV_RESET: {
            uint8_t b;
            struct linger lg = { 1, 0 };
            struct pollfd in = { c, POLLIN, 0 };
            if (poll(&in, 1, 5000) > 0 && recv(c, &b, 1, 0) == 1) {
                (void)send(c, "partial", 7, MSG_NOSIGNAL);
                t_sleep_ms(100); /* let "partial" reach the relay first */
            }
            (void)setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
            break;
        }
        }
        close(c);
    }
    return NULL;
}

uint16_t psrv_start(psrv_kind_t kind)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    psrv_t *s;
    int one = 1;

    if (psrv_count >= PSRV_MAX) {
        return 0;
    }
    s = &psrv[psrv_count];
    s->kind = kind;
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->fd < 0) {
        return 0;
    }
    (void)setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s->fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s->fd, 8) != 0 ||
        getsockname(s->fd, (struct sockaddr *)&a, &len) != 0 ||
        pthread_create(&s->thread, NULL, psrv_main, s) != 0) {
        close(s->fd);
        return 0;
    }
    psrv_count++;
    return ntohs(a.sin_port);
}

void psrv_stop_all(void)
{
    int i;
    atomic_store(&psrv_stop_flag, 1);
    for (i = 0; i < psrv_count; i++) {
        pthread_join(psrv[i].thread, NULL);
        close(psrv[i].fd);
    }
    psrv_count = 0;
}
