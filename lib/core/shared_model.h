/* shared_model.h - the shared model: one multinomial logistic regression over all accounts, in a
 * versioned, checksummed file that is used in place through mmap (no parsing); any pair's view of
 * it as a pair Model, and the scores of every account for ranking. */
#ifndef TWITOFF_SHARED_MODEL_H
#define TWITOFF_SHARED_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "features.h"
#include "model.h"

/* The file name in $TWITOFF_HOME/models/ (never a pair's model: pair_model_file says no). */
#define SHARED_MODEL_FILE "shared.model"

/* One account of a model being written: its sparse weights sorted by bucket index. */
typedef struct {
    char *name;        /* screen name (owned) */
    uint32_t posts;    /* training posts */
    double bias;       /* intercept, fitted with the training proportions of the accounts */
    uint32_t n;        /* weights */
    uint32_t *index;   /* n ascending bucket indices */
    float *weight;     /* n weights */
} SharedAccount;

/* Held-out accuracy of the shared model (negative when unknown), under each prior. */
typedef struct {
    double top1[2];    /* [SHARED_PRIOR_EQUAL], [SHARED_PRIOR_POSTS]: right account among all */
    double pair[2];    /* mean over pairs of accounts of the pairwise accuracy */
} SharedAccuracy;

enum { SHARED_PRIOR_EQUAL = 0, SHARED_PRIOR_POSTS = 1 };

/* A model to write (the trainer fills it). */
typedef struct {
    SharedAccount *acc;    /* accounts, any order (saving sorts them by name) */
    int n;                 /* accounts */
    SharedAccuracy accuracy;
    int64_t trained_at;    /* unix seconds */
    uint64_t fingerprint;  /* what it was trained on (the batch decides staleness with it) */
    double *pair_acc[2];   /* NULL, or n * n each: [a * n + b] (a < b, in acc's order as given)
                              the held-out accuracy of the pair of accounts a and b under each
                              prior ([SHARED_PRIOR_EQUAL], [SHARED_PRIOR_POSTS]; < 0 unknown);
                              not owned (shared_build_free leaves them) */
} SharedBuild;

/* Free what b owns and zero it. */
void shared_build_free(SharedBuild *b);

/* Write b to path atomically (weights quantised to i16 with a scale per account; names must be
 * unique). 0, or -1 with a message in err. */
int shared_model_save(SharedBuild *b, const char *path, char *err, size_t errlen);

/* $TWITOFF_HOME/models/shared.model. Caller frees. */
char *shared_model_path(void);

/* Rewrite the shared model at path without account name (a deleted account): 1 when it was
 * dropped (the file is removed when fewer than 2 accounts would remain), 0 when the file has no
 * such account or there is no file, -1 with err (a file that cannot be read is removed, as it
 * could not be used anyway). */
int shared_model_drop(const char *path, const char *name, char *err, size_t errlen);

/* An open shared model (opaque: the file mapped read-only). */
typedef struct SharedModel SharedModel;

/* Map and check the file at path: header checksum, sizes, and the checksum of the name and
 * account tables; each range of an account's weights is checked (bounds and sum) the first time a
 * bucket in it is read, so answering a text checks only the ranges of its buckets; an account's
 * directory sum and row order where the account is read whole. On success
 * *out is set; -1 with a one-line reason in err otherwise ("truncated", "checksum mismatch", ...).
 * The intercepts follow the prior setting (conf "prior": equal, the default, or posts). */
int shared_model_open(const char *path, SharedModel **out, char *err, size_t errlen);
void shared_model_close(SharedModel *sm);

/* The same checks over len bytes at data, which must stay valid until shared_model_close (the
 * fuzzer and the tests use it). */
int shared_model_open_mem(const void *data, size_t len, SharedModel **out, char *err, size_t errlen);

/* The 32-bit sum (a fast hash, not a CRC) that guards each range of an account's weights, each
 * account's directory and each block of pair accuracies in the file (the fuzzer recomputes it). */
uint32_t shared_model_sum32(const void *data, size_t n);

/* Check every account's weights, and the pairs' accuracies, now (the batch does, before trusting a
 * file). 0, or -1 with err. */
int shared_model_verify(SharedModel *sm, char *err, size_t errlen);

/* Number of accounts, and account i's name (0 <= i < count; sorted byte-wise) and posts. */
int shared_model_count(const SharedModel *sm);
const char *shared_model_name(const SharedModel *sm, int i);
uint32_t shared_model_posts(const SharedModel *sm, int i);

/* Index of name (exact bytes first, else ASCII case-insensitively), or -1 when the model has
 * no such account. */
int shared_model_find(const SharedModel *sm, const char *name);

/* Header facts: held-out accuracy, training time, fingerprint, the prior in use. */
const SharedAccuracy *shared_model_accuracy(const SharedModel *sm);
int64_t shared_model_trained_at(const SharedModel *sm);
uint64_t shared_model_fingerprint(const SharedModel *sm);
int shared_model_prior(const SharedModel *sm);

/* Account i's weights (checked first), dequantised, intercept as fitted, name and posts, into a
 * (free its members with free; shared_build_free frees them in a build). 0, or -1 with err. */
int shared_model_account(SharedModel *sm, int i, SharedAccount *a, char *err, size_t errlen);

/* The held-out accuracy of the pair of accounts a and b under prior (SHARED_PRIOR_*; the one in
 * use: shared_model_prior), as the file holds it: -1 when unknown (a file without pair
 * accuracies, a pair without held-out posts), -2 when its block fails its sum. */
double shared_model_pair_accuracy(const SharedModel *sm, int a, int b, int prior);

/* 1 when a pair is better answered by the shared model than by its own fresh model: both held-out
 * accuracies on the pair's posts are known (>= 0) and the shared model's is higher. Ties keep
 * the pair's own model. */
int shared_answers_better(double shared_acc, double own_acc);

/* The prior the settings ask for (conf "prior": posts, else equal): SHARED_PRIOR_*. */
int shared_prior_setting(void);

/* The pair view of accounts a and b (indices): a pair Model whose weights are w_b - w_a and bias
 * b_b - b_a, so P(b | a or b) = model_prob_b; handles, posts, accuracy (the shared model's mean
 * pairwise) and time filled. Free with model_free. 0, or -1 with err (a checksum mismatch). */
int shared_model_pair(SharedModel *sm, int a, int b, Model *out, char *err, size_t errlen);

/* The same view holding only the weights of the buckets of text (what answering and explaining
 * that one text read): the same answers and explanations for it, at the cost of a few binary
 * searches instead of a merge of both accounts' weights. 0, or -1 with err. */
int shared_model_pair_for(SharedModel *sm, int a, int b, const char *text, Model *out, char *err,
                          size_t errlen);

/* shared_model_pair_for with the text's features already extracted into x (features_extract). */
int shared_model_pair_vec(SharedModel *sm, int a, int b, const FeatVec *x, Model *out, char *err,
                          size_t errlen);

/* The score (log-odds up to a constant) of each of the count accounts for x into scores[count].
 * 0, or -1 with err when an account's weights fail their checksum. */
int shared_model_scores(SharedModel *sm, const FeatVec *x, double *scores, char *err, size_t errlen);

/* One account of a ranking. */
typedef struct {
    int account;       /* index in the model */
    double prob;       /* probability among the accounts ranked */
} SharedRank;

/* Rank the accounts with keep[i] != 0 (keep NULL: all) for text, most likely first, into
 * out[0..count) (room for every account). Returns how many were ranked, or -1 with err. */
int shared_model_rank(SharedModel *sm, const char *text, const unsigned char *keep, SharedRank *out,
                      char *err, size_t errlen);

/* Softmax of scores restricted to the accounts with keep[i] != 0 (keep NULL: all) into prob
 * (0 for the others); the kept probabilities sum to 1. */
void shared_softmax(const double *scores, const unsigned char *keep, int n, double *prob);

#endif
