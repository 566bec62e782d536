/* wf_shared.c - the shared model workflow: staleness by fingerprint, every qualifying account's
 * posts featurised, a held-out fit for the accuracy, then the fit on everything. */
#include "wf_shared.h"
#include "config.h"
#include "files.h"
#include "shared_model.h"
#include "shared_pairs.h"
#include "softmax.h"
#include "train.h"
#include "trainset.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

uint64_t shared_fingerprint(const User *users, int n, int min_posts)
{
    SoftmaxOptions so;
    softmax_options_load(&so);
    Buf f, a;
    buf_init(&f);
    buf_init(&a);
    buf_printf(&f, "shared f%d.%d:C%g:i%d:w%d:m%d:M%ld:nb%g/%g", FEATURE_VERSION, FEATURE_BITS, so.C, so.iterations,
               so.max_weights, min_posts, so.memory_mb, so.nb_power, so.nb_alpha);
    for (int i = 0; i < n; i++)
        if (users[i].post_count >= min_posts)
            buf_printf(&a, "|%lld@%lld:%s", (long long)users[i].id, (long long)users[i].revision, users[i].handle);
    uint64_t h = fnv1a64(FNV64_INIT, buf_str(&f), f.len) << 32 | (fnv1a64(FNV64_INIT, buf_str(&a), a.len) & 0xffffffffu);
    buf_free(&f);
    buf_free(&a);
    return h;
}

static int qualifying(const User *users, int n, int min_posts)
{
    int k = 0;
    for (int i = 0; i < n; i++) k += users[i].post_count >= min_posts;
    return k;
}

/* 1 when the file opens, all its weights pass their checks and it carries fingerprint fp. */
static int file_matches(uint64_t fp)
{
    char *path = shared_model_path(), err[200];
    SharedModel *sm;
    int ok = shared_model_open(path, &sm, err, sizeof err) == 0;
    if (ok) ok = shared_model_verify(sm, err, sizeof err) == 0 && shared_model_fingerprint(sm) == fp;
    shared_model_close(sm);
    free(path);
    return ok;
}

int shared_fresh(sqlite3 *db, int *accounts, char *err, size_t errlen)
{
    TrainOptions o;
    train_options_load(&o);
    User *users;
    int n;
    if (db_users_list(db, &users, &n, err, errlen) != 0) return -1;
    *accounts = qualifying(users, n, o.min_posts);
    int fresh;
    if (*accounts < 2) {
        char *path = shared_model_path();
        fresh = access(path, F_OK) != 0;
        free(path);
    } else {
        fresh = file_matches(shared_fingerprint(users, n, o.min_posts));
    }
    users_free(users, n);
    return fresh;
}

/* The qualifying accounts' featurised posts: sets[k] for users[pick[k]]. -1 when one cannot be read. */
static int load_sets(Batch *b, const User *users, const int *pick, int k, PostSet *sets)
{
    char err[320];
    for (int i = 0; i < k; i++)
        if (postset_load(b->db, users[pick[i]].id, &sets[i], err, sizeof err) != 0) {
            report(b->rep, REPORT_WARN, "shared model: %s", err);
            return -1;
        }
    return 0;
}

/* 1 when models/shared.model holds exactly the k accounts picked, with a held-out estimate, and
 * was trained with the settings of fingerprint fp (its high half): only their posts changed, and
 * its estimate is copied into acc. */
static int same_accounts(const User *users, const int *pick, int k, uint64_t fp, SharedAccuracy *acc)
{
    char *path = shared_model_path(), err[200];
    SharedModel *sm;
    int same = shared_model_open(path, &sm, err, sizeof err) == 0;
    free(path);
    if (!same) return 0;
    same = shared_model_count(sm) == k && shared_model_accuracy(sm)->top1[SHARED_PRIOR_EQUAL] >= 0 &&
           shared_model_fingerprint(sm) >> 32 == fp >> 32;
    for (int i = 0; same && i < k; i++) same = shared_model_find(sm, users[pick[i]].handle) >= 0;
    if (same) *acc = *shared_model_accuracy(sm);
    shared_model_close(sm);
    return same;
}

/* The users.id of the k accounts picked (caller frees). */
static int64_t *pick_ids(const User *users, const int *pick, int k)
{
    int64_t *ids = xmalloc(sizeof *ids * ((size_t)k + 1));
    for (int i = 0; i < k; i++) ids[i] = users[pick[i]].id;
    return ids;
}

/* The per-pair accuracies the store recorded for the k accounts into pairs (none on failure). */
static void recorded_pairs(Batch *b, const User *users, const int *pick, int k, SharedPairAccuracy *pairs)
{
    int64_t *ids = pick_ids(users, pick, k);
    for (int p = 0; p < 2; p++) pairs->pair[p] = xmalloc(sizeof(double) * ((size_t)k * (size_t)k + 1));
    char err[320];
    if (db_shared_pairs_load(b->db, ids, k, pairs->pair[0], pairs->pair[1], err, sizeof err) == 0) {
        pairs->n = k;
    } else {
        report(b->rep, REPORT_NOTICE, "shared model: its accuracy per pair is not carried over: %s", err);
        softmax_pairs_free(pairs);
    }
    free(ids);
}

/* The held-out estimate: measured (a fit on all posts but one fold of each account; pairs gets
 * each pair's accuracy) or, unless force, carried over from the model file when only the
 * accounts' posts changed (the same accounts and settings: fp), with the per-pair figures the
 * store recorded (returns 0: they stay in the store as measured). */
static int estimate(Batch *b, const User *users, const int *pick, int k, const PostSet *sets,
                    const SoftmaxOptions *so, uint64_t fp, int force, SharedAccuracy *acc, SharedPairAccuracy *pairs)
{
    memset(pairs, 0, sizeof *pairs);
    TrainOptions o;
    train_options_load(&o);
    char err[320];
    int folds = o.folds >= 2 ? o.folds : 5;
    if (!force && same_accounts(users, pick, k, fp, acc)) {
        report(b->rep, REPORT_VERBOSE, "shared model: held-out estimate kept (the same accounts)");
        recorded_pairs(b, users, pick, k, pairs);
        return 0;
    }
    if (softmax_holdout_pairs(sets, k, so, folds, acc, pairs, err, sizeof err) != 0)
        report(b->rep, REPORT_NOTICE, "shared model: no held-out estimate (%s)", err);
    return 1;
}

/* The weights of the picked accounts in models/shared.model, in pick order (an account it lacks:
 * none), to start the fit from; 0 when there is no usable file (start zeroed). */
static int previous_weights(const User *users, const int *pick, int k, SharedBuild *start)
{
    memset(start, 0, sizeof *start);
    char *path = shared_model_path(), err[200];
    SharedModel *sm;
    int ok = shared_model_open(path, &sm, err, sizeof err) == 0;
    free(path);
    if (!ok) return 0;
    start->acc = xcalloc((size_t)k + 1, sizeof *start->acc);
    start->n = k;
    int found = 0;
    for (int i = 0; i < k && ok; i++) {
        int j = shared_model_find(sm, users[pick[i]].handle);
        if (j >= 0) ok = shared_model_account(sm, j, &start->acc[i], err, sizeof err) == 0;
        found += j >= 0;
    }
    shared_model_close(sm);
    if (!ok || !found) shared_build_free(start);
    return ok && found;
}

/* Record the held-out accuracy of each pair of the k accounts (pairs->n == 0: none known). */
static void save_pairs(Batch *b, const User *users, const int *pick, int k, const SharedPairAccuracy *pairs)
{
    int64_t *ids = pick_ids(users, pick, k);
    char err[320];
    if (db_shared_pairs_save(b->db, ids, k, pairs->n == k ? pairs->pair[0] : NULL,
                             pairs->n == k ? pairs->pair[1] : NULL, err, sizeof err) != 0)
        report(b->rep, REPORT_WARN, "shared model: cannot record its accuracy per pair: %s", err);
    free(ids);
}

/* Fit (held-out estimate first, when every account has enough posts), name and save. */
static int fit_and_save(Batch *b, const User *users, const int *pick, int k, const PostSet *sets, uint64_t fp,
                        int force)
{
    SoftmaxOptions so;
    softmax_options_load(&so);
    so.seconds = conf_get_double("shared_budget", 60);
    if (!(so.seconds >= 0)) so.seconds = 60;
    SharedAccuracy acc = {{-1, -1}, {-1, -1}};
    char err[320];
    SharedPairAccuracy pairs;
    int measured = estimate(b, users, pick, k, sets, &so, fp, force, &acc, &pairs);
    SharedBuild m, start;
    int warm = !force && previous_weights(users, pick, k, &start);
    if (warm) report(b->rep, REPORT_VERBOSE, "shared model: fitted on from the previous model's weights");
    int rc = softmax_fit_from(sets, k, &so, warm ? &start : NULL, &m, err, sizeof err);
    if (warm) shared_build_free(&start);
    if (rc != 0) {
        report(b->rep, REPORT_WARN, "shared model: %s", err);
        softmax_pairs_free(&pairs);
        return -1;
    }
    for (int i = 0; i < k; i++) m.acc[i].name = xstrdup(users[pick[i]].handle);
    m.accuracy = acc;
    if (pairs.n == k) {   /* in the file too: a page answering from it alone needs no store */
        m.pair_acc[0] = pairs.pair[0];
        m.pair_acc[1] = pairs.pair[1];
    }
    m.trained_at = now_unix();
    m.fingerprint = fp;
    char *path = shared_model_path();
    rc = shared_model_save(&m, path, err, sizeof err);
    if (rc != 0) report(b->rep, REPORT_WARN, "shared model: %s", err);
    else if (measured) save_pairs(b, users, pick, k, &pairs);
    softmax_pairs_free(&pairs);
    free(path);
    shared_build_free(&m);
    return rc;
}

static int refit(Batch *b, const User *users, int n, int min_posts, uint64_t fp, int force)
{
    int *pick = xmalloc(sizeof *pick * ((size_t)n + 1)), k = 0;
    for (int i = 0; i < n; i++)
        if (users[i].post_count >= min_posts) pick[k++] = i;
    PostSet *sets = xcalloc((size_t)k + 1, sizeof *sets);
    double t0 = now_mono();
    report_progress(b->rep, PROGRESS_START, "shared model", 0);
    int rc = load_sets(b, users, pick, k, sets);
    if (rc == 0) rc = fit_and_save(b, users, pick, k, sets, fp, force);
    report_progress(b->rep, PROGRESS_DONE, NULL, 0);
    if (rc == 0) report(b->rep, REPORT_INFO, "shared model: %d accounts trained in %.2fs", k, now_mono() - t0);
    for (int i = 0; i < k; i++) postset_free(&sets[i]);
    free(sets);
    free(pick);
    return rc;
}

/* Fewer than 2 accounts qualify: no shared model. */
static void remove_shared(Batch *b)
{
    char *path = shared_model_path();
    if (unlink(path) == 0) report(b->rep, REPORT_INFO, "shared model: removed (fewer than 2 accounts)");
    else if (errno != ENOENT) report(b->rep, REPORT_WARN, "cannot remove %s: %s", path, strerror(errno));
    free(path);
}

int shared_train(Batch *b, int force, int *trained)
{
    if (trained) *trained = 0;
    TrainOptions o;
    train_options_load(&o);
    User *users;
    int n;
    char err[320];
    if (db_users_list(b->db, &users, &n, err, sizeof err) != 0) {
        report(b->rep, REPORT_WARN, "%s", err);
        return BATCH_FAILED;
    }
    uint64_t fp = shared_fingerprint(users, n, o.min_posts);
    int rc = 0;
    char *models = home_path("models");
    mkdir_p(models, 0755);
    free(models);
    if (qualifying(users, n, o.min_posts) < 2) remove_shared(b);
    else if (!force && file_matches(fp)) report(b->rep, REPORT_VERBOSE, "shared model: fresh");
    else if ((rc = refit(b, users, n, o.min_posts, fp, force)) == 0 && trained) *trained = 1;
    users_free(users, n);
    return rc == 0 ? BATCH_OK : BATCH_FAILED;
}

void shared_forget(Batch *b, const char *handle)
{
    char *path = shared_model_path(), err[320];
    if (shared_model_drop(path, handle, err, sizeof err) < 0) report(b->rep, REPORT_WARN, "%s", err);
    free(path);
}

int shared_status(sqlite3 *db, SharedStatus *st, char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    int qualify;
    st->fresh = shared_fresh(db, &qualify, err, errlen);
    if (st->fresh < 0) return -1;
    char *path = shared_model_path();
    SharedModel *sm;
    if (shared_model_open(path, &sm, st->why, sizeof st->why) == 0) {
        st->present = 1;
        st->accounts = shared_model_count(sm);
        st->trained_at = shared_model_trained_at(sm);
        st->top1 = shared_model_accuracy(sm)->top1[shared_model_prior(sm)];
        st->pair = shared_model_accuracy(sm)->pair[shared_model_prior(sm)];
        shared_model_close(sm);
    }
    free(path);
    return 0;
}
