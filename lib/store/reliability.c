/* reliability.c - the pair_reliability table: each pair's binned held-out answers. */
#include "reliability.h"
#include "store_sql.h"


static int insert_bin(sqlite3 *db, int64_t a, int64_t b, const Metrics *m, int i, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "INSERT INTO pair_reliability (user_a, user_b, bin, posts, weight, conf, hits, sq_err)"
        " VALUES (?,?,?,?,?,?,?,?)", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    sqlite3_bind_int(st, 3, i);
    sqlite3_bind_int64(st, 4, m->bin_posts[i]);
    sqlite3_bind_double(st, 5, m->bin_weight[i]);
    sqlite3_bind_double(st, 6, m->bin_conf[i]);
    sqlite3_bind_double(st, 7, m->bin_right[i]);
    sqlite3_bind_double(st, 8, m->bin_sq_err[i]);
    return sql_done(db, st, err, errlen);
}

int db_pair_reliability_save(sqlite3 *db, int64_t user_a, int64_t user_b, const Metrics *m,
                             char *err, size_t errlen)
{
    if (sql_exec(db, "SAVEPOINT reliability", err, errlen) != 0) return -1;
    sqlite3_stmt *st = sql_prepare(db, "DELETE FROM pair_reliability WHERE user_a = ? AND user_b = ?", err, errlen);
    int rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, user_a);
        sqlite3_bind_int64(st, 2, user_b);
        rc = sql_done(db, st, err, errlen);
    }
    for (int i = 0; rc == 0 && i < METRICS_BINS; i++)
        if (m->bin_posts[i] > 0) rc = insert_bin(db, user_a, user_b, m, i, err, errlen);
    char e2[8];
    if (rc == 0) return sql_exec(db, "RELEASE reliability", err, errlen);
    sql_exec(db, "ROLLBACK TO reliability; RELEASE reliability", e2, sizeof e2);
    return -1;
}

int db_reliability_total(sqlite3 *db, Metrics *out, int *pairs, char *err, size_t errlen)
{
    metrics_clear(out);
    *pairs = 0;
    sqlite3_stmt *st = sql_prepare(db,
        "SELECT r.bin, sum(r.posts), sum(r.weight), sum(r.conf), sum(r.hits), sum(r.sq_err)"
        " FROM pair_reliability r JOIN pairs p"
        " ON p.user_a = r.user_a AND p.user_b = r.user_b GROUP BY r.bin", err, errlen);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int i = sqlite3_column_int(st, 0);
        if (i < 0 || i >= METRICS_BINS) continue;
        out->bin_posts[i] = (long)sqlite3_column_int64(st, 1);
        out->bin_weight[i] = sqlite3_column_double(st, 2);
        out->bin_conf[i] = sqlite3_column_double(st, 3);
        out->bin_right[i] = sqlite3_column_double(st, 4);
        out->bin_sq_err[i] = sqlite3_column_double(st, 5);
        out->weight += out->bin_weight[i];
        out->right += out->bin_right[i];
        out->sq_err += out->bin_sq_err[i];
    }
    if (rc != SQLITE_DONE) rc = sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    if (rc < 0) return -1;
    st = sql_prepare(db, "SELECT count(*) FROM (SELECT DISTINCT r.user_a, r.user_b FROM pair_reliability r"
                         " JOIN pairs p ON p.user_a = r.user_a AND p.user_b = r.user_b)", err, errlen);
    if (!st) return -1;
    int64_t n = sql_int(db, st, 0, err, errlen);
    if (n < 0) return -1;
    *pairs = (int)n;
    return 0;
}
