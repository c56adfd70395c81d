/* `--metrics-listen`: GET /metrics over HTTP with GNU libmicrohttpd.
 *
 * Why libmicrohttpd: packaged in Debian (libmicrohttpd-dev), maintained by
 * GNU, C with no further dependency at run time for plain HTTP, and it has
 * the limits this listener needs as options (connection count, per-IP
 * count, idle timeout, a per-connection memory pool that bounds the request
 * line plus headers). It runs its own polling thread, so the watch loop
 * never waits on a scraper: a slow client holds one of a bounded number of
 * connections until the idle timeout, nothing more.
 *
 * Only GET (and HEAD) /metrics; other paths 404, other methods 405. */
#define _GNU_SOURCE 1
#include "metrics.h"

#ifdef RMQDR_NO_METRICS_HTTP

struct metrics_server {
    char none; /* no listener in this build */
};

metrics_server_t *metrics_serve(metrics_t *m, const char *addr, char *err, size_t err_size)
{
    static const metrics_server_t none = { 0 };

    (void)m;
    (void)addr;
    (void)none.none;
    (void)snprintf(err, err_size, "--metrics-listen: this build has no HTTP listener "
                                  "(static build); use --metrics-file");
    return NULL;
}

uint16_t metrics_server_port(const metrics_server_t *srv)
{
    (void)srv;
    return 0U;
}

void metrics_server_stop(metrics_server_t *srv)
{
    (void)srv;
}

#else

#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define LISTEN_CONNECTIONS   32U   /* simultaneous scrapers in all */
#define LISTEN_PER_IP        8U    /* simultaneous connections of one address */
#define LISTEN_IDLE_S        10U   /* a connection idle this long is closed */
#define LISTEN_MEMORY_BYTES  8192U /* request line + headers must fit (else 431/414) */

struct metrics_server {
    struct MHD_Daemon *daemon;
    metrics_t *metrics;
    uint16_t port;
};

typedef struct {
    struct MHD_Response *response;
} build_ctx_t;

static void build_response(void *ctx, const char *text, size_t len)
{
    build_ctx_t *b = ctx;

    b->response = MHD_create_response_from_buffer(len, (void *)(uintptr_t)text,
                                                  MHD_RESPMEM_MUST_COPY);
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int code, const char *type,
                             struct MHD_Response *r)
{
    enum MHD_Result ret;

    if (r == NULL) {
        return MHD_NO;
    }
    (void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (code == MHD_HTTP_METHOD_NOT_ALLOWED) {
        (void)MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    }
    ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

static struct MHD_Response *text_response(const char *text)
{
    return MHD_create_response_from_buffer(strlen(text), (void *)(uintptr_t)text,
                                           MHD_RESPMEM_PERSISTENT);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    metrics_server_t *srv = cls;
    metrics_format_t fmt;
    build_ctx_t b = { NULL };

    (void)version;
    (void)upload_data;
    (void)upload_data_size;
    (void)con_cls;
    if ((strcmp(method, MHD_HTTP_METHOD_GET) != 0) && (strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)) {
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                     text_response("method not allowed: use GET /metrics\n"));
    }
    if (strcmp(url, "/metrics") != 0) {
        return reply(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                     text_response("not found: the metrics are at /metrics\n"));
    }
    fmt = metrics_format_for_accept(
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT));
    metrics_read_published(srv->metrics, fmt, build_response, &b);
    return reply(c, MHD_HTTP_OK, metrics_content_type(fmt), b.response);
}

/* Splits "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT"; host NULL for none. */
static bool split_addr(const char *addr, char *host, size_t host_size, const char **port)
{
    const char *colon = strrchr(addr, ':');
    const char *h = addr;
    size_t hlen;

    if (colon == NULL) {
        *port = addr;
        host[0] = '\0';
        return true;
    }
    *port = &colon[1];
    hlen = (size_t)(colon - addr);
    if ((hlen >= 2U) && (addr[0] == '[') && (addr[hlen - 1U] == ']')) {
        h = &addr[1];
        hlen -= 2U;
    } else if (memchr(addr, ':', hlen) != NULL) {
        return false; /* a bare IPv6 address needs brackets */
    }
    if (hlen >= host_size) {
        return false;
    }
    (void)memcpy(host, h, hlen);
    host[hlen] = '\0';
    return true;
}

static bool valid_port(const char *p)
{
    size_t i;

    for (i = 0U; p[i] != '\0'; i++) {
        if ((p[i] < '0') || (p[i] > '9') || (i >= 5U)) {
            return false;
        }
    }
    return (i > 0U) && (strtol(p, NULL, 10) <= 65535L);
}

static struct addrinfo *resolve(const char *addr, char *err, size_t err_size)
{
    char host[256];
    const char *port = NULL;
    struct addrinfo hints;
    struct addrinfo *res = NULL;
    int rc;

    if (!split_addr(addr, host, sizeof host, &port) || !valid_port(port)) {
        (void)snprintf(err, err_size, "--metrics-listen: expected HOST:PORT, [IPV6]:PORT or "
                                      "PORT, got '%s'", addr);
        return NULL;
    }
    (void)memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
    rc = getaddrinfo((host[0] != '\0') ? host : "127.0.0.1", port, &hints, &res);
    if (rc != 0) {
        (void)snprintf(err, err_size, "--metrics-listen: %s: %s", addr, gai_strerror(rc));
        return NULL;
    }
    return res;
}

metrics_server_t *metrics_serve(metrics_t *m, const char *addr, char *err, size_t err_size)
{
    struct addrinfo *res = resolve(addr, err, err_size);
    metrics_server_t *srv;
    const union MHD_DaemonInfo *info;
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;

    if (res == NULL) {
        return NULL;
    }
    srv = calloc(1U, sizeof *srv);
    if (srv == NULL) {
        freeaddrinfo(res);
        (void)snprintf(err, err_size, "--metrics-listen: out of memory");
        return NULL;
    }
    srv->metrics = m;
    if (res->ai_family == AF_INET6) {
        flags |= MHD_USE_IPv6;
    }
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, handle, srv, MHD_OPTION_SOCK_ADDR, res->ai_addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)LISTEN_CONNECTIONS,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)LISTEN_PER_IP,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)LISTEN_IDLE_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LISTEN_MEMORY_BYTES, MHD_OPTION_END);
    freeaddrinfo(res);
    if (srv->daemon == NULL) {
        free(srv);
        (void)snprintf(err, err_size, "--metrics-listen: cannot listen on %s (address in use "
                                      "or not local?)", addr);
        return NULL;
    }
    info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = (info != NULL) ? info->port : 0U;
    return srv;
}

uint16_t metrics_server_port(const metrics_server_t *srv)
{
    return (srv != NULL) ? srv->port : 0U;
}

void metrics_server_stop(metrics_server_t *srv)
{
    if (srv != NULL) {
        MHD_stop_daemon(srv->daemon);
        free(srv);
    }
}

#endif
