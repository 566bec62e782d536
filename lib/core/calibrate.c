/* calibrate.c - applying a pair model's calibration and the prior to a decision value. */
#include "calibrate.h"
#include "config.h"

#include <math.h>
#include <strings.h>

void calib_identity(Model *m)
{
    m->calibrated = 0;
    m->cal_a = 1;
    m->cal_b = 0;
}

int calib_prior_posts(void)
{
    const char *p = conf_get("prior");
    return p && strcasecmp(p, "posts") == 0;
}

double calib_logit(const Model *m, double d)
{
    if (!m->calibrated) return d;
    double z = m->cal_a * d + m->cal_b;
    if (m->posts_a > 0 && m->posts_b > 0 && calib_prior_posts())
        z += log((double)m->posts_b / (double)m->posts_a);
    return z;
}

double calib_sigmoid(double z)
{
    return z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
}

double calib_prob_b(const Model *m, double d)
{
    return calib_sigmoid(calib_logit(m, d));
}
