/* Console output shared by the Cortex-M4 example images (see console.h). */
#include "console.h"

#include <stddef.h>
#include <string.h>

#include "board.h"

void console_put(const char *s)
{
    rmqdr_board_console_write(s, strlen(s));
}

void console_put_i64(int64_t v)
{
    char buf[21];
    size_t i = sizeof buf;
    uint64_t u = (v < 0) ? ((uint64_t)0 - (uint64_t)v) : (uint64_t)v;

    buf[--i] = '\0';
    do {
        buf[--i] = (char)('0' + (int)(u % 10U));
        u /= 10U;
    } while ((u != 0U) && (i > 1U));
    if (v < 0) {
        buf[--i] = '-';
    }
    console_put(&buf[i]);
}
