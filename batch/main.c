/* main.c - the `twitoff` command: global flags, the subcommand table and its dispatch. */
#include "cli.h"
#include "cmd.h"
#include "config.h"
#include "util.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const Command commands[] = {
    {"reset", cmd_reset, "[--yes]",
     "Drop and recreate the database (asks for confirmation unless --yes). Models and lists are removed too."},
    {"import", cmd_import, "[--user NAME] FILE...",
     "Import posts from .jsonl, .csv, Twitter archive tweets.js (needs --user) or id|date|text .txt files, "
     "or whole X, pre-2019 or Mastodon archives (a ZIP or a folder). "
     "Idempotent; each file or archive is imported whole or not at all."},
    {"train", cmd_train, "[--force] [A B]",
     "Refit the shared model over all accounts when stale, then train every stale pair (default); "
     "or only the pair A B. --force retrains fresh ones too."},
    {"predict", cmd_predict, "[--live] A B [TEXT]",
     "Print \"<screen_name>\\t<probability>\" of the more likely author of TEXT, or of each stdin line, "
     "from the pair's model when it is fresh, else from the shared model (never training). --live: "
     "train the pair now and answer with that."},
    {"rank", cmd_rank, "[--top K] [--among A,B,...] [TEXT]",
     "Print the K (default 5) most likely authors of TEXT, or of each stdin line, on one line of "
     "\"<screen_name>\\t<probability>\" pairs, best first: the shared model's softmax over all its "
     "accounts, or over the --among ones."},
    {"lists", cmd_lists, "", "Write users.xml, users.html and users.json into $TWITOFF_HOME/lists."},
    {"eval", cmd_eval, "[--folds K] [--json]",
     "Cross-validated pairwise accuracy of the current recipe on the stored posts, and the shared "
     "model's held-out mean pairwise and top-1 accuracy."},
    {"fetch", cmd_fetch, "[--source x|bluesky|mastodon] HANDLE... | --all [--source S]",
     "Download the newest posts (max_posts, default 800) of each account from X (API v2, needs "
     "x_bearer_token), Bluesky (handle.example) or Mastodon (user@instance); SOURCE:HANDLE also "
     "works. Re-runs fetch only what is new; --all refreshes every fetched account. "
     "Exit 3 when rate limited: the next run continues."},
    {"seed", cmd_seed, "", "Fetch the seed accounts (twitoff.conf seed_users, default the classic app's list)."},
    {"work", cmd_work, "", "Run the queued jobs (fetch, seed, retrain, delete, reset) one at a time under "
     "$TWITOFF_HOME/batch.lock."},
    {"status", cmd_status, "[--json]", "Counts, stale pairs, the shared model, last runs."},
    {"nightly", cmd_nightly, "[--no-fetch]",
     "The cron job: run queued jobs, refresh users from their remote sources (--no-fetch: skip), "
     "retrain the stale pairs, rewrite the lists when something changed, and record the run. "
     "Exits with status 3 at once when another batch run holds the lock."},
    {"check", cmd_check, "[--strict]",
     "Check the instance: database integrity, every model file loads and names its pair, list files "
     "parse. Temporary files an interrupted run left are counted (--strict: a problem). Exit 1 on a problem."},
    {"admin-key", cmd_admin_key, "",
     "Create a new key for the /admin page: print it once, store only its SHA-256 in twitoff.conf."},
    {"iris", cmd_iris, "[IRIS_CSV]",
     "Train the iris example (3-class logistic regression; default data/iris/iris.csv) into "
     "$TWITOFF_HOME/models/iris.model and print its predictions for the first two rows."},
};
static const int ncommands = (int)(sizeof commands / sizeof *commands);

int main(int argc, char **argv)
{
    /* Large blocks (training problems, feature sets) always come from mmap and go back to the
     * system when freed, so peak memory is what is live, not what the allocator kept. */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    cli_set_commands(commands, ncommands);
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) cli_output.quiet = 1;
        else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) cli_output.verbose = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            cli_print_help(stdout);
            return EXIT_OK;
        } else {
            fprintf(stderr, "%s: unknown option %s\n", progname, argv[i]);
            return EXIT_USAGE;
        }
    }
    if (i >= argc) {
        cli_print_help(stderr);
        return EXIT_USAGE;
    }
    const Command *c = cli_find_command(argv[i]);
    if (!c) {
        fprintf(stderr, "%s: unknown command '%s' (see 'twitoff --help')\n", progname, argv[i]);
        return EXIT_USAGE;
    }
    if (wants_help(argc - i, argv + i)) {
        print_usage(c->name);
        return EXIT_OK;
    }
    char err[320];
    if (conf_load(err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", progname, err);
        return EXIT_FAIL;
    }
    int rc = c->run(argc - i, argv + i);
    conf_free();
    return rc;
}
