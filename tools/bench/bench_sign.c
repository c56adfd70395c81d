/* Signing benchmark: complete requests (validate, encode, canonical request,
 * SHA-256, HMAC-SHA256, headers) built per second by rmqdr_request_build,
 * each with its own nonce as in real use.
 *
 *   bench_sign [REPS] [sts]
 *
 * Prints one key=value line: the median rate over REPS repetitions, and CPU
 * cycles per request from the hardware counter (perf_event_open, what
 * `perf stat -e cycles` reads) when the kernel exposes one, else "n/a";
 * on x86 also TSC ticks per request (constant-rate reference clock). */
#define _GNU_SOURCE /* syscall() */
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define HAVE_TSC 1
#endif

#include "rmqdr/request.h"

#define MIN_REP_SEC 0.2
#define MAX_REPS    31

static double now_sec(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ((double)ts.tv_nsec * 1e-9);
}

static rmqdr_config_t cfg;
static rmqdr_request_t rq;
static char req[RMQDR_REQUEST_MAX_SIZE];
static size_t req_len;
static unsigned long long nonce_counter;

static void build_one(void)
{
    rmqdr_stamp_t stamp = { "2025-01-01T00:00:00Z", "" };

    (void)snprintf(stamp.nonce, sizeof stamp.nonce, "%032llx", ++nonce_counter);
    if (rmqdr_request_build(&cfg, &rq, &stamp, req, sizeof req, &req_len) != RMQDR_OK) {
        (void)fprintf(stderr, "bench_sign: request build failed\n");
        exit(1);
    }
}

/* A user-space cycle counter for this thread, or -1. */
static int open_cycles(void)
{
    struct perf_event_attr a;

    (void)memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = PERF_TYPE_HARDWARE;
    a.config = PERF_COUNT_HW_CPU_CYCLES;
    a.disabled = 1;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0UL);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    static char token[1201];
    unsigned long reps = (argc > 1) ? strtoul(argv[1], NULL, 10) : 5UL;
    int sts = (argc > 2) && (strcmp(argv[2], "sts") == 0);
    double t0, one, sec[MAX_REPS] = { 0.0 };
    unsigned long iters;
    int fd;
    long long cycles = 0;
    char cycles_text[32] = "n/a";
    char tsc_text[32] = "n/a";

    if ((reps == 0UL) || (reps > MAX_REPS)) {
        (void)fprintf(stderr, "usage: bench_sign [REPS 1..%d] [sts]\n", MAX_REPS);
        return 2;
    }
    (void)memset(token, 'T', sizeof token - 1U); /* a typical ~1.2 KB STS token */
    cfg.access_key_id = "LTAIemulatorKeyId";
    cfg.access_key_secret = "emulator-secret-do-not-use";
    cfg.security_token = sts ? token : NULL;
    cfg.region_id = "cn-hangzhou";
    rq.plan_id = "1300000016";
    rq.item_id = "100070284";
    rq.instance_id = "rmq-cn-7e22ody0001";
    rq.filter = "orders";
    rq.page_number_set = true;
    rq.page_number = 3;
    rq.page_size_set = true;
    rq.page_size = 100;

    t0 = now_sec();
    build_one();
    one = now_sec() - t0;
    iters = (unsigned long)(MIN_REP_SEC / (one + 1e-9)) + 1UL;
    for (unsigned long r = 0UL; r < reps; r++) {
        t0 = now_sec();
        for (unsigned long i = 0UL; i < iters; i++) {
            build_one();
        }
        sec[r] = (now_sec() - t0) / (double)iters;
    }
    qsort(sec, reps, sizeof sec[0], cmp_double);

    fd = open_cycles();
    if (fd >= 0) {
        (void)ioctl(fd, PERF_EVENT_IOC_RESET, 0);
        (void)ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
        for (unsigned long i = 0UL; i < iters; i++) {
            build_one();
        }
        (void)ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
        if (read(fd, &cycles, sizeof cycles) == (ssize_t)sizeof cycles) {
            (void)snprintf(cycles_text, sizeof cycles_text, "%.0f",
                           (double)cycles / (double)iters);
        }
        (void)close(fd);
    }
#ifdef HAVE_TSC
    {
        unsigned long long tsc0 = __rdtsc();

        for (unsigned long i = 0UL; i < iters; i++) {
            build_one();
        }
        (void)snprintf(tsc_text, sizeof tsc_text, "%.0f",
                       (double)(__rdtsc() - tsc0) / (double)iters);
    }
#endif
    (void)printf("sign sts=%d request_bytes=%zu reps=%lu iters=%lu median_us=%.3f "
                 "requests_per_s=%.0f cycles_per_request=%s tsc_per_request=%s\n",
                 sts, req_len, reps, iters, sec[reps / 2UL] * 1e6, 1.0 / sec[reps / 2UL],
                 cycles_text, tsc_text);
    return 0;
}
