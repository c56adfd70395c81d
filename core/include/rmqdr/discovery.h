/**
 * @file discovery.h
 * @brief What ListDisasterRecoveryPlans and ListDisasterRecoveryItems
 *        responses decode into: plans with their instances, items with
 *        their topics.
 *
 * Same conventions as checkpoint.h: every string is a fixed array holding
 * a NUL-terminated UTF-8 value, cut at a character boundary when longer
 * (its bit set in @c truncated); absent or JSON @c null fields leave their
 * bit clear in @c present and read as "" / 0 / false.
 *
 * Nested arrays are fixed arrays too: the first RMQDR_PLAN_MAX_INSTANCES
 * instances (RMQDR_ITEM_MAX_TOPICS topics) are stored, @c instance_count
 * says how many were stored, @c instance_total how many the response held,
 * and the array's bit is set in @c truncated when some were left out.
 *
 * Secrets: an external instance's @c username and @c password (see
 * ../shared/api/ListDisasterRecoveryPlans.txt, "Security note") are not
 * fields of ::rmqdr_plan_instance_t. The decoder treats them as unknown
 * keys: their values are validated as JSON and dropped, never copied into
 * the work area or any struct.
 *
 * Sources: ../shared/api/ListDisasterRecoveryPlans.txt and
 * ListDisasterRecoveryItems.txt (API 2022-08-01).
 */
#ifndef RMQDR_DISCOVERY_H
#define RMQDR_DISCOVERY_H

#include <stdbool.h>
#include <stdint.h>

#include "rmqdr/checkpoint.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @name Caps of nested arrays (overridable at build time) */
/** @{ */
#ifndef RMQDR_PLAN_MAX_INSTANCES
#define RMQDR_PLAN_MAX_INSTANCES 2U /**< Instances stored per plan (a plan pairs a source and a target). */
#endif
#ifndef RMQDR_ITEM_MAX_TOPICS
#define RMQDR_ITEM_MAX_TOPICS 2U    /**< Topics stored per item (a source and a target topic). */
#endif
/** @} */

/** @name Field array sizes (bytes, including the terminating NUL) */
/** @{ */
#define RMQDR_PLAN_NAME_SIZE      64U  /**< planName. */
#define RMQDR_PLAN_DESC_SIZE      128U /**< planDesc. */
#define RMQDR_STATE_TEXT_SIZE     32U  /**< planType, planStatus, itemStatus, instanceRole,
                                            networkType, authType, deliveryOrderType. */
#define RMQDR_TIME_TEXT_SIZE      32U  /**< createTime, updateTime as sent. */
#define RMQDR_ENDPOINT_URL_SIZE   128U /**< endpointUrl of an external instance. */
/** @} */

/**
 * @name Response schemas of ListDisasterRecoveryPlans and ListDisasterRecoveryItems
 *
 * One row per known key: X(member, "key", KIND, capacity, presence bit,
 * child). Each list generates three things: the struct members (below),
 * the presence bits (RMQDR_<OBJECT>_<FIELD>, one enum constant each) and
 * the decoder's table (json.c), so adding a field is this one line (kinds
 * and generators: checkpoint.h). `username` and `password` are deliberately absent: they are
 * credentials, and the decoder drops unknown keys.
 */
/** @{ */
/** One instance of a plan (data.list[].instances[]). */
#define RMQDR_INSTANCE_FIELDS(X)                                                                                  \
    X(instance_id,       "instanceId",      TEXT, RMQDR_INSTANCE_ID_SIZE,   RMQDR_INSTANCE_INSTANCE_ID,       NONE)          \
    X(instance_type,     "instanceType",    ENUM, RMQDR_INSTANCE_TYPE_SIZE, RMQDR_INSTANCE_INSTANCE_TYPE,     INSTANCE_TYPE) \
    X(instance_role,     "instanceRole",    TEXT, RMQDR_STATE_TEXT_SIZE,    RMQDR_INSTANCE_INSTANCE_ROLE,     NONE)          \
    X(region_id,         "regionId",        TEXT, RMQDR_REGION_ID_SIZE,     RMQDR_INSTANCE_REGION_ID,         NONE)          \
    X(network_type,      "networkType",     TEXT, RMQDR_STATE_TEXT_SIZE,    RMQDR_INSTANCE_NETWORK_TYPE,      NONE)          \
    X(endpoint_url,      "endpointUrl",     TEXT, RMQDR_ENDPOINT_URL_SIZE,  RMQDR_INSTANCE_ENDPOINT_URL,      NONE)          \
    X(consumer_group_id, "consumerGroupId", TEXT, RMQDR_GROUP_ID_SIZE,      RMQDR_INSTANCE_CONSUMER_GROUP_ID, NONE)          \
    X(auth_type,         "authType",        TEXT, RMQDR_STATE_TEXT_SIZE,    RMQDR_INSTANCE_AUTH_TYPE,         NONE)          \
    X(vpc_id,            "vpcId",           TEXT, RMQDR_INSTANCE_ID_SIZE,   RMQDR_INSTANCE_VPC_ID,            NONE)          \
    /* one row per field, each ending in a backslash */

/** One plan (data.list[] of ListDisasterRecoveryPlans). */
#define RMQDR_PLAN_FIELDS(X)                                                                                       \
    X(plan_id,                 "planId",                INT,   0,                        RMQDR_PLAN_PLAN_ID,                 NONE)     \
    X(plan_name,               "planName",              TEXT,  RMQDR_PLAN_NAME_SIZE,     RMQDR_PLAN_PLAN_NAME,               NONE)     \
    X(plan_desc,               "planDesc",              TEXT,  RMQDR_PLAN_DESC_SIZE,     RMQDR_PLAN_PLAN_DESC,               NONE)     \
    X(plan_type,               "planType",              TEXT,  RMQDR_STATE_TEXT_SIZE,    RMQDR_PLAN_PLAN_TYPE,               NONE)     \
    X(plan_status,             "planStatus",            TEXT,  RMQDR_STATE_TEXT_SIZE,    RMQDR_PLAN_PLAN_STATUS,             NONE)     \
    X(auto_sync_checkpoint,    "autoSyncCheckpoint",    BOOL,  0,                        RMQDR_PLAN_AUTO_SYNC_CHECKPOINT,    NONE)     \
    X(sync_checkpoint_enabled, "syncCheckpointEnabled", BOOL,  0,                        RMQDR_PLAN_SYNC_CHECKPOINT_ENABLED, NONE)     \
    X(create_time,             "createTime",            TEXT,  RMQDR_TIME_TEXT_SIZE,     RMQDR_PLAN_CREATE_TIME,             NONE)     \
    X(update_time,             "updateTime",            TEXT,  RMQDR_TIME_TEXT_SIZE,     RMQDR_PLAN_UPDATE_TIME,             NONE)     \
    X(instances,               "instances",             ARRAY, RMQDR_PLAN_MAX_INSTANCES, RMQDR_PLAN_INSTANCES,               INSTANCE) \
    /* one row per field, each ending in a backslash */

/** One topic of an item (data.list[].topics[]). */
#define RMQDR_TOPIC_FIELDS(X)                                                                                     \
    X(region_id,           "regionId",          TEXT, RMQDR_REGION_ID_SIZE,     RMQDR_TOPIC_REGION_ID,           NONE)          \
    X(instance_id,         "instanceId",        TEXT, RMQDR_INSTANCE_ID_SIZE,   RMQDR_TOPIC_INSTANCE_ID,         NONE)          \
    X(instance_type,       "instanceType",      ENUM, RMQDR_INSTANCE_TYPE_SIZE, RMQDR_TOPIC_INSTANCE_TYPE,       INSTANCE_TYPE) \
    X(topic_name,          "topicName",         TEXT, RMQDR_TOPIC_NAME_SIZE,    RMQDR_TOPIC_TOPIC_NAME,          NONE)          \
    X(consumer_group_id,   "consumerGroupId",   TEXT, RMQDR_GROUP_ID_SIZE,      RMQDR_TOPIC_CONSUMER_GROUP_ID,   NONE)          \
    X(delivery_order_type, "deliveryOrderType", TEXT, RMQDR_STATE_TEXT_SIZE,    RMQDR_TOPIC_DELIVERY_ORDER_TYPE, NONE)          \
    /* one row per field, each ending in a backslash */

/** One item (data.list[] of ListDisasterRecoveryItems). */
#define RMQDR_ITEM_FIELDS(X)                                                                        \
    X(item_id,     "itemId",     INT,   0,                     RMQDR_ITEM_ITEM_ID,     NONE)  \
    X(plan_id,     "planId",     INT,   0,                     RMQDR_ITEM_PLAN_ID,     NONE)  \
    X(item_status, "itemStatus", TEXT,  RMQDR_STATE_TEXT_SIZE, RMQDR_ITEM_ITEM_STATUS, NONE)  \
    X(create_time, "createTime", TEXT,  RMQDR_TIME_TEXT_SIZE,  RMQDR_ITEM_CREATE_TIME, NONE)  \
    X(update_time, "updateTime", TEXT,  RMQDR_TIME_TEXT_SIZE,  RMQDR_ITEM_UPDATE_TIME, NONE)  \
    X(topics,      "topics",     ARRAY, RMQDR_ITEM_MAX_TOPICS, RMQDR_ITEM_TOPICS,      TOPIC)  \
    /* one row per field, each ending in a backslash */
/** @} */

/** @name C types of the discovery children (members are generated as in checkpoint.h) */
/** @{ */
#define RMQDR_TYPE_INSTANCE      rmqdr_plan_instance_t /**< C type of an INSTANCE child. */
#define RMQDR_TYPE_TOPIC         rmqdr_item_topic_t    /**< C type of a TOPIC child. */
/** @} */

/** Bit numbers of the instance fields (internal). */
RMQDR_BIT_NUMBERS(RMQDR_INSTANCE_FIELDS, RMQDR_INSTANCE_FIELD_COUNT_)
/** Presence/truncation bits of rmqdr_plan_instance_t: RMQDR_INSTANCE_<FIELD>. */
enum { RMQDR_INSTANCE_FIELDS(RMQDR_BIT_VALUE) };

/** One participant of a plan. No credentials: see the file comment. */
typedef struct {
    RMQDR_INSTANCE_FIELDS(RMQDR_MEMBER)
    uint32_t present;   /**< RMQDR_INSTANCE_* bits of fields present and not null. */
    uint32_t truncated; /**< RMQDR_INSTANCE_* bits of strings cut to fit. */
} rmqdr_plan_instance_t;

/** Bit numbers of the plan fields (internal). */
RMQDR_BIT_NUMBERS(RMQDR_PLAN_FIELDS, RMQDR_PLAN_FIELD_COUNT_)
/** Presence/truncation bits of rmqdr_plan_t: RMQDR_PLAN_<FIELD>; RMQDR_PLAN_INSTANCES
 *  in truncated means more than RMQDR_PLAN_MAX_INSTANCES instances. */
enum { RMQDR_PLAN_FIELDS(RMQDR_BIT_VALUE) };

/** One element of a ListDisasterRecoveryPlans data.list (members from RMQDR_PLAN_FIELDS). */
typedef struct {
    RMQDR_PLAN_FIELDS(RMQDR_MEMBER)
    uint32_t present;   /**< RMQDR_PLAN_* bits of fields present and not null. */
    uint32_t truncated; /**< RMQDR_PLAN_* bits of strings cut, or instances left out. */
} rmqdr_plan_t;

/** Bit numbers of the topic fields (internal). */
RMQDR_BIT_NUMBERS(RMQDR_TOPIC_FIELDS, RMQDR_TOPIC_FIELD_COUNT_)
/** Presence/truncation bits of rmqdr_item_topic_t: RMQDR_TOPIC_<FIELD>. */
enum { RMQDR_TOPIC_FIELDS(RMQDR_BIT_VALUE) };

/** One topic of an item (members from RMQDR_TOPIC_FIELDS). */
typedef struct {
    RMQDR_TOPIC_FIELDS(RMQDR_MEMBER)
    uint32_t present;   /**< RMQDR_TOPIC_* bits of fields present and not null. */
    uint32_t truncated; /**< RMQDR_TOPIC_* bits of strings cut to fit. */
} rmqdr_item_topic_t;

/** Bit numbers of the item fields (internal). */
RMQDR_BIT_NUMBERS(RMQDR_ITEM_FIELDS, RMQDR_ITEM_FIELD_COUNT_)
/** Presence/truncation bits of rmqdr_item_t: RMQDR_ITEM_<FIELD>; RMQDR_ITEM_TOPICS in
 *  truncated means more than RMQDR_ITEM_MAX_TOPICS topics. */
enum { RMQDR_ITEM_FIELDS(RMQDR_BIT_VALUE) };

/** One element of a ListDisasterRecoveryItems data.list (members from RMQDR_ITEM_FIELDS). */
typedef struct {
    RMQDR_ITEM_FIELDS(RMQDR_MEMBER)
    uint32_t present;   /**< RMQDR_ITEM_* bits of fields present and not null. */
    uint32_t truncated; /**< RMQDR_ITEM_* bits of strings cut, or topics left out. */
} rmqdr_item_t;

_Static_assert(RMQDR_PLAN_FIELD_COUNT_ <= 31, "one presence bit per plan field");
_Static_assert(RMQDR_INSTANCE_FIELD_COUNT_ <= 31, "one presence bit per instance field");
_Static_assert(RMQDR_ITEM_FIELD_COUNT_ <= 31, "one presence bit per item field");
_Static_assert(RMQDR_TOPIC_FIELD_COUNT_ <= 31, "one presence bit per topic field");

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_DISCOVERY_H */
