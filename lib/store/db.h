/* db.h - the SQLite store's connection: opening (read-write or read-only), schema migrations,
 * transactions and the integrity check. The queries live beside it, one module per table
 * (users.h, runs.h, pairs.h, summary.h; the queue store's in queue.h, jobs.h, sessions.h): no SQL
 * is written outside lib/store. Every function that can fail returns -1 (or NULL) with a one-line
 * reason in (err, errlen). */
#ifndef TWITOFF_DB_H
#define TWITOFF_DB_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

enum { DB_RW = 0, DB_RO = 1 };

/* The database path: $TWITOFF_DB, or $TWITOFF_HOME/twitoff.db. Caller frees. */
char *db_path(void);

/* Open the store. DB_RW creates the file when missing, enables WAL and foreign keys and
 * migrates the schema; DB_RO (the pages) opens an existing file read-only (SQLITE_OPEN_READONLY:
 * never creates, never migrates; a missing file, or missing -wal/-shm files this user cannot
 * create, is an error naming the path). Both set a busy timeout and keep the -wal and -shm files
 * when they close (SQLITE_FCNTL_PERSIST_WAL), so that a reader that cannot write the directory
 * can open the database. NULL with the reason in err on failure. */
sqlite3 *db_open(int mode, char *err, size_t errlen);

/* Declare the program single-threaded (the pages): SQLite then takes no mutexes. Call it before
 * the first db_open, from main; a later call does nothing. */
void db_single_threaded(void);

/* Remove a database file with its -wal, -shm and -journal files (missing ones are fine).
 * 0, or -1 naming what could not be removed. */
int db_remove_files(const char *path, char *err, size_t errlen);

/* Close the store (NULL is allowed). */
void db_close(sqlite3 *db);

/* Apply the migration steps newer than the database's user_version. 0 or -1. */
int db_migrate(sqlite3 *db, char *err, size_t errlen);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK (rolling back outside a transaction is a
 * no-op). 0 or -1. */
int db_begin(sqlite3 *db, char *err, size_t errlen);
int db_commit(sqlite3 *db, char *err, size_t errlen);
int db_rollback(sqlite3 *db);

/* Let db's page cache grow to mb MiB (SQLite's default is 2 MiB), for one large transaction. */
void db_cache_size(sqlite3 *db, int mb);

/* 1 while a transaction is open on db. */
int db_in_transaction(sqlite3 *db);

/* Run PRAGMA integrity_check and call problem(ctx, line) for every line that is not "ok".
 * Returns the number of problems, or -1 when the check could not run. */
int db_integrity(sqlite3 *db, void (*problem)(void *ctx, const char *line), void *ctx,
                 char *err, size_t errlen);

#endif
