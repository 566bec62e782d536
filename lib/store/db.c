/* db.c - the SQLite store's connection: opening (read-write or read-only), migrations, transactions. */
#include "db.h"
#include "config.h"
#include "queue.h"
#include "store_sql.h"
#include "files.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The step (0-based) of schema/003-jobs-queue.sql, which drops the jobs table: its rows are moved
 * to the queue store just before it runs. */
#define JOBS_QUEUE_STEP 2

/* Generated from schema/NNN-*.sql by the Makefile. */
extern const char *const schema_steps[];
extern const int schema_nsteps;

char *db_path(void)
{
    const char *p = getenv("TWITOFF_DB");
    return (p && *p) ? xstrdup(p) : home_path("twitoff.db");
}


/* Open path with flags and the settings every connection gets. NULL with err on failure. */
static sqlite3 *open_conn(const char *path, int flags, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        err_set(err, errlen, "cannot open database %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    /* Keep the -wal and -shm files when the last connection closes: the pages, which cannot
     * create files in the instance directory, open a WAL database only when they exist. */
    int one = 1;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    if (flags & SQLITE_OPEN_READWRITE)
        sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 4194304", NULL, NULL, NULL);
    return db;
}

int db_remove_files(const char *path, char *err, size_t errlen)
{
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    int rc = 0;
    for (int i = 0; i < 4; i++) {
        char *p = xasprintf("%s%s", path, suffix[i]);
        if (unlink(p) != 0 && errno != ENOENT) rc = err_set(err, errlen, "cannot remove %s: %s", p, strerror(errno));
        free(p);
    }
    return rc;
}

/* Create a new database at path atomically: built complete (WAL mode, schema) under a temporary
 * name, then linked into place, so a process killed meanwhile never leaves a half-made store
 * (nor a hot journal that read-only pages cannot recover). Losing a race to another creator
 * is fine. 0, or -1 with err. */
static int create_db(const char *path, char *err, size_t errlen)
{
    char *tmp = xasprintf("%s.new-%ld", path, (long)getpid());
    char ignored[8];
    db_remove_files(tmp, ignored, sizeof ignored);
    sqlite3 *db = open_conn(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err, errlen);
    int rc = db ? db_migrate(db, err, errlen) : -1;
    if (db && sqlite3_close(db) != SQLITE_OK && rc == 0) rc = err_set(err, errlen, "cannot create database %s", path);
    if (rc == 0 && link(tmp, path) != 0 && errno != EEXIST)
        rc = err_set(err, errlen, "cannot create database %s: %s", path, strerror(errno));
    db_remove_files(tmp, ignored, sizeof ignored);
    free(tmp);
    return rc;
}

/* A read-only connection must find a schema this program can read. 0, or -1 with err. */
static int check_version(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    int v = sql_user_version(db);
    if (v > 0 && v <= schema_nsteps) return 0;
    return err_set(err, errlen, "database %s is %s", path,
                   v == 0 ? "empty (run 'twitoff import' or 'twitoff reset')"
                          : v < 0 ? "unreadable" : "from a newer version of twitoff");
}

/* A read-only open needs the database and, for a user who cannot create files beside it, its
 * -wal and -shm files (the batch keeps them). 1 (the reason in err) when one is missing. */
static int missing(const char *path, char *err, size_t errlen)
{
    if (access(path, F_OK) != 0)
        return -err_set(err, errlen, "database %s: %s (the batch creates it: twitoff import or twitoff reset)",
                        path, strerror(errno));
    char *dir = xstrdup(path), *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    int can_create = access(slash ? dir : ".", W_OK) == 0;
    free(dir);
    const char *suffix[] = {"-wal", "-shm"};
    for (int i = 0; i < 2 && !can_create; i++) {
        char *p = xasprintf("%s%s", path, suffix[i]);
        int gone = access(p, F_OK) != 0;
        free(p);
        if (gone)
            return -err_set(err, errlen, "database %s: its %s file is missing and cannot be created by this user "
                            "(any twitoff command, e.g. twitoff status, makes it again)", path, suffix[i]);
    }
    return 0;
}

void db_single_threaded(void)
{
    /* both refused (harmlessly) once SQLite has started */
    sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);   /* no allocation statistics, which take a lock */
}

sqlite3 *db_open(int mode, char *err, size_t errlen)
{
    char *path = db_path();
    if (mode == DB_RW) {
        char *slash = strrchr(path, '/');
        if (slash) {
            *slash = '\0';
            mkdir_p(path, 0755);
            *slash = '/';
        }
        if (access(path, F_OK) != 0 && create_db(path, err, errlen) != 0) {
            free(path);
            return NULL;
        }
    }
    int flags = mode == DB_RO ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (mode == DB_RO && missing(path, err, errlen)) {
        free(path);
        return NULL;
    }
    sqlite3 *db = open_conn(path, flags, err, errlen);
    int rc = !db ? -1 : mode == DB_RW ? db_migrate(db, err, errlen) : check_version(db, path, err, errlen);
    if (db && rc != 0) {
        sqlite3_close(db);
        db = NULL;
    }
    free(path);
    return db;
}

void db_close(sqlite3 *db)
{
    if (db) sqlite3_close(db);
}

int db_begin(sqlite3 *db, char *err, size_t errlen) { return sql_exec(db, "BEGIN IMMEDIATE", err, errlen); }
int db_commit(sqlite3 *db, char *err, size_t errlen) { return sql_exec(db, "COMMIT", err, errlen); }

int db_rollback(sqlite3 *db)
{
    char ignored[8];
    if (sqlite3_get_autocommit(db)) return 0;
    return sql_exec(db, "ROLLBACK", ignored, sizeof ignored);
}

void db_cache_size(sqlite3 *db, int mb)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%d", mb * 1024);
    sqlite3_exec(db, pragma, NULL, NULL, NULL);
}

int db_in_transaction(sqlite3 *db)
{
    return !sqlite3_get_autocommit(db);
}

int db_migrate(sqlite3 *db, char *err, size_t errlen)
{
    int v = sql_user_version(db);
    if (v < 0) return sql_fail(db, err, errlen);
    if (v > schema_nsteps)
        return err_set(err, errlen, "database schema version %d is newer than this program's %d", v, schema_nsteps);
    for (int i = v; i < schema_nsteps; i++) {
        if (i == JOBS_QUEUE_STEP && queue_adopt_jobs(db, err, errlen) != 0) return -1;   /* copy the jobs first */
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i + 1);
        if (db_begin(db, err, errlen) != 0) return -1;
        if (sql_user_version(db) > i) {           /* another process migrated meanwhile */
            db_rollback(db);
            continue;
        }
        if (sql_exec(db, schema_steps[i], err, errlen) != 0 || sql_exec(db, pragma, err, errlen) != 0 ||
            db_commit(db, err, errlen) != 0) {
            db_rollback(db);
            return -1;
        }
    }
    return 0;
}

int db_integrity(sqlite3 *db, void (*problem)(void *ctx, const char *line), void *ctx,
                 char *err, size_t errlen)
{
    sqlite3_stmt *st = sql_prepare(db, "PRAGMA integrity_check", err, errlen);
    if (!st) return -1;
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *r = sql_col_str(st, 0);
        if (strcmp(r, "ok") != 0) {
            problem(ctx, r);
            n++;
        }
    }
    if (rc != SQLITE_DONE) n = sql_fail(db, err, errlen);
    sqlite3_finalize(st);
    return n;
}
