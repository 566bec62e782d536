/* wf_jobs.h - the jobs workflow: run what the admin page queued (fetch, seed, retrain, delete,
 * reset), one job at a time, recording each job's status and message (`twitoff work`, nightly). */
#ifndef TWITOFF_WF_JOBS_H
#define TWITOFF_WF_JOBS_H

#include <stddef.h>
#include "batch.h"

/* What the queued jobs of one run did, for its runs row. */
typedef struct {
    int jobs;      /* jobs run */
    int failed;    /* jobs that failed or were put back (rate limited) */
    int users;     /* users fetched */
    int posts;     /* posts stored */
    int pairs;     /* pairs trained */
    int reset;     /* a reset job recreated the database (a run row must be made again) */
} WorkTotals;

/* Run queued jobs in the open store b->db until the queue is empty or a fetch is rate limited,
 * adding to w (jobs a killed worker left 'running' are marked failed first). A job's outcome is
 * its status (done, failed, or queued again) and message in the jobs table, and REPORT_INFO lines.
 * The caller holds the batch lock; b->db is replaced when a reset job recreates the database
 * (NULL when no store could be opened again: the queue stops). BATCH_OK, BATCH_FAILED (a job
 * failed) or BATCH_BUSY (rate limited: the rest waits for the next run). */
int jobs_work(Batch *b, WorkTotals *w);

/* The work command: jobs_work under the batch lock, recorded as a "work" run, with a closing
 * REPORT_INFO line. Opens the store when b->db is NULL. BATCH_BUSY or BATCH_FAILED with err when
 * the lock or the store cannot be had, else as jobs_work. */
int jobs_run(Batch *b, WorkTotals *w, char *err, size_t errlen);

#endif
