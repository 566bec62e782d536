/* cmd_lists.c - `twitoff lists` (being written). */
#include "cmd.h"
#include "util.h"

int cmd_lists(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    warnx_("lists: not implemented yet");
    return EXIT_FAIL;
}
