/**
 * @file lwipopts.h
 * @brief lwIP options of the mps2-an386 board: the cortex-m4 board's
 *        (NO_SYS=1, raw API, see boards/cortex-m4/include/lwipopts.h) with
 *        a static address and smaller pools.
 *
 * QEMU's user-mode network has fixed addresses (guest 10.0.2.15/24,
 * gateway 10.0.2.2), the only peer is reached by address, and the wall
 * clock comes from the host: no DHCP, DNS or SNTP.
 * Pools are sized for one TLS connection whose server honours
 * max_fragment_length=4096 (records of at most 4 KB, see rules.mk).
 */
#ifndef RMQDR_AN386_LWIPOPTS_H
#define RMQDR_AN386_LWIPOPTS_H

#include "../../cortex-m4/include/lwipopts.h"

#undef LWIP_DHCP
#define LWIP_DHCP 0
/* LWIP_DNS (hence UDP) stays on only because port/lwip_raw does not build
 * without it yet (dns_settled() unused); nothing here resolves a name. */
#undef DNS_TABLE_SIZE
#define DNS_TABLE_SIZE 1
#undef MEMP_NUM_UDP_PCB
#define MEMP_NUM_UDP_PCB 1
#undef LWIP_NETIF_HOSTNAME
#define LWIP_NETIF_HOSTNAME 0

/* Outgoing TCP data is copied into MEM_SIZE: the largest burst is the
 * signed request, one TLS record of at most RMQDR_TLS_OUT_CONTENT_LEN. */
#undef MEM_SIZE
#define MEM_SIZE (4 * 1024)
#undef TCP_SND_BUF
#define TCP_SND_BUF (2 * TCP_MSS)
#undef MEMP_NUM_TCP_SEG
#define MEMP_NUM_TCP_SEG 8
/* Receive: 4 segments in flight (TCP_WND) plus one frame being handed in. */
#undef PBUF_POOL_SIZE
#define PBUF_POOL_SIZE 5

#endif /* RMQDR_AN386_LWIPOPTS_H */
