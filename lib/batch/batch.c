/* batch.c - the workflows' context: reporting, the lock and the store around a run, run records. */
#include "batch.h"
#include "db.h"
#include "instance.h"
#include "lock.h"
#include "queue.h"
#include "runs.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>

void report(const Reporter *r, int level, const char *fmt, ...)
{
    if (!r || !r->message) return;
    va_list ap;
    va_start(ap, fmt);
    char *text = xvasprintf(fmt, ap);
    va_end(ap);
    r->message(r->ctx, level, text);
    free(text);
}

void report_progress(const Reporter *r, int event, const char *label, long n)
{
    if (r && r->progress) r->progress(r->ctx, event, label, n);
}

int batch_open(Batch *b, char *err, size_t errlen)
{
    b->db = db_open(DB_RW, err, errlen);
    if (b->db && !batch_queue(b, err, errlen)) {   /* made with the store: the pages need both */
        db_close(b->db);
        b->db = NULL;
    }
    return b->db ? 0 : -1;
}

int batch_start(Batch *b, const char *lock_command, char *err, size_t errlen)
{
    b->opened = b->locked = 0;
    if (instance_safe(err, errlen) != 0) return BATCH_FAILED;
    if (lock_command) {
        int busy = batch_lock(lock_command, err, errlen);
        if (busy) return busy > 0 ? BATCH_BUSY : BATCH_FAILED;
        b->locked = 1;
    }
    if (!b->db) {
        if (batch_open(b, err, errlen) != 0) {
            batch_finish(b);
            return BATCH_FAILED;
        }
        b->opened = 1;
    }
    return BATCH_OK;
}

sqlite3 *batch_queue(Batch *b, char *err, size_t errlen)
{
    if (!b->queue) b->queue = queue_open(QUEUE_BATCH, err, errlen);
    return b->queue;
}

void batch_finish(Batch *b)
{
    if (b->opened || b->locked) {
        db_close(b->queue);
        b->queue = NULL;
    }
    if (b->opened) {
        db_close(b->db);
        b->db = NULL;
        b->opened = 0;
    }
    if (b->locked) {
        batch_unlock();
        b->locked = 0;
    }
}

int64_t batch_run_start(Batch *b, const char *command)
{
    char err[256];
    int64_t id = db_run_start(b->db, command, err, sizeof err);
    if (id < 0) report(b->rep, REPORT_WARN, "%s", err);
    return id;
}

int batch_run_finish(Batch *b, int64_t run, const char *status, int users, int posts, int pairs,
                     int errors, const char *message)
{
    char err[256];
    if (db_run_finish(b->db, run, status, users, posts, pairs, errors, message, err, sizeof err) == 0)
        return 0;
    report(b->rep, REPORT_WARN, "%s", err);
    return -1;
}
