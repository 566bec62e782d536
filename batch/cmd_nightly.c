/* cmd_nightly.c - `twitoff nightly`: queued jobs, refresh remote users, retrain stale pairs,
 * rewrite the lists when something changed, all under the batch lock and recorded in runs. */
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "lock.h"
#include "sweep.h"
#include "files.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What one nightly run did, for the runs table and the closing line. */
typedef struct {
    int jobs;            /* queued jobs run */
    int users_fetched;   /* remote users refreshed without error */
    int posts_added;     /* posts stored by this run */
    int pairs_trained;   /* pairs retrained */
    int lists_written;   /* 1 when the lists were rewritten */
    int errors;          /* problems logged (unreachable source, failed pair, ...) */
    int failed;          /* 1 when a step that must work did not (training, lists) */
    Buf message;         /* the errors, "; "-separated, for the runs table */
} Nightly;

__attribute__((format(printf, 2, 3)))
static void note_error(Nightly *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = xvasprintf(fmt, ap);
    va_end(ap);
    cli_warn("nightly: %s", m);
    if (r->message.len < 2000) buf_printf(&r->message, "%s%s", r->message.len ? "; " : "", m);
    free(m);
    r->errors++;
}

/* Runs of lock-holding commands still marked running died without finishing (we hold the lock). */
static void close_interrupted_runs(sqlite3 *db)
{
    char err[256];
    if (db_runs_close_interrupted(db, err, sizeof err) != 0) cli_warn("%s", err);
}

/* Forget finished runs and jobs older than history_days (twitoff.conf, default 90): `work`
 * records a run every 5 minutes, and the tables must not grow without bound. */
static void prune_history(sqlite3 *db)
{
    long days = conf_get_long("history_days", 90);
    if (days <= 0) return;
    int64_t cutoff = now_unix() - (int64_t)days * 86400;
    char err[256];
    if (db_runs_prune(db, cutoff, err, sizeof err) != 0) cli_warn("%s", err);
    if (db_jobs_prune(db, cutoff, err, sizeof err) != 0) cli_warn("%s", err);
}

/* Step 1: the jobs the admin page queued (a reset job replaces *db and the run row with it). */
static void run_jobs(sqlite3 **db, int64_t *run, Nightly *r)
{
    WorkTotals w = {0};
    Batch b = {.db = *db, .rep = cli_reporter()};
    int rc = jobs_work(&b, &w);
    *db = b.db;
    if (!*db) exit(EXIT_FAIL);
    char err[256];
    if (w.reset && (*run = db_run_start(*db, "nightly", err, sizeof err)) < 0) cli_warn("%s", err);
    r->jobs = w.jobs;
    r->users_fetched += w.users;
    r->posts_added += w.posts;
    r->pairs_trained += w.pairs;
    if (w.failed) note_error(r, "%d of %d queued jobs failed (see twitoff status)", w.failed, w.jobs);
    else if (rc == EXIT_BUSY) note_error(r, "queued jobs stopped: rate limited");
}

/* Step 2: refresh every user that has a remote source (the least recently fetched first); an
 * unreachable source is logged and counted, never fatal; rate limiting stops the step. */
static void refresh_users(sqlite3 *db, Nightly *r, int no_fetch)
{
    int n;
    char **handles, err[256];
    if (db_remote_handles(db, NULL, 1, &handles, &n, err, sizeof err) != 0) note_error(r, "%s", err);
    if (n && no_fetch) cli_info("nightly: --no-fetch: %d remote users not refreshed", n);
    if (n && !no_fetch) {
        Buf report;
        buf_init(&report);
        FetchTotals t = {.report = &report};
        Batch b = {.db = db, .rep = cli_reporter()};
        int rc = fetch_handles(&b, NULL, handles, n, &t);
        r->users_fetched += t.users;
        r->posts_added += t.posts;
        if (t.errors)
            note_error(r, "fetch: %d of %d users not refreshed%s: %s", t.errors, n,
                       rc == EXIT_BUSY ? " (rate limited; the next run continues)" : "", buf_str(&report));
        buf_free(&report);
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

static void save_lists_state(uint64_t state)
{
    char *stamp = home_path("lists/.state");
    char line[32];
    int n = snprintf(line, sizeof line, "%016llx\n", (unsigned long long)state);
    if (write_file_atomic(stamp, line, (size_t)n, 0644) != 0) cli_warn("cannot write %s", stamp);
    free(stamp);
}

/* Step 4: the lists, only when what they show changed (or they are missing). */
static void update_lists(sqlite3 *db, Nightly *r)
{
    uint64_t state = 0;
    char err[256];
    if (db_lists_fingerprint(db, &state, err, sizeof err) != 0) note_error(r, "%s", err);
    else if (lists_current(state)) return;
    int changed = 0;
    Batch b = {.db = db, .rep = cli_reporter()};
    if (lists_write(&b, &changed) == 0) {
        save_lists_state(state);
        r->lists_written = changed;
    } else {
        note_error(r, "cannot write the lists");
        r->failed = 1;
    }
}

static void finish(sqlite3 *db, int64_t run, Nightly *r, double t0)
{
    const char *status = r->failed ? "failed" : "ok";
    char err[256];
    if (db_run_finish(db, run, status, r->users_fetched, r->posts_added, r->pairs_trained, r->errors,
                      r->message.len ? r->message.data : NULL, err, sizeof err) != 0) cli_warn("%s", err);
    cli_info("nightly: %s in %.2fs: %d jobs, %d users refreshed, +%d posts, %d pairs trained, lists %s, "
         "%d errors", status, now_mono() - t0, r->jobs, r->users_fetched, r->posts_added,
         r->pairs_trained, r->lists_written ? "rewritten" : "unchanged", r->errors);
}

int cmd_nightly(int argc, char **argv)
{
    int no_fetch = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-fetch") == 0) no_fetch = 1;
        else return usage_error("nightly");
    }
    double t0 = now_mono();
    char lockerr[1024];
    int busy = batch_lock("nightly", lockerr, sizeof lockerr);
    if (busy) return cli_outcome(busy > 0 ? EXIT_BUSY : EXIT_FAIL, lockerr);
    sqlite3 *db = open_db_or_die();
    close_interrupted_runs(db);
    prune_history(db);
    int swept = sweep_temp_files();
    if (swept) cli_info("nightly: removed %d temporary files left by an interrupted run", swept);
    char err[256];
    int64_t run = db_run_start(db, "nightly", err, sizeof err);
    if (run < 0) cli_warn("%s", err);
    Nightly r = {0};
    buf_init(&r.message);
    run_jobs(&db, &run, &r);
    refresh_users(db, &r, no_fetch);
    Batch bt = {.db = db, .rep = cli_reporter()};
    TrainRequest tr = {0};
    TrainTotals tt = {0};
    if (train_pairs(&bt, &tr, &tt) != 0) {
        note_error(&r, "some pairs failed to train");
        r.failed = 1;
    }
    r.pairs_trained += tt.trained;
    update_lists(db, &r);
    finish(db, run, &r, t0);
    buf_free(&r.message);
    db_close(db);
    batch_unlock();
    return r.failed ? EXIT_FAIL : EXIT_OK;
}
