/* db.h - the SQLite store: opening (read-write or read-only), schema migrations, users and posts. */
#ifndef TWITOFF_DB_H
#define TWITOFF_DB_H

#include <stdint.h>
#include <sqlite3.h>

enum { DB_RW = 0, DB_RO = 1 };

/* The database path: $TWITOFF_DB, or $TWITOFF_HOME/twitoff.db. Caller frees. */
char *db_path(void);

/* Open the store. DB_RW creates the file when missing, enables WAL and foreign keys and
 * migrates the schema; DB_RO opens an existing file read-only. Both set a busy timeout.
 * Returns NULL with a one-line message in *err (caller frees) on failure. */
sqlite3 *db_open(int mode, char **err);

/* Remove a database file with its -wal, -shm and -journal files (missing ones are fine).
 * 0, or -1 after printing what could not be removed. */
int db_remove_files(const char *path);

/* Close the store (NULL is allowed). */
void db_close(sqlite3 *db);

/* The schema version this build writes (the number of migration steps). */
int db_schema_version(void);

/* Apply the migration steps newer than the database's user_version. 0 or -1 (message printed). */
int db_migrate(sqlite3 *db);

/* Run SQL with no results; on error print "twitoff: <what>: <sqlite message>" and return -1. */
int db_exec(sqlite3 *db, const char *sql);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or -1. */
int db_begin(sqlite3 *db);
int db_commit(sqlite3 *db);
int db_rollback(sqlite3 *db);

/* Prepare a statement; prints the error and returns NULL on failure. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);

/* A user row. Strings are owned by the struct (user_clear frees them). */
typedef struct {
    int64_t id;
    char *source;          /* import | x | bluesky | mastodon */
    char *handle;          /* screen name */
    char *display_name;    /* may be NULL */
    char *remote_id;       /* may be NULL */
    char *newest_post_id;  /* may be NULL */
    int64_t revision;      /* bumped on every change of the user's posts */
    int64_t fetched_at;    /* 0 when never fetched */
    int64_t post_count;    /* number of posts stored */
    int64_t newest_post_at;/* created_at of the newest post, 0 when none */
} User;

void user_clear(User *u);

/* Find a user by handle (case-insensitive; an exact-case match wins). 1 found, 0 not, -1 error. */
int db_user_find(sqlite3 *db, const char *handle, User *out);

/* All users ordered by handle (case-insensitive). *out is an array of *n users; free with
 * users_free. 0 or -1. */
int db_users_list(sqlite3 *db, User **out, int *n);
void users_free(User *users, int n);

/* The id of user (source, handle), creating the row when missing; display_name and remote_id
 * update the row when not NULL. Returns the id, or -1 on error. */
int64_t db_user_upsert(sqlite3 *db, const char *source, const char *handle,
                       const char *display_name, const char *remote_id);

/* A prepared post insert, for adding many posts fast. */
typedef struct {
    sqlite3 *db;          /* the store */
    sqlite3_stmt *insert; /* INSERT OR IGNORE INTO posts */
} PostWriter;

/* Prepare w on db. 0 or -1. */
int post_writer_open(PostWriter *w, sqlite3 *db);
/* Insert a post unless (user, remote_id) is stored already. 1 inserted, 0 duplicate, -1 error.
 * text must be valid UTF-8 (see text.h). created_at 0 means unknown. */
int post_writer_add(PostWriter *w, int64_t user_id, const char *remote_id, int64_t created_at,
                    const char *text);
void post_writer_close(PostWriter *w);

/* Delete a user with its posts and pair rows. 1 deleted, 0 no such user, -1 error. */
int db_user_delete(sqlite3 *db, const char *handle);

/* A user's post texts in a fixed order (by row id): *texts is an array of *n strings, and when
 * ids is not NULL *ids gets the posts' remote ids. Free with strv_free. 0 or -1. */
int db_user_posts(sqlite3 *db, int64_t user_id, char ***texts, char ***ids, int *n);
void strv_free(char **v, int n);

/* Queue a job for `twitoff work`. Returns its id or -1. */
int64_t db_job_add(sqlite3 *db, const char *kind, const char *arg, const char *source);

/* Record the start of a batch run; returns its id or -1. */
int64_t db_run_start(sqlite3 *db, const char *command);

/* Record the end of run id with status "ok" or "failed" and counts; message may be NULL. */
int db_run_finish(sqlite3 *db, int64_t id, const char *status, int users_fetched,
                  int posts_added, int pairs_trained, int errors, const char *message);

#endif
