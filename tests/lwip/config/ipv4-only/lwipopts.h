/* Compile check: IPv4 only, poll and select, DNS, lwIP's own socket
 * definitions (a typical small RTOS board). */
#ifndef RMQDR_CHECK_LWIPOPTS_H
#define RMQDR_CHECK_LWIPOPTS_H
#define NO_SYS                  0
#define LWIP_NETCONN            1
#define LWIP_SOCKET             1
#define LWIP_IPV4               1
#define LWIP_IPV6               0
#define LWIP_UDP                1
#define LWIP_DNS                1
#endif
