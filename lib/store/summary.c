/* summary.c - counts and the fingerprint of what the lists show. */
#include "summary.h"
#include "store_sql.h"
#include "util.h"

#include <string.h>

static int64_t count(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    return sql_int(db, sql_prepare(db, sql, err, errlen), 0, err, errlen);
}

int db_counts(sqlite3 *db, StoreCounts *c, char *err, size_t errlen)
{
    c->users = count(db, "SELECT count(*) FROM users", err, errlen);
    c->posts = count(db, "SELECT count(*) FROM posts", err, errlen);
    c->pairs = count(db, "SELECT count(*) FROM pairs", err, errlen);
    return (c->users < 0 || c->posts < 0 || c->pairs < 0) ? -1 : 0;
}

int db_lists_fingerprint(sqlite3 *db, uint64_t *out, char *err, size_t errlen)
{
    static const char *const queries[] = {
        "SELECT id, handle, coalesce(display_name, ''), revision FROM users ORDER BY id",
        "SELECT user_a, user_b, fingerprint, coalesce(accuracy, -1) FROM pairs ORDER BY user_a, user_b",
    };
    uint64_t h = FNV64_INIT;
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        sqlite3_stmt *st = sql_prepare(db, queries[q], err, errlen);
        if (!st) return -1;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                h = fnv1a64(h, v ? (const char *)v : "", v ? strlen((const char *)v) + 1 : 1);
            }
        }
        if (rc != SQLITE_DONE) sql_fail(db, err, errlen);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) return -1;
    }
    *out = h;
    return 0;
}
