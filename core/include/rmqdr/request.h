/**
 * @file request.h
 * @brief Validate, encode and sign a request of any of the three
 *        disaster-recovery list operations.
 *
 * What differs between ListDisasterRecoveryCheckpoints,
 * ListDisasterRecoveryPlans and ListDisasterRecoveryItems is data: an
 * ::rmqdr_operation_t descriptor (action, version, method, path template,
 * parameters with their rules). One code path validates, RFC 3986-encodes,
 * sorts the canonical query and signs every operation; a new operation is
 * a new descriptor. Sources: /work/shared/api/ListDisasterRecovery*.txt and
 * the ACS3-HMAC-SHA256 rules in SIGNING.md.
 *
 * Everything is caller-owned: the config and request structs point at the
 * caller's strings, and the HTTP/1.1 request is written into the caller's
 * buffer. The date and nonce come in an ::rmqdr_stamp_t so the same inputs
 * always give the same bytes.
 */
#ifndef RMQDR_REQUEST_H
#define RMQDR_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/calendar.h"
#include "rmqdr/port.h"
#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @name Limits on input strings (bytes, before encoding) */
/** @{ */
#define RMQDR_MAX_ID_LEN                 64U   /**< planId, itemId, instanceId. */
#define RMQDR_MAX_FILTER_LEN             128U  /**< filter. */
#define RMQDR_MAX_TOPIC_NAME_LEN         128U  /**< topicName (ListDisasterRecoveryItems). */
#define RMQDR_MAX_ACCESS_KEY_ID_LEN      128U  /**< AccessKey id. */
#define RMQDR_MAX_ACCESS_KEY_SECRET_LEN  128U  /**< AccessKey secret. */
#define RMQDR_MAX_SECURITY_TOKEN_LEN     2048U /**< STS token (real ones are ~1-1.5 KB). */
#define RMQDR_MAX_REGION_LEN             32U   /**< Region id, e.g. "cn-hangzhou". */
#define RMQDR_MAX_ENDPOINT_LEN           255U  /**< Endpoint "host[:port]"; host at most 253. */
#define RMQDR_MAX_USER_AGENT_SUFFIX_LEN  64U   /**< Appended to "rmqdr/\<version\>". */
#define RMQDR_MAX_ROLE_ARN_LEN           256U  /**< RoleArn (STS AssumeRole). */
#define RMQDR_MAX_ROLE_SESSION_NAME_LEN  64U   /**< RoleSessionName (STS: 2..64). */
#define RMQDR_MAX_POLICY_LEN             1024U /**< Policy (STS allows more; rmqdr's limit). */
#define RMQDR_MAX_EXTERNAL_ID_LEN        256U  /**< ExternalId (STS AssumeRole). */
#define RMQDR_MAX_DURATION_SECONDS       43200 /**< DurationSeconds (STS: 900..43200). */
/** @} */

/** Largest pageSize the API accepts. */
#define RMQDR_MAX_PAGE_SIZE   100
/** Largest pageNumber sent (the API types it as a 32-bit integer). */
#define RMQDR_MAX_PAGE_NUMBER INT64_C(2147483647)

/** Library version, sent in the user-agent. */
#define RMQDR_VERSION "0.1.0"

/**
 * Bytes that always hold a request built from inputs within the limits
 * above (worst case: every byte of every id and the filter percent-encoded,
 * and a maximal STS token). A test builds that worst case.
 */
#define RMQDR_REQUEST_MAX_SIZE 4608U

/** Bytes of the longest accepted nonce (64 hex digits) with its NUL. */
#define RMQDR_NONCE_SIZE 65U
/** Random bytes behind a generated nonce (sent as 32 hex digits). */
#define RMQDR_NONCE_RANDOM_BYTES 16U

/** Who is asking, and where. */
typedef struct {
    const char *access_key_id;     /**< Required; printable ASCII. */
    const char *access_key_secret; /**< Required; used only as the HMAC key, never copied. */
    const char *security_token;    /**< STS token, or NULL/"" for a plain AccessKey. */
    const char *region_id;         /**< e.g. "cn-hangzhou"; gives rocketmq.\<region\>.aliyuncs.com. */
    const char *endpoint;          /**< "host[:port]" or "[v6]:port"; overrides region_id when set. */
    const char *user_agent_suffix; /**< Optional text after "rmqdr/\<version\> ". */
} rmqdr_config_t;

/**
 * Every request parameter any operation sends:
 * X(id, member of ::rmqdr_request_t, API name, kind, limit, status when a
 * required one is missing). TEXT parameters are a `const char *` member,
 * INT parameters an int64_t member plus its `<member>_set` flag (both
 * checked at compile time).
 * A limit is the longest text in bytes, or the largest integer (the
 * smallest is 1). One line here and one member in ::rmqdr_request_t add
 * a parameter.
 */
#define RMQDR_PARAM_LIST(X)                                                                             \
    X(PLAN_ID,     plan_id,     "planId",     TEXT, RMQDR_MAX_ID_LEN,         RMQDR_ERR_MISSING_PLAN_ID)     \
    X(ITEM_ID,     item_id,     "itemId",     TEXT, RMQDR_MAX_ID_LEN,         RMQDR_ERR_MISSING_ITEM_ID)     \
    X(INSTANCE_ID, instance_id, "instanceId", TEXT, RMQDR_MAX_ID_LEN,         RMQDR_ERR_MISSING_INSTANCE_ID) \
    X(FILTER,      filter,      "filter",     TEXT, RMQDR_MAX_FILTER_LEN,     RMQDR_ERR_BAD_ARGUMENT)        \
    X(TOPIC_NAME,  topic_name,  "topicName",  TEXT, RMQDR_MAX_TOPIC_NAME_LEN, RMQDR_ERR_BAD_ARGUMENT)        \
    X(PAGE_NUMBER, page_number, "pageNumber", INT,  RMQDR_MAX_PAGE_NUMBER,    RMQDR_ERR_BAD_PAGE_NUMBER)     \
    X(PAGE_SIZE,   page_size,   "pageSize",   INT,  RMQDR_MAX_PAGE_SIZE,      RMQDR_ERR_BAD_PAGE_SIZE)       \
    RMQDR_STS_PARAM_LIST(X)

#ifndef RMQDR_NO_STS
/** The parameters of STS AssumeRole (sts.h); compiled out with RMQDR_NO_STS. */
#define RMQDR_STS_PARAM_LIST(X)                                                                                  \
    X(ROLE_ARN,          role_arn,          "RoleArn",         TEXT, RMQDR_MAX_ROLE_ARN_LEN,          RMQDR_ERR_BAD_ARGUMENT) \
    X(ROLE_SESSION_NAME, role_session_name, "RoleSessionName", TEXT, RMQDR_MAX_ROLE_SESSION_NAME_LEN, RMQDR_ERR_BAD_ARGUMENT) \
    X(DURATION_SECONDS,  duration_seconds,  "DurationSeconds", INT,  RMQDR_MAX_DURATION_SECONDS,      RMQDR_ERR_BAD_ARGUMENT) \
    X(POLICY,            policy,            "Policy",          TEXT, RMQDR_MAX_POLICY_LEN,            RMQDR_ERR_BAD_ARGUMENT) \
    X(EXTERNAL_ID,       external_id,       "ExternalId",      TEXT, RMQDR_MAX_EXTERNAL_ID_LEN,       RMQDR_ERR_BAD_ARGUMENT)
#else
#define RMQDR_STS_PARAM_LIST(X)
#endif

/** Expands one row of RMQDR_PARAM_LIST into an enumerator. */
#define RMQDR_PARAM_ENUMERATOR(id, member, name, kind, limit, missing) RMQDR_PARAM_##id,

/** A request parameter, by its row in ::RMQDR_PARAM_LIST. */
typedef enum {
    RMQDR_PARAM_LIST(RMQDR_PARAM_ENUMERATOR)
    RMQDR_PARAM_COUNT /**< Number of parameters (not a parameter). */
} rmqdr_param_t;

/** Where an operation sends a parameter. */
typedef enum {
    RMQDR_IN_PATH = 0, /**< Replaces "{name}" in the path template (RFC 3986 encoded). */
    RMQDR_IN_QUERY     /**< name=value in the query, canonical (byte) order of names. */
} rmqdr_param_location_t;

/** How one operation uses one parameter. */
typedef struct {
    rmqdr_param_t param;             /**< Which parameter. */
    rmqdr_param_location_t location; /**< Path or query. */
    bool required;                   /**< Missing (NULL/"" or not set) is an error. */
} rmqdr_param_use_t;

/** Largest number of parameters one operation may use. */
#define RMQDR_OPERATION_MAX_PARAMS 8U

/**
 * An API operation as data. The builder knows nothing else about it.
 * Parameters are validated in the order listed (path ones first, by
 * convention); the query is sorted by name when it is written.
 */
typedef struct {
    const char *action;        /**< x-acs-action, e.g. "ListDisasterRecoveryPlans". */
    const char *version;       /**< x-acs-version, "2022-08-01". */
    const char *method;        /**< HTTP method, "GET". */
    const char *path_template; /**< e.g. "/disaster_recovery/{planId}/items"; only path
                                    parameters in braces, each used once. */
    const rmqdr_param_use_t *params; /**< The parameters it sends. */
    size_t param_count;        /**< Entries at params, at most RMQDR_OPERATION_MAX_PARAMS. */
} rmqdr_operation_t;

/** ListDisasterRecoveryCheckpoints: GET /disaster_recovery/{planId}/items/{itemId}/checkpoints,
 *  instanceId required; filter, pageNumber, pageSize optional. */
extern const rmqdr_operation_t rmqdr_op_list_checkpoints;
/** ListDisasterRecoveryPlans: GET /disaster_recovery; instanceId, filter, pageNumber,
 *  pageSize all optional. */
extern const rmqdr_operation_t rmqdr_op_list_plans;
/** ListDisasterRecoveryItems: GET /disaster_recovery/{planId}/items, planId required;
 *  topicName, filter, pageNumber, pageSize optional. */
extern const rmqdr_operation_t rmqdr_op_list_items;

/**
 * Parameters of one call. Members an operation does not use are ignored
 * (neither checked nor sent).
 */
typedef struct {
    const char *plan_id;     /**< planId (path of checkpoints and items). */
    const char *item_id;     /**< itemId (path of checkpoints). */
    const char *instance_id; /**< instanceId (query; required for checkpoints). */
    const char *filter;      /**< Optional; NULL or "" is not sent. UTF-8. */
    bool page_number_set;    /**< false: pageNumber is not sent (server default 1). */
    int64_t page_number;     /**< 1..RMQDR_MAX_PAGE_NUMBER when set. */
    bool page_size_set;      /**< false: pageSize is not sent (server default). */
    int64_t page_size;       /**< 1..RMQDR_MAX_PAGE_SIZE when set. */
    const char *topic_name;  /**< topicName (query of items); NULL or "" is not sent. */
#ifndef RMQDR_NO_STS
    const char *role_arn;          /**< RoleArn (STS AssumeRole, see sts.h). */
    const char *role_session_name; /**< RoleSessionName (STS AssumeRole). */
    bool duration_seconds_set;     /**< false: DurationSeconds is not sent (STS default 3600). */
    int64_t duration_seconds;      /**< DurationSeconds, 1..RMQDR_MAX_DURATION_SECONDS (STS checks >= 900). */
    const char *policy;            /**< Policy (optional session policy, JSON text). */
    const char *external_id;       /**< ExternalId (optional). */
#endif
    const rmqdr_operation_t *operation; /**< What to call; NULL means
                                             rmqdr_op_list_checkpoints. */
} rmqdr_request_t;

/**
 * @brief The operation a request calls.
 * @param request Call parameters; NULL is allowed.
 * @return request->operation, or &rmqdr_op_list_checkpoints when @p request
 *         or its operation is NULL; never NULL.
 */
const rmqdr_operation_t *rmqdr_request_operation(const rmqdr_request_t *request);

/**
 * @brief API name of a parameter, as the API pages spell it
 *        (../shared/api/).
 * @param param A parameter of ::RMQDR_PARAM_LIST.
 * @return Static NUL-terminated name ("planId"), or "" for a value out of
 *         range; never NULL.
 */
const char *rmqdr_param_name(rmqdr_param_t param);

/** The per-request values that make a signature unique. */
typedef struct {
    char date[RMQDR_DATE_SIZE];   /**< x-acs-date, "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
    char nonce[RMQDR_NONCE_SIZE]; /**< x-acs-signature-nonce, 1..64 hex digits. */
} rmqdr_stamp_t;

/** Where to connect, derived from the config. */
typedef struct {
    char host[RMQDR_MAX_ENDPOINT_LEN + 1U]; /**< Host name or address, without brackets. */
    uint16_t port;                          /**< Port from the endpoint, or the default given. */
    bool port_given;                        /**< The endpoint named a port. */
} rmqdr_endpoint_t;

/**
 * @brief Check config and request before anything is built or sent.
 * @param config  Credentials and endpoint.
 * @param request Call parameters.
 * @param[out] field When not NULL, receives the API name of the offending
 *        field ("planId", "accessKeySecret", ...) or NULL; never its value.
 * @return RMQDR_OK or the specific RMQDR_ERR_* validation status.
 */
rmqdr_status_t rmqdr_request_validate(const rmqdr_config_t *config,
                                      const rmqdr_request_t *request,
                                      const char **field);

/**
 * @brief Fill a stamp from the platform: UTC date (clock + @p clock_offset_ms)
 *        and 32 hex digits of fresh randomness.
 * The date is x-acs-date and the nonce x-acs-signature-nonce
 * (../shared/SIGNING.md); RMQDR_NONCE_RANDOM_BYTES random bytes give the
 * nonce's 32 lower-case hex digits.
 * @param platform Port hooks; its now_ms and random hooks are used and must
 *        be set.
 * @param clock_offset_ms Learned server-minus-local offset in milliseconds
 *        (0 if none).
 * @param[out] stamp Receives the date and nonce, both NUL-terminated.
 * @return RMQDR_OK; RMQDR_ERR_PORT_TIME when now_ms fails or the corrected
 *         time is outside 1970..9999; RMQDR_ERR_PORT_RANDOM when random
 *         fails; RMQDR_ERR_BAD_ARGUMENT for a NULL @p platform, @p stamp or
 *         hook.
 */
rmqdr_status_t rmqdr_stamp_make(const rmqdr_platform_t *platform,
                                int64_t clock_offset_ms, rmqdr_stamp_t *stamp);

/**
 * @brief Host and port to connect to.
 *
 * Endpoint syntax is RFC 3986 section 3.2.2/3.2.3 host[:port], an IPv6
 * literal in brackets; a final dot of a name is dropped.
 * @param config Credentials and endpoint; endpoint, when set, wins over
 *        region_id (host rocketmq.\<region_id\>.aliyuncs.com).
 * @param default_port Used when the endpoint names none (443 for TLS).
 * @param[out] endpoint Receives the host (NUL-terminated, brackets removed)
 *        and port; cleared first.
 * @return RMQDR_OK, RMQDR_ERR_BAD_ENDPOINT or RMQDR_ERR_BAD_REGION;
 *         RMQDR_ERR_BAD_ARGUMENT for a NULL @p config or @p endpoint.
 */
rmqdr_status_t rmqdr_endpoint_resolve(const rmqdr_config_t *config,
                                      uint16_t default_port,
                                      rmqdr_endpoint_t *endpoint);

/**
 * @brief Whether a host can only mean this machine, so plain TCP to it never
 *        leaves it: "localhost" (any case, optional final dot), a dotted quad
 *        in 127.0.0.0/8 written plainly, or "::1". Anything else, including
 *        names that merely start with "127.", is not.
 * @param host Host without brackets or port, NUL-terminated; NULL gives
 *        false.
 * @return true only for those loopback forms.
 */
bool rmqdr_host_is_loopback(const char *host);

/**
 * @brief Write the signed HTTP/1.1 request (request line, headers, blank
 *        line; no body) into @p buf.
 *
 * Validates first. Nothing is written unless the whole request fits.
 * Message syntax: RFC 9112 sections 3 and 5; signature: ACS3-HMAC-SHA256
 * (../shared/SIGNING.md). The secret is used as the HMAC key only and is
 * not written to @p buf.
 *
 * @param config  Credentials and endpoint (checked by
 *        rmqdr_request_validate()).
 * @param request Call parameters (checked by rmqdr_request_validate()).
 * @param stamp   Date and nonce from rmqdr_stamp_make() (or fixed ones for
 *        a reproducible request).
 * @param buf     Caller buffer; not NUL-terminated by this call.
 * @param cap     Bytes at @p buf (RMQDR_REQUEST_MAX_SIZE always suffices).
 * @param[out] len Bytes written; on RMQDR_ERR_BUFFER_TOO_SMALL, bytes needed.
 * @return RMQDR_OK, a validation status, RMQDR_ERR_BAD_DATE,
 *         RMQDR_ERR_BAD_NONCE, RMQDR_ERR_BUFFER_TOO_SMALL or RMQDR_ERR_CRYPTO
 *         (the partly written @p buf is then zeroed); RMQDR_ERR_BAD_ARGUMENT
 *         for a NULL @p stamp, @p buf or @p len.
 */
rmqdr_status_t rmqdr_request_build(const rmqdr_config_t *config,
                                   const rmqdr_request_t *request,
                                   const rmqdr_stamp_t *stamp,
                                   char *buf, size_t cap, size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_REQUEST_H */
