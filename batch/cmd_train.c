/* cmd_train.c - `twitoff train`: fit every stale pair (or one pair) and write its model file (the
 * train workflow, wf_train.h). */
#include "cli.h"
#include "cmd.h"
#include "wf_train.h"

#include <string.h>

int cmd_train(int argc, char **argv)
{
    TrainRequest r = {0};
    const char *names[2] = {NULL, NULL};
    int nn = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--force") == 0) r.force = 1;
        else if (argv[i][0] != '-' && nn < 2) names[nn++] = argv[i];
        else return usage_error("train");
    }
    if (nn == 1) return usage_error("train");
    r.a = names[0];
    r.b = names[1];
    cli_background();
    Batch b = cli_batch();
    TrainTotals t = {0};
    char err[1024] = "";
    return cli_outcome(train_run(&b, &r, &t, err, sizeof err), err);
}
