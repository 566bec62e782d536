/* store_sql.c - statement helpers shared by the store's modules. */
#include "store_sql.h"
#include "util.h"

int sql_fail(sqlite3 *db, char *err, size_t errlen)
{
    return err_set(err, errlen, "database: %s", sqlite3_errmsg(db));
}

sqlite3_stmt *sql_prepare(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sql_fail(db, err, errlen);
        return NULL;
    }
    return st;
}

int sql_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
    err_set(err, errlen, "database: %s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
}

int sql_done(sqlite3 *db, sqlite3_stmt *st, char *err, size_t errlen)
{
    if (!st) return -1;
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return rc;
}

int64_t sql_int(sqlite3 *db, sqlite3_stmt *st, int64_t def, char *err, size_t errlen)
{
    if (!st) return -1;
    int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_type(st, 0) == SQLITE_NULL ? def : sqlite3_column_int64(st, 0);
    else sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return v;
}

char *sql_col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? xstrdup((const char *)s) : NULL;
}

const char *sql_col_str(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

void sql_bind_str(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

int sql_user_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}
