/**
 * @file app_config.h
 * @brief What the example firmware asks for, and its memory knobs.
 *
 * Every value can be overridden on the make command line, e.g.
 *   make BOARD=cortex-m4 APP_DEFS='-DRMQDR_APP_PLAN_ID="\"1234\""'
 * Credentials never belong in the repository: a product reads them from
 * protected storage (or better, obtains STS tokens) at run time; these
 * macros only make the example self-contained. With the empty defaults the
 * client refuses to start (RMQDR_ERR_MISSING_CREDENTIALS).
 */
#ifndef RMQDR_APP_CONFIG_H
#define RMQDR_APP_CONFIG_H

#ifndef RMQDR_APP_ACCESS_KEY_ID
#define RMQDR_APP_ACCESS_KEY_ID ""
#endif
#ifndef RMQDR_APP_ACCESS_KEY_SECRET
#define RMQDR_APP_ACCESS_KEY_SECRET ""
#endif
#ifndef RMQDR_APP_REGION_ID
#define RMQDR_APP_REGION_ID "cn-hangzhou"
#endif
#ifndef RMQDR_APP_PLAN_ID
#define RMQDR_APP_PLAN_ID "1"
#endif
#ifndef RMQDR_APP_ITEM_ID
#define RMQDR_APP_ITEM_ID "1"
#endif
#ifndef RMQDR_APP_INSTANCE_ID
#define RMQDR_APP_INSTANCE_ID "rmq-cn-example"
#endif
#ifndef RMQDR_APP_PAGE_SIZE
#define RMQDR_APP_PAGE_SIZE 50
#endif
#ifndef RMQDR_APP_NTP_SERVER
#define RMQDR_APP_NTP_SERVER "pool.ntp.org"
#endif

/** Network timeouts (ms). */
#ifndef RMQDR_APP_TIMEOUT_MS
#define RMQDR_APP_TIMEOUT_MS 15000U
#endif
#ifndef RMQDR_APP_DHCP_TIMEOUT_MS
#define RMQDR_APP_DHCP_TIMEOUT_MS 30000U
#endif
#ifndef RMQDR_APP_SNTP_TIMEOUT_MS
#define RMQDR_APP_SNTP_TIMEOUT_MS 30000U
#endif
/** Time between two listings (ms). */
#ifndef RMQDR_APP_PERIOD_MS
#define RMQDR_APP_PERIOD_MS 60000U
#endif

/**
 * mbedTLS arena (bytes): holds the parsed trusted roots for the whole run
 * and, during a connection, the record buffers and the handshake state.
 * See docs/PERFORMANCE.md for the measured peak it must exceed.
 */
#ifndef RMQDR_APP_TLS_ARENA_SIZE
#define RMQDR_APP_TLS_ARENA_SIZE (48U * 1024U)
#endif

#endif /* RMQDR_APP_CONFIG_H */
