/* Escaping and display width with the C library's multibyte functions. */
#define _XOPEN_SOURCE 700 /* wcwidth */
#include "text.h"

#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <string.h>
#include <wchar.h>

/* Longest output of one input character: "\\uHHHH" or a 4-byte UTF-8 sequence. */
#define UNIT_MAX 24U

typedef struct {
    char bytes[UNIT_MAX]; /* what to print, NUL-terminated */
    int width;            /* display columns */
    size_t consumed;      /* input bytes */
} unit_t;

void cli_text_init(void)
{
    (void)setlocale(LC_CTYPE, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
        (void)setlocale(LC_CTYPE, "C.UTF-8");
    }
}

static void escape_unit(unit_t *u, unsigned long code, bool raw_byte)
{
    const char *named = (code == 0x0AUL)   ? "\\n"
                        : (code == 0x0DUL) ? "\\r"
                        : (code == 0x09UL) ? "\\t"
                        : (code == 0x5CUL) ? "\\\\"
                                           : NULL;

    if (named != NULL) {
        (void)snprintf(u->bytes, sizeof u->bytes, "%s", named);
    } else if (raw_byte || (code < 0x80UL)) {
        (void)snprintf(u->bytes, sizeof u->bytes, "\\x%02lx", code);
    } else {
        (void)snprintf(u->bytes, sizeof u->bytes, "\\u%04lx", code);
    }
    u->width = (int)strlen(u->bytes);
}

/* The next character of s (non-empty) as printable bytes and their width. */
static void next_unit(const char *s, unit_t *u)
{
    mbstate_t state;
    wchar_t wc = 0;
    size_t n;
    int w;

    (void)memset(&state, 0, sizeof state);
    n = mbrtowc(&wc, s, strnlen(s, 8U), &state);
    if ((n == (size_t)-1) || (n == (size_t)-2) || (n == 0U) || (n >= 8U)) {
        u->consumed = 1U;
        escape_unit(u, (unsigned long)(unsigned char)s[0], true);
        return;
    }
    u->consumed = n;
    w = wcwidth(wc);
    if ((w < 0) || (wc == L'\\')) {
        /* a backslash is doubled so that an escape in the output is never ambiguous */
        escape_unit(u, (unsigned long)wc, false);
        return;
    }
    (void)memcpy(u->bytes, s, n);
    u->bytes[n] = '\0';
    u->width = w;
}

void cli_put_text(FILE *out, const char *s)
{
    unit_t u;

    while (*s != '\0') {
        next_unit(s, &u);
        (void)fputs(u.bytes, out);
        s += u.consumed;
    }
}

static int text_width(const char *s)
{
    unit_t u;
    int w = 0;

    while (*s != '\0') {
        next_unit(s, &u);
        w += u.width;
        s += u.consumed;
    }
    return w;
}

void cli_put_cell(FILE *out, const char *s, int width)
{
    const bool cut = text_width(s) > width;
    const int room = cut ? (width - 1) : width;
    int used = 0;
    unit_t u;

    while (*s != '\0') {
        next_unit(s, &u);
        if ((used + u.width) > room) {
            break;
        }
        (void)fputs(u.bytes, out);
        used += u.width;
        s += u.consumed;
    }
    if (cut) {
        (void)fputc('~', out);
        used++;
    }
    (void)fprintf(out, "%*s", (width - used) + 1, "");
}
