/* stale.h - which pairs of users need (re)training: the pair list and data fingerprints. */
#ifndef TWITOFF_STALE_H
#define TWITOFF_STALE_H

#include <sqlite3.h>
#include "users.h"
#include "train.h"

/* One pair of users in canonical order (a's handle sorts before b's). */
typedef struct {
    User *a, *b;        /* borrowed from the user array */
    char *fingerprint;  /* what the model must have been trained on to be fresh (owned) */
    int stale;          /* 1 when the stored model is missing, outdated or unreadable */
} Pair;

/* Every pair of users that both have at least o->min_posts posts, with staleness.
 * users/nusers come from db_users_list. Returns the count, or -1 with err. Free with pairs_free. */
int pairs_list(sqlite3 *db, User *users, int nusers, const TrainOptions *o, Pair **out,
               char *err, size_t errlen);
void pairs_free(Pair *p, int n);

/* The fingerprint of a pair's data and recipe. Caller frees. */
char *pair_fingerprint(const User *a, const User *b, const TrainOptions *o);

/* Number of stale pairs under the current settings, or -1 with err. */
int stale_pair_count(sqlite3 *db, char *err, size_t errlen);

#endif
