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

/**
 * @name Generation of members and presence bits from the field lists
 *
 * Every response object below (and in discovery.h) is one list of rows
 * X(member, "key", KIND, capacity, presence bit, child). Each list
 * generates the struct's members (RMQDR_MEMBER), its presence bits
 * (RMQDR_<OBJECT>_<FIELD>, enum constants: RMQDR_BIT_SCALARS then
 * RMQDR_BIT_CONTAINERS number them, RMQDR_BIT_VALUE gives each its mask)
 * and the decoder's table (json.c), so adding a field is one row.
 *
 * Member kinds: TEXT (char member[capacity]), INT (int64_t), BOOL (bool),
 * ENUM (child enum type plus char member_text[capacity]), OBJECT (child
 * struct), ARRAY (child struct member[capacity] plus uint32_t
 * member_count, stored, and member_total, seen), LIST (uint32_t: elements
 * seen), INLINE (a JSON object whose fields are flattened into this
 * struct: its child list's members, in place).
 *
 * Bit numbering: scalar fields first, in list order, then containers; an
 * INLINE object contributes its own scalars, then its own bit, then its
 * containers. (This numbering is the one these structs have always had.)
 */
/** @{ */
#define RMQDR_TYPE_PROGRESS      rmqdr_progress_t      /**< C type of a PROGRESS child. */
#define RMQDR_TYPE_INSTANCE_TYPE rmqdr_instance_type_t /**< C type of an INSTANCE_TYPE enum. */
/** One row's members. */
#define RMQDR_MEMBER(m, key, kind, cap, bit, child) RMQDR_MEMBER_##kind(m, cap, child)
/** A row of an INLINE child's list (second macro level). */
#define RMQDR_MEMBER_IN(m, key, kind, cap, bit, child) RMQDR_MEMBER_##kind(m, cap, child)
#define RMQDR_MEMBER_TEXT(m, cap, child) char m[cap];   /**< TEXT member. */
#define RMQDR_MEMBER_INT(m, cap, child) int64_t m;      /**< INT member. */
#define RMQDR_MEMBER_BOOL(m, cap, child) bool m;        /**< BOOL member. */
#define RMQDR_MEMBER_LIST(m, cap, child) uint32_t m;    /**< LIST member (elements seen). */
#define RMQDR_MEMBER_OBJECT(m, cap, child) RMQDR_TYPE_##child m; /**< OBJECT member. */
/** ENUM members: the mapped value and the text as sent. */
#define RMQDR_MEMBER_ENUM(m, cap, child) RMQDR_TYPE_##child m; char m##_text[cap];
/** ARRAY members: the stored elements, how many were stored, how many were seen. */
#define RMQDR_MEMBER_ARRAY(m, cap, child) \
    RMQDR_TYPE_##child m[cap]; uint32_t m##_count; uint32_t m##_total;
/** INLINE: the child object's members, flattened in place. */
#define RMQDR_MEMBER_INLINE(m, cap, child) RMQDR_##child##_FIELDS(RMQDR_MEMBER_IN)

/** Bit numbers, first pass: scalar rows. */
#define RMQDR_BIT_SCALARS(m, key, kind, cap, bit, child) RMQDR_BITS_##kind(bit, child)
/** Bit numbers, second pass: container rows. */
#define RMQDR_BIT_CONTAINERS(m, key, kind, cap, bit, child) RMQDR_BITC_##kind(bit, child)
#define RMQDR_BIT_SCALARS_IN(m, key, kind, cap, bit, child) RMQDR_BITS_##kind(bit, child)    /**< Inner level. */
#define RMQDR_BIT_CONTAINERS_IN(m, key, kind, cap, bit, child) RMQDR_BITC_##kind(bit, child) /**< Inner level. */
#define RMQDR_BITS_TEXT(bit, child) bit##_INDEX_,
#define RMQDR_BITS_INT(bit, child) bit##_INDEX_,
#define RMQDR_BITS_BOOL(bit, child) bit##_INDEX_,
#define RMQDR_BITS_ENUM(bit, child) bit##_INDEX_,
#define RMQDR_BITS_OBJECT(bit, child)
#define RMQDR_BITS_ARRAY(bit, child)
#define RMQDR_BITS_LIST(bit, child)
#define RMQDR_BITS_INLINE(bit, child)
#define RMQDR_BITC_TEXT(bit, child)
#define RMQDR_BITC_INT(bit, child)
#define RMQDR_BITC_BOOL(bit, child)
#define RMQDR_BITC_ENUM(bit, child)
#define RMQDR_BITC_OBJECT(bit, child) bit##_INDEX_,
#define RMQDR_BITC_ARRAY(bit, child) bit##_INDEX_,
#define RMQDR_BITC_LIST(bit, child) bit##_INDEX_,
#define RMQDR_BITC_INLINE(bit, child) \
    RMQDR_##child##_FIELDS(RMQDR_BIT_SCALARS_IN) bit##_INDEX_, RMQDR_##child##_FIELDS(RMQDR_BIT_CONTAINERS_IN)
/** Every bit number of an object's list, then its count, as enum constants. */
#define RMQDR_BIT_NUMBERS(list, count) enum { list(RMQDR_BIT_SCALARS) list(RMQDR_BIT_CONTAINERS) count };
/** A row's mask (an INLINE row: its own and its child's). */
#define RMQDR_BIT_VALUE(m, key, kind, cap, bit, child) bit = (1 << bit##_INDEX_), RMQDR_BITV_##kind(child)
#define RMQDR_BIT_VALUE_IN(m, key, kind, cap, bit, child) bit = (1 << bit##_INDEX_),
#define RMQDR_BITV_TEXT(child)
#define RMQDR_BITV_INT(child)
#define RMQDR_BITV_BOOL(child)
#define RMQDR_BITV_ENUM(child)
#define RMQDR_BITV_OBJECT(child)
#define RMQDR_BITV_ARRAY(child)
#define RMQDR_BITV_LIST(child)
#define RMQDR_BITV_INLINE(child) RMQDR_##child##_FIELDS(RMQDR_BIT_VALUE_IN)
/** @} */

/**
 * @name Response schema of ListDisasterRecoveryCheckpoints
 *
 * One list per JSON object, one row per known key (see above). Rows of an
 * _ALIASES list name a second key for a field of the object's list (same
 * member and bit: a repeat is a duplicate key); they make no member.
 * Source: ../shared/api/ListDisasterRecoveryCheckpoints.txt.
 */
/** @{ */
/** Top level of every response (success envelope and both error shapes). */
#define RMQDR_ENVELOPE_FIELDS(X)                                                               \
    X(request_id,       "requestId",      TEXT,   RMQDR_REQUEST_ID_SIZE, RMQDR_ENVELOPE_REQUEST_ID,       NONE) \
    X(success,          "success",        BOOL,   0,                     RMQDR_ENVELOPE_SUCCESS,          NONE) \
    X(code,             "code",           TEXT,   RMQDR_CODE_SIZE,       RMQDR_ENVELOPE_CODE,             NONE) \
    X(message,          "message",        TEXT,   RMQDR_MESSAGE_SIZE,    RMQDR_ENVELOPE_MESSAGE,          NONE) \
    X(http_status_code, "httpStatusCode", INT,    0,                     RMQDR_ENVELOPE_HTTP_STATUS_CODE, NONE) \
    X(dynamic_code,     "dynamicCode",    TEXT,   RMQDR_CODE_SIZE,       RMQDR_ENVELOPE_DYNAMIC_CODE,     NONE) \
    X(dynamic_message,  "dynamicMessage", TEXT,   RMQDR_MESSAGE_SIZE,    RMQDR_ENVELOPE_DYNAMIC_MESSAGE,  NONE) \
    X(host_id,          "HostId",         TEXT,   RMQDR_HOST_ID_SIZE,    RMQDR_ENVELOPE_HOST_ID,          NONE) \
    X(recommend,        "Recommend",      TEXT,   RMQDR_RECOMMEND_SIZE,  RMQDR_ENVELOPE_RECOMMEND,        NONE) \
    X(present,          "data",           INLINE, 0,                     RMQDR_ENVELOPE_DATA,             DATA) \
    /* one row per field, each ending in a backslash */

/** Gateway errors' PascalCase keys for envelope fields. */
#define RMQDR_ENVELOPE_ALIASES(X)                                                              \
    X(request_id, "RequestId", TEXT, RMQDR_REQUEST_ID_SIZE, RMQDR_ENVELOPE_REQUEST_ID, NONE) \
    X(code,       "Code",      TEXT, RMQDR_CODE_SIZE,       RMQDR_ENVELOPE_CODE,       NONE) \
    X(message,    "Message",   TEXT, RMQDR_MESSAGE_SIZE,    RMQDR_ENVELOPE_MESSAGE,    NONE)

/** The envelope's data object, flattened into ::rmqdr_envelope_t; list elements go to the sink. */
#define RMQDR_DATA_FIELDS(X)                                                                    \
    X(page_number, "pageNumber", INT,  0, RMQDR_ENVELOPE_PAGE_NUMBER, NONE) \
    X(page_size,   "pageSize",   INT,  0, RMQDR_ENVELOPE_PAGE_SIZE,   NONE) \
    X(total_count, "totalCount", INT,  0, RMQDR_ENVELOPE_TOTAL_COUNT, NONE) \
    X(list_count,  "list",       LIST, 0, RMQDR_ENVELOPE_LIST,        NONE) \
    /* one row per field, each ending in a backslash */

/** One element of data.list. */
#define RMQDR_CHECKPOINT_FIELDS(X)                                                                      \
    X(plan_id,        "planId",         INT,    0, RMQDR_CHECKPOINT_PLAN_ID,         NONE)     \
    X(item_id,        "itemId",         INT,    0, RMQDR_CHECKPOINT_ITEM_ID,         NONE)     \
    X(checkpoint_id,  "checkpointId",   INT,    0, RMQDR_CHECKPOINT_CHECKPOINT_ID,   NONE)     \
    X(last_sync_time, "lastSyncTime",   INT,    0, RMQDR_CHECKPOINT_LAST_SYNC_TIME,  NONE)     \
    X(source,         "sourceProgress", OBJECT, 0, RMQDR_CHECKPOINT_SOURCE_PROGRESS, PROGRESS) \
    X(target,         "targetProgress", OBJECT, 0, RMQDR_CHECKPOINT_TARGET_PROGRESS, PROGRESS) \
    /* one row per field, each ending in a backslash */

/** sourceProgress / targetProgress. The progressData bit is a duplicate-key
 *  bit only, never set (its consumeTimestamp has its own bit). */
#define RMQDR_PROGRESS_FIELDS(X)                                                                                   \
    X(region_id,         "regionId",        TEXT,   RMQDR_REGION_ID_SIZE,     RMQDR_PROGRESS_REGION_ID,         NONE)          \
    X(instance_id,       "instanceId",      TEXT,   RMQDR_INSTANCE_ID_SIZE,   RMQDR_PROGRESS_INSTANCE_ID,       NONE)          \
    X(instance_type,     "instanceType",    ENUM,   RMQDR_INSTANCE_TYPE_SIZE, RMQDR_PROGRESS_INSTANCE_TYPE,     INSTANCE_TYPE) \
    X(consumer_group_id, "consumerGroupId", TEXT,   RMQDR_GROUP_ID_SIZE,      RMQDR_PROGRESS_CONSUMER_GROUP_ID, NONE)          \
    X(topic_name,        "topicName",       TEXT,   RMQDR_TOPIC_NAME_SIZE,    RMQDR_PROGRESS_TOPIC_NAME,        NONE)          \
    X(last_fetch_time,   "lastFetchTime",   INT,    0,                        RMQDR_PROGRESS_LAST_FETCH_TIME,   NONE)          \
    X(present,           "progressData",    INLINE, 0,                        RMQDR_PROGRESS_PROGRESS_DATA,     PROGRESS_DATA) \
    /* one row per field, each ending in a backslash */

/** progressData, flattened into ::rmqdr_progress_t. */
#define RMQDR_PROGRESS_DATA_FIELDS(X) \
    X(consume_timestamp, "consumeTimestamp", INT, 0, RMQDR_PROGRESS_CONSUME_TIMESTAMP, NONE) \
    /* one row per field, each ending in a backslash */

/** Names of ::rmqdr_instance_type_t values 1..n (an ENUM kind's child). */
#define RMQDR_INSTANCE_TYPE_NAMES(X) X("ALIYUN_ROCKETMQ") X("EXTERNAL_ROCKETMQ")
/** @} */

/** Bit numbers of the progress fields (internal). */
RMQDR_BIT_NUMBERS(RMQDR_PROGRESS_FIELDS, RMQDR_PROGRESS_FIELD_COUNT_)
/** Presence/truncation bits of rmqdr_progress_t: RMQDR_PROGRESS_<FIELD> (REGION_ID 1<<0 ...
 *  LAST_FETCH_TIME 1<<5, CONSUME_TIMESTAMP 1<<6, PROGRESS_DATA 1<<7). */
enum { RMQDR_PROGRESS_FIELDS(RMQDR_BIT_VALUE) };

/** sourceProgress or targetProgress of one checkpoint (members from RMQDR_PROGRESS_FIELDS;
 *  times are Unix ms; instance_type is mapped, instance_type_text as sent). */
typedef struct {
    RMQDR_PROGRESS_FIELDS(RMQDR_MEMBER)
    uint32_t present;   /**< RMQDR_PROGRESS_* bits of fields that were present and not null. */
    uint32_t truncated; /**< RMQDR_PROGRESS_* bits of strings cut to fit. */
} rmqdr_progress_t;

/** Bit numbers of the checkpoint fields (internal). */
RMQDR_BIT_NUMBERS(RMQDR_CHECKPOINT_FIELDS, RMQDR_CHECKPOINT_FIELD_COUNT_)
/** Presence bits of rmqdr_checkpoint_t: RMQDR_CHECKPOINT_<FIELD> (PLAN_ID 1<<0 ... TARGET_PROGRESS 1<<5). */
enum { RMQDR_CHECKPOINT_FIELDS(RMQDR_BIT_VALUE) };

/** One element of data.list (members from RMQDR_CHECKPOINT_FIELDS; lastSyncTime in Unix ms).
 *  Its strings are in its progress objects, so it has no truncated mask. */
typedef struct {
    RMQDR_CHECKPOINT_FIELDS(RMQDR_MEMBER)
    uint32_t present;         /**< RMQDR_CHECKPOINT_* bits of fields present and not null. */
} rmqdr_checkpoint_t;

/** Bit numbers of the envelope fields (internal). */
RMQDR_BIT_NUMBERS(RMQDR_ENVELOPE_FIELDS, RMQDR_ENVELOPE_FIELD_COUNT_)
/** Presence/truncation bits of rmqdr_envelope_t: RMQDR_ENVELOPE_<FIELD> (REQUEST_ID 1<<0 ...
 *  RECOMMEND 1<<8, PAGE_NUMBER 1<<9, PAGE_SIZE, TOTAL_COUNT, DATA 1<<12, LIST 1<<13). */
enum { RMQDR_ENVELOPE_FIELDS(RMQDR_BIT_VALUE) };

/**
 * Everything in a response except the list items: the success envelope,
 * paging (data's fields, flattened), and the fields of both error shapes
 * (gateway PascalCase RequestId/Code/Message/HostId/Recommend map onto the
 * same members). Members from RMQDR_ENVELOPE_FIELDS; code is kept as
 * decimal text when sent as a number; success reads false when absent;
 * list_count counts every element of data.list, even beyond an array's cap.
 */
typedef struct {
    int http_status;                          /**< HTTP status of the response. */
    RMQDR_ENVELOPE_FIELDS(RMQDR_MEMBER)
    uint32_t present;                         /**< RMQDR_ENVELOPE_* bits of fields present and not null. */
    uint32_t truncated;                       /**< RMQDR_ENVELOPE_* bits of strings cut to fit. */
} rmqdr_envelope_t;

_Static_assert(RMQDR_PROGRESS_FIELD_COUNT_ <= 31, "one presence bit per progress field");
_Static_assert(RMQDR_CHECKPOINT_FIELD_COUNT_ <= 31, "one presence bit per checkpoint field");
_Static_assert(RMQDR_ENVELOPE_FIELD_COUNT_ <= 31, "one presence bit per envelope field");

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_CHECKPOINT_H */
