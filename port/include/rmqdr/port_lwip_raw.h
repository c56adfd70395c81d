/**
 * @file port_lwip_raw.h
 * @brief ::rmqdr_transport_t over lwIP's raw TCP API, for NO_SYS=1 boards
 *        (no RTOS: one thread, the application's).
 *
 * lwIP's raw API is event-driven: it calls back when data arrives, when a
 * connection is established or dies. The transport turns that into the
 * blocking-with-timeout calls of ::rmqdr_transport_t by driving the stack
 * itself while it waits: each wait loops on rmqdr_lwip_raw_service(), which
 * lets the board's driver hand received frames to lwIP
 * (rmqdr_board_net_poll()) and runs lwIP's timers (sys_check_timeouts()),
 * until the awaited event happens or the caller's timeout passes.
 *
 * Hooks the board implements (besides those of port_baremetal.h):
 * - rmqdr_board_net_poll(): move received frames from the MAC into
 *   netif->input (and do any other periodic driver work). Called often; must
 *   return promptly when nothing arrived.
 *
 * The port implements sys_now() for lwIP (from rmqdr_board_uptime_ms()) and
 * rmqdr_bm_rand32() for LWIP_RAND.
 *
 * lwIP build requirements: NO_SYS 1, LWIP_TCP 1, LWIP_CALLBACK_API 1;
 * LWIP_DNS 1 for host names (numeric IPv4 addresses work without it).
 *
 * Flow control: received pbufs stay queued in the transport until read;
 * the TCP window is re-opened (tcp_recved) only for bytes handed to the
 * caller, so TCP_WND bounds the RAM a fast server can fill.
 *
 * One connection per ::rmqdr_lwip_raw_t; no memory is allocated by the port
 * (lwIP takes its pcb and pbufs from its own pools).
 */
#ifndef RMQDR_PORT_LWIP_RAW_H
#define RMQDR_PORT_LWIP_RAW_H

#include <stdbool.h>
#include <stdint.h>

#include "lwip/ip_addr.h"

#include "rmqdr/status.h"
#include "rmqdr/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tcp_pcb;
struct pbuf;

/** Hook the board implements: feed received frames to lwIP. */
void rmqdr_board_net_poll(void);

/** Connection state; members are public only so the caller owns storage. */
typedef struct {
    struct tcp_pcb *pcb;        /**< Open pcb, or NULL. */
    struct pbuf *rx;            /**< Received bytes not yet read (chain). */
    const char *resolving;      /**< Host being resolved (during connect only). */
    ip_addr_t addr;             /**< Resolved address. */
    int last_err;               /**< lwIP err_t of the last failure, for logs. */
    uint8_t state;              /**< Internal (RMQDR_LWIP_RAW_*). */
    uint8_t dns_state;          /**< Internal. */
} rmqdr_lwip_raw_t;

/**
 * @brief Mark @p conn closed and fill @p transport with the raw-API
 *        functions over it. No lwIP call is made.
 * @param[out] transport Receives connect, send, recv, close, last_error and
 *        ctx (= @p conn).
 * @param conn Caller-owned connection state; must outlive @p transport and
 *        must not hold an open pcb.
 * @return RMQDR_OK, or RMQDR_ERR_BAD_ARGUMENT when a pointer is NULL.
 */
rmqdr_status_t rmqdr_lwip_raw_transport_init(rmqdr_transport_t *transport,
                                             rmqdr_lwip_raw_t *conn);

/**
 * @brief One turn of the stack: rmqdr_board_net_poll() then
 *        sys_check_timeouts(). The application calls it from its main loop
 *        whenever it is not inside an rmqdr call (DHCP, SNTP, ARP need it).
 */
void rmqdr_lwip_raw_service(void);

/**
 * @brief Run rmqdr_lwip_raw_service() until @p done returns true or
 *        @p timeout_ms passes.
 *
 * @p done is checked first, so an event that already happened returns at
 * once even with @p timeout_ms 0. Time is sys_now() (board uptime).
 * @param done       Predicate over @p ctx; not NULL.
 * @param ctx        Passed unchanged to @p done.
 * @param timeout_ms Longest wait in milliseconds (below 2^31).
 * @return true when @p done returned true, false on timeout.
 */
bool rmqdr_lwip_raw_wait(bool (*done)(void *ctx), void *ctx, uint32_t timeout_ms);

/**
 * @brief Random 32 bits for LWIP_RAND (DNS ids, source ports, DHCP xids).
 *
 * From rmqdr_board_entropy(); when that fails the stack must keep running,
 * so it falls back to a xorshift mix of the uptime, which is predictable:
 * a board must provide real entropy. Never used for nonces or TLS.
 * @return 32 random bits (predictable ones if the entropy hook fails).
 */
uint32_t rmqdr_bm_rand32(void);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_PORT_LWIP_RAW_H */
