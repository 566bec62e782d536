/* shared_pairs.c - the shared_pairs table: the shared model's held-out accuracy per pair. */
#include "shared_pairs.h"
#include "store_sql.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int insert_pair(sqlite3 *db, int64_t a, int64_t b, double equal, double posts, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "INSERT INTO shared_pairs (user_a, user_b, accuracy_equal, accuracy_posts) VALUES (?,?,?,?)",
        err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, a < b ? a : b);
    sqlite3_bind_int64(st, 2, a < b ? b : a);
    sqlite3_bind_double(st, 3, equal);
    sqlite3_bind_double(st, 4, posts);
    return sql_done(db, st, err, errlen);
}

static int insert_all(sqlite3 *db, const int64_t *ids, int n, const double *equal, const double *posts,
                      char *err, size_t errlen)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double e = equal[i * n + j], p = posts[i * n + j];
            if (e < 0 || p < 0 || ids[i] == ids[j]) continue;
            if (insert_pair(db, ids[i], ids[j], e, p, err, errlen) != 0) return -1;
        }
    return 0;
}

int db_shared_pairs_save(sqlite3 *db, const int64_t *ids, int n, const double *equal, const double *posts,
                         char *err, size_t errlen)
{
    if (sql_exec(db, "SAVEPOINT shared_pairs; DELETE FROM shared_pairs", err, errlen) != 0) {
        char e2[8];
        sql_exec(db, "ROLLBACK TO shared_pairs; RELEASE shared_pairs", e2, sizeof e2);
        return -1;
    }
    int rc = equal && posts ? insert_all(db, ids, n, equal, posts, err, errlen) : 0;
    if (rc == 0) return sql_exec(db, "RELEASE shared_pairs", err, errlen);
    char e2[8];
    sql_exec(db, "ROLLBACK TO shared_pairs; RELEASE shared_pairs", e2, sizeof e2);
    return -1;
}

/* The index of id among the n sorted (id, index) pairs at by, or -1. */
static int index_of(const int64_t (*by)[2], int n, int64_t id)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (by[mid][0] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && by[lo][0] == id ? (int)by[lo][1] : -1;
}

static int by_id(const void *x, const void *y)
{
    int64_t a = ((const int64_t *)x)[0], b = ((const int64_t *)y)[0];
    return (a > b) - (a < b);
}

int db_shared_pairs_load(sqlite3 *db, const int64_t *ids, int n, double *equal, double *posts, char *err,
                         size_t errlen)
{
    for (size_t i = 0; i < (size_t)n * (size_t)n; i++) equal[i] = posts[i] = -1;
    sqlite3_stmt *st = sql_prepare(db, "SELECT user_a, user_b, accuracy_equal, accuracy_posts FROM shared_pairs",
                                   err, errlen);
    if (!st) return -1;
    int64_t (*by)[2] = xmalloc(sizeof *by * ((size_t)n + 1));
    for (int i = 0; i < n; i++) by[i][0] = ids[i], by[i][1] = i;
    qsort(by, (size_t)n, sizeof *by, by_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int a = index_of((const int64_t (*)[2])by, n, sqlite3_column_int64(st, 0));
        int b = index_of((const int64_t (*)[2])by, n, sqlite3_column_int64(st, 1));
        if (a < 0 || b < 0 || a == b) continue;
        size_t at = a < b ? (size_t)a * (size_t)n + (size_t)b : (size_t)b * (size_t)n + (size_t)a;
        equal[at] = sqlite3_column_double(st, 2);
        posts[at] = sqlite3_column_double(st, 3);
    }
    free(by);
    if (rc != SQLITE_DONE) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

double db_shared_pair_accuracy(sqlite3 *db, int64_t a, int64_t b, int prior, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, prior == 1
        ? "SELECT accuracy_posts FROM shared_pairs WHERE user_a = ?1 AND user_b = ?2"
        : "SELECT accuracy_equal FROM shared_pairs WHERE user_a = ?1 AND user_b = ?2", err, errlen);
    if (!st) return strstr(err, "no such table") ? -1 : -2;
    sqlite3_bind_int64(st, 1, a < b ? a : b);
    sqlite3_bind_int64(st, 2, a < b ? b : a);
    double acc = -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) acc = sqlite3_column_double(st, 0);
    else if (rc != SQLITE_DONE) acc = -2;
    if (acc == -2) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return acc;
}
