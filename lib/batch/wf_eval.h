/* wf_eval.h - the eval workflow: k-fold cross-validated accuracy and calibration of the current
 * recipe for every pair of users, without writing anything (`twitoff eval`). */
#ifndef TWITOFF_WF_EVAL_H
#define TWITOFF_WF_EVAL_H

#include <stddef.h>
#include "batch.h"
#include "metrics.h"
#include "wf_eval_shared.h"

/* One pair's estimate. */
typedef struct {
    char *a, *b;         /* the handles, in canonical order */
    double accuracy;     /* mean held-out accuracy, or < 0 when the pair has too few posts */
    Metrics bal;         /* calibrated held-out answers, both users weighing equally (total 1) */
    Metrics raw;         /* the same answers, every post alike (total 1) */
} EvalPair;

typedef struct {
    int folds;           /* K */
    int n;               /* pairs */
    EvalPair *pairs;     /* n of them, in the store's pair order */
    int counted;         /* pairs with an accuracy */
    double mean;         /* their mean accuracy, or -1 when none */
    Metrics bal, raw;    /* every counted pair's answers pooled, each pair weighing 1: the ECE
                            and reliability table (balanced: the primary figures) */
    double acc_bal, acc_raw;      /* mean over pairs of each pair's accuracy */
    double brier_bal, brier_raw;  /* mean over pairs of each pair's Brier score */
    double seconds;      /* time the cross-validation took */
    EvalShared shared;   /* the shared model's held-out estimate (wf_eval_shared.h) */
} EvalResult;

/* Estimate every pair's accuracy and calibration with folds-fold cross-validation (2..20) into
 * r: each fold's answers are calibrated by a fit on the other folds (platt.h). Opens the store
 * when b->db is NULL; a user whose posts cannot be read is reported and counts as empty. 0, or -1
 * with err when the store or its pairs cannot be read. Free r with eval_free. */
int eval_run(Batch *b, int folds, EvalResult *r, char *err, size_t errlen);
void eval_free(EvalResult *r);

#endif
