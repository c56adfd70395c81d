/*
 * TLS transport over any rmqdr_transport_t, using mbedTLS 3.6 LTS or 2.28
 * LTS (see tls_mbedtls.h; version differences live in tls_compat.h, error
 * classification and reason text in tls_errors.c).
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
#include <string.h>

#include <mbedtls/net_sockets.h> /* MBEDTLS_ERR_NET_* codes only */

#include "tls_compat.h"
#include "tls_errors.h"

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

/* ---- error classification (tables in tls_errors.c) ---- */

static rmqdr_status_t handshake_status(const rmqdr_tls_t *tls, int ret)
{
    switch (tls->lower_status) {
    case RMQDR_OK:
    case RMQDR_ERR_CLOSED: /* peer hung up mid-handshake: judged below */
        return rmqdr_tls_handshake_status(ret);
    default:
        return tls->lower_status; /* timeout, reset, network */
    }
}

/* Status for a failed read or write on an established connection. */
static rmqdr_status_t io_status(const rmqdr_tls_t *tls, int ret)
{
    if (tls->lower_status != RMQDR_OK && tls->lower_status != RMQDR_ERR_TIMEOUT) {
        return tls->lower_status; /* includes CLOSED: end of stream */
    }
    return rmqdr_tls_io_status(ret);
}

/* Called by mbedTLS for each certificate of the server's chain, only in a
 * full handshake: a resumed one (session ID, ticket, TLS 1.3 PSK) shows no
 * certificate. The findings are left as mbedTLS made them. */
static int note_certificate(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    rmqdr_tls_t *tls = ctx;
    (void)crt;
    (void)depth;
    (void)flags;
    tls->saw_certificate = true;
    return 0;
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
    int ret = rmqdr_tls_compat_crypto_init();
    if (ret != 0) {
        tls->last_error = ret;
        return RMQDR_ERR_TLS;
    }

    mbedtls_ssl_init(&tls->ssl);
    mbedtls_ssl_config_init(&tls->conf);
    mbedtls_ctr_drbg_init(&tls->drbg);
    mbedtls_x509_crt_init(&tls->ca);
    mbedtls_ssl_session_init(&tls->session);
    tls->initialised = true; /* from here on rmqdr_tls_free releases */

    rmqdr_status_t status;
    ret = mbedtls_ctr_drbg_seed(&tls->drbg, platform_entropy, tls,
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
    mbedtls_ssl_conf_verify(&tls->conf, note_certificate, tls);
    rmqdr_tls_compat_versions(&tls->conf);
    rmqdr_tls_compat_sig_algs(&tls->conf);
    /* Tickets let a server farm resume without a shared session cache. */
    rmqdr_tls_compat_tickets(&tls->conf);
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
    transport->last_error = rmqdr_tls_transport_last_error;
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

/* After a handshake: whose session the next one may be (the saved one is
 * dropped: it was used, or belongs elsewhere). A host name too long to
 * remember means no session is saved at all. */
static void set_session_peer(rmqdr_tls_t *tls, const char *host, uint16_t port)
{
    size_t host_len = strlen(host);
    rmqdr_tls_forget_session(tls);
    if (host_len >= sizeof tls->session_host) {
        return;
    }
    memcpy(tls->session_host, host, host_len + 1U);
    tls->session_port = port;
}

/* Save the connection's session for the next connect to session_host: right
 * after a TLS 1.2 handshake, and for TLS 1.3 each time a ticket arrives
 * (RFC 8446 4.6.1: 1.3 sessions are tickets sent after the handshake). */
static void keep_session(rmqdr_tls_t *tls)
{
    if (tls->session_host[0] == '\0') {
        return;
    }
    mbedtls_ssl_session fresh;
    mbedtls_ssl_session_init(&fresh);
    if (mbedtls_ssl_get_session(&tls->ssl, &fresh) != 0) {
        mbedtls_ssl_session_free(&fresh);
        return;
    }
    mbedtls_ssl_session_free(&tls->session);
    tls->session = fresh; /* moves ownership of its buffers */
    tls->have_session = true;
}

/* mbedtls_ssl_read() or _write() reported a TLS 1.3 NewSessionTicket. To
 * process it mbedTLS first flushed any output left over from an interrupted
 * write (ssl_prepare_handshake_step), so such a record is now complete. */
static void ticket_arrived(rmqdr_tls_t *tls)
{
    keep_session(tls);
    if (tls->write_pending != 0U) {
        tls->write_flushed = true;
    }
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
    tls->saw_certificate = false;
    tls->broken = false;
    tls->write_pending = 0;
    tls->write_flushed = false;
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
    /* Resumed when a session was offered and no certificate was shown. */
    if (offered && !tls->saw_certificate) {
        tls->resumed_handshakes++;
    } else {
        tls->full_handshakes++;
    }
    set_session_peer(tls, host, port);
    if (!rmqdr_tls_compat_is_tls13(&tls->ssl)) {
        keep_session(tls);
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
    while (!tls->write_flushed) {
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
        if (RMQDR_TLS_NEW_TICKET != 0 && ret == RMQDR_TLS_NEW_TICKET) {
            ticket_arrived(tls);
            if (tls->write_pending != 0U) {
                break; /* the interrupted record went out first */
            }
            continue;
        }
        tls->last_error = ret;
        tls->broken = true;
        return io_status(tls, ret);
    }
    /* A TLS 1.3 ticket was processed while a record was half sent: mbedTLS
     * flushed that record before reading on, so it is complete, and a new
     * mbedtls_ssl_write() would send its bytes a second time. */
    *sent = tls->write_pending;
    tls->write_pending = 0;
    tls->write_flushed = false;
    return RMQDR_OK;
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
        if (RMQDR_TLS_NEW_TICKET != 0 && ret == RMQDR_TLS_NEW_TICKET) {
            /* TLS 1.3: the server sent a ticket after the handshake. */
            ticket_arrived(tls);
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
    tls->write_flushed = false;
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

const char *rmqdr_tls_protocol(const rmqdr_tls_t *tls)
{
    if (tls == NULL || !tls->initialised || !tls->connected) {
        return "unknown";
    }
    return rmqdr_tls_compat_version_name(&tls->ssl);
}

int rmqdr_tls_last_error(const rmqdr_tls_t *tls)
{
    return tls != NULL ? tls->last_error : 0;
}

uint32_t rmqdr_tls_verify_flags(const rmqdr_tls_t *tls)
{
    return tls != NULL ? tls->verify_flags : 0U;
}

size_t rmqdr_tls_error_reason(const rmqdr_tls_t *tls, char *buf, size_t size)
{
    if (tls == NULL) {
        if (buf != NULL && size > 0U) {
            buf[0] = '\0';
        }
        return 0;
    }
    return rmqdr_tls_describe(tls->last_error, tls->verify_flags, tls->lower_status, buf, size);
}

void rmqdr_tls_transport_last_error(void *ctx, int32_t *os_error, int32_t *tls_error)
{
    const rmqdr_tls_t *tls = ctx;
    if (os_error != NULL) {
        *os_error = 0;
    }
    if (tls_error != NULL) {
        *tls_error = tls != NULL ? (int32_t)tls->last_error : 0;
    }
    if (tls != NULL && tls->lower.last_error != NULL && os_error != NULL) {
        int32_t ignored = 0;
        tls->lower.last_error(tls->lower.ctx, os_error, &ignored);
    }
}
