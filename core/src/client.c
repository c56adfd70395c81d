/* One call: stamp, sign, send, decode; then retry, reconnect or page. */
#include "rmqdr/client.h"

#include <string.h>

#define DEFAULT_TLS_PORT 443U
#define DEFAULT_PLAIN_PORT 80U
#define DEFAULT_PAGE_SIZE 100
#define RETRY_AFTER_CAP_MS 300000U
#define SKEW_TOLERANCE_MS (5 * 60 * 1000)

/* Outcome of one attempt, beyond its status. */
typedef struct {
    rmqdr_status_t status;
    bool stale_connection; /* a reused connection ended before any byte came back */
    int64_t started_ms;
} attempt_t;

static int64_t now_ms(const rmqdr_client_t *c)
{
    int64_t t = 0;

    if (c->cfg.platform->now_ms(c->cfg.platform->ctx, &t) != RMQDR_OK) {
        t = 0;
    }
    return t;
}

static void notify(const rmqdr_client_t *c, rmqdr_event_kind_t kind, const rmqdr_event_t *base)
{
    rmqdr_event_t ev;

    if (c->cfg.observer == NULL) {
        return;
    }
    ev = *base;
    ev.kind = kind;
    if (ev.request_id == NULL) {
        ev.request_id = "";
    }
    if (ev.code == NULL) {
        ev.code = "";
    }
    c->cfg.observer(c->cfg.observer_ctx, &ev);
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

rmqdr_status_t rmqdr_client_init(rmqdr_client_t *client, const rmqdr_client_config_t *config)
{
    rmqdr_status_t st;

    if ((client == NULL) || (config == NULL) || (config->transport == NULL) ||
        (config->platform == NULL) || (config->platform->now_ms == NULL) ||
        (config->platform->random == NULL) || (config->request_buf == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if ((config->max_retries > 0U) && (config->platform->sleep_ms == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    (void)memset(client, 0, sizeof *client);
    client->cfg = *config;
    st = rmqdr_endpoint_resolve(&config->config,
                                config->transport_is_tls ? DEFAULT_TLS_PORT : DEFAULT_PLAIN_PORT,
                                &client->endpoint);
    if ((st == RMQDR_OK) && !config->transport_is_tls && !rmqdr_host_is_loopback(client->endpoint.host)) {
        st = RMQDR_ERR_PLAIN_NOT_LOOPBACK;
    }
    client->last_error.host = client->endpoint.host;
    client->last_error.port = client->endpoint.port;
    return st;
}

void rmqdr_client_close(rmqdr_client_t *client)
{
    if ((client != NULL) && client->connected) {
        client->cfg.transport->close(client->cfg.transport->ctx);
        client->connected = false;
    }
}

bool rmqdr_status_is_transient(rmqdr_status_t status)
{
    switch (status) {
    case RMQDR_ERR_DNS:
    case RMQDR_ERR_CONNECT:
    case RMQDR_ERR_TIMEOUT:
    case RMQDR_ERR_CLOSED:
    case RMQDR_ERR_RESET:
    case RMQDR_ERR_NETWORK:
    case RMQDR_ERR_HTTP_TRUNCATED:
        return true;
    default:
        return false;
    }
}

/* Throttling and server-side failures are worth another try; everything
 * else the service says (auth, validation, not found) is final. */
static bool api_error_is_transient(const rmqdr_envelope_t *env)
{
    return starts_with(env->code, "Throttling") || starts_with(env->code, "ServiceUnavailable") ||
           starts_with(env->code, "InternalError") || (env->http_status >= 500) ||
           (env->http_status == 429);
}

static rmqdr_status_t ensure_connected(rmqdr_client_t *c, attempt_t *a)
{
    rmqdr_status_t st;
    rmqdr_event_t ev;

    if (c->connected) {
        return RMQDR_OK;
    }
    st = c->cfg.transport->connect(c->cfg.transport->ctx, c->endpoint.host, c->endpoint.port,
                                   c->cfg.timeout_ms);
    if (st != RMQDR_OK) {
        c->cfg.transport->close(c->cfg.transport->ctx);
        return st;
    }
    c->connected = true;
    c->stats.connects++;
    (void)memset(&ev, 0, sizeof ev);
    ev.elapsed_ms = now_ms(c) - a->started_ms;
    notify(c, RMQDR_EVENT_CONNECTED, &ev);
    return RMQDR_OK;
}

static rmqdr_status_t send_all(rmqdr_client_t *c, const uint8_t *data, size_t len)
{
    size_t done = 0U;

    while (done < len) {
        size_t sent = 0U;
        rmqdr_status_t st = c->cfg.transport->send(c->cfg.transport->ctx, &data[done], len - done,
                                                   &sent, c->cfg.timeout_ms);

        if (st != RMQDR_OK) {
            return st;
        }
        done += sent;
    }
    return RMQDR_OK;
}

/* Reads until the message is complete, the peer closes, or an error. */
static rmqdr_status_t receive(rmqdr_client_t *c, attempt_t *a, bool reused)
{
    uint64_t total = 0U;
    rmqdr_status_t st = RMQDR_OK;

    while ((st == RMQDR_OK) && !rmqdr_response_done(&c->response)) {
        size_t got = 0U;

        st = c->cfg.transport->recv(c->cfg.transport->ctx, c->rx, sizeof c->rx, &got,
                                    c->cfg.timeout_ms);
        if (st == RMQDR_OK) {
            total += got;
            st = rmqdr_response_feed(&c->response, c->rx, got);
        } else if (st == RMQDR_ERR_CLOSED) {
            a->stale_connection = reused && (total == 0U);
            st = rmqdr_response_finish(&c->response);
        } else if ((st == RMQDR_ERR_RESET) && reused && (total == 0U)) {
            a->stale_connection = true;
        } else {
            /* a transport failure: reported as is */
        }
    }
    return st;
}

static void learn_clock(rmqdr_client_t *c, bool force)
{
    const rmqdr_http_head_t *head = rmqdr_response_head(&c->response);
    int64_t offset;
    rmqdr_event_t ev;

    if (!head->has_date) {
        return;
    }
    offset = (head->date_unix * 1000) - now_ms(c);
    if (!force && (offset < SKEW_TOLERANCE_MS) && (offset > -SKEW_TOLERANCE_MS)) {
        return;
    }
    c->clock_offset_ms = offset;
    (void)memset(&ev, 0, sizeof ev);
    ev.clock_offset_ms = offset;
    notify(c, RMQDR_EVENT_CLOCK_SKEW, &ev);
}

static void attempt_once(rmqdr_client_t *c, const rmqdr_request_t *req,
                         const rmqdr_json_sink_t *sink, rmqdr_envelope_t *env, attempt_t *a)
{
    rmqdr_stamp_t stamp;
    size_t len = 0U;
    bool reused = c->connected;
    rmqdr_status_t st;

    a->stale_connection = false;
    a->started_ms = now_ms(c);
    st = rmqdr_stamp_make(c->cfg.platform, c->clock_offset_ms, &stamp);
    st = (st == RMQDR_OK) ? rmqdr_request_build(&c->cfg.config, req, &stamp, c->cfg.request_buf,
                                                c->cfg.request_buf_size, &len) : st;
    st = (st == RMQDR_OK) ? ensure_connected(c, a) : st;
    rmqdr_response_init(&c->response, env, sink);
    if (st == RMQDR_OK) {
        c->stats.requests++;
        st = send_all(c, (const uint8_t *)c->cfg.request_buf, len);
        if ((st != RMQDR_OK) && reused) {
            a->stale_connection = true;
        }
    }
    st = (st == RMQDR_OK) ? receive(c, a, reused) : st;
    if ((st == RMQDR_OK) && rmqdr_http_can_reuse(&c->response.http)) {
        /* keep the connection for the next call */
    } else {
        rmqdr_client_close(c);
    }
    if (st == RMQDR_OK) {
        learn_clock(c, false);
        st = rmqdr_response_result(&c->response);
    }
    a->status = st;
}

static uint32_t backoff_ms(const rmqdr_client_t *c, uint32_t retry)
{
    uint32_t ceiling = c->cfg.backoff_base_ms;
    uint32_t i;
    uint32_t r = 0U;
    const rmqdr_http_head_t *head = rmqdr_response_head(&c->response);
    uint32_t delay;

    for (i = 0U; (i < retry) && (ceiling < c->cfg.backoff_max_ms); i++) {
        ceiling = (ceiling > (UINT32_MAX / 2U)) ? UINT32_MAX : (ceiling * 2U);
    }
    if (ceiling > c->cfg.backoff_max_ms) {
        ceiling = c->cfg.backoff_max_ms;
    }
    if (c->cfg.platform->random(c->cfg.platform->ctx, (uint8_t *)&r, sizeof r) != RMQDR_OK) {
        r = ceiling / 2U;
    }
    /* full jitter over [0, ceiling]; at UINT32_MAX every r is in range
     * (ceiling + 1 would wrap to 0 and divide by zero) */
    delay = (ceiling == UINT32_MAX) ? r : (r % (ceiling + 1U));
    if (head->has_retry_after && (head->retry_after_ms > delay)) {
        delay = (head->retry_after_ms < RETRY_AFTER_CAP_MS) ? head->retry_after_ms : RETRY_AFTER_CAP_MS;
    }
    return delay;
}

static void report_response(const rmqdr_client_t *c, const attempt_t *a, uint32_t attempt,
                            const rmqdr_envelope_t *env)
{
    rmqdr_event_t ev;
    const rmqdr_http_head_t *head = rmqdr_response_head(&c->response);

    (void)memset(&ev, 0, sizeof ev);
    ev.attempt = attempt;
    ev.status = a->status;
    ev.http_status = (int)head->status;
    ev.elapsed_ms = now_ms(c) - a->started_ms;
    ev.request_id = (env->request_id[0] != '\0') ? env->request_id : head->request_id;
    ev.code = env->code;
    notify(c, RMQDR_EVENT_RESPONSE, &ev);
}

static bool is_clock_error(const attempt_t *a, const rmqdr_envelope_t *env)
{
    return (a->status == RMQDR_ERR_API) && (strcmp(env->code, "InvalidTimeStamp.Expired") == 0);
}

/* Decides whether to try again; sleeps the backoff when it does. */
static bool should_retry(rmqdr_client_t *c, const attempt_t *a, const rmqdr_envelope_t *env,
                         const rmqdr_json_sink_t *sink, uint32_t *retries)
{
    rmqdr_event_t ev;
    bool transient = rmqdr_status_is_transient(a->status) ||
                     ((a->status == RMQDR_ERR_API) && api_error_is_transient(env));

    if (!transient || (*retries >= c->cfg.max_retries)) {
        return false;
    }
    if ((sink->mode == RMQDR_JSON_SINK_CALLBACK) && (env->list_count > 0U)) {
        return false; /* the callback already saw part of this page */
    }
    (void)memset(&ev, 0, sizeof ev);
    ev.attempt = *retries;
    ev.status = a->status;
    ev.http_status = env->http_status;
    ev.code = env->code;
    ev.delay_ms = backoff_ms(c, *retries);
    notify(c, RMQDR_EVENT_RETRY, &ev);
    if (ev.delay_ms > 0U) {
        c->cfg.platform->sleep_ms(c->cfg.platform->ctx, ev.delay_ms);
    }
    *retries += 1U;
    c->stats.retries++;
    return true;
}

rmqdr_status_t rmqdr_list_checkpoints(rmqdr_client_t *client, const rmqdr_request_t *request,
                                      const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope)
{
    attempt_t a;
    uint32_t retries = 0U;
    uint32_t attempts = 0U;
    bool reconnected = false;
    bool skew_fixed = false;

    if ((client == NULL) || (request == NULL) || (sink == NULL) || (envelope == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    (void)memset(&a, 0, sizeof a);
    for (;;) {
        attempt_once(client, request, sink, envelope, &a);
        report_response(client, &a, attempts, envelope);
        attempts++;
        if (a.status == RMQDR_OK) {
            break;
        }
        if (rmqdr_status_is_transient(a.status)) {
            client->last_transport_status = a.status;
        }
        if (a.stale_connection && !reconnected) {
            rmqdr_event_t ev;

            (void)memset(&ev, 0, sizeof ev);
            ev.status = a.status;
            notify(client, RMQDR_EVENT_RECONNECT, &ev);
            client->stats.reconnects++;
            reconnected = true;
        } else if (is_clock_error(&a, envelope) && !skew_fixed) {
            learn_clock(client, true);
            skew_fixed = true;
        } else if (!should_retry(client, &a, envelope, sink, &retries)) {
            break;
        } else {
            /* backoff done; next attempt */
        }
    }
    return a.status;
}

rmqdr_status_t rmqdr_list_all_checkpoints(rmqdr_client_t *client, const rmqdr_request_t *request,
                                          const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope,
                                          rmqdr_status_t (*on_page)(void *ctx, const rmqdr_envelope_t *page),
                                          void *page_ctx)
{
    rmqdr_request_t page;
    uint64_t seen = 0U;
    rmqdr_status_t st = RMQDR_OK;
    bool more = true;

    if ((client == NULL) || (request == NULL) || (sink == NULL) || (envelope == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    page = *request;
    page.page_number_set = true;
    page.page_number = 1;
    if (!page.page_size_set) {
        page.page_size_set = true;
        page.page_size = DEFAULT_PAGE_SIZE;
    }
    while (more && (st == RMQDR_OK)) {
        st = rmqdr_list_checkpoints(client, &page, sink, envelope);
        if (st != RMQDR_OK) {
            break;
        }
        seen += envelope->list_count;
        if (on_page != NULL) {
            st = on_page(page_ctx, envelope);
        }
        /* Stop on an empty page too, so a server whose totalCount is
         * wrong cannot keep us paging forever. */
        more = (envelope->list_count > 0U) && (envelope->total_count > 0) &&
               (seen < (uint64_t)envelope->total_count) && (page.page_number < RMQDR_MAX_PAGE_NUMBER);
        page.page_number++;
    }
    return st;
}

/* Contract stubs; the retry/deadline work fills these in. */
void rmqdr_client_config_defaults(rmqdr_client_config_t *config)
{
    if (config == NULL) {
        return;
    }
    (void)memset(config, 0, sizeof *config);
    config->timeout_ms = 10000U;
    config->deadline_ms = 60000U;
    config->max_retries = 3U;
    config->backoff_base_ms = 200U;
    config->backoff_max_ms = 10000U;
}

rmqdr_status_t rmqdr_client_server_now(const rmqdr_client_t *client, int64_t *unix_ms)
{
    int64_t t = 0;

    if ((client == NULL) || (unix_ms == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (client->cfg.platform->now_ms(client->cfg.platform->ctx, &t) != RMQDR_OK) {
        return RMQDR_ERR_PORT_TIME;
    }
    *unix_ms = t + client->clock_offset_ms;
    return RMQDR_OK;
}

const rmqdr_error_detail_t *rmqdr_client_last_error(const rmqdr_client_t *client)
{
    return (client != NULL) ? &client->last_error : NULL;
}
