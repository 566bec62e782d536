/* wf_eval_shared.h - the shared model's part of `twitoff eval`: a held-out estimate of its top-1
 * and mean pairwise accuracy on the stored posts, beside the pair models' cross-validation. */
#ifndef TWITOFF_WF_EVAL_SHARED_H
#define TWITOFF_WF_EVAL_SHARED_H

#include "batch.h"
#include "train.h"
#include "users.h"

typedef struct {
    int accounts;        /* accounts with at least min_posts posts (0: no estimate) */
    int folds;           /* one fold of this many held out */
    double top1;         /* right account among all, or -1 */
    double pair;         /* mean pairwise accuracy, or -1 */
    double seconds;      /* time the fit took */
} EvalShared;

/* Fit the shared model on all posts but one fold of folds (positions i % folds == 0) of the
 * accounts of users[0..n) with at least min_posts posts (sets[i]: users[i]'s posts) and score the
 * held-out fold, under the prior setting, into r. A failure is reported and leaves -1. */
void eval_shared(Batch *b, const User *users, int n, const PostSet *sets, int min_posts, int folds,
                 EvalShared *r);

#endif
