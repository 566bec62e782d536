/* lookup.h - the quick user look-up of the pages that answer by name (POST /predict): the id and
 * stored handle only, without the post counts and dates that db_user_find computes, from a
 * statement prepared once per connection (a FastCGI process keeps its connection). */
#ifndef TWITOFF_LOOKUP_H
#define TWITOFF_LOOKUP_H

#include <stddef.h>
#include <sqlite3.h>
#include "users.h"

/* Find a user by handle as db_user_find does (case-insensitive; an exact-case match wins, then
 * the lowest id), filling only out->id and out->handle (the rest zero; user_clear frees it).
 * The statement is kept for the next call on the same connection: close db with
 * db_lookup_close. 1 found, 0 not, -1 error. */
int db_user_lookup(sqlite3 *db, const char *handle, User *out, char *err, size_t errlen);

/* Finalize the statement db_user_lookup kept for db (if any), then db_close(db). */
void db_lookup_close(sqlite3 *db);

#endif
