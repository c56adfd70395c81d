/* One call: stamp, sign, send, decode; then retry, reconnect or page,
 * within one deadline. The policy is documented in client.h. */
#include "rmqdr/client.h"

#include <string.h>

#define DEFAULT_TLS_PORT 443U
#define DEFAULT_PLAIN_PORT 80U
#define DEFAULT_PAGE_SIZE 100
#define RETRY_AFTER_CAP_MS 300000U
#define SAME_OFFSET_MS 2000 /* Date has 1 s resolution; closer offsets are the same one */
#define FNV_OFFSET_BASIS UINT64_C(14695981039346656037)
#define FNV_PRIME UINT64_C(1099511628211)

/* Outcome of one attempt, beyond its status. */
typedef struct {
    rmqdr_status_t status;
    bool stale_connection; /* a reused connection ended before any byte came back */
    bool deadline_hit;     /* the call's deadline cut this attempt short */
    bool cut_by_close;     /* a body framed by the connection's end stopped mid-document */
    int64_t started_ms;
    int32_t os_error;      /* from the transport's last_error hook */
    int32_t tls_error;
} attempt_t;

static int64_t now_ms(const rmqdr_client_t *c)
{
    int64_t t = 0;

    if (c->cfg.platform->now_ms(c->cfg.platform->ctx, &t) != RMQDR_OK) {
        t = 0;
    }
    return t;
}

/* The clock of timeouts, the deadline and elapsed times: monotonic when
 * the platform has one (a wall-clock step must not stretch a call). */
static int64_t steady_ms(const rmqdr_client_t *c)
{
    const rmqdr_platform_t *p = c->cfg.platform;

    return (p->monotonic_ms != NULL) ? p->monotonic_ms(p->ctx) : now_ms(c);
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

/* The credentials provider, or NULL. Always NULL in a build with
 * RMQDR_NO_CREDENTIALS_PROVIDER, which compiles the refresh logic out
 * (rmqdr_client_init() refuses a provider there). */
static const rmqdr_credentials_provider_t *provider_of(const rmqdr_client_t *c)
{
#ifdef RMQDR_NO_CREDENTIALS_PROVIDER
    (void)c;
    return NULL;
#else
    return c->cfg.credentials_provider;
#endif
}

/* A provider needs its fetch hook, credentials memory, and a build that
 * has the refresh logic. */
static bool provider_is_valid(const rmqdr_client_config_t *config)
{
#ifdef RMQDR_NO_CREDENTIALS_PROVIDER
    return config->credentials_provider == NULL;
#else
    return (config->credentials_provider == NULL) ||
           ((config->credentials_provider->fetch != NULL) && (config->credentials != NULL));
#endif
}

static uint32_t or_default(uint32_t value, uint32_t fallback)
{
    return (value != 0U) ? value : fallback;
}

void rmqdr_client_config_defaults(rmqdr_client_config_t *config)
{
    if (config == NULL) {
        return;
    }
    (void)memset(config, 0, sizeof *config);
    config->timeout_ms = RMQDR_CLIENT_DEFAULT_TIMEOUT_MS;
    config->deadline_ms = RMQDR_CLIENT_DEFAULT_DEADLINE_MS;
    config->max_retries = RMQDR_CLIENT_DEFAULT_MAX_RETRIES;
    config->backoff_base_ms = RMQDR_CLIENT_DEFAULT_BACKOFF_BASE_MS;
    config->backoff_max_ms = RMQDR_CLIENT_DEFAULT_BACKOFF_MAX_MS;
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
    if (!provider_is_valid(config)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    (void)memset(client, 0, sizeof *client);
    client->cfg = *config;
    /* a zero-initialised field means its default, never "at once" */
    client->cfg.timeout_ms = or_default(config->timeout_ms, RMQDR_CLIENT_DEFAULT_TIMEOUT_MS);
    client->cfg.deadline_ms = or_default(config->deadline_ms, RMQDR_CLIENT_DEFAULT_DEADLINE_MS);
    client->cfg.backoff_base_ms = or_default(config->backoff_base_ms, RMQDR_CLIENT_DEFAULT_BACKOFF_BASE_MS);
    client->cfg.backoff_max_ms = or_default(config->backoff_max_ms, RMQDR_CLIENT_DEFAULT_BACKOFF_MAX_MS);
    client->cfg.refresh_margin_ms = or_default(config->refresh_margin_ms, RMQDR_CREDENTIALS_DEFAULT_MARGIN_MS);
    if (provider_of(client) != NULL) {
        /* signing reads the provider's memory, refreshed in place */
        client->cfg.config.access_key_id = config->credentials->access_key_id;
        client->cfg.config.access_key_secret = config->credentials->access_key_secret;
        client->cfg.config.security_token = config->credentials->security_token;
        /* memory the caller already filled counts as fetched now */
        client->have_credentials = config->credentials->access_key_id[0] != '\0';
        client->credentials_at_ms = now_ms(client);
    }
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
    case RMQDR_ERR_SERVER_ERROR:
        return true;
    default:
        return false;
    }
}

static bool is_transport_status(rmqdr_status_t st)
{
    return (st >= RMQDR_ERR_DNS) && (st <= RMQDR_ERR_TLS);
}

static bool http_status_is_transient(uint16_t status)
{
    return (status >= 500U) || (status == 429U);
}

/* Throttling and server-side failures are worth another try; everything
 * else the service says (auth, validation, not found) is final. */
static bool api_error_is_transient(const rmqdr_envelope_t *env)
{
    return starts_with(env->code, "Throttling") || starts_with(env->code, "ServiceUnavailable") ||
           starts_with(env->code, "InternalError") || (env->http_status >= 500) ||
           (env->http_status == 429);
}

/* ---------------------------------------------------------------- time */

/* Milliseconds until the call's deadline, 0 when it has passed. */
static uint32_t time_left(const rmqdr_client_t *c)
{
    int64_t left = c->deadline_at_ms - steady_ms(c);

    if (left <= 0) {
        return 0U;
    }
    return (left > (int64_t)UINT32_MAX) ? UINT32_MAX : (uint32_t)left;
}

/* The timeout for the next transport operation: never past the deadline. */
static uint32_t op_timeout(const rmqdr_client_t *c)
{
    uint32_t left = time_left(c);

    return (left < c->cfg.timeout_ms) ? left : c->cfg.timeout_ms;
}

/* The local clock (with what was learned) reads before the floor. */
static bool clock_is_unset(const rmqdr_client_t *c)
{
    return (now_ms(c) + c->clock_offset_ms) < RMQDR_TIME_FLOOR_MS;
}

/* Adopts the response's Date as the offset when the rules of client.h
 * allow it. True when the offset now agrees with that Date (just learned,
 * or learned before within SAME_OFFSET_MS); one event per offset learned. */
static bool learn_clock(rmqdr_client_t *c, bool rejected)
{
    const rmqdr_http_head_t *head = rmqdr_response_head(&c->response);
    int64_t offset;
    rmqdr_event_t ev;

    if (!head->has_date || !(rejected || clock_is_unset(c)) ||
        (head->date_unix < (RMQDR_TIME_FLOOR_MS / 1000)) ||
        (head->date_unix > (RMQDR_TIME_CEILING_MS / 1000))) {
        return false;
    }
    offset = (head->date_unix * 1000) - now_ms(c);
    if (c->offset_learned && (offset - c->clock_offset_ms < SAME_OFFSET_MS) &&
        (c->clock_offset_ms - offset < SAME_OFFSET_MS)) {
        return true;
    }
    c->clock_offset_ms = offset;
    c->offset_learned = true;
    (void)memset(&ev, 0, sizeof ev);
    ev.clock_offset_ms = offset;
    notify(c, RMQDR_EVENT_CLOCK_SKEW, &ev);
    return true;
}

rmqdr_status_t rmqdr_client_server_now(const rmqdr_client_t *client, int64_t *unix_ms)
{
    int64_t t = 0;

    if ((client == NULL) || (unix_ms == NULL) || (client->cfg.platform == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (client->cfg.platform->now_ms(client->cfg.platform->ctx, &t) != RMQDR_OK) {
        return RMQDR_ERR_PORT_TIME;
    }
    if ((t + client->clock_offset_ms) < RMQDR_TIME_FLOOR_MS) {
        return RMQDR_ERR_PORT_TIME;
    }
    *unix_ms = t + client->clock_offset_ms;
    return RMQDR_OK;
}

/* --------------------------------------------------------- credentials */

#ifdef RMQDR_NO_CREDENTIALS_PROVIDER
/* Compiled out: the config's keys sign every request. */
static rmqdr_status_t refresh_credentials(rmqdr_client_t *c, bool force)
{
    (void)c;
    (void)force;
    return RMQDR_OK;
}
#else
static int64_t server_time(const rmqdr_client_t *c)
{
    return now_ms(c) + c->clock_offset_ms;
}

/* Within the margin of Expiration: the configured one, or a third of the
 * lifetime for short-lived credentials (client.h, "Credentials"). */
static bool credentials_due(const rmqdr_client_t *c, int64_t now)
{
    const rmqdr_credentials_t *cr = c->cfg.credentials;
    int64_t margin = (int64_t)c->cfg.refresh_margin_ms;
    int64_t third;

    if (!c->have_credentials) {
        return true;
    }
    if (cr->expiration_ms == 0) {
        return false;
    }
    third = (cr->expiration_ms - c->credentials_at_ms) / 3;
    if (third < margin) {
        margin = (third > 0) ? third : 0;
    }
    return now >= (cr->expiration_ms - margin);
}

static bool credentials_usable(const rmqdr_client_t *c, int64_t now)
{
    return c->have_credentials &&
           ((c->cfg.credentials->expiration_ms == 0) || (now < c->cfg.credentials->expiration_ms));
}

static void credentials_fetched(rmqdr_client_t *c, int64_t now)
{
    rmqdr_event_t ev;

    c->have_credentials = true;
    c->refresh_failing = false;
    c->credentials_at_ms = now;
    c->stats.credential_refreshes++;
    (void)memset(&ev, 0, sizeof ev);
    ev.expires_in_ms = (c->cfg.credentials->expiration_ms != 0) ? (c->cfg.credentials->expiration_ms - now) : 0;
    notify(c, RMQDR_EVENT_CREDENTIALS_REFRESHED, &ev);
}

/* Asks the provider when due (or forced after the service rejected the
 * token). A failure keeps unexpired credentials, is reported once per run
 * of failures and is retried after RMQDR_CREDENTIALS_RETRY_MS. */
static rmqdr_status_t refresh_credentials(rmqdr_client_t *c, bool force)
{
    const rmqdr_credentials_provider_t *p = c->cfg.credentials_provider;
    int64_t now = server_time(c);
    bool usable = credentials_usable(c, now);
    uint32_t timeout = op_timeout(c);
    rmqdr_status_t st;
    rmqdr_event_t ev;

    if ((p == NULL) || (!force && !credentials_due(c, now)) ||
        (!force && usable && c->refresh_failing && (now < c->refresh_retry_at_ms))) {
        return RMQDR_OK;
    }
    st = (timeout > 0U) ? p->fetch(p->ctx, timeout, c->cfg.credentials) : RMQDR_ERR_TIMEOUT;
    now = server_time(c);
    if (st == RMQDR_OK) {
        credentials_fetched(c, now);
        return RMQDR_OK;
    }
    c->stats.credential_failures++;
    c->last_error.credentials_status = st;
    c->refresh_retry_at_ms = now + (int64_t)RMQDR_CREDENTIALS_RETRY_MS;
    if (!c->refresh_failing) {
        c->refresh_failing = true;
        (void)memset(&ev, 0, sizeof ev);
        ev.status = st;
        notify(c, RMQDR_EVENT_CREDENTIALS_FAILED, &ev);
    }
    return (usable && !force) ? RMQDR_OK : RMQDR_ERR_CREDENTIALS;
}
#endif /* RMQDR_NO_CREDENTIALS_PROVIDER */

/* ------------------------------------------------- callback-mode guard */

static uint64_t fnv_mix(uint64_t hash, int64_t value)
{
    uint64_t v = (uint64_t)value;
    uint64_t h = hash;
    unsigned i;

    for (i = 0U; i < 8U; i++) {
        h = (h ^ (v & 0xFFU)) * FNV_PRIME;
        v >>= 8;
    }
    return h;
}

/* One decoded element of the page: advances the attempt's hash of ids and
 * says whether the caller's callback should see it (false: a previous
 * attempt already delivered it). Items already delivered are checked, not
 * delivered again. */
static rmqdr_status_t guard_step(rmqdr_page_guard_t *g, const int64_t ids[3], bool *deliver)
{
    g->attempt_hash = fnv_mix(fnv_mix(fnv_mix(g->attempt_hash, ids[0]), ids[1]), ids[2]);
    g->attempt_items++;
    *deliver = g->attempt_items > g->delivered;
    if ((g->attempt_items == g->delivered) && (g->attempt_hash != g->delivered_hash)) {
        g->changed = true;
        return RMQDR_ERR_PAGE_CHANGED;
    }
    return RMQDR_OK;
}

static void guard_delivered(rmqdr_page_guard_t *g)
{
    g->delivered = g->attempt_items;
    g->delivered_hash = g->attempt_hash;
}

/* One guard per element type: the ids that name an element of the list. */
static rmqdr_status_t guarded_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    rmqdr_page_guard_t *g = &((rmqdr_client_t *)ctx)->guard;
    const int64_t ids[3] = { cp->checkpoint_id, cp->plan_id, cp->item_id };
    bool deliver = false;
    rmqdr_status_t st = guard_step(g, ids, &deliver);

    if ((st == RMQDR_OK) && deliver) {
        st = g->user.on_element.checkpoint(g->user.ctx, cp);
        guard_delivered(g);
    }
    return st;
}

#ifndef RMQDR_NO_DISCOVERY
static rmqdr_status_t guarded_plan(void *ctx, const rmqdr_plan_t *plan)
{
    rmqdr_page_guard_t *g = &((rmqdr_client_t *)ctx)->guard;
    const int64_t ids[3] = { plan->plan_id, 0, 0 };
    bool deliver = false;
    rmqdr_status_t st = guard_step(g, ids, &deliver);

    if ((st == RMQDR_OK) && deliver) {
        st = g->user.on_element.plan(g->user.ctx, plan);
        guard_delivered(g);
    }
    return st;
}

static rmqdr_status_t guarded_item(void *ctx, const rmqdr_item_t *item)
{
    rmqdr_page_guard_t *g = &((rmqdr_client_t *)ctx)->guard;
    const int64_t ids[3] = { item->item_id, item->plan_id, 0 };
    bool deliver = false;
    rmqdr_status_t st = guard_step(g, ids, &deliver);

    if ((st == RMQDR_OK) && deliver) {
        st = g->user.on_element.item(g->user.ctx, item);
        guard_delivered(g);
    }
    return st;
}
#endif

static void guard_new_page(rmqdr_client_t *c, const rmqdr_json_sink_t *sink)
{
    (void)memset(&c->guard, 0, sizeof c->guard);
    c->guard.user = *sink;
    c->guard.delivered_hash = FNV_OFFSET_BASIS;
}

/* The sink an attempt decodes into. */
static rmqdr_json_sink_t attempt_sink(rmqdr_client_t *c)
{
    rmqdr_json_sink_t s = c->guard.user;

    c->guard.attempt_items = 0U;
    c->guard.attempt_hash = FNV_OFFSET_BASIS;
    if (s.mode == RMQDR_JSON_SINK_CALLBACK) {
        s.on_element.checkpoint = guarded_checkpoint;
#ifndef RMQDR_NO_DISCOVERY
        /* A checkpoints-only build has no other schema. */
        if (s.schema == &rmqdr_json_schema_plans) {
            s.on_element.plan = guarded_plan;
        } else if (s.schema == &rmqdr_json_schema_items) {
            s.on_element.item = guarded_item;
        } else {
            /* checkpoints */
        }
#endif
        s.ctx = c;
    }
    return s;
}

/* --------------------------------------------------------- one attempt */

static void note_transport_error(const rmqdr_client_t *c, attempt_t *a, rmqdr_status_t st)
{
    const rmqdr_transport_t *t = c->cfg.transport;

    if (is_transport_status(st) && (t->last_error != NULL)) {
        t->last_error(t->ctx, &a->os_error, &a->tls_error);
    }
}

static rmqdr_status_t ensure_connected(rmqdr_client_t *c, attempt_t *a)
{
    rmqdr_status_t st;
    rmqdr_event_t ev;
    uint32_t timeout = op_timeout(c);

    if (c->connected) {
        return RMQDR_OK;
    }
    if (timeout == 0U) {
        a->deadline_hit = true;
        return RMQDR_ERR_TIMEOUT;
    }
    st = c->cfg.transport->connect(c->cfg.transport->ctx, c->endpoint.host, c->endpoint.port,
                                   timeout);
    if (st != RMQDR_OK) {
        note_transport_error(c, a, st);
        c->cfg.transport->close(c->cfg.transport->ctx);
        return st;
    }
    c->connected = true;
    c->stats.connects++;
    (void)memset(&ev, 0, sizeof ev);
    ev.elapsed_ms = steady_ms(c) - a->started_ms;
    notify(c, RMQDR_EVENT_CONNECTED, &ev);
    return RMQDR_OK;
}

static rmqdr_status_t send_all(rmqdr_client_t *c, attempt_t *a, const uint8_t *data, size_t len)
{
    size_t done = 0U;
    rmqdr_status_t st = RMQDR_OK;

    while ((st == RMQDR_OK) && (done < len)) {
        size_t sent = 0U;
        uint32_t timeout = op_timeout(c);

        if (timeout == 0U) {
            a->deadline_hit = true;
            return RMQDR_ERR_TIMEOUT;
        }
        st = c->cfg.transport->send(c->cfg.transport->ctx, &data[done], len - done, &sent, timeout);
        done += sent;
    }
    note_transport_error(c, a, st);
    return st;
}

/* Reads until the message is complete, the peer closes, an error, or the
 * deadline (each read waits at most the time left). */
static rmqdr_status_t receive(rmqdr_client_t *c, attempt_t *a, bool reused)
{
    uint64_t total = 0U;
    rmqdr_status_t st = RMQDR_OK;

    while ((st == RMQDR_OK) && !rmqdr_response_done(&c->response)) {
        size_t got = 0U;
        uint32_t timeout = op_timeout(c);

        if (timeout == 0U) {
            a->deadline_hit = true;
            return RMQDR_ERR_TIMEOUT;
        }
        st = c->cfg.transport->recv(c->cfg.transport->ctx, c->rx, sizeof c->rx, &got, timeout);
        if (st == RMQDR_OK) {
            total += got;
            st = rmqdr_response_feed(&c->response, c->rx, got);
        } else if (st == RMQDR_ERR_CLOSED) {
            a->stale_connection = reused && (total == 0U);
            st = rmqdr_response_finish(&c->response);
        } else {
            a->stale_connection = (st == RMQDR_ERR_RESET) && reused && (total == 0U);
            note_transport_error(c, a, st);
        }
    }
    return st;
}

/* A 5xx/429 whose body is not the API's error (or did not arrive whole)
 * is the server's or a gateway's failure, and transient. */
static rmqdr_status_t classify_server_error(const rmqdr_client_t *c, rmqdr_status_t st)
{
    const rmqdr_http_head_t *head = rmqdr_response_head(&c->response);

    if ((st == RMQDR_OK) || (st == RMQDR_ERR_API) || rmqdr_status_is_transient(st) ||
        (st == RMQDR_ERR_ABORTED_BY_CALLBACK) || !rmqdr_http_headers_done(&c->response.http) ||
        !http_status_is_transient(head->status)) {
        return st;
    }
    return RMQDR_ERR_SERVER_ERROR;
}

static rmqdr_status_t exchange(rmqdr_client_t *c, attempt_t *a, size_t len)
{
    bool reused = c->connected;
    rmqdr_status_t st = ensure_connected(c, a);

    if (st == RMQDR_OK) {
        c->stats.requests++;
        st = send_all(c, a, (const uint8_t *)c->cfg.request_buf, len);
        a->stale_connection = (st != RMQDR_OK) && reused && !a->deadline_hit;
    }
    st = (st == RMQDR_OK) ? receive(c, a, reused) : st;
    if ((st == RMQDR_OK) && rmqdr_http_can_reuse(&c->response.http)) {
        /* keep the connection for the next call */
    } else {
        rmqdr_client_close(c);
    }
    return st;
}

static void attempt_once(rmqdr_client_t *c, const rmqdr_request_t *req, rmqdr_envelope_t *env,
                         attempt_t *a)
{
    rmqdr_stamp_t stamp;
    rmqdr_json_sink_t sink = attempt_sink(c);
    size_t len = 0U;
    rmqdr_status_t st;

    (void)memset(a, 0, sizeof *a);
    a->started_ms = steady_ms(c);
    rmqdr_response_init(&c->response, env, &sink);
    st = refresh_credentials(c, false);
    st = (st == RMQDR_OK) ? rmqdr_stamp_make(c->cfg.platform, c->clock_offset_ms, &stamp) : st;
    st = (st == RMQDR_OK) ? rmqdr_request_build(&c->cfg.config, req, &stamp, c->cfg.request_buf,
                                                c->cfg.request_buf_size, &len) : st;
    st = (st == RMQDR_OK) ? exchange(c, a, len) : st;
    if (rmqdr_http_headers_done(&c->response.http)) {
        (void)learn_clock(c, false);
    }
    if (st == RMQDR_OK) {
        st = rmqdr_response_result(&c->response);
    }
    /* a body that runs until close and ends inside the JSON document was
     * cut by the network, like a short Content-Length body */
    a->cut_by_close = (st == RMQDR_ERR_JSON_TRUNCATED) && c->response.http.until_close;
    if (c->guard.changed) {
        st = RMQDR_ERR_PAGE_CHANGED;
    } else if ((st == RMQDR_OK) && (c->guard.attempt_items < c->guard.delivered)) {
        st = RMQDR_ERR_PAGE_CHANGED; /* the page shrank under the items delivered */
    } else {
        st = classify_server_error(c, st);
    }
    a->status = st;
}

/* ------------------------------------------------------ retry decisions */

static uint32_t backoff_ms(const rmqdr_client_t *c, uint32_t retry)
{
    uint32_t ceiling = c->cfg.backoff_base_ms;
    uint32_t i;
    uint32_t r = 0U;
    const rmqdr_http_head_t *head = rmqdr_response_head(&c->response);
    uint32_t delay;
    uint32_t half;

    for (i = 0U; (i < retry) && (ceiling < c->cfg.backoff_max_ms); i++) {
        ceiling = (ceiling > (UINT32_MAX / 2U)) ? UINT32_MAX : (ceiling * 2U);
    }
    if (ceiling > c->cfg.backoff_max_ms) {
        ceiling = c->cfg.backoff_max_ms;
    }
    if (c->cfg.platform->random(c->cfg.platform->ctx, (uint8_t *)&r, sizeof r) != RMQDR_OK) {
        r = 0U;
    }
    /* "equal jitter": uniform over [ceiling/2, ceiling], so a retry after
     * a reset or timeout always waits at least half its ceiling */
    half = ceiling / 2U;
    delay = half + (r % ((ceiling - half) + 1U));
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
    ev.elapsed_ms = steady_ms(c) - a->started_ms;
    ev.request_id = (env->request_id[0] != '\0') ? env->request_id : head->request_id;
    ev.code = env->code;
    notify(c, RMQDR_EVENT_RESPONSE, &ev);
}

static bool is_clock_error(const attempt_t *a, const rmqdr_envelope_t *env)
{
    return (a->status == RMQDR_ERR_API) && starts_with(env->code, "InvalidTimeStamp");
}

/* The service refused the token (expired, or not matching the key): worth
 * one refresh when a provider can give a new one. */
static bool is_token_error(const rmqdr_client_t *c, const attempt_t *a, const rmqdr_envelope_t *env)
{
    return (provider_of(c) != NULL) && (a->status == RMQDR_ERR_API) &&
           starts_with(env->code, "InvalidSecurityToken.");
}

static bool is_transient(const attempt_t *a, const rmqdr_envelope_t *env)
{
    return rmqdr_status_is_transient(a->status) || a->cut_by_close ||
           ((a->status == RMQDR_ERR_API) && api_error_is_transient(env));
}

typedef enum { NEXT_STOP, NEXT_AGAIN, NEXT_EXHAUSTED, NEXT_DEADLINE } next_t;

/* Decides whether to try again; sleeps the backoff when it does. */
static next_t retry_after_backoff(rmqdr_client_t *c, const attempt_t *a, const rmqdr_envelope_t *env,
                                  uint32_t *retries)
{
    rmqdr_event_t ev;

    if (!is_transient(a, env)) {
        return NEXT_STOP;
    }
    if (a->deadline_hit || (time_left(c) == 0U)) {
        return NEXT_DEADLINE;
    }
    if (*retries >= c->cfg.max_retries) {
        return (*retries > 0U) ? NEXT_EXHAUSTED : NEXT_STOP;
    }
    (void)memset(&ev, 0, sizeof ev);
    ev.attempt = *retries;
    ev.status = a->status;
    ev.http_status = env->http_status;
    ev.code = env->code;
    ev.delay_ms = backoff_ms(c, *retries);
    if (ev.delay_ms >= time_left(c)) {
        return NEXT_DEADLINE; /* the next attempt could not start in time */
    }
    notify(c, RMQDR_EVENT_RETRY, &ev);
    if (ev.delay_ms > 0U) {
        c->cfg.platform->sleep_ms(c->cfg.platform->ctx, ev.delay_ms);
    }
    *retries += 1U;
    c->stats.retries++;
    return NEXT_AGAIN;
}

/* Transparent reopening of a kept-alive connection the server dropped. */
static bool reconnect_once(rmqdr_client_t *c, const attempt_t *a, bool *reconnected)
{
    rmqdr_event_t ev;

    if (!a->stale_connection || *reconnected || (time_left(c) == 0U)) {
        return false;
    }
    (void)memset(&ev, 0, sizeof ev);
    ev.status = a->status;
    notify(c, RMQDR_EVENT_RECONNECT, &ev);
    c->stats.reconnects++;
    *reconnected = true;
    return true;
}

/* Final status of a page once its attempts are over. */
static rmqdr_status_t page_outcome(next_t next, const attempt_t *a)
{
    if (next == NEXT_DEADLINE) {
        return RMQDR_ERR_DEADLINE;
    }
    return (next == NEXT_EXHAUSTED) ? RMQDR_ERR_RETRIES_EXHAUSTED : a->status;
}

/* One page with its own retries, inside the call's deadline; the last
 * failure's cause goes to last_error as it happens. */
static rmqdr_status_t list_page(rmqdr_client_t *c, const rmqdr_request_t *request,
                                rmqdr_envelope_t *envelope)
{
    attempt_t a;
    uint32_t retries = 0U;
    bool reconnected = false;
    bool skew_fixed = false;
    bool token_renewed = false;
    next_t next = NEXT_STOP;

    for (;;) {
        attempt_once(c, request, envelope, &a);
        report_response(c, &a, c->last_error.attempts, envelope);
        c->last_error.attempts++;
        if (a.status == RMQDR_OK) {
            return RMQDR_OK;
        }
        c->last_error.cause = a.status;
        c->last_error.os_error = a.os_error;
        c->last_error.tls_error = a.tls_error;
        if (reconnect_once(c, &a, &reconnected)) {
            continue;
        }
        if (is_clock_error(&a, envelope) && !skew_fixed && learn_clock(c, true)) {
            skew_fixed = true;
            continue;
        }
        if (is_token_error(c, &a, envelope) && !token_renewed) {
            token_renewed = true;
            if (refresh_credentials(c, true) == RMQDR_OK) {
                continue; /* re-signed with the new token; not a retry */
            }
        }
        next = retry_after_backoff(c, &a, envelope, &retries);
        if (next != NEXT_AGAIN) {
            break;
        }
    }
    return page_outcome(next, &a);
}

/* ------------------------------------------------------------ the calls */

static void begin_call(rmqdr_client_t *c)
{
    c->deadline_at_ms = steady_ms(c) + (int64_t)c->cfg.deadline_ms;
    (void)memset(&c->last_error, 0, sizeof c->last_error);
    c->last_error.host = c->endpoint.host;
    c->last_error.port = c->endpoint.port;
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);

    n = (n < cap) ? n : (cap - 1U);
    (void)memcpy(dst, src, n);
    dst[n] = '\0';
}

static rmqdr_status_t end_call(rmqdr_client_t *c, const rmqdr_envelope_t *env, rmqdr_status_t st)
{
    rmqdr_error_detail_t *e = &c->last_error;
    const rmqdr_http_head_t *head = rmqdr_response_head(&c->response);

    e->status = st;
    if (st == RMQDR_OK) {
        e->cause = RMQDR_OK; /* a page that failed and then succeeded leaves no cause */
        e->os_error = 0;
        e->tls_error = 0;
    } else if (e->cause == RMQDR_OK) {
        e->cause = st; /* failed outside an attempt (on_page) */
    } else {
        /* the last attempt's cause stays */
    }
    if (e->attempts > 0U) {
        e->http_status = (int)head->status;
        copy_text(e->code, sizeof e->code, env->code);
        copy_text(e->request_id, sizeof e->request_id,
                  (env->request_id[0] != '\0') ? env->request_id : head->request_id);
    }
    return st;
}

rmqdr_status_t rmqdr_list_checkpoints(rmqdr_client_t *client, const rmqdr_request_t *request,
                                      const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope)
{
    if ((client == NULL) || (request == NULL) || (sink == NULL) || (envelope == NULL)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    begin_call(client);
    guard_new_page(client, sink);
    return end_call(client, envelope, list_page(client, request, envelope));
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
    begin_call(client);
    page = *request;
    page.page_number_set = true;
    page.page_number = 1;
    if (!page.page_size_set) {
        page.page_size_set = true;
        page.page_size = DEFAULT_PAGE_SIZE;
    }
    while (more && (st == RMQDR_OK)) {
        guard_new_page(client, sink);
        st = list_page(client, &page, envelope);
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
    return end_call(client, envelope, st);
}

const rmqdr_error_detail_t *rmqdr_client_last_error(const rmqdr_client_t *client)
{
    return (client != NULL) ? &client->last_error : NULL;
}
