/* train.h - fitting pairwise logistic-regression models with liblinear, and estimating their
 * accuracy honestly. Linked by the batch and the tests, never by a CGI; it knows nothing of the store. */
#ifndef TWITOFF_TRAIN_H
#define TWITOFF_TRAIN_H

#include "features.h"
#include "model.h"

/* Training settings (twitoff.conf: train_c, train_eps, holdout_folds, min_posts). */
typedef struct {
    double C;          /* inverse regularisation strength */
    double eps;        /* solver tolerance */
    int folds;         /* k for the held-out accuracy estimate (k-fold CV); 0 = none */
    int min_posts;     /* a user needs at least this many posts to be paired */
} TrainOptions;

/* The defaults, overridden by the settings in twitoff.conf / the environment. */
void train_options_load(TrainOptions *o);

/* One user's featurised posts. */
typedef struct {
    FeatVec *x;        /* one vector per post */
    int n;             /* posts */
} PostSet;

/* Featurise texts into ps. */
void postset_from_texts(char **texts, int n, PostSet *ps);
void postset_free(PostSet *ps);

/* Fit a model on a's posts (label a) against b's (label b). The model gets the weights, bias and
 * post counts; the caller fills handles, accuracy and time. 0, or -1 with a message in err. */
int train_fit(const PostSet *a, const PostSet *b, const TrainOptions *o, Model *out,
              char *err, size_t errlen);

/* Cross-validated accuracy of the recipe on a vs b: posts are assigned to o->folds folds by
 * position, and the first `runs` folds are each held out in turn (runs = 1: one held-out fold,
 * the cheap estimate `train` stores; runs = folds: full k-fold CV, as `eval` does).
 * Returns the accuracy in 0..1, or -1 when there are too few posts. */
double train_cv_accuracy(const PostSet *a, const PostSet *b, const TrainOptions *o, int runs);

/* One fit for train_many: inputs a, b, cv_runs; outputs the rest. */
typedef struct {
    const PostSet *a, *b;  /* the two users' posts (a is the negative class) */
    int cv_runs;           /* folds to hold out for the accuracy estimate (0: none) */
    int cv_only;           /* 1: only estimate accuracy (model.accuracy), fit no final model */
    Model model;           /* the fitted model (accuracy filled; handles and time left to the caller) */
    int rc;                /* 0 or -1 */
    char err[160];         /* the reason when rc = -1 */
    double seconds;        /* wall time of this fit */
} TrainTask;

/* Run n fits on up to `threads` threads (liblinear is re-entrant for these solvers), starting a
 * fit only while the estimated memory of the running ones stays within train_memory_mb
 * (twitoff.conf; default 100). */
void train_many(TrainTask *tasks, int n, const TrainOptions *o, int threads);

/* Default number of training threads: conf train_threads, else the online CPUs less one (a core
 * left for the pages), at least 1 and at most 8. */
int train_threads(void);

#endif
