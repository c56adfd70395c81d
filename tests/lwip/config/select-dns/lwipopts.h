/* Compile check: an RTOS-style build with select only (no lwip_poll), DNS,
 * IPv4 + IPv6 and lwIP's own socket definitions. */
#ifndef RMQDR_CHECK_LWIPOPTS_H
#define RMQDR_CHECK_LWIPOPTS_H
#define NO_SYS                  0
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_NETCONN            1
#define LWIP_SOCKET             1
#define LWIP_SOCKET_POLL        0
#define LWIP_SOCKET_SELECT      1
#define LWIP_IPV4               1
#define LWIP_IPV6               1
#define LWIP_UDP                1
#define LWIP_DNS                1
#endif
