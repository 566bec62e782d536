/* wf_nightly.c - the nightly workflow: one locked, recorded run of the queued jobs, the refresh of
 * the remote users, training and the lists, where a failing source is counted, not fatal. */
#include "wf_nightly.h"
#include "config.h"
#include "db.h"
#include "files.h"
#include "jobs.h"
#include "pair.h"
#include "runs.h"
#include "summary.h"
#include "sweep.h"
#include "users.h"
#include "util.h"
#include "wf_fetch.h"
#include "wf_jobs.h"
#include "wf_lists.h"
#include "wf_train.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A nightly run in progress. */
typedef struct {
    Batch *b;
    NightlyTotals *t;
    Buf message;         /* the errors, "; "-separated, for the runs table */
} Nightly;

__attribute__((format(printf, 2, 3)))
static void note_error(Nightly *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = xvasprintf(fmt, ap);
    va_end(ap);
    report(r->b->rep, REPORT_WARN, "nightly: %s", m);
    if (r->message.len < 2000) buf_printf(&r->message, "%s%s", r->message.len ? "; " : "", m);
    free(m);
    r->t->errors++;
}

/* Runs of lock-holding commands still marked running died without finishing (we hold the lock). */
static void close_interrupted_runs(Batch *b)
{
    char err[256];
    if (db_runs_close_interrupted(b->db, err, sizeof err) != 0) report(b->rep, REPORT_WARN, "%s", err);
}

/* Forget finished runs and jobs older than history_days (twitoff.conf, default 90): `work`
 * records a run every 5 minutes, and the tables must not grow without bound. */
static void prune_history(Batch *b)
{
    long days = conf_get_long("history_days", 90);
    if (days <= 0) return;
    int64_t cutoff = now_unix() - (int64_t)days * 86400;
    char err[256];
    if (db_runs_prune(b->db, cutoff, err, sizeof err) != 0) report(b->rep, REPORT_WARN, "%s", err);
    if (!batch_queue(b, err, sizeof err) || db_jobs_prune(b->queue, cutoff, err, sizeof err) != 0)
        report(b->rep, REPORT_WARN, "%s", err);
}

/* Step 1: the jobs the admin page queued (a reset job replaces the store and the run row with
 * it; when no store could be opened again, b->db is NULL and the run stops). */
static void run_jobs(Nightly *r, int64_t *run)
{
    WorkTotals w = {0};
    int rc = jobs_work(r->b, &w);
    if (w.reset && r->b->db) *run = batch_run_start(r->b, "nightly");
    r->t->jobs = w.jobs;
    r->t->users_fetched += w.users;
    r->t->posts_added += w.posts;
    r->t->pairs_trained += w.pairs;
    if (w.failed) note_error(r, "%d of %d queued jobs failed (see twitoff status)", w.failed, w.jobs);
    else if (rc == BATCH_BUSY) note_error(r, "queued jobs stopped: rate limited");
}

/* A pair model file (for dir_each): stops the walk at the first. */
static int is_pair_model(void *ctx, const char *dir, const char *name)
{
    (void)dir;
    return (*(int *)ctx = pair_model_file(name));
}

/* 1 when the store has no users while models/ holds pair model files: training would remove
 * them all and the lists would be emptied. */
static int store_replaced(Batch *b)
{
    StoreCounts c = {0};
    char err[256];
    if (db_counts(b->db, &c, err, sizeof err) != 0 || c.users > 0) return 0;
    char *dir = home_path("models");
    int found = 0;
    dir_each(dir, is_pair_model, &found);
    free(dir);
    return found;
}

/* Step 2: refresh every user that has a remote source (the least recently fetched first); an
 * unreachable source is logged and counted, never fatal; rate limiting stops the step. */
static void refresh_users(Nightly *r, int no_fetch)
{
    int n;
    char **handles, err[256];
    if (db_remote_handles(r->b->db, NULL, 1, &handles, &n, err, sizeof err) != 0) note_error(r, "%s", err);
    if (n && no_fetch) report(r->b->rep, REPORT_INFO, "nightly: --no-fetch: %d remote users not refreshed", n);
    if (n && !no_fetch) {
        Buf lines;
        buf_init(&lines);
        FetchTotals t = {.report = &lines};
        int rc = fetch_handles(r->b, NULL, handles, n, &t);
        r->t->users_fetched += t.users;
        r->t->posts_added += t.posts;
        if (t.errors)
            note_error(r, "fetch: %d of %d users not refreshed%s: %s", t.errors, n,
                       rc == BATCH_BUSY ? " (rate limited; the next run continues)" : "", buf_str(&lines));
        buf_free(&lines);
    }
    strv_free(handles, n);
}

/* 1 when the lists on disk were written from this state (recorded in lists/.state). */
static int lists_current(uint64_t state)
{
    char *stamp = home_path("lists/.state"), *html = home_path("lists/users.html");
    size_t len;
    char *old = read_file(stamp, &len);
    char want[32];
    snprintf(want, sizeof want, "%016llx\n", (unsigned long long)state);
    int ok = old && strcmp(old, want) == 0 && access(html, R_OK) == 0;
    free(old);
    free(stamp);
    free(html);
    return ok;
}

static void save_lists_state(Batch *b, uint64_t state)
{
    char *stamp = home_path("lists/.state");
    char line[32];
    int n = snprintf(line, sizeof line, "%016llx\n", (unsigned long long)state);
    if (write_file_atomic(stamp, line, (size_t)n, 0644) != 0) report(b->rep, REPORT_WARN, "cannot write %s", stamp);
    free(stamp);
}

/* Step 4: the lists, only when what they show changed (or they are missing). */
static void update_lists(Nightly *r)
{
    uint64_t state = 0;
    char err[256];
    if (db_lists_fingerprint(r->b->db, &state, err, sizeof err) != 0) note_error(r, "%s", err);
    else if (lists_current(state)) return;
    int changed = 0;
    if (lists_write(r->b, &changed) == BATCH_OK) {
        save_lists_state(r->b, state);
        r->t->lists_written = changed;
    } else {
        note_error(r, "cannot write the lists");
        r->t->failed = 1;
    }
}

/* Step 3: the stale pairs. */
static void train(Nightly *r)
{
    TrainRequest req = {0};
    TrainTotals tt = {0};
    if (train_pairs(r->b, &req, &tt) != BATCH_OK) {
        note_error(r, "some pairs failed to train");
        r->t->failed = 1;
    }
    r->t->pairs_trained += tt.trained;
}

static void finish(Nightly *r, int64_t run, double t0)
{
    const NightlyTotals *t = r->t;
    const char *status = t->failed ? "failed" : "ok";
    if (r->b->db)
        batch_run_finish(r->b, run, status, t->users_fetched, t->posts_added, t->pairs_trained, t->errors,
                         r->message.len ? r->message.data : NULL);
    report(r->b->rep, REPORT_INFO, "nightly: %s in %.2fs: %d jobs, %d users refreshed, +%d posts, %d pairs "
           "trained, lists %s, %d errors", status, now_mono() - t0, t->jobs, t->users_fetched,
           t->posts_added, t->pairs_trained, t->lists_written ? "rewritten" : "unchanged", t->errors);
}

int nightly_run(Batch *b, const NightlyOptions *o, NightlyTotals *t, char *err, size_t errlen)
{
    double t0 = now_mono();
    int rc = batch_start(b, "nightly", err, errlen);
    if (rc != BATCH_OK) return rc;
    close_interrupted_runs(b);
    prune_history(b);
    int swept = sweep_temp_files();
    if (swept) report(b->rep, REPORT_INFO, "nightly: removed %d temporary files left by an interrupted run", swept);
    int64_t run = batch_run_start(b, "nightly");
    Nightly r = {b, t, {0}};
    buf_init(&r.message);
    run_jobs(&r, &run);
    if (b->db && !o->prune_all && store_replaced(b)) {
        note_error(&r, "the store has no users but models/ holds pair models (a replaced or emptied "
                       "database?): models and lists left alone; 'twitoff nightly --prune-all' removes them");
        t->failed = 1;
    } else if (b->db) {
        refresh_users(&r, o->no_fetch);
        train(&r);
        update_lists(&r);
    } else {
        t->failed = 1;   /* a reset job left no store (reported) */
    }
    finish(&r, run, t0);
    buf_free(&r.message);
    batch_finish(b);
    return t->failed ? BATCH_FAILED : BATCH_OK;
}
