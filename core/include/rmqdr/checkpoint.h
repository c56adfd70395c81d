/**
 * @file checkpoint.h
 * @brief What a ListDisasterRecoveryCheckpoints response decodes into.
 *
 * Every string is a fixed array holding a NUL-terminated UTF-8 value. A value
 * longer than its array is cut at a UTF-8 character boundary and its bit is
 * set in the struct's @c truncated mask; a field that was absent or JSON
 * @c null leaves its bit clear in @c present and reads as "" or 0.
 */
#ifndef RMQDR_CHECKPOINT_H
#define RMQDR_CHECKPOINT_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @name Field array sizes (bytes, including the terminating NUL) */
/** @{ */
#define RMQDR_REGION_ID_SIZE      32U  /**< regionId, e.g. "cn-hangzhou". */
#define RMQDR_INSTANCE_ID_SIZE    64U  /**< instanceId, e.g. "rmq-cn-7e22ody****". */
#define RMQDR_INSTANCE_TYPE_SIZE  32U  /**< instanceType as sent. */
#define RMQDR_GROUP_ID_SIZE       128U /**< consumerGroupId (RocketMQ allows 127 chars). */
#define RMQDR_TOPIC_NAME_SIZE     128U /**< topicName (RocketMQ allows 127 chars). */
#define RMQDR_REQUEST_ID_SIZE     64U  /**< requestId / RequestId. */
#define RMQDR_CODE_SIZE           64U  /**< code / Code / dynamicCode. */
#define RMQDR_MESSAGE_SIZE        256U /**< message / Message / dynamicMessage. */
#define RMQDR_HOST_ID_SIZE        128U /**< HostId of gateway errors. */
#define RMQDR_RECOMMEND_SIZE      256U /**< Recommend (diagnosis URL) of gateway errors. */
/** @} */

/** instanceType, with unknown values kept rather than rejected. */
typedef enum {
    RMQDR_INSTANCE_TYPE_NONE = 0,          /**< Absent or null. */
    RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ,   /**< "ALIYUN_ROCKETMQ": Alibaba Cloud instance. */
    RMQDR_INSTANCE_TYPE_EXTERNAL_ROCKETMQ, /**< "EXTERNAL_ROCKETMQ": external or open-source. */
    RMQDR_INSTANCE_TYPE_UNKNOWN            /**< Any other string; the text is in instance_type_text. */
} rmqdr_instance_type_t;

/** @name Bits of rmqdr_progress_t::present and ::truncated */
/** @{ */
#define RMQDR_PROGRESS_REGION_ID          (1UL << 0)
#define RMQDR_PROGRESS_INSTANCE_ID        (1UL << 1)
#define RMQDR_PROGRESS_INSTANCE_TYPE      (1UL << 2)
#define RMQDR_PROGRESS_CONSUMER_GROUP_ID  (1UL << 3)
#define RMQDR_PROGRESS_TOPIC_NAME         (1UL << 4)
#define RMQDR_PROGRESS_LAST_FETCH_TIME    (1UL << 5)
#define RMQDR_PROGRESS_CONSUME_TIMESTAMP  (1UL << 6)
#define RMQDR_PROGRESS_PROGRESS_DATA      (1UL << 7) /**< progressData: duplicate-key bit only, never set
                                                          (its consumeTimestamp has its own bit). */
/** @} */

/** sourceProgress or targetProgress of one checkpoint. */
typedef struct {
    char region_id[RMQDR_REGION_ID_SIZE];             /**< regionId. */
    char instance_id[RMQDR_INSTANCE_ID_SIZE];         /**< instanceId. */
    rmqdr_instance_type_t instance_type;              /**< instanceType, mapped. */
    char instance_type_text[RMQDR_INSTANCE_TYPE_SIZE];/**< instanceType as sent. */
    char consumer_group_id[RMQDR_GROUP_ID_SIZE];      /**< consumerGroupId. */
    char topic_name[RMQDR_TOPIC_NAME_SIZE];           /**< topicName. */
    int64_t last_fetch_time;                          /**< lastFetchTime, Unix ms. */
    int64_t consume_timestamp;                        /**< progressData.consumeTimestamp, Unix ms. */
    uint32_t present;   /**< RMQDR_PROGRESS_* bits of fields that were present and not null. */
    uint32_t truncated; /**< RMQDR_PROGRESS_* bits of strings cut to fit. */
} rmqdr_progress_t;

/** @name Bits of rmqdr_checkpoint_t::present */
/** @{ */
#define RMQDR_CHECKPOINT_PLAN_ID          (1UL << 0)
#define RMQDR_CHECKPOINT_ITEM_ID          (1UL << 1)
#define RMQDR_CHECKPOINT_CHECKPOINT_ID    (1UL << 2)
#define RMQDR_CHECKPOINT_LAST_SYNC_TIME   (1UL << 3)
#define RMQDR_CHECKPOINT_SOURCE_PROGRESS  (1UL << 4)
#define RMQDR_CHECKPOINT_TARGET_PROGRESS  (1UL << 5)
/** @} */

/** One element of data.list. */
typedef struct {
    int64_t plan_id;          /**< planId. */
    int64_t item_id;          /**< itemId. */
    int64_t checkpoint_id;    /**< checkpointId. */
    int64_t last_sync_time;   /**< lastSyncTime, Unix ms. */
    rmqdr_progress_t source;  /**< sourceProgress. */
    rmqdr_progress_t target;  /**< targetProgress. */
    uint32_t present;         /**< RMQDR_CHECKPOINT_* bits of fields present and not null. */
} rmqdr_checkpoint_t;

/** @name Bits of rmqdr_envelope_t::present and ::truncated */
/** @{ */
#define RMQDR_ENVELOPE_REQUEST_ID        (1UL << 0)
#define RMQDR_ENVELOPE_SUCCESS           (1UL << 1)
#define RMQDR_ENVELOPE_CODE              (1UL << 2)
#define RMQDR_ENVELOPE_MESSAGE           (1UL << 3)
#define RMQDR_ENVELOPE_HTTP_STATUS_CODE  (1UL << 4)
#define RMQDR_ENVELOPE_DYNAMIC_CODE      (1UL << 5)
#define RMQDR_ENVELOPE_DYNAMIC_MESSAGE   (1UL << 6)
#define RMQDR_ENVELOPE_HOST_ID           (1UL << 7)
#define RMQDR_ENVELOPE_RECOMMEND         (1UL << 8)
#define RMQDR_ENVELOPE_PAGE_NUMBER       (1UL << 9)
#define RMQDR_ENVELOPE_PAGE_SIZE         (1UL << 10)
#define RMQDR_ENVELOPE_TOTAL_COUNT       (1UL << 11)
#define RMQDR_ENVELOPE_DATA              (1UL << 12)
#define RMQDR_ENVELOPE_LIST              (1UL << 13)
/** @} */

/**
 * Everything in a response except the list items: the success envelope,
 * paging, and the fields of both error shapes (gateway PascalCase
 * RequestId/Code/Message/HostId/Recommend map onto the same members).
 */
typedef struct {
    int http_status;                          /**< HTTP status of the response. */
    char request_id[RMQDR_REQUEST_ID_SIZE];   /**< requestId or RequestId. */
    bool success;                             /**< success (false when absent). */
    char code[RMQDR_CODE_SIZE];               /**< code or Code; numbers kept as decimal text. */
    char message[RMQDR_MESSAGE_SIZE];         /**< message or Message. */
    int64_t http_status_code;                 /**< httpStatusCode. */
    char dynamic_code[RMQDR_CODE_SIZE];       /**< dynamicCode. */
    char dynamic_message[RMQDR_MESSAGE_SIZE]; /**< dynamicMessage. */
    char host_id[RMQDR_HOST_ID_SIZE];         /**< HostId (gateway errors). */
    char recommend[RMQDR_RECOMMEND_SIZE];     /**< Recommend (gateway errors). */
    int64_t page_number;                      /**< data.pageNumber. */
    int64_t page_size;                        /**< data.pageSize. */
    int64_t total_count;                      /**< data.totalCount. */
    uint32_t list_count;                      /**< Elements seen in data.list (all, even beyond an array's cap). */
    uint32_t present;                         /**< RMQDR_ENVELOPE_* bits of fields present and not null. */
    uint32_t truncated;                       /**< RMQDR_ENVELOPE_* bits of strings cut to fit. */
} rmqdr_envelope_t;

/**
 * @name Response schema of ListDisasterRecoveryCheckpoints
 *
 * One list per JSON object, one row per known key:
 * X(member, "key", KIND, capacity, presence bit, child). The JSON decoder
 * builds its tables from these lists (see json.h for the kinds and the
 * compile-time checks); the element size bound RMQDR_JSON_ELEMENT_MAX is
 * summed from them too. Adding a field is one row here plus the struct
 * member (and its presence bit) that receives it. Rows sharing a member
 * are aliases of one field (a repeat is a duplicate key).
 */
/** @{ */
/** Top level of every response (success envelope and both error shapes). */
#define RMQDR_ENVELOPE_FIELDS(X)                                                               \
    X(request_id,       "requestId",      TEXT,   RMQDR_REQUEST_ID_SIZE, RMQDR_ENVELOPE_REQUEST_ID,       NONE) \
    X(request_id,       "RequestId",      TEXT,   RMQDR_REQUEST_ID_SIZE, RMQDR_ENVELOPE_REQUEST_ID,       NONE) \
    X(success,          "success",        BOOL,   0,                     RMQDR_ENVELOPE_SUCCESS,          NONE) \
    X(code,             "code",           TEXT,   RMQDR_CODE_SIZE,       RMQDR_ENVELOPE_CODE,             NONE) \
    X(code,             "Code",           TEXT,   RMQDR_CODE_SIZE,       RMQDR_ENVELOPE_CODE,             NONE) \
    X(message,          "message",        TEXT,   RMQDR_MESSAGE_SIZE,    RMQDR_ENVELOPE_MESSAGE,          NONE) \
    X(message,          "Message",        TEXT,   RMQDR_MESSAGE_SIZE,    RMQDR_ENVELOPE_MESSAGE,          NONE) \
    X(http_status_code, "httpStatusCode", INT,    0,                     RMQDR_ENVELOPE_HTTP_STATUS_CODE, NONE) \
    X(dynamic_code,     "dynamicCode",    TEXT,   RMQDR_CODE_SIZE,       RMQDR_ENVELOPE_DYNAMIC_CODE,     NONE) \
    X(dynamic_message,  "dynamicMessage", TEXT,   RMQDR_MESSAGE_SIZE,    RMQDR_ENVELOPE_DYNAMIC_MESSAGE,  NONE) \
    X(host_id,          "HostId",         TEXT,   RMQDR_HOST_ID_SIZE,    RMQDR_ENVELOPE_HOST_ID,          NONE) \
    X(recommend,        "Recommend",      TEXT,   RMQDR_RECOMMEND_SIZE,  RMQDR_ENVELOPE_RECOMMEND,        NONE) \
    X(present,          "data",           INLINE, 0,                     RMQDR_ENVELOPE_DATA,             DATA)

/** The envelope's data object; list elements go to the sink. */
#define RMQDR_DATA_FIELDS(X)                                                                    \
    X(page_number, "pageNumber", INT,  0, RMQDR_ENVELOPE_PAGE_NUMBER, NONE) \
    X(page_size,   "pageSize",   INT,  0, RMQDR_ENVELOPE_PAGE_SIZE,   NONE) \
    X(total_count, "totalCount", INT,  0, RMQDR_ENVELOPE_TOTAL_COUNT, NONE) \
    X(list_count,  "list",       LIST, 0, RMQDR_ENVELOPE_LIST,        NONE)

/** One element of data.list. */
#define RMQDR_CHECKPOINT_FIELDS(X)                                                                      \
    X(plan_id,        "planId",         INT,    0, RMQDR_CHECKPOINT_PLAN_ID,         NONE)     \
    X(item_id,        "itemId",         INT,    0, RMQDR_CHECKPOINT_ITEM_ID,         NONE)     \
    X(checkpoint_id,  "checkpointId",   INT,    0, RMQDR_CHECKPOINT_CHECKPOINT_ID,   NONE)     \
    X(last_sync_time, "lastSyncTime",   INT,    0, RMQDR_CHECKPOINT_LAST_SYNC_TIME,  NONE)     \
    X(source,         "sourceProgress", OBJECT, 0, RMQDR_CHECKPOINT_SOURCE_PROGRESS, PROGRESS) \
    X(target,         "targetProgress", OBJECT, 0, RMQDR_CHECKPOINT_TARGET_PROGRESS, PROGRESS)

/** sourceProgress / targetProgress. */
#define RMQDR_PROGRESS_FIELDS(X)                                                                                   \
    X(region_id,         "regionId",        TEXT,   RMQDR_REGION_ID_SIZE,     RMQDR_PROGRESS_REGION_ID,         NONE)          \
    X(instance_id,       "instanceId",      TEXT,   RMQDR_INSTANCE_ID_SIZE,   RMQDR_PROGRESS_INSTANCE_ID,       NONE)          \
    X(instance_type,     "instanceType",    ENUM,   RMQDR_INSTANCE_TYPE_SIZE, RMQDR_PROGRESS_INSTANCE_TYPE,     INSTANCE_TYPE) \
    X(consumer_group_id, "consumerGroupId", TEXT,   RMQDR_GROUP_ID_SIZE,      RMQDR_PROGRESS_CONSUMER_GROUP_ID, NONE)          \
    X(topic_name,        "topicName",       TEXT,   RMQDR_TOPIC_NAME_SIZE,    RMQDR_PROGRESS_TOPIC_NAME,        NONE)          \
    X(last_fetch_time,   "lastFetchTime",   INT,    0,                        RMQDR_PROGRESS_LAST_FETCH_TIME,   NONE)          \
    X(present,           "progressData",    INLINE, 0,                        RMQDR_PROGRESS_PROGRESS_DATA,     PROGRESS_DATA)

/** progressData, flattened into ::rmqdr_progress_t. */
#define RMQDR_PROGRESS_DATA_FIELDS(X) \
    X(consume_timestamp, "consumeTimestamp", INT, 0, RMQDR_PROGRESS_CONSUME_TIMESTAMP, NONE)

/** Names of ::rmqdr_instance_type_t values 1..n (an ENUM kind's child). */
#define RMQDR_INSTANCE_TYPE_NAMES(X) X("ALIYUN_ROCKETMQ") X("EXTERNAL_ROCKETMQ")
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_CHECKPOINT_H */
