/* cmd_status.c - `twitoff status`: counts, stale pairs and the last batch runs. */
#include "cli.h"
#include "cmd.h"
#include "jobs.h"
#include "queue.h"
#include "runs.h"
#include "summary.h"
#include "db.h"
#include "budget.h"
#include "util.h"
#include "wf_shared.h"

#include <stdio.h>
#include <string.h>

static void print_runs(sqlite3 *db)
{
    Run *runs;
    int n;
    char err[256];
    if (db_runs_recent(db, 5, &runs, &n, err, sizeof err) != 0) {
        cli_warn("%s", err);
        return;
    }
    printf("last runs:\n");
    for (int i = 0; i < n; i++) {
        const Run *r = &runs[i];
        char when[32];
        format_time(r->started_at, when, sizeof when);
        long long secs = r->finished_at ? (long long)(r->finished_at - r->started_at) : -1;
        printf("  %s %-8s %-7s %4llds  posts +%d  pairs %d  errors %d  %s\n", when, r->command, r->status,
               secs, r->posts_added, r->pairs_trained, r->errors, r->message ? r->message : "");
    }
    runs_free(runs, n);
}

/* The last jobs queued from /admin, with what `twitoff work` made of them. */
static void print_jobs(sqlite3 *db)
{
    Job *jobs;
    int n;
    char err[256];
    if (db_jobs_recent(db, 5, &jobs, &n, err, sizeof err) != 0) {
        cli_warn("%s", err);
        return;
    }
    if (n) printf("last jobs:\n");
    for (int i = 0; i < n; i++) {
        const Job *j = &jobs[i];
        char when[32];
        format_time(j->created_at, when, sizeof when);
        printf("  #%lld %s %-7s %-20s %-7s %.160s\n", (long long)j->id, when, j->kind ? j->kind : "",
               j->arg ? j->arg : "", j->status ? j->status : "", j->message ? j->message : "");
    }
    jobs_free(jobs, n);
}

/* The shared model's line(s), or its JSON member (after the other keys). */
static void print_shared(sqlite3 *db, int json)
{
    SharedStatus st;
    char err[320];
    if (shared_status(db, &st, err, sizeof err) != 0) {
        cli_warn("%s", err);
        return;
    }
    int64_t age = now_unix() - st.trained_at;
    if (json && !st.present) {
        printf(", \"shared_model\": null");
    } else if (json) {
        printf(", \"shared_model\": {\"accounts\": %d, \"trained_at\": %lld, \"age_seconds\": %lld, "
               "\"top1_accuracy\": %.4f, \"mean_pairwise_accuracy\": %.4f, \"fresh\": %s}", st.accounts,
               (long long)st.trained_at, (long long)age, st.top1, st.pair, st.fresh ? "true" : "false");
    } else if (!st.present) {
        printf("shared model: none (%s)\n", st.why);
    } else {
        char when[32];
        format_time(st.trained_at, when, sizeof when);
        printf("shared model: %d accounts, trained %s (%lld h ago)%s, held-out top-1 %.4f, mean pairwise %.4f\n",
               st.accounts, when, (long long)(age / 3600), st.fresh ? "" : ", stale", st.top1, st.pair);
    }
}

int cmd_status(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) json = 1;
        else return usage_error("status");
    }
    sqlite3 *db = cli_open_store(DB_RW);
    if (!db) return EXIT_FAIL;
    StoreCounts c = {0};
    char err[320];
    if (db_counts(db, &c, err, sizeof err) != 0) cli_warn("%s", err);
    sqlite3 *q = queue_open(QUEUE_BATCH, err, sizeof err);
    int64_t queued = q ? db_jobs_pending(q, err, sizeof err) : -1;
    if (queued < 0) cli_warn("%s", err);
    int64_t users = c.users, posts = c.posts;
    PairCounts pc = {0};
    int bad = budget_counts(db, &pc, err, sizeof err);
    if (bad) cli_warn("%s", err);
    if (json) {
        printf("{\"users\": %lld, \"posts\": %lld, \"pairs\": %lld, \"stale_pairs\": %d, \"queued_jobs\": %lld, "
               "\"accounts\": %d, \"pairs_possible\": %d, \"pair_models\": %lld, \"pairs_left\": %lld",
               (long long)users, (long long)posts, (long long)pc.models, pc.stale, (long long)queued,
               pc.accounts, pc.pairs, (long long)pc.models, (long long)pc.left);
        print_shared(db, 1);
        printf("}\n");
    } else {
        printf("users: %lld\nposts: %lld\naccounts paired: %d\npairs: %d\npairs trained: %lld\nstale pairs: %d\n"
               "pairs left over by the budget: %lld\nqueued jobs: %lld\n", (long long)users, (long long)posts,
               pc.accounts, pc.pairs, (long long)pc.models, pc.stale, (long long)pc.left, (long long)queued);
        print_shared(db, 0);
        print_runs(db);
        if (q) print_jobs(q);
    }
    db_close(q);
    db_close(db);
    return bad ? EXIT_FAIL : EXIT_OK;
}
