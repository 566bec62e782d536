/* shared_pairs.h - the store's record of the shared model's held-out accuracy on each pair of
 * accounts, which decides per pair whether the pair's own model or the shared model answers. */
#ifndef TWITOFF_SHARED_PAIRS_H
#define TWITOFF_SHARED_PAIRS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* Replace every row with the n accounts' pairs: ids[i] is account i's users.id, and
 * equal[i * n + j], posts[i * n + j] (i < j) the accuracy under each prior (negative: unknown,
 * not stored). NULL arrays (no held-out estimate) just remove the rows. 0, or -1 with err. */
int db_shared_pairs_save(sqlite3 *db, const int64_t *ids, int n, const double *equal, const double *posts,
                         char *err, size_t errlen);

/* Every recorded pair of the n accounts (ids as for db_shared_pairs_save) into equal and posts
 * (n * n each, allocated by the caller; [i * n + j] for i < j, -1 where no row). 0, or -1 with
 * err. */
int db_shared_pairs_load(sqlite3 *db, const int64_t *ids, int n, double *equal, double *posts, char *err,
                         size_t errlen);

/* The shared model's held-out accuracy on pair (a, b) (either order) under prior (0 equal, 1
 * posts), or -1 when unknown (no row; a store older than the table counts as no row); -2 with
 * err on another error. */
double db_shared_pair_accuracy(sqlite3 *db, int64_t a, int64_t b, int prior, char *err, size_t errlen);

#endif
