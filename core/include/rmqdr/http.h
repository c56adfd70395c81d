/**
 * @file http.h
 * @brief Incremental HTTP/1.x response decoder.
 *
 * The decoder is a byte-driven state machine so that a response can arrive
 * in any fragmentation (one TLS record, one byte, anything in between) and
 * give the same result. It never holds a whole line: it keeps only a short
 * header name and the values of the few headers the client acts on, so its
 * size is fixed and small whatever the response looks like.
 *
 * Framing is strict. Whenever a response could be read in two ways
 * (Content-Length with chunked, two different lengths, a coding it does not
 * know) the decoder fails instead of picking one, because a wrong guess on a
 * kept-alive connection would misread the next response.
 *
 * What it accepts:
 * - status line "HTTP/1.0 NNN reason" or "HTTP/1.1 NNN reason"; the reason
 *   may be empty and the space before it may be missing;
 * - any number of interim 1xx responses before the final one (skipped;
 *   101 Switching Protocols is refused since the client never asks for it);
 * - body framed by Content-Length, by chunked Transfer-Encoding (extensions
 *   and trailer fields allowed and ignored), or by the end of the connection;
 * - 204 and 304 responses carry no body whatever their headers say.
 *
 * Lines must end in CRLF; a bare CR or LF is a syntax error.
 *
 * Sources: RFC 9112 (HTTP/1.1 message syntax: status line section 4,
 * field lines section 5, body length section 6.3, chunked coding section
 * 7.1, persistence section 9.3), RFC 9110 (1xx section 15.2, 204/304
 * sections 15.3.5 and 15.4.5, Date section 6.6.1); x-acs-retry-after
 * (milliseconds) and x-acs-request-id from ../shared/SIGNING.md and the
 * API pages in ../shared/api/.
 */
#ifndef RMQDR_HTTP_H
#define RMQDR_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/checkpoint.h"
#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef RMQDR_HTTP_MAX_LINE
/**
 * Longest status, header, chunk-size or trailer line, in bytes without its
 * CRLF. Lines are counted, not buffered, so raising it costs no RAM; it only
 * bounds how long a misbehaving peer can keep the decoder inside one line.
 * Must stay at most 65535 (the counter is 16-bit).
 */
#define RMQDR_HTTP_MAX_LINE 8192U
#endif

#ifndef RMQDR_HTTP_MAX_HEADERS
/**
 * Most header lines in one response. Interim 1xx status and header lines and
 * chunked trailer lines count too, so the whole head is bounded by
 * (RMQDR_HTTP_MAX_HEADERS + 1) * RMQDR_HTTP_MAX_LINE bytes.
 */
#define RMQDR_HTTP_MAX_HEADERS 64U
#endif

/**
 * Header-name bytes kept: the longest name the decoder interprets
 * ("transfer-encoding", "x-acs-retry-after"). Longer names cannot be one of
 * them, so they are only checked, not stored.
 */
#define RMQDR_HTTP_NAME_MAX 17U

/**
 * Value bytes kept for Date, Content-Type, Connection and Transfer-Encoding.
 * An IMF-fixdate is 29 bytes; a longer value of these headers cannot be one
 * the decoder acts on (it reads as "not JSON", "no date", "unknown coding").
 */
#define RMQDR_HTTP_VALUE_MAX 32U

/**
 * @brief Receives body bytes (already de-chunked) as soon as they arrive.
 *
 * Called only with @p len > 0. Passing the bytes straight through lets the
 * JSON stage work on them without the body ever being held whole.
 * @param ctx  The pointer given to ::rmqdr_http_feed.
 * @param data Body bytes; valid only during the call (copy what is kept).
 * @param len  Bytes at @p data, always > 0.
 * @return RMQDR_OK to go on; anything else stops decoding and is returned by
 *         ::rmqdr_http_feed (and by every later call: the error is sticky).
 */
typedef rmqdr_status_t (*rmqdr_http_body_fn)(void *ctx, const uint8_t *data,
                                             size_t len);

/** Head fields of the final response, valid once the headers are done. */
typedef struct {
    uint64_t content_length;   /**< Content-Length; meaningful when has_content_length. */
    int64_t date_unix;         /**< Date as Unix seconds, for clock-skew correction; when has_date. */
    uint32_t retry_after_ms;   /**< x-acs-retry-after in ms, a throttling hint; when has_retry_after. */
    uint16_t status;           /**< Status code of the last status line read: 200..599 once headers are done, 0 before any. */
    uint8_t version_minor;     /**< 0 for HTTP/1.0, 1 for HTTP/1.1: decides the keep-alive default. */
    bool has_content_length;   /**< A Content-Length header was present. */
    bool chunked;              /**< Transfer-Encoding: chunked. */
    bool keep_alive;           /**< The connection may carry another request (see rmqdr_http_can_reuse). */
    bool is_json;              /**< Media type is application/json, so the body is worth parsing. */
    bool has_date;             /**< A Date in IMF-fixdate form was present; obsolete forms read as absent. */
    bool has_retry_after;      /**< x-acs-retry-after was present and a decimal that fits 32 bits. */
    bool request_id_truncated; /**< request_id was cut to fit its array. */
    /** x-acs-request-id, NUL-terminated, so failures can be traced with support
     *  even when the body is unusable; bytes >= 0x80 read as '?'. */
    char request_id[RMQDR_REQUEST_ID_SIZE];
} rmqdr_http_head_t;

/**
 * Decoder state. Members other than @c head are private: they are public only
 * so the caller can own the storage (no malloc) and must not be touched.
 */
typedef struct {
    rmqdr_http_head_t head;      /**< Parsed head of the final response. */
    uint64_t remaining;          /**< Body bytes left in the message or the current chunk. */
    uint64_t number;             /**< Decimal or hex number being read. */
    rmqdr_status_t error;        /**< Sticky error, RMQDR_OK while healthy. */
    uint16_t line_len;           /**< Bytes of the current line, against RMQDR_HTTP_MAX_LINE. */
    uint16_t line_count;         /**< Header lines so far, against RMQDR_HTTP_MAX_HEADERS. */
    uint16_t pending_ws;         /**< Blanks held back until a value byte proves they are inside it. */
    uint8_t state;               /**< Where in the message the next byte belongs. */
    uint8_t index;               /**< Position inside a fixed token (version, status digits). */
    uint8_t kind;                /**< Which interpreted header the current value belongs to. */
    uint8_t name_len;            /**< Bytes in name. */
    uint8_t value_len;           /**< Bytes in value, or in head.request_id. */
    bool pending_tab;            /**< A held-back blank was a tab (breaks a Date). */
    bool value_started;          /**< A non-blank value byte was seen (leading blanks are skipped). */
    bool value_bad;              /**< The kept value overflowed or broke its grammar. */
    bool media_done;             /**< Content-Type: the media type ended at ';'. */
    bool saw_close;              /**< Connection listed "close". */
    bool saw_keep_alive;         /**< Connection listed "keep-alive". */
    bool saw_transfer_encoding;  /**< A Transfer-Encoding header was seen. */
    bool headers_done;           /**< The final head is complete. */
    bool until_close;            /**< The body runs to the end of the connection. */
    bool in_trailer;             /**< Header lines are chunked trailer fields (ignored). */
    char name[RMQDR_HTTP_NAME_MAX];   /**< Lower-cased header name. */
    char value[RMQDR_HTTP_VALUE_MAX]; /**< Kept header value or Connection token. */
} rmqdr_http_decoder_t;

/**
 * @brief Prepare @p d for a new response; also used between kept-alive
 *        requests. Never fails.
 * @param d Caller-owned decoder, wholly overwritten; NULL is ignored.
 */
void rmqdr_http_init(rmqdr_http_decoder_t *d);

/**
 * @brief Push received bytes through the decoder.
 *
 * May be called with any split of the stream; body bytes go to @p on_body as
 * they are decoded. A byte arriving after the message is complete is an error
 * because the client never pipelines: it can only be a framing disagreement.
 * @param d       Decoder from rmqdr_http_init().
 * @param data    Received bytes; not kept after the call.
 * @param len     Bytes at @p data (0 is allowed and does nothing).
 * @param on_body May be NULL to discard the body.
 * @param ctx     Passed unchanged to @p on_body.
 * @return RMQDR_OK, an RMQDR_ERR_HTTP_* value, or the status @p on_body
 *         returned; RMQDR_ERR_BAD_ARGUMENT (not sticky) for NULL @p d, or NULL
 *         @p data with @p len > 0.
 */
rmqdr_status_t rmqdr_http_feed(rmqdr_http_decoder_t *d, const uint8_t *data,
                               size_t len, rmqdr_http_body_fn on_body,
                               void *ctx);

/**
 * @brief Tell the decoder the connection ended (EOF).
 *
 * A body framed by the connection's end is only complete here, so this is
 * what makes such a message done.
 * @param d Decoder from rmqdr_http_init().
 * @return RMQDR_OK if the message is complete, RMQDR_ERR_HTTP_TRUNCATED if it
 *         is not (sticky), or the sticky error of an earlier call;
 *         RMQDR_ERR_BAD_ARGUMENT for a NULL @p d.
 */
rmqdr_status_t rmqdr_http_finish(rmqdr_http_decoder_t *d);

/**
 * @brief Whether the final head is parsed, so head fields can be read.
 * @param d Decoder; NULL gives false.
 * @return true once the blank line ending the final (non-1xx) head was read.
 */
bool rmqdr_http_headers_done(const rmqdr_http_decoder_t *d);

/**
 * @brief Whether the whole message (head and body) has been decoded.
 * @param d Decoder; NULL gives false.
 * @return true once the message is complete (for a body framed by the
 *         connection's end, only after rmqdr_http_finish()).
 */
bool rmqdr_http_message_done(const rmqdr_http_decoder_t *d);

/**
 * @brief Whether the connection may carry the next request: the message is
 *        complete, no error occurred, it was framed by length or chunks, and
 *        neither side of the version/Connection rules asks to close
 *        (RFC 9112 section 9.3).
 * @param d Decoder; NULL gives false.
 * @return true when another request may be sent on the connection.
 */
bool rmqdr_http_can_reuse(const rmqdr_http_decoder_t *d);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_HTTP_H */
