/* Plans and items (rmqdr/discovery.h) as JSON with the API's field names,
 * as table rows, and their truncation warnings. The JSON printers are
 * tables generated from the core's field lists (RMQDR_PLAN_FIELDS...), so
 * a field added there is printed without a line here. */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "output.h"
#include "rmqdr/discovery.h"
#include "text.h"

typedef enum { FIELD_TEXT, FIELD_INT, FIELD_BOOL, FIELD_ENUM, FIELD_ARRAY } field_kind_t;

typedef struct json_object json_object_t;

typedef struct {
    const char *key;
    field_kind_t kind;
    size_t offset;               /* the value (ENUM: its text as sent) */
    uint32_t bit;                /* in present / truncated */
    const json_object_t *child;  /* ARRAY: element object */
    size_t count_offset;         /* ARRAY: uint32_t elements stored */
    size_t total_offset;         /* ARRAY: uint32_t elements the response held */
} field_t;

struct json_object {
    const field_t *fields;
    size_t count;
    size_t size;                 /* sizeof the struct (array stride) */
    size_t present_offset;
    size_t truncated_offset;
};

/* Per kind: where the value is, which child, where the counts are. */
#define VALUE_TEXT(T, m) offsetof(T, m)
#define VALUE_INT(T, m) offsetof(T, m)
#define VALUE_BOOL(T, m) offsetof(T, m)
#define VALUE_ENUM(T, m) offsetof(T, m##_text)
#define VALUE_ARRAY(T, m) offsetof(T, m)
#define CHILD_TEXT(c) NULL
#define CHILD_INT(c) NULL
#define CHILD_BOOL(c) NULL
#define CHILD_ENUM(c) NULL
#define CHILD_ARRAY(c) &object_##c
#define COUNT_TEXT(T, m) 0U
#define COUNT_INT(T, m) 0U
#define COUNT_BOOL(T, m) 0U
#define COUNT_ENUM(T, m) 0U
#define COUNT_ARRAY(T, m) offsetof(T, m##_count)
#define TOTAL_TEXT(T, m) 0U
#define TOTAL_INT(T, m) 0U
#define TOTAL_BOOL(T, m) 0U
#define TOTAL_ENUM(T, m) 0U
#define TOTAL_ARRAY(T, m) offsetof(T, m##_total)
#define FIELD_ROW(T, m, key, kind, cap, bit, child) \
    { key, FIELD_##kind, VALUE_##kind(T, m), (uint32_t)(bit), CHILD_##kind(child), COUNT_##kind(T, m), TOTAL_##kind(T, m) },
#define OBJECT(T, rows) \
    { (rows), sizeof(rows) / sizeof((rows)[0]), sizeof(T), offsetof(T, present), offsetof(T, truncated) }

#define INSTANCE_ROW(m, key, kind, cap, bit, child) FIELD_ROW(rmqdr_plan_instance_t, m, key, kind, cap, bit, child)
#define PLAN_ROW(m, key, kind, cap, bit, child) FIELD_ROW(rmqdr_plan_t, m, key, kind, cap, bit, child)
#define TOPIC_ROW(m, key, kind, cap, bit, child) FIELD_ROW(rmqdr_item_topic_t, m, key, kind, cap, bit, child)
#define ITEM_ROW(m, key, kind, cap, bit, child) FIELD_ROW(rmqdr_item_t, m, key, kind, cap, bit, child)

static const field_t instance_fields[] = { RMQDR_INSTANCE_FIELDS(INSTANCE_ROW) };
static const json_object_t object_INSTANCE = OBJECT(rmqdr_plan_instance_t, instance_fields);
static const field_t plan_fields[] = { RMQDR_PLAN_FIELDS(PLAN_ROW) };
static const json_object_t object_plan = OBJECT(rmqdr_plan_t, plan_fields);
static const field_t topic_fields[] = { RMQDR_TOPIC_FIELDS(TOPIC_ROW) };
static const json_object_t object_TOPIC = OBJECT(rmqdr_item_topic_t, topic_fields);
static const field_t item_fields[] = { RMQDR_ITEM_FIELDS(ITEM_ROW) };
static const json_object_t object_item = OBJECT(rmqdr_item_t, item_fields);

static uint32_t word_at(const void *base, size_t offset)
{
    uint32_t v;

    (void)memcpy(&v, (const unsigned char *)base + offset, sizeof v);
    return v;
}

static void print_value(FILE *out, const field_t *f, const unsigned char *at);

/* No recursion: plan -> instances and item -> topics are one level deep,
 * and element objects have no arrays (checked when printing). */
static void print_object(FILE *out, const json_object_t *o, const void *base)
{
    const uint32_t present = word_at(base, o->present_offset);
    size_t i;

    (void)fputc('{', out);
    for (i = 0U; i < o->count; i++) {
        const field_t *f = &o->fields[i];

        (void)fprintf(out, "%s\"%s\":", (i == 0U) ? "" : ",", f->key);
        if ((present & f->bit) == 0U) {
            (void)fputs("null", out); /* the API's name is kept for an absent or null value */
        } else {
            print_value(out, f, (const unsigned char *)base + f->offset);
        }
    }
    (void)fputc('}', out);
}

static void print_elements(FILE *out, const field_t *f, const unsigned char *array, uint32_t count)
{
    uint32_t i;
    size_t j;

    (void)fputc('[', out);
    for (i = 0U; i < count; i++) {
        const unsigned char *el = &array[(size_t)i * f->child->size];
        const uint32_t present = word_at(el, f->child->present_offset);

        (void)fputs((i == 0U) ? "{" : ",{", out);
        for (j = 0U; j < f->child->count; j++) {
            const field_t *c = &f->child->fields[j];

            (void)fprintf(out, "%s\"%s\":", (j == 0U) ? "" : ",", c->key);
            if (((present & c->bit) == 0U) || (c->kind == FIELD_ARRAY)) {
                (void)fputs("null", out);
            } else {
                print_value(out, c, &el[c->offset]);
            }
        }
        (void)fputc('}', out);
    }
    (void)fputc(']', out);
}

static void print_value(FILE *out, const field_t *f, const unsigned char *at)
{
    int64_t n;
    bool b;

    switch (f->kind) {
    case FIELD_INT:
        (void)memcpy(&n, at, sizeof n);
        (void)fprintf(out, "%" PRId64, n);
        break;
    case FIELD_BOOL:
        (void)memcpy(&b, at, sizeof b);
        (void)fputs(b ? "true" : "false", out);
        break;
    case FIELD_ARRAY:
        print_elements(out, f, at, word_at(at - f->offset, f->count_offset));
        break;
    case FIELD_TEXT:
    case FIELD_ENUM:
        cli_print_json_string(out, (const char *)at);
        break;
    default:
        (void)fputs("null", out);
        break;
    }
}

/* One stderr line per string cut to fit and per nested array with more
 * elements than fit (the numbers, not the macro name). */
static void warn_object(const char *where, const json_object_t *o, const void *base)
{
    const uint32_t truncated = word_at(base, o->truncated_offset);
    size_t i;

    for (i = 0U; i < o->count; i++) {
        const field_t *f = &o->fields[i];

        if ((truncated & f->bit) == 0U) {
            continue;
        }
        if (f->kind == FIELD_ARRAY) {
            (void)fprintf(stderr, "rmqdr: warning: %s: %s holds %" PRIu32 " elements; the first %" PRIu32
                                  " are shown\n", where, f->key, word_at(base, f->total_offset),
                          word_at(base, f->count_offset));
        } else {
            (void)fprintf(stderr, "rmqdr: warning: %s: %s was truncated to fit\n", where, f->key);
        }
    }
}

static void warn_children(const char *where, const json_object_t *o, const void *base)
{
    size_t i;

    for (i = 0U; i < o->count; i++) {
        const field_t *f = &o->fields[i];
        uint32_t n;
        uint32_t j;

        if (f->kind != FIELD_ARRAY) {
            continue;
        }
        n = word_at(base, f->count_offset);
        for (j = 0U; j < n; j++) {
            warn_object(where, f->child, (const unsigned char *)base + f->offset + ((size_t)j * f->child->size));
        }
    }
}

static void plan_json(FILE *out, const void *element)
{
    print_object(out, &object_plan, element);
}

static void item_json(FILE *out, const void *element)
{
    print_object(out, &object_item, element);
}

static void plan_warn(const void *element)
{
    char where[48];

    (void)snprintf(where, sizeof where, "plan %" PRId64, ((const rmqdr_plan_t *)element)->plan_id);
    warn_object(where, &object_plan, element);
    warn_children(where, &object_plan, element);
}

static void item_warn(const void *element)
{
    char where[48];

    (void)snprintf(where, sizeof where, "item %" PRId64, ((const rmqdr_item_t *)element)->item_id);
    warn_object(where, &object_item, element);
    warn_children(where, &object_item, element);
}

#define ID_WIDTH 12
#define NAME_WIDTH 24
#define TYPE_WIDTH 15
#define STATUS_WIDTH 16
#define TOPIC_WIDTH 28

static void put_id(FILE *out, bool present, int64_t id)
{
    char text[24];

    (void)snprintf(text, sizeof text, present ? "%" PRId64 : "-", id);
    cli_put_cell(out, text, ID_WIDTH);
}

static void put_text_cell(FILE *out, bool present, const char *s, int width)
{
    cli_put_cell(out, (present && (s[0] != '\0')) ? s : "-", width);
}

static void plans_header(FILE *out)
{
    cli_put_cell(out, "PLAN ID", ID_WIDTH);
    cli_put_cell(out, "NAME", NAME_WIDTH);
    cli_put_cell(out, "TYPE", TYPE_WIDTH);
    cli_put_cell(out, "STATUS", STATUS_WIDTH);
    (void)fputs("INSTANCES (ROLE)\n", out);
}

/* The last column is not cut: every instance of the plan, escaped. */
static void plans_row(const cli_printer_t *p, const void *element)
{
    const rmqdr_plan_t *plan = (const rmqdr_plan_t *)element;
    uint32_t i;

    put_id(p->out, (plan->present & RMQDR_PLAN_PLAN_ID) != 0U, plan->plan_id);
    put_text_cell(p->out, (plan->present & RMQDR_PLAN_PLAN_NAME) != 0U, plan->plan_name, NAME_WIDTH);
    put_text_cell(p->out, (plan->present & RMQDR_PLAN_PLAN_TYPE) != 0U, plan->plan_type, TYPE_WIDTH);
    put_text_cell(p->out, (plan->present & RMQDR_PLAN_PLAN_STATUS) != 0U, plan->plan_status, STATUS_WIDTH);
    for (i = 0U; i < plan->instances_count; i++) {
        const rmqdr_plan_instance_t *in = &plan->instances[i];

        (void)fputs((i == 0U) ? "" : ", ", p->out);
        cli_put_text(p->out, (in->instance_id[0] != '\0') ? in->instance_id : "-");
        (void)fputs(" (", p->out);
        cli_put_text(p->out, (in->instance_role[0] != '\0') ? in->instance_role : "-");
        (void)fputc(')', p->out);
    }
    (void)fputs((plan->instances_count == 0U) ? "-\n" : "\n", p->out);
}

static void items_header(FILE *out)
{
    cli_put_cell(out, "ITEM ID", ID_WIDTH);
    cli_put_cell(out, "PLAN ID", ID_WIDTH);
    cli_put_cell(out, "STATUS", STATUS_WIDTH);
    cli_put_cell(out, "TOPIC", TOPIC_WIDTH);
    (void)fputs("INSTANCES\n", out);
}

/* Topic of the first topic entry (the source side); instances joined by "->". */
static void items_row(const cli_printer_t *p, const void *element)
{
    const rmqdr_item_t *item = (const rmqdr_item_t *)element;
    uint32_t i;

    put_id(p->out, (item->present & RMQDR_ITEM_ITEM_ID) != 0U, item->item_id);
    put_id(p->out, (item->present & RMQDR_ITEM_PLAN_ID) != 0U, item->plan_id);
    put_text_cell(p->out, (item->present & RMQDR_ITEM_ITEM_STATUS) != 0U, item->item_status, STATUS_WIDTH);
    put_text_cell(p->out, item->topics_count > 0U, (item->topics_count > 0U) ? item->topics[0].topic_name : "",
                  TOPIC_WIDTH);
    for (i = 0U; i < item->topics_count; i++) {
        (void)fputs((i == 0U) ? "" : " -> ", p->out);
        cli_put_text(p->out, (item->topics[i].instance_id[0] != '\0') ? item->topics[i].instance_id : "-");
    }
    (void)fputs((item->topics_count == 0U) ? "-\n" : "\n", p->out);
}

const cli_listing_t cli_listing_plans = { "plan(s)", plan_json, plans_header, plans_row, plan_warn };
const cli_listing_t cli_listing_items = { "item(s)", item_json, items_header, items_row, item_warn };
