/* platt.h - fitting a pair model's calibration: Platt scaling (a 1-D logistic regression of the
 * label on held-out decision values, with Platt's target smoothing), both users weighing equally,
 * and the honest reliability of the result. */
#ifndef TWITOFF_PLATT_H
#define TWITOFF_PLATT_H

#include "metrics.h"
#include "model.h"

/* Held-out decision values: score i is post i's decision value under a model that did not see
 * it, its user (1: b, 0: a) and the fold it was held out in. */
typedef struct {
    double *dec;
    unsigned char *is_b;
    int *fold;
    int n, cap;
} Scores;

/* Append one score. */
void scores_add(Scores *s, double dec, int is_b, int fold);
void scores_free(Scores *s);

/* Fit p = 1 / (1 + exp(-(A f + B))) to the scores with indices where keep(i) (every score when
 * skip_fold < 0; else those not held out in fold skip_fold), minimising the weighted cross-entropy
 * against Platt's smoothed targets ((N_b + 1) / (N_b + 2) for b's posts, 1 / (N_a + 2) for a's),
 * each user's posts weighing half. fit_b = 0 keeps *B as given and fits only A (temperature
 * scaling). Newton's method with a backtracking line search (Lin, Lin and Weng 2007). 0, or -1
 * when a user has no score (A = 1, B unchanged). */
int platt_fit(const Scores *s, int skip_fold, int fit_b, double *A, double *B);

/* Calibrate m from its held-out scores (m->calibrated, cal_a, cal_b; m->posts_a/b must be set),
 * and measure the calibrated answers on posts that neither the model nor the calibration saw:
 * each fold's scores are calibrated by a fit on the other folds' (a single fold is split in two
 * halves). bal weighs both users equally, raw every post alike; either may be NULL. With fewer
 * than min_each scores of a user m stays uncalibrated. Returns 1 when calibrated, else 0. */
int platt_calibrate(const Scores *s, Model *m, int min_each, Metrics *bal, Metrics *raw);

#endif
