/**
 * @file discover.h
 * @brief Discovery calls: ListDisasterRecoveryPlans and
 *        ListDisasterRecoveryItems through the same client, connection,
 *        retries and work area as the checkpoint listing.
 *
 * A device that knows only its instance id lists the plans it takes part
 * in (instanceId filter), then each plan's items; every item id with the
 * plan id is what rmqdr_list_checkpoints() needs. The three operations
 * share one request builder (request.h descriptors) and one decoder
 * (json.h schemas); these functions only pick the operation and check
 * that the sink holds the matching struct.
 *
 * Sources: ../shared/api/ListDisasterRecoveryPlans.txt,
 * ListDisasterRecoveryItems.txt.
 */
#ifndef RMQDR_DISCOVER_H
#define RMQDR_DISCOVER_H

#include "rmqdr/client.h"
#include "rmqdr/discovery.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief One page of plans (GET /disaster_recovery,
 *        ../shared/api/ListDisasterRecoveryPlans.txt).
 * @param client An initialised client (rmqdr_client_init()).
 * @param request instance_id, filter, page_number and page_size are sent
 *        when set (all optional); other members and request->operation
 *        are ignored.
 * @param sink From rmqdr_json_sink_plans_array() or
 *        rmqdr_json_sink_plans_callback().
 * @param envelope Caller's envelope (paging, API error details).
 * @return As rmqdr_list_checkpoints(); RMQDR_ERR_BAD_ARGUMENT for a NULL
 *         argument or a sink that does not hold plans.
 */
rmqdr_status_t rmqdr_list_plans(rmqdr_client_t *client, const rmqdr_request_t *request,
                                const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope);

/**
 * @brief Every page of plans, as rmqdr_list_all_checkpoints() pages
 *        (pageSize from the request or 100; stops at totalCount or an
 *        empty page; an array sink is refilled from index 0 per page).
 * @param client   An initialised client.
 * @param request  As rmqdr_list_plans(); its page_number is ignored (paging
 *        starts at page 1).
 * @param sink     From rmqdr_json_sink_plans_array() or
 *        rmqdr_json_sink_plans_callback().
 * @param envelope Caller's envelope; holds the last page's envelope.
 * @param on_page  Optional (NULL): called after each page with its envelope
 *        and @p page_ctx; a non-OK return stops the listing with that status.
 * @param page_ctx Passed unchanged to @p on_page.
 * @return As rmqdr_list_all_checkpoints(); RMQDR_ERR_BAD_ARGUMENT for a
 *         NULL client, request, sink or envelope, or a sink that does not hold plans.
 */
rmqdr_status_t rmqdr_list_all_plans(rmqdr_client_t *client, const rmqdr_request_t *request,
                                    const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope,
                                    rmqdr_status_t (*on_page)(void *ctx, const rmqdr_envelope_t *page),
                                    void *page_ctx);

/**
 * @brief One page of a plan's items (GET /disaster_recovery/{planId}/items,
 *        ../shared/api/ListDisasterRecoveryItems.txt).
 * @param client An initialised client.
 * @param request plan_id required (decimal text, e.g. "1300000016");
 *        topic_name, filter, page_number, page_size optional.
 * @param sink From rmqdr_json_sink_items_array() or
 *        rmqdr_json_sink_items_callback().
 * @param envelope Caller's envelope (paging, API error details).
 * @return As rmqdr_list_plans() (a sink that does not hold items gives
 *         RMQDR_ERR_BAD_ARGUMENT); RMQDR_ERR_MISSING_PLAN_ID without plan_id.
 */
rmqdr_status_t rmqdr_list_items(rmqdr_client_t *client, const rmqdr_request_t *request,
                                const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope);

/**
 * @brief Every page of a plan's items; paging as rmqdr_list_all_plans().
 * @param client   An initialised client.
 * @param request  As rmqdr_list_items(); its page_number is ignored.
 * @param sink     From rmqdr_json_sink_items_array() or
 *        rmqdr_json_sink_items_callback().
 * @param envelope Caller's envelope; holds the last page's envelope.
 * @param on_page  Optional (NULL): called after each page with its envelope
 *        and @p page_ctx; a non-OK return stops the listing with that status.
 * @param page_ctx Passed unchanged to @p on_page.
 * @return As rmqdr_list_all_checkpoints(); RMQDR_ERR_BAD_ARGUMENT for a
 *         NULL client, request, sink or envelope, or a sink that does not hold items;
 *         RMQDR_ERR_MISSING_PLAN_ID without plan_id.
 */
rmqdr_status_t rmqdr_list_all_items(rmqdr_client_t *client, const rmqdr_request_t *request,
                                    const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope,
                                    rmqdr_status_t (*on_page)(void *ctx, const rmqdr_envelope_t *page),
                                    void *page_ctx);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_DISCOVER_H */
