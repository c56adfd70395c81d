/* Text from the server on a terminal: control characters escaped, columns
 * cut on character boundaries and padded by display width. */
#ifndef RMQDR_CLI_TEXT_H
#define RMQDR_CLI_TEXT_H

#include <stdio.h>

/* Selects a UTF-8 character type: the environment's locale when it is
 * UTF-8, else C.UTF-8. Without one, every non-ASCII byte is escaped. */
void cli_text_init(void);

/* Writes s with every control or non-printable character (C0, DEL, C1,
 * CR/LF, ESC) and every byte that is not valid UTF-8 escaped as \n, \r, \t,
 * \xHH or \uHHHH (a backslash itself as \\), so server text can neither move the cursor, nor recolour
 * the terminal, nor split a log line. */
void cli_put_text(FILE *out, const char *s);

/* One table cell of exactly `width` display columns plus a space: the
 * escaped text, cut on a character boundary and marked with '~' when it is
 * wider, padded with spaces by display width (wcwidth). */
void cli_put_cell(FILE *out, const char *s, int width);

#endif
