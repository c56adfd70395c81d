/**
 * @file fault_transport.h
 * @brief Test double: a scripted ::rmqdr_transport_t that replays canned
 *        responses with chosen faults, and a fake platform with a pinned,
 *        simulated clock.
 *
 * A script is a list of connections, consumed one per connect() (the last
 * one is repeated for any further connect). Each connection answers its
 * requests in order with canned responses; a response may end early with a
 * fault after a chosen number of bytes: RMQDR_ERR_RESET, RMQDR_ERR_CLOSED
 * (peer closed), RMQDR_ERR_TIMEOUT (peer went silent), or any other status.
 * The send side can accept at most a few bytes per call (short writes) and
 * fail after a chosen number of request bytes; connect itself can fail.
 *
 * Time is simulated: a call that "blocks" until its timeout (every
 * RMQDR_ERR_TIMEOUT result) advances the fake clock by the timeout it was
 * given, and the fake sleep advances it by the sleep, so a test can assert
 * how long a call would have taken on a device without waiting for it.
 *
 * The double also watches the caller: send/recv without a connection,
 * connects on top of an open connection, the largest timeout asked for,
 * and how many calls were made, so a test can assert there is no leak,
 * no misuse and no spinning; a caller that keeps calling past FT_MAX_CALLS
 * aborts the program with a message rather than hanging the suite.
 *
 * Self-contained (core headers only) because every C file in tests/support is linked
 * into every test binary.
 */
#ifndef RMQDR_TEST_FAULT_TRANSPORT_H
#define RMQDR_TEST_FAULT_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/port.h"
#include "rmqdr/status.h"
#include "rmqdr/transport.h"

#define FT_MAX_CONNS 16U     /**< Connections in one script. */
#define FT_MAX_RESPONSES 4U  /**< Responses on one connection. */
#define FT_SENT_MAX 16384U   /**< Bytes of requests recorded (all connections). */
#define FT_NO_CUT SIZE_MAX   /**< A response delivered whole. */
/** Calls on one script after which the caller is taken to be spinning:
 *  the double aborts the test program instead of letting it hang. */
#define FT_MAX_CALLS 1000000U

/** One canned response and where it breaks off. */
typedef struct {
    const uint8_t *data;  /**< Response bytes (caller's; must outlive the run). */
    size_t len;           /**< Bytes at data. */
    size_t cut;           /**< Deliver this many bytes, then @ref fault; at or past len: none. */
    rmqdr_status_t fault; /**< Returned from the cut on, by every later recv too. */
} ft_response_t;

/** What one connection does. */
typedef struct {
    rmqdr_status_t connect_status;  /**< RMQDR_OK or what connect() returns. */
    ft_response_t responses[FT_MAX_RESPONSES]; /**< One per request, in order. */
    size_t n_responses;             /**< Used entries of responses. */
    bool raw;                       /**< Serve responses without waiting for an HTTP request
                                         (for the TLS layer as caller: its bytes are records). */
    rmqdr_status_t idle;            /**< recv with no response due: default RMQDR_ERR_CLOSED. */
    size_t send_cut;                /**< Request bytes accepted before @ref send_fault. */
    rmqdr_status_t send_fault;      /**< RMQDR_OK: the send side never fails. */
} ft_conn_t;

/** The scripted transport: script, shaping, observations, cursor. */
typedef struct {
    /* --- script (set by the test) --- */
    ft_conn_t conns[FT_MAX_CONNS]; /**< Use ft_add_conn(). */
    size_t n_conns;                /**< Connections scripted. */
    const size_t *recv_sizes;      /**< Most bytes per recv, cycled (NULL: as asked). */
    size_t n_recv_sizes;           /**< Entries at recv_sizes. */
    size_t send_max;               /**< Most bytes accepted per send (0: as asked). */
    int64_t *clock;                /**< Advanced by timeout_ms on every timeout (may be NULL). */
    uint32_t drip_ms;              /**< 0: off. Else each recv hands out at most one byte and
                                        first advances the clock by drip_ms (a server dripping
                                        its answer); a timeout shorter than drip_ms times out. */
    int32_t os_error;              /**< What the last_error hook reports as errno. */
    int32_t tls_error;             /**< What the last_error hook reports as mbedTLS code. */
    /** Called at every connect with its 1-based number, before it resolves
     *  (e.g. to make a platform hook fail from then on); may be NULL. */
    void (*on_connect)(void *arg, uint32_t n);
    void *on_connect_arg;          /**< Passed to on_connect. */

    /* --- observations --- */
    uint32_t connects;        /**< connect() calls. */
    uint32_t closes;          /**< close() calls that closed an open connection. */
    uint32_t sends;           /**< send() calls. */
    uint32_t recvs;           /**< recv() calls. */
    uint32_t misuse;          /**< send/recv while closed, connect while open, bad arguments. */
    uint32_t max_timeout_ms;  /**< Largest timeout any call was given. */
    uint32_t last_error_calls;/**< Calls of the last_error hook. */
    uint32_t requests;        /**< HTTP requests completed ("\r\n\r\n" seen), all connections. */
    size_t delivered;         /**< Response bytes handed out, all connections. */
    size_t sent_len;          /**< Bytes in sent (capped at FT_SENT_MAX). */
    uint8_t sent[FT_SENT_MAX];/**< Every byte the caller sent, all connections. */
    bool connected;           /**< A connection is open. */

    /* --- cursor (private) --- */
    size_t conn_index;        /**< Script entry of the current/last connection. */
    size_t resp_index;        /**< Response being served on the connection. */
    size_t resp_pos;          /**< Bytes of it delivered. */
    uint32_t conn_requests;   /**< Requests completed on this connection. */
    size_t conn_sent;         /**< Bytes sent on this connection. */
    uint32_t tail;            /**< Last four bytes sent, to spot "\r\n\r\n". */
    size_t recv_turn;         /**< Position in recv_sizes. */
    rmqdr_status_t broken;    /**< Fault already raised on this connection. */
} ft_transport_t;

/** @brief Empty script, zero observations. */
void ft_init(ft_transport_t *ft, int64_t *clock);

/** @brief Fill @p t with the double's functions; ctx is @p ft. */
void ft_transport(rmqdr_transport_t *t, ft_transport_t *ft);

/**
 * @brief Append a connection to the script.
 * @return The entry to fill further (responses, send faults), never NULL:
 *         a script longer than FT_MAX_CONNS aborts the test program.
 */
ft_conn_t *ft_add_conn(ft_transport_t *ft, rmqdr_status_t connect_status);

/** @brief Append a response to @p c, cut at @p cut with @p fault (FT_NO_CUT: whole). */
void ft_add_response(ft_conn_t *c, const uint8_t *data, size_t len, size_t cut,
                     rmqdr_status_t fault);

/** @brief Forget the cursor and observations, keep the script (a rerun). */
void ft_rewind(ft_transport_t *ft);

/** A fake platform: pinned clock, reproducible randomness, counted sleeps. */
typedef struct {
    int64_t now_ms;        /**< The simulated clock (Unix ms). */
    uint64_t rng;          /**< xorshift64 state; same seed, same bytes. */
    uint32_t sleeps;       /**< sleep_ms calls. */
    uint64_t slept_ms;     /**< Their total. */
    bool clock_fails;      /**< now_ms returns RMQDR_ERR_PORT_TIME. */
    bool random_fails;     /**< random returns RMQDR_ERR_PORT_RANDOM. */
} ft_platform_t;

/** 2026-01-01T00:00:00Z, the pinned start of every fake clock. */
#define FT_EPOCH_MS INT64_C(1767225600000)

/** @brief Clock at FT_EPOCH_MS, fixed seed; fill @p p with its hooks. */
void ft_platform_init(ft_platform_t *fp, rmqdr_platform_t *p);

#endif /* RMQDR_TEST_FAULT_TRANSPORT_H */
