#include "cli.h"
int cli_list(const cli_options_t *o, const cli_context_t *c) { (void)o; (void)c; return 4; }
int cmd_decode(const cli_options_t *o) { (void)o; return 2; }
int cmd_watch(const cli_options_t *o) { (void)o; return 2; }
