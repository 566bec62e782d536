/* cmd_work.c - `twitoff work`: run the queued jobs (fetch, seed, retrain, delete, reset) under the
 * batch lock (the jobs workflow, wf_jobs.h). */
#include "cli.h"
#include "cmd.h"
#include "wf_jobs.h"

int cmd_work(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) return usage_error("work");
    cli_background();
    Batch b = cli_batch();
    WorkTotals w = {0};
    char err[1024] = "";
    return cli_outcome(jobs_run(&b, &w, err, sizeof err), err);
}
