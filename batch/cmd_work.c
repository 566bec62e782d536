/* cmd_work.c - `twitoff work`: run the queued jobs (fetch, seed, retrain, delete, reset) under a lock. */
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "pair.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* A job taken from the queue. */
typedef struct {
    int64_t id;      /* jobs.id */
    char *kind;      /* fetch | seed | retrain | delete | reset */
    char *arg;       /* handle, or NULL */
    char *source;    /* x | bluesky | mastodon, or NULL */
} Job;

/* What the jobs of one run did, for its runs row. */
typedef struct {
    int jobs, failed, users, posts, pairs;
    int reset;   /* the database was recreated (the run row must be made again) */
} WorkTotals;

int batch_lock(void)
{
    mkdir_p(twitoff_home(), 0755);
    char *path = home_path("batch.lock");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) warnx_("cannot open %s: %s", path, strerror(errno));
    else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        warnx_("another batch run holds %s; try again later", path);
        close(fd);
        fd = -1;
    }
    free(path);
    return fd;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    return v && *v ? xstrdup((const char *)v) : NULL;
}

static void job_clear(Job *j)
{
    free(j->kind);
    free(j->arg);
    free(j->source);
    memset(j, 0, sizeof *j);
}

/* Take the oldest queued job and mark it running. 1 taken, 0 none, -1 error. */
static int job_next(sqlite3 *db, Job *j)
{
    sqlite3_stmt *st = db_prepare(db,
        "UPDATE jobs SET status = 'running', started_at = strftime('%s','now'), message = NULL"
        " WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1)"
        " RETURNING id, kind, arg, source");
    if (!st) return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        j->id = sqlite3_column_int64(st, 0);
        j->kind = col_dup(st, 1);
        j->arg = col_dup(st, 2);
        j->source = col_dup(st, 3);
    } else if (rc != SQLITE_DONE) warnx_("database: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static void job_finish(sqlite3 *db, int64_t id, const char *status, const char *msg)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE jobs SET status = ?, message = ?,"
        " finished_at = CASE WHEN ?1 = 'queued' THEN NULL ELSE strftime('%s','now') END WHERE id = ?");
    if (!st) return;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, msg, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, id);
    if (sqlite3_step(st) != SQLITE_DONE) warnx_("database: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
}

/* Fetch jobs and seed jobs. */
static int job_fetch(sqlite3 *db, const Job *j, Buf *msg, WorkTotals *w)
{
    FetchTotals t = {.report = msg};
    char **list = NULL;
    int n;
    if (!strcmp(j->kind, "seed")) n = seed_list(&list);
    else {
        if (!j->arg) {
            buf_puts(msg, "no handle given");
            return EXIT_FAIL;
        }
        list = xmalloc(sizeof *list);
        list[0] = xstrdup(j->arg);
        n = 1;
    }
    int rc = fetch_handles(db, j->source, list, n, &t);
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
    int trained = 0;
    int rc = train_pairs(db, *a ? a : NULL, *b ? b : NULL, 0, &trained);
    w->pairs += trained;
    buf_printf(msg, "%d pairs trained%s", trained, rc ? ", some failed" : "");
    return rc ? EXIT_FAIL : EXIT_OK;
}

static void unlink_model(const char *file)
{
    Buf p;
    buf_init(&p);
    buf_printf(&p, "%s/models/%s", twitoff_home(), file);
    if (strchr(file, '/') == NULL && unlink(p.data) != 0 && errno != ENOENT)
        warnx_("cannot remove %s: %s", p.data, strerror(errno));
    buf_free(&p);
}

/* Remove every model file of the pairs of user u. */
static void remove_user_models(sqlite3 *db, const User *u)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT model_file FROM pairs WHERE user_a = ?1 OR user_b = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, u->id);
        while (sqlite3_step(st) == SQLITE_ROW)
            if (sqlite3_column_text(st, 0)) unlink_model((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    User *all;
    int n;
    if (db_users_list(db, &all, &n) != 0) return;
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
    int found = j->arg ? db_user_find(db, j->arg, &u) : 0;
    if (found <= 0) {
        buf_printf(msg, "no user %s", j->arg ? j->arg : "(none given)");
        return EXIT_FAIL;
    }
    remove_user_models(db, &u);
    int rc = db_user_delete(db, u.handle);
    buf_printf(msg, rc == 1 ? "deleted %s (%lld posts) and its models" : "could not delete %s",
               u.handle, (long long)u.post_count);
    user_clear(&u);
    return rc == 1 ? EXIT_OK : EXIT_FAIL;
}

/* Reset: the database is recreated, so the job is recorded again in the new one. */
static int job_reset(sqlite3 **db, Buf *msg)
{
    db_close(*db);
    char *argv[] = {"reset", "--yes", NULL};
    int rc = cmd_reset(2, argv);
    *db = open_db_or_die();
    buf_puts(msg, rc == EXIT_OK ? "database reset" : "reset failed");
    int64_t id = db_job_add(*db, "reset", NULL, NULL);
    if (id > 0) job_finish(*db, id, "running", NULL);
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
        sqlite3_stmt *st = db_prepare(*db, "SELECT max(id) FROM jobs");
        if (st && sqlite3_step(st) == SQLITE_ROW) j->id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return rc;
    }
    buf_printf(msg, "unknown job kind '%s'", k);
    return EXIT_FAIL;
}

/* Jobs left running by a worker that died are marked failed. */
static void fail_interrupted(sqlite3 *db)
{
    db_exec(db, "UPDATE jobs SET status = 'failed', finished_at = strftime('%s','now'),"
                " message = 'interrupted (the worker stopped); queue it again' WHERE status = 'running'");
}

/* Run jobs until the queue is empty or a fetch is rate limited. */
static int work_loop(sqlite3 **db, WorkTotals *w)
{
    Job j = {0};
    int rc, status = EXIT_OK;
    while ((rc = job_next(*db, &j)) == 1) {
        Buf msg;
        buf_init(&msg);
        info("work: job %lld: %s %s", (long long)j.id, j.kind ? j.kind : "?", j.arg ? j.arg : "");
        int r = job_run(db, &j, &msg, w);
        const char *st = r == EXIT_OK ? "done" : r == EXIT_BUSY ? "queued" : "failed";
        if (r == EXIT_BUSY) buf_puts(&msg, "; rate limited: retried on the next run");
        job_finish(*db, j.id, st, buf_str(&msg));
        info("work: job %lld %s: %s", (long long)j.id, st, buf_str(&msg));
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
    int lock = batch_lock();
    if (lock < 0) return EXIT_BUSY;
    sqlite3 *db = open_db_or_die();
    fail_interrupted(db);
    int64_t run = db_run_start(db, "work");
    WorkTotals w = {0};
    int rc = work_loop(&db, &w);
    if (w.reset) run = db_run_start(db, "work");
    Buf msg;
    buf_init(&msg);
    buf_printf(&msg, "%d jobs, %d failed", w.jobs, w.failed);
    if (run > 0 && db_run_finish(db, run, rc == EXIT_OK ? "ok" : "failed", w.users, w.posts, w.pairs,
                                 w.failed, msg.data) != 0) rc = EXIT_FAIL;
    info("work: %s", msg.data);
    buf_free(&msg);
    db_close(db);
    close(lock);
    return rc;
}
