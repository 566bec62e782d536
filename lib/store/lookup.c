/* lookup.c - the quick user look-up by name: one indexed row, no aggregate over the posts. */
#include "lookup.h"
#include "store_sql.h"

#include <string.h>

int db_user_lookup(sqlite3 *db, const char *handle, User *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = sql_prepare(db, "SELECT id, handle FROM users WHERE handle = ?1 COLLATE NOCASE "
                                       "ORDER BY handle = ?1 DESC, id LIMIT 1", err, errlen);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->handle = sql_col_dup(st, 1);
    } else if (rc != SQLITE_DONE) {
        sql_fail(db, err, errlen);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
