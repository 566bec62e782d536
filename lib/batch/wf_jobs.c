/* wf_jobs.c - the jobs workflow: the queue the admin page fills, taken one job at a time; each
 * kind (fetch, seed, retrain, delete, reset) done by its workflow, its outcome recorded. */
#include "wf_jobs.h"
#include "config.h"
#include "db.h"
#include "jobs.h"
#include "pair.h"
#include "pairs.h"
#include "users.h"
#include "util.h"
#include "wf_fetch.h"
#include "wf_reset.h"
#include "wf_shared.h"
#include "wf_train.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Take the oldest queued job and mark it running. 1 taken, 0 none, -1 error (reported). */
static int job_next(Batch *b, Job *j)
{
    char err[256];
    int rc = db_job_next(b->db, j, err, sizeof err);
    if (rc < 0) report(b->rep, REPORT_WARN, "%s", err);
    return rc;
}

static void job_finish(Batch *b, int64_t id, const char *status, const char *msg)
{
    char err[256];
    if (db_job_finish(b->db, id, status, msg, err, sizeof err) != 0) report(b->rep, REPORT_WARN, "%s", err);
}

/* Fetch jobs and seed jobs. */
static int job_fetch(Batch *b, const Job *j, Buf *msg, WorkTotals *w)
{
    FetchTotals t = {.report = msg};
    char **list = NULL;
    int n;
    if (!strcmp(j->kind, "seed")) n = fetch_seed_list(&list);
    else {
        if (!j->arg) {
            buf_puts(msg, "no handle given");
            return BATCH_FAILED;
        }
        list = xmalloc(sizeof *list);
        list[0] = xstrdup(j->arg);
        n = 1;
    }
    int rc = fetch_handles(b, j->source, list, n, &t);
    strv_free(list, n);
    w->users += t.users;
    w->posts += t.posts;
    if (!msg->len) buf_printf(msg, "%d users, %d new posts", t.users, t.posts);
    return rc;
}

static int job_retrain(Batch *b, const Job *j, Buf *msg, WorkTotals *w)
{
    char ha[256] = "", hb[256] = "";
    if (j->arg && sscanf(j->arg, "%255s %255s", ha, hb) != 2) {
        buf_puts(msg, "retrain takes no argument or two handles");
        return BATCH_FAILED;
    }
    TrainRequest r = {*ha ? ha : NULL, *hb ? hb : NULL, 0};
    TrainTotals t = {0};
    int rc = train_pairs(b, &r, &t);
    w->pairs += t.trained;
    buf_printf(msg, "%d pairs trained%s", t.trained, rc ? ", some failed" : "");
    return rc ? BATCH_FAILED : BATCH_OK;
}

static void unlink_model(Batch *b, const char *file)
{
    Buf p;
    buf_init(&p);
    buf_printf(&p, "%s/models/%s", twitoff_home(), file);
    if (strchr(file, '/') == NULL && unlink(p.data) != 0 && errno != ENOENT)
        report(b->rep, REPORT_WARN, "cannot remove %s: %s", p.data, strerror(errno));
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
static void remove_user_models(Batch *b, const User *u)
{
    UserFiles uf = {u->id, NULL, 0};
    char err[256];
    if (db_pairs_each(b->db, collect_file, &uf, err, sizeof err) < 0) report(b->rep, REPORT_WARN, "%s", err);
    for (int i = 0; i < uf.n; i++) unlink_model(b, uf.files[i]);
    strv_free(uf.files, uf.n);
    User *all;
    int n;
    if (db_users_list(b->db, &all, &n, err, sizeof err) != 0) {
        report(b->rep, REPORT_WARN, "%s", err);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (all[i].id == u->id) continue;
        char *name = pair_model_name(u->handle, all[i].handle);
        unlink_model(b, name);
        free(name);
    }
    users_free(all, n);
}

static int job_delete(Batch *b, const Job *j, Buf *msg)
{
    User u;
    char err[256];
    int found = j->arg ? db_user_find(b->db, j->arg, &u, err, sizeof err) : 0;
    if (found < 0) {
        buf_puts(msg, err);
        return BATCH_FAILED;
    }
    if (found == 0) {
        buf_printf(msg, "no user %s", j->arg ? j->arg : "(none given)");
        return BATCH_FAILED;
    }
    remove_user_models(b, &u);
    shared_forget(b, u.handle);
    int rc = db_user_delete(b->db, u.handle, err, sizeof err);
    buf_printf(msg, rc == 1 ? "deleted %s (%lld posts) and its models" : "could not delete %s",
               u.handle, (long long)u.post_count);
    user_clear(&u);
    return rc == 1 ? BATCH_OK : BATCH_FAILED;
}

/* Reset: the database is recreated, so the job is recorded again in the new one (when there is
 * one: b->db NULL stops the queue). */
static int job_reset(Batch *b, Buf *msg)
{
    char err[1024];
    int rc = reset_store(b, err, sizeof err);
    if (rc != BATCH_OK) report(b->rep, REPORT_WARN, "%s", err);
    buf_puts(msg, rc == BATCH_OK ? "database reset" : "reset failed");
    if (!b->db) return BATCH_FAILED;
    int64_t id = db_job_add(b->db, "reset", NULL, NULL, err, sizeof err);
    if (id > 0) job_finish(b, id, "running", NULL);
    else report(b->rep, REPORT_WARN, "%s", err);
    return rc;
}

/* Run job j; returns its outcome and fills msg. b->db may be replaced (reset). */
static int job_run(Batch *b, Job *j, Buf *msg, WorkTotals *w)
{
    const char *k = j->kind ? j->kind : "";
    if (!strcmp(k, "fetch") || !strcmp(k, "seed")) return job_fetch(b, j, msg, w);
    if (!strcmp(k, "retrain")) return job_retrain(b, j, msg, w);
    if (!strcmp(k, "delete")) return job_delete(b, j, msg);
    if (!strcmp(k, "reset")) {
        int rc = job_reset(b, msg);
        w->reset = 1;
        Job *last;
        int n;
        char err[256];
        if (b->db && db_jobs_recent(b->db, 1, &last, &n, err, sizeof err) == 0) {
            if (n == 1) j->id = last[0].id;
            jobs_free(last, n);
        }
        return rc;
    }
    buf_printf(msg, "unknown job kind '%s'", k);
    return BATCH_FAILED;
}

/* Jobs left running by a worker that died are marked failed. */
static void fail_interrupted(Batch *b)
{
    char err[256];
    if (db_jobs_fail_interrupted(b->db, err, sizeof err) != 0) report(b->rep, REPORT_WARN, "%s", err);
}

int jobs_work(Batch *b, WorkTotals *w)
{
    Job j = {0};
    int rc, status = BATCH_OK;
    fail_interrupted(b);
    while ((rc = job_next(b, &j)) == 1) {
        Buf msg;
        buf_init(&msg);
        report(b->rep, REPORT_INFO, "work: job %lld: %s %s", (long long)j.id, j.kind ? j.kind : "?",
               j.arg ? j.arg : "");
        int r = job_run(b, &j, &msg, w);
        const char *st = r == BATCH_OK ? "done" : r == BATCH_BUSY ? "queued" : "failed";
        if (r == BATCH_BUSY) buf_puts(&msg, "; rate limited: retried on the next run");
        if (b->db) job_finish(b, j.id, st, buf_str(&msg));
        report(b->rep, REPORT_INFO, "work: job %lld %s: %s", (long long)j.id, st, buf_str(&msg));
        w->jobs++;
        if (r != BATCH_OK) w->failed++, status = BATCH_FAILED;
        buf_free(&msg);
        job_clear(&j);
        if (r == BATCH_BUSY) return BATCH_BUSY;
        if (!b->db) return BATCH_FAILED;   /* a reset left no store */
    }
    return rc < 0 ? BATCH_FAILED : status;
}

int jobs_run(Batch *b, WorkTotals *w, char *err, size_t errlen)
{
    int rc = batch_start(b, "work", err, errlen);
    if (rc != BATCH_OK) return rc;
    int64_t run = batch_run_start(b, "work");
    rc = jobs_work(b, w);
    if (w->reset && b->db) run = batch_run_start(b, "work");
    char msg[64];
    snprintf(msg, sizeof msg, "%d jobs, %d failed", w->jobs, w->failed);
    if (run > 0 && b->db && batch_run_finish(b, run, rc == BATCH_OK ? "ok" : "failed", w->users, w->posts,
                                             w->pairs, w->failed, msg) != 0)
        rc = BATCH_FAILED;
    report(b->rep, REPORT_INFO, "work: %s", msg);
    batch_finish(b);
    return rc;
}
