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
 * @par Defaults (rmqdr_client_config_defaults(); a field left 0 means the same)
 * timeout_ms 10 000 (RMQDR_CLIENT_DEFAULT_TIMEOUT_MS), deadline_ms 60 000
 * (RMQDR_CLIENT_DEFAULT_DEADLINE_MS), max_retries 3, backoff_base_ms 500,
 * backoff_max_ms 8 000. max_retries 0 does mean "no retry".
 *
 * @par Retry policy
 * Transient, and retried up to max_retries times, each attempt re-signed
 * with a fresh date and nonce:
 * - network failures: DNS, connect, timeout, reset, peer close, a body cut
 *   short (RMQDR_ERR_HTTP_TRUNCATED, or RMQDR_ERR_JSON_TRUNCATED when the
 *   body was framed by the connection's end);
 * - every HTTP 5xx and 429 whatever its body: the API's JSON error
 *   (RMQDR_ERR_API), or an HTML/text/empty/cut-short body from a gateway
 *   (RMQDR_ERR_SERVER_ERROR; envelope code and message stay empty, the HTTP
 *   status and x-acs-request-id are still reported);
 * - API codes Throttling*, ServiceUnavailable*, InternalError*.
 * Authentication, validation and decoding errors are final. Before retry n
 * (0-based) the client sleeps a jittered backoff drawn uniformly from
 * [c/2, c] with c = min(backoff_base_ms * 2^n, backoff_max_ms) (defaults:
 * 250-500 ms, 500-1000 ms, 1-2 s), and at least x-acs-retry-after when the
 * server sends it (capped at 300 s). A server that closes a kept-alive
 * connection before answering is reconnected once, without counting as a
 * retry. When a transient failure remains after at least one retry the call
 * returns RMQDR_ERR_RETRIES_EXHAUSTED; with max_retries 0 it returns the
 * failure itself. Either way rmqdr_client_last_error() holds the cause.
 *
 * @par Deadline
 * deadline_ms bounds one whole call: every attempt, every backoff and, for
 * rmqdr_list_all_checkpoints(), every page. Each connect, send and receive
 * gets min(timeout_ms, time left), so a server that drips one byte at a
 * time cannot stretch a call past it; a backoff that would end past it is
 * not slept. The call then returns RMQDR_ERR_DEADLINE (cause in
 * rmqdr_client_last_error()). Timeouts, the deadline and elapsed times are measured on the platform's
 * monotonic_ms hook when it has one (a wall-clock step cannot stretch or cut
 * a call), else on now_ms.
 *
 * @par What a callback sees
 * In callback mode a page that fails part-way (reset, cut, timeout, 5xx)
 * is requested again like any other transient failure. The client keeps
 * the count of items the callback already received for that page and a
 * 64-bit FNV-1a hash of their checkpointId, planId and itemId in page order
 * (16 bytes, whatever the page size). The re-requested page's first items
 * are decoded but not handed over; once as many have arrived as were
 * delivered, their hash must match, and delivery resumes with the next
 * item. So the callback sees every item of a page exactly once, in page
 * order, possibly spread over several attempts. If the re-requested page
 * starts differently, or holds fewer items than were delivered, the call
 * stops with RMQDR_ERR_PAGE_CHANGED and the callback sees nothing of it.
 * Across pages (rmqdr_list_all_checkpoints()) the listing is paged by
 * number, so items added or removed on the server between two page
 * requests can shift an item into the next page or out of sight.
 *
 * @par Time
 * Requests carry the platform clock plus a learned offset. The offset is
 * taken from a response's Date header only when (a) the service rejected
 * the request's time (API code InvalidTimeStamp.*; the request is then
 * re-signed once per call, not counted as a retry) or (b) the local clock
 * is unset (the platform clock plus the current offset reads earlier than
 * RMQDR_TIME_FLOOR_MS, e.g. a board without RTC that counts from boot);
 * and only when that Date is plausible: in IMF-fixdate form (RFC 9110
 * section 5.6.7), not before RMQDR_TIME_FLOOR_MS and not after
 * RMQDR_TIME_CEILING_MS. A gateway page or a 200 carrying a 1970 Date
 * never moves the clock. The observer hears one RMQDR_EVENT_CLOCK_SKEW per
 * offset learned. rmqdr_client_server_now() gives the resulting server
 * time, which is what ages (lastSyncTime) are measured against; see
 * health.h.
 *
 * @par Credentials
 * With credentials_provider set, the client signs with what the provider
 * wrote into config->credentials (caller memory; config.access_key_id,
 * access_key_secret and security_token are ignored; memory that already
 * holds an AccessKeyId at rmqdr_client_init() counts as fetched then, so a
 * caller may fetch first to fail early). Before each signing
 * it asks the provider when it has nothing yet, or when server time
 * (rmqdr_client_server_now()) is within the refresh margin of the
 * Expiration: refresh_margin_ms (default RMQDR_CREDENTIALS_DEFAULT_MARGIN_MS,
 * 3 min), or a third of the credentials' lifetime when that is shorter.
 * A successful refresh is reported as RMQDR_EVENT_CREDENTIALS_REFRESHED.
 * A failed one keeps the old credentials while they are unexpired, is
 * reported once per run of failures as RMQDR_EVENT_CREDENTIALS_FAILED and
 * is tried again after RMQDR_CREDENTIALS_RETRY_MS; once nothing unexpired
 * is left the call returns RMQDR_ERR_CREDENTIALS (the provider's status in
 * rmqdr_client_last_error()->cause). When the service rejects the token
 * (an API code starting with "InvalidSecurityToken."), the client
 * refreshes once per page and re-signs the request, not counting it as a
 * retry; all of it inside the call's deadline (the provider gets at most
 * the time left).
 *
 * Boards that sign with fixed keys may define RMQDR_NO_CREDENTIALS_PROVIDER
 * when building core: the refresh logic is compiled out (about 600 B of
 * flash on a Cortex-M4, docs/PERFORMANCE.md) and rmqdr_client_init()
 * returns RMQDR_ERR_BAD_ARGUMENT for a config that sets credentials_provider.
 */
#ifndef RMQDR_CLIENT_H
#define RMQDR_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/checkpoint.h"
#include "rmqdr/credentials.h"
#include "rmqdr/json.h"
#include "rmqdr/port.h"
#include "rmqdr/request.h"
#include "rmqdr/response.h"
#include "rmqdr/status.h"
#include "rmqdr/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default per-operation timeout (connect, send, each receive), ms. */
#define RMQDR_CLIENT_DEFAULT_TIMEOUT_MS 10000U
/** Default bound on one whole call, ms (at most 60 s, as promised for a page). */
#define RMQDR_CLIENT_DEFAULT_DEADLINE_MS 60000U
/** deadline_ms value for "no overall deadline" (about 49.7 days; each operation still has timeout_ms). */
#define RMQDR_CLIENT_NO_DEADLINE UINT32_MAX
/** Default number of retries after the first attempt. */
#define RMQDR_CLIENT_DEFAULT_MAX_RETRIES 3U
/** Default backoff ceiling of the first retry, ms. */
#define RMQDR_CLIENT_DEFAULT_BACKOFF_BASE_MS 500U
/** Default largest backoff ceiling, ms. */
#define RMQDR_CLIENT_DEFAULT_BACKOFF_MAX_MS 8000U

/**
 * Earliest server Date the client believes, Unix ms
 * (2025-01-01T00:00:00Z, before this library existed); a local clock below
 * it counts as unset. Override at build time with -DRMQDR_TIME_FLOOR_MS=...
 */
#ifndef RMQDR_TIME_FLOOR_MS
#define RMQDR_TIME_FLOOR_MS INT64_C(1735689600000)
#endif
/** Latest server Date the client believes, Unix ms (2100-01-01T00:00:00Z). */
#ifndef RMQDR_TIME_CEILING_MS
#define RMQDR_TIME_CEILING_MS INT64_C(4102444800000)
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
    RMQDR_EVENT_CLOCK_SKEW,    /**< The clock offset was learned from the server's Date. */
    RMQDR_EVENT_CREDENTIALS_REFRESHED, /**< The provider gave new credentials (expires_in_ms). */
    RMQDR_EVENT_CREDENTIALS_FAILED     /**< A refresh failed (status); once per run of failures. */
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
    int64_t expires_in_ms;     /**< Lifetime left of new credentials, 0 if they never expire (CREDENTIALS_REFRESHED). */
    const char *request_id;    /**< x-acs-request-id or requestId, "" if none. */
    const char *code;          /**< API error code, "" if none. */
} rmqdr_event_t;

/** Settings of a client; everything pointed to must outlive it. */
typedef struct {
    rmqdr_config_t config;              /**< Credentials and endpoint (strings stay the caller's). */
    const rmqdr_transport_t *transport; /**< TLS transport, or plain TCP (loopback only). */
    bool transport_is_tls;              /**< false: plain TCP; refused unless the host is loopback. */
    const rmqdr_platform_t *platform;   /**< Clock, randomness and sleep (sleep needed for retries). */
    uint32_t timeout_ms;                /**< Limit for connect, for send, and for each receive, ms; 0: RMQDR_CLIENT_DEFAULT_TIMEOUT_MS. */
    uint32_t deadline_ms;               /**< Bound on one whole call (every attempt, backoff and page), ms; 0: RMQDR_CLIENT_DEFAULT_DEADLINE_MS; RMQDR_CLIENT_NO_DEADLINE: none. */
    uint32_t max_retries;               /**< Extra attempts after the first; 0 disables retries. */
    uint32_t backoff_base_ms;           /**< Backoff ceiling of the first retry, ms; doubles each time; 0: RMQDR_CLIENT_DEFAULT_BACKOFF_BASE_MS. */
    uint32_t backoff_max_ms;            /**< Largest backoff ceiling, ms; 0: RMQDR_CLIENT_DEFAULT_BACKOFF_MAX_MS. */
    char *request_buf;                  /**< Where requests are built; RMQDR_REQUEST_MAX_SIZE always fits. */
    size_t request_buf_size;            /**< Bytes at request_buf. */
    void (*observer)(void *ctx, const rmqdr_event_t *event); /**< Optional event hook. */
    void *observer_ctx;                 /**< Passed to observer. */
    const rmqdr_credentials_provider_t *credentials_provider; /**< Optional; see "Credentials". */
    rmqdr_credentials_t *credentials;   /**< Where the provider writes; required with a provider. */
    uint32_t refresh_margin_ms;         /**< Renew this long before Expiration, ms; 0: RMQDR_CREDENTIALS_DEFAULT_MARGIN_MS. */
} rmqdr_client_config_t;

/** Counters, for monitoring and tests. */
typedef struct {
    uint32_t connects;     /**< Connections opened (each one TLS handshake). */
    uint32_t requests;     /**< Requests sent, retries included. */
    uint32_t retries;      /**< Attempts after a failure. */
    uint32_t reconnects;   /**< Transparent reopenings of a closed kept-alive connection. */
    uint32_t credential_refreshes; /**< Successful provider fetches. */
    uint32_t credential_failures;  /**< Failed provider fetches. */
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
    rmqdr_status_t credentials_status; /**< The credentials provider's last failure in the call, RMQDR_OK if none. */
} rmqdr_error_detail_t;

/** Callback-mode bookkeeping of the page being listed (see "What a callback sees"). */
typedef struct {
    rmqdr_json_sink_t user;   /**< The caller's callback sink. */
    uint64_t delivered_hash;  /**< FNV-1a of the ids handed to the callback, in order. */
    uint64_t attempt_hash;    /**< The same over this attempt's items so far. */
    uint32_t delivered;       /**< Items of the page the callback has seen. */
    uint32_t attempt_items;   /**< Items of the page decoded by this attempt. */
    bool changed;             /**< The re-requested page did not start with the delivered items. */
} rmqdr_page_guard_t;

/** A client: settings, connection state and the fixed decode work area. */
typedef struct {
    rmqdr_client_config_t cfg;     /**< Copy of the settings. */
    rmqdr_endpoint_t endpoint;     /**< Host and port resolved from the config. */
    rmqdr_response_t response;     /**< Decoder work area (RMQDR_WORK_SIZE bytes). */
    uint8_t rx[RMQDR_CLIENT_RX_SIZE]; /**< Receive buffer. */
    int64_t clock_offset_ms;       /**< Learned server-minus-local offset (read it through rmqdr_client_server_now()). */
    int64_t deadline_at_ms;        /**< Platform time at which the current call's deadline passes. */
    bool offset_learned;           /**< clock_offset_ms came from a server Date. */
    bool connected;                /**< The transport holds an open connection. */
    bool have_credentials;         /**< The provider has answered at least once. */
    bool refresh_failing;          /**< The last refresh failed (already reported). */
    int64_t credentials_at_ms;     /**< Server time of the last successful refresh. */
    int64_t refresh_retry_at_ms;   /**< Server time before which a failed refresh is not retried. */
    rmqdr_page_guard_t guard;      /**< Callback-mode replay check of the current page. */
    rmqdr_error_detail_t last_error; /**< What rmqdr_client_last_error() returns. */
    rmqdr_client_stats_t stats;    /**< Counters since init. */
} rmqdr_client_t;

/**
 * @brief Fill @p config with the documented defaults: every field zero or
 *        NULL except timeout_ms, deadline_ms, max_retries,
 *        backoff_base_ms and backoff_max_ms (the RMQDR_CLIENT_DEFAULT_*
 *        values). The caller then sets credentials, endpoint, transport,
 *        platform and request buffer.
 * @param[out] config Must not be NULL.
 */
void rmqdr_client_config_defaults(rmqdr_client_config_t *config);

/**
 * @brief Server time: the platform clock plus the offset learned from the
 *        service (0 until one is learned). A board without RTC whose clock
 *        counts from boot gets real time here once one call has reached
 *        the service.
 * @param client   An initialised client.
 * @param[out] unix_ms Milliseconds since 1970-01-01T00:00:00Z; left
 *        untouched on failure.
 * @return RMQDR_OK, RMQDR_ERR_BAD_ARGUMENT, or RMQDR_ERR_PORT_TIME when
 *         the platform clock fails or the sum is earlier than
 *         RMQDR_TIME_FLOOR_MS (clock unset, no offset learned yet).
 */
rmqdr_status_t rmqdr_client_server_now(const rmqdr_client_t *client, int64_t *unix_ms);

/**
 * @brief Detail of the last call (kept until the next call): the one place
 *        for a failure's status, cause, OS/mbedTLS code (from the
 *        transport's last_error hook), host:port, HTTP status, API code and
 *        request id.
 * @param client An initialised client.
 * @return NULL only for a NULL client; status RMQDR_OK when the last
 *         call succeeded.
 */
const rmqdr_error_detail_t *rmqdr_client_last_error(const rmqdr_client_t *client);

/**
 * @brief Check the settings and prepare the client. Does not connect.
 * @param client Caller's client struct (sizeof(rmqdr_client_t) bytes, no heap).
 * @param config Settings; copied, but the buffers, transport and provider it
 *        points to must outlive the client.
 * @return RMQDR_OK, RMQDR_ERR_BAD_ARGUMENT (also: a provider without
 *         fetch or without credentials memory, or any provider in a core
 *         built with RMQDR_NO_CREDENTIALS_PROVIDER), a validation status of
 *         the config, or RMQDR_ERR_PLAIN_NOT_LOOPBACK.
 */
rmqdr_status_t rmqdr_client_init(rmqdr_client_t *client, const rmqdr_client_config_t *config);

/**
 * @brief One page, every checkpoint handed to the sink (array or callback).
 *
 * Runs the operation request->operation names (NULL: ListDisasterRecoveryCheckpoints);
 * discover.h wraps it for plans and items, whose sinks carry their schema.
 * @param client  A client prepared by rmqdr_client_init().
 * @param request Operation and its parameters (see request.h).
 * @param sink    Where elements go: rmqdr_json_sink_array(),
 *        rmqdr_json_sink_callback() or the discovery sinks.
 * @param envelope Caller's envelope; on RMQDR_ERR_API it holds code,
 *        message, requestId and HTTP status of the last attempt.
 * @return RMQDR_OK; RMQDR_ERR_RETRIES_EXHAUSTED or RMQDR_ERR_DEADLINE
 *         (cause in rmqdr_client_last_error()); RMQDR_ERR_PAGE_CHANGED
 *         (callback mode, see the file comment); RMQDR_ERR_API;
 *         RMQDR_ERR_SERVER_ERROR, a transport/TLS status (with
 *         max_retries 0); a decoding status, or a validation status
 *         (never retried).
 */
rmqdr_status_t rmqdr_list_checkpoints(rmqdr_client_t *client, const rmqdr_request_t *request,
                                      const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope);

/**
 * @brief Every page, from page 1, over the kept connection.
 *
 * Uses request's pageSize (or 100 when unset), ignores its pageNumber,
 * and stops after the page that reaches totalCount or an empty page. One
 * deadline covers every page; each page gets its own retries. With
 * an array sink each page refills the array from index 0, so the callback
 * sink is the one that sees every item in bounded memory.
 * @param client  A client prepared by rmqdr_client_init().
 * @param request Operation and its parameters (see request.h).
 * @param sink    Where elements go: rmqdr_json_sink_array(),
 *        rmqdr_json_sink_callback() or the discovery sinks.
 * @param envelope Caller's envelope; after the call it holds the last
 *        page's envelope (or the API error, as for rmqdr_list_checkpoints()).
 * @param on_page Optional; called after each page with its envelope
 *        (progress reports). A non-OK return stops with that status.
 * @param page_ctx Passed to on_page as ctx.
 * @return RMQDR_OK after the last page; RMQDR_ERR_BAD_ARGUMENT for a NULL
 *         client, request, sink or envelope; otherwise the first failing
 *         page's status, as for rmqdr_list_checkpoints(), or on_page's
 *         non-OK status.
 */
rmqdr_status_t rmqdr_list_all_checkpoints(rmqdr_client_t *client, const rmqdr_request_t *request,
                                          const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope,
                                          rmqdr_status_t (*on_page)(void *ctx, const rmqdr_envelope_t *page),
                                          void *page_ctx);

/**
 * @brief Close the connection, if any. The client may be used again.
 * @param client A client prepared by rmqdr_client_init(); NULL is ignored.
 */
void rmqdr_client_close(rmqdr_client_t *client);

/**
 * @brief Whether a retry may cure @p status by itself.
 * @param status Any status.
 * @return true for RMQDR_ERR_DNS, RMQDR_ERR_CONNECT, RMQDR_ERR_TIMEOUT,
 *         RMQDR_ERR_CLOSED, RMQDR_ERR_RESET, RMQDR_ERR_NETWORK,
 *         RMQDR_ERR_HTTP_TRUNCATED and RMQDR_ERR_SERVER_ERROR; false
 *         otherwise. RMQDR_ERR_API depends on its code and HTTP status, see
 *         the file comment.
 */
bool rmqdr_status_is_transient(rmqdr_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_CLIENT_H */
