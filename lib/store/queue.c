/* queue.c - the queue store: the web-writable database of jobs and admin sessions, opened without
 * following links, its -wal and -shm files kept so that pages never create files. */
#include "queue.h"
#include "config.h"
#include "files.h"
#include "store_sql.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The queue store's schema steps; PRAGMA user_version is the number applied. */
static const char *const queue_steps[] = {
    "CREATE TABLE jobs ("
    " id INTEGER PRIMARY KEY, kind TEXT NOT NULL, arg TEXT, source TEXT,"
    " status TEXT NOT NULL DEFAULT 'queued', message TEXT,"
    " created_at INTEGER NOT NULL DEFAULT (strftime('%s','now')), started_at INTEGER, finished_at INTEGER);"
    "CREATE INDEX jobs_status ON jobs(status, id);"
    "CREATE TABLE sessions ("
    " id_sha256 TEXT PRIMARY KEY,"            /* SHA-256 of the session id the cookie carries */
    " key_tag TEXT NOT NULL,"                 /* which admin key signed it in (rotation ends it) */
    " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);",
};
static const int queue_nsteps = (int)(sizeof queue_steps / sizeof *queue_steps);
static const char *const sidecar[] = {"", "-wal", "-shm"};

char *queue_dir(void) { return home_path("queue"); }
char *queue_path(void) { return home_path("queue/jobs.db"); }

/* 1 when uid may own the batch's files: this user, or the owner of the instance directory (the
 * batch user, when root runs a command). */
static int trusted_owner(uid_t uid)
{
    struct stat home;
    return uid == geteuid() || (stat(twitoff_home(), &home) == 0 && uid == home.st_uid);
}

/* The batch's check of one file of the store: absent (created here, empty, O_EXCL|O_NOFOLLOW) or
 * a regular file of a trusted owner with one link. 0, or -1 with err. */
static int batch_file(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT) return err_set(err, errlen, "cannot check %s: %s", path, strerror(errno));
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0660);
        if (fd < 0) return err_set(err, errlen, "cannot create %s: %s", path, strerror(errno));
        int rc = fchmod(fd, 0660);
        close(fd);
        return rc == 0 ? 0 : err_set(err, errlen, "cannot set the mode of %s: %s", path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode) || !trusted_owner(st.st_uid) || st.st_nlink != 1)
        return err_set(err, errlen, "refusing %s: not a regular file of the batch user (%s); remove it and run "
                       "again", path, S_ISLNK(st.st_mode) ? "a symbolic link" : st.st_nlink != 1 ? "a hard link"
                       : "owned by someone else");
    return 0;
}

/* The page's check: the file must exist as a regular file (a page creates nothing). */
static int page_file(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return err_set(err, errlen, "queue store %s: %s (run 'twitoff work' to create it)", path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return err_set(err, errlen, "queue store %s is not a regular file", path);
    return 0;
}

static int check_files(int mode, const char *path, char *err, size_t errlen)
{
    for (int i = 0; i < 3; i++) {
        char *p = xasprintf("%s%s", path, sidecar[i]);
        int rc = mode == QUEUE_BATCH ? batch_file(p, err, errlen) : page_file(p, err, errlen);
        free(p);
        if (rc != 0) return -1;
    }
    return 0;
}

static int migrate(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    for (int v = sql_user_version(db); v < queue_nsteps; v = sql_user_version(db)) {
        if (v < 0) return sql_fail(db, err, errlen);
        char *sql = xasprintf("%s PRAGMA user_version = %d;", queue_steps[v], v + 1);
        int rc = sql_exec(db, "BEGIN IMMEDIATE", err, errlen);
        if (rc == 0 && sql_user_version(db) == v) rc = sql_exec(db, sql, err, errlen);   /* else done meanwhile */
        if (rc == 0) rc = sql_exec(db, "COMMIT", err, errlen);
        free(sql);
        if (rc != 0) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
    }
    if (sql_user_version(db) > queue_nsteps) return err_set(err, errlen, "queue store %s is from a newer twitoff", path);
    return 0;
}

static sqlite3 *open_store(int mode, const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        err_set(err, errlen, "cannot open queue store %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    int one = 1;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_busy_timeout(db, 10000);
    int rc = sql_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 4194304", err, errlen);
    if (rc == 0 && mode == QUEUE_BATCH) rc = migrate(db, path, err, errlen);
    if (rc == 0 && sqlite3_db_readonly(db, "main") == 1)
        rc = err_set(err, errlen, "queue store %s is not writable by this user (docs/deploy.md)", path);
    if (rc == 0 && mode == QUEUE_PAGE && sql_user_version(db) != queue_nsteps)
        rc = err_set(err, errlen, "queue store %s is not at this version (run 'twitoff work')", path);
    if (rc != 0) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

sqlite3 *queue_open(int mode, char *err, size_t errlen)
{
    char *dir = queue_dir(), *path = queue_path();
    sqlite3 *db = NULL;
    struct stat st;
    int made = mode == QUEUE_BATCH && lstat(dir, &st) != 0;
    if (made && (mkdir_p(dir, 0770) != 0 || chmod(dir, 03770) != 0))
        err_set(err, errlen, "cannot create %s: %s", dir, strerror(errno));
    else if (check_files(mode, path, err, errlen) == 0)
        db = open_store(mode, path, err, errlen);
    free(dir);
    free(path);
    return db;
}

/* 1 when main has a jobs table with at least one row, 0 when not, -1 on error. */
static int has_jobs(sqlite3 *main_db, char *err, size_t errlen)
{
    int64_t tables = sql_int(main_db, sql_prepare(main_db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                                           " AND name = 'jobs'", err, errlen), 0, err, errlen);
    if (tables <= 0) return tables < 0 ? -1 : 0;
    int64_t n = sql_int(main_db, sql_prepare(main_db, "SELECT count(*) FROM jobs", err, errlen), 0, err, errlen);
    return n < 0 ? -1 : n > 0;
}

static int copy_jobs(sqlite3 *from, sqlite3 *to, char *err, size_t errlen)
{
    sqlite3_stmt *rd = sql_prepare(from, "SELECT id, kind, arg, source, status, message, created_at, started_at,"
                                         " finished_at FROM jobs ORDER BY id", err, errlen);
    sqlite3_stmt *wr = rd ? sql_prepare(to, "INSERT OR IGNORE INTO jobs (id, kind, arg, source, status, message,"
                                            " created_at, started_at, finished_at) VALUES (?,?,?,?,?,?,?,?,?)",
                                        err, errlen) : NULL;
    int rc = wr ? sql_exec(to, "BEGIN IMMEDIATE", err, errlen) : -1;
    while (rc == 0 && sqlite3_step(rd) == SQLITE_ROW) {
        for (int i = 0; i < 9; i++) sqlite3_bind_value(wr, i + 1, sqlite3_column_value(rd, i));
        if (sqlite3_step(wr) != SQLITE_DONE) rc = sql_fail(to, err, errlen);
        sqlite3_reset(wr);
    }
    if (rc == 0) rc = sql_exec(to, "COMMIT", err, errlen);
    else if (wr) sqlite3_exec(to, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_finalize(rd);
    sqlite3_finalize(wr);
    return rc;
}

int queue_adopt_jobs(sqlite3 *main_db, char *err, size_t errlen)
{
    int has = has_jobs(main_db, err, errlen);
    if (has <= 0) return has;
    sqlite3 *q = queue_open(QUEUE_BATCH, err, errlen);
    if (!q) return -1;
    int rc = copy_jobs(main_db, q, err, errlen);
    sqlite3_close(q);
    return rc;
}
