/* Console output without printf for the example firmware images: text and
 * decimal integers through the board's rmqdr_board_console_write hook. */
#ifndef RMQDR_BOARD_CONSOLE_H
#define RMQDR_BOARD_CONSOLE_H

#include <stdint.h>

/* Writes a NUL-terminated string. */
void console_put(const char *s);

/* Writes a signed decimal. */
void console_put_i64(int64_t v);

#endif
