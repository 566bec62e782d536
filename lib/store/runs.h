/* runs.h - the record of batch runs: one row per command run, opened at its start and closed
 * with its counts at its end (a row left 'running' was interrupted). */
#ifndef TWITOFF_RUNS_H
#define TWITOFF_RUNS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* A runs row. Strings are owned (runs_free frees them). */
typedef struct {
    int64_t id;
    char *command;          /* nightly | work | train | fetch | import ... */
    int64_t started_at;     /* unix seconds */
    int64_t finished_at;    /* 0 while running */
    char *status;           /* running | ok | partial (done, but some input was left out) | failed */
    int users_fetched, posts_added, pairs_trained, errors;
    char *message;          /* NULL when none */
} Run;

void runs_free(Run *runs, int n);

/* Record the start of a batch run; returns its id or -1. */
int64_t db_run_start(sqlite3 *db, const char *command, char *err, size_t errlen);

/* Record the end of run id with status "ok", "partial" (done, but part of the input could not
 * be used: an import with more than a tenth of a file's rows bad) or "failed", and counts;
 * message may be NULL. */
int db_run_finish(sqlite3 *db, int64_t id, const char *status, int users_fetched, int posts_added,
                  int pairs_trained, int errors, const char *message, char *err, size_t errlen);

/* Close the runs of lock-holding commands (nightly, work, train, lists) still marked running:
 * they died without finishing. Call only while holding the batch lock. 0 or -1. */
int db_runs_close_interrupted(sqlite3 *db, char *err, size_t errlen);

/* Delete finished runs that finished before cutoff (unix seconds). 0 or -1. */
int db_runs_prune(sqlite3 *db, int64_t cutoff, char *err, size_t errlen);

/* The newest limit runs, newest first: *out is an array of *n (free with runs_free). 0 or -1. */
int db_runs_recent(sqlite3 *db, int limit, Run **out, int *n, char *err, size_t errlen);

#endif
