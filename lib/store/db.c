/* db.c - the SQLite store: opening (read-write or read-only), schema migrations, users and posts. */
#include "db.h"
#include "config.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Generated from schema/NNN-*.sql by the Makefile. */
extern const char *const schema_steps[];
extern const int schema_nsteps;

char *db_path(void)
{
    const char *p = getenv("TWITOFF_DB");
    return (p && *p) ? xstrdup(p) : home_path("twitoff.db");
}

int db_schema_version(void)
{
    return schema_nsteps;
}

static int user_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Open path with flags and the settings every connection gets. NULL with *err on failure. */
static sqlite3 *open_conn(const char *path, int flags, char **err)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        *err = xasprintf("cannot open database %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    if (flags & SQLITE_OPEN_READWRITE)
        sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    return db;
}

int db_remove_files(const char *path)
{
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    int rc = 0;
    for (int i = 0; i < 4; i++) {
        Buf p;
        buf_init(&p);
        buf_printf(&p, "%s%s", path, suffix[i]);
        if (unlink(p.data) != 0 && errno != ENOENT) {
            warnx_("cannot remove %s: %s", p.data, strerror(errno));
            rc = -1;
        }
        buf_free(&p);
    }
    return rc;
}

/* Create a new database at path atomically: built complete (WAL mode, schema) under a temporary
 * name, then linked into place, so a process killed meanwhile never leaves a half-made store
 * (nor a hot journal that read-only pages cannot recover). Losing a race to another creator
 * is fine. 0, or -1 with *err. */
static int create_db(const char *path, char **err)
{
    Buf tmp;
    buf_init(&tmp);
    buf_printf(&tmp, "%s.new-%ld", path, (long)getpid());
    db_remove_files(tmp.data);
    sqlite3 *db = open_conn(tmp.data, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
    int rc = db ? db_migrate(db) : -1;
    if (db && rc != 0) *err = xasprintf("cannot create database %s", path);
    if (db && sqlite3_close(db) != SQLITE_OK && rc == 0) {
        *err = xasprintf("cannot create database %s", path);
        rc = -1;
    }
    if (rc == 0 && link(tmp.data, path) != 0 && errno != EEXIST) {
        *err = xasprintf("cannot create database %s: %s", path, strerror(errno));
        rc = -1;
    }
    db_remove_files(tmp.data);
    buf_free(&tmp);
    return rc;
}

sqlite3 *db_open(int mode, char **err)
{
    char *path = db_path();
    *err = NULL;
    if (mode == DB_RW) {
        char *slash = strrchr(path, '/');
        if (slash) {
            *slash = '\0';
            mkdir_p(path, 0755);
            *slash = '/';
        }
        if (access(path, F_OK) != 0 && create_db(path, err) != 0) {
            free(path);
            return NULL;
        }
    }
    int flags = mode == DB_RO ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    sqlite3 *db = open_conn(path, flags, err);
    if (db && mode == DB_RW && db_migrate(db) != 0) {
        *err = xasprintf("cannot migrate database %s", path);
        sqlite3_close(db);
        db = NULL;
    } else if (db && mode == DB_RO) {
        int v = user_version(db);
        if (v < 0 || v > schema_nsteps || v == 0) {
            *err = xasprintf("database %s is %s", path,
                          v == 0 ? "empty (run 'twitoff import' or 'twitoff reset')"
                                 : v < 0 ? "unreadable" : "from a newer version of twitoff");
            sqlite3_close(db);
            db = NULL;
        }
    }
    free(path);
    return db;
}

void db_close(sqlite3 *db)
{
    if (db) sqlite3_close(db);
}

int db_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
    warnx_("database: %s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
}

int db_begin(sqlite3 *db) { return db_exec(db, "BEGIN IMMEDIATE"); }
int db_commit(sqlite3 *db) { return db_exec(db, "COMMIT"); }

int db_rollback(sqlite3 *db)
{
    if (sqlite3_get_autocommit(db)) return 0;
    return db_exec(db, "ROLLBACK");
}

int db_migrate(sqlite3 *db)
{
    int v = user_version(db);
    if (v < 0) {
        warnx_("database: %s", sqlite3_errmsg(db));
        return -1;
    }
    if (v > schema_nsteps) {
        warnx_("database schema version %d is newer than this program's %d", v, schema_nsteps);
        return -1;
    }
    for (int i = v; i < schema_nsteps; i++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i + 1);
        if (db_begin(db) != 0) return -1;
        if (user_version(db) > i) {           /* another process migrated meanwhile */
            db_rollback(db);
            continue;
        }
        if (db_exec(db, schema_steps[i]) != 0 || db_exec(db, pragma) != 0 || db_commit(db) != 0) {
            db_rollback(db);
            return -1;
        }
    }
    return 0;
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        warnx_("database: %s", sqlite3_errmsg(db));
        return NULL;
    }
    return st;
}

static char *col_str(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? xstrdup((const char *)s) : NULL;
}

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
    u->source = col_str(st, 1);
    u->handle = col_str(st, 2);
    u->display_name = col_str(st, 3);
    u->remote_id = col_str(st, 4);
    u->newest_post_id = col_str(st, 5);
    u->revision = sqlite3_column_int64(st, 6);
    u->fetched_at = sqlite3_column_int64(st, 7);
    u->post_count = sqlite3_column_int64(st, 8);
    u->newest_post_at = sqlite3_column_int64(st, 9);
}

int db_user_find(sqlite3 *db, const char *handle, User *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, USER_COLS "WHERE u.handle = ?1 COLLATE NOCASE "
                                                "ORDER BY u.handle = ?1 DESC, u.id LIMIT 1");
    if (!st) return -1;
    sqlite3_bind_text(st, 1, handle, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) user_from_row(st, out);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int db_users_list(sqlite3 *db, User **out, int *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, USER_COLS "ORDER BY u.handle COLLATE NOCASE, u.id");
    if (!st) return -1;
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, sizeof **out * (size_t)cap);
        }
        user_from_row(st, &(*out)[(*n)++]);
    }
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
                       const char *display_name, const char *remote_id)
{
    sqlite3_stmt *st = db_prepare(db,
        "INSERT INTO users (source, handle, display_name, remote_id) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (source, handle) DO UPDATE SET "
        " display_name = coalesce(excluded.display_name, display_name),"
        " remote_id = coalesce(excluded.remote_id, remote_id) RETURNING id");
    if (!st) return -1;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, handle, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, display_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, remote_id, -1, SQLITE_STATIC);
    int64_t id = -1;
    if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
    else warnx_("database: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return id;
}

int post_writer_open(PostWriter *w, sqlite3 *db)
{
    w->db = db;
    w->insert = db_prepare(db, "INSERT OR IGNORE INTO posts (user_id, remote_id, created_at, text) "
                               "VALUES (?, ?, ?, ?)");
    return w->insert ? 0 : -1;
}

int post_writer_add(PostWriter *w, int64_t user_id, const char *remote_id, int64_t created_at,
                    const char *text)
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
    if (rc != SQLITE_DONE) {
        warnx_("database: %s", sqlite3_errmsg(w->db));
        return -1;
    }
    return sqlite3_changes(w->db) > 0 ? 1 : 0;
}

void post_writer_close(PostWriter *w)
{
    sqlite3_finalize(w->insert);
    w->insert = NULL;
}

int db_user_delete(sqlite3 *db, const char *handle)
{
    User u;
    int found = db_user_find(db, handle, &u);
    if (found <= 0) return found;
    sqlite3_stmt *st = db_prepare(db, "DELETE FROM users WHERE id = ?");
    if (!st) {
        user_clear(&u);
        return -1;
    }
    sqlite3_bind_int64(st, 1, u.id);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 1 : -1;
    if (rc < 0) warnx_("database: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    user_clear(&u);
    return rc;
}

int db_user_posts(sqlite3 *db, int64_t user_id, char ***texts, char ***ids, int *n)
{
    *texts = NULL;
    if (ids) *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT text, remote_id FROM posts WHERE user_id = ? ORDER BY id");
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *texts = xrealloc(*texts, sizeof **texts * (size_t)cap);
            if (ids) *ids = xrealloc(*ids, sizeof **ids * (size_t)cap);
        }
        (*texts)[*n] = col_str(st, 0);
        if (ids) (*ids)[*n] = col_str(st, 1);
        (*n)++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        warnx_("database: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

void strv_free(char **v, int n)
{
    if (!v) return;
    for (int i = 0; i < n; i++) free(v[i]);
    free(v);
}

int64_t db_job_add(sqlite3 *db, const char *kind, const char *arg, const char *source)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO jobs (kind, arg, source) VALUES (?, ?, ?) RETURNING id");
    if (!st) return -1;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, arg, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (id < 0) warnx_("database: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return id;
}

int64_t db_run_start(sqlite3 *db, const char *command)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO runs (command) VALUES (?) RETURNING id");
    if (!st) return -1;
    sqlite3_bind_text(st, 1, command, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (id < 0) warnx_("database: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return id;
}

int db_run_finish(sqlite3 *db, int64_t id, const char *status, int users_fetched,
                  int posts_added, int pairs_trained, int errors, const char *message)
{
    sqlite3_stmt *st = db_prepare(db,
        "UPDATE runs SET finished_at = strftime('%s','now'), status = ?, users_fetched = ?,"
        " posts_added = ?, pairs_trained = ?, errors = ?, message = ? WHERE id = ?");
    if (!st) return -1;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, users_fetched);
    sqlite3_bind_int(st, 3, posts_added);
    sqlite3_bind_int(st, 4, pairs_trained);
    sqlite3_bind_int(st, 5, errors);
    sqlite3_bind_text(st, 6, message, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, id);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    if (rc) warnx_("database: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}
