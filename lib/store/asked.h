/* asked.h - the store's record of the pairs people asked for (the predict page's queue/asked
 * file, folded in by the batch) and of what the last training run left over by its budget. */
#ifndef TWITOFF_ASKED_H
#define TWITOFF_ASKED_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* Add `times` requests of pair (user_a, user_b) (users.id, a's handle sorting first), the latest
 * at unix time last: the count grows, the last-asked time only moves forward. 0 or -1. */
int db_asked_add(sqlite3 *db, int64_t user_a, int64_t user_b, int64_t times, int64_t last,
                 char *err, size_t errlen);

/* Forget the requests whose latest is older than unix time cutoff. Rows removed, or -1. */
int db_asked_prune(sqlite3 *db, int64_t cutoff, char *err, size_t errlen);

/* Call fn(ctx, user_a, user_b, times, last_asked) for every asked pair. Returns the count, or -1. */
int db_asked_each(sqlite3 *db, void (*fn)(void *ctx, int64_t a, int64_t b, int64_t times, int64_t last),
                  void *ctx, char *err, size_t errlen);

/* Record what the last training run left over: `left` stale pairs not trained, and why ("time",
 * "max_pair_models"; NULL when nothing was left). 0 or -1. */
int db_budget_left_set(sqlite3 *db, int64_t left, const char *reason, char *err, size_t errlen);

/* The last run's left-over count (0 when no run recorded one), or -1 with err. */
int64_t db_budget_left(sqlite3 *db, char *err, size_t errlen);

#endif
