/* cmd_reset.c - `twitoff reset`: drop and recreate the database, models and lists (the reset
 * workflow, wf_reset.h), after asking unless --yes. */
#include "cli.h"
#include "cmd.h"
#include "config.h"
#include "util.h"
#include "wf_reset.h"

#include <stdio.h>
#include <string.h>

static int confirmed(void)
{
    fprintf(stderr, "This deletes every user, post and model in %s. Type 'yes' to go on: ", twitoff_home());
    char line[16];
    return fgets(line, sizeof line, stdin) && strncmp(line, "yes", 3) == 0;
}

int cmd_reset(int argc, char **argv)
{
    int yes = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0) yes = 1;
        else return usage_error("reset");
    }
    if (!yes && !confirmed()) {
        fprintf(stderr, "%s: reset cancelled\n", progname);
        return EXIT_FAIL;
    }
    Batch b = cli_batch();
    char err[1024] = "";
    return cli_outcome(reset_run(&b, err, sizeof err), err);
}
