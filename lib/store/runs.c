/* runs.c - the record of batch runs. */
#include "runs.h"
#include "store_sql.h"
#include "util.h"

#include <stdlib.h>

void runs_free(Run *runs, int n)
{
    for (int i = 0; runs && i < n; i++) {
        free(runs[i].command);
        free(runs[i].status);
        free(runs[i].message);
    }
    free(runs);
}

int64_t db_run_start(sqlite3 *db, const char *command, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "INSERT INTO runs (command) VALUES (?) RETURNING id", err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, command);
    return sql_int(db, st, -1, err, errlen);
}

int db_run_finish(sqlite3 *db, int64_t id, const char *status, int users_fetched, int posts_added,
                  int pairs_trained, int errors, const char *message, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "UPDATE runs SET finished_at = strftime('%s','now'), status = ?, users_fetched = ?,"
        " posts_added = ?, pairs_trained = ?, errors = ?, message = ? WHERE id = ?", err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, status);
    sqlite3_bind_int(st, 2, users_fetched);
    sqlite3_bind_int(st, 3, posts_added);
    sqlite3_bind_int(st, 4, pairs_trained);
    sqlite3_bind_int(st, 5, errors);
    sql_bind_str(st, 6, message);
    sqlite3_bind_int64(st, 7, id);
    return sql_done(db, st, err, errlen);
}

int db_runs_close_interrupted(sqlite3 *db, char *err, size_t errlen)
{
    return sql_exec(db, "UPDATE runs SET status = 'failed', finished_at = strftime('%s','now'),"
                        " message = coalesce(message || '; ', '') || 'interrupted (closed by the next nightly run)'"
                        " WHERE status = 'running' AND command IN ('nightly', 'work', 'train', 'lists')",
                    err, errlen);
}

int db_runs_prune(sqlite3 *db, int64_t cutoff, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "DELETE FROM runs WHERE status <> 'running' AND finished_at < ?1",
                                   err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, cutoff);
    return sql_done(db, st, err, errlen);
}

int db_runs_recent(sqlite3 *db, int limit, Run **out, int *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = sql_prepare(db,
        "SELECT id, command, started_at, coalesce(finished_at, 0), status, users_fetched, posts_added,"
        " pairs_trained, errors, message FROM runs ORDER BY id DESC LIMIT ?", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, limit);
    *out = xcalloc((size_t)(limit > 0 ? limit : 1), sizeof **out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
        Run *r = &(*out)[(*n)++];
        r->id = sqlite3_column_int64(st, 0);
        r->command = sql_col_dup(st, 1);
        r->started_at = sqlite3_column_int64(st, 2);
        r->finished_at = sqlite3_column_int64(st, 3);
        r->status = sql_col_dup(st, 4);
        r->users_fetched = sqlite3_column_int(st, 5);
        r->posts_added = sqlite3_column_int(st, 6);
        r->pairs_trained = sqlite3_column_int(st, 7);
        r->errors = sqlite3_column_int(st, 8);
        r->message = sql_col_dup(st, 9);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return 0;
    runs_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}
