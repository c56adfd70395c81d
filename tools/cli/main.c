/* rmqdr: list and watch ApsaraMQ for RocketMQ disaster-recovery checkpoints. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h" /* ops */

int main(int argc, char **argv)
{
    cli_options_t opts;

    if (!cli_parse_options(argc, argv, &opts)) {
        return EXIT_USAGE;
    }
    if (opts.version) {
        cli_print_version(stdout); /* ops */
        return EXIT_OK;
    }
    if (opts.help || (opts.command == NULL)) {
        cli_print_help();
        return opts.help ? EXIT_OK : EXIT_USAGE;
    }
    if (strcmp(opts.command, "checkpoints") == 0) {
        return cmd_checkpoints(&opts);
    }
    if (strcmp(opts.command, "decode") == 0) {
        return cmd_decode(&opts);
    }
    if (strcmp(opts.command, "watch") == 0) {
        return cmd_watch(&opts);
    }
    (void)fprintf(stderr, "rmqdr: unknown command: %s (see rmqdr --help)\n", opts.command);
    return EXIT_USAGE;
}
