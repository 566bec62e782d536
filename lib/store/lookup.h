/* lookup.h - the quick user look-up of the pages that answer by name (POST /predict): the id and
 * stored handle only, without the post counts and dates that db_user_find computes. */
#ifndef TWITOFF_LOOKUP_H
#define TWITOFF_LOOKUP_H

#include <stddef.h>
#include <sqlite3.h>
#include "users.h"

/* Find a user by handle as db_user_find does (case-insensitive; an exact-case match wins, then
 * the lowest id), filling only out->id and out->handle (the rest zero; user_clear frees it).
 * 1 found, 0 not, -1 error. */
int db_user_lookup(sqlite3 *db, const char *handle, User *out, char *err, size_t errlen);

#endif
