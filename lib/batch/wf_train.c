/* wf_train.c - the train workflow: the stale pairs fitted in waves over the trainer's threads,
 * with each user's featurised posts cached while memory allows; model files and pair rows. */
#include "wf_train.h"
#include "asked.h"
#include "asked_fold.h"
#include "budget.h"
#include "config.h"
#include "db.h"
#include "files.h"
#include "pair.h"
#include "pairs.h"
#include "reliability.h"
#include "stale.h"
#include "sweep.h"
#include "train.h"
#include "trainset.h"
#include "users.h"
#include "util.h"
#include "wf_shared.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Featurised posts per user, kept while memory allows (users are paired many times). */
typedef struct {
    PostSet *sets;     /* per user index; .x == NULL when not loaded */
    int64_t *used;     /* last use, for eviction */
    size_t *bytes;     /* memory of each loaded set */
    int *pins;         /* > 0 while a set is in use by a training wave */
    size_t total;      /* bytes loaded */
    size_t budget;     /* bytes allowed */
    int64_t clock;     /* use counter */
    int n;             /* users */
} SetCache;

static size_t postset_bytes(const PostSet *ps)
{
    size_t b = sizeof *ps->x * (size_t)ps->n;
    for (int i = 0; i < ps->n; i++) b += sizeof(Feat) * (size_t)ps->x[i].cap;
    return b;
}

static void cache_evict(SetCache *c)
{
    while (c->total > c->budget) {
        int victim = -1;
        for (int i = 0; i < c->n; i++)
            if (c->sets[i].x && !c->pins[i] && (victim < 0 || c->used[i] < c->used[victim])) victim = i;
        if (victim < 0) return;
        c->total -= c->bytes[victim];
        postset_free(&c->sets[victim]);
    }
}

/* The featurised posts of users[i], loaded when needed and pinned until cache_unpin. */
static const PostSet *cache_get(SetCache *c, Batch *b, const User *users, int i)
{
    c->used[i] = ++c->clock;
    if (!c->sets[i].x) {
        char err[256];
        if (postset_load(b->db, users[i].id, &c->sets[i], err, sizeof err) != 0) {
            report(b->rep, REPORT_WARN, "%s", err);
            return NULL;
        }
        c->bytes[i] = postset_bytes(&c->sets[i]);
        c->total += c->bytes[i];
    }
    c->pins[i]++;
    return &c->sets[i];
}

static void cache_unpin(SetCache *c, int i)
{
    if (c->pins[i] > 0) c->pins[i]--;
    cache_evict(c);
}

static void cache_init(SetCache *c, int n)
{
    c->n = n;
    c->sets = xcalloc((size_t)n + 1, sizeof *c->sets);
    c->used = xcalloc((size_t)n + 1, sizeof *c->used);
    c->bytes = xcalloc((size_t)n + 1, sizeof *c->bytes);
    c->pins = xcalloc((size_t)n + 1, sizeof *c->pins);
    c->total = 0;
    c->clock = 0;
    c->budget = (size_t)conf_get_long("train_cache_mb", 32) << 20;
}

static void cache_free(SetCache *c)
{
    for (int i = 0; i < c->n; i++) postset_free(&c->sets[i]);
    free(c->sets);
    free(c->used);
    free(c->bytes);
    free(c->pins);
}

static int save_pair_row(Batch *b, const Pair *p, const Model *m, const char *file, double secs)
{
    PairRow r = {.user_a = p->a->id, .user_b = p->b->id, .posts_a = m->posts_a, .posts_b = m->posts_b,
                 .fingerprint = p->fingerprint, .accuracy = m->accuracy, .n_features = m->n,
                 .model_file = file, .trained_at = m->trained_at, .train_seconds = secs};
    char err[256];
    if (db_pair_save(b->db, &r, err, sizeof err) == 0) return 0;
    report(b->rep, REPORT_WARN, "%s", err);
    return -1;
}

/* Write a fitted pair's model file, then record the pair. */
static int finish_pair(Batch *b, const Pair *p, TrainTask *t)
{
    Model *m = &t->model;
    if (t->rc != 0) {
        report(b->rep, REPORT_WARN, "%s vs %s: %s", p->a->handle, p->b->handle, t->err);
        return -1;
    }
    m->handle_a = xstrdup(p->a->handle);
    m->handle_b = xstrdup(p->b->handle);
    m->trained_at = now_unix();
    char err[256];
    char *path = pair_model_path(p->a->handle, p->b->handle);
    char *file = pair_model_name(p->a->handle, p->b->handle);
    int rc = model_save(m, path, err, sizeof err);
    if (rc != 0) report(b->rep, REPORT_WARN, "%s", err);
    else rc = save_pair_row(b, p, m, file, t->seconds);
    if (rc == 0 && db_pair_reliability_save(b->db, p->a->id, p->b->id, &t->held_bal, err, sizeof err) != 0)
        report(b->rep, REPORT_WARN, "%s", err);   /* the model stands; only the diagram misses it */
    if (rc == 0)
        report(b->rep, REPORT_VERBOSE, "trained %s vs %s: %u+%u posts, accuracy %.3f, %u weights, %s, %.2fs",
               p->a->handle, p->b->handle, m->posts_a, m->posts_b, m->accuracy, m->n,
               m->calibrated ? "calibrated" : "uncalibrated", t->seconds);
    free(path);
    free(file);
    return rc;
}

static int user_index(const User *users, int n, const User *u)
{
    for (int i = 0; i < n; i++)
        if (&users[i] == u) return i;
    return -1;
}

/* A pair model file ("A-B.model") that no pair row names (users deleted, or renamed pairs); other
 * model files (iris.model of the iris page) are not pairs' and are left alone. */
static int orphan_model(void *ctx, const char *name)
{
    char err[256];
    return pair_model_file(name) && db_pair_file_known(ctx, name, err, sizeof err) == 0;   /* named, or unsure: kept */
}

static void remove_orphan_models(sqlite3 *db)
{
    char *dir = home_path("models");
    dir_remove_if(dir, orphan_model, db);
    free(dir);
}

/* Select pairs: all stale (force: all), or the one named pair. Returns how many selected. */
static int select_pairs(Pair *pairs, int n, const char *a, const char *b, int force)
{
    int sel = 0;
    for (int i = 0; i < n; i++) {
        if (a) {
            int match = (!strcasecmp(pairs[i].a->handle, a) && !strcasecmp(pairs[i].b->handle, b)) ||
                        (!strcasecmp(pairs[i].a->handle, b) && !strcasecmp(pairs[i].b->handle, a));
            pairs[i].stale = match;
        } else if (force) {
            pairs[i].stale = 1;
        }
        sel += pairs[i].stale;
    }
    return sel;
}

/* The requests the predict page recorded (queue/asked), into the store before planning. */
static void fold_asked(Batch *b, const User *users, int nusers)
{
    AskedFold f;
    char err[320];
    if (asked_fold(b->db, users, nusers, &f, err, sizeof err) != 0) report(b->rep, REPORT_WARN, "%s", err);
    if (f.lines)
        report(b->rep, REPORT_VERBOSE, "asked: %d requests read, %d ignored, %d pairs recorded", f.lines,
               f.ignored, f.pairs);
}

/* Remove the model files and rows of the pairs the plan drops (beyond max_pair_models). */
static void drop_models(Batch *b, const Pair *pairs, const BudgetPlan *plan)
{
    for (int k = 0; k < plan->n_drop; k++) {
        const Pair *p = &pairs[plan->drop[k]];
        char err[256], *path = pair_model_path(p->a->handle, p->b->handle);
        if (db_pair_delete(b->db, p->a->id, p->b->id, err, sizeof err) != 0) report(b->rep, REPORT_WARN, "%s", err);
        else if (unlink(path) != 0 && errno != ENOENT) report(b->rep, REPORT_WARN, "cannot remove %s: %s", path, strerror(errno));
        free(path);
    }
    if (plan->n_drop)
        report(b->rep, REPORT_INFO, "train: %d pair models removed (max_pair_models)", plan->n_drop);
}

/* The work of one run: which pairs to train, in order, and until when. */
typedef struct {
    int *list;        /* indices into the pairs, in training order */
    int n;
    double seconds;   /* no wave starts after this many seconds (0: no limit) */
    int over;         /* pairs left without a model by max_pair_models */
} Work;

/* The named pair: that pair, without a budget. Otherwise (--force too) the budget's plan
 * (budget.h), with the models beyond max_pair_models removed. 0 or -1. */
static int plan_work(Batch *b, const TrainRequest *r, Pair *pairs, int n, Work *w)
{
    memset(w, 0, sizeof *w);
    if (r->a) {
        w->list = xmalloc(sizeof *w->list * ((size_t)n + 1));
        for (int i = 0; i < n; i++)
            if (pairs[i].stale) w->list[w->n++] = i;
        return 0;
    }
    Budget bud;
    budget_load(&bud);
    BudgetPlan plan;
    char err[320];
    if (budget_plan(b->db, pairs, n, &bud, &plan, err, sizeof err) != 0) {
        report(b->rep, REPORT_WARN, "%s", err);
        return -1;
    }
    drop_models(b, pairs, &plan);
    w->list = plan.order;
    w->n = plan.n_order;
    w->seconds = bud.seconds;
    w->over = plan.over;
    plan.order = NULL;
    budget_plan_free(&plan);
    return 0;
}

/* Train w's pairs in waves over the trainer's threads until its time is up. Returns how many
 * pairs were attempted; adds to *done and *failed. */
static int train_work(Batch *b, User *users, int nusers, Pair *pairs, const Work *w, const TrainOptions *o,
                      int *done, int *failed)
{
    SetCache cache;
    cache_init(&cache, nusers);
    double t0 = now_mono();
    /* A wave holds at least one pair per thread, and more (up to 4 per thread) while the
     * featurised posts it pins fit in the cache budget. */
    int threads = train_threads(), wave = threads * 4, k = 0;
    TrainTask *tasks = xcalloc((size_t)wave, sizeof *tasks);
    int *which = xcalloc((size_t)wave, sizeof *which);
    while (k < w->n && !(w->seconds > 0 && now_mono() - t0 >= w->seconds)) {
        int nt = 0;
        for (; k < w->n && nt < wave && (nt < threads || cache.total <= cache.budget); k++) {
            Pair *p = &pairs[w->list[k]];
            int ia = user_index(users, nusers, p->a), ib = user_index(users, nusers, p->b);
            const PostSet *sa = cache_get(&cache, b, users, ia), *sb = cache_get(&cache, b, users, ib);
            tasks[nt] = (TrainTask){.a = sa, .b = sb, .cv_runs = 1};
            if (!sa || !sb) {
                tasks[nt].rc = -1;
                snprintf(tasks[nt].err, sizeof tasks[nt].err, "cannot read posts");
            }
            which[nt++] = w->list[k];
        }
        train_many(tasks, nt, o, threads);
        for (int t = 0; t < nt; t++) {
            Pair *p = &pairs[which[t]];
            if (finish_pair(b, p, &tasks[t]) == 0) (*done)++;
            else (*failed)++;
            report_progress(b->rep, PROGRESS_STEP, NULL, 1);
            model_free(&tasks[t].model);
            cache_unpin(&cache, user_index(users, nusers, p->a));
            cache_unpin(&cache, user_index(users, nusers, p->b));
        }
    }
    free(tasks);
    free(which);
    cache_free(&cache);
    return k;
}

/* What the budget left: reported, and recorded for `status`. */
static int record_left(Batch *b, const Work *w, int attempted)
{
    int timed = w->n - attempted, left = timed + w->over;
    char err[256];
    const char *why = timed ? "time" : w->over ? "max_pair_models" : NULL;
    if (db_budget_left_set(b->db, left, why, err, sizeof err) != 0) report(b->rep, REPORT_WARN, "%s", err);
    if (timed)
        report(b->rep, REPORT_INFO, "train: train_budget (%.0fs) reached: %d stale pairs left for the next run",
               w->seconds, timed);
    if (w->over)
        report(b->rep, REPORT_INFO, "train: %d pairs have no model of their own (max_pair_models)", w->over);
    return left;
}

int train_pairs(Batch *b, const TrainRequest *r, TrainTotals *tot)
{
    sqlite3 *db = b->db;
    /* The shared model first: it answers every pair at once, the pair models only refine. */
    int shared_rc = r->a ? BATCH_OK : shared_train(b, r->force, NULL);
    TrainOptions o;
    train_options_load(&o);
    User *users;
    int nusers;
    char err[320];
    if (db_users_list(db, &users, &nusers, err, sizeof err) != 0) {
        report(b->rep, REPORT_WARN, "%s", err);
        return BATCH_FAILED;
    }
    if (!r->a) fold_asked(b, users, nusers);
    Pair *pairs;
    int n = pairs_list(db, users, nusers, &o, &pairs, err, sizeof err);
    if (n < 0) {
        report(b->rep, REPORT_WARN, "%s", err);
        users_free(users, nusers);
        return BATCH_FAILED;
    }
    char *models = home_path("models");
    mkdir_p(models, 0755);
    free(models);
    int stale = select_pairs(pairs, n, r->a, r->b, r->force), done = 0, failed = 0;
    if (r->a && stale == 0) {
        report(b->rep, REPORT_WARN, "no pair %s vs %s (unknown user, same user, or fewer than %d posts)",
               r->a, r->b, o.min_posts);
        failed = 1;
    }
    Work w;
    double t0 = now_mono();
    if (plan_work(b, r, pairs, n, &w) != 0) failed++;
    if (w.n) report_progress(b->rep, PROGRESS_START, "train", w.n);
    int attempted = train_work(b, users, nusers, pairs, &w, &o, &done, &failed);
    if (w.n) report_progress(b->rep, PROGRESS_DONE, NULL, 0);
    if (!r->a) remove_orphan_models(db);
    report(b->rep, REPORT_INFO, "train: %d of %d pairs trained (%d fresh) in %.2fs%s", done, w.n, n - stale,
           now_mono() - t0, failed ? ", some failed" : "");
    if (!r->a) tot->left += record_left(b, &w, attempted);
    free(w.list);
    pairs_free(pairs, n);
    users_free(users, nusers);
    tot->trained += done;
    tot->selected += w.n;
    tot->fresh += n - stale;
    tot->failed += failed;
    return failed || shared_rc != BATCH_OK ? BATCH_FAILED : BATCH_OK;
}

int train_run(Batch *b, const TrainRequest *r, TrainTotals *t, char *err, size_t errlen)
{
    int rc = batch_start(b, "train", err, errlen);
    if (rc != BATCH_OK) return rc;
    sweep_temp_files();
    int64_t run = batch_run_start(b, "train");
    int before = t->trained;
    rc = train_pairs(b, r, t);
    batch_run_finish(b, run, rc == BATCH_OK ? "ok" : "failed", 0, 0, t->trained - before, rc != BATCH_OK, NULL);
    batch_finish(b);
    return rc;
}
