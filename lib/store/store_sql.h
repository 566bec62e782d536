/* store_sql.h - what the store's modules share (private to lib/store): preparing and running
 * statements with errors in the caller's buffer, and reading columns. */
#ifndef TWITOFF_STORE_SQL_H
#define TWITOFF_STORE_SQL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* "database: <SQLite's message>" into err; returns -1. */
int sql_fail(sqlite3 *db, char *err, size_t errlen);

/* Prepare sql; NULL with the reason in err. */
sqlite3_stmt *sql_prepare(sqlite3 *db, const char *sql, char *err, size_t errlen);

/* Run sql (any number of statements, no results). 0 or -1. */
int sql_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);

/* Step a statement expected to finish (INSERT/UPDATE/DELETE) and finalize it. 0 or -1. */
int sql_done(sqlite3 *db, sqlite3_stmt *st, char *err, size_t errlen);

/* Step a statement expected to return one integer row (count(*), RETURNING id) and finalize it.
 * The value, or -1 (a NULL value is def). */
int64_t sql_int(sqlite3 *db, sqlite3_stmt *st, int64_t def, char *err, size_t errlen);

/* The database's PRAGMA user_version (its schema version), or -1. */
int sql_user_version(sqlite3 *db);

/* A copy of text column i, or NULL when it is NULL. */
char *sql_col_dup(sqlite3_stmt *st, int i);

/* Text column i, or "" when NULL (valid until the next step). */
const char *sql_col_str(sqlite3_stmt *st, int i);

/* Bind text (NULL binds NULL); the string must outlive the statement's use. */
void sql_bind_str(sqlite3_stmt *st, int i, const char *s);

#endif
