/* cmd_nightly.c - `twitoff nightly`: the cron job (the nightly workflow, wf_nightly.h). */
#include "cli.h"
#include "cmd.h"
#include "wf_nightly.h"

#include <string.h>

int cmd_nightly(int argc, char **argv)
{
    NightlyOptions o = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-fetch") == 0) o.no_fetch = 1;
        else return usage_error("nightly");
    }
    cli_background();
    Batch b = cli_batch();
    NightlyTotals t = {0};
    char err[1024] = "";
    return cli_outcome(nightly_run(&b, &o, &t, err, sizeof err), err);
}
