/* The host platform hooks the command uses (clock, randomness, sleep). */
#ifndef RMQDR_CLI_PLATFORM_H
#define RMQDR_CLI_PLATFORM_H

#include "rmqdr/port.h"

/* Fills p with the POSIX port's hooks. */
void cli_platform(rmqdr_platform_t *p);

#endif
