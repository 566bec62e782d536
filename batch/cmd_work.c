/* cmd_work.c - `twitoff work`: run the queued jobs (fetch, seed, retrain, delete, reset) under a lock. */
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "lock.h"
#include "pair.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* Take the oldest queued job and mark it running. 1 taken, 0 none, -1 error (printed). */
static int job_next(sqlite3 *db, Job *j)
{
    char err[256];
    int rc = db_job_next(db, j, err, sizeof err);
    if (rc < 0) cli_warn("%s", err);
    return rc;
}

static void job_finish(sqlite3 *db, int64_t id, const char *status, const char *msg)
{
    char err[256];
    if (db_job_finish(db, id, status, msg, err, sizeof err) != 0) cli_warn("%s", err);
}

/* Fetch jobs and seed jobs. */
static int job_fetch(sqlite3 *db, const Job *j, Buf *msg, WorkTotals *w)
{
    Batch b = {.db = db, .rep = cli_reporter()};
    FetchTotals t = {.report = msg};
    char **list = NULL;
    int n;
    if (!strcmp(j->kind, "seed")) n = fetch_seed_list(&list);
    else {
        if (!j->arg) {
            buf_puts(msg, "no handle given");
            return EXIT_FAIL;
        }
        list = xmalloc(sizeof *list);
        list[0] = xstrdup(j->arg);
        n = 1;
    }
    int rc = fetch_handles(&b, j->source, list, n, &t);
    strv_free(list, n);
    w->users += t.users;
    w->posts += t.posts;
    if (!msg->len) buf_printf(msg, "%d users, %d new posts", t.users, t.posts);
    return rc;
}

static int job_retrain(sqlite3 *db, const Job *j, Buf *msg, WorkTotals *w)
{
    char a[256] = "", b[256] = "";
    if (j->arg && sscanf(j->arg, "%255s %255s", a, b) != 2) {
        buf_puts(msg, "retrain takes no argument or two handles");
        return EXIT_FAIL;
    }
    Batch bt = {.db = db, .rep = cli_reporter()};
    TrainRequest r = {*a ? a : NULL, *b ? b : NULL, 0};
    TrainTotals t = {0};
    int rc = train_pairs(&bt, &r, &t);
    w->pairs += t.trained;
    buf_printf(msg, "%d pairs trained%s", t.trained, rc ? ", some failed" : "");
    return rc ? EXIT_FAIL : EXIT_OK;
}

static void unlink_model(const char *file)
{
    Buf p;
    buf_init(&p);
    buf_printf(&p, "%s/models/%s", twitoff_home(), file);
    if (strchr(file, '/') == NULL && unlink(p.data) != 0 && errno != ENOENT)
        cli_warn("cannot remove %s: %s", p.data, strerror(errno));
    buf_free(&p);
}

/* The model files the store names for pairs of user_id. */
typedef struct {
    int64_t user_id;
    char **files;
    int n;
} UserFiles;

static void collect_file(void *ctx, const PairRow *r)
{
    UserFiles *u = ctx;
    if (r->user_a != u->user_id && r->user_b != u->user_id) return;
    u->files = xrealloc(u->files, sizeof *u->files * (size_t)(u->n + 1));
    u->files[u->n++] = xstrdup(r->model_file);
}

/* Remove every model file of the pairs of user u. */
static void remove_user_models(sqlite3 *db, const User *u)
{
    UserFiles uf = {u->id, NULL, 0};
    char err[256];
    if (db_pairs_each(db, collect_file, &uf, err, sizeof err) < 0) cli_warn("%s", err);
    for (int i = 0; i < uf.n; i++) unlink_model(uf.files[i]);
    strv_free(uf.files, uf.n);
    User *all;
    int n;
    if (db_users_list(db, &all, &n, err, sizeof err) != 0) {
        cli_warn("%s", err);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (all[i].id == u->id) continue;
        char *name = pair_model_name(u->handle, all[i].handle);
        unlink_model(name);
        free(name);
    }
    users_free(all, n);
}

static int job_delete(sqlite3 *db, const Job *j, Buf *msg)
{
    User u;
    char err[256];
    int found = j->arg ? db_user_find(db, j->arg, &u, err, sizeof err) : 0;
    if (found < 0) {
        buf_puts(msg, err);
        return EXIT_FAIL;
    }
    if (found == 0) {
        buf_printf(msg, "no user %s", j->arg ? j->arg : "(none given)");
        return EXIT_FAIL;
    }
    remove_user_models(db, &u);
    int rc = db_user_delete(db, u.handle, err, sizeof err);
    buf_printf(msg, rc == 1 ? "deleted %s (%lld posts) and its models" : "could not delete %s",
               u.handle, (long long)u.post_count);
    user_clear(&u);
    return rc == 1 ? EXIT_OK : EXIT_FAIL;
}

/* Reset: the database is recreated, so the job is recorded again in the new one. */
static int job_reset(sqlite3 **db, Buf *msg)
{
    Batch b = {.db = *db, .rep = cli_reporter()};
    char err[1024];
    int rc = reset_store(&b, err, sizeof err);
    if (rc != BATCH_OK) cli_warn("%s", err);
    *db = b.db;
    if (!*db) exit(EXIT_FAIL);
    buf_puts(msg, rc == EXIT_OK ? "database reset" : "reset failed");
    int64_t id = db_job_add(*db, "reset", NULL, NULL, err, sizeof err);
    if (id > 0) job_finish(*db, id, "running", NULL);
    else cli_warn("%s", err);
    return rc;
}

/* Run job j; returns an exit status and fills msg. *db may be replaced (reset). */
static int job_run(sqlite3 **db, Job *j, Buf *msg, WorkTotals *w)
{
    const char *k = j->kind ? j->kind : "";
    if (!strcmp(k, "fetch") || !strcmp(k, "seed")) return job_fetch(*db, j, msg, w);
    if (!strcmp(k, "retrain")) return job_retrain(*db, j, msg, w);
    if (!strcmp(k, "delete")) return job_delete(*db, j, msg);
    if (!strcmp(k, "reset")) {
        int rc = job_reset(db, msg);
        w->reset = 1;
        Job *last;
        int n;
        char err[256];
        if (db_jobs_recent(*db, 1, &last, &n, err, sizeof err) == 0 && n == 1) j->id = last[0].id;
        if (n >= 0) jobs_free(last, n);
        return rc;
    }
    buf_printf(msg, "unknown job kind '%s'", k);
    return EXIT_FAIL;
}

/* Jobs left running by a worker that died are marked failed. */
static void fail_interrupted(sqlite3 *db)
{
    char err[256];
    if (db_jobs_fail_interrupted(db, err, sizeof err) != 0) cli_warn("%s", err);
}

int work_run(sqlite3 **db, WorkTotals *w)
{
    Job j = {0};
    int rc, status = EXIT_OK;
    fail_interrupted(*db);
    while ((rc = job_next(*db, &j)) == 1) {
        Buf msg;
        buf_init(&msg);
        cli_info("work: job %lld: %s %s", (long long)j.id, j.kind ? j.kind : "?", j.arg ? j.arg : "");
        int r = job_run(db, &j, &msg, w);
        const char *st = r == EXIT_OK ? "done" : r == EXIT_BUSY ? "queued" : "failed";
        if (r == EXIT_BUSY) buf_puts(&msg, "; rate limited: retried on the next run");
        job_finish(*db, j.id, st, buf_str(&msg));
        cli_info("work: job %lld %s: %s", (long long)j.id, st, buf_str(&msg));
        w->jobs++;
        if (r != EXIT_OK) w->failed++, status = EXIT_FAIL;
        buf_free(&msg);
        job_clear(&j);
        if (r == EXIT_BUSY) return EXIT_BUSY;
    }
    return rc < 0 ? EXIT_FAIL : status;
}

int cmd_work(int argc, char **argv)
{
    if (argc > 1) return usage_error("work");
    char lockerr[1024];
    int busy = batch_lock("work", lockerr, sizeof lockerr);
    if (busy) return cli_outcome(busy > 0 ? EXIT_BUSY : EXIT_FAIL, lockerr);
    sqlite3 *db = open_db_or_die();
    char err[256];
    int64_t run = db_run_start(db, "work", err, sizeof err);
    if (run < 0) cli_warn("%s", err);
    WorkTotals w = {0};
    int rc = work_run(&db, &w);
    if (w.reset && (run = db_run_start(db, "work", err, sizeof err)) < 0) cli_warn("%s", err);
    Buf msg;
    buf_init(&msg);
    buf_printf(&msg, "%d jobs, %d failed", w.jobs, w.failed);
    if (run > 0 && db_run_finish(db, run, rc == EXIT_OK ? "ok" : "failed", w.users, w.posts, w.pairs,
                                 w.failed, msg.data, err, sizeof err) != 0) {
        cli_warn("%s", err);
        rc = EXIT_FAIL;
    }
    cli_info("work: %s", msg.data);
    buf_free(&msg);
    db_close(db);
    batch_unlock();
    return rc;
}
