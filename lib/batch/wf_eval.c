/* wf_eval.c - the eval workflow: every user's posts featurised once, every pair cross-validated
 * on the trainer's threads. */
#include "wf_eval.h"
#include "stale.h"
#include "train.h"
#include "trainset.h"
#include "users.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Copy the estimates of the n tasks into r. */
static void collect(EvalResult *r, const Pair *pairs, const TrainTask *t, int n)
{
    double sum = 0;
    r->n = n;
    r->pairs = xcalloc((size_t)n + 1, sizeof *r->pairs);
    r->counted = 0;
    for (int i = 0; i < n; i++) {
        r->pairs[i] = (EvalPair){xstrdup(pairs[i].a->handle), xstrdup(pairs[i].b->handle), t[i].model.accuracy};
        if (t[i].model.accuracy >= 0) {
            sum += t[i].model.accuracy;
            r->counted++;
        }
    }
    r->mean = r->counted ? sum / r->counted : -1;
}

int eval_run(Batch *b, int folds, EvalResult *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->folds = folds;
    if (batch_start(b, NULL, err, errlen) != BATCH_OK) return -1;
    TrainOptions o;
    train_options_load(&o);
    o.folds = folds;
    User *users;
    int nusers;
    Pair *pairs = NULL;
    int n = -1;
    if (db_users_list(b->db, &users, &nusers, err, errlen) == 0) {
        n = pairs_list(b->db, users, nusers, &o, &pairs, err, errlen);
        if (n < 0) users_free(users, nusers);
    }
    if (n < 0) {
        batch_finish(b);
        return -1;
    }
    PostSet *sets = xcalloc((size_t)nusers + 1, sizeof *sets);
    char perr[320];
    for (int i = 0; i < nusers; i++)
        if (postset_load(b->db, users[i].id, &sets[i], perr, sizeof perr) != 0) report(b->rep, REPORT_WARN, "%s", perr);
    TrainTask *t = xcalloc((size_t)n + 1, sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = (TrainTask){.a = &sets[pairs[i].a - users], .b = &sets[pairs[i].b - users],
                           .cv_runs = folds, .cv_only = 1};
    double t0 = now_mono();
    train_many(t, n, &o, train_threads());
    r->seconds = now_mono() - t0;
    collect(r, pairs, t, n);
    eval_shared(b, users, nusers, sets, o.min_posts, folds, &r->shared);
    for (int i = 0; i < nusers; i++) postset_free(&sets[i]);
    free(sets);
    for (int i = 0; i < n; i++) model_free(&t[i].model);
    free(t);
    pairs_free(pairs, n);
    users_free(users, nusers);
    batch_finish(b);
    return 0;
}

void eval_free(EvalResult *r)
{
    for (int i = 0; i < r->n; i++) {
        free(r->pairs[i].a);
        free(r->pairs[i].b);
    }
    free(r->pairs);
    r->pairs = NULL;
    r->n = 0;
}
