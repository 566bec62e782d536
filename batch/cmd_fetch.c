/* cmd_fetch.c - `twitoff fetch` and `twitoff seed`: download posts from X, Bluesky and Mastodon
 * (the fetch workflow, wf_fetch.h). */
#include "cli.h"
#include "cmd.h"
#include "wf_fetch.h"

#include <string.h>

static int run(const FetchRequest *r)
{
    Batch b = cli_batch();
    FetchTotals t = {0};
    char err[1024] = "";
    return cli_outcome(fetch_run(&b, r, &t, err, sizeof err), err);
}

int cmd_fetch(int argc, char **argv)
{
    FetchRequest r = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--source") && i + 1 < argc) r.source = argv[++i];
        else if (!strncmp(argv[i], "--source=", 9)) r.source = argv[i] + 9;
        else if (!strcmp(argv[i], "--all")) r.all = 1;
        else return usage_error("fetch");
    }
    if (r.all == (i < argc)) return usage_error("fetch");
    r.handles = argv + i;
    r.n = argc - i;
    return run(&r);
}

int cmd_seed(int argc, char **argv)
{
    if (argc > 1) return usage_error("seed");
    FetchRequest r = {.seed = 1};
    return run(&r);
}
