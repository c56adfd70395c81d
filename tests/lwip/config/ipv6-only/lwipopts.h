/* Compile check: IPv6 only, poll only, no DNS, no core locking. */
#ifndef RMQDR_CHECK_LWIPOPTS_H
#define RMQDR_CHECK_LWIPOPTS_H
#define NO_SYS                  0
#define LWIP_TCPIP_CORE_LOCKING 0
#define LWIP_NETCONN            1
#define LWIP_SOCKET             1
#define LWIP_SOCKET_POLL        1
#define LWIP_SOCKET_SELECT      0
#define LWIP_IPV4               0
#define LWIP_IPV6               1
#define LWIP_DNS                0
#endif
