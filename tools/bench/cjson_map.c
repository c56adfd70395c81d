/* cJSON baseline: see cjson_map.h. Strings are copied with truncation into
 * the fixed arrays and presence bits are set, as rmqdr does; integers are
 * read from valuedouble (exact up to 2^53, enough for Unix ms). */
#include "cjson_map.h"

#include <cjson/cJSON.h>
#include <string.h>

static void copy_str(char *dst, size_t cap, const cJSON *v, uint32_t *present,
                     uint32_t *truncated, uint32_t bit)
{
    size_t n;

    dst[0] = '\0';
    if (!cJSON_IsString(v)) {
        return;
    }
    n = strlen(v->valuestring);
    if (n >= cap) {
        n = cap - 1U;
        *truncated |= bit;
    }
    (void)memcpy(dst, v->valuestring, n);
    dst[n] = '\0';
    *present |= bit;
}

static int64_t get_int(const cJSON *obj, const char *key, uint32_t *present, uint32_t bit)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (!cJSON_IsNumber(v)) {
        return 0;
    }
    *present |= bit;
    return (int64_t)v->valuedouble;
}

static void map_progress(const cJSON *o, rmqdr_progress_t *p)
{
    const cJSON *pd = cJSON_GetObjectItemCaseSensitive(o, "progressData");

    p->present = 0U;
    p->truncated = 0U;
    copy_str(p->region_id, sizeof p->region_id, cJSON_GetObjectItemCaseSensitive(o, "regionId"),
             &p->present, &p->truncated, RMQDR_PROGRESS_REGION_ID);
    copy_str(p->instance_id, sizeof p->instance_id,
             cJSON_GetObjectItemCaseSensitive(o, "instanceId"),
             &p->present, &p->truncated, RMQDR_PROGRESS_INSTANCE_ID);
    copy_str(p->instance_type_text, sizeof p->instance_type_text,
             cJSON_GetObjectItemCaseSensitive(o, "instanceType"),
             &p->present, &p->truncated, RMQDR_PROGRESS_INSTANCE_TYPE);
    if ((p->present & RMQDR_PROGRESS_INSTANCE_TYPE) == 0U) {
        p->instance_type = RMQDR_INSTANCE_TYPE_NONE;
    } else if (strcmp(p->instance_type_text, "ALIYUN_ROCKETMQ") == 0) {
        p->instance_type = RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ;
    } else if (strcmp(p->instance_type_text, "EXTERNAL_ROCKETMQ") == 0) {
        p->instance_type = RMQDR_INSTANCE_TYPE_EXTERNAL_ROCKETMQ;
    } else {
        p->instance_type = RMQDR_INSTANCE_TYPE_UNKNOWN;
    }
    copy_str(p->consumer_group_id, sizeof p->consumer_group_id,
             cJSON_GetObjectItemCaseSensitive(o, "consumerGroupId"),
             &p->present, &p->truncated, RMQDR_PROGRESS_CONSUMER_GROUP_ID);
    copy_str(p->topic_name, sizeof p->topic_name,
             cJSON_GetObjectItemCaseSensitive(o, "topicName"),
             &p->present, &p->truncated, RMQDR_PROGRESS_TOPIC_NAME);
    p->last_fetch_time = get_int(o, "lastFetchTime", &p->present, RMQDR_PROGRESS_LAST_FETCH_TIME);
    p->consume_timestamp = get_int(pd, "consumeTimestamp", &p->present,
                                   RMQDR_PROGRESS_CONSUME_TIMESTAMP);
}

static void map_item(const cJSON *o, rmqdr_checkpoint_t *cp)
{
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(o, "sourceProgress");
    const cJSON *dst = cJSON_GetObjectItemCaseSensitive(o, "targetProgress");

    cp->present = 0U;
    cp->plan_id = get_int(o, "planId", &cp->present, RMQDR_CHECKPOINT_PLAN_ID);
    cp->item_id = get_int(o, "itemId", &cp->present, RMQDR_CHECKPOINT_ITEM_ID);
    cp->checkpoint_id = get_int(o, "checkpointId", &cp->present, RMQDR_CHECKPOINT_CHECKPOINT_ID);
    cp->last_sync_time = get_int(o, "lastSyncTime", &cp->present, RMQDR_CHECKPOINT_LAST_SYNC_TIME);
    map_progress(src, &cp->source);
    map_progress(dst, &cp->target);
    cp->present |= cJSON_IsObject(src) ? RMQDR_CHECKPOINT_SOURCE_PROGRESS : 0U;
    cp->present |= cJSON_IsObject(dst) ? RMQDR_CHECKPOINT_TARGET_PROGRESS : 0U;
}

static void map_envelope(const cJSON *root, rmqdr_envelope_t *e)
{
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(root, "code");

    copy_str(e->request_id, sizeof e->request_id,
             cJSON_GetObjectItemCaseSensitive(root, "requestId"),
             &e->present, &e->truncated, RMQDR_ENVELOPE_REQUEST_ID);
    e->success = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "success"));
    e->present |= RMQDR_ENVELOPE_SUCCESS;
    if (cJSON_IsNumber(code)) {
        e->present |= RMQDR_ENVELOPE_CODE;
        (void)cJSON_PrintPreallocated((cJSON *)code, e->code, (int)sizeof e->code, 0);
    } else {
        copy_str(e->code, sizeof e->code, code, &e->present, &e->truncated, RMQDR_ENVELOPE_CODE);
    }
    copy_str(e->message, sizeof e->message, cJSON_GetObjectItemCaseSensitive(root, "message"),
             &e->present, &e->truncated, RMQDR_ENVELOPE_MESSAGE);
    e->http_status_code = get_int(root, "httpStatusCode", &e->present,
                                  RMQDR_ENVELOPE_HTTP_STATUS_CODE);
    e->page_number = get_int(data, "pageNumber", &e->present, RMQDR_ENVELOPE_PAGE_NUMBER);
    e->page_size = get_int(data, "pageSize", &e->present, RMQDR_ENVELOPE_PAGE_SIZE);
    e->total_count = get_int(data, "totalCount", &e->present, RMQDR_ENVELOPE_TOTAL_COUNT);
}

int cjson_decode(const char *body, size_t len, rmqdr_envelope_t *env,
                 cjson_item_fn fn, void *ctx)
{
    cJSON *root = cJSON_ParseWithLength(body, len);
    const cJSON *list;
    rmqdr_checkpoint_t cp;
    int rc = -1;

    (void)memset(env, 0, sizeof *env);
    if (root == NULL) {
        return -1;
    }
    map_envelope(root, env);
    list = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "data"), "list");
    if (cJSON_IsArray(list)) {
        const cJSON *el;

        cJSON_ArrayForEach(el, list) {
            map_item(el, &cp);
            fn(ctx, &cp);
            env->list_count++;
        }
        rc = 0;
    }
    cJSON_Delete(root);
    return rc;
}
