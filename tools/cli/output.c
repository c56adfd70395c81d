/* Table, JSON and JSON-lines output with the API's field names. */
#include "output.h"

#include <inttypes.h>
#include <string.h>

#include "rmqdr/health.h"
#include "rmqdr/request.h"
#include "text.h"

#define TOPIC_WIDTH 28
#define GROUP_WIDTH 24

/* Bytes from s that go out as they are: not '"', '\\', a control
 * character (C0, DEL) or the lead byte of a C1 control. */
static size_t json_plain_run(const unsigned char *s)
{
    size_t n = 0U;

    while ((s[n] >= 0x20U) && (s[n] != '"') && (s[n] != '\\') && (s[n] != 0x7FU) &&
           !((s[n] == 0xC2U) && (s[n + 1U] >= 0x80U) && (s[n + 1U] <= 0x9FU))) {
        n++;
    }
    return n;
}

void cli_print_json_string(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    (void)fputc('"', out);
    while (*p != 0U) {
        const size_t n = json_plain_run(p);

        if (n > 0U) {
            (void)fwrite(p, 1U, n, out); /* runs, not a call per byte */
            p += n;
        } else if ((*p == '"') || (*p == '\\')) {
            (void)fprintf(out, "\\%c", *p);
            p++;
        } else if (*p == 0xC2U) {
            /* C1 controls (U+0080..U+009F) too: a terminal would obey them */
            (void)fprintf(out, "\\u%04x", p[1]);
            p += 2;
        } else {
            (void)fprintf(out, "\\u%04x", *p);
            p++;
        }
    }
    (void)fputc('"', out);
}

/* Emits ,"name":value members only for fields that were present. */
typedef struct {
    FILE *out;
    uint32_t present;
    bool first;
    bool keep; /* envelope fields too keep their names when absent (success documents) */
} members_t;

static void member_name(members_t *m, const char *name)
{
    (void)fputs(m->first ? "\"" : ",\"", m->out);
    (void)fputs(name, m->out);
    (void)fputs("\":", m->out);
    m->first = false;
}

/* A checkpoint field keeps its API name when absent or null: "name":null. */
static void member_str(members_t *m, uint32_t bit, const char *name, const char *value)
{
    member_name(m, name);
    if ((m->present & bit) != 0U) {
        cli_print_json_string(m->out, value);
    } else {
        (void)fputs("null", m->out);
    }
}

static void member_int(members_t *m, uint32_t bit, const char *name, int64_t value)
{
    member_name(m, name);
    if ((m->present & bit) != 0U) {
        (void)fprintf(m->out, "%" PRId64, value);
    } else {
        (void)fputs("null", m->out);
    }
}

/* Envelope members appear only when the response had them (error shapes differ). */
static void env_str(members_t *m, uint32_t bit, const char *name, const char *value)
{
    if (m->keep) {
        member_str(m, bit, name, value);
    } else if ((m->present & bit) != 0U) {
        member_name(m, name);
        cli_print_json_string(m->out, value);
    }
}

static void env_int(members_t *m, uint32_t bit, const char *name, int64_t value)
{
    if (m->keep) {
        member_int(m, bit, name, value);
    } else if ((m->present & bit) != 0U) {
        member_name(m, name);
        (void)fprintf(m->out, "%" PRId64, value);
    }
}

/* The strings of a progress object that can be cut to fit, by API name. */
static const struct { uint32_t bit; const char *name; } progress_strings[] = {
    { RMQDR_PROGRESS_REGION_ID, "regionId" },
    { RMQDR_PROGRESS_INSTANCE_ID, "instanceId" },
    { RMQDR_PROGRESS_INSTANCE_TYPE, "instanceType" },
    { RMQDR_PROGRESS_CONSUMER_GROUP_ID, "consumerGroupId" },
    { RMQDR_PROGRESS_TOPIC_NAME, "topicName" },
};

#define PROGRESS_STRINGS (sizeof progress_strings / sizeof progress_strings[0])

/* "sourceProgress.topicName"... for each cut string of pr; *first tracks the comma. */
static void truncated_names(FILE *out, const char *which, const rmqdr_progress_t *pr, bool *first)
{
    size_t i;

    for (i = 0U; i < PROGRESS_STRINGS; i++) {
        if ((pr->truncated & progress_strings[i].bit) != 0U) {
            (void)fprintf(out, "%s\"%s.%s\"", *first ? "" : ",", which, progress_strings[i].name);
            *first = false;
        }
    }
}

/* The one member that is not the API's: present only on an element with a
 * string cut to fit, so the data itself says which values are not whole. */
static void print_truncated_fields(FILE *out, const rmqdr_checkpoint_t *cp)
{
    bool first = true;

    if ((cp->source.truncated | cp->target.truncated) == 0U) {
        return;
    }
    (void)fputs(",\"truncatedFields\":[", out);
    truncated_names(out, "sourceProgress", &cp->source, &first);
    truncated_names(out, "targetProgress", &cp->target, &first);
    (void)fputc(']', out);
}

static void print_progress(FILE *out, const rmqdr_progress_t *p)
{
    members_t m = { out, p->present, true, false };

    (void)fputc('{', out);
    member_str(&m, RMQDR_PROGRESS_REGION_ID, "regionId", p->region_id);
    member_str(&m, RMQDR_PROGRESS_INSTANCE_ID, "instanceId", p->instance_id);
    member_str(&m, RMQDR_PROGRESS_INSTANCE_TYPE, "instanceType", p->instance_type_text);
    member_str(&m, RMQDR_PROGRESS_CONSUMER_GROUP_ID, "consumerGroupId", p->consumer_group_id);
    member_str(&m, RMQDR_PROGRESS_TOPIC_NAME, "topicName", p->topic_name);
    member_int(&m, RMQDR_PROGRESS_LAST_FETCH_TIME, "lastFetchTime", p->last_fetch_time);
    member_name(&m, "progressData");
    (void)fputc('{', out);
    m.first = true;
    member_int(&m, RMQDR_PROGRESS_CONSUME_TIMESTAMP, "consumeTimestamp", p->consume_timestamp);
    (void)fputs("}}", out);
}

void cli_print_checkpoint_json(FILE *out, const rmqdr_checkpoint_t *cp)
{
    members_t m = { out, cp->present, true, false };

    (void)fputc('{', out);
    member_int(&m, RMQDR_CHECKPOINT_PLAN_ID, "planId", cp->plan_id);
    member_int(&m, RMQDR_CHECKPOINT_ITEM_ID, "itemId", cp->item_id);
    member_int(&m, RMQDR_CHECKPOINT_CHECKPOINT_ID, "checkpointId", cp->checkpoint_id);
    member_int(&m, RMQDR_CHECKPOINT_LAST_SYNC_TIME, "lastSyncTime", cp->last_sync_time);
    member_name(&m, "sourceProgress");
    if ((cp->present & RMQDR_CHECKPOINT_SOURCE_PROGRESS) != 0U) {
        print_progress(out, &cp->source);
    } else {
        (void)fputs("null", out);
    }
    member_name(&m, "targetProgress");
    if ((cp->present & RMQDR_CHECKPOINT_TARGET_PROGRESS) != 0U) {
        print_progress(out, &cp->target);
    } else {
        (void)fputs("null", out);
    }
    print_truncated_fields(out, cp);
    (void)fputc('}', out);
}

static bool all_digits(const char *s)
{
    size_t i;

    for (i = 0U; s[i] != '\0'; i++) {
        if ((s[i] < '0') || (s[i] > '9') || (i > 15U)) {
            return false;
        }
    }
    return (i > 0U) && ((s[0] != '0') || (i == 1U));
}

/* Envelope members after "data"; `code` goes out as a number when it is one,
 * as the API's own sample does. */
static void print_envelope_members(members_t *m, const rmqdr_envelope_t *env)
{
    env_str(m, RMQDR_ENVELOPE_REQUEST_ID, "requestId", env->request_id);
    if (((env->present & RMQDR_ENVELOPE_SUCCESS) != 0U) || m->keep) {
        member_name(m, "success");
        (void)fputs(((env->present & RMQDR_ENVELOPE_SUCCESS) == 0U) ? "null" : env->success ? "true" : "false",
                    m->out);
    }
    if (((env->present & RMQDR_ENVELOPE_CODE) != 0U) && all_digits(env->code)) {
        member_name(m, "code");
        (void)fputs(env->code, m->out);
    } else {
        env_str(m, RMQDR_ENVELOPE_CODE, "code", env->code);
    }
    env_str(m, RMQDR_ENVELOPE_MESSAGE, "message", env->message);
    env_int(m, RMQDR_ENVELOPE_HTTP_STATUS_CODE, "httpStatusCode", env->http_status_code);
    env_str(m, RMQDR_ENVELOPE_DYNAMIC_CODE, "dynamicCode", env->dynamic_code);
    env_str(m, RMQDR_ENVELOPE_DYNAMIC_MESSAGE, "dynamicMessage", env->dynamic_message);
    m->keep = false; /* gateway extras, not fields of this API */
    env_str(m, RMQDR_ENVELOPE_HOST_ID, "hostId", env->host_id);
    env_str(m, RMQDR_ENVELOPE_RECOMMEND, "recommend", env->recommend);
}

static void print_paging(members_t *m, const rmqdr_envelope_t *env)
{
    env_int(m, RMQDR_ENVELOPE_PAGE_NUMBER, "pageNumber", env->page_number);
    env_int(m, RMQDR_ENVELOPE_PAGE_SIZE, "pageSize", env->page_size);
    env_int(m, RMQDR_ENVELOPE_TOTAL_COUNT, "totalCount", env->total_count);
}

void cli_print_envelope_json(FILE *out, const rmqdr_envelope_t *env)
{
    members_t m = { out, env->present, true, false };

    (void)fputc('{', out);
    print_envelope_members(&m, env);
    (void)fputs("}\n", out);
}

void cli_format_duration(int64_t ms, char *buf, size_t cap)
{
    const char *sign = (ms < 0) ? "-" : "";
    uint64_t s = (uint64_t)((ms < 0) ? -(ms / 1000) : (ms / 1000));

    if ((ms > -1000) && (ms < 1000)) {
        (void)snprintf(buf, cap, "%s%" PRId64 "ms", sign, (ms < 0) ? -ms : ms);
    } else if (s < 60U) {
        (void)snprintf(buf, cap, "%s%" PRIu64 "s", sign, s);
    } else if (s < 3600U) {
        (void)snprintf(buf, cap, "%s%" PRIu64 "m %02" PRIu64 "s", sign, s / 60U, s % 60U);
    } else if (s < 86400U) {
        (void)snprintf(buf, cap, "%s%" PRIu64 "h %02" PRIu64 "m", sign, s / 3600U, (s % 3600U) / 60U);
    } else {
        (void)snprintf(buf, cap, "%s%" PRIu64 "d %02" PRIu64 "h", sign, s / 86400U, (s % 86400U) / 3600U);
    }
}

/* A consume timestamp as "YYYY-MM-DD HH:MM:SS", or "-" for "never". */
static void format_time(const rmqdr_progress_t *p, char *buf, size_t cap)
{
    char date[RMQDR_DATE_SIZE];

    if (!rmqdr_timestamp_known((p->present & RMQDR_PROGRESS_CONSUME_TIMESTAMP) != 0U, p->consume_timestamp) ||
        (rmqdr_format_date(p->consume_timestamp, date) != RMQDR_OK)) {
        (void)snprintf(buf, cap, "-");
        return;
    }
    date[10] = ' ';
    date[19] = '\0';
    (void)snprintf(buf, cap, "%s", date);
}

void cli_health_text(const rmqdr_checkpoint_t *cp, const int64_t *server_now_ms, char *lag, char *age,
                     size_t cap)
{
    rmqdr_health_t h;

    rmqdr_checkpoint_health(cp, server_now_ms, &h);
    (void)snprintf(lag, cap, "-");
    (void)snprintf(age, cap, "-");
    if ((h.unknown & RMQDR_HEALTH_LAG_UNKNOWN) == 0U) {
        cli_format_duration(h.lag_ms, lag, cap);
    }
    if ((h.unknown & RMQDR_HEALTH_AGE_UNKNOWN) == 0U) {
        cli_format_duration(h.age_ms, age, cap);
    }
}

const char *cli_topic(const rmqdr_checkpoint_t *cp)
{
    return (cp->source.topic_name[0] != '\0') ? cp->source.topic_name : cp->target.topic_name;
}

const char *cli_group(const rmqdr_checkpoint_t *cp)
{
    return (cp->source.consumer_group_id[0] != '\0') ? cp->source.consumer_group_id
                                                     : cp->target.consumer_group_id;
}

/* Topic and group cells are cut on a character boundary and padded by
 * display width, so the table needs no look-ahead and CJK names line up. */
static void table_row(const cli_printer_t *p, const void *element)
{
    const rmqdr_checkpoint_t *cp = (const rmqdr_checkpoint_t *)element;
    char src[24];
    char dst[24];
    char lag[24];
    char age[24];

    format_time(&cp->source, src, sizeof src);
    format_time(&cp->target, dst, sizeof dst);
    cli_health_text(cp, p->now_known ? &p->now_ms : NULL, lag, age, sizeof lag);
    cli_put_cell(p->out, cli_topic(cp), TOPIC_WIDTH);
    cli_put_cell(p->out, cli_group(cp), GROUP_WIDTH);
    (void)fprintf(p->out, "%-21s  %-21s  %9s  %9s\n", src, dst, lag, age);
}

static void table_header(FILE *out)
{
    cli_put_cell(out, "TOPIC", TOPIC_WIDTH);
    cli_put_cell(out, "GROUP", GROUP_WIDTH);
    (void)fprintf(out, "%-21s  %-21s  %9s  %9s\n", "SOURCE CONSUMED (UTC)", "TARGET CONSUMED (UTC)", "LAG",
                  "SYNC AGE");
}

static void checkpoint_json(FILE *out, const void *element)
{
    cli_print_checkpoint_json(out, (const rmqdr_checkpoint_t *)element);
}

static void checkpoint_warn(const void *element)
{
    cli_warn_truncated((const rmqdr_checkpoint_t *)element);
}

const cli_listing_t cli_listing_checkpoints = { "checkpoint(s)", checkpoint_json, table_header, table_row,
                                                checkpoint_warn };

void cli_printer_begin(cli_printer_t *p, FILE *out, output_format_t format, const cli_listing_t *listing)
{
    p->out = out;
    p->format = format;
    p->listing = listing;
    p->now_known = false;
    p->now_ms = 0;
    p->items = 0U;
    if (format == OUTPUT_TABLE) {
        listing->header(out);
    } else {
        /* json opens with the first item; jsonl has nothing before it */
    }
}

void cli_printer_item(cli_printer_t *p, const void *element)
{
    p->listing->warn(element);
    if (p->format == OUTPUT_JSON) {
        /* the document opens with the first item, so an error response
         * without data can still come out as its own shape */
        (void)fputs((p->items == 0U) ? "{\"data\":{\"list\":[\n" : ",\n", p->out);
        p->listing->json(p->out, element);
    } else if (p->format == OUTPUT_JSONL) {
        p->listing->json(p->out, element);
        (void)fputc('\n', p->out);
    } else {
        p->listing->row(p, element);
    }
    p->items++;
}

void cli_printer_end(cli_printer_t *p, const rmqdr_envelope_t *env)
{
    if ((p->format == OUTPUT_JSON) && (p->items == 0U) && (env != NULL) &&
        ((env->present & RMQDR_ENVELOPE_DATA) == 0U)) {
        cli_print_envelope_json(p->out, env);
    } else if (p->format == OUTPUT_JSON) {
        members_t m = { p->out, (env != NULL) ? env->present : 0U, false, true };

        if (p->items == 0U) {
            (void)fputs("{\"data\":{\"list\":[", p->out);
        }
        (void)fputs("]", p->out);
        if (env != NULL) {
            print_paging(&m, env);
        }
        (void)fputs("}", p->out);
        if (env != NULL) {
            print_envelope_members(&m, env);
        }
        (void)fputs("}\n", p->out);
    } else if ((p->format == OUTPUT_TABLE) && (env != NULL)) {
        (void)fprintf(p->out, "%" PRIu64 " %s", p->items, p->listing->noun);
        if ((env->present & RMQDR_ENVELOPE_TOTAL_COUNT) != 0U) {
            (void)fprintf(p->out, " of %" PRId64, env->total_count);
        }
        (void)fputs(", request ", p->out);
        cli_put_text(p->out, (env->request_id[0] != '\0') ? env->request_id : "-");
        (void)fputc('\n', p->out);
    } else {
        /* jsonl: every line is already out */
    }
}

static void warn_progress(const char *which, const rmqdr_progress_t *pr)
{
    size_t i;

    for (i = 0U; i < PROGRESS_STRINGS; i++) {
        if ((pr->truncated & progress_strings[i].bit) != 0U) {
            (void)fprintf(stderr, "rmqdr: warning: %s.%s was truncated to fit\n", which, progress_strings[i].name);
        }
    }
}

void cli_warn_truncated(const rmqdr_checkpoint_t *cp)
{
    warn_progress("sourceProgress", &cp->source);
    warn_progress("targetProgress", &cp->target);
}
