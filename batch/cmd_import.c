/* cmd_import.c - `twitoff import` (being written). */
#include "cmd.h"
#include "util.h"

int cmd_import(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    warnx_("import: not implemented yet");
    return EXIT_FAIL;
}
