/* Counting malloc: see heapcount.h. glibc only (__libc_malloc and friends).
 * The benchmarks are single-threaded while they measure, so plain counters
 * are enough. */
#include "heapcount.h"

#include <malloc.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);

static size_t live;
static size_t peak;
static size_t base;

static void *counted(void *p)
{
    if (p != NULL) {
        live += malloc_usable_size(p);
        if (live > peak) {
            peak = live;
        }
    }
    return p;
}

void *malloc(size_t size)
{
    return counted(__libc_malloc(size));
}

void *calloc(size_t n, size_t size)
{
    return counted(__libc_calloc(n, size));
}

void *realloc(void *p, size_t size)
{
    size_t old = (p != NULL) ? malloc_usable_size(p) : 0U;
    void *q = __libc_realloc(p, size);

    if ((q != NULL) || (size == 0U)) {
        live -= old;
    }
    return counted(q);
}

void free(void *p)
{
    if (p != NULL) {
        live -= malloc_usable_size(p);
    }
    __libc_free(p);
}

void heap_reset_peak(void)
{
    peak = live;
    base = live;
}

size_t heap_peak(void)
{
    return peak - base;
}

size_t heap_live(void)
{
    return live;
}
