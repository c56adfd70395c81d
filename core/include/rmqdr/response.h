/**
 * @file response.h
 * @brief The whole response pipeline: HTTP/1.1 decoder feeding the JSON
 *        decoder, in one fixed work area.
 *
 * Bytes go in as they arrive from the transport, in any fragmentation;
 * checkpoints come out through the JSON sink; the envelope and the HTTP
 * head are filled as they are seen. This is exactly what the client runs,
 * and what `rmqdr decode` runs on a captured response.
 */
#ifndef RMQDR_RESPONSE_H
#define RMQDR_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/checkpoint.h"
#include "rmqdr/http.h"
#include "rmqdr/json.h"
#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Decoder state for one response. Its size does not depend on the body. */
typedef struct {
    rmqdr_http_decoder_t http; /**< Status line, headers, framing. */
    rmqdr_json_decoder_t json; /**< Envelope and per-element mapping. */
    rmqdr_envelope_t *envelope;/**< Caller's envelope, filled as fields arrive. */
    uint64_t body_bytes;       /**< Body bytes seen (after de-chunking). */
    rmqdr_status_t status;     /**< Sticky decoding error, RMQDR_OK while healthy. */
    bool json_started;         /**< The body is being decoded as JSON. */
    bool finished;             /**< The JSON document was closed (finish or result). */
} rmqdr_response_t;

/**
 * The fixed work area of one request, in bytes: what a device must set
 * aside for decoding, however long the page or the stream of pages. One
 * size serves all three operations: the element buffer and token pool are
 * sized for the largest element of any of them (json.h). Per operation,
 * with the default sizes (x86-64 / Cortex-M4): checkpoints alone 2280 /
 * 2208 bytes (build with RMQDR_NO_DISCOVERY); with plans and items (a plan
 * is the largest element) 3096 / 3024. docs/PERFORMANCE.md keeps the
 * figures.
 */
#define RMQDR_WORK_SIZE (sizeof(rmqdr_response_t))

/**
 * @brief Start decoding a new response. Never fails.
 * @param r        Caller-owned state of RMQDR_WORK_SIZE bytes; not NULL.
 *        Wholly overwritten, so it may hold anything before.
 * @param envelope Caller's envelope; cleared here; not NULL. Must outlive
 *        the decoding (@p r keeps a pointer to it).
 * @param sink     Where elements go (array or callback), see json.h; must
 *        outlive the decoding.
 */
void rmqdr_response_init(rmqdr_response_t *r, rmqdr_envelope_t *envelope,
                         const rmqdr_json_sink_t *sink);

/**
 * @brief Feed bytes received from the connection.
 *
 * Any split of the byte stream gives the same result. The envelope's
 * http_status is set once the final head is complete.
 * @param r    State from rmqdr_response_init(); not NULL.
 * @param data Received bytes (may be NULL only with @p len 0); not kept.
 * @param len  Bytes at @p data.
 * @return RMQDR_OK while more is expected or the message just completed
 *         (see rmqdr_response_done()), or a sticky decoding status: an
 *         RMQDR_ERR_HTTP_* status (e.g. RMQDR_ERR_HTTP_TRAILING_BYTES for
 *         bytes after a complete message), a JSON status, or the sink
 *         callback's status. Once non-OK every later call returns it.
 */
rmqdr_status_t rmqdr_response_feed(rmqdr_response_t *r, const uint8_t *data, size_t len);

/**
 * @brief Tell the decoder the connection ended (EOF).
 * @param r State from rmqdr_response_init(); not NULL.
 * @return RMQDR_OK when the message was complete (or ran until close),
 *         RMQDR_ERR_HTTP_TRUNCATED or a JSON status otherwise, or the
 *         sticky status of an earlier call.
 */
rmqdr_status_t rmqdr_response_finish(rmqdr_response_t *r);

/**
 * @brief Whether to stop reading from the connection.
 * @param r State from rmqdr_response_init(); not NULL.
 * @return true once the whole message has arrived or decoding failed.
 */
bool rmqdr_response_done(const rmqdr_response_t *r);

/**
 * @brief Outcome of a completed response; closes the JSON document first.
 *
 * Error shapes and envelope fields: the operation pages in ../shared/api/.
 * @param r State from rmqdr_response_init(); not NULL.
 * @return RMQDR_OK for a 2xx with success:true; RMQDR_ERR_API for either
 *         error shape (details in the envelope, HTTP status included);
 *         RMQDR_ERR_UNEXPECTED_RESPONSE for a body that is not JSON or a 2xx
 *         without the success envelope; RMQDR_ERR_HTTP_TRUNCATED when the
 *         message is not complete yet; or the sticky decoding status.
 */
rmqdr_status_t rmqdr_response_result(rmqdr_response_t *r);

/**
 * @brief Parsed HTTP head (status, Date, x-acs-retry-after, ...).
 * @param r State from rmqdr_response_init(); not NULL.
 * @return Pointer into @p r (valid as long as @p r; never NULL); its fields
 *         are meaningful once the head is complete.
 */
const rmqdr_http_head_t *rmqdr_response_head(const rmqdr_response_t *r);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_RESPONSE_H */
