/* asked.c - the store's record of asked-for pairs and of the training budget's left-overs. */
#include "asked.h"
#include "store_sql.h"
#include "util.h"

int db_asked_add(sqlite3 *db, int64_t user_a, int64_t user_b, int64_t times, int64_t last,
                 char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "INSERT INTO asked (user_a, user_b, times, last_asked) VALUES (?,?,?,?)"
        " ON CONFLICT (user_a, user_b) DO UPDATE SET times = times + excluded.times,"
        " last_asked = max(last_asked, excluded.last_asked)", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_a);
    sqlite3_bind_int64(st, 2, user_b);
    sqlite3_bind_int64(st, 3, times);
    sqlite3_bind_int64(st, 4, last);
    return sql_done(db, st, err, errlen);
}

int db_asked_prune(sqlite3 *db, int64_t cutoff, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "DELETE FROM asked WHERE last_asked < ?", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, cutoff);
    if (sql_done(db, st, err, errlen) != 0) return -1;
    return sqlite3_changes(db);
}

int db_asked_each(sqlite3 *db, void (*fn)(void *ctx, int64_t a, int64_t b, int64_t times, int64_t last),
                  void *ctx, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "SELECT user_a, user_b, times, last_asked FROM asked", err, errlen);
    if (!st) return -1;
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
           sqlite3_column_int64(st, 3));
        n++;
    }
    if (rc != SQLITE_DONE) n = sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return n;
}

int db_budget_left_set(sqlite3 *db, int64_t left, const char *reason, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "INSERT OR REPLACE INTO train_budget (id, left_over, reason, at) VALUES (1, ?, ?, ?)", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, left);
    sql_bind_str(st, 2, reason);
    sqlite3_bind_int64(st, 3, now_unix());
    return sql_done(db, st, err, errlen);
}

int64_t db_budget_left(sqlite3 *db, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "SELECT coalesce(max(left_over), 0) FROM train_budget", err, errlen);
    return st ? sql_int(db, st, 0, err, errlen) : -1;
}
