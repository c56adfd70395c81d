/* rmqdr: discover, list and watch ApsaraMQ for RocketMQ disaster-recovery checkpoints. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "io.h"
#include "text.h"
#include "version.h"

static int run(int argc, char **argv)
{
    cli_options_t opts;

    if (!cli_parse_options(argc, argv, &opts)) {
        return EXIT_USAGE;
    }
    if (opts.version) {
        cli_print_version(stdout); /* checked by cli_io_finish(): > /dev/full fails */
        return EXIT_OK;
    }
    if (opts.help) {
        cli_print_help(stdout, opts.command);
        return EXIT_OK;
    }
    if (opts.command == NULL) {
        cli_print_help(stderr, NULL);
        return EXIT_USAGE;
    }
    if ((strcmp(opts.command, "checkpoints") == 0) || (strcmp(opts.command, "plans") == 0) ||
        (strcmp(opts.command, "items") == 0)) {
        return cmd_list(&opts);
    }
    if (strcmp(opts.command, "watch") == 0) {
        return cmd_watch(&opts);
    }
    return cmd_decode(&opts);
}

int main(int argc, char **argv)
{
    if (!cli_io_init()) {
        return EXIT_LOCAL; /* no descriptor can be held: print nothing anywhere */
    }
    cli_text_init();
    return cli_io_finish(run(argc, argv));
}
