/**
 * @file arch/cc.h
 * @brief lwIP compiler/platform glue for the cortex-m4 board (GCC, newlib).
 *
 * newlib provides stdint.h, inttypes.h, limits.h, errno.h; lwIP's defaults
 * cover the rest. Diagnostics go nowhere (no console is assumed) and a
 * failed assertion stops in a breakpoint-friendly loop.
 */
#ifndef RMQDR_BOARD_ARCH_CC_H
#define RMQDR_BOARD_ARCH_CC_H

#define LWIP_PLATFORM_DIAG(x)   do { } while (0)
void rmqdr_board_fatal(const char *what);
#define LWIP_PLATFORM_ASSERT(x) rmqdr_board_fatal(x)

/* lwIP would otherwise use rand() from libc (whose state lives in the
 * newlib reentrancy struct); LWIP_RAND is defined in lwipopts.h. */
#define LWIP_NO_CTYPE_H 0

#endif /* RMQDR_BOARD_ARCH_CC_H */
