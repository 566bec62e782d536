/* reliability.h - the store's record of how honest each pair's probabilities were on held-out
 * posts: its calibrated answers binned by the winner's probability (metrics.h). */
#ifndef TWITOFF_RELIABILITY_H
#define TWITOFF_RELIABILITY_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "metrics.h"

/* Replace pair (user_a, user_b)'s rows with the non-empty bins of m (an empty m removes them).
 * 0, or -1 with the reason in err. */
int db_pair_reliability_save(sqlite3 *db, int64_t user_a, int64_t user_b, const Metrics *m,
                             char *err, size_t errlen);

/* Every trained pair's bins added up into *out (each pair weighing as stored: 1), and the number
 * of pairs with bins into *pairs. 0, or -1 with err. */
int db_reliability_total(sqlite3 *db, Metrics *out, int *pairs, char *err, size_t errlen);

#endif
