/* Firmware of the generic cortex-m4 board: bring up lwIP (DHCP, DNS,
 * SNTP), then list every disaster-recovery checkpoint of one plan item over
 * TLS, once per RMQDR_APP_PERIOD_MS, printing one line per checkpoint on the
 * debug console.
 *
 * Stack: rmqdr core -> TLS transport (port/mbedtls) -> lwIP raw TCP
 * transport (port/lwip_raw) -> lwIP -> board Ethernet driver.
 * Memory: everything is static below; mbedTLS allocates only from
 * s_tls_arena (memory_buffer_alloc), lwIP only from its own pools. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mbedtls/memory_buffer_alloc.h>

#include "lwip/apps/sntp.h"
#include "lwip/dhcp.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#include "rmqdr/client.h"
#include "rmqdr/health.h"
#include "rmqdr/port_baremetal.h"
#include "rmqdr/port_lwip_raw.h"
#include "rmqdr/status.h"
#include "rmqdr/tls_mbedtls.h"

#include "app_config.h"
#include "board.h"
#include "console.h"

/* Trusted roots, generated at build time from Debian's ca-certificates
 * (CA_PEMS in rules.mk): one NUL-terminated PEM bundle. */
extern const unsigned char rmqdr_board_ca_pem[];
extern const size_t rmqdr_board_ca_pem_len;

/* mbedTLS heap. Its size is a figure of docs/PERFORMANCE.md (peak during a
 * handshake, measured by `make arena BOARD=cortex-m4`) plus margin. */
static unsigned char s_tls_arena[RMQDR_APP_TLS_ARENA_SIZE] __attribute__((aligned(8)));

static struct netif s_netif;
static rmqdr_lwip_raw_t s_tcp_conn;
static rmqdr_transport_t s_tcp;
static rmqdr_tls_t s_tls;
static rmqdr_transport_t s_tls_transport;
static rmqdr_bm_ctx_t s_bm = { rmqdr_lwip_raw_service };
static rmqdr_platform_t s_platform;
static rmqdr_client_t s_client;
static char s_request_buf[RMQDR_REQUEST_MAX_SIZE];
static rmqdr_checkpoint_t s_scratch;
static rmqdr_envelope_t s_envelope;

/* ---- console output without printf ------------------------------------- */

static void put_status(const char *what, rmqdr_status_t st)
{
    console_put(what);
    console_put(": ");
    console_put(rmqdr_status_name(st));
    console_put("\n");
}

static void put_figure(const char *label, bool unknown, int64_t value)
{
    console_put(label);
    if (unknown) {
        console_put("unknown");
    } else {
        console_put_i64(value);
    }
}

/* One line per checkpoint: ids, topic, group, the replication lag and the
 * age of the last sync, both from rmqdr_checkpoint_health() on the
 * server's clock (this board has no RTC it can trust before SNTP). */
static rmqdr_status_t print_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    int64_t now = 0;
    rmqdr_health_t h;

    (void)ctx;
    rmqdr_checkpoint_health(cp, (rmqdr_client_server_now(&s_client, &now) == RMQDR_OK) ? &now : NULL, &h);
    console_put_i64(cp->checkpoint_id);
    console_put(" ");
    console_put(cp->source.topic_name);
    console_put(" ");
    console_put(cp->source.consumer_group_id);
    put_figure(" lag_ms=", (h.unknown & RMQDR_HEALTH_LAG_UNKNOWN) != 0U, h.lag_ms);
    put_figure(" sync_age_ms=", (h.unknown & RMQDR_HEALTH_AGE_UNKNOWN) != 0U, h.age_ms);
    console_put("\n");
    return RMQDR_OK;
}

/* ---- network bring-up ------------------------------------------------------ */

static bool dhcp_bound(void *ctx)
{
    return dhcp_supplied_address((struct netif *)ctx) != 0U;
}

static bool clock_set(void *ctx)
{
    (void)ctx;
    return rmqdr_bm_clock_valid();
}

static bool network_up(void)
{
    lwip_init();
    if (netif_add(&s_netif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, NULL,
                  rmqdr_board_netif_init, ethernet_input) == NULL) {
        console_put("netif_add failed\n");
        return false;
    }
    netif_set_default(&s_netif);
    netif_set_up(&s_netif);
    netif_set_link_up(&s_netif);
    if (dhcp_start(&s_netif) != ERR_OK ||
        !rmqdr_lwip_raw_wait(dhcp_bound, &s_netif, RMQDR_APP_DHCP_TIMEOUT_MS)) {
        console_put("DHCP timed out\n");
        return false;
    }
    sntp_setoperatingmode(SNTP_OPMODE_POLL);
    sntp_setservername(0, RMQDR_APP_NTP_SERVER);
    sntp_init();
    if (!rmqdr_lwip_raw_wait(clock_set, NULL, RMQDR_APP_SNTP_TIMEOUT_MS)) {
        console_put("SNTP timed out\n");
        return false;
    }
    return true;
}

/* ---- rmqdr ------------------------------------------------------------------ */

static rmqdr_status_t client_up(void)
{
    rmqdr_bm_platform_init(&s_platform, &s_bm);
    (void)rmqdr_lwip_raw_transport_init(&s_tcp, &s_tcp_conn);

    rmqdr_tls_config_t tls_cfg;
    memset(&tls_cfg, 0, sizeof tls_cfg);
    tls_cfg.ca_buf = rmqdr_board_ca_pem;
    tls_cfg.ca_len = rmqdr_board_ca_pem_len;
    tls_cfg.platform = &s_platform;
    rmqdr_status_t st = rmqdr_tls_init(&s_tls, &s_tcp, &tls_cfg);
    if (st != RMQDR_OK) {
        return st;
    }
    rmqdr_tls_transport_init(&s_tls_transport, &s_tls);

    rmqdr_client_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.config.access_key_id = RMQDR_APP_ACCESS_KEY_ID;
    cfg.config.access_key_secret = RMQDR_APP_ACCESS_KEY_SECRET;
    cfg.config.region_id = RMQDR_APP_REGION_ID;
    cfg.config.user_agent_suffix = "cortex-m4";
    cfg.transport = &s_tls_transport;
    cfg.transport_is_tls = true;
    cfg.platform = &s_platform;
    cfg.timeout_ms = RMQDR_APP_TIMEOUT_MS;
    cfg.max_retries = 3U;
    cfg.backoff_base_ms = 500U;
    cfg.backoff_max_ms = 8000U;
    cfg.request_buf = s_request_buf;
    cfg.request_buf_size = sizeof s_request_buf;
    return rmqdr_client_init(&s_client, &cfg);
}

static void list_once(void)
{
    rmqdr_request_t req;
    memset(&req, 0, sizeof req);
    req.plan_id = RMQDR_APP_PLAN_ID;
    req.item_id = RMQDR_APP_ITEM_ID;
    req.instance_id = RMQDR_APP_INSTANCE_ID;
    req.page_size_set = true;
    req.page_size = RMQDR_APP_PAGE_SIZE;

    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&s_scratch, print_checkpoint, NULL);
    rmqdr_status_t st = rmqdr_list_all_checkpoints(&s_client, &req, &sink, &s_envelope, NULL, NULL);
    if (st == RMQDR_ERR_API) {
        console_put("API error ");
        console_put(s_envelope.code);
        console_put(" requestId=");
        console_put(s_envelope.request_id);
        console_put("\n");
    } else if (st != RMQDR_OK) {
        put_status("list", st);
    }
    /* The next listing is RMQDR_APP_PERIOD_MS away: do not hold the TLS
     * connection (and the server's resources) open meanwhile. */
    rmqdr_client_close(&s_client);
}

int main(void)
{
    rmqdr_board_init();
    mbedtls_memory_buffer_alloc_init(s_tls_arena, sizeof s_tls_arena);
    console_put("rmqdr cortex-m4\n");

    if (!network_up()) {
        rmqdr_board_fatal("network");
    }
    rmqdr_status_t st = client_up();
    if (st != RMQDR_OK) {
        put_status("init", st);
        rmqdr_board_fatal("init");
    }
    for (;;) {
        list_once();
        const uint32_t start = rmqdr_board_uptime_ms();
        while ((uint32_t)(rmqdr_board_uptime_ms() - start) < RMQDR_APP_PERIOD_MS) {
            rmqdr_lwip_raw_service();
        }
    }
}
