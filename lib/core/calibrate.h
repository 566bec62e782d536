/* calibrate.h - from a pair model's decision value to an honest probability: the model's Platt
 * calibration and the prior (twitoff.conf: prior = equal | posts). */
#ifndef TWITOFF_CALIBRATE_H
#define TWITOFF_CALIBRATE_H

#include "model.h"

/* The identity calibration: probability = sigmoid(decision), as an uncalibrated model answers. */
void calib_identity(Model *m);

/* 1 when the prior setting is "posts" (an answer keeps the proportions of posts the model learnt
 * from), 0 for "equal" (the default: both accounts equally likely before the text is read). */
int calib_prior_posts(void);

/* The log-odds that handle_b wrote a text of decision value d: cal_a * d + cal_b for a calibrated
 * model (fitted with both accounts weighing equally), plus log(posts_b / posts_a) when prior =
 * posts; d itself for an uncalibrated model. */
double calib_logit(const Model *m, double d);

/* The logistic function 1 / (1 + exp(-z)), without overflow. */
double calib_sigmoid(double z);

/* P(handle_b wrote a text of decision value d): calib_sigmoid(calib_logit(m, d)). */
double calib_prob_b(const Model *m, double d);

#endif
