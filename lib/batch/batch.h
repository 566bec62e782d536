/* batch.h - what every batch workflow (the wf_*.c modules) works with: the store, a reporter for
 * everything it has to say, and the outcome a command exits with.
 *
 * The workflows (import, fetch, train, lists, jobs, nightly, reset, check, eval) are library
 * code: they never print and never exit. Progress, warnings and result lines go through the
 * Reporter in the context (liblinear's print callback, with levels), so the `twitoff` command
 * shows them on a terminal and a unit test records them.
 *
 * Errors: a workflow returns a BATCH_* outcome. When a single error stops it before its work
 * (the batch lock is held, the store cannot be opened, the request is wrong), the reason is in
 * the caller's (err, errlen), not reported: the caller shows it. The problems it goes past (a bad
 * file, a pair that fails, an unreachable account) are reported as REPORT_WARN when they happen,
 * and err is left "". */
#ifndef TWITOFF_BATCH_H
#define TWITOFF_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* What a message is, so that whoever shows it can place it. */
enum {
    REPORT_RESULT,    /* a result line: one per account fetched (the command's stdout) */
    REPORT_INFO,      /* what a step did: its summary line */
    REPORT_VERBOSE,   /* detail: one line per pair trained */
    REPORT_NOTICE,    /* a minor problem gone past: a bad row skipped, a model retrained */
    REPORT_WARN       /* a problem: something failed or could not be done */
};

/* Progress of a long step. */
enum {
    PROGRESS_START,   /* a step named label begins, with n units of work (0: unknown) */
    PROGRESS_STEP,    /* n more units are done */
    PROGRESS_DONE,    /* the step is over */
    PROGRESS_PAUSE    /* result lines follow: any bar leaves the screen until the next step */
};

/* Where a workflow's messages go. message gets one line (no newline, no program name);
 * progress may be NULL. */
typedef struct {
    void (*message)(void *ctx, int level, const char *text);
    void (*progress)(void *ctx, int event, const char *label, long n);
    void *ctx;        /* their first argument */
} Reporter;

/* Format one line and pass it to r (nothing when r is NULL). */
void report(const Reporter *r, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void report_progress(const Reporter *r, int event, const char *label, long n);

/* The outcome of a workflow; `twitoff` exits with it (the same numbers as its exit statuses). */
enum {
    BATCH_OK = 0,      /* done */
    BATCH_FAILED = 1,  /* something failed (reported, or in err) */
    BATCH_USAGE = 2,   /* the request was wrong: an unknown source */
    BATCH_BUSY = 3     /* another batch run holds the lock, or a source rate-limits: try later */
};

/* What a workflow works on. */
typedef struct {
    sqlite3 *db;          /* the store, read-write; NULL: the workflow opens and closes it */
    sqlite3 *queue;       /* the queue store (queue.h), opened by batch_queue, closed by batch_finish */
    const Reporter *rep;  /* where messages go (NULL: nowhere) */
    int opened;           /* batch_start opened db (batch_finish closes it) */
    int locked;           /* batch_start took the batch lock (batch_finish releases it) */
} Batch;

/* Begin a workflow run: refuse an instance directory others can write (instance.h), take the
 * batch lock for command (when lock_command is not NULL; see
 * lock.h), then open the store when b->db is NULL. BATCH_OK, BATCH_BUSY (lock held by another
 * run) or BATCH_FAILED, with the reason in err; nothing is left held on failure. */
int batch_start(Batch *b, const char *lock_command, char *err, size_t errlen);

/* End it: close the store if batch_start opened it (even when replaced since) and the queue store,
 * then release the lock if it took it. */
void batch_finish(Batch *b);

/* The queue store (jobs, admin sessions), opened into b->queue on first use. NULL with err. */
sqlite3 *batch_queue(Batch *b, char *err, size_t errlen);

/* Open the store read-write into b->db (migrating it), and the queue store (creating it when
 * missing). 0, or -1 with err. */
int batch_open(Batch *b, char *err, size_t errlen);

/* The runs table around a workflow; a failure is reported as a warning. batch_run_start
 * returns the run's id or -1; batch_run_finish 0 or -1 (see runs.h). */
int64_t batch_run_start(Batch *b, const char *command);
int batch_run_finish(Batch *b, int64_t run, const char *status, int users, int posts, int pairs,
                     int errors, const char *message);

#endif
