/* softmax.c - the shared model's trainer: multinomial logistic regression with L2 over sparse
 * rows, minimised by liblbfgs, the objective and gradient computed on train_threads() threads. */
#include "softmax.h"
#include "config.h"
#include "util.h"

#include <lbfgs.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS 8
#define HISTORY 5           /* L-BFGS correction pairs (memory: 2 * HISTORY copies of the weights) */

void softmax_options_load(SoftmaxOptions *o)
{
    o->C = conf_get_double("shared_c", 10.0);
    o->iterations = (int)conf_get_long("shared_iterations", 100);
    o->max_weights = (int)conf_get_long("shared_weights", 80000);
    o->threads = train_threads();
    if (!(o->C > 0)) o->C = 10.0;
    if (o->iterations < 1) o->iterations = 100;
    if (o->max_weights < 1) o->max_weights = 80000;
}

/* The rows of the fit, features renumbered 0..m-1 in bucket order (only the buckets used). */
typedef struct {
    int K;             /* accounts */
    int rows;          /* posts */
    size_t *start;     /* rows + 1 offsets into col/val */
    uint32_t *col;     /* feature 0..m-1 */
    float *val;        /* value */
    int *y;            /* account of each row */
    uint32_t *bucket;  /* feature -> bucket */
    uint32_t *compact; /* bucket -> feature + 1 (0: unused); FEATURE_DIM + 1 entries */
    float *scale;      /* feature -> its idf, log((1 + rows) / (1 + df)) + 1: values are multiplied
                          by it before the fit and the weights exported with it folded in (on
                          faceoff: +0.0025 mean pairwise, +0.017 top-1 over no scaling) */
    uint32_t *posts;   /* rows of each account */
    int m;             /* features */
    double C;
} Rows;

/* 1 when post i of an account is in the selection: every post (folds 0), or not in the
 * held-out fold (i % folds != 0). */
static int chosen(int i, int folds) { return folds == 0 || i % folds != 0; }

/* Count the training posts holding each bucket into df (FEATURE_DIM + 1 entries). */
static void count_df(const Rows *r, const PostSet *sets, int folds, uint32_t *df)
{
    for (int k = 0; k < r->K; k++)
        for (int i = 0; i < sets[k].n; i++)
            if (chosen(i, folds))
                for (int j = 0; j < sets[k].x[i].n; j++) df[sets[k].x[i].v[j].index]++;
}

static const uint32_t *sort_df;   /* (qsort has no context argument; the fits run one at a time) */
static pthread_mutex_t sort_mu = PTHREAD_MUTEX_INITIALIZER;

static int by_df_desc(const void *x, const void *y)
{
    uint32_t a = sort_df[*(const uint32_t *)x], b = sort_df[*(const uint32_t *)y];
    return a < b ? 1 : a > b ? -1 : (*(const uint32_t *)x > *(const uint32_t *)y) - (*(const uint32_t *)x < *(const uint32_t *)y);
}

/* Number the buckets used 0..m-1, the most frequent first: the weights the rows touch most then
 * sit together in memory (the objective is bound by memory access, not arithmetic). compact gets
 * bucket -> feature + 1 (0 = unused), r->bucket feature -> bucket. */
static void number_buckets(Rows *r, const PostSet *sets, int folds, uint32_t *compact)
{
    count_df(r, sets, folds, compact);
    r->m = 0;
    for (uint32_t j = 1; j <= FEATURE_DIM; j++) r->m += compact[j] > 0;
    r->bucket = xmalloc(sizeof *r->bucket * ((size_t)r->m + 1));
    int c = 0;
    for (uint32_t j = 1; j <= FEATURE_DIM; j++)
        if (compact[j]) r->bucket[c++] = j;
    pthread_mutex_lock(&sort_mu);
    sort_df = compact;
    qsort(r->bucket, (size_t)r->m, sizeof *r->bucket, by_df_desc);
    pthread_mutex_unlock(&sort_mu);
    r->scale = xmalloc(sizeof *r->scale * ((size_t)r->m + 1));
    for (int f = 0; f < r->m; f++) r->scale[f] = (float)(log((1.0 + r->rows) / (1.0 + compact[r->bucket[f]])) + 1.0);
    memset(compact, 0, sizeof *compact * (FEATURE_DIM + 1));
    for (int f = 0; f < r->m; f++) compact[r->bucket[f]] = (uint32_t)f + 1;
}

static void rows_build(Rows *r, const PostSet *sets, int K, int folds)
{
    memset(r, 0, sizeof *r);
    r->K = K;
    size_t nnz = 0;
    for (int k = 0; k < K; k++)
        for (int i = 0; i < sets[k].n; i++)
            if (chosen(i, folds)) {
                nnz += (size_t)sets[k].x[i].n;
                r->rows++;
            }
    uint32_t *compact = xcalloc(FEATURE_DIM + 1, sizeof *compact);
    number_buckets(r, sets, folds, compact);
    r->start = xmalloc(sizeof *r->start * ((size_t)r->rows + 1));
    r->col = xmalloc(sizeof *r->col * (nnz + 1));
    r->val = xmalloc(sizeof *r->val * (nnz + 1));
    r->y = xmalloc(sizeof *r->y * ((size_t)r->rows + 1));
    r->posts = xcalloc((size_t)K, sizeof *r->posts);
    size_t pos = 0;
    int row = 0;
    for (int k = 0; k < K; k++)
        for (int i = 0; i < sets[k].n; i++) {
            if (!chosen(i, folds)) continue;
            r->start[row] = pos;
            r->y[row++] = k;
            r->posts[k]++;
            for (int j = 0; j < sets[k].x[i].n; j++) {
                uint32_t f = compact[sets[k].x[i].v[j].index] - 1;
                r->col[pos] = f;
                r->val[pos++] = sets[k].x[i].v[j].value * r->scale[f];
            }
        }
    r->start[row] = pos;
    r->compact = compact;
}

static void rows_free(Rows *r)
{
    free(r->start);
    free(r->col);
    free(r->val);
    free(r->y);
    free(r->bucket);
    free(r->compact);
    free(r->scale);
    free(r->posts);
}

/* ---- objective: C * sum_i (log sum_k exp s_ik - s_i,y_i) + |W|^2 / 2, the intercepts unpenalised.
 * x holds W feature-major (x[j*K + k]) then the K intercepts. ---- */

typedef struct {
    const Rows *r;
    const double *x;
    double *g;         /* this thread's gradient (zeroed by it) */
    int from, to;      /* rows */
    double loss;
} Part;

/* Loss and gradient of one row, added into g; s and p are K scratch entries. */
static double row_loss(const Rows *r, int i, const double *x, double *g, double *s)
{
    const int K = r->K;
    const double *b = x + (size_t)r->m * K;
    for (int k = 0; k < K; k++) s[k] = b[k];
    for (size_t e = r->start[i]; e < r->start[i + 1]; e++) {
        const double *w = x + (size_t)r->col[e] * K, v = r->val[e];
        for (int k = 0; k < K; k++) s[k] += w[k] * v;
    }
    double max = s[0], sum = 0;
    for (int k = 1; k < K; k++) max = s[k] > max ? s[k] : max;
    for (int k = 0; k < K; k++) sum += (s[k] = exp(s[k] - max));
    double loss = log(sum) + max - (log(s[r->y[i]]) + max);
    for (int k = 0; k < K; k++) s[k] = s[k] / sum - (k == r->y[i]);   /* dloss / ds_k */
    for (size_t e = r->start[i]; e < r->start[i + 1]; e++) {
        double *gw = g + (size_t)r->col[e] * K, v = r->val[e];
        for (int k = 0; k < K; k++) gw[k] += s[k] * v;
    }
    double *gb = g + (size_t)r->m * K;
    for (int k = 0; k < K; k++) gb[k] += s[k];
    return loss;
}

static void *part_run(void *arg)
{
    Part *p = arg;
    size_t n = ((size_t)p->r->m + 1) * (size_t)p->r->K;
    memset(p->g, 0, sizeof *p->g * n);
    double *s = xmalloc(sizeof *s * (size_t)p->r->K);
    p->loss = 0;
    for (int i = p->from; i < p->to; i++) p->loss += row_loss(p->r, i, p->x, p->g, s);
    free(s);
    return NULL;
}

/* What the evaluation callback needs: the rows and per-thread gradient buffers. */
typedef struct {
    const Rows *r;
    int threads;
    double *buf[MAX_THREADS];   /* [0] unused: thread 0 writes into lbfgs's g */
} Fit;

static lbfgsfloatval_t evaluate(void *inst, const lbfgsfloatval_t *x, lbfgsfloatval_t *g, const int n,
                                const lbfgsfloatval_t step)
{
    Fit *f = inst;
    const Rows *r = f->r;
    Part parts[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (int t = 0; t < f->threads; t++) {
        parts[t] = (Part){r, x, t == 0 ? g : f->buf[t], (int)((long)r->rows * t / f->threads),
                          (int)((long)r->rows * (t + 1) / f->threads), 0};
        if (t > 0) started[t] = pthread_create(&tid[t], NULL, part_run, &parts[t]) == 0;
    }
    part_run(&parts[0]);
    for (int t = 1; t < f->threads; t++) {
        if (started[t]) pthread_join(tid[t], NULL);
        else part_run(&parts[t]);
    }
    double loss = 0;
    for (int t = 0; t < f->threads; t++) loss += parts[t].loss;
    for (int t = 1; t < f->threads; t++)
        for (int i = 0; i < n; i++) g[i] += parts[t].g[i];
    size_t nw = (size_t)r->m * r->K;
    double reg = 0;
    for (int i = 0; i < n; i++) g[i] *= r->C;
    for (size_t i = 0; i < nw; i++) {
        reg += x[i] * x[i];
        g[i] += x[i];
    }
    return r->C * loss + reg / 2;
}

/* Minimise from zero weights and the log proportions as intercepts; x gets the solution. */
static int minimise(const Rows *r, const SoftmaxOptions *o, double *x, char *err, size_t errlen)
{
    int n = (r->m + 1) * r->K;
    Fit f = {r, o->threads < 1 ? 1 : o->threads > MAX_THREADS ? MAX_THREADS : o->threads, {0}};
    if (f.threads > r->rows) f.threads = 1;
    for (int t = 1; t < f.threads; t++) f.buf[t] = xmalloc(sizeof(double) * (size_t)n);
    for (int k = 0; k < r->K; k++) x[(size_t)r->m * r->K + k] = log((r->posts[k] + 1.0) / (r->rows + 1.0));
    lbfgs_parameter_t param;
    lbfgs_parameter_init(&param);
    param.m = HISTORY;
    param.max_iterations = o->iterations;
    param.epsilon = 1e-5;
    lbfgsfloatval_t fx;
    int rc = lbfgs(n, x, &fx, evaluate, NULL, &f, &param);
    for (int t = 1; t < f.threads; t++) free(f.buf[t]);
    /* Running out of iterations, or a line search that can go no further, leaves the best point
     * found so far in x: usable. Anything else is a failure. */
    if (rc < 0 && rc != LBFGSERR_MAXIMUMITERATION && rc != LBFGSERR_ROUNDING_ERROR &&
        rc != LBFGSERR_MINIMUMSTEP && rc != LBFGSERR_MAXIMUMLINESEARCH)
        return err_set(err, errlen, "liblbfgs: error %d", rc);
    if (!isfinite(fx)) return err_set(err, errlen, "liblbfgs: the objective diverged");
    return 0;
}

/* ---- the weights kept ---- */

static int by_magnitude_desc(const void *x, const void *y)
{
    float a = *(const float *)x, b = *(const float *)y;
    return a < b ? 1 : a > b ? -1 : 0;
}

/* The magnitude weights of account k must reach to be kept (at most max of them). */
static float keep_threshold(const Rows *r, const double *x, int k, int max)
{
    if (r->m <= max) return 0;
    float *mag = xmalloc(sizeof *mag * (size_t)r->m);
    for (int j = 0; j < r->m; j++) mag[j] = (float)fabs(x[(size_t)j * r->K + k] * r->scale[j]);
    qsort(mag, (size_t)r->m, sizeof *mag, by_magnitude_desc);
    float t = mag[max - 1];
    free(mag);
    return t;
}

static void export_account(const Rows *r, const double *x, int k, int max, SharedAccount *a)
{
    float t = keep_threshold(r, x, k, max);
    a->index = xmalloc(sizeof *a->index * ((size_t)max + 1));
    a->weight = xmalloc(sizeof *a->weight * ((size_t)max + 1));
    a->n = 0;
    for (uint32_t bkt = 1; bkt <= FEATURE_DIM && a->n < (uint32_t)max; bkt++) {
        if (!r->compact[bkt]) continue;
        size_t j = r->compact[bkt] - 1;
        double w = x[j * r->K + k];
        if (fabs(w * r->scale[j]) <= 1e-6 || fabs(w * r->scale[j]) < t) continue;
        a->index[a->n] = bkt;
        a->weight[a->n++] = (float)(w * r->scale[j]);
    }
    a->bias = x[(size_t)r->m * r->K + k];
    a->posts = r->posts[k];
}

static int fit_rows(const Rows *r, const SoftmaxOptions *o, SharedBuild *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    double *x = xcalloc(((size_t)r->m + 1) * (size_t)r->K, sizeof *x);
    int rc = minimise(r, o, x, err, errlen);
    if (rc == 0) {
        out->n = r->K;
        out->acc = xcalloc((size_t)r->K, sizeof *out->acc);
        for (int k = 0; k < r->K; k++) export_account(r, x, k, o->max_weights, &out->acc[k]);
        for (int p = 0; p < 2; p++) out->accuracy.top1[p] = out->accuracy.pair[p] = -1;
    }
    free(x);
    return rc;
}

static int check_sets(const PostSet *sets, int n, int min, char *err, size_t errlen)
{
    if (n < 2) return err_set(err, errlen, "the shared model needs at least 2 accounts");
    for (int k = 0; k < n; k++)
        if (sets[k].n < min) return err_set(err, errlen, "every account needs at least %d posts", min);
    return 0;
}

int softmax_fit(const PostSet *sets, int n, const SoftmaxOptions *o, SharedBuild *out, char *err,
                size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (check_sets(sets, n, 1, err, errlen) != 0) return -1;
    Rows r;
    rows_build(&r, sets, n, 0);
    r.C = o->C;
    int rc = fit_rows(&r, o, out, err, errlen);
    rows_free(&r);
    return rc;
}

/* ---- held-out scoring ---- */

static float account_weight(const SharedAccount *a, uint32_t idx)
{
    uint32_t lo = 0, hi = a->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a->index[mid] < idx) lo = mid + 1;
        else hi = mid;
    }
    return lo < a->n && a->index[lo] == idx ? a->weight[lo] : 0.0f;
}

/* Scores of every account for x under prior p (equal: the training proportions taken out). */
static void score_one(const SharedBuild *m, const FeatVec *x, int p, double total, double *s)
{
    for (int k = 0; k < m->n; k++) {
        const SharedAccount *a = &m->acc[k];
        s[k] = a->bias - (p == SHARED_PRIOR_EQUAL ? log((a->posts + 1.0) / total) : 0);
        for (int i = 0; i < x->n; i++) s[k] += (double)account_weight(a, x->v[i].index) * x->v[i].value;
    }
}

/* Per prior: top-1 hits and, per ordered pair (truth t, other o), posts of t scored above o. */
static void tally(const SharedBuild *m, const PostSet *tests, int p, long *top1, long *beat, double *s)
{
    double total = 0;
    for (int k = 0; k < m->n; k++) total += m->acc[k].posts + 1.0;
    for (int t = 0; t < m->n; t++)
        for (int i = 0; i < tests[t].n; i++) {
            score_one(m, &tests[t].x[i], p, total, s);
            int best = 0;
            for (int k = 1; k < m->n; k++) best = s[k] > s[best] ? k : best;
            *top1 += best == t;
            for (int o = 0; o < m->n; o++) beat[t * m->n + o] += s[t] > s[o];
        }
}

/* Accuracy of pair (a, b) from the beat counts, or -1 when neither has test posts. */
static double pair_accuracy(const long *beat, const PostSet *tests, int K, int a, int b)
{
    long n = tests[a].n + tests[b].n;
    return n ? (double)(beat[a * K + b] + beat[b * K + a]) / (double)n : -1;
}

/* softmax_score, also filling pairs (when not NULL; pairs->pair[] allocated here). */
static void score_pairs(const SharedBuild *m, const PostSet *tests, SharedAccuracy *acc, SharedPairAccuracy *pairs)
{
    int K = m->n;
    long all = 0;
    for (int t = 0; t < K; t++) all += tests[t].n;
    double *s = xmalloc(sizeof *s * (size_t)K);
    long *beat = xmalloc(sizeof *beat * (size_t)K * (size_t)K);
    if (pairs) pairs->n = K;
    for (int p = 0; p < 2; p++) {
        long top1 = 0;
        memset(beat, 0, sizeof *beat * (size_t)K * (size_t)K);
        tally(m, tests, p, &top1, beat, s);
        double sum = 0;
        int npairs = 0;
        if (pairs) pairs->pair[p] = xcalloc((size_t)K * (size_t)K, sizeof(double));
        for (int a = 0; a < K; a++)
            for (int b = a + 1; b < K; b++) {
                double x = pair_accuracy(beat, tests, K, a, b);
                if (pairs) pairs->pair[p][a * K + b] = x;
                if (x < 0) continue;
                sum += x;
                npairs++;
            }
        acc->top1[p] = all ? (double)top1 / (double)all : -1;
        acc->pair[p] = npairs ? sum / npairs : -1;
    }
    free(s);
    free(beat);
}

void softmax_score(const SharedBuild *m, const PostSet *tests, SharedAccuracy *acc)
{
    score_pairs(m, tests, acc, NULL);
}

void softmax_pairs_free(SharedPairAccuracy *pairs)
{
    free(pairs->pair[0]);
    free(pairs->pair[1]);
    memset(pairs, 0, sizeof *pairs);
}

/* The held-out posts (positions i % folds == 0) of every account, borrowed from sets. */
static PostSet *held_out(const PostSet *sets, int n, int folds)
{
    PostSet *t = xcalloc((size_t)n, sizeof *t);
    for (int k = 0; k < n; k++) {
        t[k].x = xmalloc(sizeof *t[k].x * ((size_t)sets[k].n / (size_t)folds + 1));
        for (int i = 0; i < sets[k].n; i += folds) t[k].x[t[k].n++] = sets[k].x[i];
    }
    return t;
}

int softmax_holdout_pairs(const PostSet *sets, int n, const SoftmaxOptions *o, int folds, SharedAccuracy *acc,
                          SharedPairAccuracy *pairs, char *err, size_t errlen)
{
    if (pairs) memset(pairs, 0, sizeof *pairs);
    if (folds < 2) return err_set(err, errlen, "the held-out estimate needs at least 2 folds");
    if (check_sets(sets, n, folds, err, errlen) != 0) return -1;
    Rows r;
    rows_build(&r, sets, n, folds);
    r.C = o->C;
    SharedBuild m;
    int rc = fit_rows(&r, o, &m, err, errlen);
    rows_free(&r);
    if (rc != 0) return -1;
    PostSet *t = held_out(sets, n, folds);
    score_pairs(&m, t, acc, pairs);
    for (int k = 0; k < n; k++) free(t[k].x);   /* the vectors are the caller's */
    free(t);
    shared_build_free(&m);
    return 0;
}

int softmax_holdout(const PostSet *sets, int n, const SoftmaxOptions *o, int folds, SharedAccuracy *acc,
                    char *err, size_t errlen)
{
    return softmax_holdout_pairs(sets, n, o, folds, acc, NULL, err, errlen);
}
