/* Unit tests of tools/cli/watch_discover.c: the events between two
 * discoveries of `rmqdr watch --instance-id` (found, status, gone; plans
 * before their items when found, after them when gone; an unknown status
 * becoming known is a change), lookup, and the one-item set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "watch_discover.h"

typedef struct {
    char lines[16][96];
    size_t count;
} events_t;

/* "plan-found 1 RUNNING", "item-status 1/2 RUNNING<-CREATING", "item-gone 1/3" */
static void record(void *ctx, const disc_event_t *ev)
{
    static const char *const change[] = { "found", "status", "gone" };
    events_t *e = (events_t *)ctx;
    char *line = e->lines[e->count++];
    const char *status = (ev->item != NULL) ? ev->item->status : ev->plan->status;
    bool known = (ev->item != NULL) ? ev->item->status_known : ev->plan->status_known;

    assert_true(e->count <= 16U);
    if (ev->item != NULL) {
        (void)snprintf(line, 96, "item-%s %lld/%lld", change[ev->change], (long long)ev->item->plan_id,
                       (long long)ev->item->item_id);
    } else {
        (void)snprintf(line, 96, "plan-%s %lld", change[ev->change], (long long)ev->plan->plan_id);
    }
    if (ev->change != DISC_GONE) {
        (void)snprintf(line + strlen(line), 96 - strlen(line), " %s", known ? status : "?");
    }
    if (ev->change == DISC_STATUS) {
        (void)snprintf(line + strlen(line), 96 - strlen(line), "<-%s",
                       (ev->previous_status != NULL) ? ev->previous_status : "?");
    }
}

static void add_plan(disc_set_t *s, int64_t id, const char *status)
{
    disc_plan_t *p;

    s->plans = realloc(s->plans, (s->plan_count + 1U) * sizeof *s->plans);
    assert_non_null(s->plans);
    p = &s->plans[s->plan_count++];
    (void)memset(p, 0, sizeof *p);
    p->plan_id = id;
    p->status_known = status != NULL;
    (void)snprintf(p->status, sizeof p->status, "%s", (status != NULL) ? status : "");
}

/* Items must be added in (plan, item) order, as disc_discover() sorts them. */
static void add_item(disc_set_t *s, int64_t plan, int64_t item, const char *status)
{
    disc_item_t *it;

    s->items = realloc(s->items, (s->item_count + 1U) * sizeof *s->items);
    assert_non_null(s->items);
    it = &s->items[s->item_count++];
    (void)memset(it, 0, sizeof *it);
    it->plan_id = plan;
    it->item_id = item;
    it->status_known = status != NULL;
    (void)snprintf(it->status, sizeof it->status, "%s", (status != NULL) ? status : "");
}

static void expect(const events_t *e, const char *const *want, size_t n)
{
    size_t i;

    for (i = 0U; (i < n) && (i < e->count); i++) {
        assert_string_equal(e->lines[i], want[i]);
    }
    assert_int_equal(e->count, n);
}

static void test_first_discovery_finds_plans_then_items(void **state)
{
    disc_set_t old = { 0 };
    disc_set_t fresh = { 0 };
    events_t e = { .count = 0U };
    static const char *const want[] = { "plan-found 16 RUNNING", "plan-found 17 RUNNING",
                                        "item-found 16/284 RUNNING", "item-found 16/285 CREATING",
                                        "item-found 17/290 RUNNING" };

    (void)state;
    add_plan(&fresh, 16, "RUNNING");
    add_plan(&fresh, 17, "RUNNING");
    add_item(&fresh, 16, 284, "RUNNING");
    add_item(&fresh, 16, 285, "CREATING");
    add_item(&fresh, 17, 290, "RUNNING");
    disc_diff(&old, &fresh, record, &e);
    expect(&e, want, sizeof want / sizeof want[0]);
    disc_free(&fresh);
}

static void test_status_changes_and_gone_items_before_their_plan(void **state)
{
    disc_set_t old = { 0 };
    disc_set_t fresh = { 0 };
    events_t e = { .count = 0U };
    static const char *const want[] = { "plan-status 16 ?<-RUNNING", "plan-found 18 CREATED",
                                        "item-status 16/284 MANUAL_STOPPED<-RUNNING",
                                        "item-status 16/285 RUNNING<-?", "item-found 18/1 CREATING",
                                        "item-gone 17/290", "plan-gone 17" };

    (void)state;
    add_plan(&old, 16, "RUNNING");
    add_plan(&old, 17, "RUNNING");
    add_item(&old, 16, 284, "RUNNING");
    add_item(&old, 16, 285, NULL);
    add_item(&old, 16, 286, "RUNNING");
    add_item(&old, 17, 290, "RUNNING");
    add_plan(&fresh, 16, NULL);
    add_plan(&fresh, 18, "CREATED");
    add_item(&fresh, 16, 284, "MANUAL_STOPPED");
    add_item(&fresh, 16, 285, "RUNNING");
    add_item(&fresh, 16, 286, "RUNNING"); /* unchanged: no event */
    add_item(&fresh, 18, 1, "CREATING");
    disc_diff(&old, &fresh, record, &e);
    expect(&e, want, sizeof want / sizeof want[0]);
    /* nothing changed: no event at all */
    e.count = 0U;
    disc_diff(&fresh, &fresh, record, &e);
    assert_int_equal(e.count, 0U);
    disc_free(&old);
    disc_free(&fresh);
}

static void test_find_and_swap(void **state)
{
    disc_set_t a = { 0 };
    disc_set_t b = { 0 };

    (void)state;
    assert_null(disc_find(&a, 1, 2));
    add_item(&a, 1, 2, "RUNNING");
    add_item(&a, 1, 3, "RUNNING");
    add_item(&a, 2, 1, "RUNNING");
    assert_ptr_equal(disc_find(&a, 1, 3), &a.items[1]);
    assert_ptr_equal(disc_find(&a, 2, 1), &a.items[2]);
    assert_null(disc_find(&a, 2, 2));
    assert_null(disc_find(&a, 3, 1));
    disc_swap(&a, &b);
    assert_int_equal(a.item_count, 0U);
    assert_int_equal(b.item_count, 3U);
    disc_free(&a);
    disc_free(&b);
    assert_null(b.items);
}

static void test_single_item_set(void **state)
{
    disc_set_t s = { 0 };

    (void)state;
    assert_true(disc_single(&s, "1300000016", "100070284", "rmq-cn-7e22ody0001"));
    assert_int_equal(s.item_count, 1U);
    assert_int_equal(s.items[0].plan_id, 1300000016);
    assert_int_equal(s.items[0].item_id, 100070284);
    assert_string_equal(s.items[0].plan_text, "1300000016");
    assert_string_equal(s.items[0].source, "rmq-cn-7e22ody0001");
    assert_true(s.items[0].watched);
    assert_ptr_equal(disc_find(&s, 1300000016, 100070284), &s.items[0]);
    disc_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_discovery_finds_plans_then_items),
        cmocka_unit_test(test_status_changes_and_gone_items_before_their_plan),
        cmocka_unit_test(test_find_and_swap),
        cmocka_unit_test(test_single_item_set),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
