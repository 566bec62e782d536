/* platt.c - Platt scaling of held-out decision values, and its cross-fitted reliability. */
#include "platt.h"
#include "calibrate.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>

void scores_add(Scores *s, double dec, int is_b, int fold)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->dec = xrealloc(s->dec, sizeof *s->dec * (size_t)s->cap);
        s->is_b = xrealloc(s->is_b, (size_t)s->cap);
        s->fold = xrealloc(s->fold, sizeof *s->fold * (size_t)s->cap);
    }
    s->dec[s->n] = dec;
    s->is_b[s->n] = is_b != 0;
    s->fold[s->n++] = fold;
}

void scores_free(Scores *s)
{
    free(s->dec);
    free(s->is_b);
    free(s->fold);
    *s = (Scores){0};
}

static int used(const Scores *s, int i, int skip_fold)
{
    return skip_fold < 0 || s->fold[i] != skip_fold;
}

/* log(1 + exp(-z)) without overflow. */
static double log1pexp_neg(double z)
{
    return z >= 0 ? log1p(exp(-z)) : -z + log1p(exp(z));
}

/* The fit's inputs: targets and weights per used score. */
typedef struct {
    const Scores *s;
    int skip;
    double t[2], w[2];   /* target and weight of a's (0) and b's (1) scores */
} Fit;

static double objective(const Fit *f, double A, double B)
{
    double sum = 0;
    for (int i = 0; i < f->s->n; i++) {
        if (!used(f->s, i, f->skip)) continue;
        int c = f->s->is_b[i];
        double z = A * f->s->dec[i] + B;
        sum += f->w[c] * (f->t[c] * log1pexp_neg(z) + (1 - f->t[c]) * log1pexp_neg(-z));
    }
    return sum;
}

/* Gradient (g) and Hessian (h: aa, ab, bb) of the objective at (A, B). */
static void derivatives(const Fit *f, double A, double B, double g[2], double h[3])
{
    g[0] = g[1] = h[0] = h[1] = 0;
    h[2] = 1e-12;
    h[0] = 1e-12;
    for (int i = 0; i < f->s->n; i++) {
        if (!used(f->s, i, f->skip)) continue;
        int c = f->s->is_b[i];
        double d = f->s->dec[i], p = calib_sigmoid(A * d + B), w = f->w[c];
        double r = w * (p - f->t[c]), q = w * p * (1 - p);
        g[0] += r * d;
        g[1] += r;
        h[0] += q * d * d;
        h[1] += q * d;
        h[2] += q;
    }
}

int platt_fit(const Scores *s, int skip_fold, int fit_b, double *A, double *B)
{
    double n[2] = {0, 0};
    for (int i = 0; i < s->n; i++)
        if (used(s, i, skip_fold)) n[s->is_b[i]] += 1;
    *A = 1;
    if (n[0] == 0 || n[1] == 0) return -1;
    double total = n[0] + n[1];
    Fit f = {s, skip_fold, {1 / (n[0] + 2), (n[1] + 1) / (n[1] + 2)}, {total / (2 * n[0]), total / (2 * n[1])}};
    double a = 0, b = fit_b ? 0 : *B, obj = objective(&f, a, b);
    for (int it = 0; it < 100; it++) {
        double g[2], h[3];
        derivatives(&f, a, b, g, h);
        if (fabs(g[0]) < 1e-7 * total && (!fit_b || fabs(g[1]) < 1e-7 * total)) break;
        double da, db;
        if (fit_b) {
            double det = h[0] * h[2] - h[1] * h[1];
            da = -(h[2] * g[0] - h[1] * g[1]) / det;
            db = -(-h[1] * g[0] + h[0] * g[1]) / det;
        } else {
            da = -g[0] / h[0];
            db = 0;
        }
        double step = 1, next = obj;
        while (step >= 1e-10) {
            next = objective(&f, a + step * da, b + step * db);
            if (next < obj + 1e-4 * step * (g[0] * da + g[1] * db)) break;
            step /= 2;
        }
        if (step < 1e-10) break;
        a += step * da;
        b += step * db;
        obj = next;
    }
    *A = a;
    *B = b;
    return 0;
}

/* The fold each score is measured in: the folds it was held out in, or halves of a single fold. */
static int *measure_groups(const Scores *s, int *ngroups)
{
    int *g = xmalloc(sizeof *g * (size_t)(s->n + 1)), max = 0, min = s->n ? s->fold[0] : 0;
    for (int i = 0; i < s->n; i++) {
        max = s->fold[i] > max ? s->fold[i] : max;
        min = s->fold[i] < min ? s->fold[i] : min;
    }
    for (int i = 0; i < s->n; i++) g[i] = max > min ? s->fold[i] : i % 2;
    *ngroups = max > min ? max + 1 : 2;
    return g;
}

/* Add fold k's calibrated answers (calibration fitted on the other folds) to bal and raw. */
static void measure_fold(const Scores *s, const Model *m, int k, Metrics *bal, Metrics *raw)
{
    Model c = *m;
    if (platt_fit(s, k, 1, &c.cal_a, &c.cal_b) != 0) return;
    c.calibrated = 1;
    double n[2] = {0, 0};
    for (int i = 0; i < s->n; i++) n[s->is_b[i]] += 1;
    for (int i = 0; i < s->n; i++) {
        if (s->fold[i] != k) continue;
        double p = calib_prob_b(&c, s->dec[i]);
        if (bal) metrics_add_prob(bal, p, s->is_b[i], 0.5 / n[s->is_b[i]]);
        if (raw) metrics_add_prob(raw, p, s->is_b[i], 1.0 / s->n);
    }
}

int platt_calibrate(const Scores *s, Model *m, int min_each, Metrics *bal, Metrics *raw)
{
    calib_identity(m);
    int n[2] = {0, 0};
    for (int i = 0; i < s->n; i++) n[s->is_b[i]]++;
    if (n[0] < min_each || n[1] < min_each || n[0] == 0 || n[1] == 0) return 0;
    int groups;
    int *g = measure_groups(s, &groups);
    Scores by = *s;
    by.fold = g;
    for (int k = 0; k < groups; k++) measure_fold(&by, m, k, bal, raw);
    free(g);
    double A, B = 0;
    if (platt_fit(s, -1, 1, &A, &B) != 0 || !isfinite(A) || !isfinite(B) || A < 0) return 0;
    m->calibrated = 1;
    m->cal_a = A;
    m->cal_b = B;
    return 1;
}
