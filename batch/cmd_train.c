/* cmd_train.c - `twitoff train`: fit every stale pair (or one pair) and write its model file. */
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "lock.h"
#include "pair.h"
#include "progress.h"
#include "stale.h"
#include "sweep.h"
#include "train.h"
#include "trainset.h"
#include "files.h"
#include "util.h"

#include <dirent.h>
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
static const PostSet *cache_get(SetCache *c, sqlite3 *db, const User *users, int i)
{
    c->used[i] = ++c->clock;
    if (!c->sets[i].x) {
        char err[256];
        if (postset_load(db, users[i].id, &c->sets[i], err, sizeof err) != 0) {
            cli_warn("%s", err);
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

static int save_pair_row(sqlite3 *db, const Pair *p, const Model *m, const char *file, double secs)
{
    PairRow r = {.user_a = p->a->id, .user_b = p->b->id, .posts_a = m->posts_a, .posts_b = m->posts_b,
                 .fingerprint = p->fingerprint, .accuracy = m->accuracy, .n_features = m->n,
                 .model_file = file, .trained_at = m->trained_at, .train_seconds = secs};
    char err[256];
    if (db_pair_save(db, &r, err, sizeof err) == 0) return 0;
    cli_warn("%s", err);
    return -1;
}

/* Write a fitted pair's model file, then record the pair. */
static int finish_pair(sqlite3 *db, const Pair *p, TrainTask *t)
{
    Model *m = &t->model;
    if (t->rc != 0) {
        cli_warn("%s vs %s: %s", p->a->handle, p->b->handle, t->err);
        return -1;
    }
    m->handle_a = xstrdup(p->a->handle);
    m->handle_b = xstrdup(p->b->handle);
    m->trained_at = now_unix();
    char err[256];
    char *path = pair_model_path(p->a->handle, p->b->handle);
    char *file = pair_model_name(p->a->handle, p->b->handle);
    int rc = model_save(m, path, err, sizeof err);
    if (rc != 0) cli_warn("%s", err);
    else rc = save_pair_row(db, p, m, file, t->seconds);
    if (rc == 0 && cli_output.verbose)
        cli_info("trained %s vs %s: %u+%u posts, accuracy %.3f, %u weights, %.2fs", p->a->handle,
             p->b->handle, m->posts_a, m->posts_b, m->accuracy, m->n, t->seconds);
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

/* Delete pair model files ("A-B.model") that no pair row names (users deleted, or renamed pairs).
 * Other model files (iris.model of the iris page) are not pairs' and are left alone. */
static void remove_orphan_models(sqlite3 *db)
{
    char *dir = home_path("models");
    DIR *d = opendir(dir);
    struct dirent *e;
    char err[256];
    while (d && (e = readdir(d))) {
        if (!pair_model_file(e->d_name)) continue;
        if (db_pair_file_known(db, e->d_name, err, sizeof err) != 0) continue;   /* named, or unsure */
        Buf p;
        buf_init(&p);
        buf_printf(&p, "%s/%s", dir, e->d_name);
        unlink(p.data);
        buf_free(&p);
    }
    if (d) closedir(d);
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

int train_pairs(sqlite3 *db, const char *a, const char *b, int force, int *trained)
{
    TrainOptions o;
    train_options_load(&o);
    User *users;
    int nusers;
    char err[320];
    if (db_users_list(db, &users, &nusers, err, sizeof err) != 0) {
        cli_warn("%s", err);
        return -1;
    }
    Pair *pairs;
    int n = pairs_list(db, users, nusers, &o, &pairs, err, sizeof err);
    if (n < 0) {
        cli_warn("%s", err);
        users_free(users, nusers);
        return -1;
    }
    char *models = home_path("models");
    mkdir_p(models, 0755);
    free(models);
    int todo = select_pairs(pairs, n, a, b, force), done = 0, failed = 0;
    if (a && todo == 0) {
        cli_warn("no pair %s vs %s (unknown user, same user, or fewer than %d posts)", a, b, o.min_posts);
        failed = 1;
    }
    SetCache cache;
    cache_init(&cache, nusers);
    double t0 = now_mono();
    /* A wave holds at least one pair per thread, and more (up to 4 per thread) while the
     * featurised posts it pins fit in the cache budget. */
    int threads = train_threads(), wave = threads * 4;
    TrainTask *tasks = xcalloc((size_t)wave, sizeof *tasks);
    int *which = xcalloc((size_t)wave, sizeof *which);
    if (todo) report_progress(cli_reporter(), PROGRESS_START, "train", todo);
    for (int i = 0; i < n;) {
        int nt = 0;
        for (; i < n && nt < wave && (nt < threads || cache.total <= cache.budget); i++) {
            if (!pairs[i].stale) continue;
            int ia = user_index(users, nusers, pairs[i].a), ib = user_index(users, nusers, pairs[i].b);
            const PostSet *sa = cache_get(&cache, db, users, ia), *sb = cache_get(&cache, db, users, ib);
            memset(&tasks[nt], 0, sizeof tasks[nt]);
            tasks[nt] = (TrainTask){.a = sa, .b = sb, .cv_runs = 1};
            if (!sa || !sb) {
                tasks[nt].rc = -1;
                snprintf(tasks[nt].err, sizeof tasks[nt].err, "cannot read posts");
            }
            which[nt++] = i;
        }
        train_many(tasks, nt, &o, threads);
        for (int k = 0; k < nt; k++) {
            Pair *p = &pairs[which[k]];
            if (finish_pair(db, p, &tasks[k]) == 0) done++;
            else failed++;
            report_progress(cli_reporter(), PROGRESS_STEP, NULL, 1);
            model_free(&tasks[k].model);
            cache_unpin(&cache, user_index(users, nusers, p->a));
            cache_unpin(&cache, user_index(users, nusers, p->b));
        }
    }
    free(tasks);
    free(which);
    if (todo) report_progress(cli_reporter(), PROGRESS_DONE, NULL, 0);
    if (!a) remove_orphan_models(db);
    cli_info("train: %d of %d pairs trained (%d fresh) in %.2fs%s", done, todo, n - todo,
         now_mono() - t0, failed ? ", some failed" : "");
    cache_free(&cache);
    pairs_free(pairs, n);
    users_free(users, nusers);
    if (trained) *trained = done;
    return failed ? -1 : 0;
}

int cmd_train(int argc, char **argv)
{
    int force = 0;
    const char *names[2] = {NULL, NULL};
    int nn = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--force") == 0) force = 1;
        else if (argv[i][0] != '-' && nn < 2) names[nn++] = argv[i];
        else return usage_error("train");
    }
    if (nn == 1) return usage_error("train");
    char lockerr[1024];
    int busy = batch_lock("train", lockerr, sizeof lockerr);
    if (busy) return cli_outcome(busy > 0 ? EXIT_BUSY : EXIT_FAIL, lockerr);
    sweep_temp_files();
    sqlite3 *db = open_db_or_die();
    char err[256];
    int64_t run = db_run_start(db, "train", err, sizeof err);
    if (run < 0) cli_warn("%s", err);
    int trained = 0;
    int rc = train_pairs(db, names[0], names[1], force, &trained);
    if (db_run_finish(db, run, rc == 0 ? "ok" : "failed", 0, 0, trained, rc != 0, NULL, err, sizeof err) != 0)
        cli_warn("%s", err);
    db_close(db);
    batch_unlock();
    return rc == 0 ? EXIT_OK : EXIT_FAIL;
}
