/* libFuzzer target: ListDisasterRecoveryPlans bodies (see fuzz_discovery.h). */
#include "rmqdr/json.h"

#define ELEM_T rmqdr_plan_t
#define CB_T rmqdr_plan_t
#define SINK_ARRAY rmqdr_json_sink_plans_array
#define SINK_CALLBACK rmqdr_json_sink_plans_callback
#define CHECK_ELEMENT check_plan

static void check_plan(const rmqdr_plan_t *p);

#include "fuzz_discovery.h"

static void check_plan(const rmqdr_plan_t *p)
{
    uint32_t i;

    TEXT(p->plan_name);
    TEXT(p->plan_desc);
    TEXT(p->plan_type);
    TEXT(p->plan_status);
    TEXT(p->create_time);
    TEXT(p->update_time);
    check(p->instances_count <= RMQDR_PLAN_MAX_INSTANCES);
    check(p->instances_total >= p->instances_count);
    check(((p->truncated & RMQDR_PLAN_INSTANCES) != 0U) == (p->instances_total > p->instances_count));
    for (i = 0U; i < p->instances_count; i++) {
        const rmqdr_plan_instance_t *n = &p->instances[i];

        TEXT(n->instance_id);
        TEXT(n->instance_type_text);
        TEXT(n->instance_role);
        TEXT(n->region_id);
        TEXT(n->network_type);
        TEXT(n->endpoint_url);
        TEXT(n->consumer_group_id);
        TEXT(n->auth_type);
        check((unsigned)n->instance_type <= (unsigned)RMQDR_INSTANCE_TYPE_UNKNOWN);
    }
}
