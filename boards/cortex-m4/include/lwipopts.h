/**
 * @file lwipopts.h
 * @brief lwIP 2.1.3 options of the cortex-m4 board: NO_SYS=1, raw API.
 *
 * Why raw API and not sockets: this board has no RTOS. lwIP's sockets need
 * NO_SYS=0, i.e. threads, mailboxes and semaphores (sys_arch); faking those
 * without a scheduler would either deadlock (a blocking socket call waiting
 * for a tcpip thread that never runs) or be an RTOS in disguise. With
 * NO_SYS=1 the application owns the only thread: the transport in
 * port/lwip_raw drives the stack itself (board driver poll +
 * sys_check_timeouts) while it waits, with every wait bounded by the
 * caller's timeout. A board with an RTOS uses port/lwip (sockets) instead.
 *
 * Interrupts never call into lwIP (the driver is polled), hence
 * SYS_LIGHTWEIGHT_PROT 0.
 *
 * Memory is lwIP's own: MEM_SIZE bytes of heap for outgoing TCP data and
 * PBUF_POOL_SIZE receive buffers; nothing comes from libc malloc
 * (MEM_LIBC_MALLOC 0, MEMP_MEM_MALLOC 0).
 */
#ifndef RMQDR_BOARD_LWIPOPTS_H
#define RMQDR_BOARD_LWIPOPTS_H

#include <stdint.h>

/* ---- System ----------------------------------------------------------- */
#define NO_SYS                      1
#define SYS_LIGHTWEIGHT_PROT        0
#define LWIP_SOCKET                 0
#define LWIP_NETCONN                0
#define LWIP_NETIF_API              0
#define LWIP_TIMERS                 1
#define LWIP_NOASSERT               1   /* define LWIP_NOASSERT 0 while bringing up a board */

/* ---- Memory ------------------------------------------------------------ */
#define MEM_ALIGNMENT               4
#define MEM_LIBC_MALLOC             0
#define MEMP_MEM_MALLOC             0
#define MEM_SIZE                    (8 * 1024)   /* TCP send data (copied), DNS/SNTP/DHCP packets */
#define MEMP_NUM_PBUF               8
#define MEMP_NUM_UDP_PCB            4            /* DHCP, DNS, SNTP */
#define MEMP_NUM_TCP_PCB            2            /* one connection (+ one in TIME_WAIT) */
#define MEMP_NUM_TCP_PCB_LISTEN     0
#define MEMP_NUM_TCP_SEG            16
#define MEMP_NUM_SYS_TIMEOUT        8
#define MEMP_NUM_ARP_QUEUE          4
#define PBUF_POOL_SIZE              8
#define PBUF_POOL_BUFSIZE           LWIP_MEM_ALIGN_SIZE(TCP_MSS + 40 + PBUF_LINK_ENCAPSULATION_HLEN + PBUF_LINK_HLEN)

/* ---- IP ---------------------------------------------------------------- */
#define LWIP_IPV4                   1
#define LWIP_IPV6                   0
#define LWIP_ARP                    1
#define LWIP_ETHERNET               1
#define ETHARP_TABLE_SIZE           4
#define IP_REASSEMBLY               0
#define IP_FRAG                     0
#define LWIP_ICMP                   1
#define LWIP_RAW                    0
#define LWIP_IGMP                   0
#define LWIP_AUTOIP                 0
#define LWIP_DHCP                   1
#define DHCP_DOES_ARP_CHECK         0

/* ---- UDP / DNS --------------------------------------------------------- */
#define LWIP_UDP                    1
#define LWIP_DNS                    1
#define DNS_TABLE_SIZE              2
#define DNS_MAX_NAME_LENGTH         256
#define DNS_MAX_SERVERS             2
#define LWIP_DHCP_MAX_DNS_SERVERS   DNS_MAX_SERVERS

/* ---- TCP --------------------------------------------------------------- */
#define LWIP_TCP                    1
#define TCP_MSS                     1460
/* The window is what the board can take in before the application reads:
 * 4 segments, well under one 16 KB TLS record, so the sender is paced by
 * how fast mbedTLS drains the pbufs. */
#define TCP_WND                     (4 * TCP_MSS)
#define TCP_SND_BUF                 (4 * TCP_MSS)
#define TCP_SND_QUEUELEN            (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ             0    /* out-of-order segments are dropped, not kept */
#define LWIP_TCP_KEEPALIVE          1
#define LWIP_CALLBACK_API           1
#define LWIP_TCP_TIMESTAMPS         0
#define LWIP_WND_SCALE              0

/* ---- Randomness (DNS ids and ports, DHCP xid, TCP ports) ---------------- */
uint32_t rmqdr_bm_rand32(void);
#define LWIP_RAND()                 rmqdr_bm_rand32()

/* ---- SNTP (the board's wall clock for x-acs-date and X.509 validity) ---- */
void rmqdr_bm_clock_set_unix(uint32_t sec, uint32_t usec);
#define SNTP_SERVER_DNS             1
#define SNTP_STARTUP_DELAY          0
#define SNTP_SET_SYSTEM_TIME_US(sec, us) rmqdr_bm_clock_set_unix((uint32_t)(sec), (uint32_t)(us))
#define SNTP_UPDATE_DELAY           3600000  /* re-sync hourly */

/* ---- Netif -------------------------------------------------------------- */
#define LWIP_NETIF_HOSTNAME         1
#define LWIP_NETIF_STATUS_CALLBACK  0
#define LWIP_NETIF_LINK_CALLBACK    0
#define LWIP_SINGLE_NETIF           1
#define LWIP_NETIF_LOOPBACK         0

/* ---- Checksums: in software (a board with checksum offload turns these off) */
#define CHECKSUM_GEN_IP             1
#define CHECKSUM_GEN_UDP            1
#define CHECKSUM_GEN_TCP            1
#define CHECKSUM_CHECK_IP           1
#define CHECKSUM_CHECK_UDP          1
#define CHECKSUM_CHECK_TCP          1

/* ---- Statistics and debug off ------------------------------------------ */
#define LWIP_STATS                  0
#define LWIP_DEBUG                  0

#endif /* RMQDR_BOARD_LWIPOPTS_H */
