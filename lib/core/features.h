/* features.h - the text features every model uses: normalisation, hashed character and word
 * n-grams, sublinear tf weighting, L2-normalised sparse vectors. Training and prediction share it. */
#ifndef TWITOFF_FEATURES_H
#define TWITOFF_FEATURES_H

#include <stddef.h>
#include <stdint.h>

/* Bump whenever anything below changes what a text maps to: models of another version are
 * never scored with these features. */
#define FEATURE_VERSION 2   /* 2: a link keeps the first 2 characters of its path */
/* Features are hashed into 2^FEATURE_BITS buckets, numbered 1..2^FEATURE_BITS. */
#define FEATURE_BITS 20
#define FEATURE_DIM (1u << FEATURE_BITS)

/* One non-zero entry of a sparse vector. */
typedef struct {
    uint32_t index;  /* 1..FEATURE_DIM */
    float value;
} Feat;

/* A sparse vector: entries sorted by index, indices unique. */
typedef struct {
    Feat *v;    /* entries */
    int n;      /* entries used */
    int cap;    /* entries allocated */
} FeatVec;

void featvec_init(FeatVec *fv);
void featvec_free(FeatVec *fv);

/* The features of text (any UTF-8; invalid bytes are tolerated) into out, replacing its content.
 * The vector has unit L2 norm (or is empty for a text with no features). */
void features_extract(const char *text, FeatVec *out);

/* Kinds of n-gram, for explanations. */
enum { GRAM_CHAR = 0, GRAM_WORD = 1 };

/* Called once per distinct n-gram of a text: its bytes (as normalised, not NUL-terminated),
 * kind, bucket index and weight in the normalised vector. */
typedef void (*feature_cb)(void *ctx, const char *gram, size_t len, int kind, uint32_t index,
                           float value);

/* Enumerate the n-grams of text with their weights (same as features_extract), for explaining
 * a prediction. Order is unspecified. */
void features_each(const char *text, feature_cb cb, void *ctx);

/* An offset that is not in the original text: a space the normalisation added. */
#define FEATURE_NO_POS ((size_t)-1)

/* Called once per occurrence of an n-gram in a text: its kind and bucket index, its share of
 * the bucket's weight in the normalised vector (the weight divided equally among the
 * occurrences of every n-gram of that bucket, so the shares of a bucket add up to its weight),
 * and at[0..len): the byte offset in the original text of each byte of the n-gram (as
 * normalised: lower-cased for words), or FEATURE_NO_POS for a space the normalisation added. */
typedef void (*feature_at_cb)(void *ctx, int kind, uint32_t index, double share, const size_t *at,
                              size_t len);

/* Enumerate every occurrence of the n-grams of text with where it lies in text, for explaining a
 * prediction on the text itself. Uses exactly the features of features_extract. */
void features_each_at(const char *text, feature_at_cb cb, void *ctx);

/* The normalised form of text that n-grams are taken from: each URL cut to its scheme, host and
 * the first 2 characters of its path ("https://bbc.in/1Cim" -> "https://bbc.in/1C"), runs of
 * white space folded to one space, a space at each end, at most about 4 KiB; mentions (@name),
 * hashtags and case are kept as written. Caller frees. */
char *features_normalise(const char *text);

#endif
