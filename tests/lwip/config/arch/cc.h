/*
 * Minimal lwIP arch glue for the compile-only configuration checks
 * (tests/lwip/run.sh): lwIP's own socket types (no
 * LWIP_SOCKET_EXTERNAL_HEADERS), the C library's errno values, no output.
 * Never linked: it only has to make the port's translation unit complete.
 */
#ifndef RMQDR_CHECK_ARCH_CC_H
#define RMQDR_CHECK_ARCH_CC_H

#define LWIP_ERRNO_STDINCLUDE 1
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { } while (0)

/* SYS_LIGHTWEIGHT_PROT (on by default) needs a type for the saved state. */
typedef unsigned int sys_prot_t;

#endif
