/* wf_nightly.h - the nightly workflow, the cron job: queued jobs, refresh the remote users,
 * retrain the stale pairs, rewrite the lists when something changed (`twitoff nightly`). */
#ifndef TWITOFF_WF_NIGHTLY_H
#define TWITOFF_WF_NIGHTLY_H

#include <stddef.h>
#include "batch.h"

typedef struct {
    int no_fetch;        /* --no-fetch: leave the remote users as they are */
    int prune_all;       /* --prune-all: train and write the lists even when the store has no users
                            but pair model files exist (else that is refused as a replaced store) */
} NightlyOptions;

/* What one nightly run did, for the runs table and the closing line. */
typedef struct {
    int jobs;            /* queued jobs run */
    int users_fetched;   /* remote users refreshed without error */
    int posts_added;     /* posts stored by this run */
    int pairs_trained;   /* pairs retrained */
    int lists_written;   /* 1 when the lists were rewritten */
    int errors;          /* problems logged (unreachable source, failed pair, ...) */
    int failed;          /* 1 when a step that must work did not (training, lists) */
} NightlyTotals;

/* Under the batch lock: close the runs an interrupted batch left open, forget history older than
 * history_days (twitoff.conf, default 90), sweep temporary files, then run the queued jobs
 * (wf_jobs.h), refresh every remote user (wf_fetch.h; an unreachable source is counted, never
 * fatal), train the stale pairs (wf_train.h) and rewrite the lists only when what they show
 * changed (wf_lists.h) - but when the store has no users while models/ holds pair model files
 * (a database replaced or emptied behind the batch's back), training and the lists are skipped
 * with an error unless o->prune_all, as they would delete every model and empty the lists; recorded as a "nightly" run whose message lists the problems, each also
 * reported as a warning, with a closing REPORT_INFO line. Opens the store when b->db is NULL.
 * BATCH_OK, BATCH_FAILED (training or the lists failed), or BATCH_BUSY or BATCH_FAILED with err
 * when the lock or the store cannot be had. */
int nightly_run(Batch *b, const NightlyOptions *o, NightlyTotals *t, char *err, size_t errlen);

#endif
