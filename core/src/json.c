/*
 * Streaming body decoder driven by a declarative schema: a byte-at-a-time
 * splitter validates the document, fills the envelope directly, and copies
 * each data.list element (known fields only, normalized) into a fixed
 * buffer that jsmn tokenizes and one generic mapper turns into the caller's
 * struct (checkpoint, plan or item).
 *
 * The schema: one table per JSON object, generated from the field lists of
 * checkpoint.h and discovery.h (key, kind, capacity, offset, presence bit,
 * child object), checked at compile time. Nothing below names a field.
 *
 * Normalized element form, so the mapper has few cases: integers are bare
 * digits (numeric strings lose their quotes); strings hold decoded UTF-8 in
 * which '"' and '\\' are written as the bytes 0xFE and 0xFF (never part of
 * UTF-8), so no string grows; a string cut to fit its field ends in the
 * byte 0xFD; string fields given an integer get it as a quoted string;
 * known keys are written as one byte, KEY_CODE_BASE plus their row number
 * (matched once, by the splitter; the mapper indexes the table with it); a nested array keeps
 * its first capacity elements and, when there were more, ends in a bare
 * number: how many there were.
 */
#include "rmqdr/json.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
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
_Static_assert(RMQDR_JSON_KNOWN_DEPTH < 8U, "commas is a uint8_t bit set");

/* Bytes standing for what JSON escapes, and the cut mark (none is UTF-8). */
#define B_CUT   0xFDU
#define B_QUOTE 0xFEU
#define B_BSLASH 0xFFU

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

/* ------------------------------------------------------------------ */
/* Schema                                                               */
/* ------------------------------------------------------------------ */

/* Value kinds. ROOT and ELEMENT are values reached by position (the
 * document, an element of a known array); the rest come from the lists. */
enum {
    K_SKIP = 0, K_TEXT, K_ENUM, K_INT, K_BOOL, K_OBJECT, K_INLINE, K_ARRAY, K_LIST,
    K_ROOT, K_ELEMENT
};

struct rmqdr_json_field {
    const char *key;
    uint8_t key_len;
    uint8_t kind;
    uint16_t cap;     /* TEXT/ENUM: bytes of the array; ARRAY: elements kept */
    uint16_t offset;  /* member in the object's struct (ENUM: its text) */
    uint16_t aux;     /* ENUM: the enum member; ARRAY: <member>_count */
    uint16_t aux2;    /* ENUM: sizeof the enum member (1, 2 or 4); ARRAY: <member>_total */
    uint32_t bit;     /* presence bit; also the duplicate-key bit */
    const struct rmqdr_json_object *child;  /* OBJECT, INLINE, ARRAY, ROOT, ELEMENT */
    const char *const *names;               /* ENUM: names of values 1..name_count */
    uint8_t name_count;
};

struct rmqdr_json_object {
    const struct rmqdr_json_field *fields;
    uint8_t count;
    uint16_t present_at;   /* uint32_t present mask in the struct */
    uint16_t truncated_at; /* uint32_t truncated mask in the struct */
    uint16_t size;         /* sizeof the struct */
    struct rmqdr_json_field as_element; /* a value that is one of these in an array */
};

typedef struct rmqdr_json_field field_t;
typedef struct rmqdr_json_object object_t;

struct rmqdr_json_schema {
    const object_t *element;
    rmqdr_status_t (*deliver)(const rmqdr_json_sink_t *sink, const void *element);
    const field_t *root; /* the document's table; NULL: the DR envelope (data.list) */
};

#define MEMBER_SIZE(m) sizeof(((STRUCT *)NULL)->m)
#define OFF_TEXT(m)   offsetof(STRUCT, m)
#define OFF_ENUM(m)   offsetof(STRUCT, m##_text)
#define OFF_INT(m)    offsetof(STRUCT, m)
#define OFF_BOOL(m)   offsetof(STRUCT, m)
#define OFF_OBJECT(m) offsetof(STRUCT, m)
#define OFF_INLINE(m) 0U
#define OFF_ARRAY(m)  offsetof(STRUCT, m)
#define OFF_LIST(m)   offsetof(STRUCT, m)
#define AUX_TEXT(m)   0U, 0U
#define AUX_ENUM(m)   offsetof(STRUCT, m), MEMBER_SIZE(m)
#define AUX_INT(m)    0U, 0U
#define AUX_BOOL(m)   0U, 0U
#define AUX_OBJECT(m) 0U, 0U
#define AUX_INLINE(m) 0U, 0U
#define AUX_ARRAY(m)  offsetof(STRUCT, m##_count), offsetof(STRUCT, m##_total)
#define AUX_LIST(m)   0U, 0U
#define LINK_TEXT(c)   NULL, NULL, 0U
#define LINK_ENUM(c)   NULL, c##_names, (uint8_t)(sizeof c##_names / sizeof c##_names[0])
#define LINK_INT(c)    NULL, NULL, 0U
#define LINK_BOOL(c)   NULL, NULL, 0U
#define LINK_OBJECT(c) &obj_##c, NULL, 0U
#define LINK_INLINE(c) &obj_##c, NULL, 0U
#define LINK_ARRAY(c)  &obj_##c, NULL, 0U
#define LINK_LIST(c)   NULL, NULL, 0U

/* One table row per list row. */
#define ROW(m, key, kind, cap, bit, child)                                                   \
    { key, (uint8_t)(sizeof(key) - 1U), K_##kind, (uint16_t)(cap), (uint16_t)OFF_##kind(m), \
      AUX_##kind(m), (uint32_t)(bit), LINK_##kind(child) },

/* Compile-time checks of one row: the member fits its kind and capacity. */
#define FITS_TEXT(m, cap)   (MEMBER_SIZE(m) == (cap))
#define FITS_ENUM(m, cap)   ((MEMBER_SIZE(m##_text) == (cap)) && \
                             ((MEMBER_SIZE(m) == 1U) || (MEMBER_SIZE(m) == 2U) || (MEMBER_SIZE(m) == 4U)))
#define FITS_INT(m, cap)    (MEMBER_SIZE(m) == sizeof(int64_t))
#define FITS_BOOL(m, cap)   (MEMBER_SIZE(m) == sizeof(bool))
#define FITS_OBJECT(m, cap) (offsetof(STRUCT, m) < sizeof(STRUCT))
#define FITS_INLINE(m, cap) 1
/* NOLINTNEXTLINE(bugprone-macro-parentheses): m names a member */
#define FITS_ARRAY(m, cap)  (((cap) >= 1U) && ((MEMBER_SIZE(m) / MEMBER_SIZE(m[0])) == (cap)) && \
                             (MEMBER_SIZE(m##_count) == 4U) && (MEMBER_SIZE(m##_total) == 4U))
#define FITS_LIST(m, cap)   (MEMBER_SIZE(m) == sizeof(uint32_t))
#define CHECK(m, key, kind, cap, bit, child)                                                   \
    _Static_assert(FITS_##kind(m, cap) && ((sizeof(key) - 1U) <= RMQDR_JSON_MAX_KEY) &&         \
                   ((uint32_t)(bit) != 0U) && (((bit) & ((bit) - 1U)) == 0U) && ((cap) <= 0xFFFFU), \
                   "schema row " key);

/* An object's table: its list's rows, then those of its aliases list. */
#define NO_ALIASES(X)
#define OBJECT_OF(name, aliases)                                                               \
    static const field_t name##_fields[] = { RMQDR_##name##_FIELDS(ROW) aliases(ROW) };        \
    RMQDR_##name##_FIELDS(CHECK) aliases(CHECK)                                                \
    _Static_assert(sizeof(STRUCT) <= 0xFFFFU, "offsets are uint16_t");                         \
    _Static_assert((sizeof name##_fields / sizeof name##_fields[0]) <= 58U, "one key code per row"); \
    static const object_t obj_##name = {                                                       \
        name##_fields, (uint8_t)(sizeof name##_fields / sizeof name##_fields[0]),              \
        (uint16_t)offsetof(STRUCT, present), (uint16_t)offsetof(STRUCT, truncated),            \
        (uint16_t)sizeof(STRUCT),                                                              \
        { "", 0U, K_ELEMENT, 0U, 0U, 0U, 0U, 0U, &obj_##name, NULL, 0U } };

#define NAME_ROW(text) text,
static const char *const INSTANCE_TYPE_names[] = { RMQDR_INSTANCE_TYPE_NAMES(NAME_ROW) };

#define STRUCT rmqdr_progress_t
OBJECT_OF(PROGRESS_DATA, NO_ALIASES)
OBJECT_OF(PROGRESS, NO_ALIASES)
#undef STRUCT
#define STRUCT rmqdr_checkpoint_t
/* The checkpoint has no truncated mask of its own: its strings are in its progress objects. */
static const field_t CHECKPOINT_fields[] = { RMQDR_CHECKPOINT_FIELDS(ROW) };
RMQDR_CHECKPOINT_FIELDS(CHECK)
static const object_t obj_CHECKPOINT = {
    CHECKPOINT_fields, (uint8_t)(sizeof CHECKPOINT_fields / sizeof CHECKPOINT_fields[0]),
    (uint16_t)offsetof(STRUCT, present), (uint16_t)offsetof(STRUCT, present),
    (uint16_t)sizeof(STRUCT),
    { "", 0U, K_ELEMENT, 0U, 0U, 0U, 0U, 0U, &obj_CHECKPOINT, NULL, 0U } };
#undef STRUCT
#ifndef RMQDR_NO_DISCOVERY
#define STRUCT rmqdr_plan_instance_t
OBJECT_OF(INSTANCE, NO_ALIASES)
#undef STRUCT
#define STRUCT rmqdr_plan_t
OBJECT_OF(PLAN, NO_ALIASES)
#undef STRUCT
#define STRUCT rmqdr_item_topic_t
OBJECT_OF(TOPIC, NO_ALIASES)
#undef STRUCT
#define STRUCT rmqdr_item_t
OBJECT_OF(ITEM, NO_ALIASES)
#undef STRUCT
#endif
#define STRUCT rmqdr_envelope_t
OBJECT_OF(DATA, NO_ALIASES)
OBJECT_OF(ENVELOPE, RMQDR_ENVELOPE_ALIASES)
#undef STRUCT

static const field_t root_row = { "", 0U, K_ROOT, 0U, 0U, 0U, 0U, 0U, &obj_ENVELOPE, NULL, 0U };

static rmqdr_status_t deliver_checkpoint(const rmqdr_json_sink_t *s, const void *e)
{
    return s->on_element.checkpoint(s->ctx, (const rmqdr_checkpoint_t *)e);
}

const rmqdr_json_schema_t rmqdr_json_schema_checkpoints = { &obj_CHECKPOINT, deliver_checkpoint, NULL };

#ifndef RMQDR_NO_DISCOVERY
static rmqdr_status_t deliver_plan(const rmqdr_json_sink_t *s, const void *e)
{
    return s->on_element.plan(s->ctx, (const rmqdr_plan_t *)e);
}

static rmqdr_status_t deliver_item(const rmqdr_json_sink_t *s, const void *e)
{
    return s->on_element.item(s->ctx, (const rmqdr_item_t *)e);
}

const rmqdr_json_schema_t rmqdr_json_schema_plans = { &obj_PLAN, deliver_plan, NULL };
const rmqdr_json_schema_t rmqdr_json_schema_items = { &obj_ITEM, deliver_item, NULL };

#ifndef RMQDR_NO_STS
/* STS AssumeRole (sts.h), self-contained: the root is the envelope's table
 * plus "Credentials", an element met as a keyed object of the root instead
 * of inside data.list. It must fit the element buffer sized for DR. */
#define STRUCT rmqdr_sts_credentials_t
OBJECT_OF(STS_CREDENTIALS, NO_ALIASES)
#undef STRUCT
#define RMQDR_JSON_STS_MAX (1U RMQDR_STS_CREDENTIALS_FIELDS(RMQDR_WIRE_ROW1))
_Static_assert(RMQDR_JSON_STS_MAX <= RMQDR_JSON_ELEMENT_MAX, "STS Credentials fit the element buffer");
_Static_assert((1U RMQDR_STS_CREDENTIALS_FIELDS(RMQDR_TOK_ROW1)) <= RMQDR_JSON_MAX_TOKENS, "STS tokens");
#define STRUCT rmqdr_envelope_t
static const field_t STS_ROOT_fields[] = {
    RMQDR_ENVELOPE_FIELDS(ROW) RMQDR_ENVELOPE_ALIASES(ROW) /* STS answers in PascalCase */
    { "Credentials", 11U, K_ELEMENT, 0U, 0U, 0U, 0U, RMQDR_ENVELOPE_LIST, &obj_STS_CREDENTIALS, NULL, 0U },
};
static const object_t obj_STS_ROOT = {
    STS_ROOT_fields, (uint8_t)(sizeof STS_ROOT_fields / sizeof STS_ROOT_fields[0]),
    (uint16_t)offsetof(STRUCT, present), (uint16_t)offsetof(STRUCT, truncated), (uint16_t)sizeof(STRUCT),
    { "", 0U, K_ELEMENT, 0U, 0U, 0U, 0U, 0U, &obj_STS_ROOT, NULL, 0U } };
#undef STRUCT
static const field_t sts_root_row = { "", 0U, K_ROOT, 0U, 0U, 0U, 0U, 0U, &obj_STS_ROOT, NULL, 0U };

static rmqdr_status_t deliver_sts(const rmqdr_json_sink_t *s, const void *e)
{
    (void)s;
    (void)e;
    return RMQDR_ERR_BAD_ARGUMENT; /* array mode only (rmqdr_json_sink_sts) */
}

const rmqdr_json_schema_t rmqdr_json_schema_sts = { &obj_STS_CREDENTIALS, deliver_sts, &sts_root_row };
#endif /* RMQDR_NO_STS */
#endif

static const char *const literals[3] = { "true", "false", "null" };
static const uint8_t literal_len[3] = { 4U, 5U, 4U };
#define LIT_NULL 2U

#define INT64_MAX_MAGNITUDE 9223372036854775807ULL
#define SAFE_MAGNITUDE      (INT64_MAX_MAGNITUDE / 10U) /* *10 + 9 stays below INT64_MAX */

static bool key_is(const field_t *row, const char *name, size_t len)
{
    /* Length and first byte first: most rows differ there. */
    return (row->key_len == len) && (row->key[0] == name[0]) && (memcmp(row->key, name, len) == 0);
}

/* The row named name[0..len), trying row `hint` first: servers send the
 * fields of an object in one order, so the row after the last one matched
 * is nearly always the next key's. */
static const field_t *find_row(const object_t *obj, const char *name, size_t len, uint8_t hint)
{
    const field_t *found = NULL;

    if ((obj != NULL) && (len > 0U)) {
        if ((hint < obj->count) && key_is(&obj->fields[hint], name, len)) {
            found = &obj->fields[hint];
        }
        for (size_t i = 0U; (i < obj->count) && (found == NULL); i++) {
            if (key_is(&obj->fields[i], name, len)) {
                found = &obj->fields[i];
            }
        }
    }
    return found;
}

/* Keys in the element are one byte: KEY_CODE_BASE plus the row number. */
#define KEY_CODE_BASE 'A'
#define KEY_CODE_ROWS 58U /* 'A'..'z': no quote, no backslash */

static const field_t *row_of_code(const object_t *obj, const char *key, int len)
{
    const field_t *row = NULL;

    if (len == 1) {
        const unsigned i = (unsigned)((uint8_t)key[0]) - (unsigned)KEY_CODE_BASE;

        row = (i < obj->count) ? &obj->fields[i] : NULL; /* NULL not reached: codes come from key_done */
    }
    return row;
}

static uint8_t kind_of(const field_t *row)
{
    return (row != NULL) ? row->kind : (uint8_t)K_SKIP;
}

static bool is_text(uint8_t kind)
{
    return (kind == (uint8_t)K_TEXT) || (kind == (uint8_t)K_ENUM);
}

static void or_bits(void *base, uint16_t at, uint32_t bits)
{
    uint32_t v;

    (void)memcpy(&v, (char *)base + at, sizeof v);
    v |= bits;
    (void)memcpy((char *)base + at, &v, sizeof v);
}

/* ------------------------------------------------------------------ */
/* Integers                                                             */
/* ------------------------------------------------------------------ */

static bool int_digit(uint64_t *magnitude, bool negative, uint8_t digit)
{
    const uint64_t limit = negative ? (INT64_MAX_MAGNITUDE + 1U) : INT64_MAX_MAGNITUDE;
    bool ok = false;

    /* Below SAFE_MAGNITUDE one more digit cannot pass the limit: no division. */
    if ((*magnitude < SAFE_MAGNITUDE) || (*magnitude <= ((limit - digit) / 10U))) {
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
        fail(d, RMQDR_ERR_JSON_ELEMENT_TOO_LARGE); /* a guard: the bound covers every element */
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

static void put_decimal(rmqdr_json_decoder_t *d, uint32_t v)
{
    char digits[10];
    size_t n = 0U;

    do {
        digits[sizeof digits - 1U - n] = (char)('0' + (char)(v % 10U));
        v /= 10U;
        n++;
    } while ((v != 0U) && (n < sizeof digits));
    put(d, &digits[sizeof digits - n], n);
}

static bool top_is_object(const rmqdr_json_decoder_t *d)
{
    return (d->depth > 0U) && (((d->containers >> (d->depth - 1U)) & 1U) != 0U);
}

/* Inside a list element, every known value is copied, not written. */
static bool in_element(const rmqdr_json_decoder_t *d)
{
    return d->elem_depth != 0U;
}

/* The current value is complete: what may follow depends on the container. */
static void value_done(rmqdr_json_decoder_t *d)
{
    d->row = NULL;
    d->state = (d->depth == 0U) ? (uint8_t)S_END : (uint8_t)S_AFTER_VALUE;
}

static void envelope_int(rmqdr_json_decoder_t *d, int64_t v)
{
    (void)memcpy((char *)d->env + d->row->offset, &v, sizeof v);
    d->env->present |= d->row->bit;
}

/* ------------------------------------------------------------------ */
/* Mapping one element (jsmn tokens -> caller struct), iteratively      */
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
        /* Up to 18 digits cannot leave int64: no range check per digit. */
        const bool short_enough = ((t->end - i) <= 18);
        for (; (i < t->end) && (st == RMQDR_OK); i++) {
            const uint8_t c = (uint8_t)js[i];
            if (!is_digit(c)) {
                st = RMQDR_ERR_JSON_BAD_NUMBER;
            } else if (short_enough) {
                magnitude = (magnitude * 10U) + (uint8_t)(c - (uint8_t)'0');
            } else if (!int_digit(&magnitude, negative, (uint8_t)(c - (uint8_t)'0'))) {
                st = RMQDR_ERR_JSON_BAD_NUMBER;
            } else {
                /* digit accepted */
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

/* Copy n bytes of a kept string at once; false (nothing promised in dst)
 * when it does not fit or may hold a byte standing for '"', '\\' or a cut
 * (`marked`: the element has one somewhere). */
static bool text_copy(const char *src, size_t n, char *dst, size_t size, bool marked)
{
    uint8_t special = 0U;
    size_t i;

    if (n >= size) {
        return false;
    }
    (void)memcpy(dst, src, n);
    dst[n] = '\0';
    for (i = 0U; marked && (i < n); i++) {
        special |= (uint8_t)(((uint8_t)src[i] >= B_CUT) ? 1U : 0U);
    }
    return special == 0U;
}

/* A string token of the normalized element into dst (size bytes). */
static rmqdr_status_t map_text(const char *js, const jsmntok_t *t, bool marked, char *dst,
                               size_t size, bool *present, bool *cut)
{
    rmqdr_status_t st = RMQDR_OK;

    *present = false;
    *cut = false;
    if ((t->type == JSMN_STRING) && (text_copy(&js[t->start], (size_t)(t->end - t->start), dst, size, marked))) {
        *present = true; /* the usual case: no byte that stands for something else */
    } else if (t->type == JSMN_STRING) {
        size_t o = 0U;
        bool full = false;
        int i;

        for (i = t->start; (i < t->end) && !full; i++) {
            const uint8_t b = (uint8_t)js[i];
            char ch = (char)b;

            if (b == B_CUT) {
                *cut = true;
                continue;
            }
            ch = (b == B_QUOTE) ? '"' : ((b == B_BSLASH) ? '\\' : ch);
            if ((o + 1U) < size) {
                dst[o] = ch;
                o++;
            } else {
                /* Not reached: the splitter already caps each string. */
                *cut = true;
                full = true;
                o = utf8_keep(dst, o, ch);
            }
        }
        dst[o] = '\0';
        *present = true;
    } else if (!is_null(js, t)) {
        st = RMQDR_ERR_JSON_BAD_TYPE; /* not reached: the splitter checks types */
    } else {
        /* null: absent */
    }
    return st;
}

/* ENUM: the value whose name matches the text, name_count + 1 for any
 * other text, 0 when absent; stored in the member's own width (an enum
 * may be 1 byte with -fshort-enums). */
static void map_enum(const field_t *row, char *base, bool present)
{
    uint8_t v = 0U;

    if (present) {
        const char *text = base + row->offset;
        uint8_t i;

        v = (uint8_t)(row->name_count + 1U);
        for (i = 0U; i < row->name_count; i++) {
            if (strcmp(text, row->names[i]) == 0) {
                v = (uint8_t)(i + 1U);
            }
        }
    }
    if (row->aux2 == 1U) {
        (void)memcpy(base + row->aux, &v, sizeof v);
    } else if (row->aux2 == 2U) {
        const uint16_t v16 = v;
        (void)memcpy(base + row->aux, &v16, sizeof v16);
    } else {
        const uint32_t v32 = v;
        (void)memcpy(base + row->aux, &v32, sizeof v32);
    }
}

static rmqdr_status_t map_bool(const char *js, const jsmntok_t *t, bool *out, bool *present)
{
    rmqdr_status_t st = RMQDR_OK;

    *present = false;
    if ((t->type != JSMN_PRIMITIVE) || ((js[t->start] != 't') && (js[t->start] != 'f') &&
                                        (js[t->start] != 'n'))) {
        st = RMQDR_ERR_JSON_BAD_TYPE; /* not reached: the splitter checks types */
    } else if (js[t->start] != 'n') {
        *out = (js[t->start] == 't');
        *present = true;
    } else {
        /* null: absent */
    }
    return st;
}

/* One open object or array while mapping. */
typedef struct {
    const object_t *obj; /* the object being filled, or the one holding the array */
    const field_t *arr;  /* the array row, NULL for an object */
    char *base;          /* struct of obj */
    int left;            /* members or elements still to read */
} frame_t;

/* Deepest nesting inside one element: element, object, array, its element. */
#define MAP_DEPTH (RMQDR_JSON_KNOWN_DEPTH - 2U)

typedef struct {
    const char *js;
    const jsmntok_t *t;
    bool marked;           /* the element holds a B_* byte */
    int n;
    int i;                 /* next token */
    frame_t stack[MAP_DEPTH];
    size_t sp;
} mapper_t;

static rmqdr_status_t open_frame(mapper_t *m, const object_t *obj, const field_t *arr, char *base,
                                 int left)
{
    if (m->sp >= MAP_DEPTH) {
        return RMQDR_ERR_JSON_TOO_DEEP; /* not reached: the schema is shallower */
    }
    m->stack[m->sp].obj = obj;
    m->stack[m->sp].arr = arr;
    m->stack[m->sp].base = base;
    m->stack[m->sp].left = left;
    m->sp++;
    return RMQDR_OK;
}

static rmqdr_status_t map_scalar(const mapper_t *m, const field_t *row, const jsmntok_t *v,
                                 const frame_t *f)
{
    rmqdr_status_t st;
    bool present = false;
    bool cut = false;

    if (is_text(row->kind)) {
        st = map_text(m->js, v, m->marked, f->base + row->offset, row->cap, &present, &cut);
        if (row->kind == (uint8_t)K_ENUM) {
            map_enum(row, f->base, present);
        }
    } else if (row->kind == (uint8_t)K_INT) {
        int64_t value = 0;
        uint32_t got = 0U;

        st = map_int(m->js, v, &value, &got, 1U);
        present = (got != 0U);
        if (present) {
            (void)memcpy(f->base + row->offset, &value, sizeof value);
        }
    } else {
        bool value = false;

        st = map_bool(m->js, v, &value, &present);
        if (present) {
            (void)memcpy(f->base + row->offset, &value, sizeof value);
        }
    }
    if (present) {
        or_bits(f->base, f->obj->present_at, row->bit);
    }
    if (cut) {
        or_bits(f->base, f->obj->truncated_at, row->bit);
    }
    return st;
}

/* One "key": value of the object on top. */
static rmqdr_status_t map_member(mapper_t *m, const frame_t *f)
{
    const jsmntok_t *key = &m->t[m->i];
    const int v = m->i + 1;
    const field_t *row;
    rmqdr_status_t st = RMQDR_OK;

    if ((v >= m->n) || (key->type != JSMN_STRING)) {
        return RMQDR_ERR_JSON_SYNTAX; /* not reached: the copy is valid JSON */
    }
    row = row_of_code(f->obj, &m->js[key->start], key->end - key->start);
    m->i = v + 1;
    if (row == NULL) {
        m->i = skip_subtree(m->t, v, m->n); /* not reached: unknown keys are not copied */
    } else if ((row->kind == (uint8_t)K_OBJECT) || (row->kind == (uint8_t)K_INLINE) ||
               (row->kind == (uint8_t)K_ARRAY)) {
        if (!is_null(m->js, &m->t[v])) {
            char *base = f->base + ((row->kind == (uint8_t)K_OBJECT) ? row->offset : 0U);

            if (row->kind != (uint8_t)K_INLINE) {
                or_bits(f->base, f->obj->present_at, row->bit); /* INLINE: its fields say it */
            }
            st = (row->kind == (uint8_t)K_ARRAY)
                     ? open_frame(m, f->obj, row, f->base, m->t[v].size)
                     : open_frame(m, row->child, NULL, base, m->t[v].size);
        }
    } else {
        st = map_scalar(m, row, &m->t[v], f);
    }
    return st;
}

/* One element of a nested array, or the count of those left out. */
static rmqdr_status_t map_array_element(mapper_t *m, const frame_t *f)
{
    const jsmntok_t *tok = &m->t[m->i];
    const field_t *row = f->arr;
    uint32_t count = 0U;
    rmqdr_status_t st = RMQDR_OK;

    (void)memcpy(&count, f->base + row->aux, sizeof count);
    if (tok->type == JSMN_PRIMITIVE) {
        int64_t total = 0;
        uint32_t got = 0U;

        st = map_int(m->js, tok, &total, &got, 1U);
        if ((st == RMQDR_OK) && (total > (int64_t)count) && (total <= (int64_t)UINT32_MAX)) {
            const uint32_t t32 = (uint32_t)total;

            (void)memcpy(f->base + row->aux2, &t32, sizeof t32);
            or_bits(f->base, f->obj->truncated_at, row->bit);
        }
        m->i++;
    } else if (count < row->cap) {
        char *elem = f->base + row->offset + ((size_t)count * row->child->size);

        count++;
        (void)memcpy(f->base + row->aux, &count, sizeof count);
        (void)memcpy(f->base + row->aux2, &count, sizeof count);
        st = open_frame(m, row->child, NULL, elem, tok->size);
        m->i++;
    } else {
        m->i = skip_subtree(m->t, m->i, m->n); /* not reached: the splitter keeps cap */
    }
    return st;
}

static rmqdr_status_t map_element(const char *js, bool marked, const jsmntok_t *t, int n,
                                  const object_t *obj, void *out)
{
    mapper_t m;
    rmqdr_status_t st;

    (void)memset(out, 0, obj->size);
    m.js = js;
    m.marked = marked;
    m.t = t;
    m.n = n;
    m.i = 1;
    m.sp = 0U;
    st = (t[0].type == JSMN_OBJECT) ? open_frame(&m, obj, NULL, (char *)out, t[0].size)
                                    : RMQDR_ERR_JSON_BAD_TYPE;
    while ((st == RMQDR_OK) && (m.sp > 0U)) {
        frame_t *f = &m.stack[m.sp - 1U];

        if (f->left == 0) {
            m.sp--;
        } else if (m.i >= n) {
            st = RMQDR_ERR_JSON_SYNTAX; /* not reached */
        } else {
            const frame_t top = *f;

            f->left--;
            st = (top.arr == NULL) ? map_member(&m, &top) : map_array_element(&m, &top);
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
    const object_t *obj = sink->schema->element;
    char *el = NULL;
    rmqdr_status_t st = RMQDR_OK;

    if (sink->mode == RMQDR_JSON_SINK_CALLBACK) {
        el = (char *)sink->items;
    } else if (d->stored < sink->cap) {
        el = (char *)sink->items + (d->stored * obj->size);
    } else {
        /* Beyond cap: validated and counted, not written. */
    }
    if (el != NULL) {
        st = map_element(d->element, d->elem_marked != 0U, token_pool(d), ntok, obj, el);
    }
    if (st != RMQDR_OK) {
        fail(d, st);
    } else {
        if (d->env->list_count < UINT32_MAX) {
            d->env->list_count++;
        }
        if (sink->mode == RMQDR_JSON_SINK_CALLBACK) {
            st = sink->schema->deliver(sink, el);
            if (st != RMQDR_OK) {
                d->callback_status = st;
                fail(d, RMQDR_ERR_ABORTED_BY_CALLBACK);
            }
        } else if (el != NULL) {
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

/* Inside an element, a separator before the next member or array element. */
static void element_comma(rmqdr_json_decoder_t *d)
{
    const uint8_t cbit = (uint8_t)(1U << d->depth);

    if ((d->commas & cbit) != 0U) {
        put_byte(d, (uint8_t)',');
    }
    d->commas = (uint8_t)(d->commas | cbit);
}

/* A container on the known path just opened at d->depth, for d->row. */
static void enter_known(rmqdr_json_decoder_t *d, const field_t *row, bool is_object)
{
    const uint8_t bit = (uint8_t)(1U << d->depth);

    d->rows[d->depth] = row;
    d->seen[d->depth] = 0U;
    d->next_row[d->depth] = 0U;
    d->elements[d->depth] = 0U;
    if ((row->kind == (uint8_t)K_ELEMENT) && !in_element(d)) {
        d->elem_depth = d->depth;
        d->elem_len = 0U;
        d->elem_marked = 0U;
    } else if (!in_element(d)) {
        d->env->present |= row->bit; /* data, list */
    } else {
        /* a container inside the element */
    }
    if (in_element(d)) {
        d->commas = (uint8_t)(d->commas & (uint8_t)~bit);
        put_byte(d, is_object ? (uint8_t)'{' : (uint8_t)'[');
    }
}

/* A container on the known path is about to close at d->depth. */
static void leave_known(rmqdr_json_decoder_t *d)
{
    const field_t *row = d->rows[d->depth];

    if (in_element(d)) {
        if (row->kind == (uint8_t)K_ARRAY) {
            if (d->elements[d->depth] > row->cap) {
                put_byte(d, (uint8_t)',');
                put_decimal(d, d->elements[d->depth]);
            }
            put_byte(d, (uint8_t)']');
        } else {
            put_byte(d, (uint8_t)'}');
        }
        if (d->depth == d->elem_depth) {
            element_done(d);
            d->elem_depth = 0U;
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
        if ((d->row != NULL) && (d->depth <= RMQDR_JSON_KNOWN_DEPTH)) {
            d->known = d->depth;
            enter_known(d, d->row, is_object);
        }
        d->row = NULL;
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
    char *dst = (char *)d->env + d->row->offset;
    const size_t size = d->row->cap;

    if (!d->cut) {
        /* U+0000 would end the C string early: cut there, visibly. */
        if ((b[0] == 0U) || (n > ((size - 1U) - d->str_len))) {
            d->cut = true;
            d->env->truncated |= d->row->bit;
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
        if ((b[0] == 0U) || (n > (size_t)((d->row->cap - 1U) - d->str_len))) {
            d->cut = true;
        } else {
            size_t i;
            for (i = 0U; i < n; i++) {
                uint8_t c = b[i];

                if (c == (uint8_t)'"') {
                    c = B_QUOTE;
                    d->elem_marked = 1U;
                } else if (c == (uint8_t)'\\') {
                    c = B_BSLASH;
                    d->elem_marked = 1U;
                } else {
                    /* kept as is */
                }
                put_byte(d, c);
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
    if ((d->status == RMQDR_OK) && in_element(d)) {
        put_byte(d, c);
    }
}

/* One decoded character (1..4 bytes of UTF-8) of the current string. */
static void string_char(rmqdr_json_decoder_t *d, const uint8_t *b, size_t n)
{
    const uint8_t kind = kind_of(d->row);

    if (d->in_key) {
        key_char(d, b, n);
    } else if (is_text(kind)) {
        if (in_element(d)) {
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

/* The object at depth d on the known path. */
static const object_t *known_object(const rmqdr_json_decoder_t *d)
{
    return (d->rows[d->depth] != NULL) ? d->rows[d->depth]->child : NULL;
}

static void key_done(rmqdr_json_decoder_t *d)
{
    const field_t *row = NULL;

    if (d->key_matters && !d->key_long) {
        row = find_row(known_object(d), d->key, d->key_len, d->next_row[d->depth]);
    }
    d->state = S_COLON;
    d->row = row;
    if (row != NULL) {
        if ((d->seen[d->depth] & row->bit) != 0U) {
            fail(d, RMQDR_ERR_JSON_DUPLICATE_KEY);
        } else {
            d->seen[d->depth] |= row->bit;
            d->next_row[d->depth] = (uint8_t)((row - known_object(d)->fields) + 1);
            if (in_element(d)) {
                /* The key, matched once here, goes to the mapper as its row number. */
                const char code[4] = { '"', (char)(KEY_CODE_BASE + (row - known_object(d)->fields)), '"', ':' };

                element_comma(d);
                put(d, code, sizeof code);
            }
        }
    }
}

static void string_value_open(rmqdr_json_decoder_t *d)
{
    const uint8_t kind = kind_of(d->row);

    if (is_text(kind) && (d->row != NULL)) {
        if (in_element(d)) {
            put_byte(d, (uint8_t)'"');
        } else {
            d->env->present |= d->row->bit;
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
    const uint8_t kind = kind_of(d->row);

    if (is_text(kind)) {
        if (in_element(d)) {
            if (d->cut) {
                put_byte(d, B_CUT);
                d->elem_marked = 1U;
            }
            put_byte(d, (uint8_t)'"');
        }
    } else if (kind == (uint8_t)K_INT) {
        if ((d->num != (uint8_t)N_ZERO) && (d->num != (uint8_t)N_INT)) {
            fail(d, RMQDR_ERR_JSON_BAD_NUMBER);
        } else if (!in_element(d)) {
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
    if (in_element(d)) {
        put_byte(d, c);
    } else if (is_text(kind_of(d->row))) {
        envelope_text_char(d, &c, 1U);
    } else {
        /* envelope integer: accumulated */
    }
}

static void begin_number(rmqdr_json_decoder_t *d)
{
    const uint8_t kind = kind_of(d->row);

    d->state = S_NUMBER;
    d->num = N_START;
    d->magnitude = 0U;
    d->negative = false;
    if (in_element(d) && is_text(kind)) {
        put_byte(d, (uint8_t)'"');
    } else if (is_text(kind) && (d->row != NULL)) {
        d->env->present |= d->row->bit;
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
    const bool tracked = (d->row != NULL);
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
    const uint8_t kind = kind_of(d->row);

    if (in_element(d)) {
        if (is_text(kind)) {
            put_byte(d, (uint8_t)'"');
        }
    } else if (kind == (uint8_t)K_INT) {
        envelope_int(d, int_value(d->magnitude, d->negative));
    } else {
        /* envelope text already written, or skipped */
    }
    value_done(d);
}

static void literal_done(rmqdr_json_decoder_t *d)
{
    if (d->row == NULL) {
        /* skipped literal */
    } else if (in_element(d)) {
        put(d, literals[d->lit], literal_len[d->lit]);
    } else if (d->lit != LIT_NULL) {
        const bool v = (d->lit == 0U);

        (void)memcpy((char *)d->env + d->row->offset, &v, sizeof v);
        d->env->present |= d->row->bit;
    } else {
        /* null envelope field: absent */
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
        ok = (kind == (uint8_t)K_OBJECT) || (kind == (uint8_t)K_INLINE) ||
             (kind == (uint8_t)K_ROOT) || (kind == (uint8_t)K_ELEMENT);
    } else if (c == (uint8_t)'[') {
        ok = (kind == (uint8_t)K_ARRAY) || (kind == (uint8_t)K_LIST);
    } else if ((c == (uint8_t)'t') || (c == (uint8_t)'f')) {
        ok = (kind == (uint8_t)K_BOOL);
    } else if (c == (uint8_t)'n') {
        /* null fits every field; not the document or an array element */
        ok = (kind != (uint8_t)K_ROOT) && (kind != (uint8_t)K_ELEMENT);
    } else {
        ok = is_text(kind) || (kind == (uint8_t)K_INT); /* string or number */
    }
    return ok;
}

static bool starts_value(uint8_t c)
{
    return (c == (uint8_t)'{') || (c == (uint8_t)'[') || (c == (uint8_t)'"') || (c == (uint8_t)'-')
           || is_digit(c) || (c == (uint8_t)'t') || (c == (uint8_t)'f') || (c == (uint8_t)'n');
}

/* The row of a value met by position in a known array (NULL: skipped). An
 * element of a nested array beyond its capacity is checked and skipped. */
static const field_t *element_row(rmqdr_json_decoder_t *d, uint8_t c)
{
    const field_t *arr = d->rows[d->depth];
    const field_t *row = NULL;

    if (arr->kind == (uint8_t)K_LIST) {
        row = &d->sink.schema->element->as_element;
    } else if (c != (uint8_t)'{') {
        row = &arr->child->as_element; /* refused below as the wrong type */
    } else {
        if (d->elements[d->depth] < UINT32_MAX) {
            d->elements[d->depth]++;
        }
        if (d->elements[d->depth] <= arr->cap) {
            row = &arr->child->as_element;
            element_comma(d);
        }
    }
    return row;
}

static void begin_value(rmqdr_json_decoder_t *d, uint8_t c)
{
    if (d->depth == 0U) {
        d->row = (d->sink.schema->root != NULL) ? d->sink.schema->root : &root_row;
    } else if (!top_is_object(d)) {
        d->row = (d->known == d->depth) ? element_row(d, c) : NULL;
    } else {
        /* set by the key */
    }
    if (!starts_value(c)) {
        fail(d, RMQDR_ERR_JSON_SYNTAX);
    } else if (!kind_accepts(kind_of(d->row), c)) {
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

/* ------------------------------------------------------------------ */
/* Runs: many bytes of one kind in one loop                             */
/* ------------------------------------------------------------------ */

/* Word-at-a-time tests (portable C, any word width): a byte of w below
 * 0x20, with its top bit set, equal to '"', equal to '\\'. Each sets 0x80
 * in the bytes it flags. A borrow can flag a byte above (later in memory on
 * a little-endian machine) one that truly failed, never one below it, so
 * "some byte failed" and "the lowest flagged byte failed" are both exact. */
typedef size_t word_t;
#define W_ONES   (((word_t)-1) / 0xFFU)
#define W_HIGH   (W_ONES * 0x80U)
#define W_ZERO(v) (((v) - W_ONES) & ~(v) & W_HIGH)

static word_t word_flags(word_t w)
{
    const word_t below = (w - (W_ONES * 0x20U)) & ~w & W_HIGH;
    const word_t quote = W_ZERO(w ^ (W_ONES * (word_t)'"'));
    const word_t bslash = W_ZERO(w ^ (W_ONES * (word_t)'\\'));

    return below | (w & W_HIGH) | quote | bslash;
}

static bool byte_plain(uint8_t c)
{
    return (c >= 0x20U) && (c < 0x80U) && (c != (uint8_t)'"') && (c != (uint8_t)'\\');
}

/* Plain bytes at the start of a word that is not all plain: the first
 * flagged byte of `bits` (0x80 in each byte that failed) is exact, so its
 * position is the count. Little-endian GCC/Clang only; 0 elsewhere, and
 * the caller then goes byte by byte. */
static size_t plain_lead(word_t bits)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#if SIZE_MAX == UINT_MAX /* a 32-bit word: no 64-bit count (a libcall on a Cortex-M) */
    return (size_t)__builtin_ctz((unsigned int)bits) / 8U;
#else
    return (size_t)__builtin_ctzll((unsigned long long)bits) / 8U;
#endif
#else
    (void)bits;
    return 0U;
#endif
}

/* Bytes from p that are plain string content: printable ASCII other than
 * '"' and '\\' (no escape, no UTF-8 sequence, no control character). */
static size_t plain_run(const uint8_t *p, size_t avail)
{
    size_t n = 0U;
    word_t bits = 0U;

    while ((bits == 0U) && ((avail - n) >= sizeof(word_t))) {
        word_t w;

        (void)memcpy(&w, &p[n], sizeof w);
        bits = word_flags(w);
        n += (bits == 0U) ? sizeof(word_t) : plain_lead(bits);
    }
    while ((n < avail) && byte_plain(p[n])) {
        n++;
    }
    return n;
}

static size_t digit_run(const uint8_t *p, size_t avail)
{
    size_t n = 0U;

    while ((n < avail) && is_digit(p[n])) {
        n++;
    }
    return n;
}

/* Of n more plain bytes of a text field with `used` kept, how many fit. */
static size_t text_fit(rmqdr_json_decoder_t *d, size_t n)
{
    const size_t room = (size_t)(d->row->cap - 1U) - d->str_len;
    size_t fit = n;

    if (d->cut) {
        fit = 0U;
    } else if (n > room) {
        fit = room;
        d->cut = true;
    } else {
        /* all of it */
    }
    return fit;
}

/* n plain bytes of the current string (as string_char on each, in one go). */
static void string_run(rmqdr_json_decoder_t *d, const uint8_t *p, size_t n)
{
    if (d->in_key) {
        key_char(d, p, n);
    } else if (in_element(d)) {
        const size_t fit = text_fit(d, n);

        put(d, (const char *)p, fit);
        d->str_len = (uint16_t)(d->str_len + fit);
    } else {
        char *dst = (char *)d->env + d->row->offset;
        const size_t fit = text_fit(d, n);

        (void)memcpy(&dst[d->str_len], p, fit);
        d->str_len = (uint16_t)(d->str_len + fit);
        dst[d->str_len] = '\0';
        if (d->cut) {
            d->env->truncated |= d->row->bit;
        }
    }
}

/* n more digits of an integer already under way (N_INT). Returns the
 * bytes consumed: fewer than n only when the value left int64. */
static size_t number_run(rmqdr_json_decoder_t *d, const uint8_t *p, size_t n)
{
    size_t ok = 0U;
    size_t i;

    if (d->row == NULL) {
        return n; /* skipped: the grammar is all that matters */
    }
    while ((ok < n) && int_digit(&d->magnitude, d->negative, (uint8_t)(p[ok] - (uint8_t)'0'))) {
        ok++;
    }
    /* The digits before one that leaves int64 are kept, as byte by byte. */
    if (in_element(d)) {
        put(d, (const char *)p, ok);
    } else if (is_text(d->row->kind)) {
        for (i = 0U; i < ok; i++) {
            envelope_text_char(d, &p[i], 1U);
        }
    } else {
        /* envelope integer: accumulated */
    }
    if (ok < n) {
        d->offset += ok;
        fail(d, RMQDR_ERR_JSON_BAD_NUMBER);
    }
    return ok;
}

/* Bytes at p the current state takes as a run (0: none, go byte by byte). */
static size_t take_run(rmqdr_json_decoder_t *d, const uint8_t *p, size_t avail)
{
    size_t n = 0U;

    if (d->state == (uint8_t)S_STRING) {
        if ((d->esc == (uint8_t)E_NONE) && (d->u8_need == 0U) &&
            (d->in_key || (d->row == NULL) || is_text(d->row->kind))) {
            n = plain_run(p, avail);
            if ((n > 0U) && (d->in_key || (d->row != NULL))) {
                string_run(d, p, n);
            }
        }
    } else if ((d->state == (uint8_t)S_NUMBER) && (d->num == (uint8_t)N_INT)) {
        n = digit_run(p, avail);
        if (n > 0U) {
            const size_t used = number_run(d, p, n);

            n = (d->status == RMQDR_OK) ? used : 0U;
        }
    } else {
        /* structure, literals: byte by byte */
    }
    if (d->status == RMQDR_OK) {
        d->offset += n;
    }
    return n;
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

static rmqdr_json_sink_t make_sink(rmqdr_json_sink_mode_t mode, const rmqdr_json_schema_t *schema,
                                   void *items, size_t cap, void *ctx)
{
    rmqdr_json_sink_t s;

    (void)memset(&s, 0, sizeof s);
    s.mode = mode;
    s.schema = schema;
    s.items = items;
    s.cap = (mode == RMQDR_JSON_SINK_CALLBACK) ? 1U : cap;
    s.ctx = ctx;
    return s;
}

rmqdr_json_sink_t rmqdr_json_sink_array(rmqdr_checkpoint_t *items, size_t cap)
{
    return make_sink(RMQDR_JSON_SINK_ARRAY, &rmqdr_json_schema_checkpoints, items, cap, NULL);
}

rmqdr_json_sink_t rmqdr_json_sink_callback(rmqdr_checkpoint_t *scratch,
                                           rmqdr_json_checkpoint_fn fn, void *ctx)
{
    rmqdr_json_sink_t s = make_sink(RMQDR_JSON_SINK_CALLBACK, &rmqdr_json_schema_checkpoints,
                                    scratch, 1U, ctx);
    s.on_element.checkpoint = fn;
    return s;
}

#ifndef RMQDR_NO_DISCOVERY
#if !defined(RMQDR_NO_DISCOVERY) && !defined(RMQDR_NO_STS)
rmqdr_json_sink_t rmqdr_json_sink_sts(rmqdr_sts_credentials_t *out)
{
    return make_sink(RMQDR_JSON_SINK_ARRAY, &rmqdr_json_schema_sts, out, (out != NULL) ? 1U : 0U, NULL);
}
#endif

rmqdr_json_sink_t rmqdr_json_sink_plans_array(rmqdr_plan_t *items, size_t cap)
{
    return make_sink(RMQDR_JSON_SINK_ARRAY, &rmqdr_json_schema_plans, items, cap, NULL);
}

rmqdr_json_sink_t rmqdr_json_sink_plans_callback(rmqdr_plan_t *scratch, rmqdr_json_plan_fn fn,
                                                 void *ctx)
{
    rmqdr_json_sink_t s = make_sink(RMQDR_JSON_SINK_CALLBACK, &rmqdr_json_schema_plans, scratch,
                                    1U, ctx);
    s.on_element.plan = fn;
    return s;
}

rmqdr_json_sink_t rmqdr_json_sink_items_array(rmqdr_item_t *items, size_t cap)
{
    return make_sink(RMQDR_JSON_SINK_ARRAY, &rmqdr_json_schema_items, items, cap, NULL);
}

rmqdr_json_sink_t rmqdr_json_sink_items_callback(rmqdr_item_t *scratch, rmqdr_json_item_fn fn,
                                                 void *ctx)
{
    rmqdr_json_sink_t s = make_sink(RMQDR_JSON_SINK_CALLBACK, &rmqdr_json_schema_items, scratch,
                                    1U, ctx);
    s.on_element.item = fn;
    return s;
}
#endif

/* Every member of the callback union is a function pointer of the same
 * size; the constructors set the one the schema's deliver reads. */
static bool sink_valid(const rmqdr_json_sink_t *s)
{
    bool ok;

    if (s->schema == NULL) {
        ok = false;
    } else if (s->mode == RMQDR_JSON_SINK_ARRAY) {
        ok = (s->items != NULL) || (s->cap == 0U);
    } else if (s->mode == RMQDR_JSON_SINK_CALLBACK) {
        ok = (s->items != NULL) && (s->on_element.checkpoint != NULL);
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
        d->row = NULL;
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
        /* A fragment may start inside a string or number: try a run first;
         * then one byte at a time, a run after each byte that leaves the
         * decoder inside one (a run always ends at a byte it cannot take). */
        i = ((len > 0U) && (d->status == RMQDR_OK)) ? take_run(d, data, len) : 0U;
        while ((i < len) && (d->status == RMQDR_OK)) {
            step(d, data[i]);
            i++;
            if (d->status == RMQDR_OK) {
                d->offset++;
                if ((i < len) && ((d->state == (uint8_t)S_STRING) || (d->state == (uint8_t)S_NUMBER))) {
                    i += take_run(d, &data[i], len - i);
                }
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
