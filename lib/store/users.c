/* users.c - the store's users and posts. */
#include "users.h"
#include "store_sql.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void user_clear(User *u)
{
    free(u->source);
    free(u->handle);
    free(u->display_name);
    free(u->remote_id);
    free(u->newest_post_id);
    memset(u, 0, sizeof *u);
}

#define USER_COLS                                                                          \
    "SELECT u.id, u.source, u.handle, u.display_name, u.remote_id, u.newest_post_id,"     \
    " u.revision, coalesce(u.fetched_at, 0),"                                            \
    " (SELECT count(*) FROM posts p WHERE p.user_id = u.id),"                            \
    " coalesce((SELECT max(created_at) FROM posts p WHERE p.user_id = u.id), 0) FROM users u "

static void user_from_row(sqlite3_stmt *st, User *u)
{
    u->id = sqlite3_column_int64(st, 0);
    u->source = sql_col_dup(st, 1);
    u->handle = sql_col_dup(st, 2);
    u->display_name = sql_col_dup(st, 3);
    u->remote_id = sql_col_dup(st, 4);
    u->newest_post_id = sql_col_dup(st, 5);
    u->revision = sqlite3_column_int64(st, 6);
    u->fetched_at = sqlite3_column_int64(st, 7);
    u->post_count = sqlite3_column_int64(st, 8);
    u->newest_post_at = sqlite3_column_int64(st, 9);
}

/* Step st (one user row at most) into out. 1 found, 0 not, -1 error. */
static int user_one(sqlite3 *db, sqlite3_stmt *st, User *out, char *err, size_t errlen)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) user_from_row(st, out);
    else if (rc != SQLITE_DONE) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int db_user_find(sqlite3 *db, const char *handle, User *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = sql_prepare(db, USER_COLS "WHERE u.handle = ?1 COLLATE NOCASE "
                                                 "ORDER BY u.handle = ?1 DESC, u.id LIMIT 1", err, errlen);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, handle, -1, SQLITE_TRANSIENT);
    return user_one(db, st, out, err, errlen);
}

int db_user_get(sqlite3 *db, int64_t id, User *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = sql_prepare(db, USER_COLS "WHERE u.id = ?1", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    return user_one(db, st, out, err, errlen);
}

int db_users_list(sqlite3 *db, User **out, int *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = sql_prepare(db, USER_COLS "ORDER BY u.handle COLLATE NOCASE, u.id", err, errlen);
    if (!st) return -1;
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, sizeof **out * (size_t)cap);
        }
        user_from_row(st, &(*out)[(*n)++]);
    }
    if (rc != SQLITE_DONE) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        users_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void users_free(User *users, int n)
{
    for (int i = 0; i < n; i++) user_clear(&users[i]);
    free(users);
}

int64_t db_user_upsert(sqlite3 *db, const char *source, const char *handle,
                       const char *display_name, const char *remote_id, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "INSERT INTO users (source, handle, display_name, remote_id) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (source, handle) DO UPDATE SET "
        " display_name = coalesce(excluded.display_name, display_name),"
        " remote_id = coalesce(excluded.remote_id, remote_id) RETURNING id", err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, source);
    sql_bind_str(st, 2, handle);
    sql_bind_str(st, 3, display_name);
    sql_bind_str(st, 4, remote_id);
    return sql_int(db, st, -1, err, errlen);
}

int db_user_delete(sqlite3 *db, const char *handle, char *err, size_t errlen)
{
    User u;
    int found = db_user_find(db, handle, &u, err, errlen);
    if (found <= 0) return found;
    sqlite3_stmt *st = sql_prepare(db, "DELETE FROM users WHERE id = ?", err, errlen);
    if (st) sqlite3_bind_int64(st, 1, u.id);
    int rc = sql_done(db, st, err, errlen) == 0 ? 1 : -1;
    user_clear(&u);
    return rc;
}

int db_user_fetched(sqlite3 *db, int64_t user_id, const char *newest_post_id, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "UPDATE users SET newest_post_id = ?, fetched_at = strftime('%s','now')"
                                       " WHERE id = ?", err, errlen);
    if (!st) return -1;
    sql_bind_str(st, 1, newest_post_id);
    sqlite3_bind_int64(st, 2, user_id);
    return sql_done(db, st, err, errlen);
}

int db_remote_handles(sqlite3 *db, const char *source, int stalest_first, char ***out, int *n,
                      char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        stalest_first ? "SELECT source || ':' || handle FROM users WHERE source IN ('x', 'bluesky', 'mastodon')"
                        " AND (?1 IS NULL OR source = ?1) ORDER BY coalesce(fetched_at, 0), id"
                      : "SELECT source || ':' || handle FROM users WHERE source IN ('x', 'bluesky', 'mastodon')"
                        " AND (?1 IS NULL OR source = ?1) ORDER BY id", err, errlen);
    *out = NULL;
    *n = 0;
    if (!st) return -1;
    sql_bind_str(st, 1, source);
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) *out = xrealloc(*out, sizeof **out * (size_t)(cap = cap ? cap * 2 : 16));
        (*out)[(*n)++] = xstrdup(sql_col_str(st, 0));
    }
    if (rc != SQLITE_DONE) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return 0;
    strv_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}

int post_writer_open(PostWriter *w, sqlite3 *db, char *err, size_t errlen)
{
    w->db = db;
    w->insert = sql_prepare(db, "INSERT OR IGNORE INTO posts (user_id, remote_id, created_at, text) "
                                "VALUES (?, ?, ?, ?)", err, errlen);
    return w->insert ? 0 : -1;
}

int post_writer_add(PostWriter *w, int64_t user_id, const char *remote_id, int64_t created_at,
                    const char *text, char *err, size_t errlen)
{
    sqlite3_stmt *st = w->insert;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, remote_id, -1, SQLITE_STATIC);
    if (created_at) sqlite3_bind_int64(st, 3, created_at);
    else sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_clear_bindings(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sql_fail(w->db, err, errlen);
    return sqlite3_changes(w->db) > 0 ? 1 : 0;
}

void post_writer_close(PostWriter *w)
{
    sqlite3_finalize(w->insert);
    w->insert = NULL;
}

int64_t db_user_post_count(sqlite3 *db, int64_t user_id, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "SELECT count(*) FROM posts WHERE user_id = ?", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    return sql_int(db, st, 0, err, errlen);
}

int db_user_trim_posts(sqlite3 *db, int64_t user_id, long keep, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db,
        "DELETE FROM posts WHERE user_id = ?1 AND id NOT IN (SELECT id FROM posts WHERE user_id = ?1"
        " ORDER BY coalesce(created_at, 0) DESC, id DESC LIMIT ?2)", err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, keep);
    return sql_done(db, st, err, errlen);
}

int db_user_posts(sqlite3 *db, int64_t user_id, char ***texts, char ***ids, int *n,
                  char *err, size_t errlen)
{
    *texts = NULL;
    if (ids) *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = sql_prepare(db, "SELECT text, remote_id FROM posts WHERE user_id = ? ORDER BY id",
                                   err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *texts = xrealloc(*texts, sizeof **texts * (size_t)cap);
            if (ids) *ids = xrealloc(*ids, sizeof **ids * (size_t)cap);
        }
        (*texts)[*n] = sql_col_dup(st, 0);
        if (ids) (*ids)[*n] = sql_col_dup(st, 1);
        (*n)++;
    }
    if (rc != SQLITE_DONE) sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return 0;
    strv_free(*texts, *n);   /* what was read before the error is not handed out */
    if (ids) strv_free(*ids, *n);
    *texts = NULL;
    if (ids) *ids = NULL;
    *n = 0;
    return -1;
}

int db_user_posts_page(sqlite3 *db, int64_t user_id, int limit, int64_t offset,
                       void (*fn)(void *ctx, const PostView *p), void *ctx, char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "SELECT remote_id, coalesce(created_at, 0), text FROM posts WHERE"
                                       " user_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
                                   err, errlen);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, limit);
    sqlite3_bind_int64(st, 3, offset);
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        PostView p = {sql_col_str(st, 0), sqlite3_column_int64(st, 1), sql_col_str(st, 2)};
        fn(ctx, &p);
        n++;
    }
    if (rc != SQLITE_DONE) n = sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return n;
}
