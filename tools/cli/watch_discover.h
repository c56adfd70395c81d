/* `rmqdr watch --instance-id ID` without --plan-id/--item-id: the plans the
 * instance takes part in (ListDisasterRecoveryPlans, instanceId filter) and
 * their items (ListDisasterRecoveryItems), over the watch's one client, and
 * what changed between two discoveries. */
#ifndef RMQDR_CLI_WATCH_DISCOVER_H
#define RMQDR_CLI_WATCH_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/discovery.h"
#include "session.h"

#define DISC_ID_TEXT_SIZE 24U /* an int64 in decimal, with its NUL */

typedef struct {
    int64_t plan_id;
    bool status_known;
    char status[RMQDR_STATE_TEXT_SIZE];     /* planStatus as sent */
    char source[RMQDR_INSTANCE_ID_SIZE];    /* instanceId its checkpoints are listed with */
} disc_plan_t;

/* One item to poll. In a single-item watch it is the one from the options. */
typedef struct {
    int64_t plan_id;
    int64_t item_id;
    char plan_text[RMQDR_MAX_ID_LEN + 1U];  /* path parameters of the checkpoint call */
    char item_text[RMQDR_MAX_ID_LEN + 1U];
    char source[RMQDR_INSTANCE_ID_SIZE];    /* instanceId query parameter */
    bool status_known;
    char status[RMQDR_STATE_TEXT_SIZE];     /* itemStatus as sent */
    bool watched;                           /* RUNNING item of a RUNNING plan */
    bool polled_ok;                         /* its listing succeeded in this round */
} disc_item_t;

/* Plans and items sorted by id; arrays grow as needed (no cap). */
typedef struct {
    disc_plan_t *plans;
    size_t plan_count;
    size_t plan_cap;
    disc_item_t *items;
    size_t item_count;
    size_t item_cap;
} disc_set_t;

typedef enum { DISC_FOUND, DISC_STATUS, DISC_GONE } disc_change_t;

/* One change between two discoveries (item NULL: a plan event). */
typedef struct {
    disc_change_t change;
    const disc_plan_t *plan;      /* the plan now, or as last known when gone */
    const disc_item_t *item;      /* the item now, or as last known when gone */
    const char *previous_status;  /* DISC_STATUS: the status before (NULL: it had none) */
} disc_event_t;

/* The set of one item, for a watch given --plan-id and --item-id. false when out of memory. */
bool disc_single(disc_set_t *set, const char *plan_id, const char *item_id, const char *instance_id);

/* Lists every plan of request->instance_id and every item of those plans
 * (all pages) into fresh (emptied first). On failure env holds the failed
 * call's envelope, and the status is returned. */
rmqdr_status_t disc_discover(cli_session_t *s, const rmqdr_request_t *request, disc_set_t *fresh,
                             rmqdr_envelope_t *env);

/* Calls fn for every plan and item found, changed or gone from old to fresh. */
void disc_diff(const disc_set_t *old, const disc_set_t *fresh, void (*fn)(void *ctx, const disc_event_t *ev),
               void *ctx);

/* The item (plan_id, item_id) of set, or NULL. */
disc_item_t *disc_find(const disc_set_t *set, int64_t plan_id, int64_t item_id);

void disc_swap(disc_set_t *a, disc_set_t *b);
void disc_free(disc_set_t *set);

#endif
