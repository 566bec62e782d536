/* wf_shared.h - the shared model workflow: models/shared.model refitted over every account with
 * at least min_posts posts whenever one of them changed (train, nightly, the retrain jobs). */
#ifndef TWITOFF_WF_SHARED_H
#define TWITOFF_WF_SHARED_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "batch.h"
#include "users.h"

/* What the shared model must have been trained on to be fresh: the features and the settings
 * (hashed into the high 32 bits, so that a file of the same settings is known by them), and the
 * accounts with at least min_posts posts (ids, handles and post revisions: the low 32 bits). */
uint64_t shared_fingerprint(const User *users, int n, int min_posts);

/* The state of models/shared.model against the store: 1 fresh, 0 stale or missing (also when
 * fewer than 2 accounts qualify and a file is left), -1 with err. *accounts gets how many
 * accounts qualify. */
int shared_fresh(sqlite3 *db, int *accounts, char *err, size_t errlen);

/* Refit the shared model when it is stale (force: always), with its held-out accuracy (one of
 * holdout_folds folds), and write it; remove it when fewer than 2 accounts qualify. Reports a
 * REPORT_INFO line. *trained (may be NULL) gets 1 when a model was written. BATCH_OK or
 * BATCH_FAILED (reported). */
int shared_train(Batch *b, int force, int *trained);

/* What `twitoff status` shows of the shared model. */
typedef struct {
    int present;          /* 1 when models/shared.model opens */
    int accounts;         /* accounts in it */
    int64_t trained_at;   /* unix seconds */
    double top1, pair;    /* held-out accuracy under the prior in use (< 0: unknown) */
    int fresh;            /* 1 when it matches the store (shared_fresh) */
    char why[200];        /* when not present: the reason */
} SharedStatus;

/* Fill st for the store db. 0, or -1 with err (the store cannot be read). */
int shared_status(sqlite3 *db, SharedStatus *st, char *err, size_t errlen);

/* After deleting account handle: rewrite the shared model without it (reported on failure). */
void shared_forget(Batch *b, const char *handle);

#endif
