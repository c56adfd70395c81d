/**
 * @file http_proxy.h
 * @brief A transport that tunnels through an HTTP proxy with CONNECT.
 *
 * Wraps any lower ::rmqdr_transport_t (the POSIX or lwIP socket transport):
 * connect() opens the lower transport to the proxy, sends
 * `CONNECT host:port HTTP/1.1` (RFC 9110 section 9.3.6) with an optional
 * `Proxy-Authorization: Basic` header (RFC 7617, RFC 9110 section 11.7.2),
 * and on a 2xx reply hands over the raw tunnel. The TLS transport then runs
 * over it to the real host and verifies the real host's certificate, exactly
 * as without a proxy: the proxy sees only ciphertext.
 *
 * Credentials: the user name and password are read only to build the one
 * header of the CONNECT request; they never appear in
 * ::rmqdr_http_proxy_error_reason or any other output of this module.
 *
 * Memory: everything is in the caller's ::rmqdr_http_proxy_t (no malloc).
 */
#ifndef RMQDR_HTTP_PROXY_H
#define RMQDR_HTTP_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/port.h"
#include "rmqdr/status.h"
#include "rmqdr/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef RMQDR_PROXY_REPLY_MAX
/**
 * Bytes of the proxy's CONNECT reply (status line and headers) that fit;
 * a longer reply is refused as malformed. Proxies answer in well under
 * 300 bytes.
 */
#define RMQDR_PROXY_REPLY_MAX 1024U
#endif

#ifndef RMQDR_PROXY_CRED_MAX
/** Longest user name, and longest password, accepted (bytes). */
#define RMQDR_PROXY_CRED_MAX 255U
#endif

/** Where the proxy is and how to log in to it. */
typedef struct {
    /** Proxy host name or numeric address (no brackets), NUL-terminated. */
    const char *host;
    /** Proxy TCP port, 1..65535. */
    uint16_t port;
    /**
     * User name for Basic authentication, or NULL for none. Printable
     * ASCII without ':' (RFC 7617), at most RMQDR_PROXY_CRED_MAX bytes.
     */
    const char *username;
    /** Password (printable ASCII, at most RMQDR_PROXY_CRED_MAX bytes); NULL is "". */
    const char *password;
    /**
     * Optional (may be NULL, or its now_ms may fail): holds the TCP connect
     * and the CONNECT exchange together to connect()'s timeout; without it
     * each step gets the whole timeout.
     */
    const rmqdr_platform_t *platform;
} rmqdr_http_proxy_config_t;

/** What the last connect() ended with, for ::rmqdr_http_proxy_error_reason. */
typedef enum {
    RMQDR_PROXY_OK = 0,          /**< Tunnel open, or nothing tried yet. */
    RMQDR_PROXY_UNREACHABLE,     /**< The proxy itself could not be reached. */
    RMQDR_PROXY_IO,              /**< The CONNECT exchange broke off (timeout, reset, close). */
    RMQDR_PROXY_REFUSED,         /**< The proxy answered CONNECT with a non-2xx status. */
    RMQDR_PROXY_AUTH_REQUIRED,   /**< 407 (or 401) and no credentials were configured. */
    RMQDR_PROXY_AUTH_FAILED,     /**< 407 (or 401) although credentials were sent. */
    RMQDR_PROXY_MALFORMED        /**< The reply was not HTTP/1.x or too long. */
} rmqdr_proxy_outcome_t;

/** One tunnel at a time through one proxy; caller-owned, do not copy. */
typedef struct {
    rmqdr_transport_t lower;          /**< Copy of the transport to the proxy. */
    rmqdr_http_proxy_config_t config; /**< Copy (the strings are not copied). */
    /** Reply bytes; after the headers, tunnel bytes not yet handed to recv. */
    uint8_t buf[RMQDR_PROXY_REPLY_MAX];
    size_t buf_len;                   /**< Bytes held in @ref buf. */
    size_t buf_pos;                   /**< Next tunnel byte of @ref buf for recv. */
    bool connected;                   /**< A tunnel is open. */
    rmqdr_proxy_outcome_t outcome;    /**< How the last connect() ended. */
    rmqdr_status_t lower_status;      /**< Lower transport's status of a failure. */
    int http_status;                  /**< Status code of the last CONNECT reply, 0 if none. */
    char reason_phrase[48];           /**< Its reason phrase (printable ASCII, truncated). */
} rmqdr_http_proxy_t;

/**
 * @brief Prepare @p proxy over @p lower; checks the configuration.
 * @param proxy  Caller-owned state.
 * @param lower  Transport that reaches the proxy; copied, its ctx must outlive @p proxy.
 * @param config Proxy address and credentials; the strings must outlive @p proxy.
 * @return RMQDR_OK; RMQDR_ERR_BAD_ARGUMENT for NULLs, an empty host, port 0,
 *         a control character or a ':' in the user name, a control character
 *         in the password or host, or credentials longer than
 *         RMQDR_PROXY_CRED_MAX.
 */
rmqdr_status_t rmqdr_http_proxy_init(rmqdr_http_proxy_t *proxy, const rmqdr_transport_t *lower,
                                     const rmqdr_http_proxy_config_t *config);

/**
 * @brief Fill @p transport with the proxy functions below; its ctx is @p proxy.
 * @param[out] transport Receives connect, send, recv, close, last_error and
 *        ctx; NULL is ignored.
 * @param proxy State from rmqdr_http_proxy_init(); must outlive @p transport.
 */
void rmqdr_http_proxy_transport_init(rmqdr_transport_t *transport, rmqdr_http_proxy_t *proxy);

/**
 * @brief Open a tunnel to @p host : @p port through the proxy
 *        (rmqdr_transport_t::connect).
 *
 * The target is sent as the CONNECT request-target in authority-form
 * (RFC 9112 section 3.2.3), an IPv6 literal in brackets.
 * @param ctx  An ::rmqdr_http_proxy_t from rmqdr_http_proxy_init().
 * @param host Target host name or address (no brackets), NUL-terminated.
 * @param port Target TCP port, 1..65535.
 * @param timeout_ms Bounds the TCP connect to the proxy and the CONNECT
 *                   exchange together (see rmqdr_http_proxy_config_t::platform).
 * @return RMQDR_OK; the lower transport's status when the proxy cannot be
 *         reached (RMQDR_ERR_DNS, RMQDR_ERR_CONNECT, RMQDR_ERR_TIMEOUT...);
 *         RMQDR_ERR_TIMEOUT or RMQDR_ERR_RESET when the exchange breaks off;
 *         RMQDR_ERR_CONNECT when the proxy refuses (any non-2xx status,
 *         407 included) or answers with something that is not HTTP/1.x;
 *         RMQDR_ERR_BAD_ARGUMENT for a host with control characters or
 *         longer than 253 bytes. Details: ::rmqdr_http_proxy_error_reason.
 */
rmqdr_status_t rmqdr_http_proxy_connect(void *ctx, const char *host, uint16_t port,
                                        uint32_t timeout_ms);

/**
 * @brief Send through the tunnel (rmqdr_transport_t::send): the lower send.
 * @param ctx        An ::rmqdr_http_proxy_t with an open tunnel.
 * @param buf        Bytes to send (not kept after the call).
 * @param len        Bytes at @p buf.
 * @param[out] sent  Bytes the lower transport accepted (0 on error).
 * @param timeout_ms Longest wait, in milliseconds.
 * @return The lower transport's status; RMQDR_ERR_BAD_ARGUMENT when no
 *         tunnel is open or @p ctx is NULL.
 */
rmqdr_status_t rmqdr_http_proxy_send(void *ctx, const uint8_t *buf, size_t len, size_t *sent,
                                     uint32_t timeout_ms);

/**
 * @brief Receive from the tunnel (rmqdr_transport_t::recv): bytes that came
 *        with the CONNECT reply first, then the lower recv.
 * @param ctx           An ::rmqdr_http_proxy_t with an open tunnel.
 * @param[out] buf      Receives the bytes.
 * @param len           Capacity of @p buf in bytes, at least 1.
 * @param[out] received Bytes stored at @p buf (0 on error).
 * @param timeout_ms    Longest wait, in milliseconds (not used while bytes
 *                      of the CONNECT reply are pending).
 * @return RMQDR_OK, or the lower transport's status (RMQDR_ERR_TIMEOUT,
 *         RMQDR_ERR_CLOSED, RMQDR_ERR_RESET...); RMQDR_ERR_BAD_ARGUMENT when
 *         no tunnel is open, for NULL pointers or @p len 0.
 */
rmqdr_status_t rmqdr_http_proxy_recv(void *ctx, uint8_t *buf, size_t len, size_t *received,
                                     uint32_t timeout_ms);

/**
 * @brief Close the tunnel and the connection to the proxy
 *        (rmqdr_transport_t::close); harmless when nothing is open.
 * @param ctx An ::rmqdr_http_proxy_t, or NULL (ignored).
 */
void rmqdr_http_proxy_close(void *ctx);

/**
 * @brief rmqdr_transport_t::last_error: the lower transport's errno (0 when
 *        the proxy answered but refused or was malformed), never a TLS code.
 * @param ctx            An ::rmqdr_http_proxy_t.
 * @param[out] os_error  The lower transport's OS error, or 0. May be NULL.
 * @param[out] tls_error Always 0. May be NULL.
 */
void rmqdr_http_proxy_last_error(void *ctx, int32_t *os_error, int32_t *tls_error);

/**
 * @brief One line on why the last connect failed, e.g. "proxy 10.0.0.1:3128
 *        refused CONNECT: HTTP 403 Forbidden", or "" when it did not fail.
 * Names the proxy by host and port only; never contains the credentials.
 * @param proxy State of the last connect; NULL gives "".
 * @param[out] buf Receives the line (truncated to fit).
 * @param size  Bytes at @p buf; 0 writes nothing. 512 bytes always hold
 *        the whole line (host names are at most 253 bytes).
 * @return Length written (without the NUL); @p buf is always NUL-terminated
 *         when @p size > 0.
 */
size_t rmqdr_http_proxy_error_reason(const rmqdr_http_proxy_t *proxy, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_HTTP_PROXY_H */
