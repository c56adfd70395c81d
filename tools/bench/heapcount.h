/* Heap accounting for the benchmarks: this program's malloc, calloc,
 * realloc and free are wrappers around glibc's that count the bytes live
 * (malloc_usable_size of each block) and their high-water mark. Because the
 * executable defines them, shared libraries (libcjson) use them too. */
#ifndef RMQDR_BENCH_HEAPCOUNT_H
#define RMQDR_BENCH_HEAPCOUNT_H

#include <stddef.h>

/* Starts a new high-water mark from the bytes live now. */
void heap_reset_peak(void);

/* Highest live bytes since the last reset, minus those live at the reset. */
size_t heap_peak(void);

/* Bytes live now. */
size_t heap_live(void);

#endif
