/*
 * Incremental HTTP/1.x response decoder.
 *
 * Every byte outside a body goes through step(), which dispatches on the
 * state; body bytes are handed on in runs. Because nothing depends on where
 * one feed ends and the next begins, the result cannot depend on
 * fragmentation. Errors are stored in the decoder and returned forever after,
 * so a caller that ignores one return value still cannot read on past it.
 */
#include "rmqdr/http.h"

#include <string.h>

_Static_assert(RMQDR_HTTP_MAX_LINE <= 65535U, "line_len is 16-bit");
_Static_assert(RMQDR_HTTP_MAX_HEADERS < 65535U, "line_count is 16-bit");
_Static_assert(RMQDR_REQUEST_ID_SIZE <= 255U, "value_len indexes request_id");
_Static_assert(RMQDR_HTTP_VALUE_MAX <= 255U, "value_len is 8-bit");
_Static_assert(RMQDR_HTTP_NAME_MAX < 255U, "name_len saturates at MAX + 1");

#define CH_HTAB 0x09U
#define CH_LF   0x0AU
#define CH_CR   0x0DU
#define CH_SP   0x20U
#define CH_DEL  0x7FU

/* Where the next byte belongs. Kept in a uint8_t in the decoder. */
enum {
    ST_VERSION = 0,    /* "HTTP/1." */
    ST_MINOR,          /* '0' or '1' */
    ST_SP_BEFORE_CODE,
    ST_CODE,           /* three digits */
    ST_AFTER_CODE,     /* SP before the reason, or CR */
    ST_REASON,
    ST_STATUS_LF,
    ST_FIELD_START,    /* first byte of a header/trailer line, or CR of the blank line */
    ST_FIELD_NAME,
    ST_FIELD_VALUE,
    ST_FIELD_LF,
    ST_HEAD_END_LF,    /* LF of the blank line ending a head or the trailer */
    ST_BODY_LENGTH,
    ST_BODY_CLOSE,
    ST_CHUNK_SIZE,
    ST_CHUNK_BLANK,    /* blanks after the size; only ';' may follow */
    ST_CHUNK_EXT,
    ST_CHUNK_SIZE_LF,
    ST_CHUNK_DATA,
    ST_CHUNK_DATA_CR,
    ST_CHUNK_DATA_LF,
    ST_DONE,
    ST_ERROR
};

/* The headers whose values are interpreted; all others are only checked. */
enum {
    KIND_OTHER = 0,
    KIND_CONTENT_LENGTH,
    KIND_TRANSFER_ENCODING,
    KIND_CONNECTION,
    KIND_CONTENT_TYPE,
    KIND_DATE,
    KIND_REQUEST_ID,
    KIND_RETRY_AFTER
};

typedef struct {
    const char *name; /* lower case */
    uint8_t kind;
} header_name_t;

static const header_name_t header_names[] = {
    { "content-length", KIND_CONTENT_LENGTH },
    { "transfer-encoding", KIND_TRANSFER_ENCODING },
    { "connection", KIND_CONNECTION },
    { "content-type", KIND_CONTENT_TYPE },
    { "date", KIND_DATE },
    { "x-acs-request-id", KIND_REQUEST_ID },
    { "x-acs-retry-after", KIND_RETRY_AFTER },
};

static const char version_prefix[] = "HTTP/1.";
static const char json_media_type[] = "application/json";

/* ---- character classes (RFC 9110 section 5.6) ---- */

static bool is_digit(uint8_t c)
{
    return (c >= (uint8_t)'0') && (c <= (uint8_t)'9');
}

static bool is_blank(uint8_t c)
{
    return (c == CH_SP) || (c == CH_HTAB);
}

/* Bytes allowed inside a field value, reason phrase or chunk extension:
 * HTAB, SP, VCHAR and obs-text. Everything else is a control character. */
static bool is_text(uint8_t c)
{
    return (c == CH_HTAB) || ((c >= CH_SP) && (c != CH_DEL));
}

static bool is_tchar(uint8_t c)
{
    static const char extra[] = "!#$%&'*+-.^_`|~";
    bool alpha = ((c >= (uint8_t)'a') && (c <= (uint8_t)'z')) ||
                 ((c >= (uint8_t)'A') && (c <= (uint8_t)'Z'));
    return alpha || is_digit(c) ||
           ((c != 0U) && (memchr(extra, (int)c, sizeof extra - 1U) != NULL));
}

static uint8_t to_lower(uint8_t c)
{
    return ((c >= (uint8_t)'A') && (c <= (uint8_t)'Z')) ? (uint8_t)(c + 32U) : c;
}

/* Hex digit value, or 16 when @p c is not one. */
static uint8_t hex_value(uint8_t c)
{
    uint8_t v = 16U;
    if (is_digit(c)) {
        v = (uint8_t)(c - (uint8_t)'0');
    } else if ((to_lower(c) >= (uint8_t)'a') && (to_lower(c) <= (uint8_t)'f')) {
        v = (uint8_t)(to_lower(c) - (uint8_t)'a' + 10U);
    } else {
        /* not hex */
    }
    return v;
}

/* ---- IMF-fixdate ---- */

/* Reads @p count decimal digits at @p s; false if any is not a digit. */
static bool read_digits(const char *s, size_t count, uint32_t *out)
{
    uint32_t v = 0U;
    size_t i;
    for (i = 0U; i < count; i++) {
        uint8_t c = (uint8_t)s[i];
        if (!is_digit(c)) {
            return false;
        }
        v = (v * 10U) + (uint32_t)(c - (uint8_t)'0');
    }
    *out = v;
    return true;
}

/* Index of the 3-letter name at @p s in the packed @p names, or @p count. */
static uint32_t find_name3(const char *s, const char *names, uint32_t count)
{
    uint32_t i;
    for (i = 0U; i < count; i++) {
        if (memcmp(s, &names[i * 3U], 3U) == 0) {
            break;
        }
    }
    return i;
}

static bool is_leap(uint32_t year)
{
    return (((year % 4U) == 0U) && ((year % 100U) != 0U)) || ((year % 400U) == 0U);
}

/* Leap days in the years before @p year, counted from year 1. */
static uint32_t leap_days_before(uint32_t year)
{
    uint32_t y = year - 1U;
    return (y / 4U) - (y / 100U) + (y / 400U);
}

/*
 * "Sun, 06 Nov 1994 08:49:37 GMT" -> Unix seconds. Only IMF-fixdate, the
 * one form servers must send; the weekday is checked for spelling only since
 * it adds nothing to the instant. Years before 1970 are refused: such a Date
 * is useless for skew correction.
 */
static bool parse_imf_fixdate(const char *s, size_t len, int64_t *out)
{
    static const char days[] = "MonTueWedThuFriSatSun";
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    static const uint16_t month_start[12] = {
        0U, 31U, 59U, 90U, 120U, 151U, 181U, 212U, 243U, 273U, 304U, 334U
    };
    static const uint8_t month_days[12] = {
        31U, 28U, 31U, 30U, 31U, 30U, 31U, 31U, 30U, 31U, 30U, 31U
    };
    uint32_t day = 0U;
    uint32_t year = 0U;
    uint32_t hour = 0U;
    uint32_t minute = 0U;
    uint32_t second = 0U;
    uint32_t month;
    uint32_t mdays;
    uint32_t yday;
    bool ok = (len == 29U) && (find_name3(s, days, 7U) < 7U) &&
              (memcmp(&s[3], ", ", 2U) == 0) && (s[7] == ' ') &&
              (s[11] == ' ') && (s[16] == ' ') && (s[19] == ':') &&
              (s[22] == ':') && (memcmp(&s[25], " GMT", 4U) == 0) &&
              read_digits(&s[5], 2U, &day) && read_digits(&s[12], 4U, &year) &&
              read_digits(&s[17], 2U, &hour) && read_digits(&s[20], 2U, &minute) &&
              read_digits(&s[23], 2U, &second);

    if (!ok) {
        return false;
    }
    month = find_name3(&s[8], months, 12U);
    if ((month >= 12U) || (year < 1970U) || (hour > 23U) || (minute > 59U) ||
        (second > 60U)) {
        return false;
    }
    mdays = month_days[month] + (((month == 1U) && is_leap(year)) ? 1U : 0U);
    if ((day < 1U) || (day > mdays)) {
        return false;
    }
    yday = (uint32_t)month_start[month] + (day - 1U) +
           (((month > 1U) && is_leap(year)) ? 1U : 0U);
    *out = ((((int64_t)(year - 1970U) * 365) +
             (int64_t)(leap_days_before(year) - leap_days_before(1970U)) +
             (int64_t)yday) * 86400) +
           ((int64_t)hour * 3600) + ((int64_t)minute * 60) + (int64_t)second;
    return true;
}

/* ---- head bookkeeping ---- */

/* Forget everything of the previous head: an interim 1xx says nothing about
 * the final response. Line counting goes on across heads. */
static void begin_head(rmqdr_http_decoder_t *d)
{
    (void)memset(&d->head, 0, sizeof d->head);
    d->saw_close = false;
    d->saw_keep_alive = false;
    d->saw_transfer_encoding = false;
    d->state = ST_VERSION;
    d->index = 0U;
    d->line_len = 0U;
}

static void begin_chunk_size(rmqdr_http_decoder_t *d)
{
    d->state = ST_CHUNK_SIZE;
    d->number = 0U;
    d->index = 0U;
    d->line_len = 0U;
}

static void begin_field_line(rmqdr_http_decoder_t *d)
{
    d->state = ST_FIELD_START;
    d->line_len = 0U;
}

/* Lines are counted rather than stored; CR and LF are not part of a line. */
static rmqdr_status_t count_line_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    bool in_line = (d->state <= ST_FIELD_VALUE) || (d->state == ST_CHUNK_SIZE) ||
                   (d->state == ST_CHUNK_BLANK) || (d->state == ST_CHUNK_EXT);
    bool in_line_content = (d->state != ST_STATUS_LF) && (c != CH_CR) && (c != CH_LF);

    if (in_line && in_line_content) {
        if (d->line_len >= RMQDR_HTTP_MAX_LINE) {
            return RMQDR_ERR_HTTP_LINE_TOO_LONG;
        }
        d->line_len++;
    }
    return RMQDR_OK;
}

/* ---- status line ---- */

static rmqdr_status_t on_version(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c != (uint8_t)version_prefix[d->index]) {
        return RMQDR_ERR_HTTP_STATUS_LINE;
    }
    d->index++;
    if (d->index == (uint8_t)(sizeof version_prefix - 1U)) {
        d->state = ST_MINOR;
    }
    return RMQDR_OK;
}

static rmqdr_status_t on_minor(rmqdr_http_decoder_t *d, uint8_t c)
{
    if ((c != (uint8_t)'0') && (c != (uint8_t)'1')) {
        return RMQDR_ERR_HTTP_STATUS_LINE;
    }
    d->head.version_minor = (uint8_t)(c - (uint8_t)'0');
    d->state = ST_SP_BEFORE_CODE;
    return RMQDR_OK;
}

static rmqdr_status_t on_sp_before_code(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c != CH_SP) {
        return RMQDR_ERR_HTTP_STATUS_LINE;
    }
    d->state = ST_CODE;
    d->index = 0U;
    d->number = 0U;
    return RMQDR_OK;
}

/* Three digits, 100..599: anything else has no meaning the client could act
 * on. The code is published only once whole, never half-read. */
static rmqdr_status_t on_code(rmqdr_http_decoder_t *d, uint8_t c)
{
    bool first_ok = (c >= (uint8_t)'1') && (c <= (uint8_t)'5');
    if (!is_digit(c) || ((d->index == 0U) && !first_ok)) {
        return RMQDR_ERR_HTTP_STATUS_LINE;
    }
    d->number = (d->number * 10U) + (uint64_t)(c - (uint8_t)'0');
    d->index++;
    if (d->index == 3U) {
        d->head.status = (uint16_t)d->number;
        d->state = ST_AFTER_CODE;
    }
    return RMQDR_OK;
}

/* The SP before an empty reason is required by the grammar but commonly
 * dropped; accepting its absence cannot change how the message is framed. */
static rmqdr_status_t on_after_code(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c == CH_SP) {
        d->state = ST_REASON;
    } else if (c == CH_CR) {
        d->state = ST_STATUS_LF;
    } else {
        return RMQDR_ERR_HTTP_STATUS_LINE;
    }
    return RMQDR_OK;
}

static rmqdr_status_t on_reason(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c == CH_CR) {
        d->state = ST_STATUS_LF;
    } else if (!is_text(c)) {
        return RMQDR_ERR_HTTP_STATUS_LINE;
    } else {
        /* reason phrase is not kept */
    }
    return RMQDR_OK;
}

static rmqdr_status_t on_status_lf(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c != CH_LF) {
        return RMQDR_ERR_HTTP_STATUS_LINE;
    }
    begin_field_line(d);
    return RMQDR_OK;
}

/* ---- header values ---- */

static void keep_value_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (d->value_len < RMQDR_HTTP_VALUE_MAX) {
        d->value[d->value_len] = (char)c;
        d->value_len++;
    } else {
        d->value_bad = true;
    }
}

static void keep_request_id_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    /* Non-ASCII would break the UTF-8 promise of the envelope strings. */
    uint8_t safe = (c >= 0x80U) ? (uint8_t)'?' : c;
    if (d->value_len < (RMQDR_REQUEST_ID_SIZE - 1U)) {
        d->head.request_id[d->value_len] = (char)safe;
        d->value_len++;
        d->head.request_id[d->value_len] = '\0';
    } else {
        d->head.request_id_truncated = true;
    }
}

static bool value_equals(const rmqdr_http_decoder_t *d, const char *text)
{
    size_t n = strlen(text);
    return !d->value_bad && ((size_t)d->value_len == n) &&
           (memcmp(d->value, text, n) == 0);
}

/* A decimal that must be exact: any stray byte or overflow is a framing
 * error because the body length is taken from it. */
static rmqdr_status_t content_length_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    uint64_t digit;
    if ((d->pending_ws > 0U) || !is_digit(c)) {
        return RMQDR_ERR_HTTP_BAD_LENGTH;
    }
    digit = (uint64_t)(c - (uint8_t)'0');
    if (d->number > ((UINT64_MAX - digit) / 10U)) {
        return RMQDR_ERR_HTTP_BAD_LENGTH;
    }
    d->number = (d->number * 10U) + digit;
    return RMQDR_OK;
}

/* Only a hint: a malformed value reads as absent instead of failing. */
static void retry_after_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    if ((d->pending_ws > 0U) || !is_digit(c)) {
        d->value_bad = true;
    }
    if (!d->value_bad) {
        d->number = (d->number * 10U) + (uint64_t)(c - (uint8_t)'0');
        if (d->number > UINT32_MAX) {
            d->value_bad = true;
        }
    }
}

static void transfer_encoding_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (d->pending_ws > 0U) {
        keep_value_byte(d, CH_SP);
    }
    keep_value_byte(d, to_lower(c));
}

/* Only the media type (before ';') matters; parameters such as charset are
 * skipped without being stored. */
static void content_type_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (d->media_done) {
        return;
    }
    if (c == (uint8_t)';') {
        d->media_done = true;
    } else {
        if ((d->pending_ws > 0U) && (d->value_len > 0U)) {
            d->value_bad = true;
        }
        keep_value_byte(d, to_lower(c));
    }
}

/* Connection is a comma-separated token list; each token is judged alone. */
static void connection_token_end(rmqdr_http_decoder_t *d)
{
    if (value_equals(d, "close")) {
        d->saw_close = true;
    } else if (value_equals(d, "keep-alive")) {
        d->saw_keep_alive = true;
    } else {
        /* other tokens (upgrade, header names) do not affect reuse */
    }
    d->value_len = 0U;
    d->value_bad = false;
}

static void connection_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c == (uint8_t)',') {
        connection_token_end(d);
    } else {
        if ((d->pending_ws > 0U) && (d->value_len > 0U)) {
            d->value_bad = true;
        }
        keep_value_byte(d, to_lower(c));
    }
}

static void date_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    uint16_t i;
    if (d->pending_tab) {
        d->value_bad = true;
    }
    for (i = 0U; (i < d->pending_ws) && !d->value_bad; i++) {
        keep_value_byte(d, CH_SP);
    }
    keep_value_byte(d, c);
}

static void request_id_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    uint16_t i;
    for (i = 0U; (i < d->pending_ws) && !d->head.request_id_truncated; i++) {
        keep_request_id_byte(d, CH_SP);
    }
    keep_request_id_byte(d, c);
}

/* One non-blank value byte; blanks before it are in d->pending_ws. */
static rmqdr_status_t value_visible_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    rmqdr_status_t st = RMQDR_OK;
    switch (d->kind) {
    case KIND_CONTENT_LENGTH:
        st = content_length_byte(d, c);
        break;
    case KIND_TRANSFER_ENCODING:
        transfer_encoding_byte(d, c);
        break;
    case KIND_CONNECTION:
        connection_byte(d, c);
        break;
    case KIND_CONTENT_TYPE:
        content_type_byte(d, c);
        break;
    case KIND_DATE:
        date_byte(d, c);
        break;
    case KIND_REQUEST_ID:
        request_id_byte(d, c);
        break;
    case KIND_RETRY_AFTER:
        retry_after_byte(d, c);
        break;
    default:
        /* uninterpreted header */
        break;
    }
    return st;
}

/* Blanks are held back: leading ones are dropped and trailing ones must not
 * reach the value, which is only known when a later visible byte comes. */
static rmqdr_status_t value_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    rmqdr_status_t st = RMQDR_OK;
    if (is_blank(c)) {
        if (d->value_started && (d->pending_ws < UINT16_MAX)) {
            d->pending_ws++;
            d->pending_tab = d->pending_tab || (c == CH_HTAB);
        }
    } else {
        st = value_visible_byte(d, c);
        d->pending_ws = 0U;
        d->pending_tab = false;
        d->value_started = true;
    }
    return st;
}

static void begin_value(rmqdr_http_decoder_t *d)
{
    d->value_len = 0U;
    d->value_started = false;
    d->value_bad = false;
    d->media_done = false;
    d->pending_ws = 0U;
    d->pending_tab = false;
    d->number = 0U;
    if (d->kind == KIND_REQUEST_ID) {
        /* a repeated header replaces the earlier value */
        d->head.request_id[0] = '\0';
        d->head.request_id_truncated = false;
    }
}

static rmqdr_status_t end_content_length(rmqdr_http_decoder_t *d)
{
    if (!d->value_started) {
        return RMQDR_ERR_HTTP_BAD_LENGTH;
    }
    if (d->head.has_content_length && (d->head.content_length != d->number)) {
        return RMQDR_ERR_HTTP_BAD_LENGTH;
    }
    d->head.has_content_length = true;
    d->head.content_length = d->number;
    return RMQDR_OK;
}

/* Only a single "chunked" is understood; a second header would mean a
 * second coding, which the decoder cannot undo. */
static rmqdr_status_t end_transfer_encoding(rmqdr_http_decoder_t *d)
{
    bool repeated = d->saw_transfer_encoding;
    d->saw_transfer_encoding = true;
    if (repeated || !value_equals(d, "chunked")) {
        return RMQDR_ERR_HTTP_BAD_FRAMING;
    }
    d->head.chunked = true;
    return RMQDR_OK;
}

static rmqdr_status_t end_value(rmqdr_http_decoder_t *d)
{
    rmqdr_status_t st = RMQDR_OK;
    switch (d->kind) {
    case KIND_CONTENT_LENGTH:
        st = end_content_length(d);
        break;
    case KIND_TRANSFER_ENCODING:
        st = end_transfer_encoding(d);
        break;
    case KIND_CONNECTION:
        connection_token_end(d);
        break;
    case KIND_CONTENT_TYPE:
        d->head.is_json = value_equals(d, json_media_type);
        break;
    case KIND_DATE:
        d->head.has_date = !d->value_bad &&
                           parse_imf_fixdate(d->value, d->value_len, &d->head.date_unix);
        if (!d->head.has_date) {
            d->head.date_unix = 0;
        }
        break;
    case KIND_RETRY_AFTER:
        d->head.has_retry_after = d->value_started && !d->value_bad;
        d->head.retry_after_ms = d->head.has_retry_after ? (uint32_t)d->number : 0U;
        break;
    default:
        /* request id is complete as it is copied; others are not kept */
        break;
    }
    return st;
}

/* ---- header lines ---- */

static uint8_t classify_name(const rmqdr_http_decoder_t *d)
{
    size_t i;
    uint8_t kind = KIND_OTHER;
    if (d->in_trailer || (d->name_len > RMQDR_HTTP_NAME_MAX)) {
        return KIND_OTHER; /* trailer fields must not change framing or head */
    }
    for (i = 0U; i < (sizeof header_names / sizeof header_names[0]); i++) {
        const char *n = header_names[i].name;
        if ((strlen(n) == (size_t)d->name_len) &&
            (memcmp(n, d->name, d->name_len) == 0)) {
            kind = header_names[i].kind;
            break;
        }
    }
    return kind;
}

static void keep_name_byte(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (d->name_len < RMQDR_HTTP_NAME_MAX) {
        d->name[d->name_len] = (char)to_lower(c);
        d->name_len++;
    } else {
        d->name_len = (uint8_t)(RMQDR_HTTP_NAME_MAX + 1U); /* too long to matter */
    }
}

/* A leading blank would be obs-fold, which is refused (RFC 9112 5.2). */
static rmqdr_status_t on_field_start(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c == CH_CR) {
        d->state = ST_HEAD_END_LF;
        return RMQDR_OK;
    }
    if (!is_tchar(c)) {
        return RMQDR_ERR_HTTP_HEADER_SYNTAX;
    }
    if (d->line_count >= RMQDR_HTTP_MAX_HEADERS) {
        return RMQDR_ERR_HTTP_TOO_MANY_HEADERS;
    }
    d->line_count++;
    d->name_len = 0U;
    keep_name_byte(d, c);
    d->state = ST_FIELD_NAME;
    return RMQDR_OK;
}

/* Blank before the colon is refused: it has been used to smuggle headers. */
static rmqdr_status_t on_field_name(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c == (uint8_t)':') {
        d->kind = classify_name(d);
        begin_value(d);
        d->state = ST_FIELD_VALUE;
    } else if (is_tchar(c)) {
        keep_name_byte(d, c);
    } else {
        return RMQDR_ERR_HTTP_HEADER_SYNTAX;
    }
    return RMQDR_OK;
}

static rmqdr_status_t on_field_value(rmqdr_http_decoder_t *d, uint8_t c)
{
    rmqdr_status_t st = RMQDR_OK;
    if (c == CH_CR) {
        d->state = ST_FIELD_LF;
    } else if (is_text(c)) {
        st = value_byte(d, c);
    } else {
        st = RMQDR_ERR_HTTP_HEADER_SYNTAX;
    }
    return st;
}

static rmqdr_status_t on_field_lf(rmqdr_http_decoder_t *d, uint8_t c)
{
    rmqdr_status_t st;
    if (c != CH_LF) {
        return RMQDR_ERR_HTTP_HEADER_SYNTAX;
    }
    st = end_value(d);
    begin_field_line(d);
    return st;
}

/* Decide how the body is framed, refusing every ambiguous combination. */
static rmqdr_status_t start_body(rmqdr_http_decoder_t *d)
{
    rmqdr_http_head_t *h = &d->head;

    if ((d->saw_transfer_encoding && (h->version_minor == 0U)) ||
        (h->chunked && h->has_content_length)) {
        return RMQDR_ERR_HTTP_BAD_FRAMING;
    }
    h->keep_alive = (h->version_minor == 1U) ? !d->saw_close
                                             : (d->saw_keep_alive && !d->saw_close);
    d->headers_done = true;
    if ((h->status == 204U) || (h->status == 304U)) {
        d->state = ST_DONE;
    } else if (h->chunked) {
        begin_chunk_size(d);
    } else if (h->has_content_length) {
        d->remaining = h->content_length;
        d->state = (d->remaining == 0U) ? (uint8_t)ST_DONE : (uint8_t)ST_BODY_LENGTH;
    } else {
        d->until_close = true;
        h->keep_alive = false; /* the end of the body is the end of the connection */
        d->state = ST_BODY_CLOSE;
    }
    return RMQDR_OK;
}

/* An interim 1xx is dropped and the next status line expected; its status
 * line counts as a header line so endless 1xx heads stay bounded. */
static rmqdr_status_t end_head(rmqdr_http_decoder_t *d)
{
    rmqdr_status_t st;
    if (d->head.status >= 200U) {
        st = start_body(d);
    } else if (d->head.status == 101U) {
        st = RMQDR_ERR_HTTP_BAD_FRAMING; /* a protocol switch nobody asked for */
    } else if (d->line_count >= RMQDR_HTTP_MAX_HEADERS) {
        st = RMQDR_ERR_HTTP_TOO_MANY_HEADERS;
    } else {
        d->line_count++;
        begin_head(d);
        st = RMQDR_OK;
    }
    return st;
}

static rmqdr_status_t on_head_end_lf(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c != CH_LF) {
        return RMQDR_ERR_HTTP_HEADER_SYNTAX;
    }
    if (d->in_trailer) {
        d->state = ST_DONE;
        return RMQDR_OK;
    }
    return end_head(d);
}

/* ---- chunked framing ---- */

static void begin_chunk_ext(rmqdr_http_decoder_t *d)
{
    d->state = ST_CHUNK_EXT;
    d->index = 0U; /* row 0 of ext_next: an extension name is due */
}

static rmqdr_status_t on_chunk_size(rmqdr_http_decoder_t *d, uint8_t c)
{
    uint8_t v = hex_value(c);
    if (v < 16U) {
        if (d->number > (UINT64_MAX >> 4)) {
            return RMQDR_ERR_HTTP_BAD_CHUNK;
        }
        d->number = (d->number << 4) | (uint64_t)v;
        d->index = 1U;
    } else if (d->index == 0U) {
        return RMQDR_ERR_HTTP_BAD_CHUNK; /* no digit before the first other byte */
    } else if (c == CH_CR) {
        d->state = ST_CHUNK_SIZE_LF;
    } else if (c == (uint8_t)';') {
        begin_chunk_ext(d);
    } else if (is_blank(c)) {
        d->state = ST_CHUNK_BLANK;
    } else {
        return RMQDR_ERR_HTTP_BAD_CHUNK;
    }
    return RMQDR_OK;
}

/* Blanks after the size are only allowed before an extension (BWS ";"). */
static rmqdr_status_t on_chunk_blank(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c == (uint8_t)';') {
        begin_chunk_ext(d);
    } else if (!is_blank(c)) {
        return RMQDR_ERR_HTTP_BAD_CHUNK;
    } else {
        /* more blanks */
    }
    return RMQDR_OK;
}

/* Byte classes of the chunk-ext grammar. */
enum { XC_BLANK, XC_TCHAR, XC_EQ, XC_SEMI, XC_DQUOTE, XC_BSLASH, XC_CR, XC_TEXT, XC_CTL, XC_COUNT };

static uint8_t ext_class(uint8_t c)
{
    uint8_t k = XC_CTL;

    if (is_blank(c)) {
        k = XC_BLANK;
    } else if (is_tchar(c)) {
        k = XC_TCHAR;
    } else if (c == (uint8_t)'=') {
        k = XC_EQ;
    } else if (c == (uint8_t)';') {
        k = XC_SEMI;
    } else if (c == (uint8_t)'"') {
        k = XC_DQUOTE;
    } else if (c == (uint8_t)'\\') {
        k = XC_BSLASH;
    } else if (c == CH_CR) {
        k = XC_CR;
    } else if (is_text(c)) {
        k = XC_TEXT;
    } else {
        /* control byte */
    }
    return k;
}

#define XE 0xFFU /* not allowed here */
#define XD 0xFEU /* CR: the size line ends */

/*
 * RFC 9112 section 7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name
 * [ BWS "=" BWS chunk-ext-val ] ), name a token, value a token or a
 * quoted-string (RFC 9110 section 5.6.4). Rows are the position inside
 * one extension (kept in d->index), columns the byte classes above.
 * Extensions carry nothing the client uses; they are checked, not kept.
 */
static const uint8_t ext_next[9][XC_COUNT] = {
    /*                BLANK TCHAR EQ  SEMI DQUOTE BSLASH CR  TEXT CTL */
    /* 0 name start */ { 0U, 1U, XE, XE, XE, XE, XE, XE, XE },
    /* 1 name       */ { 2U, 1U, 3U, 0U, XE, XE, XD, XE, XE },
    /* 2 name BWS   */ { 2U, XE, 3U, 0U, XE, XE, XE, XE, XE },
    /* 3 value start*/ { 3U, 4U, XE, XE, 5U, XE, XE, XE, XE },
    /* 4 token value*/ { 8U, 4U, XE, 0U, XE, XE, XD, XE, XE },
    /* 5 quoted     */ { 5U, 5U, 5U, 5U, 7U, 6U, XE, 5U, XE },
    /* 6 quoted-pair*/ { 5U, 5U, 5U, 5U, 5U, 5U, XE, 5U, XE },
    /* 7 after quote*/ { 8U, XE, XE, 0U, XE, XE, XD, XE, XE },
    /* 8 value BWS  */ { 8U, XE, XE, 0U, XE, XE, XE, XE, XE },
};

static rmqdr_status_t on_chunk_ext(rmqdr_http_decoder_t *d, uint8_t c)
{
    uint8_t next = (d->index < 9U) ? ext_next[d->index][ext_class(c)] : XE;

    if (next == XE) {
        return RMQDR_ERR_HTTP_BAD_CHUNK;
    }
    if (next == XD) {
        d->state = ST_CHUNK_SIZE_LF;
    } else {
        d->index = next;
    }
    return RMQDR_OK;
}

static rmqdr_status_t on_chunk_size_lf(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c != CH_LF) {
        return RMQDR_ERR_HTTP_BAD_CHUNK;
    }
    if (d->number == 0U) {
        d->in_trailer = true;
        begin_field_line(d);
    } else {
        d->remaining = d->number;
        d->state = ST_CHUNK_DATA;
    }
    return RMQDR_OK;
}

static rmqdr_status_t on_chunk_data_cr(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c != CH_CR) {
        return RMQDR_ERR_HTTP_BAD_CHUNK;
    }
    d->state = ST_CHUNK_DATA_LF;
    return RMQDR_OK;
}

static rmqdr_status_t on_chunk_data_lf(rmqdr_http_decoder_t *d, uint8_t c)
{
    if (c != CH_LF) {
        return RMQDR_ERR_HTTP_BAD_CHUNK;
    }
    begin_chunk_size(d);
    return RMQDR_OK;
}

/* ---- driving ---- */

static rmqdr_status_t dispatch(rmqdr_http_decoder_t *d, uint8_t c)
{
    rmqdr_status_t st;
    switch (d->state) {
    case ST_VERSION:        st = on_version(d, c); break;
    case ST_MINOR:          st = on_minor(d, c); break;
    case ST_SP_BEFORE_CODE: st = on_sp_before_code(d, c); break;
    case ST_CODE:           st = on_code(d, c); break;
    case ST_AFTER_CODE:     st = on_after_code(d, c); break;
    case ST_REASON:         st = on_reason(d, c); break;
    case ST_STATUS_LF:      st = on_status_lf(d, c); break;
    case ST_FIELD_START:    st = on_field_start(d, c); break;
    case ST_FIELD_NAME:     st = on_field_name(d, c); break;
    case ST_FIELD_VALUE:    st = on_field_value(d, c); break;
    case ST_FIELD_LF:       st = on_field_lf(d, c); break;
    case ST_HEAD_END_LF:    st = on_head_end_lf(d, c); break;
    case ST_CHUNK_SIZE:     st = on_chunk_size(d, c); break;
    case ST_CHUNK_BLANK:    st = on_chunk_blank(d, c); break;
    case ST_CHUNK_EXT:      st = on_chunk_ext(d, c); break;
    case ST_CHUNK_SIZE_LF:  st = on_chunk_size_lf(d, c); break;
    case ST_CHUNK_DATA_CR:  st = on_chunk_data_cr(d, c); break;
    case ST_CHUNK_DATA_LF:  st = on_chunk_data_lf(d, c); break;
    case ST_DONE:           st = RMQDR_ERR_HTTP_TRAILING_BYTES; break;
    default:                st = RMQDR_ERR_BAD_ARGUMENT; break; /* corrupted state */
    }
    return st;
}

static rmqdr_status_t step(rmqdr_http_decoder_t *d, uint8_t c)
{
    rmqdr_status_t st = count_line_byte(d, c);
    if (st == RMQDR_OK) {
        st = dispatch(d, c);
    }
    return st;
}

static bool in_body(const rmqdr_http_decoder_t *d)
{
    return (d->state == ST_BODY_LENGTH) || (d->state == ST_BODY_CLOSE) ||
           (d->state == ST_CHUNK_DATA);
}

/* Hands on as much body as this feed holds; @p used tells how much. */
static rmqdr_status_t deliver_body(rmqdr_http_decoder_t *d, const uint8_t *data,
                                   size_t avail, size_t *used,
                                   rmqdr_http_body_fn on_body, void *ctx)
{
    rmqdr_status_t st = RMQDR_OK;
    size_t n = avail;

    if ((d->state != ST_BODY_CLOSE) && (d->remaining < (uint64_t)avail)) {
        n = (size_t)d->remaining;
    }
    if (on_body != NULL) {
        st = on_body(ctx, data, n);
    }
    if (d->state != ST_BODY_CLOSE) {
        d->remaining -= (uint64_t)n;
        if (d->remaining == 0U) {
            d->state = (d->state == ST_BODY_LENGTH) ? (uint8_t)ST_DONE
                                                    : (uint8_t)ST_CHUNK_DATA_CR;
        }
    }
    *used = n;
    return st;
}

static void fail(rmqdr_http_decoder_t *d, rmqdr_status_t st)
{
    d->error = st;
    d->state = ST_ERROR;
}

void rmqdr_http_init(rmqdr_http_decoder_t *d)
{
    if (d != NULL) {
        (void)memset(d, 0, sizeof *d);
        d->error = RMQDR_OK;
        begin_head(d);
    }
}

rmqdr_status_t rmqdr_http_feed(rmqdr_http_decoder_t *d, const uint8_t *data,
                               size_t len, rmqdr_http_body_fn on_body,
                               void *ctx)
{
    size_t pos = 0U;

    if ((d == NULL) || ((data == NULL) && (len > 0U))) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    while ((d->error == RMQDR_OK) && (pos < len)) {
        size_t used = 1U;
        rmqdr_status_t st;
        if (in_body(d)) {
            st = deliver_body(d, &data[pos], len - pos, &used, on_body, ctx);
        } else {
            st = step(d, data[pos]);
        }
        if (st != RMQDR_OK) {
            fail(d, st);
        }
        pos += used;
    }
    return d->error;
}

rmqdr_status_t rmqdr_http_finish(rmqdr_http_decoder_t *d)
{
    if (d == NULL) {
        return RMQDR_ERR_BAD_ARGUMENT;
    }
    if (d->error == RMQDR_OK) {
        if (d->state == ST_BODY_CLOSE) {
            d->state = ST_DONE;
        } else if (d->state != ST_DONE) {
            fail(d, RMQDR_ERR_HTTP_TRUNCATED);
        } else {
            /* already complete */
        }
    }
    return d->error;
}

bool rmqdr_http_headers_done(const rmqdr_http_decoder_t *d)
{
    return (d != NULL) && d->headers_done;
}

bool rmqdr_http_message_done(const rmqdr_http_decoder_t *d)
{
    return (d != NULL) && (d->state == ST_DONE);
}

bool rmqdr_http_can_reuse(const rmqdr_http_decoder_t *d)
{
    return rmqdr_http_message_done(d) && d->head.keep_alive && !d->until_close;
}
