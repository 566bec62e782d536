/* metrics.c - accuracy, Brier score, ECE and the reliability table over weighted answers. */
#include "metrics.h"

#include <math.h>
#include <string.h>

void metrics_clear(Metrics *m)
{
    memset(m, 0, sizeof *m);
}

int metrics_bin(double q)
{
    int i = (int)floor((q - 0.5) / 0.05 + 1e-9);
    return i < 0 ? 0 : i >= METRICS_BINS ? METRICS_BINS - 1 : i;
}

void metrics_add(Metrics *m, double q, int right, double w)
{
    if (!(w > 0) || !isfinite(q)) return;
    int i = metrics_bin(q), r = right != 0;
    m->weight += w;
    m->right += w * r;
    m->sq_err += w * (q - r) * (q - r);
    m->bin_weight[i] += w;
    m->bin_conf[i] += w * q;
    m->bin_right[i] += w * r;
    m->bin_sq_err[i] += w * (q - r) * (q - r);
    m->bin_posts[i]++;
}

void metrics_add_prob(Metrics *m, double p_b, int is_b, double w)
{
    int says_b = p_b >= 0.5;
    metrics_add(m, says_b ? p_b : 1 - p_b, says_b == (is_b != 0), w);
}

void metrics_merge(Metrics *dst, const Metrics *src, double total)
{
    if (!(src->weight > 0)) return;
    double k = total > 0 ? total / src->weight : 1.0;
    dst->weight += k * src->weight;
    dst->right += k * src->right;
    dst->sq_err += k * src->sq_err;
    for (int i = 0; i < METRICS_BINS; i++) {
        dst->bin_weight[i] += k * src->bin_weight[i];
        dst->bin_conf[i] += k * src->bin_conf[i];
        dst->bin_right[i] += k * src->bin_right[i];
        dst->bin_sq_err[i] += k * src->bin_sq_err[i];
        dst->bin_posts[i] += src->bin_posts[i];
    }
}

long metrics_posts(const Metrics *m)
{
    long n = 0;
    for (int i = 0; i < METRICS_BINS; i++) n += m->bin_posts[i];
    return n;
}

double metrics_accuracy(const Metrics *m)
{
    return m->weight > 0 ? m->right / m->weight : 0;
}

double metrics_brier(const Metrics *m)
{
    return m->weight > 0 ? m->sq_err / m->weight : 0;
}

double metrics_ece(const Metrics *m)
{
    if (!(m->weight > 0)) return 0;
    double e = 0;
    for (int i = 0; i < METRICS_BINS; i++)
        if (m->bin_weight[i] > 0)
            e += m->bin_weight[i] / m->weight * fabs(m->bin_right[i] / m->bin_weight[i] -
                                                     m->bin_conf[i] / m->bin_weight[i]);
    return e;
}

double metrics_bin_conf(const Metrics *m, int i)
{
    return m->bin_weight[i] > 0 ? m->bin_conf[i] / m->bin_weight[i] : -1;
}

double metrics_bin_accuracy(const Metrics *m, int i)
{
    return m->bin_weight[i] > 0 ? m->bin_right[i] / m->bin_weight[i] : -1;
}
