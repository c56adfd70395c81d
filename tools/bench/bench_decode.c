/* Decode benchmark: one variant, one size, one framing per process.
 *
 *   bench_decode time VARIANT ITEMS cl|chunked [REPS]   throughput, median of REPS
 *   bench_decode mem  VARIANT ITEMS cl|chunked          peak heap and peak RSS
 *   bench_decode stack                                  core stack high-water marks
 *   bench_decode info                                   fixed sizes
 *
 * VARIANT: a   rmqdr (HTTP decoder + splitter + per-element jsmn + mapping)
 *          b   raw jsmn over the whole body, JSMN_STRICT
 *          bp  raw jsmn over the whole body, JSMN_STRICT + JSMN_PARENT_LINKS
 *          c   cJSON parse of the whole body + extraction of the same fields
 *          base  (mem only) the harness alone: response streamed, nothing decoded
 *
 * Each result is one line of key=value pairs for tools/bench/run.py.
 *
 * time: the response is generated into memory first. Variant a is fed the
 * HTTP bytes in RMQDR_CLIENT_RX_SIZE slices, as the client does. Variants b,
 * bp and c get the body already de-framed in one buffer and (b, bp) a token
 * array already sized by a counting pass: the timing covers only their parse
 * (and for c the extraction and cJSON_Delete), their best case.
 *
 * mem: nothing is held in advance. The response is generated a few KB at a
 * time, as a socket would deliver it; a decodes it on the fly, b/bp/c
 * collect the body (rmqdr's HTTP decoder de-frames it into a malloc'd
 * buffer, sized from Content-Length when there is one) and then parse. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cjson_map.h"
#include "heapcount.h"
#include "jsmn_bench.h"
#include "rmqdr/client.h"
#include "rmqdr/request.h"
#include "rmqdr/response.h"
#include "synth.h"

#define FEED_SIZE   RMQDR_CLIENT_RX_SIZE /* bytes per rmqdr_response_feed call */
#define MIN_REP_SEC 0.1                  /* each repetition runs at least this long */
#define MAX_REPS    31

typedef enum { V_RMQDR, V_JSMN, V_JSMN_PARENT, V_CJSON, V_BASE } variant_t;

static const char *const variant_names[] = { "a", "b", "bp", "c", "base" };

static void die(const char *what)
{
    (void)fprintf(stderr, "bench_decode: %s\n", what);
    exit(1);
}

static double now_sec(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ((double)ts.tv_nsec * 1e-9);
}

/* Peak RSS of this program: VmHWM, the high-water mark of this address
 * space. (getrusage's ru_maxrss would also count the RSS the process had
 * before execve, i.e. that of the Python driver that started it.) */
static long peak_rss_kb(void)
{
    char line[128];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");

    while ((f != NULL) && (fgets(line, sizeof line, f) != NULL)) {
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) {
            break;
        }
    }
    if (f != NULL) {
        (void)fclose(f);
    }
    return kb;
}

/* ---- what every variant reports back, checked against synth_checksum --- */

typedef struct {
    size_t count;
    int64_t sum;
} tally_t;

static rmqdr_status_t tally_checkpoint(void *ctx, const rmqdr_checkpoint_t *cp)
{
    tally_t *t = (tally_t *)ctx;

    t->count++;
    t->sum += cp->checkpoint_id + cp->source.consume_timestamp;
    return RMQDR_OK;
}

static void tally_cjson(void *ctx, const rmqdr_checkpoint_t *cp)
{
    (void)tally_checkpoint(ctx, cp);
}

static void check_tally(const tally_t *t, size_t items)
{
    if ((t->count != items) || (t->sum != synth_checksum(items))) {
        die("decoded checkpoints do not match the synthetic data");
    }
}

/* ---- variant a: the rmqdr response pipeline ---------------------------- */

static rmqdr_response_t response; /* the work area */
static rmqdr_envelope_t envelope;
static rmqdr_checkpoint_t scratch;

static void rmqdr_begin(tally_t *t)
{
    rmqdr_json_sink_t sink = rmqdr_json_sink_callback(&scratch, tally_checkpoint, t);

    t->count = 0U;
    t->sum = 0;
    rmqdr_response_init(&response, &envelope, &sink);
}

static void rmqdr_feed(const uint8_t *data, size_t len)
{
    for (size_t off = 0U; off < len; off += FEED_SIZE) {
        size_t n = (len - off < FEED_SIZE) ? len - off : FEED_SIZE;

        if (rmqdr_response_feed(&response, &data[off], n) != RMQDR_OK) {
            die(rmqdr_status_name(rmqdr_response_result(&response)));
        }
    }
}

static void rmqdr_end(const tally_t *t, size_t items)
{
    rmqdr_status_t st = rmqdr_response_done(&response) ? rmqdr_response_result(&response)
                                                        : RMQDR_ERR_HTTP_TRUNCATED;

    if (st != RMQDR_OK) {
        die(rmqdr_status_name(st));
    }
    if (envelope.list_count != items) {
        die("list_count does not match");
    }
    check_tally(t, items);
}

/* ---- body collection for b, bp and c (HTTP de-framing by rmqdr_http) ---- */

typedef struct {
    rmqdr_http_decoder_t http;
    synth_buf_t body;
} collector_t;

static rmqdr_status_t collect_body(void *ctx, const uint8_t *data, size_t len)
{
    collector_t *c = (collector_t *)ctx;

    if ((c->body.cap == 0U) && c->http.head.has_content_length) {
        /* What a whole-body client does: one buffer of Content-Length. */
        c->body.cap = (size_t)c->http.head.content_length;
        c->body.data = malloc(c->body.cap);
        if (c->body.data == NULL) {
            die("out of memory");
        }
    }
    synth_buf_append(&c->body, data, len);
    return RMQDR_OK;
}

static void collect_feed(void *ctx, const uint8_t *data, size_t len)
{
    collector_t *c = (collector_t *)ctx;

    if (rmqdr_http_feed(&c->http, data, len, collect_body, c) != RMQDR_OK) {
        die("HTTP de-framing failed");
    }
}

/* ---- variants b, bp, c on a whole body ---------------------------------- */

typedef int (*jsmn_fn)(const char *js, size_t len, void *tokens, unsigned int count);

static jsmn_fn jsmn_variant(variant_t v, size_t *token_size)
{
    *token_size = (v == V_JSMN) ? jsmn_flat_token_size : jsmn_parent_token_size;
    return (v == V_JSMN) ? jsmn_flat_parse : jsmn_parent_parse;
}

/* Counting pass, then a token array of exactly that size. */
static void *jsmn_tokens(jsmn_fn parse, size_t token_size, const synth_buf_t *body, int *count)
{
    void *tokens;

    *count = parse((const char *)body->data, body->len, NULL, 0U);
    if (*count <= 0) {
        die("jsmn rejected the body");
    }
    tokens = malloc((size_t)*count * token_size);
    if (tokens == NULL) {
        die("out of memory");
    }
    return tokens;
}

static void jsmn_run(jsmn_fn parse, const synth_buf_t *body, void *tokens, int count)
{
    if (parse((const char *)body->data, body->len, tokens, (unsigned int)count) != count) {
        die("jsmn token count changed");
    }
}

static void cjson_run(const synth_buf_t *body, size_t items)
{
    rmqdr_envelope_t env;
    tally_t t = { 0U, 0 };

    if (cjson_decode((const char *)body->data, body->len, &env, tally_cjson, &t) != 0) {
        die("cJSON rejected the body");
    }
    check_tally(&t, items);
}

/* ---- time ---------------------------------------------------------------- */

typedef struct {
    variant_t v;
    size_t items;
    const synth_buf_t *http;
    const synth_buf_t *body;
    jsmn_fn parse;
    void *tokens;
    int count;
} job_t;

static void run_once(const job_t *j)
{
    tally_t t;

    switch (j->v) {
    case V_RMQDR:
        rmqdr_begin(&t);
        rmqdr_feed(j->http->data, j->http->len);
        rmqdr_end(&t, j->items);
        break;
    case V_JSMN:
    case V_JSMN_PARENT:
        jsmn_run(j->parse, j->body, j->tokens, j->count);
        break;
    default:
        cjson_run(j->body, j->items);
        break;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

static void cmd_time(variant_t v, size_t items, bool chunked, unsigned reps)
{
    synth_opts_t opts = { items, chunked };
    synth_buf_t http = { NULL, 0U, 0U };
    collector_t col;
    job_t j = { v, items, &http, NULL, NULL, NULL, 0 };
    size_t token_size = 0U;
    double t0, one, sec[MAX_REPS] = { 0.0 };
    unsigned long iters;

    synth_response(&opts, synth_buf_append, &http);
    (void)memset(&col, 0, sizeof col);
    rmqdr_http_init(&col.http);
    collect_feed(&col, http.data, http.len);
    j.body = &col.body;
    if ((v == V_JSMN) || (v == V_JSMN_PARENT)) {
        j.parse = jsmn_variant(v, &token_size);
        j.tokens = jsmn_tokens(j.parse, token_size, j.body, &j.count);
    }

    t0 = now_sec(); /* warm-up, and the size of a repetition */
    run_once(&j);
    one = now_sec() - t0;
    iters = (one >= MIN_REP_SEC) ? 1UL : (unsigned long)(MIN_REP_SEC / (one + 1e-9)) + 1UL;
    for (unsigned r = 0U; r < reps; r++) {
        t0 = now_sec();
        for (unsigned long i = 0UL; i < iters; i++) {
            run_once(&j);
        }
        sec[r] = (now_sec() - t0) / (double)iters;
    }
    qsort(sec, reps, sizeof sec[0], cmp_double);
    (void)printf("time variant=%s items=%zu framing=%s http_bytes=%zu body_bytes=%zu "
                 "tokens=%d reps=%u iters=%lu median_s=%.9f min_s=%.9f max_s=%.9f "
                 "mb_per_s=%.2f items_per_s=%.0f\n",
                 variant_names[v], items, chunked ? "chunked" : "cl", http.len, col.body.len,
                 j.count, reps, iters, sec[reps / 2U], sec[0], sec[reps - 1U],
                 (double)col.body.len / sec[reps / 2U] / 1e6, (double)items / sec[reps / 2U]);
    free(j.tokens);
    free(col.body.data);
    free(http.data);
}

/* ---- mem ----------------------------------------------------------------- */

static void stream_rmqdr(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    rmqdr_feed(data, len);
}

static void stream_discard(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
}

static void cmd_mem(variant_t v, size_t items, bool chunked)
{
    synth_opts_t opts = { items, chunked };
    static collector_t col; /* static: the same RSS for every variant */
    tally_t t;
    size_t heap;

    heap_reset_peak();
    if (v == V_BASE) {
        synth_response(&opts, stream_discard, NULL);
    } else if (v == V_RMQDR) {
        rmqdr_begin(&t);
        synth_response(&opts, stream_rmqdr, NULL);
        rmqdr_end(&t, items);
    } else {
        rmqdr_http_init(&col.http);
        synth_response(&opts, collect_feed, &col);
        if (v == V_CJSON) {
            cjson_run(&col.body, items);
        } else {
            size_t token_size;
            int count;
            jsmn_fn parse = jsmn_variant(v, &token_size);
            void *tokens = jsmn_tokens(parse, token_size, &col.body, &count);

            jsmn_run(parse, &col.body, tokens, count);
            free(tokens);
        }
        free(col.body.data);
    }
    heap = heap_peak(); /* before peak_rss_kb(), whose fopen mallocs */
    (void)printf("mem variant=%s items=%zu framing=%s peak_heap=%zu peak_rss_kb=%ld\n",
                 variant_names[v], items, chunked ? "chunked" : "cl", heap, peak_rss_kb());
}

/* ---- stack: high-water mark on a painted thread stack --------------------- */

#define STACK_BYTES (256U * 1024U)
#define PAINT 0xA5U

static unsigned char thread_stack[STACK_BYTES] __attribute__((aligned(64)));

static size_t stack_used(void)
{
    size_t i = 0U;

    while ((i < STACK_BYTES) && (thread_stack[i] == PAINT)) {
        i++;
    }
    return STACK_BYTES - i;
}

static void *nothing(void *arg)
{
    return arg;
}

/* Decodes a response generated beforehand, so only rmqdr's frames count. */
static void *decode_job(void *arg)
{
    const synth_buf_t *http = (const synth_buf_t *)arg;
    tally_t t;

    rmqdr_begin(&t);
    rmqdr_feed(http->data, http->len);
    rmqdr_end(&t, 100U);
    return NULL;
}

static void *build_job(void *arg)
{
    static char token[RMQDR_MAX_SECURITY_TOKEN_LEN + 1U];
    static char req[RMQDR_REQUEST_MAX_SIZE];
    rmqdr_config_t cfg = { "LTAIemulatorKeyId", "emulator-secret-do-not-use", token,
                           "cn-hangzhou", NULL, NULL };
    rmqdr_request_t rq = { .plan_id = "1300000016", .item_id = "100070284",
                           .instance_id = "rmq-cn-7e22ody0001", .filter = "orders",
                           .page_number_set = true, .page_number = 1,
                           .page_size_set = true, .page_size = 100 };
    rmqdr_stamp_t stamp = { "2025-01-01T00:00:00Z", "0123456789abcdef0123456789abcdef" };
    size_t len;

    (void)memset(token, 'T', sizeof token - 1U);
    if (rmqdr_request_build(&cfg, &rq, &stamp, req, sizeof req, &len) != RMQDR_OK) {
        die("request build failed");
    }
    return arg;
}

/* Stack bytes job used beyond an empty thread (the job's few locals and
 * the tally callback included, so slightly more than the core alone). */
static size_t measure_stack(void *(*job)(void *), void *arg)
{
    pthread_attr_t attr;
    pthread_t th;
    size_t base;

    /* Once outside the measurement, so lazily bound libc symbols are bound:
     * the dynamic linker's resolver saves the AVX-512 state on the stack
     * (~2.5 KB), which is not the core's. */
    (void)job(arg);
    (void)memset(thread_stack, PAINT, sizeof thread_stack);
    (void)pthread_attr_init(&attr);
    (void)pthread_attr_setstack(&attr, thread_stack, sizeof thread_stack);
    if (pthread_create(&th, &attr, nothing, NULL) != 0) {
        die("pthread_create");
    }
    (void)pthread_join(th, NULL);
    base = stack_used();
    (void)memset(thread_stack, PAINT, sizeof thread_stack);
    if (pthread_create(&th, &attr, job, arg) != 0) {
        die("pthread_create");
    }
    (void)pthread_join(th, NULL);
    (void)pthread_attr_destroy(&attr);
    return stack_used() - base;
}

static size_t measure_decode(bool chunked)
{
    synth_opts_t opts = { 100U, chunked };
    synth_buf_t http = { NULL, 0U, 0U };
    size_t used;

    synth_response(&opts, synth_buf_append, &http);
    used = measure_stack(decode_job, &http);
    free(http.data);
    return used;
}

static void cmd_stack(void)
{
    (void)printf("stack decode_cl=%zu decode_chunked=%zu request_build=%zu\n",
                 measure_decode(false), measure_decode(true), measure_stack(build_job, NULL));
}

static void cmd_info(void)
{
    (void)printf("info work_size=%zu http_decoder=%zu json_decoder=%zu envelope=%zu "
                 "checkpoint=%zu client=%zu request_max=%u rx=%u element_max=%u tokens=%u\n",
                 (size_t)RMQDR_WORK_SIZE, sizeof(rmqdr_http_decoder_t),
                 sizeof(rmqdr_json_decoder_t), sizeof(rmqdr_envelope_t),
                 sizeof(rmqdr_checkpoint_t), sizeof(rmqdr_client_t),
                 (unsigned)RMQDR_REQUEST_MAX_SIZE, (unsigned)RMQDR_CLIENT_RX_SIZE,
                 (unsigned)RMQDR_JSON_ELEMENT_MAX, (unsigned)RMQDR_JSON_MAX_TOKENS);
}

/* ---- command line ------------------------------------------------------- */

static variant_t parse_variant(const char *s)
{
    for (size_t i = 0U; i < sizeof variant_names / sizeof variant_names[0]; i++) {
        if (strcmp(s, variant_names[i]) == 0) {
            return (variant_t)i;
        }
    }
    die("unknown variant (a, b, bp, c, base)");
    return V_BASE;
}

static void usage(void)
{
    die("usage: bench_decode time|mem VARIANT ITEMS cl|chunked [REPS] | stack | info");
}

int main(int argc, char **argv)
{
    variant_t v;
    size_t items;
    bool chunked;
    unsigned long reps = 5UL;
    char *end;

    if ((argc == 2) && (strcmp(argv[1], "stack") == 0)) {
        cmd_stack();
        return 0;
    }
    if ((argc == 2) && (strcmp(argv[1], "info") == 0)) {
        cmd_info();
        return 0;
    }
    if ((argc < 5) || (argc > 6)) {
        usage();
    }
    v = parse_variant(argv[2]);
    errno = 0;
    items = (size_t)strtoul(argv[3], &end, 10);
    if ((errno != 0) || (*end != '\0')) {
        usage();
    }
    chunked = (strcmp(argv[4], "chunked") == 0);
    if (argc == 6) {
        reps = strtoul(argv[5], &end, 10);
        if ((*end != '\0') || (reps == 0UL) || (reps > MAX_REPS)) {
            usage();
        }
    }
    if (strcmp(argv[1], "time") == 0) {
        if (v == V_BASE) {
            usage();
        }
        cmd_time(v, items, chunked, (unsigned)reps);
    } else if (strcmp(argv[1], "mem") == 0) {
        cmd_mem(v, items, chunked);
    } else {
        usage();
    }
    return 0;
}
