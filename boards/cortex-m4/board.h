/**
 * @file board.h
 * @brief What the generic cortex-m4 board provides to its application, and
 *        the hooks a real board replaces.
 *
 * Implemented in board_hooks.c (generic Cortex-M4, works on any part):
 * - rmqdr_board_init(): SysTick at 1 kHz from RMQDR_BOARD_CPU_HZ;
 * - rmqdr_board_uptime_ms(): the SysTick count (port_baremetal.h hook);
 * - rmqdr_board_console_write(): ITM stimulus port 0 (SWO), dropped when no
 *   debugger enabled it;
 * - rmqdr_board_fatal(): stop in a breakpoint loop.
 *
 * Stubbed in board_stubs.c, because they depend on the actual chip; a real
 * board replaces that file:
 * - rmqdr_board_entropy(): the TRNG (port_baremetal.h hook); the stub fails,
 *   so TLS and nonces refuse to run on a board without entropy;
 * - rmqdr_board_netif_init() and rmqdr_board_net_poll(): the Ethernet MAC
 *   driver (lwIP netif init and the receive poll of port_lwip_raw.h); the
 *   stub netif drops every frame.
 */
#ifndef RMQDR_BOARD_H
#define RMQDR_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "lwip/err.h"
#include "lwip/netif.h"

#ifndef RMQDR_BOARD_CPU_HZ
/** Core clock after reset (STM32F4 internal RC: 16 MHz). */
#define RMQDR_BOARD_CPU_HZ 16000000U
#endif

/** @brief Start the 1 ms SysTick. */
void rmqdr_board_init(void);

/** @brief SysTick interrupt: advances rmqdr_board_uptime_ms(). */
void SysTick_Handler(void);

/** @brief Write text to the debug console (ITM port 0). */
void rmqdr_board_console_write(const char *text, size_t len);

/** @brief Stop: unrecoverable error (also lwIP's LWIP_PLATFORM_ASSERT). */
void rmqdr_board_fatal(const char *what) __attribute__((noreturn));

/** @brief lwIP netif init callback of the board's Ethernet driver. */
err_t rmqdr_board_netif_init(struct netif *netif);

#endif /* RMQDR_BOARD_H */
