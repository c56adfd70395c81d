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

/** @name Bits of rmqdr_plan_instance_t::present and ::truncated */
/** @{ */
#define RMQDR_INSTANCE_INSTANCE_ID       (1UL << 0)
#define RMQDR_INSTANCE_INSTANCE_TYPE     (1UL << 1)
#define RMQDR_INSTANCE_INSTANCE_ROLE     (1UL << 2)
#define RMQDR_INSTANCE_REGION_ID         (1UL << 3)
#define RMQDR_INSTANCE_NETWORK_TYPE      (1UL << 4)
#define RMQDR_INSTANCE_ENDPOINT_URL      (1UL << 5)
#define RMQDR_INSTANCE_CONSUMER_GROUP_ID (1UL << 6)
#define RMQDR_INSTANCE_AUTH_TYPE         (1UL << 7)
/** @} */

/** One participant of a plan (data.list[].instances[]). No credentials. */
typedef struct {
    char instance_id[RMQDR_INSTANCE_ID_SIZE];          /**< instanceId. */
    rmqdr_instance_type_t instance_type;               /**< instanceType, mapped. */
    char instance_type_text[RMQDR_INSTANCE_TYPE_SIZE]; /**< instanceType as sent. */
    char instance_role[RMQDR_STATE_TEXT_SIZE];         /**< instanceRole, e.g. ACTIVE / PASSIVE. */
    char region_id[RMQDR_REGION_ID_SIZE];              /**< regionId. */
    char network_type[RMQDR_STATE_TEXT_SIZE];          /**< networkType, e.g. TCP_VPC. */
    char endpoint_url[RMQDR_ENDPOINT_URL_SIZE];        /**< endpointUrl (external instances). */
    char consumer_group_id[RMQDR_GROUP_ID_SIZE];       /**< consumerGroupId. */
    char auth_type[RMQDR_STATE_TEXT_SIZE];             /**< authType, e.g. NO_AUTH, ACL. */
    uint32_t present;   /**< RMQDR_INSTANCE_* bits of fields present and not null. */
    uint32_t truncated; /**< RMQDR_INSTANCE_* bits of strings cut to fit. */
} rmqdr_plan_instance_t;

/** @name Bits of rmqdr_plan_t::present and ::truncated */
/** @{ */
#define RMQDR_PLAN_PLAN_ID                 (1UL << 0)
#define RMQDR_PLAN_PLAN_NAME               (1UL << 1)
#define RMQDR_PLAN_PLAN_DESC               (1UL << 2)
#define RMQDR_PLAN_PLAN_TYPE               (1UL << 3)
#define RMQDR_PLAN_PLAN_STATUS             (1UL << 4)
#define RMQDR_PLAN_AUTO_SYNC_CHECKPOINT    (1UL << 5)
#define RMQDR_PLAN_SYNC_CHECKPOINT_ENABLED (1UL << 6)
#define RMQDR_PLAN_CREATE_TIME             (1UL << 7)
#define RMQDR_PLAN_UPDATE_TIME             (1UL << 8)
#define RMQDR_PLAN_INSTANCES               (1UL << 9) /**< truncated: more than RMQDR_PLAN_MAX_INSTANCES. */
/** @} */

/** One element of a ListDisasterRecoveryPlans data.list. */
typedef struct {
    int64_t plan_id;                         /**< planId. */
    char plan_name[RMQDR_PLAN_NAME_SIZE];    /**< planName. */
    char plan_desc[RMQDR_PLAN_DESC_SIZE];    /**< planDesc. */
    char plan_type[RMQDR_STATE_TEXT_SIZE];   /**< planType: ACTIVE_PASSIVE or ACTIVE_ACTIVE. */
    char plan_status[RMQDR_STATE_TEXT_SIZE]; /**< planStatus: CREATED, RUNNING, DELETED. */
    bool auto_sync_checkpoint;               /**< autoSyncCheckpoint. */
    bool sync_checkpoint_enabled;            /**< syncCheckpointEnabled. */
    char create_time[RMQDR_TIME_TEXT_SIZE];  /**< createTime as sent. */
    char update_time[RMQDR_TIME_TEXT_SIZE];  /**< updateTime as sent. */
    rmqdr_plan_instance_t instances[RMQDR_PLAN_MAX_INSTANCES]; /**< The first instances. */
    uint32_t instances_count;  /**< Instances stored (at most RMQDR_PLAN_MAX_INSTANCES). */
    uint32_t instances_total;  /**< Instances in the response (may exceed the count). */
    uint32_t present;          /**< RMQDR_PLAN_* bits of fields present and not null. */
    uint32_t truncated;        /**< RMQDR_PLAN_* bits of strings cut, or instances left out. */
} rmqdr_plan_t;

/** @name Bits of rmqdr_item_topic_t::present and ::truncated */
/** @{ */
#define RMQDR_TOPIC_REGION_ID           (1UL << 0)
#define RMQDR_TOPIC_INSTANCE_ID         (1UL << 1)
#define RMQDR_TOPIC_INSTANCE_TYPE       (1UL << 2)
#define RMQDR_TOPIC_TOPIC_NAME          (1UL << 3)
#define RMQDR_TOPIC_CONSUMER_GROUP_ID   (1UL << 4)
#define RMQDR_TOPIC_DELIVERY_ORDER_TYPE (1UL << 5)
/** @} */

/** One topic of an item (data.list[].topics[]). */
typedef struct {
    char region_id[RMQDR_REGION_ID_SIZE];              /**< regionId. */
    char instance_id[RMQDR_INSTANCE_ID_SIZE];          /**< instanceId. */
    rmqdr_instance_type_t instance_type;               /**< instanceType, mapped. */
    char instance_type_text[RMQDR_INSTANCE_TYPE_SIZE]; /**< instanceType as sent. */
    char topic_name[RMQDR_TOPIC_NAME_SIZE];            /**< topicName. */
    char consumer_group_id[RMQDR_GROUP_ID_SIZE];       /**< consumerGroupId (deprecated by the API). */
    char delivery_order_type[RMQDR_STATE_TEXT_SIZE];   /**< deliveryOrderType: Concurrently, Orderly. */
    uint32_t present;   /**< RMQDR_TOPIC_* bits of fields present and not null. */
    uint32_t truncated; /**< RMQDR_TOPIC_* bits of strings cut to fit. */
} rmqdr_item_topic_t;

/** @name Bits of rmqdr_item_t::present and ::truncated */
/** @{ */
#define RMQDR_ITEM_ITEM_ID     (1UL << 0)
#define RMQDR_ITEM_PLAN_ID     (1UL << 1)
#define RMQDR_ITEM_ITEM_STATUS (1UL << 2)
#define RMQDR_ITEM_CREATE_TIME (1UL << 3)
#define RMQDR_ITEM_UPDATE_TIME (1UL << 4)
#define RMQDR_ITEM_TOPICS      (1UL << 5) /**< truncated: more than RMQDR_ITEM_MAX_TOPICS. */
/** @} */

/** One element of a ListDisasterRecoveryItems data.list. */
typedef struct {
    int64_t item_id;                         /**< itemId. */
    int64_t plan_id;                         /**< planId. */
    char item_status[RMQDR_STATE_TEXT_SIZE]; /**< itemStatus: CREATING, CHANGING, RUNNING,
                                                  MANUAL_STOPPED, OVERDUE_STOPPED. */
    char create_time[RMQDR_TIME_TEXT_SIZE];  /**< createTime as sent. */
    char update_time[RMQDR_TIME_TEXT_SIZE];  /**< updateTime as sent. */
    rmqdr_item_topic_t topics[RMQDR_ITEM_MAX_TOPICS]; /**< The first topics. */
    uint32_t topics_count;  /**< Topics stored (at most RMQDR_ITEM_MAX_TOPICS). */
    uint32_t topics_total;  /**< Topics in the response (may exceed the count). */
    uint32_t present;       /**< RMQDR_ITEM_* bits of fields present and not null. */
    uint32_t truncated;     /**< RMQDR_ITEM_* bits of strings cut, or topics left out. */
} rmqdr_item_t;

/**
 * @name Response schemas of ListDisasterRecoveryPlans and ListDisasterRecoveryItems
 * Same row format as checkpoint.h. `username` and `password` are
 * deliberately absent: they are credentials, and the decoder drops unknown keys.
 */
/** @{ */
/** One plan. */
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
    X(instances,               "instances",             ARRAY, RMQDR_PLAN_MAX_INSTANCES, RMQDR_PLAN_INSTANCES,               INSTANCE)

/** One instance of a plan. */
#define RMQDR_INSTANCE_FIELDS(X)                                                                                  \
    X(instance_id,       "instanceId",      TEXT, RMQDR_INSTANCE_ID_SIZE,   RMQDR_INSTANCE_INSTANCE_ID,       NONE)          \
    X(instance_type,     "instanceType",    ENUM, RMQDR_INSTANCE_TYPE_SIZE, RMQDR_INSTANCE_INSTANCE_TYPE,     INSTANCE_TYPE) \
    X(instance_role,     "instanceRole",    TEXT, RMQDR_STATE_TEXT_SIZE,    RMQDR_INSTANCE_INSTANCE_ROLE,     NONE)          \
    X(region_id,         "regionId",        TEXT, RMQDR_REGION_ID_SIZE,     RMQDR_INSTANCE_REGION_ID,         NONE)          \
    X(network_type,      "networkType",     TEXT, RMQDR_STATE_TEXT_SIZE,    RMQDR_INSTANCE_NETWORK_TYPE,      NONE)          \
    X(endpoint_url,      "endpointUrl",     TEXT, RMQDR_ENDPOINT_URL_SIZE,  RMQDR_INSTANCE_ENDPOINT_URL,      NONE)          \
    X(consumer_group_id, "consumerGroupId", TEXT, RMQDR_GROUP_ID_SIZE,      RMQDR_INSTANCE_CONSUMER_GROUP_ID, NONE)          \
    X(auth_type,         "authType",        TEXT, RMQDR_STATE_TEXT_SIZE,    RMQDR_INSTANCE_AUTH_TYPE,         NONE)

/** One item. */
#define RMQDR_ITEM_FIELDS(X)                                                                        \
    X(item_id,     "itemId",     INT,   0,                     RMQDR_ITEM_ITEM_ID,     NONE)  \
    X(plan_id,     "planId",     INT,   0,                     RMQDR_ITEM_PLAN_ID,     NONE)  \
    X(item_status, "itemStatus", TEXT,  RMQDR_STATE_TEXT_SIZE, RMQDR_ITEM_ITEM_STATUS, NONE)  \
    X(create_time, "createTime", TEXT,  RMQDR_TIME_TEXT_SIZE,  RMQDR_ITEM_CREATE_TIME, NONE)  \
    X(update_time, "updateTime", TEXT,  RMQDR_TIME_TEXT_SIZE,  RMQDR_ITEM_UPDATE_TIME, NONE)  \
    X(topics,      "topics",     ARRAY, RMQDR_ITEM_MAX_TOPICS, RMQDR_ITEM_TOPICS,      TOPIC)

/** One topic of an item. */
#define RMQDR_TOPIC_FIELDS(X)                                                                                     \
    X(region_id,           "regionId",          TEXT, RMQDR_REGION_ID_SIZE,     RMQDR_TOPIC_REGION_ID,           NONE)          \
    X(instance_id,         "instanceId",        TEXT, RMQDR_INSTANCE_ID_SIZE,   RMQDR_TOPIC_INSTANCE_ID,         NONE)          \
    X(instance_type,       "instanceType",      ENUM, RMQDR_INSTANCE_TYPE_SIZE, RMQDR_TOPIC_INSTANCE_TYPE,       INSTANCE_TYPE) \
    X(topic_name,          "topicName",         TEXT, RMQDR_TOPIC_NAME_SIZE,    RMQDR_TOPIC_TOPIC_NAME,          NONE)          \
    X(consumer_group_id,   "consumerGroupId",   TEXT, RMQDR_GROUP_ID_SIZE,      RMQDR_TOPIC_CONSUMER_GROUP_ID,   NONE)          \
    X(delivery_order_type, "deliveryOrderType", TEXT, RMQDR_STATE_TEXT_SIZE,    RMQDR_TOPIC_DELIVERY_ORDER_TYPE, NONE)
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_DISCOVERY_H */
