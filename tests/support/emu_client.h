/**
 * @file emu_client.h
 * @brief Integration-test helpers for the local emulator (tools/emulator):
 *        its control plane, driven through tests/support/emuctl.py, and a
 *        client over real TLS wired from the environment that
 *        tests/support/emulator.sh sets up.
 *
 * Environment read: EMU_PORT (the emulator's TLS port on loopback), EMU_CA
 * (PEM file of the CA that signed its certificate), EMU_KEY_ID and
 * EMU_KEY_SECRET (the AccessKey pair it accepts). emuctl.py is run by a
 * path relative to the repository root, where tests/run.sh runs the suites.
 *
 * Failures are cmocka assertions, so these helpers belong inside a running
 * cmocka test (every C file in tests/support is linked into every test
 * binary; nothing here runs unless a test calls it).
 */
#ifndef RMQDR_TEST_EMU_CLIENT_H
#define RMQDR_TEST_EMU_CLIENT_H

#include <stddef.h>

#include "rmqdr/client.h"
#include "rmqdr/port_posix.h"
#include "rmqdr/tls_mbedtls.h"

/** Longest endpoint "host:port" the helper writes, with its NUL. */
#define EMU_ENDPOINT_MAX 64U

/** A client and everything under it: POSIX platform, TCP socket, TLS. */
typedef struct {
    rmqdr_platform_t platform;       /**< POSIX platform; a test may replace sleep_ms. */
    rmqdr_posix_socket_t sock;       /**< The TCP socket. */
    rmqdr_transport_t tcp;           /**< TCP transport over sock. */
    rmqdr_tls_t tls;                 /**< mbedTLS session over tcp. */
    rmqdr_transport_t tls_transport; /**< TLS transport the client uses. */
    rmqdr_client_t client;           /**< Set up by the test with rmqdr_client_init(). */
    char request_buf[RMQDR_REQUEST_MAX_SIZE]; /**< The client's request buffer. */
    char endpoint[EMU_ENDPOINT_MAX]; /**< "host:$EMU_PORT". */
} emu_client_t;

/**
 * Runs `python3 tests/support/emuctl.py METHOD PATH 'ARG'` and collects what
 * it prints.
 * @param method HTTP method of the control-plane call ("GET", "POST").
 * @param path   Control-plane path, e.g. "/_emu/faults".
 * @param arg    JSON request body, or a ".field" selector of the reply
 *               (emuctl then prints that field only); no single quote.
 * @param out    Receives up to @p cap - 1 bytes of emuctl's output, NUL
 *               terminated; the rest is read and dropped.
 * @param cap    Bytes at @p out, at least 1.
 * @return pclose()'s status of emuctl: 0 when the call succeeded.
 */
int emuctl(const char *method, const char *path, const char *arg, char *out, size_t cap);

/**
 * POSTs @p body to @p path of the control plane; asserts emuctl exits 0.
 * @param path Control-plane path, e.g. "/_emu/reset".
 * @param body JSON request body (no single quote).
 */
void emuctl_post(const char *path, const char *body);

/**
 * One counter of /_emu/stats; asserts emuctl exits 0.
 * @param name Field of the stats object, e.g. "requests".
 * @return Its value (0 when it does not parse as a number).
 */
long emuctl_stat(const char *name);

/**
 * Starts wiring a client to the emulator: zeroes @p ec, sets up the POSIX
 * platform, a TLS transport over TCP that trusts $EMU_CA (asserting
 * rmqdr_tls_init() succeeds), and the endpoint "@p host:$EMU_PORT"; then
 * zeroes @p cfg and fills its AccessKey pair ($EMU_KEY_ID, $EMU_KEY_SECRET),
 * endpoint, transport (TLS), platform and request buffer. Every other
 * field stays zero (the client's defaults); the test sets what it needs
 * and calls rmqdr_client_init(&ec->client, cfg).
 * @param ec   Fixture to fill; must not move until emu_client_close().
 * @param host Host part of the endpoint, e.g. "localhost".
 * @param cfg  Configuration to fill.
 */
void emu_client_prepare(emu_client_t *ec, const char *host, rmqdr_client_config_t *cfg);

/**
 * Closes the client's connection and frees the TLS session.
 * @param ec Fixture set up by emu_client_prepare() and rmqdr_client_init().
 */
void emu_client_close(emu_client_t *ec);

/**
 * Open file descriptors of this process (entries of /proc/self/fd, which
 * count the directory's own descriptor while it is read): compare two
 * readings to find a leak.
 * @return The count.
 */
size_t emu_open_fds(void);

#endif
