/* Discovery for `rmqdr watch --instance-id`; see watch_discover.h. */
#include "watch_discover.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "rmqdr/discover.h"

/* Statuses whose checkpoints are watched (the API's vocabulary,
 * ../shared/api/ListDisasterRecoveryPlans.txt and ...Items.txt): plans
 * CREATED | RUNNING | DELETED; items CREATING | CHANGING | RUNNING |
 * MANUAL_STOPPED | OVERDUE_STOPPED. */
static const char *const watched_plan_statuses[] = { "RUNNING" };
static const char *const watched_item_statuses[] = { "RUNNING" };
/* Plans whose items are not listed at all (they are reported gone). */
static const char *const skipped_plan_statuses[] = { "DELETED" };

static bool status_in(bool known, const char *status, const char *const *list, size_t n)
{
    size_t i;

    for (i = 0U; known && (i < n); i++) {
        if (strcmp(status, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

#define IN(known, status, list) status_in((known), (status), (list), sizeof(list) / sizeof((list)[0]))

static void copy(char *dst, size_t cap, const char *src)
{
    (void)snprintf(dst, cap, "%s", src);
}

/* Grows an array by one element; NULL when out of memory. */
static void *append(void **array, size_t *count, size_t *cap, size_t size)
{
    unsigned char *p;

    if (*count == *cap) {
        size_t want = (*cap == 0U) ? 8U : (*cap * 2U);
        void *grown = realloc(*array, want * size);

        if (grown == NULL) {
            return NULL;
        }
        *array = grown;
        *cap = want;
    }
    p = (unsigned char *)*array + (*count * size);
    *count += 1U;
    (void)memset(p, 0, size);
    return p;
}

bool disc_single(disc_set_t *set, const char *plan_id, const char *item_id, const char *instance_id)
{
    disc_item_t *it = append((void **)&set->items, &set->item_count, &set->item_cap, sizeof *set->items);

    if (it == NULL) {
        return false;
    }
    /* ids as the API types them (long) when they are; the text goes on the wire */
    it->plan_id = strtoll(plan_id, NULL, 10);
    it->item_id = strtoll(item_id, NULL, 10);
    copy(it->plan_text, sizeof it->plan_text, plan_id);
    copy(it->item_text, sizeof it->item_text, item_id);
    copy(it->source, sizeof it->source, instance_id);
    it->watched = true;
    return true;
}

/* The instanceId a plan's checkpoints are listed with: the watched
 * instance, unless the plan names it PASSIVE (a target) and another
 * instance ACTIVE (the source: ListDisasterRecoveryCheckpoints wants the
 * source instance). */
static void plan_source(const rmqdr_plan_t *plan, const char *instance_id, char *out, size_t cap)
{
    const char *active = NULL;
    bool passive = false;
    uint32_t i;

    for (i = 0U; i < plan->instances_count; i++) {
        const rmqdr_plan_instance_t *in = &plan->instances[i];

        if (strcmp(in->instance_id, instance_id) == 0) {
            passive = strcmp(in->instance_role, "PASSIVE") == 0;
        } else if ((active == NULL) && (strcmp(in->instance_role, "ACTIVE") == 0)) {
            active = in->instance_id;
        } else {
            /* another target, or a second source of an ACTIVE_ACTIVE plan */
        }
    }
    copy(out, cap, (passive && (active != NULL)) ? active : instance_id);
}

typedef struct {
    disc_set_t *set;
    const char *instance_id;
    const disc_plan_t *plan; /* whose items are being listed */
    bool out_of_memory;
} collect_t;

static rmqdr_status_t on_plan(void *ctx, const rmqdr_plan_t *plan)
{
    collect_t *c = (collect_t *)ctx;
    disc_set_t *set = c->set;
    disc_plan_t *p;

    if ((plan->present & RMQDR_PLAN_PLAN_ID) == 0U) {
        return RMQDR_OK; /* nothing to list its items by */
    }
    p = append((void **)&set->plans, &set->plan_count, &set->plan_cap, sizeof *set->plans);
    if (p == NULL) {
        c->out_of_memory = true;
        return RMQDR_ERR_ABORTED_BY_CALLBACK;
    }
    p->plan_id = plan->plan_id;
    p->status_known = (plan->present & RMQDR_PLAN_PLAN_STATUS) != 0U;
    copy(p->status, sizeof p->status, plan->plan_status);
    plan_source(plan, c->instance_id, p->source, sizeof p->source);
    return RMQDR_OK;
}

static rmqdr_status_t on_item(void *ctx, const rmqdr_item_t *item)
{
    collect_t *c = (collect_t *)ctx;
    disc_set_t *set = c->set;
    disc_item_t *it;

    if ((item->present & RMQDR_ITEM_ITEM_ID) == 0U) {
        return RMQDR_OK;
    }
    it = append((void **)&set->items, &set->item_count, &set->item_cap, sizeof *set->items);
    if (it == NULL) {
        c->out_of_memory = true;
        return RMQDR_ERR_ABORTED_BY_CALLBACK;
    }
    it->plan_id = c->plan->plan_id; /* the plan asked for, whatever the element says */
    it->item_id = item->item_id;
    (void)snprintf(it->plan_text, sizeof it->plan_text, "%" PRId64, it->plan_id);
    (void)snprintf(it->item_text, sizeof it->item_text, "%" PRId64, it->item_id);
    copy(it->source, sizeof it->source, c->plan->source);
    it->status_known = (item->present & RMQDR_ITEM_ITEM_STATUS) != 0U;
    copy(it->status, sizeof it->status, item->item_status);
    /* a plan without a planStatus does not hold its RUNNING items back */
    it->watched = IN(it->status_known, it->status, watched_item_statuses) &&
                  (!c->plan->status_known || IN(true, c->plan->status, watched_plan_statuses));
    return RMQDR_OK;
}

static int compare_plans(const void *a, const void *b)
{
    const disc_plan_t *x = (const disc_plan_t *)a;
    const disc_plan_t *y = (const disc_plan_t *)b;

    return (x->plan_id > y->plan_id) - (x->plan_id < y->plan_id);
}

static int compare_items(const void *a, const void *b)
{
    const disc_item_t *x = (const disc_item_t *)a;
    const disc_item_t *y = (const disc_item_t *)b;

    if (x->plan_id != y->plan_id) {
        return (x->plan_id > y->plan_id) - (x->plan_id < y->plan_id);
    }
    return (x->item_id > y->item_id) - (x->item_id < y->item_id);
}

static rmqdr_status_t list_items(cli_session_t *s, const rmqdr_request_t *base, collect_t *c,
                                 rmqdr_envelope_t *env)
{
    static rmqdr_item_t scratch;
    rmqdr_json_sink_t sink = rmqdr_json_sink_items_callback(&scratch, on_item, c);
    rmqdr_request_t req;
    char plan_text[DISC_ID_TEXT_SIZE];

    (void)memset(&req, 0, sizeof req);
    (void)snprintf(plan_text, sizeof plan_text, "%" PRId64, c->plan->plan_id);
    req.operation = &rmqdr_op_list_items;
    req.plan_id = plan_text;
    req.page_size_set = base->page_size_set;
    req.page_size = base->page_size;
    return rmqdr_list_all_items(&s->client, &req, &sink, env, NULL, NULL);
}

rmqdr_status_t disc_discover(cli_session_t *s, const rmqdr_request_t *request, disc_set_t *fresh,
                             rmqdr_envelope_t *env)
{
    static rmqdr_plan_t scratch;
    collect_t c;
    rmqdr_json_sink_t sink = rmqdr_json_sink_plans_callback(&scratch, on_plan, &c);
    rmqdr_request_t req;
    rmqdr_status_t st;
    size_t i;

    fresh->plan_count = 0U;
    fresh->item_count = 0U;
    (void)memset(&c, 0, sizeof c);
    c.set = fresh;
    c.instance_id = request->instance_id;
    (void)memset(&req, 0, sizeof req);
    req.operation = &rmqdr_op_list_plans;
    req.instance_id = request->instance_id;
    req.page_size_set = request->page_size_set;
    req.page_size = request->page_size;
    st = rmqdr_list_all_plans(&s->client, &req, &sink, env, NULL, NULL);
    for (i = 0U; (st == RMQDR_OK) && (i < fresh->plan_count); i++) {
        c.plan = &fresh->plans[i];
        if (!IN(c.plan->status_known, c.plan->status, skipped_plan_statuses)) {
            st = list_items(s, request, &c, env);
        }
    }
    if (c.out_of_memory) {
        cli_put_stamp(stderr);
        (void)fprintf(stderr, "rmqdr: watch: out of memory (%s)\n", strerror(ENOMEM));
    }
    qsort(fresh->plans, fresh->plan_count, sizeof *fresh->plans, compare_plans);
    qsort(fresh->items, fresh->item_count, sizeof *fresh->items, compare_items);
    return st;
}

disc_item_t *disc_find(const disc_set_t *set, int64_t plan_id, int64_t item_id)
{
    disc_item_t key;

    (void)memset(&key, 0, sizeof key);
    key.plan_id = plan_id;
    key.item_id = item_id;
    return (set->item_count == 0U)
               ? NULL
               : (disc_item_t *)bsearch(&key, set->items, set->item_count, sizeof *set->items, compare_items);
}

static const disc_plan_t *find_plan(const disc_set_t *set, int64_t plan_id)
{
    disc_plan_t key;

    (void)memset(&key, 0, sizeof key);
    key.plan_id = plan_id;
    return (set->plan_count == 0U)
               ? NULL
               : (const disc_plan_t *)bsearch(&key, set->plans, set->plan_count, sizeof *set->plans,
                                              compare_plans);
}

static bool status_changed(bool known_a, const char *a, bool known_b, const char *b)
{
    return (known_a != known_b) || (strcmp(a, b) != 0);
}

/* Plans found or changed, or (gone true) plans gone. */
static void diff_plans(const disc_set_t *old, const disc_set_t *fresh, bool gone,
                       void (*fn)(void *ctx, const disc_event_t *ev), void *ctx)
{
    size_t i;

    for (i = 0U; !gone && (i < fresh->plan_count); i++) {
        const disc_plan_t *now = &fresh->plans[i];
        const disc_plan_t *was = find_plan(old, now->plan_id);
        disc_event_t ev = { DISC_FOUND, now, NULL, NULL };

        if (was != NULL) {
            if (!status_changed(was->status_known, was->status, now->status_known, now->status)) {
                continue;
            }
            ev.change = DISC_STATUS;
            ev.previous_status = was->status_known ? was->status : NULL;
        }
        fn(ctx, &ev);
    }
    for (i = 0U; gone && (i < old->plan_count); i++) {
        if (find_plan(fresh, old->plans[i].plan_id) == NULL) {
            disc_event_t ev = { DISC_GONE, &old->plans[i], NULL, NULL };

            fn(ctx, &ev);
        }
    }
}

void disc_diff(const disc_set_t *old, const disc_set_t *fresh, void (*fn)(void *ctx, const disc_event_t *ev),
               void *ctx)
{
    size_t i;

    diff_plans(old, fresh, false, fn, ctx);
    for (i = 0U; i < fresh->item_count; i++) {
        const disc_item_t *now = &fresh->items[i];
        const disc_item_t *was = disc_find(old, now->plan_id, now->item_id);
        disc_event_t ev = { DISC_FOUND, find_plan(fresh, now->plan_id), now, NULL };

        if (was != NULL) {
            if (!status_changed(was->status_known, was->status, now->status_known, now->status)) {
                continue;
            }
            ev.change = DISC_STATUS;
            ev.previous_status = was->status_known ? was->status : NULL;
        }
        fn(ctx, &ev);
    }
    for (i = 0U; i < old->item_count; i++) {
        const disc_item_t *was = &old->items[i];

        if (disc_find(fresh, was->plan_id, was->item_id) == NULL) {
            disc_event_t ev = { DISC_GONE, find_plan(old, was->plan_id), was, NULL };

            fn(ctx, &ev);
        }
    }
    diff_plans(old, fresh, true, fn, ctx); /* a plan goes after its items */
}

void disc_swap(disc_set_t *a, disc_set_t *b)
{
    disc_set_t t = *a;

    *a = *b;
    *b = t;
}

void disc_free(disc_set_t *set)
{
    free(set->plans);
    free(set->items);
    (void)memset(set, 0, sizeof *set);
}
