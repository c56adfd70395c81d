/**
 * @file json.h
 * @brief Streaming decoder of a disaster-recovery list response
 *        (ListDisasterRecoveryCheckpoints, -Plans, -Items), driven by a
 *        declarative schema per operation.
 *
 * The body is fed in fragments of any size, down to one byte. A small
 * splitter validates the whole document's syntax as it goes, writes the
 * envelope fields (success, error and gateway-error shapes, paging)
 * straight into the caller's ::rmqdr_envelope_t, and copies each element of
 * @c data.list, compacted, into a fixed buffer. When an element closes, jsmn
 * tokenizes that buffer alone and the tokens are mapped into one caller
 * struct (checkpoint, plan or item), which goes to the caller's sink.
 *
 * What the decoder knows of each object is one table generated from the
 * field lists in checkpoint.h and discovery.h: key, kind (TEXT, INT, BOOL,
 * ENUM, OBJECT, INLINE object flattened into its parent, ARRAY of objects,
 * LIST), capacity, offset into the caller's struct and presence bit. The
 * splitter and the mapper are the same code for every operation.
 *
 * The size rule, in one place: while copying an element the splitter keeps
 * only the fields the schema knows. Unknown fields, however large or deep,
 * cost neither buffer bytes nor tokens; a known key costs one byte (its
 * row number: the splitter matches each key once and the mapper indexes
 * the table with it); each kept string is cut, at a
 * UTF-8 character boundary, to its field's array; escapes are decoded and
 * the characters JSON must escape ('"', '\\') are stored as one byte each
 * (bytes that never occur in UTF-8 stand for them). Every known string
 * therefore costs at most its array size plus 2, whatever escapes it holds,
 * and RMQDR_JSON_ELEMENT_MAX, summed from the schema, covers every element:
 * RMQDR_ERR_JSON_ELEMENT_TOO_LARGE and RMQDR_ERR_JSON_TOO_MANY_TOKENS are
 * guards that valid input cannot reach. Nested arrays keep their first
 * capacity elements and count the rest.
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
 * not an object, or a list (or nested array) element that is not an object
 * (RMQDR_ERR_JSON_BAD_TYPE).
 *
 * A string holding U+0000 is cut there (a C string cannot carry it) and
 * flagged truncated.
 *
 * Errors are sticky: once a call fails, every later call returns the same
 * status, and rmqdr_json_error_offset() tells which body byte caused it.
 * In callback mode the elements before that byte have been delivered.
 */
#ifndef RMQDR_JSON_H
#define RMQDR_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rmqdr/checkpoint.h"
#include "rmqdr/discovery.h"
#include "rmqdr/status.h"
#include "rmqdr/sts.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @name Compacted size of one element, summed from the schema lists
 *  (one macro level per nesting level of objects). */
/** @{ */
#define RMQDR_WIRE_MEMBER(key) 5U /**< A key as its one-byte code, "K":, and a comma. */
#define RMQDR_WIRE_VAL_TEXT(cap, child) ((cap) + 2U)     /**< Quotes, text, cut mark. */
#define RMQDR_WIRE_VAL_ENUM(cap, child) ((cap) + 2U)     /**< As TEXT. */
#define RMQDR_WIRE_VAL_INT(cap, child) 20U               /**< "-9223372036854775808". */
#define RMQDR_WIRE_VAL_BOOL(cap, child) 5U               /**< "false". */
/** An array: brackets, cap elements with commas, and ",N" counting the rest. */
#define RMQDR_WIRE_ARRAY(cap, w) (12U + ((cap) * ((w) + 1U)))
#define RMQDR_WIRE_ROW3(m, key, kind, cap, bit, child) + RMQDR_WIRE_MEMBER(key) + RMQDR_WIRE_VAL_##kind(cap, child)
#define RMQDR_WIRE_ROW2(m, key, kind, cap, bit, child) + RMQDR_WIRE_MEMBER(key) + RMQDR_WIRE2_##kind(cap, child)
#define RMQDR_WIRE_ROW1(m, key, kind, cap, bit, child) + RMQDR_WIRE_MEMBER(key) + RMQDR_WIRE1_##kind(cap, child)
#define RMQDR_WIRE2_TEXT RMQDR_WIRE_VAL_TEXT
#define RMQDR_WIRE2_ENUM RMQDR_WIRE_VAL_ENUM
#define RMQDR_WIRE2_INT RMQDR_WIRE_VAL_INT
#define RMQDR_WIRE2_BOOL RMQDR_WIRE_VAL_BOOL
#define RMQDR_WIRE2_INLINE(cap, child) RMQDR_WIRE_##child
#define RMQDR_WIRE2_OBJECT(cap, child) RMQDR_WIRE_##child
#define RMQDR_WIRE2_ARRAY(cap, child) RMQDR_WIRE_ARRAY(cap, RMQDR_WIRE_##child)
#define RMQDR_WIRE1_TEXT RMQDR_WIRE_VAL_TEXT
#define RMQDR_WIRE1_ENUM RMQDR_WIRE_VAL_ENUM
#define RMQDR_WIRE1_INT RMQDR_WIRE_VAL_INT
#define RMQDR_WIRE1_BOOL RMQDR_WIRE_VAL_BOOL
#define RMQDR_WIRE1_INLINE(cap, child) RMQDR_WIRE_##child
#define RMQDR_WIRE1_OBJECT(cap, child) RMQDR_WIRE_##child
#define RMQDR_WIRE1_ARRAY(cap, child) RMQDR_WIRE_ARRAY(cap, RMQDR_WIRE_##child)
/* An object: braces, members, one comma fewer than members. */
#define RMQDR_WIRE_PROGRESS_DATA (1U RMQDR_PROGRESS_DATA_FIELDS(RMQDR_WIRE_ROW3))
#define RMQDR_WIRE_PROGRESS      (1U RMQDR_PROGRESS_FIELDS(RMQDR_WIRE_ROW2))
#define RMQDR_WIRE_INSTANCE      (1U RMQDR_INSTANCE_FIELDS(RMQDR_WIRE_ROW3))
#define RMQDR_WIRE_TOPIC         (1U RMQDR_TOPIC_FIELDS(RMQDR_WIRE_ROW3))
/** Bytes of the largest compacted checkpoint element. */
#define RMQDR_JSON_CHECKPOINT_MAX (1U RMQDR_CHECKPOINT_FIELDS(RMQDR_WIRE_ROW1))
/** Bytes of the largest compacted plan element. */
#define RMQDR_JSON_PLAN_MAX       (1U RMQDR_PLAN_FIELDS(RMQDR_WIRE_ROW1))
/** Bytes of the largest compacted item element. */
#define RMQDR_JSON_ITEM_MAX       (1U RMQDR_ITEM_FIELDS(RMQDR_WIRE_ROW1))
/** @} */

/** @name jsmn tokens of one element, summed from the schema lists the same way */
/** @{ */
#define RMQDR_TOK_VAL_TEXT(cap, child) 1U
#define RMQDR_TOK_VAL_ENUM(cap, child) 1U
#define RMQDR_TOK_VAL_INT(cap, child) 1U
#define RMQDR_TOK_VAL_BOOL(cap, child) 1U
#define RMQDR_TOK_ROW3(m, key, kind, cap, bit, child) + 1U + RMQDR_TOK_VAL_##kind(cap, child)
#define RMQDR_TOK_ROW2(m, key, kind, cap, bit, child) + 1U + RMQDR_TOK2_##kind(cap, child)
#define RMQDR_TOK_ROW1(m, key, kind, cap, bit, child) + 1U + RMQDR_TOK1_##kind(cap, child)
#define RMQDR_TOK2_TEXT RMQDR_TOK_VAL_TEXT
#define RMQDR_TOK2_ENUM RMQDR_TOK_VAL_ENUM
#define RMQDR_TOK2_INT RMQDR_TOK_VAL_INT
#define RMQDR_TOK2_BOOL RMQDR_TOK_VAL_BOOL
#define RMQDR_TOK2_INLINE(cap, child) RMQDR_TOK_##child
#define RMQDR_TOK2_OBJECT(cap, child) RMQDR_TOK_##child
#define RMQDR_TOK2_ARRAY(cap, child) (2U + ((cap) * RMQDR_TOK_##child))
#define RMQDR_TOK1_TEXT RMQDR_TOK_VAL_TEXT
#define RMQDR_TOK1_ENUM RMQDR_TOK_VAL_ENUM
#define RMQDR_TOK1_INT RMQDR_TOK_VAL_INT
#define RMQDR_TOK1_BOOL RMQDR_TOK_VAL_BOOL
#define RMQDR_TOK1_INLINE(cap, child) RMQDR_TOK_##child
#define RMQDR_TOK1_OBJECT(cap, child) RMQDR_TOK_##child
#define RMQDR_TOK1_ARRAY(cap, child) (2U + ((cap) * RMQDR_TOK_##child))
#define RMQDR_TOK_PROGRESS_DATA (1U RMQDR_PROGRESS_DATA_FIELDS(RMQDR_TOK_ROW3))
#define RMQDR_TOK_PROGRESS      (1U RMQDR_PROGRESS_FIELDS(RMQDR_TOK_ROW2))
#define RMQDR_TOK_INSTANCE      (1U RMQDR_INSTANCE_FIELDS(RMQDR_TOK_ROW3))
#define RMQDR_TOK_TOPIC         (1U RMQDR_TOPIC_FIELDS(RMQDR_TOK_ROW3))
#define RMQDR_TOK_CHECKPOINT    (1U RMQDR_CHECKPOINT_FIELDS(RMQDR_TOK_ROW1)) /**< Tokens of a checkpoint. */
#define RMQDR_TOK_PLAN          (1U RMQDR_PLAN_FIELDS(RMQDR_TOK_ROW1))       /**< Tokens of a plan. */
#define RMQDR_TOK_ITEM          (1U RMQDR_ITEM_FIELDS(RMQDR_TOK_ROW1))       /**< Tokens of an item. */
/** @} */

#define RMQDR_JSON_MAX_(a, b) (((a) > (b)) ? (a) : (b)) /**< Larger of two constants. */

#ifdef RMQDR_NO_STS
#define RMQDR_JSON_STS_ELEMENT 0U /**< STS compiled out: its answer needs no room. */
#else
/** Bytes of an STS AssumeRole answer's Credentials object, compacted (sts.h). */
#define RMQDR_JSON_STS_ELEMENT (1U RMQDR_STS_CREDENTIALS_FIELDS(RMQDR_WIRE_ROW1))
#endif

#ifdef RMQDR_NO_DISCOVERY
/* A board that only lists checkpoints sizes the work area for them alone. */
#define RMQDR_JSON_ELEMENT_MAX RMQDR_JSON_MAX_(RMQDR_JSON_CHECKPOINT_MAX, RMQDR_JSON_STS_ELEMENT)
#define RMQDR_JSON_MAX_TOKENS  RMQDR_TOK_CHECKPOINT
#else
/**
 * Bytes of one compacted list element: the largest element of any
 * operation (checkpoint 1063, plan 1643, item 1105 bytes with the default
 * sizes and caps), and of an STS AssumeRole answer's Credentials unless
 * built with RMQDR_NO_STS (its 1536-byte SecurityToken makes it the
 * largest on a Linux host). Build with RMQDR_NO_DISCOVERY to size it for
 * checkpoints only.
 */
#define RMQDR_JSON_ELEMENT_MAX                                                              \
    RMQDR_JSON_MAX_(RMQDR_JSON_MAX_(RMQDR_JSON_CHECKPOINT_MAX, RMQDR_JSON_STS_ELEMENT), \
                    RMQDR_JSON_MAX_(RMQDR_JSON_PLAN_MAX, RMQDR_JSON_ITEM_MAX))
/**
 * jsmn tokens for one element: the most any operation's element needs
 * (checkpoint 45, plan 60, item 40 with the default caps).
 */
#define RMQDR_JSON_MAX_TOKENS \
    RMQDR_JSON_MAX_(RMQDR_TOK_CHECKPOINT, RMQDR_JSON_MAX_(RMQDR_TOK_PLAN, RMQDR_TOK_ITEM))
#endif

/**
 * Deepest nesting of objects and arrays anywhere in the body, known fields
 * or not (the known path is 6 deep). One bit of state per level.
 */
#define RMQDR_JSON_MAX_DEPTH 64U

/**
 * Bytes of an object key kept for matching: the longest known key
 * ("syncCheckpointEnabled", checked at compile time). A longer key cannot
 * be a known one, so it is skipped as unknown rather than refused.
 */
#define RMQDR_JSON_MAX_KEY 21U

/** Deepest known container: root, data, list, element and two levels inside it. */
#define RMQDR_JSON_KNOWN_DEPTH 6U

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
 * Called once per checkpoint, in document order.
 * @param ctx Caller's pointer from the sink.
 * @param cp  The decoded element, valid only during the call (it is the
 *            sink's scratch struct, reused for the next element).
 * @return RMQDR_OK to go on; anything else stops decoding with
 *         RMQDR_ERR_ABORTED_BY_CALLBACK (the value itself is kept, see
 *         rmqdr_json_callback_status()).
 */
typedef rmqdr_status_t (*rmqdr_json_checkpoint_fn)(void *ctx, const rmqdr_checkpoint_t *cp);
/** Called once per plan; as ::rmqdr_json_checkpoint_fn. */
typedef rmqdr_status_t (*rmqdr_json_plan_fn)(void *ctx, const rmqdr_plan_t *plan);
/** Called once per item; as ::rmqdr_json_checkpoint_fn. */
typedef rmqdr_status_t (*rmqdr_json_item_fn)(void *ctx, const rmqdr_item_t *item);

/** How decoded elements reach the caller. */
typedef enum {
    RMQDR_JSON_SINK_ARRAY = 0, /**< Fill items[0..cap-1]; later elements are only counted. */
    RMQDR_JSON_SINK_CALLBACK   /**< Decode each into items[0] and call the callback. */
} rmqdr_json_sink_mode_t;

/** What a response's list holds; opaque, defined with its tables in json.c. */
typedef struct rmqdr_json_schema rmqdr_json_schema_t;
/** Element schema of ListDisasterRecoveryCheckpoints (::rmqdr_checkpoint_t). */
extern const rmqdr_json_schema_t rmqdr_json_schema_checkpoints;
/** Element schema of ListDisasterRecoveryPlans (::rmqdr_plan_t). */
extern const rmqdr_json_schema_t rmqdr_json_schema_plans;
/** Element schema of ListDisasterRecoveryItems (::rmqdr_item_t). */
extern const rmqdr_json_schema_t rmqdr_json_schema_items;
/** STS AssumeRole: the one element is the root's Credentials object
 *  (::rmqdr_sts_credentials_t); see sts.h. Not in RMQDR_NO_DISCOVERY builds. */
extern const rmqdr_json_schema_t rmqdr_json_schema_sts;

/** The caller's callback, typed by the schema. */
typedef union {
    rmqdr_json_checkpoint_fn checkpoint; /**< With rmqdr_json_schema_checkpoints. */
    rmqdr_json_plan_fn plan;             /**< With rmqdr_json_schema_plans. */
    rmqdr_json_item_fn item;             /**< With rmqdr_json_schema_items. */
} rmqdr_json_element_fn_t;

/**
 * Where elements go. Build one with rmqdr_json_sink_array(),
 * rmqdr_json_sink_callback() or their _plans/_items siblings; the decoder
 * keeps a copy, but the structs it points to must outlive decoding.
 */
typedef struct {
    rmqdr_json_sink_mode_t mode;         /**< Array or callback. */
    const rmqdr_json_schema_t *schema;   /**< What the elements are. */
    void *items;                         /**< Array: cap structs. Callback: one scratch struct. */
    size_t cap;                          /**< Array: structs at items. Callback: 1. */
    rmqdr_json_element_fn_t on_element;  /**< Callback mode only. */
    void *ctx;                           /**< Passed to the callback. */
} rmqdr_json_sink_t;

struct rmqdr_json_field;
struct rmqdr_json_object;

/**
 * Complete decoder state. Its size is fixed at compile time (see
 * docs/PERFORMANCE.md for the figures per target) and does not depend on
 * the page size or the body length. Members are private: read them
 * through the functions below.
 */
typedef struct {
    rmqdr_json_token_t tokens[RMQDR_JSON_MAX_TOKENS]; /**< jsmn pool for the element being mapped. */
    rmqdr_envelope_t *env;       /**< Caller's envelope, written as fields arrive. */
    rmqdr_json_sink_t sink;      /**< Copy of the caller's sink. */
    const struct rmqdr_json_field *row; /**< Schema row of the current value (NULL: skipped). */
    const struct rmqdr_json_field *rows[RMQDR_JSON_KNOWN_DEPTH + 1U]; /**< Row of the known container at each depth. */
    uint32_t seen[RMQDR_JSON_KNOWN_DEPTH + 1U];     /**< Presence bits met in the known object at each depth. */
    uint32_t elements[RMQDR_JSON_KNOWN_DEPTH + 1U]; /**< Elements met in the known array at each depth. */
    uint8_t next_row[RMQDR_JSON_KNOWN_DEPTH + 1U];  /**< Row tried first for the next key at each depth (the one after the last matched: the API's field order). */
    uint64_t offset;             /**< Body bytes consumed so far. */
    uint64_t error_offset;       /**< Body offset of the byte that failed. */
    uint64_t containers;         /**< Bit d set: the container at depth d+1 is an object. */
    uint64_t magnitude;          /**< Absolute value of the integer being read. */
    size_t stored;               /**< Array mode: structs written. */
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
    uint8_t elem_depth;          /**< Depth of the list element being copied, 0 outside one. */
    uint8_t elem_marked;         /**< The element holds a byte standing for '"', '\\' or a cut. */
    uint8_t commas;              /**< Bit d set: the element container at depth d already has a member. */
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
 * @brief A sink that fills an array of checkpoints.
 * @param items Caller's array; may be NULL only when cap is 0 (count only).
 * @param cap   Structs at items. Elements beyond cap are counted in the
 *              envelope's list_count and not written.
 * @return The sink, by value (no pointer into the decoder); pass its
 *         address to rmqdr_json_init() or rmqdr_list_checkpoints().
 */
rmqdr_json_sink_t rmqdr_json_sink_array(rmqdr_checkpoint_t *items, size_t cap);

/**
 * @brief A sink that hands each checkpoint to a callback.
 * @param scratch One struct the decoder fills for each element in turn.
 * @param fn      Called per element; see ::rmqdr_json_checkpoint_fn.
 * @param ctx     Passed to fn.
 * @return The sink, by value (no pointer into the decoder); pass its
 *         address to rmqdr_json_init() or rmqdr_list_checkpoints().
 */
rmqdr_json_sink_t rmqdr_json_sink_callback(rmqdr_checkpoint_t *scratch,
                                           rmqdr_json_checkpoint_fn fn, void *ctx);

/**
 * @brief As rmqdr_json_sink_array(), for plans.
 * @param items Caller's array; may be NULL only when cap is 0 (count only).
 * @param cap   Structs (sizeof(rmqdr_plan_t) bytes each) at items; elements
 *              beyond cap are counted in list_count and not written.
 * @return The sink, by value (no pointer into the decoder); pass its
 *         address to rmqdr_json_init() or rmqdr_list_checkpoints().
 */
rmqdr_json_sink_t rmqdr_json_sink_plans_array(rmqdr_plan_t *items, size_t cap);
/**
 * @brief As rmqdr_json_sink_callback(), for plans.
 * @param scratch One struct the decoder fills for each element in turn.
 * @param fn      Called per element; see ::rmqdr_json_plan_fn.
 * @param ctx     Passed to fn.
 * @return The sink, by value (no pointer into the decoder); pass its
 *         address to rmqdr_json_init() or rmqdr_list_checkpoints().
 */
rmqdr_json_sink_t rmqdr_json_sink_plans_callback(rmqdr_plan_t *scratch, rmqdr_json_plan_fn fn,
                                                 void *ctx);
/**
 * @brief As rmqdr_json_sink_array(), for items.
 * @param items Caller's array; may be NULL only when cap is 0 (count only).
 * @param cap   Structs (sizeof(rmqdr_item_t) bytes each) at items; elements
 *              beyond cap are counted in list_count and not written.
 * @return The sink, by value (no pointer into the decoder); pass its
 *         address to rmqdr_json_init() or rmqdr_list_checkpoints().
 */
rmqdr_json_sink_t rmqdr_json_sink_items_array(rmqdr_item_t *items, size_t cap);
/**
 * @brief As rmqdr_json_sink_callback(), for items.
 * @param scratch One struct the decoder fills for each element in turn.
 * @param fn      Called per element; see ::rmqdr_json_item_fn.
 * @param ctx     Passed to fn.
 * @return The sink, by value (no pointer into the decoder); pass its
 *         address to rmqdr_json_init() or rmqdr_list_checkpoints().
 */
rmqdr_json_sink_t rmqdr_json_sink_items_callback(rmqdr_item_t *scratch, rmqdr_json_item_fn fn,
                                                 void *ctx);

/**
 * @brief A sink for an STS AssumeRole answer: its Credentials object goes
 *        to @p out (array mode, capacity 1; list_count counts it).
 * @param out Caller's struct; check present == RMQDR_STS_ALL and
 *        truncated == 0 before using it. NULL gives a sink of capacity 0
 *        (counts only).
 * @return The sink, by value.
 */
rmqdr_json_sink_t rmqdr_json_sink_sts(rmqdr_sts_credentials_t *out);

/**
 * @brief Prepare @p d for a new body; clears the envelope.
 * @param d    Caller's decoder (RMQDR_JSON_DECODER_SIZE bytes, no heap).
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
 * @param d    Decoder prepared by rmqdr_json_init().
 * @param data Next bytes of the HTTP body, in order; any split is fine.
 * @param len  Bytes at data (0 is allowed).
 * @return RMQDR_OK, or the sticky status of the first failure
 *         (RMQDR_ERR_JSON_*, RMQDR_ERR_ABORTED_BY_CALLBACK,
 *         RMQDR_ERR_BAD_ARGUMENT).
 */
rmqdr_status_t rmqdr_json_feed(rmqdr_json_decoder_t *d, const uint8_t *data, size_t len);

/**
 * @brief Tell the decoder the body ended.
 * @param d Decoder prepared by rmqdr_json_init().
 * @return RMQDR_OK if one complete document (and only blanks after it)
 *         was seen; RMQDR_ERR_JSON_TRUNCATED if the body stopped inside
 *         it (or was empty); otherwise the sticky status.
 */
rmqdr_status_t rmqdr_json_finish(rmqdr_json_decoder_t *d);

/**
 * @brief Where decoding failed.
 * @param d Decoder (NULL allowed).
 * @return Body offset in bytes (0-based) of the byte at which decoding
 *         failed; for RMQDR_ERR_JSON_TRUNCATED the body length. 0 while
 *         healthy or for a NULL d.
 */
uint64_t rmqdr_json_error_offset(const rmqdr_json_decoder_t *d);

/**
 * @brief Structs stored so far.
 * @param d Decoder (NULL allowed).
 * @return Array mode: structs written so far (at most cap). 0 in callback
 *         mode or for a NULL d.
 */
size_t rmqdr_json_stored(const rmqdr_json_decoder_t *d);

/**
 * @brief What the callback returned when it stopped decoding with
 *        RMQDR_ERR_ABORTED_BY_CALLBACK.
 * @param d Decoder.
 * @return The callback's status; RMQDR_OK if no callback stopped decoding;
 *         RMQDR_ERR_BAD_ARGUMENT for a NULL d.
 */
rmqdr_status_t rmqdr_json_callback_status(const rmqdr_json_decoder_t *d);

#ifdef __cplusplus
}
#endif

#endif /* RMQDR_JSON_H */
