/* `rmqdr --version`: version, git commit, build date, mbedTLS version and
 * the operations supported. The commit and date come from the build
 * (tools/cli/version.mk); the mbedTLS version is the library's at run time. */
#ifndef RMQDR_CLI_VERSION_H
#define RMQDR_CLI_VERSION_H

#include <stddef.h>
#include <stdio.h>

/* Git commit the binary was built from ("unknown" outside a checkout). */
const char *cli_version_commit(void);

/* Build date, YYYY-MM-DD (SOURCE_DATE_EPOCH when set). */
const char *cli_version_build_date(void);

/* mbedTLS version linked in, e.g. "2.28.3". */
void cli_version_mbedtls(char *buf, size_t size);

/* Prints the full --version text. */
void cli_print_version(FILE *out);

#endif
