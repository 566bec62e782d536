/* model.h - pairwise model files: compact, versioned, checksummed; saved atomically, loaded
 * without parsing text; scoring a feature vector and explaining a prediction. */
#ifndef TWITOFF_MODEL_H
#define TWITOFF_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "features.h"

/* A logistic-regression model for one pair: decision value f = w.x + bias (positive favours b);
 * P(b wrote x) = 1 / (1 + exp(-(cal_a * f + cal_b))) when calibrated, else 1 / (1 + exp(-f))
 * (calibrate.h). A zeroed Model is uncalibrated: its probability is the plain sigmoid. */
typedef struct {
    uint32_t feature_version; /* FEATURE_VERSION it was trained with */
    uint32_t feature_bits;    /* FEATURE_BITS it was trained with */
    char *handle_a;           /* the negative class */
    char *handle_b;           /* the positive class */
    uint32_t posts_a;         /* training posts of each user */
    uint32_t posts_b;
    double accuracy;          /* held-out accuracy estimate (0..1; negative when unknown) */
    int64_t trained_at;       /* unix seconds */
    double bias;              /* intercept */
    uint32_t n;               /* non-zero weights */
    uint32_t *index;          /* n ascending bucket indices */
    float *weight;            /* n weights */
    uint32_t *jump;           /* first weight of each of 2^jump_bits index ranges, +1 end entry
                                 (built by model_index; NULL: search everything) */
    unsigned jump_bits;       /* at most MODEL_JUMP_BITS: about one weight a range for a small
                                 model (the pair view of one text), whose table is then small */
    /* Last, so that an initialiser that stops before them leaves the model uncalibrated. */
    int calibrated;           /* 1: cal_a and cal_b map the decision value (0: identity) */
    double cal_a, cal_b;      /* Platt scaling fitted on held-out decision values, both users
                                 weighing equally (prior = equal) */
    int legacy;               /* 1: read from an older file format (uncalibrated; the batch
                                 counts the pair stale and retrains it) */
} Model;

#define MODEL_JUMP_BITS 12

/* Build m->jump after index and weight are filled (model_parse and the trainer do this), so that
 * model_weight searches a handful of entries instead of all n. */
void model_index(Model *m);

/* Save m to path atomically (temporary file, fsync, rename). 0, or -1 with a message in err. */
int model_save(const Model *m, const char *path, char *err, size_t errlen);

/* Load a model file. 0, or -1 with a one-line reason in err ("truncated", "checksum mismatch",
 * "feature version 3, this program uses 1", ...); *m is then empty. */
int model_load(const char *path, Model *m, char *err, size_t errlen);

/* Parse a model from memory (what model_load does after reading the file). */
int model_parse(const unsigned char *data, size_t len, Model *m, char *err, size_t errlen);

/* Free what m owns and zero it. */
void model_free(Model *m);

/* Decision value w.x + bias for a feature vector (positive favours handle_b). */
double model_decision(const Model *m, const FeatVec *x);

/* model_decision, also counting into *known the features of x the model has a weight for. */
double model_decision_known(const Model *m, const FeatVec *x, int *known);

/* Probability that handle_b wrote text: calibrated, with the prior setting (calibrate.h). */
double model_prob_b(const Model *m, const char *text);

/* Weight of bucket index (0 when the model has none). */
float model_weight(const Model *m, uint32_t index);

/* One n-gram's push on a prediction: weight * value, positive towards handle_b. */
typedef struct {
    char *gram;        /* the n-gram text (owned) */
    int kind;          /* GRAM_CHAR or GRAM_WORD */
    double push;       /* contribution to the decision value */
} Contribution;

/* The n-grams of text that pushed the decision most, strongest first: up to k towards a
 * (push < 0) into *to_a and up to k towards b into *to_b. Free with contributions_free. */
void model_explain(const Model *m, const char *text, int k, Contribution **to_a, int *na,
                   Contribution **to_b, int *nb);
void contributions_free(Contribution *c, int n);

#endif
