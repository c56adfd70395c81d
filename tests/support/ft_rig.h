/**
 * @file ft_rig.h
 * @brief Test helpers: a client wired to the fault-injecting transport and
 *        fake platform of fault_transport.h (the "rig" of the unit tests).
 *
 * The test owns every struct (they must not move while the client lives);
 * these helpers only connect them, so each test keeps its own fixture.
 */
#ifndef RMQDR_TEST_FT_RIG_H
#define RMQDR_TEST_FT_RIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fault_transport.h"
#include "rmqdr/client.h"

/** Region every rig signs for (its endpoint is the region's default). */
#define FT_RIG_REGION "cn-hangzhou"

/**
 * @brief A fresh fake platform and an empty script on its clock.
 *
 * ft_platform_init(@p fp, @p p), ft_init(@p ft, &@p fp->now_ms) and
 * ft_transport(@p t, @p ft).
 * @param fp The fake platform's state (clock at FT_EPOCH_MS).
 * @param p  Platform hooks to fill.
 * @param ft The double's state (no connection scripted).
 * @param t  Transport hooks to fill (ctx @p ft).
 */
void ft_rig_wire(ft_platform_t *fp, rmqdr_platform_t *p, ft_transport_t *ft, rmqdr_transport_t *t);

/**
 * @brief A client configuration over the double.
 *
 * rmqdr_client_config_defaults(@p cfg), then region FT_RIG_REGION, @p t
 * taken as a TLS transport, platform @p p and request buffer @p buf. Keys,
 * credentials, timeouts, retries and observers are left to the test.
 * @param cfg  Configuration to fill.
 * @param t    Transport (usually wired by ft_rig_wire()).
 * @param p    Platform (usually wired by ft_rig_wire()).
 * @param buf  Request buffer, at least RMQDR_REQUEST_MAX_SIZE bytes to fit every request.
 * @param size Bytes at @p buf.
 */
void ft_rig_config(rmqdr_client_config_t *cfg, const rmqdr_transport_t *t, const rmqdr_platform_t *p,
                   char *buf, size_t size);

/** The fixture the rig tests share: a client over the double. Tests embed
 *  it as `base` and keep their own members next to it. */
typedef struct {
    ft_platform_t fp;           /**< Fake platform (clock at FT_EPOCH_MS). */
    rmqdr_platform_t platform;  /**< Its hooks. */
    ft_transport_t ft;          /**< The fault-injecting double. */
    rmqdr_transport_t transport;/**< Its hooks. */
    rmqdr_client_config_t cfg;  /**< Filled by ft_rig_init(); the test adds keys, timeouts, observers. */
    rmqdr_client_t client;      /**< Initialised by the test once cfg is complete. */
    char request_buf[RMQDR_REQUEST_MAX_SIZE]; /**< The client's request buffer. */
} ft_rig_t;

/**
 * @brief ft_rig_wire() and ft_rig_config() on the members of @p r.
 * @param r Fixture to wire; the client is left for the test to initialise.
 */
void ft_rig_init(ft_rig_t *r);

/**
 * @brief The request the unit tests' canned pages answer: one page of 10
 *        checkpoints of plan 1300000016, item 100070284, instance rmq-cn-src.
 * @return The request (strings are literals).
 */
rmqdr_request_t ft_rig_page_request(void);

/**
 * @brief Whether the bytes the caller sent through @p ft (all connections,
 *        up to FT_SENT_MAX) hold @p text.
 * @param ft   The double.
 * @param text NUL-terminated text to look for.
 * @return true when found.
 */
bool ft_sent_contains(const ft_transport_t *ft, const char *text);

/** Checkpoint ids an ::ft_seen_t keeps (later ones are only counted). */
#define FT_SEEN_IDS 32U

/** What a callback sink delivered: how many checkpoints, and their ids in order. */
typedef struct {
    uint32_t calls;            /**< Checkpoints delivered. */
    int64_t ids[FT_SEEN_IDS];  /**< checkpointId of the first FT_SEEN_IDS of them. */
} ft_seen_t;

/**
 * @brief A ::rmqdr_json_checkpoint_fn that counts and records what it is given.
 * @param ctx The ::ft_seen_t to fill.
 * @param cp  The checkpoint delivered.
 * @return RMQDR_OK, always.
 */
rmqdr_status_t ft_seen_record(void *ctx, const rmqdr_checkpoint_t *cp);

#endif /* RMQDR_TEST_FT_RIG_H */
