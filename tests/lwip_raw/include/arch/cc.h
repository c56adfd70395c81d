/* Host glibc for the lwip_raw test. */
#ifndef RMQDR_TEST_ARCH_CC_H
#define RMQDR_TEST_ARCH_CC_H
#include <stdio.h>
#include <stdlib.h>
#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { fprintf(stderr, "lwIP assert: %s\n", x); abort(); } while (0)
#endif
