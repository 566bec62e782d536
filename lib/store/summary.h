/* summary.h - what the store holds at a glance: counts for `twitoff status`, and a fingerprint of
 * everything the user lists show, so `nightly` rewrites them only when it changed. */
#ifndef TWITOFF_SUMMARY_H
#define TWITOFF_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

typedef struct {
    int64_t users, posts, pairs;   /* rows */
} StoreCounts;

/* Fill c. 0 or -1. */
int db_counts(sqlite3 *db, StoreCounts *c, char *err, size_t errlen);

/* A 64-bit hash of what the lists show: every user (id, handle, display name, post revision) and
 * every pair (users, fingerprint, accuracy). 0 or -1. */
int db_lists_fingerprint(sqlite3 *db, uint64_t *out, char *err, size_t errlen);

#endif
