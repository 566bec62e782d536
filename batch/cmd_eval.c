/* cmd_eval.c - `twitoff eval` (being written). */
#include "cmd.h"
#include "util.h"

int cmd_eval(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    warnx_("eval: not implemented yet");
    return EXIT_FAIL;
}
