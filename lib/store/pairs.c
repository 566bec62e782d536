/* pairs.c - the store's record of trained pair models. */
#include "pairs.h"
#include "store_sql.h"
#include "util.h"

#include <stdlib.h>

int db_pair_save(sqlite3 *db, const PairRow *r, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "INSERT OR REPLACE INTO pairs (user_a, user_b, posts_a, posts_b, fingerprint, accuracy,"
        " n_features, model_file, trained_at, train_seconds) VALUES (?,?,?,?,?,?,?,?,?,?)", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, r->user_a);
    sqlite3_bind_int64(st, 2, r->user_b);
    sqlite3_bind_int64(st, 3, r->posts_a);
    sqlite3_bind_int64(st, 4, r->posts_b);
    sql_bind_str(st, 5, r->fingerprint);
    if (r->accuracy >= 0) sqlite3_bind_double(st, 6, r->accuracy);
    else sqlite3_bind_null(st, 6);
    sqlite3_bind_int64(st, 7, r->n_features);
    sql_bind_str(st, 8, r->model_file);
    sqlite3_bind_int64(st, 9, r->trained_at);
    sqlite3_bind_double(st, 10, r->train_seconds);
    return sql_done(db, st, err, errlen);
}

int db_pairs_each(sqlite3 *db, void (*fn)(void *ctx, const PairRow *r), void *ctx,
                  char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "SELECT p.user_a, p.user_b, a.handle, b.handle, p.posts_a, p.posts_b, p.fingerprint,"
        " coalesce(p.accuracy, -1), coalesce(p.n_features, 0), p.model_file, p.trained_at,"
        " coalesce(p.train_seconds, 0) FROM pairs p JOIN users a ON a.id = p.user_a"
        " JOIN users b ON b.id = p.user_b ORDER BY p.user_a, p.user_b", err, errlen);
    if (!st) return -1;
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        PairRow r = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sql_col_str(st, 2),
                     sql_col_str(st, 3), sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5),
                     sql_col_str(st, 6), sqlite3_column_double(st, 7), sqlite3_column_int64(st, 8),
                     sql_col_str(st, 9), sqlite3_column_int64(st, 10), sqlite3_column_double(st, 11)};
        fn(ctx, &r);
        n++;
    }
    if (rc != SQLITE_DONE) n = sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return n;
}

int db_pair_file_known(sqlite3 *db, const char *name, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "SELECT count(*) FROM pairs WHERE model_file = ?", err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, name);
    int64_t n = sql_int(db, st, 0, err, errlen);
    return n < 0 ? -1 : n > 0;
}

int db_user_accuracies(sqlite3 *db, const User *users, int n, double *acc, char *err, size_t errlen)
{
    for (int i = 0; i < n; i++) acc[i] = -1;
    sqlite3_stmt *st = sql_prepare(db,
        "SELECT u, avg(accuracy) FROM (SELECT user_a AS u, accuracy FROM pairs UNION ALL"
        " SELECT user_b, accuracy FROM pairs) WHERE accuracy IS NOT NULL GROUP BY u", err, errlen);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        for (int i = 0; i < n; i++)
            if (users[i].id == id) acc[i] = sqlite3_column_double(st, 1);
    }
    if (rc != SQLITE_DONE) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int db_user_pairs(sqlite3 *db, int64_t user_id, void (*fn)(void *ctx, const char *other, double accuracy),
                  void *ctx, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "SELECT o.handle, p.accuracy FROM pairs p JOIN users o"
        " ON o.id = CASE WHEN p.user_a = ?1 THEN p.user_b ELSE p.user_a END"
        " WHERE (p.user_a = ?1 OR p.user_b = ?1) AND p.accuracy IS NOT NULL"
        " ORDER BY p.accuracy DESC, o.handle", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fn(ctx, sql_col_str(st, 0), sqlite3_column_double(st, 1));
        n++;
    }
    if (rc != SQLITE_DONE) n = sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return n;
}

int db_pair_delete(sqlite3 *db, int64_t user_a, int64_t user_b, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "DELETE FROM pairs WHERE user_a = ? AND user_b = ?", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_a);
    sqlite3_bind_int64(st, 2, user_b);
    return sql_done(db, st, err, errlen);
}

int db_pair_current(sqlite3 *db, int64_t user_a, int64_t user_b, int64_t posts_a, int64_t posts_b,
                    int64_t trained_at, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "SELECT count(*) FROM pairs p JOIN users a ON a.id = p.user_a JOIN users b ON b.id = p.user_b"
        " WHERE p.user_a = ?1 AND p.user_b = ?2 AND p.posts_a = ?3 AND p.posts_b = ?4 AND p.trained_at = ?5"
        " AND instr(p.fingerprint, a.id || '@' || a.revision || ':' || b.id || '@' || b.revision) > 0",
        err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_a);
    sqlite3_bind_int64(st, 2, user_b);
    sqlite3_bind_int64(st, 3, posts_a);
    sqlite3_bind_int64(st, 4, posts_b);
    sqlite3_bind_int64(st, 5, trained_at);
    int64_t n = sql_int(db, st, 0, err, errlen);
    return n < 0 ? -1 : n > 0;
}
