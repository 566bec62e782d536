/* softmax.h - fitting the shared model: one multinomial logistic regression with L2 over every
 * account's featurised posts (liblbfgs), its held-out accuracy, and the weights it keeps. */
#ifndef TWITOFF_SOFTMAX_H
#define TWITOFF_SOFTMAX_H

#include <stddef.h>
#include "shared_model.h"
#include "train.h"

/* Settings (twitoff.conf: shared_c, shared_iterations, shared_weights). */
typedef struct {
    double C;          /* inverse regularisation strength (sum of losses times C, plus |W|^2 / 2) */
    int iterations;    /* L-BFGS iterations at most */
    int max_weights;   /* weights kept per account (the largest) */
    int threads;       /* threads over rows (train_threads) */
} SoftmaxOptions;

/* The defaults, overridden by the settings. */
void softmax_options_load(SoftmaxOptions *o);

/* Fit on every post of the n accounts (sets[k]: account k's posts) into out->acc[0..n) (weights,
 * bias and posts filled; names left NULL for the caller) with out->n = n. Accuracy is left
 * unknown (-1). 0, or -1 with err (fewer than 2 accounts, or accounts without posts). */
int softmax_fit(const PostSet *sets, int n, const SoftmaxOptions *o, SharedBuild *out,
                char *err, size_t errlen);

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
