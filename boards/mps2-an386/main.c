/* Firmware of the mps2-an386 board (QEMU): knowing only its instance id,
 * discover a RUNNING plan it takes part in and a RUNNING item of that plan
 * (ListDisasterRecoveryPlans, ListDisasterRecoveryItems), then list that
 * item's disaster-recovery checkpoints from the endpoint emulator, all over
 * one TLS connection; print them on UART0, and leave QEMU with status 0 on
 * success. Build with AN386_DISCOVERY=0 (RMQDR_APP_DISCOVER=0 and
 * RMQDR_NO_DISCOVERY in core) to compile discovery out and list the fixed
 * RMQDR_APP_PLAN_ID / RMQDR_APP_ITEM_ID instead.
 *
 * Stack: rmqdr core -> TLS transport (port/mbedtls) -> lwIP raw TCP
 * transport (port/lwip_raw) -> lwIP -> LAN9118 driver (lan9118.c), as on
 * the cortex-m4 board. Network: QEMU user mode, static 10.0.2.15/24; the
 * server is RMQDR_APP_SERVER_ADDR, a guestfwd address that QEMU connects to
 * the emulator on the host's loopback. TLS still names and verifies
 * RMQDR_APP_ENDPOINT ("localhost", the name in the emulator's certificate).
 *
 * From the host at start (semihosting, see an386.h): UTC, the CA to trust
 * and the emulator's throwaway credential, as "ca=PATH key=ID secret=S" on
 * the command line. A product reads these from its RTC/SNTP and protected
 * storage instead.
 *
 * Memory: everything is static; mbedTLS allocates only from s_tls_arena,
 * lwIP only from its own pools. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mbedtls/memory_buffer_alloc.h>
#include <mbedtls/ssl.h>

#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "netif/ethernet.h"

#include "rmqdr/client.h"
#include "rmqdr/discover.h"
#include "rmqdr/health.h"
#include "rmqdr/port_baremetal.h"
#include "rmqdr/port_lwip_raw.h"
#include "rmqdr/status.h"
#include "rmqdr/tls_mbedtls.h"

#include "an386.h"
#include "board.h"
#include "console.h"

/* What to list: the emulator's sample data set (tools/emulator/data). With
 * discovery on, the plan and item ids below are only the fallback names in
 * the log; the ones listed are found from the instance id. */
#ifndef RMQDR_APP_DISCOVER
#define RMQDR_APP_DISCOVER 1
#endif
#if RMQDR_APP_DISCOVER && defined(RMQDR_NO_DISCOVERY)
#error "RMQDR_APP_DISCOVER needs discovery in core (drop RMQDR_NO_DISCOVERY)"
#endif
#ifndef RMQDR_APP_INSTANCE_ID
#define RMQDR_APP_INSTANCE_ID "rmq-cn-7e22ody0001"
#endif
#ifndef RMQDR_APP_PLAN_ID
#define RMQDR_APP_PLAN_ID "1300000016"
#endif
#ifndef RMQDR_APP_ITEM_ID
#define RMQDR_APP_ITEM_ID "100070284"
#endif
#ifndef RMQDR_APP_PAGE_SIZE
#define RMQDR_APP_PAGE_SIZE 5   /* several pages over one kept-alive connection */
#endif
#ifndef RMQDR_APP_ENDPOINT
#define RMQDR_APP_ENDPOINT "localhost"
#endif
#ifndef RMQDR_APP_SERVER_ADDR
#define RMQDR_APP_SERVER_ADDR "10.0.2.100"
#endif
#ifndef RMQDR_APP_TIMEOUT_MS
#define RMQDR_APP_TIMEOUT_MS 15000U
#endif
#ifndef RMQDR_APP_TLS_ARENA_SIZE
#define RMQDR_APP_TLS_ARENA_SIZE (16U * 1024U) /* peak 10.5 KB, docs/PERFORMANCE.md */
#endif
#ifndef RMQDR_APP_CA_MAX
#define RMQDR_APP_CA_MAX 4096U
#endif

#if defined(MBEDTLS_SSL_MAX_FRAGMENT_LENGTH)
#if MBEDTLS_SSL_IN_CONTENT_LEN == 4096 && MBEDTLS_SSL_OUT_CONTENT_LEN >= 4096
#define APP_MFL_CODE MBEDTLS_SSL_MAX_FRAG_LEN_4096
#elif MBEDTLS_SSL_IN_CONTENT_LEN == 2048 && MBEDTLS_SSL_OUT_CONTENT_LEN >= 2048
#define APP_MFL_CODE MBEDTLS_SSL_MAX_FRAG_LEN_2048
#else
#error "incoming records below 16 KB need IN = 2048 or 4096 and OUT >= IN"
#endif
#endif

/* The arena's untouched bytes, for its high-water mark. */
#define ARENA_PAINT 0xA5U
#define STACK_PAINT 0x5AU

static unsigned char s_tls_arena[RMQDR_APP_TLS_ARENA_SIZE] __attribute__((aligned(8)));
static uint8_t s_ca[RMQDR_APP_CA_MAX + 1U];
static char s_cmdline[512];

static struct netif s_netif;
static rmqdr_lwip_raw_t s_tcp_conn;
static rmqdr_transport_t s_tcp;
static rmqdr_transport_t s_pinned;
static rmqdr_tls_t s_tls;
static rmqdr_transport_t s_tls_transport;
static rmqdr_bm_ctx_t s_bm = { rmqdr_lwip_raw_service };
static rmqdr_platform_t s_platform;
static rmqdr_client_t s_client;
static char s_request_buf[RMQDR_REQUEST_MAX_SIZE];
/* One scratch struct for whichever listing runs (they never overlap). */
static union {
    rmqdr_checkpoint_t cp;
#if RMQDR_APP_DISCOVER
    rmqdr_plan_t plan;
    rmqdr_item_t item;
#endif
} s_scratch;
static char s_plan_id[24] = RMQDR_APP_PLAN_ID;
static char s_item_id[24] = RMQDR_APP_ITEM_ID;
static rmqdr_envelope_t s_envelope;
static uint32_t s_printed;
static size_t s_arena_handshake;
static int64_t s_skew_shown;

/* ---- console ------------------------------------------------------------------ */

static void put_kv(const char *key, int64_t v)
{
    console_put(key);
    console_put_i64(v);
}

/* ---- memory high-water marks -------------------------------------------------- */

/* memory_buffer_alloc zeroes the arena at init and allocates first-fit from
 * its start; paint what follows its first block header so that the highest
 * byte ever written is the arena size this run needed (blocks, headers and
 * fragmentation included). */
static void arena_paint(void)
{
    memset(s_tls_arena + 64, ARENA_PAINT, sizeof s_tls_arena - 64U);
}

static size_t arena_high_water(void)
{
    size_t n = sizeof s_tls_arena;
    while (n > 64U && s_tls_arena[n - 1U] == ARENA_PAINT) {
        n--;
    }
    return n;
}

extern uint8_t __stack_limit;
extern uint8_t __stack_top;

/* Linker symbols as addresses (integers: they bound no C object). */
static void stack_paint(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (uintptr_t a = (uintptr_t)&__stack_limit; a < sp - 256U; a++) {
        *(volatile uint8_t *)a = STACK_PAINT;
    }
}

static size_t stack_high_water(void)
{
    const uintptr_t top = (uintptr_t)&__stack_top;
    uintptr_t a = (uintptr_t)&__stack_limit;
    while (a < top && *(volatile const uint8_t *)a == STACK_PAINT) {
        a++;
    }
    return (size_t)(top - a);
}

/* ---- output -------------------------------------------------------------------- */

/* " label=value", or " label=unknown" when health.h says so. */
static void put_figure(const char *label, bool unknown, int64_t value)
{
    if (unknown) {
        console_put(label);
        console_put("unknown");
    } else {
        put_kv(label, value);
    }
}

/* One line per checkpoint: id, topic, group, replication lag and age of
 * the last sync, both from rmqdr_checkpoint_health() on the server's clock
 * (rmqdr_client_server_now(): the board clock plus the learned offset). */
static rmqdr_status_t print_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    int64_t now = 0;
    rmqdr_health_t h;

    (void)ctx;
    rmqdr_checkpoint_health(cp, (rmqdr_client_server_now(&s_client, &now) == RMQDR_OK) ? &now : NULL, &h);
    console_put("  ");
    console_put_i64(cp->checkpoint_id);
    console_put("  ");
    console_put(cp->source.topic_name);
    console_put("  ");
    console_put(cp->source.consumer_group_id);
    put_figure("  lag_ms=", (h.unknown & RMQDR_HEALTH_LAG_UNKNOWN) != 0U, h.lag_ms);
    put_figure(" sync_age_ms=", (h.unknown & RMQDR_HEALTH_AGE_UNKNOWN) != 0U, h.age_ms);
    console_put("\n");
    s_printed++;
    return RMQDR_OK;
}

static rmqdr_status_t print_page(void *ctx, const rmqdr_envelope_t *page)
{
    (void)ctx;
    put_kv("page ", page->page_number);
    put_kv(": ", (int64_t)page->list_count);
    put_kv(" of totalCount=", page->total_count);
    console_put("\n");
    return RMQDR_OK;
}

/* ---- discovery ----------------------------------------------------------------- */

#if RMQDR_APP_DISCOVER
/* Decimal text of a non-negative id (no printf on this board). */
static void id_text(int64_t v, char out[24])
{
    char tmp[24];
    size_t n = 0U;
    uint64_t u = (v < 0) ? 0U : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + (int)(u % 10U));
        u /= 10U;
    } while (u != 0U && n < sizeof tmp - 1U);
    for (size_t i = 0U; i < n; i++) {
        out[i] = tmp[n - 1U - i];
    }
    out[n] = '\0';
}

static bool s_plan_found;
static bool s_item_found;

static rmqdr_status_t pick_plan(void *ctx, const rmqdr_plan_t *plan)
{
    (void)ctx;
    put_kv("discover: plan ", plan->plan_id);
    console_put(" ");
    console_put(plan->plan_name);
    console_put(" ");
    console_put(plan->plan_status);
    put_kv(" instances=", (int64_t)plan->instances_total);
    console_put("\n");
    if (!s_plan_found && strcmp(plan->plan_status, "RUNNING") == 0) {
        id_text(plan->plan_id, s_plan_id);
        s_plan_found = true;
    }
    return RMQDR_OK;
}

static rmqdr_status_t pick_item(void *ctx, const rmqdr_item_t *item)
{
    (void)ctx;
    put_kv("discover: item ", item->item_id);
    console_put(" ");
    console_put(item->item_status);
    if (item->topics_count > 0U) {
        console_put(" topic ");
        console_put(item->topics[0].topic_name);
    }
    console_put("\n");
    if (!s_item_found && strcmp(item->item_status, "RUNNING") == 0) {
        id_text(item->item_id, s_item_id);
        s_item_found = true;
    }
    return RMQDR_OK;
}

/* The first RUNNING plan of the instance, then its first RUNNING item. */
static rmqdr_status_t discover(void)
{
    rmqdr_request_t req;
    memset(&req, 0, sizeof req);
    req.instance_id = RMQDR_APP_INSTANCE_ID;
    rmqdr_json_sink_t plans = rmqdr_json_sink_plans_callback(&s_scratch.plan, pick_plan, NULL);
    rmqdr_status_t st = rmqdr_list_all_plans(&s_client, &req, &plans, &s_envelope, NULL, NULL);
    if (st != RMQDR_OK || !s_plan_found) {
        return (st != RMQDR_OK) ? st : RMQDR_ERR_MISSING_PLAN_ID;
    }
    memset(&req, 0, sizeof req);
    req.plan_id = s_plan_id;
    rmqdr_json_sink_t items = rmqdr_json_sink_items_callback(&s_scratch.item, pick_item, NULL);
    st = rmqdr_list_all_items(&s_client, &req, &items, &s_envelope, NULL, NULL);
    if (st == RMQDR_OK && !s_item_found) {
        st = RMQDR_ERR_MISSING_ITEM_ID;
    }
    return st;
}
#endif

static void observe(void *ctx, const rmqdr_event_t *ev)
{
    (void)ctx;
    switch (ev->kind) {
    case RMQDR_EVENT_CONNECTED:
        s_arena_handshake = arena_high_water();
        put_kv("tls: connected (full handshakes ", (int64_t)s_tls.full_handshakes);
        put_kv(") in ", ev->elapsed_ms);
        put_kv(" ms; arena high-water after handshake ", (int64_t)s_arena_handshake);
        console_put(" bytes\n");
        break;
    case RMQDR_EVENT_CLOCK_SKEW:
        /* Reported with every Date the client reads; print real changes. */
        if (ev->clock_offset_ms - s_skew_shown > 2000 || s_skew_shown - ev->clock_offset_ms > 2000) {
            put_kv("clock: skew from the server's Date header: ", ev->clock_offset_ms);
            console_put(" ms\n");
            s_skew_shown = ev->clock_offset_ms;
        }
        break;
    case RMQDR_EVENT_RETRY:
        console_put("retry after ");
        console_put(rmqdr_status_name(ev->status));
        put_kv(" in ", (int64_t)ev->delay_ms);
        console_put(" ms\n");
        break;
    case RMQDR_EVENT_RECONNECT:
        console_put("reconnect\n");
        break;
    case RMQDR_EVENT_RESPONSE:
    case RMQDR_EVENT_CREDENTIALS_REFRESHED: /* only with a credentials provider, */
    case RMQDR_EVENT_CREDENTIALS_FAILED:    /* which this firmware does not plug */
        break;
    }
}

/* ---- start-up values from the host ------------------------------------------- */

/* Value of "name=" on the command line (modified in place), or NULL. */
static const char *arg(char *cmdline, const char *name)
{
    const size_t n = strlen(name);
    for (char *p = cmdline; *p != '\0';) {
        while (*p == ' ') {
            p++;
        }
        char *end = p;
        while (*end != '\0' && *end != ' ') {
            end++;
        }
        if ((size_t)(end - p) > n && strncmp(p, name, n) == 0 && p[n] == '=') {
            return p + n + 1;
        }
        p = end;
    }
    return NULL;
}

static void split_args(char *cmdline)
{
    for (char *p = cmdline; *p != '\0'; p++) {
        if (*p == ' ') {
            *p = '\0';
        }
    }
}

/* ---- network -------------------------------------------------------------------- */

static bool network_up(void)
{
    ip4_addr_t ip;
    ip4_addr_t mask;
    ip4_addr_t gw;
    IP4_ADDR(&ip, 10, 0, 2, 15);
    IP4_ADDR(&mask, 255, 255, 255, 0);
    IP4_ADDR(&gw, 10, 0, 2, 2);
    lwip_init();
    if (netif_add(&s_netif, &ip, &mask, &gw, NULL, rmqdr_board_netif_init, ethernet_input) == NULL) {
        return false;
    }
    netif_set_default(&s_netif);
    netif_set_up(&s_netif);
    netif_set_link_up(&s_netif);
    console_put("net: lan9118 ");
    for (unsigned i = 0; i < 6U; i++) {
        static const char hex[] = "0123456789abcdef";
        char b[4] = { hex[s_netif.hwaddr[i] >> 4], hex[s_netif.hwaddr[i] & 15U], i < 5U ? ':' : ' ', '\0' };
        console_put(b);
    }
    console_put("ip 10.0.2.15/24, server " RMQDR_APP_SERVER_ADDR "\n");
    return true;
}

/* The lower transport connects to the fixed server address whatever host
 * TLS asks for: TLS keeps the name for SNI and certificate verification. */
static rmqdr_status_t pinned_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)host;
    return s_tcp.connect(ctx, RMQDR_APP_SERVER_ADDR, port, timeout_ms);
}

static rmqdr_status_t client_up(const uint8_t *ca, size_t ca_len, const char *key_id,
                                const char *secret)
{
    rmqdr_bm_platform_init(&s_platform, &s_bm);
    (void)rmqdr_lwip_raw_transport_init(&s_tcp, &s_tcp_conn);
    s_pinned = s_tcp;
    s_pinned.connect = pinned_connect;

    rmqdr_tls_config_t tls_cfg;
    memset(&tls_cfg, 0, sizeof tls_cfg);
    tls_cfg.ca_buf = ca;
    tls_cfg.ca_len = ca_len;
    tls_cfg.platform = &s_platform;
    rmqdr_status_t st = rmqdr_tls_init(&s_tls, &s_pinned, &tls_cfg);
    if (st != RMQDR_OK) {
        return st;
    }
#if defined(MBEDTLS_SSL_MAX_FRAGMENT_LENGTH)
    /* Records larger than the incoming buffer would fail the connection:
     * ask the server for records that fit (RFC 6066 max_fragment_length;
     * mbedTLS advertises at most min(IN, OUT) content length). */
    if (mbedtls_ssl_conf_max_frag_len(&s_tls.conf, APP_MFL_CODE) != 0) {
        return RMQDR_ERR_TLS;
    }
#endif
    rmqdr_tls_transport_init(&s_tls_transport, &s_tls);

    rmqdr_client_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.config.access_key_id = key_id;
    cfg.config.access_key_secret = secret;
    cfg.config.endpoint = RMQDR_APP_ENDPOINT;
    cfg.config.user_agent_suffix = "mps2-an386";
    cfg.transport = &s_tls_transport;
    cfg.transport_is_tls = true;
    cfg.platform = &s_platform;
    cfg.timeout_ms = RMQDR_APP_TIMEOUT_MS;
    cfg.max_retries = 3U;
    cfg.backoff_base_ms = 500U;
    cfg.backoff_max_ms = 4000U;
    cfg.request_buf = s_request_buf;
    cfg.request_buf_size = sizeof s_request_buf;
    cfg.observer = observe;
    return rmqdr_client_init(&s_client, &cfg);
}

static void fail(const char *what, rmqdr_status_t st)
{
    console_put(what);
    console_put(": ");
    console_put(rmqdr_status_name(st));
    console_put("\n");
    if (st == RMQDR_ERR_API) {
        console_put("API error ");
        console_put(s_envelope.code);
        console_put(": ");
        console_put(s_envelope.message);
        console_put("\n");
    }
    /* Codes only: rmqdr_tls_error_reason() would link newlib's printf,
     * which brings malloc. */
    put_kv("tls: mbedTLS error ", (int64_t)rmqdr_tls_last_error(&s_tls));
    put_kv(", X.509 verify flags ", (int64_t)rmqdr_tls_verify_flags(&s_tls));
    console_put("\n");
    console_put("rmqdr mps2-an386: FAILED\n");
    an386_host_exit(false);
}

int main(void)
{
    stack_paint();
    rmqdr_board_init();
    console_put("rmqdr mps2-an386 (Cortex-M4, lwIP raw API, mbedTLS)\n");

    /* Wall clock from the host; the client corrects any remaining skew
     * from the server's Date header. */
    rmqdr_bm_clock_set_unix(an386_host_time(), 0U);
    int64_t now = 0;
    rmqdr_platform_t probe;
    rmqdr_bm_platform_init(&probe, &s_bm);
    (void)probe.now_ms(probe.ctx, &now);
    put_kv("clock: host UTC ", now / 1000);
    console_put(" s\n");

    (void)an386_host_cmdline(s_cmdline, sizeof s_cmdline);
    char args[sizeof s_cmdline];
    memcpy(args, s_cmdline, sizeof args);
    const char *ca_path = arg(args, "ca");
    const char *key_id = arg(args, "key");
    const char *secret = arg(args, "secret");
    split_args(args);
    if (ca_path == NULL || key_id == NULL || secret == NULL) {
        rmqdr_board_fatal("command line needs ca=PATH key=ID secret=S");
    }
    long ca_len = an386_host_read_file(ca_path, s_ca, RMQDR_APP_CA_MAX);
    if (ca_len <= 0 || ca_len >= (long)RMQDR_APP_CA_MAX) {
        rmqdr_board_fatal("cannot read the CA file");
    }
    s_ca[ca_len] = '\0'; /* PEM: the NUL is part of the buffer */
    put_kv("tls: trusting ", ca_len);
    console_put(" bytes of PEM from the host\n");

    mbedtls_memory_buffer_alloc_init(s_tls_arena, sizeof s_tls_arena);
    arena_paint();
    if (!network_up()) {
        rmqdr_board_fatal("netif");
    }
    rmqdr_status_t st = client_up(s_ca, (size_t)ca_len + 1U, key_id, secret);
    if (st != RMQDR_OK) {
        fail("init", st);
    }
    put_kv("tls: arena ", (int64_t)sizeof s_tls_arena);
    put_kv(" bytes, after init (CA parsed) ", (int64_t)arena_high_water());
    console_put("\n");

#if RMQDR_APP_DISCOVER
    console_put("discovering the plans of " RMQDR_APP_INSTANCE_ID "\n");
    st = discover();
    if (st != RMQDR_OK) {
        fail("discover", st);
    }
#endif
    rmqdr_request_t req;
    memset(&req, 0, sizeof req);
    req.plan_id = s_plan_id;
    req.item_id = s_item_id;
    req.instance_id = RMQDR_APP_INSTANCE_ID;
    req.page_size_set = true;
    req.page_size = RMQDR_APP_PAGE_SIZE;
    console_put("listing plan ");
    console_put(s_plan_id);
    console_put(" item ");
    console_put(s_item_id);
    console_put(" of " RMQDR_APP_INSTANCE_ID " at https://" RMQDR_APP_ENDPOINT "\n");
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&s_scratch.cp, print_checkpoint, NULL);
    st = rmqdr_list_all_checkpoints(&s_client, &req, &sink, &s_envelope, print_page, NULL);
    if (st != RMQDR_OK) {
        fail("list", st);
    }
    rmqdr_client_close(&s_client);

    put_kv("memory: arena high-water ", (int64_t)arena_high_water());
    put_kv(" of ", (int64_t)sizeof s_tls_arena);
    put_kv(" bytes (after handshake ", (int64_t)s_arena_handshake);
    put_kv("); stack high-water ", (int64_t)stack_high_water());
    console_put("\n");
    put_kv("stats: connects=", (int64_t)s_client.stats.connects);
    put_kv(" requests=", (int64_t)s_client.stats.requests);
    put_kv(" retries=", (int64_t)s_client.stats.retries);
    {
        int64_t server_now = 0;

        if (rmqdr_client_server_now(&s_client, &server_now) == RMQDR_OK) {
            put_kv(" server_time_s=", server_now / 1000);
        }
    }
    console_put("\n");
    if ((int64_t)s_printed != s_envelope.total_count || s_client.stats.connects != 1U) {
        console_put("count mismatch\n");
        console_put("rmqdr mps2-an386: FAILED\n");
        an386_host_exit(false);
    }
    put_kv("rmqdr mps2-an386: OK, ", (int64_t)s_printed);
    console_put(" checkpoints listed over TLS\n");
    an386_host_exit(true);
}
