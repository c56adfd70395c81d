/*
 * Soak: many requests from one client in one process against the local
 * emulator over TLS, with mixed page shapes and server faults queued
 * through the control plane (throttling, 5xx, resets, truncation, close,
 * chunked and dripped framing, quirky and oversized bodies, malformed
 * JSON, API errors).
 *
 * Every call's outcome is predicted exactly (status, item count, extra
 * attempts), and resources are compared between a checkpoint after the
 * first 100 requests and the end: open file descriptors (/proc/self/fd)
 * and live heap bytes, which include mbedTLS's allocations (the sanitizer
 * allocator's count in an ASan build, glibc's mallinfo2 otherwise). Both
 * are measured with the connection closed, so the states compared are the
 * same.
 *
 * Requests: RMQDR_SOAK_REQUESTS (default 1000, the short run of
 * `make test`); `make soak` runs 10 000. Run by tests/run.sh or tests/soak/run.sh
 * (EMU_PORT, EMU_CA, EMU_KEY_ID, EMU_KEY_SECRET).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <malloc.h>

#include "rmqdr/client.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/tls_mbedtls.h"

#include "emu_client.h"

#define SAMPLE_TOTAL 12     /* checkpoints of the sample item (tools/emulator/data) */
#define BATCH 40U           /* calls whose faults are queued at once */
#define CHECKPOINT_AT 100U  /* requests before the first resource reading */
#define HEAP_SLACK_NO_ASAN 4096U /* see the end of test_soak */

/* What one call is set up to meet, and what it must report. */
typedef struct {
    const char *fault;      /* JSON fault spec for its first attempt, NULL: none */
    rmqdr_status_t want;    /* status of the call */
    uint32_t extra;         /* attempts after the first (retries + reconnects) */
} plan_t;

/* One in three calls meets a fault; the rest mix page shapes. */
static const plan_t plans[] = {
    { NULL, RMQDR_OK, 0U },
    { "{\"kind\":\"chunked\"}", RMQDR_OK, 0U },
    { "{\"kind\":\"throttle\",\"retry_after_ms\":2}", RMQDR_OK, 1U },
    { NULL, RMQDR_OK, 0U },
    { "{\"kind\":\"reset\",\"delay_ms\":2}", RMQDR_OK, 1U },
    { NULL, RMQDR_OK, 0U },
    { "{\"kind\":\"http500\"}", RMQDR_OK, 1U },
    { NULL, RMQDR_OK, 0U },
    { "{\"kind\":\"truncated\"}", RMQDR_OK, 1U },
    { NULL, RMQDR_OK, 0U },
    { "{\"kind\":\"close\"}", RMQDR_OK, 0U },
    { NULL, RMQDR_OK, 0U },
    { "{\"kind\":\"http503\"}", RMQDR_OK, 1U },
    { "{\"kind\":\"slow\",\"bytes\":300,\"delay_ms\":0}", RMQDR_OK, 0U },
    { "{\"kind\":\"quirky\"}", RMQDR_OK, 0U },
    { NULL, RMQDR_OK, 0U },
    { "{\"kind\":\"oversized\",\"length\":300}", RMQDR_OK, 0U },
    { "{\"kind\":\"malformed\"}", RMQDR_ERR_JSON_SYNTAX, 0U },
    { NULL, RMQDR_OK, 0U },
    { "{\"kind\":\"product-error\",\"status\":400,\"code\":\"InvalidParameter.Soak\"}",
      RMQDR_ERR_API, 0U },
    { "{\"kind\":\"chunked\",\"chunk_size\":1}", RMQDR_OK, 0U },
    { NULL, RMQDR_OK, 0U },
    { "{\"kind\":\"error\",\"status\":403,\"code\":\"Forbidden.RAM\"}", RMQDR_ERR_API, 0U },
    { NULL, RMQDR_OK, 0U },
};
#define N_PLANS (sizeof plans / sizeof plans[0])

typedef struct {
    emu_client_t ec;
    rmqdr_checkpoint_t items[SAMPLE_TOTAL];
    rmqdr_envelope_t env;
} soak_t;

static soak_t s;

/* Call i pages through the whole listing (three requests, no fault). */
static bool lists_all(uint32_t i)
{
    return (plans[i % N_PLANS].fault == NULL) && (i % 8U == 0U);
}

/* Queues the first-attempt faults of calls [first, first + BATCH). A call
 * that retries consumes one more queue entry: a no-op fault keeps the
 * queue aligned with the calls. */
static void queue_batch(uint32_t first)
{
    static char body[8192];
    size_t len = 0U;
    uint32_t i;

    len += (size_t)snprintf(body, sizeof body, "{\"replace\":true,\"faults\":[");
    for (i = first; i < first + BATCH; i++) {
        const plan_t *p = &plans[i % N_PLANS];
        uint32_t k;

        len += (size_t)snprintf(&body[len], sizeof body - len, "%s%s", (i == first) ? "" : ",",
                                p->fault != NULL ? p->fault : "{\"kind\":\"content-length\"}");
        for (k = 0U; k < p->extra + (lists_all(i) ? 2U : 0U); k++) {
            len += (size_t)snprintf(&body[len], sizeof body - len, ",{\"kind\":\"content-length\"}");
        }
        assert_true(len < sizeof body - 64U);
    }
    (void)snprintf(&body[len], sizeof body - len, "]}");
    emuctl_post("/_emu/faults", body);
}

/* Provided by the ASan runtime when the binary has it (host test builds);
 * weak, so a build without sanitizers links and falls back to glibc. */
extern size_t __sanitizer_get_current_allocated_bytes(void) __attribute__((weak));

static size_t heap_in_use(void)
{
    if (__sanitizer_get_current_allocated_bytes != NULL) {
        return __sanitizer_get_current_allocated_bytes();
    }
    return mallinfo2().uordblks;
}

static void quick_sleep(void *ctx, uint32_t ms)
{
    rmqdr_posix_sleep_ms(ctx, ms > 20U ? 20U : ms);
}

static void client_up(void)
{
    rmqdr_client_config_t cfg;

    memset(&s, 0, sizeof s);
    emu_client_prepare(&s.ec, "localhost", &cfg);
    s.ec.platform.sleep_ms = quick_sleep;
    cfg.timeout_ms = 5000U;
    cfg.max_retries = 2U;
    cfg.backoff_base_ms = 1U;
    cfg.backoff_max_ms = 8U;
    assert_int_equal(rmqdr_client_init(&s.ec.client, &cfg), RMQDR_OK);
}

static rmqdr_status_t count_item(void *ctx, const rmqdr_checkpoint_t *cp)
{
    (void)cp;
    (*(uint32_t *)ctx)++;
    return RMQDR_OK;
}

/* Call i: a page whose size and number vary with i, or the whole listing. */
static void one_call(uint32_t i, uint32_t *requests)
{
    const plan_t *p = &plans[i % N_PLANS];
    rmqdr_request_t r;
    rmqdr_json_sink_t sink;
    uint32_t before = s.ec.client.stats.retries + s.ec.client.stats.reconnects;
    uint32_t sent = s.ec.client.stats.requests;
    rmqdr_status_t st;
    int64_t size = 1 + (int64_t)(i % 13U);
    int64_t number = 1 + (int64_t)((i / 13U) % 4U);

    memset(&r, 0, sizeof r);
    r.plan_id = "1300000016";
    r.item_id = "100070284";
    r.instance_id = "rmq-cn-7e22ody0001";
    if (lists_all(i)) {
        uint32_t items = 0U;
        rmqdr_checkpoint_t scratch;

        /* the whole listing in pages of 5: three requests, no fault */
        r.page_size_set = true;
        r.page_size = 5;
        sink = rmqdr_json_sink_callback(&scratch, count_item, &items);
        st = rmqdr_list_all_checkpoints(&s.ec.client, &r, &sink, &s.env, NULL, NULL);
        if ((st != RMQDR_OK) || (items != SAMPLE_TOTAL)) {
            fail_msg("call %u (list all): %s, %u items", i, rmqdr_status_name(st), items);
        }
        *requests += s.ec.client.stats.requests - sent;
        return;
    }
    r.page_size_set = true;
    r.page_size = size;
    r.page_number_set = true;
    r.page_number = number;
    sink = rmqdr_json_sink_array(s.items, SAMPLE_TOTAL);
    st = rmqdr_list_checkpoints(&s.ec.client, &r, &sink, &s.env);
    if (st != p->want) {
        fail_msg("call %u (fault %s): got %s, want %s (code %s)", i,
                 p->fault != NULL ? p->fault : "none", rmqdr_status_name(st),
                 rmqdr_status_name(p->want), s.env.code);
    }
    if (s.ec.client.stats.retries + s.ec.client.stats.reconnects - before != p->extra) {
        fail_msg("call %u (fault %s): %u extra attempts, want %u", i,
                 p->fault != NULL ? p->fault : "none",
                 s.ec.client.stats.retries + s.ec.client.stats.reconnects - before, p->extra);
    }
    if (st == RMQDR_OK) {
        int64_t want_items = SAMPLE_TOTAL - (number - 1) * size;

        want_items = (want_items < 0) ? 0 : ((want_items > size) ? size : want_items);
        assert_int_equal(s.env.list_count, want_items);
        assert_int_equal(s.env.total_count, SAMPLE_TOTAL);
    }
    *requests += s.ec.client.stats.requests - sent;
}

static void test_soak(void **state)
{
    const char *env_n = getenv("RMQDR_SOAK_REQUESTS");
    uint32_t target = (env_n != NULL) ? (uint32_t)strtoul(env_n, NULL, 10) : 1000U;
    uint32_t requests = 0U;
    uint32_t calls = 0U;
    uint32_t queued = 0U;
    size_t fds_mark = 0U;
    size_t heap_mark = 0U;
    size_t fds_end;
    size_t heap_end;
    bool marked = false;
    struct timespec t0;
    struct timespec t1;

    (void)state;
    assert_true(target >= 2U * CHECKPOINT_AT);
    emuctl_post("/_emu/reset", "{}");
    client_up();
    (void)clock_gettime(CLOCK_MONOTONIC, &t0);
    while (requests < target) {
        if (calls == queued) {
            queue_batch(calls);
            queued += BATCH;
        }
        one_call(calls, &requests);
        calls++;
        if (!marked && (requests >= CHECKPOINT_AT)) {
            rmqdr_client_close(&s.ec.client);
            fds_mark = emu_open_fds();
            heap_mark = heap_in_use();
            marked = true;
        }
    }
    (void)clock_gettime(CLOCK_MONOTONIC, &t1);
    rmqdr_client_close(&s.ec.client);
    fds_end = emu_open_fds();
    heap_end = heap_in_use();
    print_message("soak: %u calls, %u requests (%u retries, %u reconnects, %u connects, "
                  "%u full + %u resumed handshakes) in %.1f s\n",
                  calls, requests, s.ec.client.stats.retries, s.ec.client.stats.reconnects,
                  s.ec.client.stats.connects, s.ec.tls.full_handshakes, s.ec.tls.resumed_handshakes,
                  (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    print_message("soak: after %u requests: %zu fds, %zu heap bytes; at the end: %zu fds, "
                  "%zu heap bytes\n", CHECKPOINT_AT, fds_mark, heap_mark, fds_end, heap_end);
    assert_int_equal(fds_end, fds_mark);
    if (__sanitizer_get_current_allocated_bytes != NULL) {
        assert_int_equal(heap_end, heap_mark);
    } else {
        /* mallinfo2 counts chunks parked in glibc's per-thread cache as in
         * use, so it wobbles by a few hundred bytes; a leak per request
         * would show as thousands. */
        assert_true(heap_end <= heap_mark + HEAP_SLACK_NO_ASAN);
    }
    assert_int_equal(s.ec.client.stats.requests, requests);
    /* the server saw exactly these requests and connections, every
     * signature valid */
    assert_int_equal(emuctl_stat("requests"), (long)requests);
    assert_int_equal(emuctl_stat("connections"), (long)s.ec.client.stats.connects);
    assert_int_equal(emuctl_stat("signature_failures"), 0);
    rmqdr_tls_free(&s.ec.tls);
    emuctl_post("/_emu/reset", "{}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_soak),
    };

    if ((getenv("EMU_PORT") == NULL) || (getenv("EMU_CA") == NULL)) {
        fprintf(stderr, "run through tests/run.sh or tests/soak/run.sh (EMU_PORT, EMU_CA)\n");
        return 1;
    }
    return cmocka_run_group_tests_name("integration-soak", tests, NULL, NULL);
}
