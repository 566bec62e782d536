/* wf_train.h - the train workflow: fit every stale pair of users (or one named pair) and write its
 * model file (`twitoff train`, the retrain jobs, nightly). */
#ifndef TWITOFF_WF_TRAIN_H
#define TWITOFF_WF_TRAIN_H

#include <stddef.h>
#include "batch.h"

typedef struct {
    const char *a, *b;    /* only the pair of these two users (both set), or both NULL */
    int force;            /* retrain fresh pairs too */
} TrainRequest;

typedef struct {
    int trained;          /* pairs trained and recorded */
    int selected;         /* pairs that were to be trained */
    int fresh;            /* pairs left alone */
    int failed;           /* pairs that failed (1 when the named pair does not exist) */
    int left;             /* stale pairs left untrained by the budget (train_budget, max_pair_models) */
} TrainTotals;

/* Train the pairs r selects in the open store b->db, write their model files (models/A-B.model,
 * pair.h) and pair rows; without a named pair, first refit the shared model when stale
 * (wf_shared.h; force: always) and fold the predict page's requests in (asked_fold.h), then train
 * the stale pairs within the budget (budget.h: asked-for pairs first, at most max_pair_models
 * model files, no new wave after train_budget seconds; the models beyond the limit are removed
 * and what was left is recorded for `status`), and delete the pair model files no pair row names
 * afterwards.
 * Reports progress, a REPORT_VERBOSE line per pair, each failure, and a REPORT_INFO summary.
 * Adds to t. BATCH_OK, or BATCH_FAILED when a pair (or listing the pairs) failed. */
int train_pairs(Batch *b, const TrainRequest *r, TrainTotals *t);

/* The train command: under the batch lock, with temporaries of an interrupted run swept first,
 * train_pairs recorded as a "train" run. Opens the store when b->db is NULL. BATCH_BUSY or
 * BATCH_FAILED with err when the lock or the store cannot be had, else as train_pairs. */
int train_run(Batch *b, const TrainRequest *r, TrainTotals *t, char *err, size_t errlen);

#endif
