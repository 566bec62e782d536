/* sessions.c - the admin sessions table of the queue store. */
#include "sessions.h"
#include "store_sql.h"

int db_session_add(sqlite3 *q, const char *id_sha256, const char *key_tag, int64_t expires_at,
                   char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(q, "DELETE FROM sessions WHERE expires_at <= strftime('%s','now')", err, errlen);
    if (!st || sql_done(q, st, err, errlen) != 0) return -1;
    st = sql_prepare(q, "INSERT INTO sessions (id_sha256, key_tag, created_at, expires_at)"
                        " VALUES (?, ?, strftime('%s','now'), ?)", err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, id_sha256);
    sql_bind_str(st, 2, key_tag);
    sqlite3_bind_int64(st, 3, expires_at);
    return sql_done(q, st, err, errlen);
}

int db_session_valid(sqlite3 *q, const char *id_sha256, const char *key_tag, int64_t now,
                     char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(q, "SELECT count(*) FROM sessions WHERE id_sha256 = ? AND key_tag = ?"
                                      " AND expires_at > ?", err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, id_sha256);
    sql_bind_str(st, 2, key_tag);
    sqlite3_bind_int64(st, 3, now);
    int64_t n = sql_int(q, st, 0, err, errlen);
    if (n != 0) return n < 0 ? -1 : 1;
    return db_session_delete(q, id_sha256, err, errlen);
}

int db_session_delete(sqlite3 *q, const char *id_sha256, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(q, "DELETE FROM sessions WHERE id_sha256 = ?", err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, id_sha256);
    return sql_done(q, st, err, errlen);
}

int db_sessions_clear(sqlite3 *q, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(q, "DELETE FROM sessions", err, errlen);
    if (!st || sql_done(q, st, err, errlen) != 0) return -1;
    return sqlite3_changes(q);
}
