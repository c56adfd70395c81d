/* Linux host example of docs/PORTING.md: list every checkpoint of one
 * disaster-recovery item and print its lag, using only the installed
 * library (headers and `pkg-config --cflags --libs rmqdr`).
 *
 *   cc -std=c11 -o linux_host linux_host.c $(pkg-config --cflags --libs rmqdr)
 *   ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=... \
 *     ./linux_host ENDPOINT CA_FILE PLAN_ID ITEM_ID INSTANCE_ID
 *
 * ENDPOINT is host[:port] ("" for the region's public endpoint, with
 * ALIBABA_CLOUD_REGION_ID set); CA_FILE "" means the system bundle.
 *
 * Order of set-up, and what must outlive what:
 *   1. platform (clock, randomness, sleep)     - outlives everything below
 *   2. TCP transport over a POSIX socket       - outlives the TLS transport
 *   3. TLS transport over the TCP transport    - outlives the client;
 *                                                never moved after init
 *   4. client over the TLS transport, with the request buffer and the
 *      credential strings                       - they outlive the client
 * Tear-down runs the other way: client close, then TLS free. Nothing here
 * allocates; every struct is static because rmqdr_client_t and
 * rmqdr_tls_t are large (fixed work areas). */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmqdr/client.h>
#include <rmqdr/health.h>
#include <rmqdr/json.h>
#include <rmqdr/port_posix.h>
#include <rmqdr/tls_mbedtls.h>

static rmqdr_platform_t platform;
static rmqdr_posix_socket_t sock;
static rmqdr_transport_t tcp;
static rmqdr_tls_t tls;
static rmqdr_transport_t tls_transport;
static rmqdr_client_t client;
static char request_buf[RMQDR_REQUEST_MAX_SIZE];
static rmqdr_checkpoint_t scratch;
static rmqdr_envelope_t envelope;

static rmqdr_status_t print_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    int64_t now = 0;
    rmqdr_health_t h;

    (void)ctx;
    (void)rmqdr_client_server_now(&client, &now);
    rmqdr_checkpoint_health(cp, &now, &h);
    if ((h.unknown & RMQDR_HEALTH_LAG_UNKNOWN) != 0U) {
        (void)printf("%s/%s lag unknown\n", cp->source.topic_name, cp->source.consumer_group_id);
    } else {
        (void)printf("%s/%s lag %" PRId64 " ms\n", cp->source.topic_name,
                     cp->source.consumer_group_id, h.lag_ms);
    }
    return RMQDR_OK;
}

static int fail(const char *what, rmqdr_status_t st)
{
    (void)fprintf(stderr, "linux_host: %s: %s (%s)\n", what, rmqdr_status_message(st),
                  rmqdr_status_name(st));
    return 1;
}

int main(int argc, char **argv)
{
    rmqdr_tls_config_t tls_cfg;
    rmqdr_client_config_t cfg;
    rmqdr_request_t req;
    rmqdr_json_sink_t sink;
    rmqdr_status_t st;

    if (argc != 6) {
        (void)fprintf(stderr, "usage: linux_host ENDPOINT CA_FILE PLAN_ID ITEM_ID INSTANCE_ID\n");
        return 2;
    }
    /* 1-2: platform and TCP transport. */
    rmqdr_posix_platform_init(&platform);
    rmqdr_posix_socket_init(&sock);
    rmqdr_posix_transport_init(&tcp, &sock);
    /* 3: TLS over TCP; verifies chain and host name. */
    (void)memset(&tls_cfg, 0, sizeof tls_cfg);
    tls_cfg.ca_file = (argv[2][0] != '\0') ? argv[2] : NULL;
    tls_cfg.platform = &platform;
    st = rmqdr_tls_init(&tls, &tcp, &tls_cfg);
    if (st != RMQDR_OK) {
        return fail("TLS set-up", st);
    }
    rmqdr_tls_transport_init(&tls_transport, &tls);
    /* 4: the client. */
    rmqdr_client_config_defaults(&cfg);
    cfg.config.access_key_id = getenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    cfg.config.access_key_secret = getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    cfg.config.region_id = getenv("ALIBABA_CLOUD_REGION_ID");
    cfg.config.endpoint = (argv[1][0] != '\0') ? argv[1] : NULL;
    cfg.transport = &tls_transport;
    cfg.transport_is_tls = true;
    cfg.platform = &platform;
    cfg.request_buf = request_buf;
    cfg.request_buf_size = sizeof request_buf;
    st = rmqdr_client_init(&client, &cfg);
    if (st != RMQDR_OK) {
        rmqdr_tls_free(&tls);
        return fail("client", st);
    }
    (void)memset(&req, 0, sizeof req);
    req.plan_id = argv[3];
    req.item_id = argv[4];
    req.instance_id = argv[5];
    sink = rmqdr_json_sink_callback(&scratch, print_checkpoint, NULL);
    st = rmqdr_list_all_checkpoints(&client, &req, &sink, &envelope, NULL, NULL);
    rmqdr_client_close(&client);
    rmqdr_tls_free(&tls);
    if (st != RMQDR_OK) {
        return fail("list", st);
    }
    (void)printf("%" PRId64 " checkpoints, %" PRIu32 " connection(s)\n", envelope.total_count,
                 client.stats.connects);
    return 0;
}
