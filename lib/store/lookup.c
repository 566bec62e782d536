/* lookup.c - the quick user look-up by name: one indexed row, no aggregate over the posts, from
 * a statement kept for its connection. */
#include "lookup.h"
#include "db.h"
#include "store_sql.h"

#include <string.h>

static sqlite3 *kept_db;        /* the connection of kept */
static sqlite3_stmt *kept;      /* the prepared look-up, or NULL */

static sqlite3_stmt *statement(sqlite3 *db, char *err, size_t errlen)
{
    if (kept && kept_db == db) return kept;
    sqlite3_finalize(kept);
    kept = sql_prepare(db, "SELECT id, handle FROM users WHERE handle = ?1 COLLATE NOCASE "
                           "ORDER BY handle = ?1 DESC, id LIMIT 1", err, errlen);
    kept_db = kept ? db : NULL;
    return kept;
}

int db_user_lookup(sqlite3 *db, const char *handle, User *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = statement(db, err, errlen);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->handle = sql_col_dup(st, 1);
    } else if (rc != SQLITE_DONE) {
        sql_fail(db, err, errlen);
    }
    sqlite3_reset(st);   /* ends the read: the next call sees the latest commit */
    sqlite3_clear_bindings(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

void db_lookup_close(sqlite3 *db)
{
    if (db && db == kept_db) {
        sqlite3_finalize(kept);
        kept = NULL;
        kept_db = NULL;
    }
    db_close(db);
}
