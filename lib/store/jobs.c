/* jobs.c - the job queue. */
#include "jobs.h"
#include "store_sql.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void job_clear(Job *j)
{
    free(j->kind);
    free(j->arg);
    free(j->source);
    free(j->status);
    free(j->message);
    memset(j, 0, sizeof *j);
}

void jobs_free(Job *jobs, int n)
{
    for (int i = 0; i < n; i++) job_clear(&jobs[i]);
    free(jobs);
}

/* Columns: id, kind, arg, source, status, message, created_at (empty strings read as NULL). */
static void job_from_row(sqlite3_stmt *st, Job *j)
{
    j->id = sqlite3_column_int64(st, 0);
    j->kind = sql_col_dup(st, 1);
    j->arg = sql_col_dup(st, 2);
    j->source = sql_col_dup(st, 3);
    j->status = sql_col_dup(st, 4);
    j->message = sql_col_dup(st, 5);
    j->created_at = sqlite3_column_int64(st, 6);
    char **s[] = {&j->arg, &j->source};
    for (int i = 0; i < 2; i++)
        if (*s[i] && !**s[i]) {
            free(*s[i]);
            *s[i] = NULL;
        }
}

int64_t db_job_add(sqlite3 *db, const char *kind, const char *arg, const char *source,
                   char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "INSERT INTO jobs (kind, arg, source) VALUES (?, ?, ?) RETURNING id",
                                   err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, kind);
    sql_bind_str(st, 2, arg);
    sql_bind_str(st, 3, source);
    return sql_int(db, st, -1, err, errlen);
}

int db_job_next(sqlite3 *db, Job *j, char *err, size_t errlen)
{
    memset(j, 0, sizeof *j);
    sqlite3_stmt *st = sql_prepare(db,
        "UPDATE jobs SET status = 'running', started_at = strftime('%s','now'), message = NULL"
        " WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1)"
        " RETURNING id, kind, arg, source, status, message, created_at", err, errlen);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) job_from_row(st, j);
    else if (rc != SQLITE_DONE) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int db_job_finish(sqlite3 *db, int64_t id, const char *status, const char *message,
                  char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "UPDATE jobs SET status = ?1, message = ?2,"
        " finished_at = CASE WHEN ?1 = 'queued' THEN NULL ELSE strftime('%s','now') END WHERE id = ?3",
        err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, status);
    sql_bind_str(st, 2, message);
    sqlite3_bind_int64(st, 3, id);
    return sql_done(db, st, err, errlen);
}

int db_jobs_fail_interrupted(sqlite3 *db, char *err, size_t errlen)
{
    return sql_exec(db, "UPDATE jobs SET status = 'failed', finished_at = strftime('%s','now'),"
                        " message = 'interrupted (the worker stopped); queue it again' WHERE status = 'running'",
                    err, errlen);
}

int db_jobs_prune(sqlite3 *db, int64_t cutoff, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < ?1",
                                   err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, cutoff);
    return sql_done(db, st, err, errlen);
}

int db_jobs_recent(sqlite3 *db, int limit, Job **out, int *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = sql_prepare(db, "SELECT id, kind, arg, source, status, message, created_at FROM jobs"
                                       " ORDER BY id DESC LIMIT ?", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, limit);
    *out = xcalloc((size_t)(limit > 0 ? limit : 1), sizeof **out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) job_from_row(st, &(*out)[(*n)++]);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return 0;
    jobs_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}

int64_t db_jobs_pending(sqlite3 *db, char *err, size_t errlen)
{
    return sql_int(db, sql_prepare(db, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')", err, errlen),
                   0, err, errlen);
}
