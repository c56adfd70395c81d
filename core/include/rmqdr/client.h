/**
 * @file client.h
 * @brief ListDisasterRecoveryCheckpoints end to end: sign, send, decode,
 *        retry, page.
 *
 * The client owns no memory beyond its struct: the request buffer, the
 * transport (TLS over a socket port) and the platform hooks are the
 * caller's. One client keeps one connection open between calls, so paging
 * through a listing costs one TLS handshake.
 *
 * Retries: throttling codes, 5xx and network failures are retried up to
 * max_retries times, each re-signed with a fresh date and nonce, after a
 * full-jitter exponential backoff (at least x-acs-retry-after when the
 * server sends it). Authentication and validation errors are never retried.
 * A server that closes a kept-alive connection before answering is
 * reconnected once transparently, without counting as a retry. In callback
 * mode a failed attempt is retried only if it had not yet delivered a
 * checkpoint, so a callback never sees an item twice.
 *
 * Clock skew: on InvalidTimeStamp.Expired the client takes the offset from
 * the response's Date header, re-signs once, and keeps the offset.
 */
#ifndef RMQDR_CLIENT_H
#define RMQDR_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/checkpoint.h"
#include "rmqdr/json.h"
#include "rmqdr/port.h"
#include "rmqdr/request.h"
#include "rmqdr/response.h"
#include "rmqdr/status.h"
#include "rmqdr/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes read from the transport at a time (the only receive buffer). */
#ifndef RMQDR_CLIENT_RX_SIZE
#define RMQDR_CLIENT_RX_SIZE 512U
#endif

/** What the client reports to an observer (logging, --verbose). */
typedef enum {
    RMQDR_EVENT_CONNECTED,     /**< A connection (and TLS handshake) completed. */
    RMQDR_EVENT_RESPONSE,      /**< A response was decoded (any status). */
    RMQDR_EVENT_RETRY,         /**< An attempt failed and will be retried after delay_ms. */
    RMQDR_EVENT_RECONNECT,     /**< A kept-alive connection was closed by the server; reopening. */
    RMQDR_EVENT_CLOCK_SKEW     /**< The clock offset was learned from the server's Date. */
} rmqdr_event_kind_t;

/** One observed event. Never carries a credential. */
typedef struct {
    rmqdr_event_kind_t kind;   /**< What happened. */
    uint32_t attempt;          /**< 0 for the first try of a call. */
    rmqdr_status_t status;     /**< Outcome that caused the event (RETRY, RESPONSE). */
    int http_status;           /**< HTTP status when a response arrived, else 0. */
    uint32_t delay_ms;         /**< Backoff before the next attempt (RETRY). */
    int64_t elapsed_ms;        /**< Time since the attempt started (RESPONSE, CONNECTED). */
    int64_t clock_offset_ms;   /**< Server minus local clock (CLOCK_SKEW). */
    const char *request_id;    /**< x-acs-request-id or requestId, "" if none. */
    const char *code;          /**< API error code, "" if none. */
} rmqdr_event_t;

/** Settings of a client; everything pointed to must outlive it. */
typedef struct {
    rmqdr_config_t config;              /**< Credentials and endpoint (strings stay the caller's). */
    const rmqdr_transport_t *transport; /**< TLS transport, or plain TCP (loopback only). */
    bool transport_is_tls;              /**< false: plain TCP; refused unless the host is loopback. */
    const rmqdr_platform_t *platform;   /**< Clock, randomness and sleep (sleep needed for retries). */
    uint32_t timeout_ms;                /**< Limit for connect, for send, and for each receive, ms. */
    uint32_t deadline_ms;               /**< Bound on one whole call (every attempt, backoff and page), ms; 0: none. */
    uint32_t max_retries;               /**< Extra attempts after the first; 0 disables retries. */
    uint32_t backoff_base_ms;           /**< Backoff ceiling of the first retry; doubles each time. */
    uint32_t backoff_max_ms;            /**< Largest backoff ceiling. */
    char *request_buf;                  /**< Where requests are built; RMQDR_REQUEST_MAX_SIZE always fits. */
    size_t request_buf_size;            /**< Bytes at request_buf. */
    void (*observer)(void *ctx, const rmqdr_event_t *event); /**< Optional event hook. */
    void *observer_ctx;                 /**< Passed to observer. */
} rmqdr_client_config_t;

/** Counters, for monitoring and tests. */
typedef struct {
    uint32_t connects;     /**< Connections opened (each one TLS handshake). */
    uint32_t requests;     /**< Requests sent, retries included. */
    uint32_t retries;      /**< Attempts after a failure. */
    uint32_t reconnects;   /**< Transparent reopenings of a closed kept-alive connection. */
} rmqdr_client_stats_t;

/** Everything known about the last failed call; see rmqdr_client_last_error(). */
typedef struct {
    rmqdr_status_t status;     /**< What the call returned (RMQDR_OK after a success). */
    rmqdr_status_t cause;      /**< Last underlying failure; differs from status for
                                    RMQDR_ERR_RETRIES_EXHAUSTED and RMQDR_ERR_DEADLINE. */
    int32_t os_error;          /**< errno of the cause from the transport, 0 if none. */
    int32_t tls_error;         /**< mbedTLS code of the cause (negative), 0 if none. */
    const char *host;          /**< Endpoint host (points into the client), never NULL after init. */
    uint16_t port;             /**< Endpoint port. */
    int http_status;           /**< HTTP status of the last response, 0 if none arrived. */
    char code[RMQDR_CODE_SIZE];             /**< API error code of the last response, "" if none. */
    char request_id[RMQDR_REQUEST_ID_SIZE]; /**< x-acs-request-id or requestId, "" if none. */
    uint32_t attempts;         /**< Requests tried by the call. */
} rmqdr_error_detail_t;

/** A client: settings, connection state and the fixed decode work area. */
typedef struct {
    rmqdr_client_config_t cfg;     /**< Copy of the settings. */
    rmqdr_endpoint_t endpoint;     /**< Host and port resolved from the config. */
    rmqdr_response_t response;     /**< Decoder work area (RMQDR_WORK_SIZE bytes). */
    uint8_t rx[RMQDR_CLIENT_RX_SIZE]; /**< Receive buffer. */
    int64_t clock_offset_ms;       /**< Learned server-minus-local offset. */
    bool connected;                /**< The transport holds an open connection. */
    rmqdr_status_t last_transport_status; /**< Last network/TLS failure, for diagnostics. */
    rmqdr_error_detail_t last_error;      /**< What rmqdr_client_last_error() returns. */
    rmqdr_client_stats_t stats;    /**< Counters since init. */
} rmqdr_client_t;

/**
 * @brief Fill @p config with the documented defaults: every field zero or
 *        NULL except timeout_ms, deadline_ms, max_retries,
 *        backoff_base_ms and backoff_max_ms (values in client.h's file
 *        comment). The caller then sets credentials, endpoint, transport,
 *        platform and request buffer.
 * @param[out] config Must not be NULL.
 */
void rmqdr_client_config_defaults(rmqdr_client_config_t *config);

/**
 * @brief Server time: the platform clock plus the offset learned from the
 *        service (0 until one is learned).
 * @param client   An initialised client.
 * @param[out] unix_ms Milliseconds since 1970-01-01T00:00:00Z.
 * @return RMQDR_OK, RMQDR_ERR_BAD_ARGUMENT, or RMQDR_ERR_PORT_TIME when
 *         neither the platform clock nor a learned offset gives a time.
 */
rmqdr_status_t rmqdr_client_server_now(const rmqdr_client_t *client, int64_t *unix_ms);

/**
 * @brief Detail of the last call that failed (kept until the next call).
 * @param client An initialised client.
 * @return Never NULL for a non-NULL client; status RMQDR_OK when the last
 *         call succeeded.
 */
const rmqdr_error_detail_t *rmqdr_client_last_error(const rmqdr_client_t *client);

/**
 * @brief Check the settings and prepare the client. Does not connect.
 * @return RMQDR_OK, RMQDR_ERR_BAD_ARGUMENT, a validation status of the
 *         config, or RMQDR_ERR_PLAIN_NOT_LOOPBACK.
 */
rmqdr_status_t rmqdr_client_init(rmqdr_client_t *client, const rmqdr_client_config_t *config);

/**
 * @brief One page, every checkpoint handed to the sink (array or callback).
 *
 * Runs the operation request->operation names (NULL: ListDisasterRecoveryCheckpoints);
 * discover.h wraps it for plans and items, whose sinks carry their schema.
 * @param envelope Caller's envelope; on RMQDR_ERR_API it holds code,
 *        message, requestId and HTTP status.
 * @return RMQDR_OK, RMQDR_ERR_API, a transport/TLS status, a decoding
 *         status, or a validation status (never retried).
 */
rmqdr_status_t rmqdr_list_checkpoints(rmqdr_client_t *client, const rmqdr_request_t *request,
                                      const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope);

/**
 * @brief Every page, from page 1, over the kept connection.
 *
 * Uses request's pageSize (or 100 when unset), ignores its pageNumber,
 * and stops after the page that reaches totalCount or an empty page. With
 * an array sink each page refills the array from index 0, so the callback
 * sink is the one that sees every item in bounded memory.
 * @param on_page Optional; called after each page with its envelope
 *        (progress reports). A non-OK return stops with that status.
 */
rmqdr_status_t rmqdr_list_all_checkpoints(rmqdr_client_t *client, const rmqdr_request_t *request,
                                          const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope,
                                          rmqdr_status_t (*on_page)(void *ctx, const rmqdr_envelope_t *page),
                                          void *page_ctx);

/** @brief Close the connection, if any. The client may be used again. */
void rmqdr_client_close(rmqdr_client_t *client);

/** @brief True for statuses that a retry may cure (network, throttling, 5xx). */
bool rmqdr_status_is_transient(rmqdr_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_CLIENT_H */
