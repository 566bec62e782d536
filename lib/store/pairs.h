/* pairs.h - the store's record of trained pair models: what each model learnt from (the
 * fingerprint that makes it fresh or stale), its held-out accuracy and its file. */
#ifndef TWITOFF_PAIRS_H
#define TWITOFF_PAIRS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "users.h"

/* A pairs row; strings belong to whoever filled it (db_pairs_each: valid during the callback). */
typedef struct {
    int64_t user_a, user_b;    /* users.id, a's handle sorting first */
    const char *handle_a, *handle_b;
    int64_t posts_a, posts_b;  /* posts each model learnt from */
    const char *fingerprint;   /* the data and recipe it was trained on */
    double accuracy;           /* held-out accuracy 0..1, or -1 when unknown */
    int64_t n_features;        /* non-zero weights in the model file */
    const char *model_file;    /* file name under $TWITOFF_HOME/models */
    int64_t trained_at;        /* unix seconds */
    double train_seconds;
} PairRow;

/* Insert or replace the row of pair (r->user_a, r->user_b). 0 or -1. */
int db_pair_save(sqlite3 *db, const PairRow *r, char *err, size_t errlen);

/* Call fn for every pair row (ordered by user_a, user_b). Returns the count, or -1. */
int db_pairs_each(sqlite3 *db, void (*fn)(void *ctx, const PairRow *r), void *ctx,
                  char *err, size_t errlen);

/* Delete the row of pair (user_a, user_b) (its model file is the caller's). 0 or -1. */
int db_pair_delete(sqlite3 *db, int64_t user_a, int64_t user_b, char *err, size_t errlen);

/* 1 when a pair row names model file name, 0 when none does, -1 on error. */
int db_pair_file_known(sqlite3 *db, const char *name, char *err, size_t errlen);

/* The mean held-out accuracy of each user's trained pairs into acc[i] for users[i] (-1 when
 * the user has none). 0 or -1. */
int db_user_accuracies(sqlite3 *db, const User *users, int n, double *acc, char *err, size_t errlen);

/* Call fn(ctx, other handle, accuracy) for each trained pair of user_id that has an accuracy,
 * best first. Returns the count, or -1. */
int db_user_pairs(sqlite3 *db, int64_t user_id, void (*fn)(void *ctx, const char *other, double accuracy),
                  void *ctx, char *err, size_t errlen);

/* 1 when the row of pair (user_a, user_b) (a's handle sorting first) records a model with these
 * post counts and training time (the model file's), and both users' posts are unchanged since
 * (their revisions are those it was trained on); 0 when not (no row, another file, newer posts),
 * -1 on error. */
int db_pair_current(sqlite3 *db, int64_t user_a, int64_t user_b, int64_t posts_a, int64_t posts_b,
                    int64_t trained_at, char *err, size_t errlen);

#endif
