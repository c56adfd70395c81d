/*
 * In-process lwIP test bed for the lwIP port.
 *
 *   client (port under test)           relay (test)                 host
 *   lwIP socket on netif "wc"  ==wire==> lwIP socket on netif "ws"  --POSIX--> 127.0.0.1:target
 *        10.0.0.1                          10.0.0.2:RELAY_PORT                  (echo, emulator...)
 *
 * Two lwIP netifs live in this process and are joined back to back: each
 * one's IPv4/IPv6 output hands a copy of the packet to the other one's input
 * (tcpip_input, processed later by the tcpip thread), as a point-to-point
 * cable would. No tap device, no kernel involvement below the relay's POSIX
 * socket. Packets for any other address are dropped (a black hole), which
 * is how the connect-timeout test gets a SYN that is never answered.
 */
#ifndef RMQDR_TESTS_LWIP_HARNESS_H
#define RMQDR_TESTS_LWIP_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "rmqdr/status.h"

#define TNET_CLIENT_ADDR    "10.0.0.1"
#define TNET_SERVER_ADDR    "10.0.0.2"
#define TNET_BLACKHOLE_ADDR "10.0.0.3"
#define TNET_CLIENT_ADDR6   "fd00::1"
#define TNET_SERVER_ADDR6   "fd00::2"
#define TNET_RELAY_PORT     4443
#define TNET_CLOSED_PORT    9   /* nothing listens there */

/* Packets (and bytes) that crossed the wire, per direction, and drops. */
typedef struct {
    unsigned long to_server_pkts;
    unsigned long to_client_pkts;
    unsigned long to_server_bytes;
    unsigned long to_client_bytes;
    unsigned long dropped_pkts;
} tnet_counters_t;

/* Start lwIP (tcpip thread) and the two netifs. 0 on success. */
int tnet_start(void);
void tnet_counters(tnet_counters_t *out);

/* Relay: lwIP listener on TNET_SERVER_ADDR (and TNET_SERVER_ADDR6 when the
 * build has IPv6) : TNET_RELAY_PORT, bound to the server netif; each
 * accepted connection is piped to 127.0.0.1:<target> over a POSIX socket.
 * Connections are served one at a time, in order. A reset from the POSIX
 * side is passed on as an RST on the lwIP side. */
int relay_start(void);
void relay_stop(void);
/* Target for the next connection the relay accepts. */
void relay_set_target(uint16_t posix_port);
/* While paused the relay reads nothing from its lwIP side (send-timeout test). */
void relay_pause_upstream(bool pause);
/* Connections accepted so far / fully finished (both sides closed). */
unsigned relay_accepted(void);
unsigned relay_finished(void);
/* Wait until relay_finished() >= n, at most timeout_ms. true if reached. */
bool relay_wait_finished(unsigned n, uint32_t timeout_ms);

/* POSIX helper servers on 127.0.0.1 (ephemeral port returned, 0 on error). */
typedef enum {
    PSRV_ECHO,        /* echo everything until EOF, then close */
    PSRV_HELLO_CLOSE, /* send "hello\n", then an orderly close */
    PSRV_RESET        /* read 1 byte, send "partial", then close with RST */
} psrv_kind_t;
uint16_t psrv_start(psrv_kind_t kind);
void psrv_stop_all(void);

/* Monotonic milliseconds. */
uint64_t t_now_ms(void);
void t_sleep_ms(uint32_t ms);

/* Minimal test runner: a test function returns early on the first failed
 * CHECK; the last line printed by t_summary is "N passed, N failed". */
extern int t_failed_now;
void t_run(const char *name, void (*fn)(void));
int t_summary(void);

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            printf("    %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            t_failed_now = 1;                                                  \
            return;                                                            \
        }                                                                      \
    } while (0)

#define CHECK_ST(got, want)                                                    \
    do {                                                                       \
        rmqdr_status_t got_ = (got);                                           \
        rmqdr_status_t want_ = (want);                                         \
        if (got_ != want_) {                                                   \
            printf("    %s:%d: %s gave %s, expected %s\n", __FILE__, __LINE__, \
                   #got, rmqdr_status_name(got_), rmqdr_status_name(want_));  \
            t_failed_now = 1;                                                  \
            return;                                                            \
        }                                                                      \
    } while (0)

#endif /* RMQDR_TESTS_LWIP_HARNESS_H */
