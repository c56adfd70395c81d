/*
 * Streaming body decoder: a byte-at-a-time splitter validates the document,
 * fills the envelope directly, and copies each data.list element (known
 * fields only, normalized) into a fixed buffer that jsmn tokenizes and the
 * mapper turns into one checkpoint.
 *
 * Normalized element form, so the mapper has few cases: integers are bare
 * digits (numeric strings lose their quotes); strings hold decoded UTF-8
 * with only '"' and '\\' escaped; a string cut to fit its field ends in the
 * escape "\/", which the normalizer never emits otherwise; string fields
 * given an integer get it as a quoted string; known keys are written under
 * their canonical name.
 */
#include "rmqdr/json.h"

#include <stddef.h>
#include <string.h>

#define JSMN_STATIC
#define JSMN_STRICT
/* jsmn mixes int and unsigned positions; its code is not ours to fix. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#include <jsmn.h>
#pragma GCC diagnostic pop

_Static_assert(sizeof(rmqdr_json_token_t) == sizeof(jsmntok_t), "token storage must match jsmntok_t");
_Static_assert(offsetof(rmqdr_json_token_t, start) == offsetof(jsmntok_t, start), "jsmntok_t.start");
_Static_assert(offsetof(rmqdr_json_token_t, end) == offsetof(jsmntok_t, end), "jsmntok_t.end");
_Static_assert(offsetof(rmqdr_json_token_t, size) == offsetof(jsmntok_t, size), "jsmntok_t.size");
_Static_assert(RMQDR_JSON_ELEMENT_MAX <= 0x7FFFU, "element offsets must fit jsmn's int and uint16_t");
_Static_assert(RMQDR_JSON_MAX_DEPTH <= 64U, "one bit per level in a uint64_t");
_Static_assert(RMQDR_JSON_MAX_KEY <= 255U, "key_len is a uint8_t");

/* What the next byte may be. */
enum {
    S_VALUE = 0,     /* a value (start of body, after ':' or ',' in an array) */
    S_VALUE_OR_CLOSE,/* after '[' */
    S_KEY_OR_CLOSE,  /* after '{' */
    S_KEY,           /* after ',' in an object */
    S_COLON,         /* after a key */
    S_AFTER_VALUE,   /* ',' or the closing bracket */
    S_END,           /* after the root: blanks only */
    S_STRING,
    S_NUMBER,
    S_LITERAL
};

/* Position inside an escape: after '\\', inside \uXXXX, and the low half
 * of a surrogate pair, which must follow at once as \uXXXX. */
enum { E_NONE = 0, E_START, E_HEX, E_LOW_BACKSLASH, E_LOW_U, E_LOW_HEX };

/* Number grammar (RFC 8259); from N_DOT on only for skipped values, since
 * every known number is an integer. */
enum { N_START = 0, N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_EXP, N_EXP_SIGN, N_EXP_DIGIT };

/* Objects and arrays on the path of known fields, by depth. */
enum { LV_NONE = 0, LV_ROOT, LV_DATA, LV_LIST, LV_ELEMENT, LV_PROGRESS, LV_PDATA };
#define KNOWN_DEPTH_MAX 6U

/* Known fields; the value doubles as the duplicate-detection bit. */
enum {
    F_SKIP = 0,
    F_REQUEST_ID, F_SUCCESS, F_CODE, F_MESSAGE, F_HTTP_STATUS_CODE,
    F_DYNAMIC_CODE, F_DYNAMIC_MESSAGE, F_HOST_ID, F_RECOMMEND, F_DATA,
    F_PAGE_NUMBER, F_PAGE_SIZE, F_TOTAL_COUNT, F_LIST,
    F_PLAN_ID, F_ITEM_ID, F_CHECKPOINT_ID, F_LAST_SYNC_TIME, F_SOURCE, F_TARGET,
    F_REGION_ID, F_INSTANCE_ID, F_INSTANCE_TYPE, F_GROUP_ID, F_TOPIC_NAME,
    F_LAST_FETCH_TIME, F_PROGRESS_DATA,
    F_CONSUME_TIMESTAMP,
    F_ROOT, F_ELEMENT /* values reached by position, not by key */
};
_Static_assert(F_ELEMENT < 32, "one duplicate-detection bit per field in a uint32_t");
#define F_FIRST_ELEMENT_FIELD F_PLAN_ID
#define F_LAST_ELEMENT_FIELD F_CONSUME_TIMESTAMP

/* Value kinds a field accepts. */
enum { K_SKIP = 0, K_TEXT, K_INT, K_BOOL, K_OBJECT, K_ARRAY };

typedef struct {
    const char *name;
    uint8_t len;
    uint8_t level;
    uint8_t field;
} key_def_t;

#define KEY(name, level, field) { (name), (uint8_t)(sizeof(name) - 1U), (level), (field) }

static const key_def_t key_defs[] = {
    KEY("requestId", LV_ROOT, F_REQUEST_ID),
    KEY("RequestId", LV_ROOT, F_REQUEST_ID),
    KEY("success", LV_ROOT, F_SUCCESS),
    KEY("code", LV_ROOT, F_CODE),
    KEY("Code", LV_ROOT, F_CODE),
    KEY("message", LV_ROOT, F_MESSAGE),
    KEY("Message", LV_ROOT, F_MESSAGE),
    KEY("httpStatusCode", LV_ROOT, F_HTTP_STATUS_CODE),
    KEY("dynamicCode", LV_ROOT, F_DYNAMIC_CODE),
    KEY("dynamicMessage", LV_ROOT, F_DYNAMIC_MESSAGE),
    KEY("HostId", LV_ROOT, F_HOST_ID),
    KEY("Recommend", LV_ROOT, F_RECOMMEND),
    KEY("data", LV_ROOT, F_DATA),
    KEY("pageNumber", LV_DATA, F_PAGE_NUMBER),
    KEY("pageSize", LV_DATA, F_PAGE_SIZE),
    KEY("totalCount", LV_DATA, F_TOTAL_COUNT),
    KEY("list", LV_DATA, F_LIST),
    KEY("planId", LV_ELEMENT, F_PLAN_ID),
    KEY("itemId", LV_ELEMENT, F_ITEM_ID),
    KEY("checkpointId", LV_ELEMENT, F_CHECKPOINT_ID),
    KEY("lastSyncTime", LV_ELEMENT, F_LAST_SYNC_TIME),
    KEY("sourceProgress", LV_ELEMENT, F_SOURCE),
    KEY("targetProgress", LV_ELEMENT, F_TARGET),
    KEY("regionId", LV_PROGRESS, F_REGION_ID),
    KEY("instanceId", LV_PROGRESS, F_INSTANCE_ID),
    KEY("instanceType", LV_PROGRESS, F_INSTANCE_TYPE),
    KEY("consumerGroupId", LV_PROGRESS, F_GROUP_ID),
    KEY("topicName", LV_PROGRESS, F_TOPIC_NAME),
    KEY("lastFetchTime", LV_PROGRESS, F_LAST_FETCH_TIME),
    KEY("progressData", LV_PROGRESS, F_PROGRESS_DATA),
    KEY("consumeTimestamp", LV_PDATA, F_CONSUME_TIMESTAMP),
};

#define KEY_COUNT (sizeof key_defs / sizeof key_defs[0])

/* Known fields by depth: the level of the object or array at depth d. */
static const uint8_t level_at_depth[KNOWN_DEPTH_MAX + 1U] = {
    LV_NONE, LV_ROOT, LV_DATA, LV_LIST, LV_ELEMENT, LV_PROGRESS, LV_PDATA
};

static const char *const literals[3] = { "true", "false", "null" };
static const uint8_t literal_len[3] = { 4U, 5U, 4U };
#define LIT_NULL 2U

#define INT64_MAX_MAGNITUDE 9223372036854775807ULL

/* ------------------------------------------------------------------ */
/* Field properties                                                     */
/* ------------------------------------------------------------------ */

static uint8_t field_kind(uint8_t f)
{
    uint8_t kind;

    switch (f) {
    case F_REQUEST_ID: case F_CODE: case F_MESSAGE: case F_DYNAMIC_CODE:
    case F_DYNAMIC_MESSAGE: case F_HOST_ID: case F_RECOMMEND:
    case F_REGION_ID: case F_INSTANCE_ID: case F_INSTANCE_TYPE:
    case F_GROUP_ID: case F_TOPIC_NAME:
        kind = K_TEXT;
        break;
    case F_HTTP_STATUS_CODE: case F_PAGE_NUMBER: case F_PAGE_SIZE: case F_TOTAL_COUNT:
    case F_PLAN_ID: case F_ITEM_ID: case F_CHECKPOINT_ID: case F_LAST_SYNC_TIME:
    case F_LAST_FETCH_TIME: case F_CONSUME_TIMESTAMP:
        kind = K_INT;
        break;
    case F_SUCCESS:
        kind = K_BOOL;
        break;
    case F_DATA: case F_SOURCE: case F_TARGET: case F_PROGRESS_DATA:
    case F_ROOT: case F_ELEMENT:
        kind = K_OBJECT;
        break;
    case F_LIST:
        kind = K_ARRAY;
        break;
    default:
        kind = K_SKIP;
        break;
    }
    return kind;
}

static bool is_element_field(uint8_t f)
{
    return (f >= (uint8_t)F_FIRST_ELEMENT_FIELD) && (f <= (uint8_t)F_LAST_ELEMENT_FIELD);
}

/* Decoded bytes an element string may keep: its checkpoint array less the NUL. */
static uint16_t element_text_cap(uint8_t f)
{
    uint16_t cap;

    switch (f) {
    case F_REGION_ID:     cap = (uint16_t)(RMQDR_REGION_ID_SIZE - 1U); break;
    case F_INSTANCE_ID:   cap = (uint16_t)(RMQDR_INSTANCE_ID_SIZE - 1U); break;
    case F_INSTANCE_TYPE: cap = (uint16_t)(RMQDR_INSTANCE_TYPE_SIZE - 1U); break;
    case F_GROUP_ID:      cap = (uint16_t)(RMQDR_GROUP_ID_SIZE - 1U); break;
    default:              cap = (uint16_t)(RMQDR_TOPIC_NAME_SIZE - 1U); break;
    }
    return cap;
}

/* Envelope string member of field f, with its size and present bit. */
static char *envelope_text(rmqdr_envelope_t *env, uint8_t f, size_t *size, uint32_t *bit)
{
    char *dst;

    switch (f) {
    case F_REQUEST_ID:
        dst = env->request_id; *size = sizeof env->request_id;
        *bit = (uint32_t)RMQDR_ENVELOPE_REQUEST_ID;
        break;
    case F_CODE:
        dst = env->code; *size = sizeof env->code;
        *bit = (uint32_t)RMQDR_ENVELOPE_CODE;
        break;
    case F_MESSAGE:
        dst = env->message; *size = sizeof env->message;
        *bit = (uint32_t)RMQDR_ENVELOPE_MESSAGE;
        break;
    case F_DYNAMIC_CODE:
        dst = env->dynamic_code; *size = sizeof env->dynamic_code;
        *bit = (uint32_t)RMQDR_ENVELOPE_DYNAMIC_CODE;
        break;
    case F_DYNAMIC_MESSAGE:
        dst = env->dynamic_message; *size = sizeof env->dynamic_message;
        *bit = (uint32_t)RMQDR_ENVELOPE_DYNAMIC_MESSAGE;
        break;
    case F_HOST_ID:
        dst = env->host_id; *size = sizeof env->host_id;
        *bit = (uint32_t)RMQDR_ENVELOPE_HOST_ID;
        break;
    default:
        dst = env->recommend; *size = sizeof env->recommend;
        *bit = (uint32_t)RMQDR_ENVELOPE_RECOMMEND;
        break;
    }
    return dst;
}

/* Seen-bits of the fields that belong to objects at level lv and deeper,
 * cleared when such an object opens so each object is checked on its own. */
static uint32_t level_mask(uint8_t lv)
{
    uint32_t mask = 0U;
    size_t i;

    for (i = 0U; i < KEY_COUNT; i++) {
        if (key_defs[i].level >= lv) {
            mask |= (uint32_t)1U << key_defs[i].field;
        }
    }
    return mask;
}

static const key_def_t *find_key(uint8_t level, const char *name, size_t len)
{
    const key_def_t *found = NULL;
    size_t i;

    for (i = 0U; (i < KEY_COUNT) && (found == NULL); i++) {
        if ((key_defs[i].level == level) && (key_defs[i].len == len)
            && (memcmp(key_defs[i].name, name, len) == 0)) {
            found = &key_defs[i];
        }
    }
    return found;
}

/* ------------------------------------------------------------------ */
/* Integers                                                             */
/* ------------------------------------------------------------------ */

/* Appends one decimal digit; false on int64 overflow. */
static bool int_digit(uint64_t *magnitude, bool negative, uint8_t digit)
{
    const uint64_t limit = negative ? (INT64_MAX_MAGNITUDE + 1U) : INT64_MAX_MAGNITUDE;
    bool ok = false;

    if (*magnitude <= ((limit - digit) / 10U)) {
        *magnitude = (*magnitude * 10U) + digit;
        ok = true;
    }
    return ok;
}

static int64_t int_value(uint64_t magnitude, bool negative)
{
    int64_t v;

    if (!negative) {
        v = (int64_t)magnitude;
    } else if (magnitude > INT64_MAX_MAGNITUDE) {
        v = INT64_MIN;
    } else {
        v = -(int64_t)magnitude;
    }
    return v;
}

static bool is_digit(uint8_t c)
{
    return (c >= (uint8_t)'0') && (c <= (uint8_t)'9');
}

static bool is_blank(uint8_t c)
{
    return (c == (uint8_t)' ') || (c == (uint8_t)'\t') || (c == (uint8_t)'\n') || (c == (uint8_t)'\r');
}

/* ------------------------------------------------------------------ */
/* Decoder basics                                                       */
/* ------------------------------------------------------------------ */

static void fail(rmqdr_json_decoder_t *d, rmqdr_status_t st)
{
    if (d->status == RMQDR_OK) {
        d->status = st;
        d->error_offset = d->offset;
    }
}

static jsmntok_t *token_pool(rmqdr_json_decoder_t *d)
{
    /* Same layout, checked above; never accessed as the storage type. */
    return (jsmntok_t *)(void *)d->tokens;
}

static void put(rmqdr_json_decoder_t *d, const char *s, size_t n)
{
    if (n > ((size_t)RMQDR_JSON_ELEMENT_MAX - d->elem_len)) {
        fail(d, RMQDR_ERR_JSON_ELEMENT_TOO_LARGE);
    } else {
        (void)memcpy(&d->element[d->elem_len], s, n);
        d->elem_len = (uint16_t)(d->elem_len + n);
    }
}

static void put_byte(rmqdr_json_decoder_t *d, uint8_t c)
{
    const char ch = (char)c;
    put(d, &ch, 1U);
}

static bool top_is_object(const rmqdr_json_decoder_t *d)
{
    return (d->depth > 0U) && (((d->containers >> (d->depth - 1U)) & 1U) != 0U);
}

/* The current value is complete: what may follow depends on the container. */
static void value_done(rmqdr_json_decoder_t *d)
{
    d->field = F_SKIP;
    d->state = (d->depth == 0U) ? (uint8_t)S_END : (uint8_t)S_AFTER_VALUE;
}

static void envelope_int(rmqdr_json_decoder_t *d, int64_t v)
{
    rmqdr_envelope_t *env = d->env;

    switch (d->field) {
    case F_HTTP_STATUS_CODE:
        env->http_status_code = v;
        env->present |= (uint32_t)RMQDR_ENVELOPE_HTTP_STATUS_CODE;
        break;
    case F_PAGE_NUMBER:
        env->page_number = v;
        env->present |= (uint32_t)RMQDR_ENVELOPE_PAGE_NUMBER;
        break;
    case F_PAGE_SIZE:
        env->page_size = v;
        env->present |= (uint32_t)RMQDR_ENVELOPE_PAGE_SIZE;
        break;
    default:
        env->total_count = v;
        env->present |= (uint32_t)RMQDR_ENVELOPE_TOTAL_COUNT;
        break;
    }
}

/* ------------------------------------------------------------------ */
/* Mapping one element (jsmn tokens -> checkpoint)                      */
/* ------------------------------------------------------------------ */

/* Index of the token after the subtree that starts at i. */
static int skip_subtree(const jsmntok_t *t, int i, int n)
{
    int pending = 1;
    int j = i;

    while ((pending > 0) && (j < n)) {
        pending += t[j].size - 1;
        j++;
    }
    return j;
}

static bool is_null(const char *js, const jsmntok_t *t)
{
    return (t->type == JSMN_PRIMITIVE) && (js[t->start] == 'n');
}

static rmqdr_status_t map_int(const char *js, const jsmntok_t *t, int64_t *out,
                              uint32_t *present, uint32_t bit)
{
    rmqdr_status_t st = RMQDR_OK;
    uint64_t magnitude = 0U;
    bool negative = false;
    int i = t->start;

    if (t->type != JSMN_PRIMITIVE) {
        st = RMQDR_ERR_JSON_BAD_TYPE; /* not reached: integers are normalized to bare digits */
    } else if (!is_null(js, t)) {
        if (js[i] == '-') {
            negative = true;
            i++;
        }
        if (i >= t->end) {
            st = RMQDR_ERR_JSON_BAD_NUMBER;
        }
        for (; (i < t->end) && (st == RMQDR_OK); i++) {
            const uint8_t c = (uint8_t)js[i];
            if (!is_digit(c) || !int_digit(&magnitude, negative, (uint8_t)(c - (uint8_t)'0'))) {
                st = RMQDR_ERR_JSON_BAD_NUMBER;
            }
        }
        if (st == RMQDR_OK) {
            *out = int_value(magnitude, negative);
            *present |= bit;
        }
    } else {
        /* null: absent */
    }
    return st;
}

/* Length to keep of dst[0..o) when the byte `next` no longer fits, so a
 * multi-byte character is never split. */
static size_t utf8_keep(const char *dst, size_t o, char next)
{
    size_t k = o;

    if ((((uint8_t)next) & 0xC0U) == 0x80U) {
        while ((k > 0U) && ((((uint8_t)dst[k - 1U]) & 0xC0U) == 0x80U)) {
            k--;
        }
        if (k > 0U) {
            k--; /* the lead byte of the split character */
        }
    }
    return k;
}

static rmqdr_status_t map_text(const char *js, const jsmntok_t *t, char *dst, size_t size,
                               uint32_t *present, uint32_t *truncated, uint32_t bit)
{
    rmqdr_status_t st = RMQDR_OK;

    if (t->type == JSMN_STRING) {
        size_t o = 0U;
        bool cut = false;
        bool full = false;
        int i = t->start;
        while ((i < t->end) && !full) {
            char ch = js[i];
            bool mark = false;
            if ((ch == '\\') && ((i + 1) < t->end)) {
                i++;
                ch = js[i];
                mark = (ch == '/'); /* the splitter's truncation mark */
            }
            i++;
            if (mark) {
                cut = true;
            } else if ((o + 1U) < size) {
                dst[o] = ch;
                o++;
            } else {
                /* Not reached: the splitter already caps each string. */
                cut = true;
                full = true;
                o = utf8_keep(dst, o, ch);
            }
        }
        dst[o] = '\0';
        *present |= bit;
        if (cut) {
            *truncated |= bit;
        }
    } else if (!is_null(js, t)) {
        st = RMQDR_ERR_JSON_BAD_TYPE; /* not reached: the splitter checks types */
    } else {
        /* null: absent */
    }
    return st;
}

/* Reads the key at t[*i], gives its definition (NULL if unknown) and the
 * index of its value, and moves *i past the value. */
static rmqdr_status_t next_member(const char *js, const jsmntok_t *t, int n, uint8_t level,
                                  int *i, const key_def_t **def, int *value)
{
    rmqdr_status_t st = RMQDR_OK;
    const jsmntok_t *key = &t[*i];

    if (((*i + 1) >= n) || (key->type != JSMN_STRING)) {
        st = RMQDR_ERR_JSON_SYNTAX;
    } else {
        *def = find_key(level, &js[key->start], (size_t)key->end - (size_t)key->start);
        *value = *i + 1;
        *i = skip_subtree(t, *value, n);
    }
    return st;
}

static rmqdr_status_t map_progress_data(const char *js, const jsmntok_t *t, int n, int obj,
                                        rmqdr_progress_t *p)
{
    rmqdr_status_t st = RMQDR_OK;
    int i = obj + 1;

    if (t[obj].type != JSMN_OBJECT) {
        st = is_null(js, &t[obj]) ? RMQDR_OK : RMQDR_ERR_JSON_BAD_TYPE;
    } else {
        int k;
        for (k = 0; (k < t[obj].size) && (st == RMQDR_OK); k++) {
            const key_def_t *def = NULL;
            int v = 0;
            st = next_member(js, t, n, LV_PDATA, &i, &def, &v);
            if ((st == RMQDR_OK) && (def != NULL)) {
                st = map_int(js, &t[v], &p->consume_timestamp, &p->present,
                             (uint32_t)RMQDR_PROGRESS_CONSUME_TIMESTAMP);
            }
        }
    }
    return st;
}

static void map_instance_type(rmqdr_progress_t *p)
{
    if ((p->present & (uint32_t)RMQDR_PROGRESS_INSTANCE_TYPE) == 0U) {
        p->instance_type = RMQDR_INSTANCE_TYPE_NONE;
    } else if (strcmp(p->instance_type_text, "ALIYUN_ROCKETMQ") == 0) {
        p->instance_type = RMQDR_INSTANCE_TYPE_ALIYUN_ROCKETMQ;
    } else if (strcmp(p->instance_type_text, "EXTERNAL_ROCKETMQ") == 0) {
        p->instance_type = RMQDR_INSTANCE_TYPE_EXTERNAL_ROCKETMQ;
    } else {
        p->instance_type = RMQDR_INSTANCE_TYPE_UNKNOWN;
    }
}

static rmqdr_status_t map_progress_member(const char *js, const jsmntok_t *t, int n, uint8_t f,
                                          int v, rmqdr_progress_t *p)
{
    rmqdr_status_t st;
    const jsmntok_t *tok = &t[v];

    switch (f) {
    case F_REGION_ID:
        st = map_text(js, tok, p->region_id, sizeof p->region_id, &p->present, &p->truncated,
                      (uint32_t)RMQDR_PROGRESS_REGION_ID);
        break;
    case F_INSTANCE_ID:
        st = map_text(js, tok, p->instance_id, sizeof p->instance_id, &p->present, &p->truncated,
                      (uint32_t)RMQDR_PROGRESS_INSTANCE_ID);
        break;
    case F_INSTANCE_TYPE:
        st = map_text(js, tok, p->instance_type_text, sizeof p->instance_type_text, &p->present,
                      &p->truncated, (uint32_t)RMQDR_PROGRESS_INSTANCE_TYPE);
        map_instance_type(p);
        break;
    case F_GROUP_ID:
        st = map_text(js, tok, p->consumer_group_id, sizeof p->consumer_group_id, &p->present,
                      &p->truncated, (uint32_t)RMQDR_PROGRESS_CONSUMER_GROUP_ID);
        break;
    case F_TOPIC_NAME:
        st = map_text(js, tok, p->topic_name, sizeof p->topic_name, &p->present, &p->truncated,
                      (uint32_t)RMQDR_PROGRESS_TOPIC_NAME);
        break;
    case F_LAST_FETCH_TIME:
        st = map_int(js, tok, &p->last_fetch_time, &p->present,
                     (uint32_t)RMQDR_PROGRESS_LAST_FETCH_TIME);
        break;
    default: /* F_PROGRESS_DATA */
        st = map_progress_data(js, t, n, v, p);
        break;
    }
    return st;
}

static rmqdr_status_t map_progress(const char *js, const jsmntok_t *t, int n, int obj,
                                   rmqdr_progress_t *p, uint32_t *present, uint32_t bit)
{
    rmqdr_status_t st = RMQDR_OK;
    int i = obj + 1;

    if (t[obj].type != JSMN_OBJECT) {
        st = is_null(js, &t[obj]) ? RMQDR_OK : RMQDR_ERR_JSON_BAD_TYPE;
    } else {
        int k;
        *present |= bit;
        for (k = 0; (k < t[obj].size) && (st == RMQDR_OK); k++) {
            const key_def_t *def = NULL;
            int v = 0;
            st = next_member(js, t, n, LV_PROGRESS, &i, &def, &v);
            if ((st == RMQDR_OK) && (def != NULL)) {
                st = map_progress_member(js, t, n, def->field, v, p);
            }
        }
    }
    return st;
}

static rmqdr_status_t map_element_member(const char *js, const jsmntok_t *t, int n, uint8_t f,
                                         int v, rmqdr_checkpoint_t *cp)
{
    rmqdr_status_t st;

    switch (f) {
    case F_PLAN_ID:
        st = map_int(js, &t[v], &cp->plan_id, &cp->present, (uint32_t)RMQDR_CHECKPOINT_PLAN_ID);
        break;
    case F_ITEM_ID:
        st = map_int(js, &t[v], &cp->item_id, &cp->present, (uint32_t)RMQDR_CHECKPOINT_ITEM_ID);
        break;
    case F_CHECKPOINT_ID:
        st = map_int(js, &t[v], &cp->checkpoint_id, &cp->present,
                     (uint32_t)RMQDR_CHECKPOINT_CHECKPOINT_ID);
        break;
    case F_LAST_SYNC_TIME:
        st = map_int(js, &t[v], &cp->last_sync_time, &cp->present,
                     (uint32_t)RMQDR_CHECKPOINT_LAST_SYNC_TIME);
        break;
    case F_SOURCE:
        st = map_progress(js, t, n, v, &cp->source, &cp->present,
                          (uint32_t)RMQDR_CHECKPOINT_SOURCE_PROGRESS);
        break;
    default: /* F_TARGET */
        st = map_progress(js, t, n, v, &cp->target, &cp->present,
                          (uint32_t)RMQDR_CHECKPOINT_TARGET_PROGRESS);
        break;
    }
    return st;
}

static rmqdr_status_t map_element(const char *js, const jsmntok_t *t, int n, rmqdr_checkpoint_t *cp)
{
    rmqdr_status_t st = RMQDR_OK;
    int i = 1;
    int k;

    (void)memset(cp, 0, sizeof *cp);
    if (t[0].type != JSMN_OBJECT) {
        st = RMQDR_ERR_JSON_BAD_TYPE; /* not reached: the splitter checks it */
    }
    for (k = 0; (k < t[0].size) && (st == RMQDR_OK); k++) {
        const key_def_t *def = NULL;
        int v = 0;
        st = next_member(js, t, n, LV_ELEMENT, &i, &def, &v);
        if ((st == RMQDR_OK) && (def != NULL)) {
            st = map_element_member(js, t, n, def->field, v, cp);
        }
    }
    return st;
}

/* ------------------------------------------------------------------ */
/* Element completion and delivery                                      */
/* ------------------------------------------------------------------ */

static void deliver(rmqdr_json_decoder_t *d, int ntok)
{
    rmqdr_json_sink_t *sink = &d->sink;
    rmqdr_checkpoint_t *cp = NULL;
    rmqdr_status_t st = RMQDR_OK;

    if (sink->mode == RMQDR_JSON_SINK_CALLBACK) {
        cp = sink->items;
    } else if (d->stored < sink->cap) {
        cp = &sink->items[d->stored];
    } else {
        /* Beyond cap: validated and counted, not written. */
    }
    if (cp != NULL) {
        st = map_element(d->element, token_pool(d), ntok, cp);
    }
    if (st != RMQDR_OK) {
        fail(d, st);
    } else {
        if (d->env->list_count < UINT32_MAX) {
            d->env->list_count++;
        }
        if (sink->mode == RMQDR_JSON_SINK_CALLBACK) {
            st = sink->on_checkpoint(sink->ctx, cp);
            if (st != RMQDR_OK) {
                d->callback_status = st;
                fail(d, RMQDR_ERR_ABORTED_BY_CALLBACK);
            }
        } else if (cp != NULL) {
            d->stored++;
        } else {
            /* counted only */
        }
    }
}

static void element_done(rmqdr_json_decoder_t *d)
{
    if (d->status == RMQDR_OK) {
        jsmn_parser parser;
        int n;
        jsmn_init(&parser);
        n = jsmn_parse(&parser, d->element, d->elem_len, token_pool(d), RMQDR_JSON_MAX_TOKENS);
        if (n == (int)JSMN_ERROR_NOMEM) {
            fail(d, RMQDR_ERR_JSON_TOO_MANY_TOKENS);
        } else if (n < 1) {
            fail(d, RMQDR_ERR_JSON_SYNTAX); /* not reached: the copy is valid JSON */
        } else {
            deliver(d, n);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Containers                                                           */
/* ------------------------------------------------------------------ */

/* A container on the known path just opened at d->depth. */
static void enter_known(rmqdr_json_decoder_t *d)
{
    const uint8_t lv = level_at_depth[d->depth];
    const uint8_t bit = (uint8_t)(1U << d->depth);

    switch (lv) {
    case LV_ROOT:
        d->seen = 0U;
        break;
    case LV_DATA:
        d->env->present |= (uint32_t)RMQDR_ENVELOPE_DATA;
        d->seen &= ~level_mask(LV_DATA);
        break;
    case LV_LIST:
        d->env->present |= (uint32_t)RMQDR_ENVELOPE_LIST;
        break;
    default: /* element, progress, progressData */
        if (lv == (uint8_t)LV_ELEMENT) {
            d->elem_len = 0U;
        }
        d->seen &= ~level_mask(lv);
        d->commas = (uint8_t)(d->commas & (uint8_t)~bit);
        put_byte(d, (uint8_t)'{');
        break;
    }
}

/* A container on the known path is about to close at d->depth. */
static void leave_known(rmqdr_json_decoder_t *d)
{
    const uint8_t lv = level_at_depth[d->depth];

    if (lv >= (uint8_t)LV_ELEMENT) {
        put_byte(d, (uint8_t)'}');
        if (lv == (uint8_t)LV_ELEMENT) {
            element_done(d);
        }
    }
}

static void push(rmqdr_json_decoder_t *d, bool is_object)
{
    if (d->depth >= RMQDR_JSON_MAX_DEPTH) {
        fail(d, RMQDR_ERR_JSON_TOO_DEEP);
    } else {
        const uint64_t bit = (uint64_t)1U << d->depth;
        d->containers = is_object ? (d->containers | bit) : (d->containers & ~bit);
        d->depth++;
        /* A known field's value is a known container one level down. */
        if ((d->field != (uint8_t)F_SKIP) && (d->depth <= KNOWN_DEPTH_MAX)) {
            d->known = d->depth;
            enter_known(d);
        }
        d->field = F_SKIP;
        d->state = is_object ? (uint8_t)S_KEY_OR_CLOSE : (uint8_t)S_VALUE_OR_CLOSE;
    }
}

static void pop(rmqdr_json_decoder_t *d, bool is_object)
{
    if (top_is_object(d) != is_object) {
        fail(d, RMQDR_ERR_JSON_SYNTAX);
    } else {
        if (d->known == d->depth) {
            leave_known(d);
            d->known--;
        }
        d->depth--;
        value_done(d);
    }
}

/* ------------------------------------------------------------------ */
/* Strings                                                              */
/* ------------------------------------------------------------------ */

static void key_char(rmqdr_json_decoder_t *d, const uint8_t *b, size_t n)
{
    if (d->key_matters && !d->key_long) {
        if (n > ((size_t)RMQDR_JSON_MAX_KEY - d->key_len)) {
            d->key_long = true;
        } else {
            (void)memcpy(&d->key[d->key_len], b, n);
            d->key_len = (uint8_t)(d->key_len + n);
        }
    }
}

static void envelope_text_char(rmqdr_json_decoder_t *d, const uint8_t *b, size_t n)
{
    size_t size = 0U;
    uint32_t bit = 0U;
    char *dst = envelope_text(d->env, d->field, &size, &bit);

    if (!d->cut) {
        /* U+0000 would end the C string early: cut there, visibly. */
        if ((b[0] == 0U) || (n > ((size - 1U) - d->str_len))) {
            d->cut = true;
            d->env->truncated |= bit;
        } else {
            (void)memcpy(&dst[d->str_len], b, n);
            d->str_len = (uint16_t)(d->str_len + n);
            dst[d->str_len] = '\0';
        }
    }
}

static void element_text_char(rmqdr_json_decoder_t *d, const uint8_t *b, size_t n)
{
    if (!d->cut) {
        if ((b[0] == 0U) || (n > (size_t)(element_text_cap(d->field) - d->str_len))) {
            d->cut = true;
        } else {
            size_t i;
            for (i = 0U; i < n; i++) {
                if ((b[i] == (uint8_t)'"') || (b[i] == (uint8_t)'\\')) {
                    put_byte(d, (uint8_t)'\\');
                }
                put_byte(d, b[i]);
            }
            d->str_len = (uint16_t)(d->str_len + n);
        }
    }
}

/* One more decimal digit of a tracked integer. */
static void accumulate(rmqdr_json_decoder_t *d, uint8_t c)
{
    if (!int_digit(&d->magnitude, d->negative, (uint8_t)(c - (uint8_t)'0'))) {
        fail(d, RMQDR_ERR_JSON_BAD_NUMBER);
    }
}

/* A character of a string given for an integer field: -?(0|[1-9][0-9]*). */
static void numeric_string_char(rmqdr_json_decoder_t *d, const uint8_t *b, size_t n)
{
    const uint8_t c = b[0];

    if (n != 1U) {
        fail(d, RMQDR_ERR_JSON_BAD_NUMBER);
    } else if ((c == (uint8_t)'-') && (d->num == (uint8_t)N_START)) {
        d->negative = true;
        d->num = N_MINUS;
    } else if (is_digit(c) && (d->num != (uint8_t)N_ZERO)) {
        if (d->num != (uint8_t)N_INT) {
            d->num = (c == (uint8_t)'0') ? (uint8_t)N_ZERO : (uint8_t)N_INT;
        }
        accumulate(d, c);
    } else {
        fail(d, RMQDR_ERR_JSON_BAD_NUMBER);
    }
    if ((d->status == RMQDR_OK) && is_element_field(d->field)) {
        put_byte(d, c);
    }
}

/* One decoded character (1..4 bytes of UTF-8) of the current string. */
static void string_char(rmqdr_json_decoder_t *d, const uint8_t *b, size_t n)
{
    const uint8_t kind = field_kind(d->field);

    if (d->in_key) {
        key_char(d, b, n);
    } else if (kind == (uint8_t)K_TEXT) {
        if (is_element_field(d->field)) {
            element_text_char(d, b, n);
        } else {
            envelope_text_char(d, b, n);
        }
    } else if (kind == (uint8_t)K_INT) {
        numeric_string_char(d, b, n);
    } else {
        /* skipped value */
    }
}

static void code_point(rmqdr_json_decoder_t *d, uint32_t cp)
{
    uint8_t b[4];
    size_t n;

    if (cp < 0x80U) {
        b[0] = (uint8_t)cp;
        n = 1U;
    } else if (cp < 0x800U) {
        b[0] = (uint8_t)(0xC0U | (cp >> 6));
        b[1] = (uint8_t)(0x80U | (cp & 0x3FU));
        n = 2U;
    } else if (cp < 0x10000U) {
        b[0] = (uint8_t)(0xE0U | (cp >> 12));
        b[1] = (uint8_t)(0x80U | ((cp >> 6) & 0x3FU));
        b[2] = (uint8_t)(0x80U | (cp & 0x3FU));
        n = 3U;
    } else {
        b[0] = (uint8_t)(0xF0U | (cp >> 18));
        b[1] = (uint8_t)(0x80U | ((cp >> 12) & 0x3FU));
        b[2] = (uint8_t)(0x80U | ((cp >> 6) & 0x3FU));
        b[3] = (uint8_t)(0x80U | (cp & 0x3FU));
        n = 4U;
    }
    string_char(d, b, n);
}

static void key_done(rmqdr_json_decoder_t *d)
{
    const key_def_t *def = NULL;
    uint32_t bit;

    if (d->key_matters && !d->key_long) {
        def = find_key(level_at_depth[d->depth], d->key, d->key_len);
    }
    d->state = S_COLON;
    d->field = (def != NULL) ? def->field : (uint8_t)F_SKIP;
    if (def != NULL) {
        bit = (uint32_t)1U << def->field;
        if ((d->seen & bit) != 0U) {
            fail(d, RMQDR_ERR_JSON_DUPLICATE_KEY);
        } else {
            d->seen |= bit;
            if (is_element_field(def->field)) {
                const uint8_t cbit = (uint8_t)(1U << d->depth);
                if ((d->commas & cbit) != 0U) {
                    put_byte(d, (uint8_t)',');
                }
                d->commas = (uint8_t)(d->commas | cbit);
                put_byte(d, (uint8_t)'"');
                put(d, def->name, def->len);
                put(d, "\":", 2U);
            }
        }
    }
}

static void string_value_open(rmqdr_json_decoder_t *d)
{
    const uint8_t kind = field_kind(d->field);
    size_t size = 0U;
    uint32_t bit = 0U;

    if (kind == (uint8_t)K_TEXT) {
        if (is_element_field(d->field)) {
            put_byte(d, (uint8_t)'"');
        } else {
            (void)envelope_text(d->env, d->field, &size, &bit);
            d->env->present |= bit;
        }
    } else if (kind == (uint8_t)K_INT) {
        d->magnitude = 0U;
        d->negative = false;
        d->num = N_START;
    } else {
        /* skipped value */
    }
}

static void string_value_close(rmqdr_json_decoder_t *d)
{
    const uint8_t kind = field_kind(d->field);

    if (kind == (uint8_t)K_TEXT) {
        if (is_element_field(d->field)) {
            if (d->cut) {
                put(d, "\\/", 2U);
            }
            put_byte(d, (uint8_t)'"');
        }
    } else if (kind == (uint8_t)K_INT) {
        if ((d->num != (uint8_t)N_ZERO) && (d->num != (uint8_t)N_INT)) {
            fail(d, RMQDR_ERR_JSON_BAD_NUMBER);
        } else if (!is_element_field(d->field)) {
            envelope_int(d, int_value(d->magnitude, d->negative));
        } else {
            /* digits already copied */
        }
    } else {
        /* skipped value */
    }
    value_done(d);
}

static void begin_string(rmqdr_json_decoder_t *d, bool is_key)
{
    d->state = S_STRING;
    d->in_key = is_key;
    d->esc = E_NONE;
    d->u8_need = 0U;
    d->str_len = 0U;
    d->cut = false;
    if (is_key) {
        d->key_len = 0U;
        d->key_long = false;
        d->key_matters = (d->known == d->depth);
    } else {
        string_value_open(d);
    }
}

static uint8_t hex_value(uint8_t c)
{
    uint8_t v = 0xFFU;

    if (is_digit(c)) {
        v = (uint8_t)(c - (uint8_t)'0');
    } else if ((c >= (uint8_t)'a') && (c <= (uint8_t)'f')) {
        v = (uint8_t)(c - (uint8_t)'a' + 10U);
    } else if ((c >= (uint8_t)'A') && (c <= (uint8_t)'F')) {
        v = (uint8_t)(c - (uint8_t)'A' + 10U);
    } else {
        /* not hex */
    }
    return v;
}

static uint8_t simple_escape(uint8_t c)
{
    uint8_t out;

    switch (c) {
    case (uint8_t)'"':  out = (uint8_t)'"'; break;
    case (uint8_t)'\\': out = (uint8_t)'\\'; break;
    case (uint8_t)'/':  out = (uint8_t)'/'; break;
    case (uint8_t)'b':  out = 0x08U; break;
    case (uint8_t)'f':  out = 0x0CU; break;
    case (uint8_t)'n':  out = 0x0AU; break;
    case (uint8_t)'r':  out = 0x0DU; break;
    case (uint8_t)'t':  out = 0x09U; break;
    default:            out = 0xFFU; break;
    }
    return out;
}

/* A hex digit of \uXXXX; at the fourth, the code unit is complete. */
static void escape_hex(rmqdr_json_decoder_t *d, uint8_t c)
{
    const uint8_t v = hex_value(c);

    if (v == 0xFFU) {
        fail(d, RMQDR_ERR_JSON_BAD_ESCAPE);
    } else {
        d->unit = (uint16_t)((uint16_t)(d->unit << 4) | v);
        d->hex++;
    }
    if ((d->status == RMQDR_OK) && (d->hex == 4U)) {
        const uint16_t u = d->unit;
        if (d->esc == (uint8_t)E_LOW_HEX) {
            if ((u < 0xDC00U) || (u > 0xDFFFU)) {
                fail(d, RMQDR_ERR_JSON_BAD_ESCAPE);
            } else {
                d->esc = E_NONE;
                code_point(d, 0x10000U + (((uint32_t)d->high - 0xD800U) << 10) + ((uint32_t)u - 0xDC00U));
            }
        } else if ((u >= 0xD800U) && (u <= 0xDBFFU)) {
            d->high = u;
            d->esc = E_LOW_BACKSLASH;
        } else if ((u >= 0xDC00U) && (u <= 0xDFFFU)) {
            fail(d, RMQDR_ERR_JSON_BAD_ESCAPE);
        } else {
            d->esc = E_NONE;
            code_point(d, u);
        }
    }
}

static void on_escape(rmqdr_json_decoder_t *d, uint8_t c)
{
    switch (d->esc) {
    case E_START:
        if (c == (uint8_t)'u') {
            d->esc = E_HEX;
            d->hex = 0U;
            d->unit = 0U;
        } else if (simple_escape(c) != 0xFFU) {
            const uint8_t ch = simple_escape(c);
            d->esc = E_NONE;
            string_char(d, &ch, 1U);
        } else {
            fail(d, RMQDR_ERR_JSON_BAD_ESCAPE);
        }
        break;
    case E_LOW_BACKSLASH:
        if (c == (uint8_t)'\\') {
            d->esc = E_LOW_U;
        } else {
            fail(d, RMQDR_ERR_JSON_BAD_ESCAPE);
        }
        break;
    case E_LOW_U:
        if (c == (uint8_t)'u') {
            d->esc = E_LOW_HEX;
            d->hex = 0U;
            d->unit = 0U;
        } else {
            fail(d, RMQDR_ERR_JSON_BAD_ESCAPE);
        }
        break;
    default: /* E_HEX, E_LOW_HEX */
        escape_hex(d, c);
        break;
    }
}

/* First byte of a multi-byte UTF-8 character: how many follow, and the
 * range of the next one (which excludes overlong forms and surrogates). */
static void utf8_lead(rmqdr_json_decoder_t *d, uint8_t c)
{
    d->u8_lo = 0x80U;
    d->u8_hi = 0xBFU;
    if ((c >= 0xC2U) && (c <= 0xDFU)) {
        d->u8_need = 1U;
    } else if ((c >= 0xE0U) && (c <= 0xEFU)) {
        d->u8_need = 2U;
        if (c == 0xE0U) {
            d->u8_lo = 0xA0U;
        } else if (c == 0xEDU) {
            d->u8_hi = 0x9FU;
        } else {
            /* full range */
        }
    } else if ((c >= 0xF0U) && (c <= 0xF4U)) {
        d->u8_need = 3U;
        if (c == 0xF0U) {
            d->u8_lo = 0x90U;
        } else if (c == 0xF4U) {
            d->u8_hi = 0x8FU;
        } else {
            /* full range */
        }
    } else {
        fail(d, RMQDR_ERR_JSON_SYNTAX);
    }
    d->u8[0] = c;
    d->u8_len = 1U;
}

static void utf8_continuation(rmqdr_json_decoder_t *d, uint8_t c)
{
    if ((c < d->u8_lo) || (c > d->u8_hi)) {
        fail(d, RMQDR_ERR_JSON_SYNTAX);
    } else {
        d->u8[d->u8_len] = c;
        d->u8_len++;
        d->u8_need--;
        d->u8_lo = 0x80U;
        d->u8_hi = 0xBFU;
        if (d->u8_need == 0U) {
            string_char(d, d->u8, d->u8_len);
        }
    }
}

static void on_string(rmqdr_json_decoder_t *d, uint8_t c)
{
    if (d->u8_need > 0U) {
        utf8_continuation(d, c);
    } else if (d->esc != (uint8_t)E_NONE) {
        on_escape(d, c);
    } else if (c == (uint8_t)'"') {
        if (d->in_key) {
            key_done(d);
        } else {
            string_value_close(d);
        }
    } else if (c == (uint8_t)'\\') {
        d->esc = E_START;
    } else if (c < 0x20U) {
        fail(d, RMQDR_ERR_JSON_SYNTAX); /* control characters must be escaped */
    } else if (c < 0x80U) {
        string_char(d, &c, 1U);
    } else {
        utf8_lead(d, c);
    }
}

/* ------------------------------------------------------------------ */
/* Numbers and literals                                                 */
/* ------------------------------------------------------------------ */

/* Where the characters of a number on a known field go. */
static void number_out(rmqdr_json_decoder_t *d, uint8_t c)
{
    if (is_element_field(d->field)) {
        put_byte(d, c);
    } else if (field_kind(d->field) == (uint8_t)K_TEXT) {
        envelope_text_char(d, &c, 1U);
    } else {
        /* envelope integer: accumulated */
    }
}

static void begin_number(rmqdr_json_decoder_t *d)
{
    d->state = S_NUMBER;
    d->num = N_START;
    d->magnitude = 0U;
    d->negative = false;
    if (is_element_field(d->field) && (field_kind(d->field) == (uint8_t)K_TEXT)) {
        put_byte(d, (uint8_t)'"');
    } else if (field_kind(d->field) == (uint8_t)K_TEXT) {
        size_t size = 0U;
        uint32_t bit = 0U;
        (void)envelope_text(d->env, d->field, &size, &bit);
        d->env->present |= bit;
        d->str_len = 0U;
        d->cut = false;
    } else {
        /* integer or skipped */
    }
}

/* Integer part of a number. Fractions and exponents are refused on known
 * fields (every one of them is an integer) and checked only for syntax
 * elsewhere. */
static bool number_int_part(rmqdr_json_decoder_t *d, uint8_t c, bool tracked)
{
    bool consumed = true;

    if (is_digit(c)) {
        if (d->num == (uint8_t)N_ZERO) {
            fail(d, RMQDR_ERR_JSON_SYNTAX); /* leading zero */
        } else {
            if (d->num != (uint8_t)N_INT) {
                d->num = (c == (uint8_t)'0') ? (uint8_t)N_ZERO : (uint8_t)N_INT;
            }
            if (tracked) {
                accumulate(d, c);
            }
        }
    } else if (d->num == (uint8_t)N_MINUS) {
        fail(d, RMQDR_ERR_JSON_SYNTAX);
    } else if ((c == (uint8_t)'.') || (c == (uint8_t)'e') || (c == (uint8_t)'E')) {
        if (tracked) {
            fail(d, RMQDR_ERR_JSON_BAD_NUMBER);
        } else {
            d->num = (c == (uint8_t)'.') ? (uint8_t)N_DOT : (uint8_t)N_EXP;
        }
    } else {
        consumed = false;
    }
    return consumed;
}

/* Fraction and exponent of a skipped number. */
static bool number_tail(rmqdr_json_decoder_t *d, uint8_t c)
{
    bool consumed = true;

    switch (d->num) {
    case N_DOT:
        if (is_digit(c)) {
            d->num = N_FRAC;
        } else {
            fail(d, RMQDR_ERR_JSON_SYNTAX);
        }
        break;
    case N_FRAC:
        if ((c == (uint8_t)'e') || (c == (uint8_t)'E')) {
            d->num = N_EXP;
        } else if (!is_digit(c)) {
            consumed = false;
        } else {
            /* more fraction digits */
        }
        break;
    case N_EXP:
        if ((c == (uint8_t)'+') || (c == (uint8_t)'-')) {
            d->num = N_EXP_SIGN;
        } else if (is_digit(c)) {
            d->num = N_EXP_DIGIT;
        } else {
            fail(d, RMQDR_ERR_JSON_SYNTAX);
        }
        break;
    case N_EXP_SIGN:
        if (is_digit(c)) {
            d->num = N_EXP_DIGIT;
        } else {
            fail(d, RMQDR_ERR_JSON_SYNTAX);
        }
        break;
    default: /* N_EXP_DIGIT */
        consumed = is_digit(c);
        break;
    }
    return consumed;
}

/* Returns false when c is not part of the number (it ends it). */
static bool number_char(rmqdr_json_decoder_t *d, uint8_t c)
{
    const bool tracked = (d->field != (uint8_t)F_SKIP);
    bool consumed;

    if ((d->num == (uint8_t)N_START) && (c == (uint8_t)'-')) {
        d->negative = true;
        d->num = N_MINUS;
        consumed = true;
    } else if (d->num <= (uint8_t)N_INT) {
        consumed = number_int_part(d, c, tracked);
    } else {
        consumed = number_tail(d, c);
    }
    if (consumed && tracked && (d->status == RMQDR_OK)) {
        number_out(d, c);
    }
    return consumed;
}

static void number_end(rmqdr_json_decoder_t *d)
{
    if (is_element_field(d->field)) {
        if (field_kind(d->field) == (uint8_t)K_TEXT) {
            put_byte(d, (uint8_t)'"');
        }
    } else if (field_kind(d->field) == (uint8_t)K_INT) {
        envelope_int(d, int_value(d->magnitude, d->negative));
    } else {
        /* envelope text already written, or skipped */
    }
    value_done(d);
}

static void literal_done(rmqdr_json_decoder_t *d)
{
    if (d->lit == LIT_NULL) {
        if (is_element_field(d->field)) {
            put(d, "null", 4U);
        }
    } else if (d->field == (uint8_t)F_SUCCESS) {
        d->env->success = (d->lit == 0U);
        d->env->present |= (uint32_t)RMQDR_ENVELOPE_SUCCESS;
    } else {
        /* skipped boolean */
    }
    value_done(d);
}

static void on_literal(rmqdr_json_decoder_t *d, uint8_t c)
{
    if (c != (uint8_t)literals[d->lit][d->lit_pos]) {
        fail(d, RMQDR_ERR_JSON_SYNTAX);
    } else {
        d->lit_pos++;
        if (d->lit_pos == literal_len[d->lit]) {
            literal_done(d);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Structure                                                            */
/* ------------------------------------------------------------------ */

/* Whether a value starting with c may be given to a field of this kind. */
static bool kind_accepts(uint8_t kind, uint8_t c)
{
    bool ok;

    if (kind == (uint8_t)K_SKIP) {
        ok = true;
    } else if (c == (uint8_t)'{') {
        ok = (kind == (uint8_t)K_OBJECT);
    } else if (c == (uint8_t)'[') {
        ok = (kind == (uint8_t)K_ARRAY);
    } else if ((c == (uint8_t)'t') || (c == (uint8_t)'f')) {
        ok = (kind == (uint8_t)K_BOOL);
    } else if (c == (uint8_t)'n') {
        ok = true; /* null fits every field; the root and list items are checked apart */
    } else {
        ok = (kind == (uint8_t)K_TEXT) || (kind == (uint8_t)K_INT); /* string or number */
    }
    return ok;
}

static bool starts_value(uint8_t c)
{
    return (c == (uint8_t)'{') || (c == (uint8_t)'[') || (c == (uint8_t)'"') || (c == (uint8_t)'-')
           || is_digit(c) || (c == (uint8_t)'t') || (c == (uint8_t)'f') || (c == (uint8_t)'n');
}

static void begin_value(rmqdr_json_decoder_t *d, uint8_t c)
{
    if (d->depth == 0U) {
        d->field = F_ROOT;
    } else if (!top_is_object(d)) {
        d->field = ((d->known == d->depth) && (level_at_depth[d->depth] == (uint8_t)LV_LIST))
                       ? (uint8_t)F_ELEMENT : (uint8_t)F_SKIP;
    } else {
        /* set by the key */
    }
    if (!starts_value(c)) {
        fail(d, RMQDR_ERR_JSON_SYNTAX);
    } else if (!kind_accepts(field_kind(d->field), c)
               || ((c == (uint8_t)'n') && ((d->field == (uint8_t)F_ROOT) || (d->field == (uint8_t)F_ELEMENT)))) {
        fail(d, RMQDR_ERR_JSON_BAD_TYPE);
    } else if ((c == (uint8_t)'{') || (c == (uint8_t)'[')) {
        push(d, c == (uint8_t)'{');
    } else if (c == (uint8_t)'"') {
        begin_string(d, false);
    } else if ((c == (uint8_t)'t') || (c == (uint8_t)'f') || (c == (uint8_t)'n')) {
        d->state = S_LITERAL;
        d->lit = (c == (uint8_t)'t') ? 0U : ((c == (uint8_t)'f') ? 1U : (uint8_t)LIT_NULL);
        d->lit_pos = 1U;
    } else {
        begin_number(d);
        (void)number_char(d, c);
    }
}

static void on_structural(rmqdr_json_decoder_t *d, uint8_t c)
{
    if (!is_blank(c)) {
        switch (d->state) {
        case S_VALUE:
            begin_value(d, c);
            break;
        case S_VALUE_OR_CLOSE:
            if (c == (uint8_t)']') {
                pop(d, false);
            } else {
                begin_value(d, c);
            }
            break;
        case S_KEY_OR_CLOSE:
        case S_KEY:
            if (c == (uint8_t)'"') {
                begin_string(d, true);
            } else if ((c == (uint8_t)'}') && (d->state == (uint8_t)S_KEY_OR_CLOSE)) {
                pop(d, true);
            } else {
                fail(d, RMQDR_ERR_JSON_SYNTAX);
            }
            break;
        case S_COLON:
            if (c == (uint8_t)':') {
                d->state = S_VALUE;
            } else {
                fail(d, RMQDR_ERR_JSON_SYNTAX);
            }
            break;
        case S_AFTER_VALUE:
            if (c == (uint8_t)',') {
                d->state = top_is_object(d) ? (uint8_t)S_KEY : (uint8_t)S_VALUE;
            } else if ((c == (uint8_t)'}') || (c == (uint8_t)']')) {
                pop(d, c == (uint8_t)'}');
            } else {
                fail(d, RMQDR_ERR_JSON_SYNTAX);
            }
            break;
        default: /* S_END */
            fail(d, RMQDR_ERR_JSON_TRAILING_DATA);
            break;
        }
    }
}

static void step(rmqdr_json_decoder_t *d, uint8_t c)
{
    bool again = true;

    /* A number ends at the first byte that is not part of it; that byte is
     * then read again as structure. At most two rounds. */
    while (again && (d->status == RMQDR_OK)) {
        again = false;
        switch (d->state) {
        case S_STRING:
            on_string(d, c);
            break;
        case S_NUMBER:
            if (!number_char(d, c) && (d->status == RMQDR_OK)) {
                number_end(d);
                again = true;
            }
            break;
        case S_LITERAL:
            on_literal(d, c);
            break;
        default:
            on_structural(d, c);
            break;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */
/* ------------------------------------------------------------------ */

rmqdr_json_sink_t rmqdr_json_sink_array(rmqdr_checkpoint_t *items, size_t cap)
{
    rmqdr_json_sink_t s;

    (void)memset(&s, 0, sizeof s);
    s.mode = RMQDR_JSON_SINK_ARRAY;
    s.items = items;
    s.cap = cap;
    return s;
}

rmqdr_json_sink_t rmqdr_json_sink_callback(rmqdr_checkpoint_t *scratch,
                                           rmqdr_json_checkpoint_fn fn, void *ctx)
{
    rmqdr_json_sink_t s;

    (void)memset(&s, 0, sizeof s);
    s.mode = RMQDR_JSON_SINK_CALLBACK;
    s.items = scratch;
    s.cap = 1U;
    s.on_checkpoint = fn;
    s.ctx = ctx;
    return s;
}

static bool sink_valid(const rmqdr_json_sink_t *s)
{
    bool ok;

    if (s->mode == RMQDR_JSON_SINK_ARRAY) {
        ok = (s->items != NULL) || (s->cap == 0U);
    } else if (s->mode == RMQDR_JSON_SINK_CALLBACK) {
        ok = (s->items != NULL) && (s->on_checkpoint != NULL);
    } else {
        ok = false;
    }
    return ok;
}

void rmqdr_json_init(rmqdr_json_decoder_t *d, rmqdr_envelope_t *env, const rmqdr_json_sink_t *sink)
{
    if (d != NULL) {
        (void)memset(d, 0, sizeof *d);
        d->status = RMQDR_OK;
        d->callback_status = RMQDR_OK;
        d->state = S_VALUE;
        d->field = F_SKIP;
        d->env = env;
        d->sink = (sink != NULL) ? *sink : rmqdr_json_sink_array(NULL, 0U);
        if ((env == NULL) || !sink_valid(&d->sink)) {
            d->status = RMQDR_ERR_BAD_ARGUMENT;
        } else {
            (void)memset(env, 0, sizeof *env);
        }
    }
}

rmqdr_status_t rmqdr_json_feed(rmqdr_json_decoder_t *d, const uint8_t *data, size_t len)
{
    rmqdr_status_t st = RMQDR_ERR_BAD_ARGUMENT;

    if (d != NULL) {
        size_t i;
        if ((data == NULL) && (len > 0U)) {
            fail(d, RMQDR_ERR_BAD_ARGUMENT);
        }
        for (i = 0U; (i < len) && (d->status == RMQDR_OK); i++) {
            step(d, data[i]);
            if (d->status == RMQDR_OK) {
                d->offset++;
            }
        }
        st = d->status;
    }
    return st;
}

rmqdr_status_t rmqdr_json_finish(rmqdr_json_decoder_t *d)
{
    rmqdr_status_t st = RMQDR_ERR_BAD_ARGUMENT;

    if (d != NULL) {
        if (d->state != (uint8_t)S_END) {
            fail(d, RMQDR_ERR_JSON_TRUNCATED);
        }
        st = d->status;
    }
    return st;
}

uint64_t rmqdr_json_error_offset(const rmqdr_json_decoder_t *d)
{
    return ((d != NULL) && (d->status != RMQDR_OK)) ? d->error_offset : 0U;
}

size_t rmqdr_json_stored(const rmqdr_json_decoder_t *d)
{
    return (d != NULL) ? d->stored : 0U;
}

rmqdr_status_t rmqdr_json_callback_status(const rmqdr_json_decoder_t *d)
{
    return (d != NULL) ? d->callback_status : RMQDR_ERR_BAD_ARGUMENT;
}
