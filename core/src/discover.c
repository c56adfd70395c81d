/* Plans and items through the one client: pick the operation, check the sink. */
#include "rmqdr/discover.h"

#include <stddef.h>

#ifndef RMQDR_NO_DISCOVERY

typedef rmqdr_status_t (*page_fn_t)(void *ctx, const rmqdr_envelope_t *page);

/* The request for @p op, or false when an argument is missing or the sink
 * does not hold that operation's structs. */
static bool prepare(const rmqdr_request_t *request, const rmqdr_json_sink_t *sink,
                    const rmqdr_operation_t *op, const rmqdr_json_schema_t *schema,
                    rmqdr_request_t *out)
{
    if ((request == NULL) || (sink == NULL) || (sink->schema != schema)) {
        return false;
    }
    *out = *request;
    out->operation = op;
    return true;
}

/* Each entry point holds its one request copy in its own frame: no
 * shared helper frame under the listing (stack budget, docs/PERFORMANCE.md). */
rmqdr_status_t rmqdr_list_plans(rmqdr_client_t *client, const rmqdr_request_t *request,
                                const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope)
{
    rmqdr_request_t r;

    if (!prepare(request, sink, &rmqdr_op_list_plans, &rmqdr_json_schema_plans, &r)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    return rmqdr_list_checkpoints(client, &r, sink, envelope);
}

rmqdr_status_t rmqdr_list_all_plans(rmqdr_client_t *client, const rmqdr_request_t *request,
                                    const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope,
                                    page_fn_t on_page, void *page_ctx)
{
    rmqdr_request_t r;

    if (!prepare(request, sink, &rmqdr_op_list_plans, &rmqdr_json_schema_plans, &r)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    return rmqdr_list_all_checkpoints(client, &r, sink, envelope, on_page, page_ctx);
}

rmqdr_status_t rmqdr_list_items(rmqdr_client_t *client, const rmqdr_request_t *request,
                                const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope)
{
    rmqdr_request_t r;

    if (!prepare(request, sink, &rmqdr_op_list_items, &rmqdr_json_schema_items, &r)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    return rmqdr_list_checkpoints(client, &r, sink, envelope);
}

rmqdr_status_t rmqdr_list_all_items(rmqdr_client_t *client, const rmqdr_request_t *request,
                                    const rmqdr_json_sink_t *sink, rmqdr_envelope_t *envelope,
                                    page_fn_t on_page, void *page_ctx)
{
    rmqdr_request_t r;

    if (!prepare(request, sink, &rmqdr_op_list_items, &rmqdr_json_schema_items, &r)) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    return rmqdr_list_all_checkpoints(client, &r, sink, envelope, on_page, page_ctx);
}

#endif
