/* asked_fold.h - folding the predict page's queue/asked file (asked_line.h) into the store. */
#ifndef TWITOFF_ASKED_FOLD_H
#define TWITOFF_ASKED_FOLD_H

#include <stddef.h>
#include <sqlite3.h>
#include "users.h"

/* What a fold found. */
typedef struct {
    int lines;      /* lines read */
    int ignored;    /* lines that were not "SECONDS A B", named an unknown user, or were in the future */
    int pairs;      /* distinct pairs recorded */
} AskedFold;

/* Create $TWITOFF_HOME/queue when missing; move queue/asked to a private name, read it (the
 * first ASKED_MAX_BYTES, a regular file only, never through a symbolic link: the web server's
 * user writes this directory and is not trusted), count the requests per pair of users (handles
 * matched case-insensitively) into the store with the latest time (db_asked_add), delete it, and
 * forget requests older than asked_days (twitoff.conf, default 30). A missing file is nothing to
 * fold. 0, or -1 with err (the file is then left for the next run when it could not be read). */
int asked_fold(sqlite3 *db, const User *users, int nusers, AskedFold *out, char *err, size_t errlen);

#endif
