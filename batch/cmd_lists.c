/* cmd_lists.c - `twitoff lists`: write the user lists the web form includes (users.html), and
 * users.xml, users.json and accuracy.svg, into $TWITOFF_HOME/lists (the lists workflow, wf_lists.h). */
#include "cli.h"
#include "cmd.h"
#include "wf_lists.h"

int cmd_lists(int argc, char **argv)
{
    (void)argv;
    if (argc != 1) return usage_error("lists");
    Batch b = cli_batch();
    int changed;
    char err[1024] = "";
    return cli_outcome(lists_run(&b, &changed, err, sizeof err), err);
}
