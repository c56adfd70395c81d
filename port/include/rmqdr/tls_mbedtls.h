/**
 * @file tls_mbedtls.h
 * @brief TLS transport (mbedTLS 3.6 LTS or 2.28 LTS) layered over any other transport.
 *
 * The TLS layer knows nothing about sockets: it reads and writes through a
 * lower ::rmqdr_transport_t (the POSIX socket port on Linux, lwIP on boards),
 * so one implementation serves every target. Its security settings are not
 * options: the server chain and host name are always verified and TLS 1.2
 * is the minimum, because this client signs requests with a long-lived
 * AccessKey and must never talk to an impostor or a downgraded peer.
 *
 * Memory: every mbedTLS object lives in the caller's ::rmqdr_tls_t, so the
 * library itself never calls malloc. mbedTLS does allocate internally (record
 * buffers, the parsed CA chain, the saved session) through its platform
 * allocator, which on boards is pointed at a static arena
 * (mbedtls_memory_buffer_alloc_init) before ::rmqdr_tls_init.
 *
 * Randomness: the ::rmqdr_platform_t random hook seeds and reseeds the
 * transport's CTR-DRBG directly, which the TLS layer uses. With mbedTLS 3.6
 * the transport also calls psa_crypto_init(), and PSA crypto (which TLS 1.3
 * key exchange runs on) draws from its own generator: on Linux the OS
 * entropy source of mbedTLS's default configuration, on a board whatever
 * its configuration header provides (MBEDTLS_ENTROPY_HARDWARE_ALT or
 * MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG); see docs/PORTING.md.
 *
 * Protocol: TLS 1.3 (RFC 8446, mbedTLS 3.6) and TLS 1.2 (RFC 5246) are
 * offered, 1.2 is the minimum. Sessions are resumed by session ID or ticket
 * (TLS 1.2) and by ticket/PSK (TLS 1.3, tickets arrive after the handshake
 * and are picked up by ::rmqdr_tls_recv). Version differences between 2.28
 * and 3.6 are confined to port/mbedtls/tls_compat.h.
 *
 * One ::rmqdr_tls_t serves one connection at a time and may be reconnected
 * any number of times; the last session is offered again to the same host
 * and port so a reconnect costs an abbreviated handshake.
 */
#ifndef RMQDR_TLS_MBEDTLS_H
#define RMQDR_TLS_MBEDTLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "rmqdr/port.h"
#include "rmqdr/status.h"
#include "rmqdr/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef RMQDR_TLS_DEFAULT_CA_FILE
/**
 * CA bundle loaded when the configuration names neither a file nor a buffer.
 * The Debian/Ubuntu/Alpine path; override at build time for other systems
 * (e.g. "/etc/pki/tls/certs/ca-bundle.crt" on Fedora).
 */
#define RMQDR_TLS_DEFAULT_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#endif

#ifndef RMQDR_TLS_HOST_MAX
/**
 * Bytes kept of the host a saved session belongs to, NUL included: a DNS
 * name is at most 253 characters. A session is offered again only to the
 * host and port it came from, since resuming skips certificate checks.
 */
#define RMQDR_TLS_HOST_MAX 256U
#endif

#ifndef RMQDR_TLS_CLOSE_TIMEOUT_MS
/**
 * How long close() may wait to send close_notify. close has no timeout of
 * its own, and a peer that stopped reading must not hang it.
 */
#define RMQDR_TLS_CLOSE_TIMEOUT_MS 1000U
#endif

/** What ::rmqdr_tls_init needs besides the lower transport. */
typedef struct {
    /**
     * Path of a CA bundle (PEM, several certificates allowed, or one DER
     * certificate). NULL together with a NULL ca_buf means
     * RMQDR_TLS_DEFAULT_CA_FILE. Needs MBEDTLS_FS_IO.
     */
    const char *ca_file;
    /**
     * CA certificates in memory, for boards without a file system. PEM must
     * end with a NUL byte that @ref ca_len counts (as sizeof does for a
     * string literal): mbedTLS tells PEM from DER by it. May be used
     * together with ca_file; both are trusted then.
     */
    const uint8_t *ca_buf;
    /** Length of @ref ca_buf in bytes, NUL included for PEM. */
    size_t ca_len;
    /**
     * Hooks used for the DRBG seed (random, required) and to hold a whole
     * handshake to the connect timeout (now_ms; if it fails, each read and
     * write gets the full timeout instead). Must outlive the TLS context.
     */
    const rmqdr_platform_t *platform;
} rmqdr_tls_config_t;

/**
 * @brief One TLS connection and the state kept across reconnects.
 *
 * Allocate it anywhere (static, stack, inside a larger struct) but do not
 * move or copy it after ::rmqdr_tls_init: mbedTLS keeps pointers between its
 * members. Fields are public only so the size is known at compile time;
 * read them through the functions below, except the two counters.
 */
typedef struct {
    rmqdr_transport_t lower;          /**< Copy of the transport TLS runs over. */
    const rmqdr_platform_t *platform; /**< From the configuration. */

    mbedtls_ssl_context ssl;          /**< The connection. */
    mbedtls_ssl_config conf;          /**< Client settings, fixed at init. */
    mbedtls_ctr_drbg_context drbg;    /**< Random generator for the handshake. */
    mbedtls_x509_crt ca;              /**< Trusted roots. */
    mbedtls_ssl_session session;      /**< Last session, offered on reconnect. */

    /** Host the saved session belongs to (NUL-terminated). */
    char session_host[RMQDR_TLS_HOST_MAX];
    uint16_t session_port;            /**< Port the saved session belongs to. */
    bool have_session;                /**< Whether @ref session holds one. */

    bool initialised;                 /**< Set by a successful init, cleared by free. */
    bool connected;                   /**< A handshake completed and no close yet. */
    bool broken;                      /**< A fatal error happened: skip close_notify. */
    bool needs_reset;                 /**< ssl was used; reset before the next handshake. */

    /** Deadline of the current operation (platform clock, ms); see have_deadline. */
    int64_t deadline_ms;
    bool have_deadline;               /**< False when the clock hook failed. */
    uint32_t op_timeout_ms;           /**< Timeout of the current operation. */
    rmqdr_status_t lower_status;      /**< What the lower transport last reported. */
    /**
     * Length handed to mbedtls_ssl_write when it last stopped mid-record:
     * mbedTLS requires the retry to pass the same data.
     */
    size_t write_pending;
    /**
     * The record of @ref write_pending went out while a TLS 1.3 ticket was
     * processed; the next send reports it sent without writing again.
     */
    bool write_flushed;

    int last_error;                   /**< Last mbedTLS error code (negative), 0 if none. */
    uint32_t verify_flags;            /**< X.509 flags of the last failed verification. */
    /** The server showed a certificate in the current handshake (a full one). */
    bool saw_certificate;

    /** Handshakes that ran in full (certificate checked), for --verbose and tests. */
    uint32_t full_handshakes;
    /** Handshakes that resumed a saved session. */
    uint32_t resumed_handshakes;
} rmqdr_tls_t;

/**
 * @brief Prepare @p tls: seed the DRBG, load the CAs, fix the settings.
 *
 * Heavy work (CA parsing, DRBG seeding, record buffers) happens here once,
 * not on every connect.
 * @param tls    Caller-owned context; any previous content is ignored.
 * @param lower  Transport to run over; copied, but its ctx must outlive @p tls.
 * @param config CA source and platform hooks.
 * @return RMQDR_OK; RMQDR_ERR_BAD_ARGUMENT; RMQDR_ERR_TLS_CA when no CA could
 *         be loaded; RMQDR_ERR_PORT_RANDOM when the random hook failed;
 *         RMQDR_ERR_TLS (mbedTLS out of memory). On failure nothing needs
 *         freeing (::rmqdr_tls_free is still harmless).
 */
rmqdr_status_t rmqdr_tls_init(rmqdr_tls_t *tls, const rmqdr_transport_t *lower,
                              const rmqdr_tls_config_t *config);

/**
 * @brief Fill @p transport with the TLS functions; its ctx is @p tls.
 * @param[out] transport Receives connect, send, recv, close, last_error and
 *        ctx; NULL is ignored.
 * @param tls Context from ::rmqdr_tls_init; must outlive @p transport.
 */
void rmqdr_tls_transport_init(rmqdr_transport_t *transport, rmqdr_tls_t *tls);

/**
 * @brief Connect the lower transport and complete the handshake
 *        (rmqdr_transport_t::connect).
 *
 * @p timeout_ms covers the TCP connect and the handshake together. On any
 * failure the lower transport is closed again, so no application byte can
 * follow a failed verification.
 * A connection still open in @p ctx is closed first.
 * @param ctx  An ::rmqdr_tls_t from ::rmqdr_tls_init.
 * @param host Name checked against the certificate (RFC 6125) and sent as
 *             SNI (RFC 6066 section 3), NUL-terminated; also passed to the
 *             lower transport's connect.
 * @param port TCP port, 1..65535 (443 for the service).
 * @param timeout_ms Budget in milliseconds for the lower connect and the
 *             handshake together (when the platform clock works).
 * @return RMQDR_OK; the lower transport's status (RMQDR_ERR_DNS,
 *         RMQDR_ERR_CONNECT, RMQDR_ERR_TIMEOUT, RMQDR_ERR_RESET, ...);
 *         RMQDR_ERR_TLS_VERIFY (chain, host name, validity dates);
 *         RMQDR_ERR_TLS_HANDSHAKE (version, ciphers, alert, peer hung up);
 *         RMQDR_ERR_TLS (anything else); RMQDR_ERR_BAD_ARGUMENT for a NULL
 *         or uninitialised @p ctx or a NULL/empty @p host. Details:
 *         ::rmqdr_tls_error_reason.
 */
rmqdr_status_t rmqdr_tls_connect(void *ctx, const char *host, uint16_t port,
                                 uint32_t timeout_ms);

/**
 * @brief Encrypt and send up to @p len bytes (rmqdr_transport_t::send).
 *
 * At most one record (16 KiB) goes per call. After RMQDR_ERR_TIMEOUT the
 * next call must offer the same bytes again (at least as many), because part
 * of the record may already be on the wire.
 * @param ctx        A connected ::rmqdr_tls_t.
 * @param buf        Plaintext to send.
 * @param len        Bytes at @p buf (0 succeeds at once).
 * @param[out] sent  Plaintext bytes taken (0 on error).
 * @param timeout_ms Longest wait, in milliseconds.
 * @return RMQDR_OK; RMQDR_ERR_TIMEOUT; RMQDR_ERR_CLOSED; the lower
 *         transport's error; RMQDR_ERR_TLS; RMQDR_ERR_BAD_ARGUMENT when not
 *         connected or the retry rule above is broken.
 */
rmqdr_status_t rmqdr_tls_send(void *ctx, const uint8_t *buf, size_t len,
                              size_t *sent, uint32_t timeout_ms);

/**
 * @brief Receive and decrypt up to @p len bytes (rmqdr_transport_t::recv).
 *
 * A TLS 1.3 NewSessionTicket arriving here is stored for the next connect.
 * @param ctx           A connected ::rmqdr_tls_t.
 * @param[out] buf      Receives plaintext.
 * @param len           Capacity of @p buf in bytes, at least 1.
 * @param[out] received Plaintext bytes stored (0 on error).
 * @param timeout_ms    Longest wait, in milliseconds.
 * @return RMQDR_OK with *received > 0; RMQDR_ERR_TIMEOUT; RMQDR_ERR_CLOSED
 *         on close_notify or when the connection ends without it (the HTTP
 *         layer's framing catches a truncated body); the lower transport's
 *         error; RMQDR_ERR_TLS (e.g. a bad MAC); RMQDR_ERR_BAD_ARGUMENT when
 *         not connected, after a fatal error, for NULL pointers or @p len 0.
 */
rmqdr_status_t rmqdr_tls_recv(void *ctx, uint8_t *buf, size_t len,
                              size_t *received, uint32_t timeout_ms);

/**
 * @brief Send close_notify (bounded by RMQDR_TLS_CLOSE_TIMEOUT_MS) unless
 *        the connection is broken, then close the lower transport
 *        (rmqdr_transport_t::close). The saved session is kept.
 * @param ctx An ::rmqdr_tls_t; NULL or an uninitialised one is ignored.
 */
void rmqdr_tls_close(void *ctx);

/**
 * @brief Close if needed and release all mbedTLS state.
 *
 * Safe on a context whose init failed, that was zero-filled, or that was
 * already freed. The lower transport is closed but not otherwise touched.
 * @param tls Context to release; NULL is ignored. ::rmqdr_tls_init is
 *        needed before it is used again.
 */
void rmqdr_tls_free(rmqdr_tls_t *tls);

/**
 * @brief Drop the saved session so the next connect runs a full handshake
 *        (e.g. after rotating the trusted CAs).
 * @param tls Context; NULL or an uninitialised one is ignored.
 */
void rmqdr_tls_forget_session(rmqdr_tls_t *tls);

/**
 * @brief Protocol of the current connection as mbedTLS names it ("TLSv1.3",
 *        "TLSv1.2"), e.g. for --verbose; "unknown" when not connected.
 * @param tls Context; NULL gives "unknown".
 * @return Static NUL-terminated text; never NULL.
 */
const char *rmqdr_tls_protocol(const rmqdr_tls_t *tls);

/**
 * @brief Last mbedTLS error code, for logs.
 * @param tls Context; NULL gives 0.
 * @return Negative mbedTLS code (MBEDTLS_ERR_*), or 0 if none.
 */
int rmqdr_tls_last_error(const rmqdr_tls_t *tls);

/**
 * @brief X.509 verification flags of the last failed handshake
 *        (MBEDTLS_X509_BADCERT_*), or 0.
 * @param tls Context; NULL gives 0.
 * @return Bit set of MBEDTLS_X509_BADCERT_* / BADCRL_* flags, 0 if none.
 */
uint32_t rmqdr_tls_verify_flags(const rmqdr_tls_t *tls);

/**
 * @brief Write a one-line reason for the last failure into @p buf.
 *
 * Combines the mbedTLS error text, the certificate verification findings and
 * the lower transport's status, e.g. "X509 - Certificate verification failed
 * (-0x2700); certificate: The certificate validity has expired". Always
 * NUL-terminates when @p size > 0 and truncates to fit. Holds no secret.
 * @param tls Context; NULL gives "".
 * @param[out] buf Receives the line.
 * @param size Bytes at @p buf; 0 writes nothing.
 * @return Length of the text written, without the NUL.
 */
size_t rmqdr_tls_error_reason(const rmqdr_tls_t *tls, char *buf, size_t size);

/**
 * @brief The platform detail of the last failure
 *        (rmqdr_transport_t::last_error, set by ::rmqdr_tls_transport_init).
 * @param ctx       An ::rmqdr_tls_t.
 * @param[out] os_error  What the lower transport's last_error hook reports
 *                       (the socket's errno), 0 if it has none. May be NULL.
 * @param[out] tls_error Last mbedTLS error code (negative, see
 *                       ::rmqdr_tls_last_error), 0 if none. May be NULL.
 */
void rmqdr_tls_transport_last_error(void *ctx, int32_t *os_error, int32_t *tls_error);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_TLS_MBEDTLS_H */
