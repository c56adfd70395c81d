/* libFuzzer target: ListDisasterRecoveryItems bodies (see fuzz_discovery.h). */
#include "rmqdr/json.h"

#define ELEM_T rmqdr_item_t
#define CB_T rmqdr_item_t
#define SINK_ARRAY rmqdr_json_sink_items_array
#define SINK_CALLBACK rmqdr_json_sink_items_callback
#define CHECK_ELEMENT check_item

static void check_item(const rmqdr_item_t *it);

#include "fuzz_discovery.h"

static void check_item(const rmqdr_item_t *it)
{
    uint32_t i;

    TEXT(it->item_status);
    TEXT(it->create_time);
    TEXT(it->update_time);
    check(it->topics_count <= RMQDR_ITEM_MAX_TOPICS);
    check(it->topics_total >= it->topics_count);
    check(((it->truncated & RMQDR_ITEM_TOPICS) != 0U) == (it->topics_total > it->topics_count));
    for (i = 0U; i < it->topics_count; i++) {
        const rmqdr_item_topic_t *t = &it->topics[i];

        TEXT(t->region_id);
        TEXT(t->instance_id);
        TEXT(t->instance_type_text);
        TEXT(t->topic_name);
        TEXT(t->consumer_group_id);
        TEXT(t->delivery_order_type);
        check((unsigned)t->instance_type <= (unsigned)RMQDR_INSTANCE_TYPE_UNKNOWN);
    }
}
