/* wf_eval.h - the eval workflow: k-fold cross-validated accuracy of the current recipe for every
 * pair of users, without writing anything (`twitoff eval`). */
#ifndef TWITOFF_WF_EVAL_H
#define TWITOFF_WF_EVAL_H

#include <stddef.h>
#include "batch.h"
#include "wf_eval_shared.h"

/* One pair's estimate. */
typedef struct {
    char *a, *b;         /* the handles, in canonical order */
    double accuracy;     /* mean held-out accuracy, or < 0 when the pair has too few posts */
} EvalPair;

typedef struct {
    int folds;           /* K */
    int n;               /* pairs */
    EvalPair *pairs;     /* n of them, in the store's pair order */
    int counted;         /* pairs with an accuracy */
    double mean;         /* their mean accuracy, or -1 when none */
    double seconds;      /* time the cross-validation took */
    EvalShared shared;   /* the shared model's held-out estimate (wf_eval_shared.h) */
} EvalResult;

/* Estimate every pair's accuracy with folds-fold cross-validation (2..20) into r. Opens the store
 * when b->db is NULL; a user whose posts cannot be read is reported and counts as empty. 0, or -1
 * with err when the store or its pairs cannot be read. Free r with eval_free. */
int eval_run(Batch *b, int folds, EvalResult *r, char *err, size_t errlen);
void eval_free(EvalResult *r);

#endif
