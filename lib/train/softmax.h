/* softmax.h - fitting the shared model: one multinomial logistic regression with L2 over every
 * account's featurised posts (liblbfgs), its held-out accuracy, and the weights it keeps. */
#ifndef TWITOFF_SOFTMAX_H
#define TWITOFF_SOFTMAX_H

#include <stddef.h>
#include "shared_model.h"
#include "train.h"

/* Settings (twitoff.conf: shared_c, shared_iterations, shared_weights, shared_memory_mb,
 * shared_nb_power, shared_nb_alpha). */
typedef struct {
    double C;          /* inverse regularisation strength (sum of losses times C, plus |W|^2 / 2) */
    int iterations;    /* L-BFGS iterations at most */
    int max_weights;   /* weights kept per account (the largest) */
    int threads;       /* threads over rows (train_threads) */
    long memory_mb;    /* the minimiser's memory at most: caps the columns (softmax_columns) */
    double nb_power;   /* the power of each account's naive-Bayes scale of each bucket (0: none) */
    double nb_alpha;   /* its smoothing: posts added to those holding a bucket and not */
    double seconds;    /* no L-BFGS iteration starts after this many seconds of a fit (0, as
                          loaded: no limit; the batch sets shared_budget) */
} SoftmaxOptions;

/* The defaults, overridden by the settings. */
void softmax_options_load(SoftmaxOptions *o);

/* The columns (buckets, the most frequent in the training posts first) a fit over accounts
 * accounts may have within o->memory_mb of minimiser memory (128 bytes a weight: the point,
 * liblbfgs's 4 vectors and 10 corrections, a second thread's gradient; 140 with the naive-Bayes
 * scaling, nb_power > 0: its scaled point and scale; each further thread adds 8 bytes a weight
 * beyond it). Buckets beyond it get no weight. With the defaults (560 MiB, the scaling on): all
 * of faceoff's 253,722 buckets used (6 accounts), 262,144 at 16 accounts, 21,399 at 196. */
int softmax_columns(int accounts, const SoftmaxOptions *o);

/* Fit on every post of the n accounts (sets[k]: account k's posts) into out->acc[0..n) (weights,
 * bias and posts filled; names left NULL for the caller) with out->n = n. Accuracy is left
 * unknown (-1). 0, or -1 with err (fewer than 2 accounts, or accounts without posts). */
int softmax_fit(const PostSet *sets, int n, const SoftmaxOptions *o, SharedBuild *out,
                char *err, size_t errlen);

/* The same, starting from an earlier fit's weights rather than from zero: start->acc[k] is
 * account k's (n == 0 for a new account; buckets that are no column now are skipped). From the
 * previous night's model a fit needs far fewer iterations to get as far. */
int softmax_fit_from(const PostSet *sets, int n, const SoftmaxOptions *o, const SharedBuild *start,
                     SharedBuild *out, char *err, size_t errlen);

/* Held-out estimate: fit on all posts but those at positions i % folds == 0 of each account,
 * score those, and fill acc (top-1 among all, mean pairwise; under both priors). 0, or -1 with
 * err (too few posts: an account with fewer than folds posts). */
int softmax_holdout(const PostSet *sets, int n, const SoftmaxOptions *o, int folds, SharedAccuracy *acc,
                    char *err, size_t errlen);

/* Held-out accuracy of every pair of accounts, under each prior: pair[p][a * n + b] for a < b is
 * the accuracy on the held-out posts of accounts a and b (other entries unused; -1 when the two
 * have no held-out posts). Filled by softmax_holdout_pairs; free with softmax_pairs_free. */
typedef struct {
    int n;             /* accounts */
    double *pair[2];   /* [SHARED_PRIOR_EQUAL], [SHARED_PRIOR_POSTS]: n * n entries each */
} SharedPairAccuracy;

/* softmax_holdout, also filling pairs (when not NULL) with the accuracy of each pair. */
int softmax_holdout_pairs(const PostSet *sets, int n, const SoftmaxOptions *o, int folds, SharedAccuracy *acc,
                          SharedPairAccuracy *pairs, char *err, size_t errlen);

/* Free what pairs owns and zero it. */
void softmax_pairs_free(SharedPairAccuracy *pairs);

/* Score held-out vectors with fitted accounts (unquantised): tests[k] are account k's test posts.
 * Fills acc as softmax_holdout does. */
void softmax_score(const SharedBuild *m, const PostSet *tests, SharedAccuracy *acc);

#endif
