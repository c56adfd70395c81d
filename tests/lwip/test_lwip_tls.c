/*
 * Full TLS requests through lwIP, in-process: client (rmqdr_list_checkpoints)
 * -> TLS (port/mbedtls) -> lwIP port on netif "wc" -> wire -> relay on "ws"
 * -> POSIX socket -> emulator (TLS mode; EMU_PORT, EMU_CA, EMU_KEY_ID,
 * EMU_KEY_SECRET). Last line: "N passed, N failed".
 *
 * The TLS transport passes its host string down to the socket layer
 * unchanged, and this lwIP build has no DNS, so the lwIP socket's
 * connect_address carries the relay's address while "localhost" goes to
 * TLS for SNI and certificate verification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rmqdr/client.h"
#include "rmqdr/http.h"
#include "rmqdr/port_lwip.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/tls_mbedtls.h"

#define SAMPLE_TOTAL 12

static uint16_t emu_port;
static const char *emu_ca;

static rmqdr_platform_t platform;
static rmqdr_lwip_socket_t lsock;
static rmqdr_transport_t lwip_tp;
static rmqdr_tls_t tls;
static rmqdr_transport_t tls_tp;
static rmqdr_client_t client;
static char request_buf[RMQDR_REQUEST_MAX_SIZE];
static char endpoint[32];
static rmqdr_checkpoint_t items[32];
static rmqdr_envelope_t env;

/* Control plane via tests/support/emuctl.py (POSIX TLS straight to the
 * emulator, not through lwIP). 0 when the request got a 2xx. */
static int emuctl(const char *method, const char *path, const char *body)
{
    char cmd[512];
    (void)snprintf(cmd, sizeof cmd, "python3 tests/support/emuctl.py %s %s '%s' >/dev/null",
                   method, path, body);
    return system(cmd) == 0 ? 0 : -1;
}

/* lwIP socket -> TLS -> client, all in the static state above. */
static int stack_up(void)
{
    rmqdr_tls_config_t tcfg;
    rmqdr_client_config_t ccfg;

    rmqdr_posix_platform_init(&platform);
    rmqdr_lwip_transport_init(&lwip_tp, &lsock);
    lsock.connect_address = TNET_SERVER_ADDR;
    relay_set_target(emu_port);

    memset(&tcfg, 0, sizeof tcfg);
    tcfg.ca_file = emu_ca;
    tcfg.platform = &platform;
    if (rmqdr_tls_init(&tls, &lwip_tp, &tcfg) != RMQDR_OK) {
        return -1;
    }
    rmqdr_tls_transport_init(&tls_tp, &tls);

    (void)snprintf(endpoint, sizeof endpoint, "localhost:%u", (unsigned)TNET_RELAY_PORT);
    memset(&ccfg, 0, sizeof ccfg);
    ccfg.config.access_key_id = getenv("EMU_KEY_ID");
    ccfg.config.access_key_secret = getenv("EMU_KEY_SECRET");
    ccfg.config.endpoint = endpoint;
    ccfg.transport = &tls_tp;
    ccfg.transport_is_tls = true;
    ccfg.platform = &platform;
    ccfg.timeout_ms = 5000U;
    ccfg.max_retries = 0U;
    ccfg.request_buf = request_buf;
    ccfg.request_buf_size = sizeof request_buf;
    return rmqdr_client_init(&client, &ccfg) == RMQDR_OK ? 0 : -1;
}

static rmqdr_request_t sample_request(int64_t page_size)
{
    rmqdr_request_t r;
    memset(&r, 0, sizeof r);
    r.plan_id = "1300000016";
    r.item_id = "100070284";
    r.instance_id = "rmq-cn-7e22ody0001";
    if (page_size > 0) {
        r.page_size_set = true;
        r.page_size = page_size;
    }
    return r;
}

static void test_tls_handshake_raw_http(void)
{
    static const char req[] = "GET /_emu/health HTTP/1.1\r\nHost: localhost\r\n"
                              "Connection: close\r\n\r\n";
    rmqdr_http_decoder_t d;
    uint8_t buf[256];
    size_t off = 0;
    rmqdr_status_t st = RMQDR_OK;
    uint32_t full0 = tls.full_handshakes;
    uint64_t t0 = t_now_ms();
    uint64_t end;

    CHECK_ST(tls_tp.connect(tls_tp.ctx, "localhost", TNET_RELAY_PORT, 5000), RMQDR_OK);
    printf("    TCP + TLS handshake through lwIP: %llu ms\n",
           (unsigned long long)(t_now_ms() - t0));
    CHECK(tls.full_handshakes == full0 + 1U);
    while (off < sizeof(req) - 1U) {
        size_t n = 0;
        CHECK_ST(tls_tp.send(tls_tp.ctx, (const uint8_t *)req + off, sizeof(req) - 1U - off, &n, 2000),
                 RMQDR_OK);
        off += n;
    }
    rmqdr_http_init(&d);
    end = t_now_ms() + 5000U;
    while (t_now_ms() < end) {
        size_t n = 0;
        st = tls_tp.recv(tls_tp.ctx, buf, sizeof buf, &n, 500);
        if (st == RMQDR_OK) {
            CHECK_ST(rmqdr_http_feed(&d, buf, n, NULL, NULL), RMQDR_OK);
        } else if (st != RMQDR_ERR_TIMEOUT) {
            break;
        }
    }
    CHECK_ST(st, RMQDR_ERR_CLOSED); /* close_notify after Connection: close */
    CHECK(rmqdr_http_message_done(&d));
    CHECK(d.head.status == 200);
    tls_tp.close(tls_tp.ctx);
    CHECK(lsock.fd == -1);
}

static void test_tls_wrong_name_is_refused(void)
{
    /* Same address, but a name the certificate does not carry. */
    CHECK_ST(tls_tp.connect(tls_tp.ctx, "rocketmq.cn-hangzhou.aliyuncs.com", TNET_RELAY_PORT, 5000),
             RMQDR_ERR_TLS_VERIFY);
    CHECK(lsock.fd == -1); /* the lwIP connection was closed again */
}

static void test_list_checkpoints(void)
{
    rmqdr_request_t r = sample_request(0);
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(items, 32U);
    tnet_counters_t before;
    tnet_counters_t after;
    uint64_t t0;

    tnet_counters(&before);
    t0 = t_now_ms();
    CHECK_ST(rmqdr_list_checkpoints(&client, &r, &sink, &env), RMQDR_OK);
    printf("    one page (connect + TLS + signed GET + decode): %llu ms\n",
           (unsigned long long)(t_now_ms() - t0));
    tnet_counters(&after);
    CHECK(env.success);
    CHECK(env.http_status == 200);
    CHECK(env.total_count == SAMPLE_TOTAL);
    CHECK(env.list_count == 10U); /* the API's default pageSize */
    CHECK(env.request_id[0] != '\0');
    CHECK(items[0].plan_id == 1300000016);
    CHECK(items[0].item_id == 100070284);
    CHECK(items[0].checkpoint_id == 1000000101);
    CHECK(strcmp(items[0].source.topic_name, "orders_created") == 0);
    CHECK(strcmp(items[0].source.consumer_group_id, "GID_order_billing") == 0);
    CHECK(strcmp(items[0].source.instance_id, "rmq-cn-7e22ody0001") == 0);
    CHECK(strcmp(items[0].target.instance_id, "rmq-cn-nwy3i0650002") == 0);
    CHECK(items[0].last_sync_time > 1600000000000LL);
    /* it really went over the lwIP wire */
    CHECK(after.to_server_bytes - before.to_server_bytes > 500U);
    CHECK(after.to_client_bytes - before.to_client_bytes > 2000U);
}

typedef struct {
    unsigned pages;
    unsigned seen;
    int64_t ids[SAMPLE_TOTAL + 4];
} pages_t;

static rmqdr_status_t on_page(void *ctx, const rmqdr_envelope_t *page)
{
    (void)page;
    ((pages_t *)ctx)->pages++;
    return RMQDR_OK;
}

static rmqdr_status_t on_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    pages_t *p = (pages_t *)ctx;
    if (p->seen < SAMPLE_TOTAL + 4U) {
        p->ids[p->seen] = cp->checkpoint_id;
    }
    p->seen++;
    return RMQDR_OK;
}

static void test_list_all_one_connection(void)
{
    rmqdr_request_t r = sample_request(5);
    rmqdr_checkpoint_t scratch;
    pages_t pages;
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, on_checkpoint, &pages);
    uint32_t connects0;
    unsigned accepted0 = relay_accepted();
    uint64_t t0 = t_now_ms();
    unsigned i;

    memset(&pages, 0, sizeof pages);
    rmqdr_client_close(&client);
    connects0 = client.stats.connects;
    CHECK_ST(rmqdr_list_all_checkpoints(&client, &r, &sink, &env, on_page, &pages), RMQDR_OK);
    printf("    3 pages over one kept-alive connection: %llu ms\n",
           (unsigned long long)(t_now_ms() - t0));
    CHECK(pages.pages == 3U);
    CHECK(pages.seen == SAMPLE_TOTAL);
    CHECK(client.stats.connects == connects0 + 1U);
    CHECK(relay_accepted() == accepted0 + 1U); /* one lwIP connection */
    for (i = 0; i < SAMPLE_TOTAL; i++) {
        CHECK(pages.ids[i] == 1000000101 + (int64_t)i);
    }
}

static void test_session_resumed_on_reconnect(void)
{
    rmqdr_request_t r = sample_request(3);
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(items, 32U);
    uint32_t resumed0 = tls.resumed_handshakes;

    rmqdr_client_close(&client);
    CHECK_ST(rmqdr_list_checkpoints(&client, &r, &sink, &env), RMQDR_OK);
    CHECK(env.list_count == 3U);
    CHECK(tls.resumed_handshakes == resumed0 + 1U);
}

/* Fragmentation through the whole chain: chunked framing dripped 7 bytes
 * at a time gives the same structs. */
static void test_chunked_slow_same_result(void)
{
    rmqdr_request_t r = sample_request(12);
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(items, 32U);
    rmqdr_checkpoint_t first[SAMPLE_TOTAL];

    CHECK_ST(rmqdr_list_checkpoints(&client, &r, &sink, &env), RMQDR_OK);
    CHECK(env.list_count == SAMPLE_TOTAL);
    memcpy(first, items, sizeof first);
    CHECK(emuctl("POST", "/_emu/faults",
                 "{\"faults\":[{\"kind\":\"slow\",\"bytes\":7,\"delay_ms\":1}]}") == 0);
    CHECK_ST(rmqdr_list_checkpoints(&client, &r, &sink, &env), RMQDR_OK);
    CHECK(env.list_count == SAMPLE_TOTAL);
    CHECK(emuctl("POST", "/_emu/faults", "{\"faults\":[{\"kind\":\"chunked\"}]}") == 0);
    CHECK_ST(rmqdr_list_checkpoints(&client, &r, &sink, &env), RMQDR_OK);
    CHECK(env.list_count == SAMPLE_TOTAL);
    /* Times are resolved per request ("now-21s"), so compare the rest. */
    for (int i = 0; i < SAMPLE_TOTAL; i++) {
        CHECK(items[i].checkpoint_id == first[i].checkpoint_id);
        CHECK(strcmp(items[i].source.topic_name, first[i].source.topic_name) == 0);
        CHECK(strcmp(items[i].target.consumer_group_id, first[i].target.consumer_group_id) == 0);
    }
}

/* The emulator resets the TCP connection mid-body: the relay turns the RST
 * into an lwIP RST, the lwIP port reports RMQDR_ERR_RESET, TLS passes it up. */
static void test_reset_mid_body(void)
{
    rmqdr_request_t r = sample_request(12);
    rmqdr_json_sink_t sink = rmqdr_json_sink_array(items, 32U);

    CHECK(emuctl("POST", "/_emu/faults", "{\"faults\":[{\"kind\":\"reset\"}]}") == 0);
    CHECK_ST(rmqdr_list_checkpoints(&client, &r, &sink, &env), RMQDR_ERR_RESET);
    /* and the next call reconnects and succeeds */
    CHECK_ST(rmqdr_list_checkpoints(&client, &r, &sink, &env), RMQDR_OK);
    CHECK(env.list_count == SAMPLE_TOTAL);
}

int main(void)
{
    const char *ep = getenv("EMU_PORT");

    setvbuf(stdout, NULL, _IOLBF, 0);
    emu_port = (uint16_t)(ep != NULL ? atoi(ep) : 0);
    emu_ca = getenv("EMU_CA");
    if (emu_port == 0 || emu_ca == NULL || getenv("EMU_KEY_ID") == NULL ||
        getenv("EMU_KEY_SECRET") == NULL) {
        printf("EMU_PORT, EMU_CA, EMU_KEY_ID and EMU_KEY_SECRET must be set\n0 passed, 1 failed\n");
        return 1;
    }
    if (tnet_start() != 0 || relay_start() != 0) {
        printf("lwIP test bed did not start\n0 passed, 1 failed\n");
        return 1;
    }
    if (stack_up() != 0) {
        printf("TLS/client setup failed\n0 passed, 1 failed\n");
        return 1;
    }

    t_run("TLS handshake + raw HTTP over lwIP", test_tls_handshake_raw_http);
    t_run("TLS refuses a name the certificate lacks", test_tls_wrong_name_is_refused);
    t_run("rmqdr_list_checkpoints over TLS over lwIP", test_list_checkpoints);
    t_run("rmqdr_list_all_checkpoints: 3 pages, 1 connection", test_list_all_one_connection);
    t_run("reconnect resumes the TLS session", test_session_resumed_on_reconnect);
    t_run("slow drip and chunked framing: same checkpoints", test_chunked_slow_same_result);
    t_run("emulator RST mid-body -> RMQDR_ERR_RESET, then recovers", test_reset_mid_body);

    rmqdr_client_close(&client);
    rmqdr_tls_free(&tls);
    relay_stop();
    return t_summary();
}
