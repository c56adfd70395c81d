/* lwIP options of the host test of port/lwip_raw: the board's shape
 * (NO_SYS=1, raw API) with the loopback interface as the only link, so a raw
 * server and the transport under test talk over 127.0.0.1 in one process. */
#ifndef RMQDR_TEST_LWIPOPTS_H
#define RMQDR_TEST_LWIPOPTS_H
#include <stdint.h>
#define NO_SYS                      1
#define SYS_LIGHTWEIGHT_PROT        0
#define LWIP_SOCKET                 0
#define LWIP_NETCONN                0
#define LWIP_IPV4                   1
#define LWIP_IPV6                   0
#define LWIP_TCP                    1
#define LWIP_UDP                    1
#define LWIP_DNS                    1
#define LWIP_HAVE_LOOPIF            1
#define LWIP_NETIF_LOOPBACK         1
#define LWIP_LOOPBACK_MAX_PBUFS     0
#define LWIP_CALLBACK_API           1
#define MEM_ALIGNMENT               8
#define MEM_SIZE                    (64 * 1024)
#define MEMP_NUM_TCP_PCB            8
#define MEMP_NUM_TCP_SEG            64
#define PBUF_POOL_SIZE              32
#define TCP_MSS                     1460
#define TCP_WND                     (4 * TCP_MSS)
#define TCP_SND_BUF                 (4 * TCP_MSS)
#define TCP_SND_QUEUELEN            (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ             0
#define LWIP_STATS                  0
uint32_t rmqdr_bm_rand32(void);
#define LWIP_RAND()                 rmqdr_bm_rand32()
#endif
