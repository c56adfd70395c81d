/* Host probe of the mbedTLS arena: one TLS connection through the rmqdr TLS
 * transport, with mbedTLS built from the board's configuration
 * (boards/<board>/include/rmqdr_mbedtls_config.h, RMQDR_TLS_ARENA_STATS=1)
 * and every allocation served by memory_buffer_alloc from a static arena of
 * the size given on the command line, as on the board.
 *
 *   arena_probe HOST PORT ARENA_BYTES CA.pem [CA.pem ...]
 *
 * Prints one line of figures (bytes):
 *   ok=1 arena=N ca_cur=..  hs_max=..  end_max=.. max_blocks=.. status=RMQDR_OK
 * ca_cur: what the parsed roots keep for the whole run; hs_max: peak up to
 * the end of the handshake (record buffers included: mbedtls_ssl_setup
 * allocates them in rmqdr_tls_init); end_max: peak after one HTTP request
 * and its whole response. Exit status 0 when the exchange completed.
 *
 * The board's hooks (port/baremetal) are the host's here: uptime from
 * CLOCK_MONOTONIC, entropy from /dev/urandom, wall clock from time(). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mbedtls/memory_buffer_alloc.h>

#include "rmqdr/port_baremetal.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/status.h"
#include "rmqdr/tls_mbedtls.h"

#define ARENA_MAX (256U * 1024U)
#define CA_MAX (64U * 1024U)

static unsigned char s_arena[ARENA_MAX] __attribute__((aligned(16)));
static unsigned char s_ca[CA_MAX];

uint32_t rmqdr_board_uptime_ms(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U);
}

int rmqdr_board_entropy(uint8_t *buf, size_t len)
{
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL) {
        return -1;
    }
    size_t n = fread(buf, 1, len, f);
    (void)fclose(f);
    return n == len ? 0 : -1;
}

void rmqdr_board_fatal(const char *what)
{
    fprintf(stderr, "arena_probe: fatal: %s\n", what);
    abort();
}

static size_t load_cas(int argc, char **argv)
{
    size_t len = 0;
    for (int i = 0; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            fprintf(stderr, "arena_probe: cannot open %s\n", argv[i]);
            exit(2);
        }
        len += fread(s_ca + len, 1, CA_MAX - 1U - len, f);
        (void)fclose(f);
        if (len < CA_MAX - 1U) {
            s_ca[len++] = '\n';
        }
    }
    s_ca[len++] = '\0'; /* PEM: the NUL is counted */
    return len;
}

static size_t max_used(void)
{
    size_t used = 0;
    size_t blocks = 0;
    mbedtls_memory_buffer_alloc_max_get(&used, &blocks);
    return used;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--ca-only") == 0) {
        /* What the given roots alone keep in the arena. */
        const size_t len = load_cas(argc - 2, argv + 2);
        size_t cur = 0;
        size_t cur_blocks = 0;
        mbedtls_memory_buffer_alloc_init(s_arena, ARENA_MAX);
        mbedtls_x509_crt ca;
        mbedtls_x509_crt_init(&ca);
        int ret = mbedtls_x509_crt_parse(&ca, s_ca, len);
        mbedtls_memory_buffer_alloc_cur_get(&cur, &cur_blocks);
        printf("ca_store=%zu blocks=%zu parse=%d\n", cur, cur_blocks, ret);
        mbedtls_x509_crt_free(&ca);
        mbedtls_memory_buffer_alloc_free();
        return ret < 0 ? 1 : 0;
    }
    if (argc < 5) {
        fprintf(stderr, "usage: arena_probe HOST PORT ARENA_BYTES CA.pem...\n"
                        "       arena_probe --ca-only CA.pem...\n");
        return 2;
    }
    const char *host = argv[1];
    const uint16_t port = (uint16_t)strtoul(argv[2], NULL, 10);
    const size_t arena = (size_t)strtoul(argv[3], NULL, 10);
    if (arena == 0U || arena > ARENA_MAX) {
        fprintf(stderr, "arena_probe: ARENA_BYTES must be 1..%u\n", ARENA_MAX);
        return 2;
    }
    const size_t ca_len = load_cas(argc - 4, argv + 4);

    mbedtls_memory_buffer_alloc_init(s_arena, arena);

    static rmqdr_bm_ctx_t bm = { NULL };
    rmqdr_platform_t platform;
    rmqdr_bm_clock_set_unix((uint32_t)time(NULL), 0U);
    rmqdr_bm_platform_init(&platform, &bm);

    static rmqdr_posix_socket_t sock;
    rmqdr_transport_t tcp;
    rmqdr_posix_transport_init(&tcp, &sock);

    static rmqdr_tls_t tls;
    rmqdr_tls_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.ca_buf = s_ca;
    cfg.ca_len = ca_len;
    cfg.platform = &platform;

    size_t ca_cur = 0;
    size_t hs_max = 0;
    size_t end_max = 0;
    size_t blocks = 0;
    rmqdr_status_t st = rmqdr_tls_init(&tls, &tcp, &cfg);
#if defined(RMQDR_PROBE_MFL_CODE)
    /* What-if of a reduced incoming buffer: ask the server for
     * max_fragment_length (read from the config at handshake time). */
    if ((st == RMQDR_OK) && (mbedtls_ssl_conf_max_frag_len(&tls.conf, RMQDR_PROBE_MFL_CODE) != 0)) {
        st = RMQDR_ERR_TLS; /* refused: the what-if would not be what it says */
    }
#endif
    if (st == RMQDR_OK) {
        /* rmqdr_tls_init also set up the record buffers; the CA store alone
         * is what stays after a free of everything else: measured below. */
        st = rmqdr_tls_connect(&tls, host, port, 10000U);
        hs_max = max_used();
    }
    if (st == RMQDR_OK) {
        static const char req[] = "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n";
        size_t off = 0;
        while (st == RMQDR_OK && off < sizeof req - 1U) {
            size_t n = 0;
            st = rmqdr_tls_send(&tls, (const uint8_t *)req + off, sizeof req - 1U - off, &n, 10000U);
            off += n;
        }
        uint8_t buf[512];
        size_t total = 0;
        while (st == RMQDR_OK) {
            size_t n = 0;
            st = rmqdr_tls_recv(&tls, buf, sizeof buf, &n, 10000U);
            total += n;
        }
        if (st == RMQDR_ERR_CLOSED && total > 0U) {
            st = RMQDR_OK;
        }
        end_max = max_used();
    }
    size_t dummy = 0;
    mbedtls_memory_buffer_alloc_max_get(&dummy, &blocks);
    const rmqdr_status_t final = st;
    char reason[160] = "";
    if (final != RMQDR_OK) {
        (void)rmqdr_tls_error_reason(&tls, reason, sizeof reason);
    }
    rmqdr_tls_free(&tls);

    /* The CA store on its own: parse the same roots into a fresh arena. */
    mbedtls_memory_buffer_alloc_free();
    mbedtls_memory_buffer_alloc_init(s_arena, ARENA_MAX);
    {
        mbedtls_x509_crt ca;
        mbedtls_x509_crt_init(&ca);
        (void)mbedtls_x509_crt_parse(&ca, s_ca, ca_len);
        size_t cur_blocks = 0;
        mbedtls_memory_buffer_alloc_cur_get(&ca_cur, &cur_blocks);
        mbedtls_x509_crt_free(&ca);
    }
    mbedtls_memory_buffer_alloc_free();

    printf("ok=%d arena=%zu ca_cur=%zu hs_max=%zu end_max=%zu max_blocks=%zu status=%s%s%s\n",
           final == RMQDR_OK ? 1 : 0, arena, ca_cur, hs_max, end_max, blocks,
           rmqdr_status_name(final), reason[0] != '\0' ? " reason=" : "", reason);
    return final == RMQDR_OK ? 0 : 1;
}
