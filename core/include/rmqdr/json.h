/**
 * @file json.h
 * @brief Streaming decoder of a ListDisasterRecoveryCheckpoints body.
 *
 * The body is fed in fragments of any size, down to one byte. A small
 * splitter validates the whole document's syntax as it goes, writes the
 * envelope fields (success, error and gateway-error shapes, paging)
 * straight into the caller's ::rmqdr_envelope_t, and copies each element of
 * @c data.list, compacted, into a fixed buffer. When an element closes, jsmn
 * tokenizes that buffer alone and the tokens are mapped into one
 * ::rmqdr_checkpoint_t, which goes to the caller's sink.
 *
 * While copying an element the splitter keeps only the fields the mapper
 * knows: unknown fields, however large or deep, cost neither buffer bytes
 * nor tokens, so the limits below cover every element whose known strings
 * fit their struct arrays. Whitespace is dropped, escapes are decoded, and
 * each string is cut, at a UTF-8 character boundary, to its field's array.
 *
 * Accepted beyond plain JSON typing (forward compatibility): fields in any
 * order; unknown fields anywhere; @c null for any field (its present bit
 * stays clear); integers as JSON numbers or as decimal strings ("200"),
 * and integers for string fields (stored as decimal text, e.g. code 200 as
 * "200"). Refused: fractions, exponents or values outside int64 on a known
 * field (RMQDR_ERR_JSON_BAD_NUMBER); a known field of the wrong type
 * (RMQDR_ERR_JSON_BAD_TYPE); a known key twice in one object, or
 * requestId together with RequestId (RMQDR_ERR_JSON_DUPLICATE_KEY); invalid
 * escapes and lone surrogates (RMQDR_ERR_JSON_BAD_ESCAPE) and invalid UTF-8
 * (RMQDR_ERR_JSON_SYNTAX), in known and unknown fields alike; a root that is
 * not an object, or a list element that is not an object
 * (RMQDR_ERR_JSON_BAD_TYPE).
 *
 * A string holding U+0000 is cut there (a C string cannot carry it) and
 * flagged truncated.
 *
 * Errors are sticky: once a call fails, every later call returns the same
 * status, and rmqdr_json_error_offset() tells which body byte caused it.
 * In callback mode the checkpoints before that byte have been delivered.
 */
#ifndef RMQDR_JSON_H
#define RMQDR_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/checkpoint.h"
#include "rmqdr/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Bytes of one compacted list element: exactly the largest element whose
 * known strings all fill their arrays (1305 with the sizes of
 * checkpoint.h): integers as 20-digit negatives, strings with their quotes
 * and a 2-byte truncation mark. Every '"' or '\\' inside a kept string costs
 * one more byte; an element that still does not fit fails with
 * RMQDR_ERR_JSON_ELEMENT_TOO_LARGE.
 */
#define RMQDR_JSON_ELEMENT_MAX                                                        \
    (169U + (2U * (169U + (RMQDR_REGION_ID_SIZE + 3U) + (RMQDR_INSTANCE_ID_SIZE + 3U) \
                   + (RMQDR_INSTANCE_TYPE_SIZE + 3U) + (RMQDR_GROUP_ID_SIZE + 3U)     \
                   + (RMQDR_TOPIC_NAME_SIZE + 3U))))

/**
 * jsmn tokens for one element: the element object, 6 keys with their
 * values, and per progress object 7 keys, 6 scalars, progressData and its
 * one key and value (1 + 12 + 2 x 16). Unknown fields are never copied and
 * known keys cannot repeat, so a compacted element never needs more;
 * RMQDR_ERR_JSON_TOO_MANY_TOKENS is kept as a guard.
 */
#define RMQDR_JSON_MAX_TOKENS 45U

/**
 * Deepest nesting of objects and arrays anywhere in the body, known fields
 * or not (the known path is 6 deep). One bit of state per level.
 */
#define RMQDR_JSON_MAX_DEPTH 64U

/**
 * Bytes of an object key kept for matching: the longest known key
 * ("consumeTimestamp"). A longer key cannot be a known one, so it is
 * skipped as unknown rather than refused.
 */
#define RMQDR_JSON_MAX_KEY 16U

/**
 * Storage for one jsmn token. jsmn's header is private to json.c; this has
 * the same size and member offsets (checked at compile time there) and is
 * only ever accessed as jsmn's type.
 */
typedef struct {
    int type;  /**< jsmntype_t. */
    int start; /**< First byte in the element buffer. */
    int end;   /**< One past the last byte. */
    int size;  /**< Members, elements, or 1 for a key. */
} rmqdr_json_token_t;

/**
 * Called once per list element, in document order.
 * @param ctx Caller's pointer from the sink.
 * @param cp  The decoded element, valid only during the call (it is the
 *            sink's scratch struct, reused for the next element).
 * @return RMQDR_OK to go on; anything else stops decoding with
 *         RMQDR_ERR_ABORTED_BY_CALLBACK (the value itself is kept, see
 *         rmqdr_json_callback_status()).
 */
typedef rmqdr_status_t (*rmqdr_json_checkpoint_fn)(void *ctx, const rmqdr_checkpoint_t *cp);

/** How decoded checkpoints reach the caller. */
typedef enum {
    RMQDR_JSON_SINK_ARRAY = 0, /**< Fill items[0..cap-1]; later elements are only counted. */
    RMQDR_JSON_SINK_CALLBACK   /**< Decode each into items[0] and call on_checkpoint. */
} rmqdr_json_sink_mode_t;

/**
 * Where checkpoints go. Build one with rmqdr_json_sink_array() or
 * rmqdr_json_sink_callback(); the decoder keeps a copy, but the structs it
 * points to must outlive decoding.
 */
typedef struct {
    rmqdr_json_sink_mode_t mode;        /**< Array or callback. */
    rmqdr_checkpoint_t *items;          /**< Array: cap structs. Callback: one scratch struct. */
    size_t cap;                         /**< Array: structs at items. Callback: ignored. */
    rmqdr_json_checkpoint_fn on_checkpoint; /**< Callback mode only. */
    void *ctx;                          /**< Passed to on_checkpoint. */
} rmqdr_json_sink_t;

/**
 * Complete decoder state. Its size is fixed at compile time (2176 bytes on
 * x86-64, 2144 on Cortex-M4) and does not depend on the page size or the
 * body length. Members are private: read them through the functions below.
 */
typedef struct {
    rmqdr_json_token_t tokens[RMQDR_JSON_MAX_TOKENS]; /**< jsmn pool for the element being mapped. */
    rmqdr_envelope_t *env;       /**< Caller's envelope, written as fields arrive. */
    rmqdr_json_sink_t sink;      /**< Copy of the caller's sink. */
    uint64_t offset;             /**< Body bytes consumed so far. */
    uint64_t error_offset;       /**< Body offset of the byte that failed. */
    uint64_t containers;         /**< Bit d set: the container at depth d+1 is an object. */
    uint64_t magnitude;          /**< Absolute value of the integer being read. */
    size_t stored;               /**< Array mode: structs written. */
    uint32_t seen;               /**< Known keys already met in the open known objects (duplicates). */
    rmqdr_status_t status;       /**< Sticky status. */
    rmqdr_status_t callback_status; /**< What the callback returned when it stopped decoding. */
    uint16_t elem_len;           /**< Bytes in element. */
    uint16_t str_len;            /**< Decoded bytes kept of the current string. */
    uint16_t unit;               /**< \\u escape being read. */
    uint16_t high;               /**< High surrogate waiting for its low half. */
    uint8_t state;               /**< What the next byte may be. */
    uint8_t esc;                 /**< Position inside an escape sequence. */
    uint8_t hex;                 /**< Hex digits read of the current \\u escape. */
    uint8_t num;                 /**< Position in the number grammar. */
    uint8_t lit;                 /**< Literal being matched (true, false, null). */
    uint8_t lit_pos;             /**< Bytes of it matched. */
    uint8_t depth;               /**< Open containers. */
    uint8_t known;               /**< Open containers that are on the path of known fields. */
    uint8_t field;               /**< Known field the current value belongs to (0: skipped). */
    uint8_t commas;              /**< Bit d set: the element object at depth d already has a member. */
    uint8_t u8_need;             /**< UTF-8 continuation bytes still expected. */
    uint8_t u8_len;              /**< Bytes of the UTF-8 character collected so far. */
    uint8_t u8_lo;               /**< Smallest allowed next continuation byte. */
    uint8_t u8_hi;               /**< Largest allowed next continuation byte. */
    uint8_t u8[4];               /**< UTF-8 character being collected. */
    uint8_t key_len;             /**< Bytes in key. */
    bool key_long;               /**< The key exceeded RMQDR_JSON_MAX_KEY: unknown. */
    bool in_key;                 /**< The current string is an object key. */
    bool key_matters;            /**< The key belongs to a known object and is matched. */
    bool cut;                    /**< The current string was cut to fit. */
    bool negative;               /**< The integer being read has a minus sign. */
    char key[RMQDR_JSON_MAX_KEY];            /**< Key being read (not NUL-terminated). */
    char element[RMQDR_JSON_ELEMENT_MAX];    /**< Compacted copy of the current list element. */
} rmqdr_json_decoder_t;

/** Bytes of RAM the JSON decoder needs, whatever the response. */
#define RMQDR_JSON_DECODER_SIZE (sizeof(rmqdr_json_decoder_t))

/**
 * @brief A sink that fills an array.
 * @param items Caller's array; may be NULL only when cap is 0 (count only).
 * @param cap   Structs at items. Elements beyond cap are counted in the
 *              envelope's list_count and not written.
 */
rmqdr_json_sink_t rmqdr_json_sink_array(rmqdr_checkpoint_t *items, size_t cap);

/**
 * @brief A sink that hands each checkpoint to a callback.
 * @param scratch One struct the decoder fills for each element in turn.
 * @param fn      Called per element; see ::rmqdr_json_checkpoint_fn.
 * @param ctx     Passed to fn.
 */
rmqdr_json_sink_t rmqdr_json_sink_callback(rmqdr_checkpoint_t *scratch,
                                           rmqdr_json_checkpoint_fn fn, void *ctx);

/**
 * @brief Prepare @p d for a new body; clears the envelope.
 * @param env  Caller's envelope, filled during decoding. http_status is
 *             left 0 for the HTTP layer to set.
 * @param sink Copied; NULL counts elements without storing them.
 * A NULL env or an incomplete sink makes every later call return
 * RMQDR_ERR_BAD_ARGUMENT.
 */
void rmqdr_json_init(rmqdr_json_decoder_t *d, rmqdr_envelope_t *env,
                     const rmqdr_json_sink_t *sink);

/**
 * @brief Decode the next body bytes.
 * @return RMQDR_OK, or the sticky status of the first failure
 *         (RMQDR_ERR_JSON_*, RMQDR_ERR_ABORTED_BY_CALLBACK,
 *         RMQDR_ERR_BAD_ARGUMENT).
 */
rmqdr_status_t rmqdr_json_feed(rmqdr_json_decoder_t *d, const uint8_t *data, size_t len);

/**
 * @brief Tell the decoder the body ended.
 * @return RMQDR_OK if one complete document (and only blanks after it)
 *         was seen; RMQDR_ERR_JSON_TRUNCATED if the body stopped inside
 *         it (or was empty); otherwise the sticky status.
 */
rmqdr_status_t rmqdr_json_finish(rmqdr_json_decoder_t *d);

/**
 * @brief Body offset (0-based) of the byte at which decoding failed; for
 *        RMQDR_ERR_JSON_TRUNCATED the body length. 0 while healthy.
 */
uint64_t rmqdr_json_error_offset(const rmqdr_json_decoder_t *d);

/** @brief Array mode: structs written so far (at most cap). 0 in callback mode. */
size_t rmqdr_json_stored(const rmqdr_json_decoder_t *d);

/**
 * @brief What the callback returned when it stopped decoding with
 *        RMQDR_ERR_ABORTED_BY_CALLBACK; RMQDR_OK otherwise.
 */
rmqdr_status_t rmqdr_json_callback_status(const rmqdr_json_decoder_t *d);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_JSON_H */
