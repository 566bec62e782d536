/* jobs.h - the job queue, in the queue store (queue.h): the admin page adds jobs, `twitoff work`
 * takes and finishes them. Every function takes the queue store's connection. */
#ifndef TWITOFF_JOBS_H
#define TWITOFF_JOBS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* A job row. Strings are owned (job_clear frees them); NULL when the column is. */
typedef struct {
    int64_t id;
    char *kind;          /* fetch | seed | retrain | delete | reset */
    char *arg;           /* handle (or "A B" for retrain), or NULL */
    char *source;        /* x | bluesky | mastodon, or NULL */
    char *status;        /* queued | running | done | failed */
    char *message;       /* what the worker made of it, or NULL */
    int64_t created_at;  /* unix seconds */
} Job;

void job_clear(Job *j);
void jobs_free(Job *jobs, int n);

/* Queue a job. Returns its id, or -1. */
int64_t db_job_add(sqlite3 *db, const char *kind, const char *arg, const char *source,
                   char *err, size_t errlen);

/* Take the oldest queued job and mark it running. 1 taken (j filled), 0 none, -1 error. */
int db_job_next(sqlite3 *db, Job *j, char *err, size_t errlen);

/* Set job id's status (queued: back in the queue; done or failed: finished now) and message. */
int db_job_finish(sqlite3 *db, int64_t id, const char *status, const char *message,
                  char *err, size_t errlen);

/* Mark jobs a killed worker left running as failed. 0 or -1. */
int db_jobs_fail_interrupted(sqlite3 *db, char *err, size_t errlen);

/* Delete finished jobs that finished before cutoff (unix seconds). 0 or -1. */
int db_jobs_prune(sqlite3 *db, int64_t cutoff, char *err, size_t errlen);

/* How many jobs are queued or running, or -1. */
int64_t db_jobs_pending(sqlite3 *db, char *err, size_t errlen);

/* The newest limit jobs, newest first: *out is an array of *n (free with jobs_free). 0 or -1. */
int db_jobs_recent(sqlite3 *db, int limit, Job **out, int *n, char *err, size_t errlen);

#endif
