/* `rmqdr --version`; see version.h. */
#include "version.h"

#include <mbedtls/version.h>

#include "rmqdr/request.h"

#ifndef RMQDR_GIT_COMMIT
#define RMQDR_GIT_COMMIT "unknown"
#endif
#ifndef RMQDR_BUILD_DATE
#define RMQDR_BUILD_DATE "unknown"
#endif

/* The API operations the library implements (API version 2022-08-01). */
static const char *const operations[] = {
    "ListDisasterRecoveryCheckpoints",
};

const char *cli_version_commit(void)
{
    return RMQDR_GIT_COMMIT;
}

const char *cli_version_build_date(void)
{
    return RMQDR_BUILD_DATE;
}

void cli_version_mbedtls(char *buf, size_t size)
{
    char v[18] = "";

    mbedtls_version_get_string(v);
    (void)snprintf(buf, size, "%s", v);
}

void cli_print_version(FILE *out)
{
    char tls[32];
    size_t i;

    cli_version_mbedtls(tls, sizeof tls);
    (void)fprintf(out, "rmqdr %s\n", RMQDR_VERSION);
    (void)fprintf(out, "commit:     %s\n", RMQDR_GIT_COMMIT);
    (void)fprintf(out, "built:      %s\n", RMQDR_BUILD_DATE);
    (void)fprintf(out, "mbedTLS:    %s (built against %s)\n", tls, MBEDTLS_VERSION_STRING);
    (void)fprintf(out, "API:        ApsaraMQ for RocketMQ 2022-08-01\n");
    (void)fputs("operations:", out);
    for (i = 0U; i < sizeof operations / sizeof operations[0]; i++) {
        (void)fprintf(out, " %s", operations[i]);
    }
    (void)fputc('\n', out);
}
