/*
 * TLS transport over any rmqdr_transport_t, using mbedTLS 2.28
 * (see tls_mbedtls.h).
 *
 * Timeouts: every operation gets one deadline from the platform clock, and
 * each lower read or write is given only what is left of it, so a server
 * that trickles a handshake one byte at a time cannot stretch connect()
 * beyond its timeout. The bio callbacks turn a lower-level timeout into
 * WANT_READ/WANT_WRITE, which keeps mbedTLS's partial-record state intact;
 * since a lower timeout means the deadline has passed, the operation then
 * reports RMQDR_ERR_TIMEOUT instead of looping.
 */
#include "rmqdr/tls_mbedtls.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h> /* MBEDTLS_ERR_NET_* codes only */

/* Mixed into the DRBG seed so its stream differs from any other user of the
 * same entropy source. */
static const unsigned char drbg_personalization[] = "rmqdr-tls-mbedtls";

/* ---- deadline ---- */

static void start_op(rmqdr_tls_t *tls, uint32_t timeout_ms)
{
    tls->op_timeout_ms = timeout_ms;
    tls->lower_status = RMQDR_OK;
    tls->have_deadline = false;
    int64_t now = 0;
    if (tls->platform->now_ms != NULL &&
        tls->platform->now_ms(tls->platform->ctx, &now) == RMQDR_OK) {
        tls->deadline_ms = now + (int64_t)timeout_ms;
        tls->have_deadline = true;
    }
    /* Bounds every single read as well; the bio narrows it to the deadline. */
    mbedtls_ssl_conf_read_timeout(&tls->conf, timeout_ms);
}

/* What is left of the current operation's timeout. Wall-clock jumps are
 * clamped: backwards cannot give more than the timeout, forwards only ends
 * the operation early. */
static uint32_t time_left(const rmqdr_tls_t *tls)
{
    int64_t now = 0;
    if (!tls->have_deadline ||
        tls->platform->now_ms(tls->platform->ctx, &now) != RMQDR_OK) {
        return tls->op_timeout_ms;
    }
    int64_t left = tls->deadline_ms - now;
    if (left <= 0) {
        return 0;
    }
    if (left > (int64_t)tls->op_timeout_ms) {
        return tls->op_timeout_ms;
    }
    return (uint32_t)left;
}

/* ---- callbacks handed to mbedTLS ---- */

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    rmqdr_tls_t *tls = ctx;
    if (len > (size_t)INT_MAX) {
        len = (size_t)INT_MAX;
    }
    size_t n = 0;
    rmqdr_status_t st = tls->lower.send(tls->lower.ctx, buf, len, &n, time_left(tls));
    if (st == RMQDR_OK && n > 0U) {
        return (int)n;
    }
    if (st == RMQDR_OK || st == RMQDR_ERR_TIMEOUT) {
        tls->lower_status = RMQDR_ERR_TIMEOUT;
        return MBEDTLS_ERR_SSL_WANT_WRITE;
    }
    tls->lower_status = st;
    return st == RMQDR_ERR_RESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int bio_recv_timeout(void *ctx, unsigned char *buf, size_t len, uint32_t timeout)
{
    rmqdr_tls_t *tls = ctx;
    if (len > (size_t)INT_MAX) {
        len = (size_t)INT_MAX;
    }
    uint32_t t = time_left(tls);
    if (timeout != 0U && timeout < t) { /* 0 means "no limit" to mbedTLS */
        t = timeout;
    }
    size_t n = 0;
    rmqdr_status_t st = tls->lower.recv(tls->lower.ctx, buf, len, &n, t);
    if (st == RMQDR_OK && n > 0U) {
        return (int)n;
    }
    if (st == RMQDR_OK || st == RMQDR_ERR_TIMEOUT) {
        tls->lower_status = RMQDR_ERR_TIMEOUT;
        return MBEDTLS_ERR_SSL_WANT_READ;
    }
    tls->lower_status = st;
    if (st == RMQDR_ERR_CLOSED) {
        return 0; /* end of stream, as mbedTLS expects it */
    }
    return st == RMQDR_ERR_RESET ? MBEDTLS_ERR_NET_CONN_RESET : MBEDTLS_ERR_NET_RECV_FAILED;
}

/* The platform hook is the only entropy source, for seeding and every
 * reseed: no OS source is compiled in, so boards behave like hosts. */
static int platform_entropy(void *ctx, unsigned char *out, size_t len)
{
    const rmqdr_tls_t *tls = ctx;
    if (tls->platform->random(tls->platform->ctx, out, len) != RMQDR_OK) {
        return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
    }
    return 0;
}

/* ---- error classification ---- */

static bool is_x509_error(int ret)
{
    /* High-level X.509 codes may carry a low-level ASN.1/PK code added in;
     * the high-level part sits in bits 7..14. */
    int high = (-ret) & 0x7F80;
    return (high >= 0x2080 && high <= 0x2980) || high == 0x3000;
}

static rmqdr_status_t handshake_status(const rmqdr_tls_t *tls, int ret)
{
    switch (tls->lower_status) {
    case RMQDR_OK:
    case RMQDR_ERR_CLOSED: /* peer hung up mid-handshake: judged below */
        break;
    default:
        return tls->lower_status; /* timeout, reset, network */
    }
    if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        return RMQDR_ERR_TLS_VERIFY;
    }
    if (is_x509_error(ret)) {
        /* The server's certificate could not even be parsed. */
        return ((-ret) & 0x7F80) == (-MBEDTLS_ERR_X509_ALLOC_FAILED) ? RMQDR_ERR_TLS
                                                                     : RMQDR_ERR_TLS_VERIFY;
    }
    switch (ret) {
    /* Our own state or resources, not the peer's behaviour. */
    case MBEDTLS_ERR_SSL_ALLOC_FAILED:
    case MBEDTLS_ERR_SSL_BAD_INPUT_DATA:
    case MBEDTLS_ERR_SSL_INTERNAL_ERROR:
    case MBEDTLS_ERR_SSL_HW_ACCEL_FAILED:
    case MBEDTLS_ERR_SSL_NO_RNG:
    case MBEDTLS_ERR_SSL_BAD_CONFIG:
    case MBEDTLS_ERR_SSL_BUFFER_TOO_SMALL:
    case MBEDTLS_ERR_SSL_CA_CHAIN_REQUIRED:
    case MBEDTLS_ERR_SSL_PRIVATE_KEY_REQUIRED:
        return RMQDR_ERR_TLS;
    /* What the peer sent, or failed to send, during negotiation. */
    case MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE:
    case MBEDTLS_ERR_SSL_INVALID_MAC:
    case MBEDTLS_ERR_SSL_INVALID_RECORD:
    case MBEDTLS_ERR_SSL_CONN_EOF:
    case MBEDTLS_ERR_SSL_UNKNOWN_CIPHER:
    case MBEDTLS_ERR_SSL_NO_CIPHER_CHOSEN:
    case MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE:
    case MBEDTLS_ERR_SSL_CERTIFICATE_TOO_LARGE:
    case MBEDTLS_ERR_SSL_CERTIFICATE_REQUIRED:
    case MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE:
    case MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
    case MBEDTLS_ERR_SSL_PEER_VERIFY_FAILED:
    case MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY:
    case MBEDTLS_ERR_SSL_BAD_HS_CLIENT_HELLO:
    case MBEDTLS_ERR_SSL_BAD_HS_SERVER_HELLO:
    case MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE:
    case MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE_REQUEST:
    case MBEDTLS_ERR_SSL_BAD_HS_SERVER_KEY_EXCHANGE:
    case MBEDTLS_ERR_SSL_BAD_HS_SERVER_HELLO_DONE:
    case MBEDTLS_ERR_SSL_BAD_HS_CLIENT_KEY_EXCHANGE:
    case MBEDTLS_ERR_SSL_BAD_HS_CLIENT_KEY_EXCHANGE_RP:
    case MBEDTLS_ERR_SSL_BAD_HS_CLIENT_KEY_EXCHANGE_CS:
    case MBEDTLS_ERR_SSL_BAD_HS_CERTIFICATE_VERIFY:
    case MBEDTLS_ERR_SSL_BAD_HS_CHANGE_CIPHER_SPEC:
    case MBEDTLS_ERR_SSL_BAD_HS_FINISHED:
    case MBEDTLS_ERR_SSL_COMPRESSION_FAILED:
    case MBEDTLS_ERR_SSL_BAD_HS_PROTOCOL_VERSION:
    case MBEDTLS_ERR_SSL_BAD_HS_NEW_SESSION_TICKET:
    case MBEDTLS_ERR_SSL_SESSION_TICKET_EXPIRED:
    case MBEDTLS_ERR_SSL_PK_TYPE_MISMATCH:
    case MBEDTLS_ERR_SSL_UNKNOWN_IDENTITY:
    case MBEDTLS_ERR_SSL_WAITING_SERVER_HELLO_RENEGO:
    case MBEDTLS_ERR_SSL_NO_USABLE_CIPHERSUITE:
    case MBEDTLS_ERR_SSL_UNEXPECTED_RECORD:
    case MBEDTLS_ERR_SSL_NON_FATAL:
    case MBEDTLS_ERR_SSL_INVALID_VERIFY_HASH:
    case MBEDTLS_ERR_SSL_UNEXPECTED_CID:
    case MBEDTLS_ERR_SSL_VERSION_MISMATCH:
        return RMQDR_ERR_TLS_HANDSHAKE;
    default:
        return RMQDR_ERR_TLS;
    }
}

/* Status for a failed read or write on an established connection. */
static rmqdr_status_t io_status(const rmqdr_tls_t *tls, int ret)
{
    if (tls->lower_status != RMQDR_OK && tls->lower_status != RMQDR_ERR_TIMEOUT) {
        return tls->lower_status; /* includes CLOSED: end of stream */
    }
    if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == MBEDTLS_ERR_SSL_CONN_EOF) {
        return RMQDR_ERR_CLOSED;
    }
    return RMQDR_ERR_TLS;
}

/* ---- setup ---- */

static rmqdr_status_t load_ca(rmqdr_tls_t *tls, const rmqdr_tls_config_t *config)
{
    int ret;
    if (config->ca_buf != NULL) {
        ret = mbedtls_x509_crt_parse(&tls->ca, config->ca_buf, config->ca_len);
        /* A positive count means some certificates of a bundle were skipped
         * (an algorithm mbedTLS lacks); the others are still trusted. */
        if (ret < 0) {
            tls->last_error = ret;
            return RMQDR_ERR_TLS_CA;
        }
    }
    if (config->ca_file != NULL || config->ca_buf == NULL) {
        const char *path = config->ca_file != NULL ? config->ca_file : RMQDR_TLS_DEFAULT_CA_FILE;
#if defined(MBEDTLS_FS_IO)
        ret = mbedtls_x509_crt_parse_file(&tls->ca, path);
        if (ret < 0) {
            tls->last_error = ret;
            return RMQDR_ERR_TLS_CA;
        }
#else
        (void)path;
        tls->last_error = MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE;
        return RMQDR_ERR_TLS_CA;
#endif
    }
    if (tls->ca.version == 0) { /* nothing parsed at all */
        tls->last_error = MBEDTLS_ERR_X509_CERT_UNKNOWN_FORMAT;
        return RMQDR_ERR_TLS_CA;
    }
    return RMQDR_OK;
}

rmqdr_status_t rmqdr_tls_init(rmqdr_tls_t *tls, const rmqdr_transport_t *lower,
                              const rmqdr_tls_config_t *config)
{
    if (tls == NULL) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    memset(tls, 0, sizeof *tls);
    if (lower == NULL || lower->connect == NULL || lower->send == NULL ||
        lower->recv == NULL || lower->close == NULL || config == NULL ||
        config->platform == NULL || config->platform->random == NULL ||
        (config->ca_buf != NULL && config->ca_len == 0U)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    tls->lower = *lower;
    tls->platform = config->platform;

    mbedtls_ssl_init(&tls->ssl);
    mbedtls_ssl_config_init(&tls->conf);
    mbedtls_ctr_drbg_init(&tls->drbg);
    mbedtls_x509_crt_init(&tls->ca);
    mbedtls_ssl_session_init(&tls->session);
    tls->initialised = true; /* from here on rmqdr_tls_free releases */

    rmqdr_status_t status;
    int ret = mbedtls_ctr_drbg_seed(&tls->drbg, platform_entropy, tls,
                                    drbg_personalization, sizeof drbg_personalization - 1U);
    if (ret != 0) {
        tls->last_error = ret;
        status = ret == MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED ? RMQDR_ERR_PORT_RANDOM
                                                                   : RMQDR_ERR_TLS;
        goto fail;
    }

    status = load_ca(tls, config);
    if (status != RMQDR_OK) {
        goto fail;
    }

    ret = mbedtls_ssl_config_defaults(&tls->conf, MBEDTLS_SSL_IS_CLIENT,
                                      MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0) {
        tls->last_error = ret;
        status = RMQDR_ERR_TLS;
        goto fail;
    }
    mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&tls->conf, &tls->ca, NULL);
    mbedtls_ssl_conf_rng(&tls->conf, mbedtls_ctr_drbg_random, &tls->drbg);
    mbedtls_ssl_conf_min_version(&tls->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                 MBEDTLS_SSL_MINOR_VERSION_3);
#if defined(MBEDTLS_SSL_SESSION_TICKETS)
    /* Tickets let a server farm resume without a shared session cache. */
    mbedtls_ssl_conf_session_tickets(&tls->conf, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
#endif
#if defined(MBEDTLS_SSL_RENEGOTIATION)
    mbedtls_ssl_conf_renegotiation(&tls->conf, MBEDTLS_SSL_RENEGOTIATION_DISABLED);
#endif

    ret = mbedtls_ssl_setup(&tls->ssl, &tls->conf);
    if (ret != 0) {
        tls->last_error = ret;
        status = RMQDR_ERR_TLS;
        goto fail;
    }
    mbedtls_ssl_set_bio(&tls->ssl, tls, bio_send, NULL, bio_recv_timeout);
    return RMQDR_OK;

fail:
    rmqdr_tls_free(tls);
    return status;
}

void rmqdr_tls_transport_init(rmqdr_transport_t *transport, rmqdr_tls_t *tls)
{
    if (transport == NULL) {
        return;
    }
    transport->connect = rmqdr_tls_connect;
    transport->send = rmqdr_tls_send;
    transport->recv = rmqdr_tls_recv;
    transport->close = rmqdr_tls_close;
    transport->ctx = tls;
}

/* ---- sessions ---- */

void rmqdr_tls_forget_session(rmqdr_tls_t *tls)
{
    if (tls == NULL || !tls->initialised) {
        return;
    }
    mbedtls_ssl_session_free(&tls->session); /* leaves it as after init */
    tls->have_session = false;
    tls->session_host[0] = '\0';
    tls->session_port = 0;
}

/* After a handshake: keep the (possibly renewed) session for next time and
 * tell whether this one was resumed. A resumed handshake reuses the saved
 * master secret; a full one derives a fresh one, equal only by chance of
 * 2^-384. Comparing it works for session IDs and tickets alike, where the
 * ID echoed by the server does not (a ticket comes with a new random ID). */
static bool keep_session(rmqdr_tls_t *tls, const char *host, uint16_t port, bool offered)
{
    mbedtls_ssl_session fresh;
    mbedtls_ssl_session_init(&fresh);
    if (mbedtls_ssl_get_session(&tls->ssl, &fresh) != 0) {
        mbedtls_ssl_session_free(&fresh);
        rmqdr_tls_forget_session(tls);
        return false;
    }
    bool resumed = offered && memcmp(fresh.master, tls->session.master, sizeof fresh.master) == 0;
    size_t host_len = strlen(host);
    mbedtls_ssl_session_free(&tls->session);
    if (host_len >= sizeof tls->session_host) {
        /* Cannot remember whose it is, so it must not be offered again. */
        mbedtls_ssl_session_free(&fresh);
        tls->have_session = false;
        tls->session_host[0] = '\0';
        return resumed;
    }
    tls->session = fresh; /* moves ownership of its buffers */
    memcpy(tls->session_host, host, host_len + 1U);
    tls->session_port = port;
    tls->have_session = true;
    return resumed;
}

/* ---- transport functions ---- */

rmqdr_status_t rmqdr_tls_connect(void *ctx, const char *host, uint16_t port,
                                 uint32_t timeout_ms)
{
    rmqdr_tls_t *tls = ctx;
    if (tls == NULL || !tls->initialised || host == NULL || host[0] == '\0') {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (tls->connected) {
        rmqdr_tls_close(tls);
    }
    tls->last_error = 0;
    tls->verify_flags = 0;
    tls->broken = false;
    tls->write_pending = 0;
    start_op(tls, timeout_ms);

    int ret;
    if (tls->needs_reset) {
        ret = mbedtls_ssl_session_reset(&tls->ssl);
        if (ret != 0) {
            tls->last_error = ret;
            return RMQDR_ERR_TLS;
        }
        tls->needs_reset = false;
    }
    /* SNI and the name the certificate must carry. */
    ret = mbedtls_ssl_set_hostname(&tls->ssl, host);
    if (ret != 0) {
        tls->last_error = ret;
        return ret == MBEDTLS_ERR_SSL_BAD_INPUT_DATA ? RMQDR_ERR_BAD_ARGUMENT : RMQDR_ERR_TLS;
    }

    rmqdr_status_t st = tls->lower.connect(tls->lower.ctx, host, port, time_left(tls));
    if (st != RMQDR_OK) {
        tls->lower_status = st;
        return st;
    }
    tls->needs_reset = true;

    bool offered = false;
    if (tls->have_session && tls->session_port == port &&
        strcmp(tls->session_host, host) == 0) {
        /* On failure the handshake simply runs in full. */
        offered = mbedtls_ssl_set_session(&tls->ssl, &tls->session) == 0;
    }

    for (;;) {
        ret = mbedtls_ssl_handshake(&tls->ssl);
        if (ret == 0) {
            break;
        }
        if ((ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) &&
            tls->lower_status == RMQDR_OK && time_left(tls) > 0U) {
            continue; /* progress without I/O wait; cannot spin past the deadline */
        }
        break;
    }

    if (ret != 0) {
        tls->last_error = ret;
        if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
            tls->verify_flags = mbedtls_ssl_get_verify_result(&tls->ssl);
        }
        rmqdr_status_t status = (ret == MBEDTLS_ERR_SSL_WANT_READ ||
                                 ret == MBEDTLS_ERR_SSL_WANT_WRITE)
                                    ? RMQDR_ERR_TIMEOUT
                                    : handshake_status(tls, ret);
        /* A session that ended in a failed handshake is not offered again. */
        rmqdr_tls_forget_session(tls);
        tls->broken = true;
        tls->lower.close(tls->lower.ctx);
        return status;
    }

    tls->connected = true;
    if (keep_session(tls, host, port, offered)) {
        tls->resumed_handshakes++;
    } else {
        tls->full_handshakes++;
    }
    return RMQDR_OK;
}

rmqdr_status_t rmqdr_tls_send(void *ctx, const uint8_t *buf, size_t len,
                              size_t *sent, uint32_t timeout_ms)
{
    rmqdr_tls_t *tls = ctx;
    if (sent != NULL) {
        *sent = 0;
    }
    if (tls == NULL || sent == NULL || (buf == NULL && len > 0U) || !tls->initialised ||
        !tls->connected || tls->broken) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (len == 0U) {
        return RMQDR_OK;
    }
    size_t n = len;
    if (tls->write_pending != 0U) {
        /* mbedTLS finishes the interrupted record and must see the same
         * length again; fewer bytes now would make it report a wrong count. */
        if (len < tls->write_pending) {
            return RMQDR_ERR_BAD_ARGUMENT;
        }
        n = tls->write_pending;
    }
    start_op(tls, timeout_ms);
    for (;;) {
        int ret = mbedtls_ssl_write(&tls->ssl, buf, n);
        if (ret > 0) {
            tls->write_pending = 0;
            *sent = (size_t)ret;
            return RMQDR_OK;
        }
        if (ret == MBEDTLS_ERR_SSL_WANT_WRITE || ret == MBEDTLS_ERR_SSL_WANT_READ) {
            if (tls->lower_status == RMQDR_ERR_TIMEOUT || time_left(tls) == 0U) {
                tls->write_pending = n;
                return RMQDR_ERR_TIMEOUT;
            }
            continue;
        }
        tls->last_error = ret;
        tls->broken = true;
        return io_status(tls, ret);
    }
}

rmqdr_status_t rmqdr_tls_recv(void *ctx, uint8_t *buf, size_t len,
                              size_t *received, uint32_t timeout_ms)
{
    rmqdr_tls_t *tls = ctx;
    if (received != NULL) {
        *received = 0;
    }
    if (tls == NULL || received == NULL || buf == NULL || len == 0U || !tls->initialised ||
        !tls->connected || tls->broken) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    start_op(tls, timeout_ms);
    for (;;) {
        int ret = mbedtls_ssl_read(&tls->ssl, buf, len);
        if (ret > 0) {
            *received = (size_t)ret;
            return RMQDR_OK;
        }
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
            if (tls->lower_status == RMQDR_ERR_TIMEOUT || time_left(tls) == 0U) {
                return RMQDR_ERR_TIMEOUT;
            }
            continue;
        }
        if (ret == 0) {
            /* Transport ended without close_notify. The HTTP framing tells a
             * complete response from a cut one, so this is plain EOF here. */
            tls->broken = true;
            return RMQDR_ERR_CLOSED;
        }
        tls->last_error = ret;
        if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
            return RMQDR_ERR_CLOSED; /* orderly: our close_notify may follow */
        }
        tls->broken = true;
        return io_status(tls, ret);
    }
}

void rmqdr_tls_close(void *ctx)
{
    rmqdr_tls_t *tls = ctx;
    if (tls == NULL || !tls->initialised) {
        return;
    }
    if (tls->connected && !tls->broken) {
        start_op(tls, RMQDR_TLS_CLOSE_TIMEOUT_MS);
        int ret;
        do {
            ret = mbedtls_ssl_close_notify(&tls->ssl);
        } while (ret == MBEDTLS_ERR_SSL_WANT_WRITE && tls->lower_status == RMQDR_OK &&
                 time_left(tls) > 0U);
    }
    tls->lower.close(tls->lower.ctx);
    tls->connected = false;
    tls->write_pending = 0;
}

void rmqdr_tls_free(rmqdr_tls_t *tls)
{
    if (tls == NULL || !tls->initialised) {
        return;
    }
    rmqdr_tls_close(tls);
    mbedtls_ssl_session_free(&tls->session);
    mbedtls_ssl_free(&tls->ssl);
    mbedtls_ssl_config_free(&tls->conf);
    mbedtls_ctr_drbg_free(&tls->drbg);
    mbedtls_x509_crt_free(&tls->ca);
    tls->have_session = false;
    tls->initialised = false;
}

/* ---- diagnostics ---- */

int rmqdr_tls_last_error(const rmqdr_tls_t *tls)
{
    return tls != NULL ? tls->last_error : 0;
}

uint32_t rmqdr_tls_verify_flags(const rmqdr_tls_t *tls)
{
    return tls != NULL ? tls->verify_flags : 0U;
}

/* Append to buf (size > 0), truncating; *pos never passes size - 1. */
static void append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
{
    if (*pos + 1U >= size) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(&buf[*pos], size - *pos, fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf[*pos] = '\0';
        return;
    }
    size_t room = size - *pos - 1U;
    *pos += (size_t)n < room ? (size_t)n : room;
}

size_t rmqdr_tls_error_reason(const rmqdr_tls_t *tls, char *buf, size_t size)
{
    if (buf == NULL || size == 0U) {
        return 0;
    }
    size_t pos = 0;
    buf[0] = '\0';
    if (tls == NULL) {
        return 0;
    }
    if (tls->last_error != 0) {
        unsigned code = (unsigned)(-(long)tls->last_error);
#if defined(MBEDTLS_ERROR_C)
        char text[160];
        mbedtls_strerror(tls->last_error, text, sizeof text);
        append(buf, size, &pos, "%s (-0x%04X)", text, code);
#else
        append(buf, size, &pos, "mbedTLS error -0x%04X", code);
#endif
    }
    if (tls->verify_flags != 0U) {
        char info[512];
        int n = mbedtls_x509_crt_verify_info(info, sizeof info, "", tls->verify_flags);
        if (n > 0) {
            /* One finding per line from mbedTLS; joined to keep one line. */
            size_t len = strlen(info);
            while (len > 0U && info[len - 1U] == '\n') {
                info[--len] = '\0';
            }
            append(buf, size, &pos, "%scertificate: ", pos > 0U ? "; " : "");
            for (size_t i = 0; i < len; i++) {
                if (info[i] == '\n') {
                    append(buf, size, &pos, ", ");
                } else {
                    append(buf, size, &pos, "%c", info[i]);
                }
            }
        }
    }
    if (tls->lower_status != RMQDR_OK) {
        append(buf, size, &pos, "%stransport: %s", pos > 0U ? "; " : "",
               rmqdr_status_name(tls->lower_status));
    }
    if (pos == 0U) {
        append(buf, size, &pos, "no error");
    }
    return pos;
}
