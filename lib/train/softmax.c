/* softmax.c - the shared model's trainer: multinomial logistic regression with L2 over sparse
 * rows, minimised by liblbfgs, the objective and gradient computed on train_threads() threads. */
#include "softmax.h"
#include "softmax_blocks.h"
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
    o->memory_mb = conf_get_long("shared_memory_mb", 560);
    o->seconds = 0;   /* the batch sets it (shared_budget) */
    o->nb_power = conf_get_double("shared_nb_power", 0.5);
    o->nb_alpha = conf_get_double("shared_nb_alpha", 0.1);
    if (!(o->C > 0)) o->C = 10.0;
    if (o->memory_mb < 1) o->memory_mb = 560;
    if (!(o->nb_power >= 0)) o->nb_power = 0.5;
    if (!(o->nb_alpha > 0)) o->nb_alpha = 0.1;
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
    float *cscale;     /* m * K (feature-major): account k's naive-Bayes scale of feature j (NULL: none) */
    int m;             /* features */
    double C;
} Rows;

/* Weight factor of feature j for account k: what the saved weight is the fitted one times. */
static double factor(const Rows *r, size_t j, int k)
{
    return r->scale[j] * (r->cscale ? r->cscale[j * (size_t)r->K + (size_t)k] : 1.0f);
}

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

/* Bytes the minimiser holds per weight: the point, liblbfgs's 4 vectors and 2 * HISTORY
 * corrections, and the gradient buffer of a second thread (all doubles). Counted for 2 threads
 * whatever train_threads is, so that the columns, and the model, do not depend on the machine.
 * The naive-Bayes scaling adds the scaled point (a double) and the scale (a float). */
#define BYTES_PER_WEIGHT (sizeof(double) * (1 + 4 + 2 * HISTORY + 1))
#define BYTES_PER_WEIGHT_NB (BYTES_PER_WEIGHT + sizeof(double) + sizeof(float))

int softmax_columns(int accounts, const SoftmaxOptions *o)
{
    size_t per_column = (o->nb_power > 0 ? BYTES_PER_WEIGHT_NB : BYTES_PER_WEIGHT) * (size_t)(accounts < 1 ? 1 : accounts);
    size_t cap = ((size_t)o->memory_mb << 20) / per_column;
    return cap > FEATURE_DIM ? (int)FEATURE_DIM : cap < 1 ? 1 : (int)cap;
}

/* Number the buckets used 0..m-1, the most frequent first: the weights the rows touch most then
 * sit together in memory (the objective is bound by memory access, not arithmetic). Only the
 * first max of them (by document frequency) become columns. compact gets bucket -> feature + 1
 * (0 = unused), r->bucket feature -> bucket. */
static void number_buckets(Rows *r, const PostSet *sets, int folds, int max, uint32_t *compact)
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
    if (r->m > max) r->m = max;
    r->scale = xmalloc(sizeof *r->scale * ((size_t)r->m + 1));
    for (int f = 0; f < r->m; f++) r->scale[f] = (float)(log((1.0 + r->rows) / (1.0 + compact[r->bucket[f]])) + 1.0);
    memset(compact, 0, sizeof *compact * (FEATURE_DIM + 1));
    for (int f = 0; f < r->m; f++) compact[r->bucket[f]] = (uint32_t)f + 1;
}

/* Entries of the chosen posts whose bucket is a column. */
static size_t count_entries(const PostSet *sets, int K, int folds, const uint32_t *compact)
{
    size_t nnz = 0;
    for (int k = 0; k < K; k++)
        for (int i = 0; i < sets[k].n; i++)
            if (chosen(i, folds))
                for (int j = 0; j < sets[k].x[i].n; j++) nnz += compact[sets[k].x[i].v[j].index] != 0;
    return nnz;
}

/* Each account's naive-Bayes scale of each column, as the pair models' (NBSVM, Wang & Manning
 * 2012) with each account against all the others: |log(P(j | k) / P(j | not k))|^power,
 * P(j | k) = (posts of k holding j + alpha) / (posts of k + 2 alpha). A scale on feature j
 * of account k is an L2 penalty on that one weight divided by its square: the weights of the
 * buckets that tell an account from the others are penalised less. The fit keeps the scaled
 * point apart (Fit.u) and the saved weights have the scale folded in. The defaults of alpha and
 * the power were chosen on a validation split of the reference split's train posts. */
static void nb_scales(Rows *r, double power, double alpha)
{
    size_t K = (size_t)r->K;
    float *cnt = xcalloc((size_t)r->m * K + 1, sizeof *cnt), *all = xcalloc((size_t)r->m + 1, sizeof *all);
    for (int i = 0; i < r->rows; i++)
        for (size_t e = r->start[i]; e < r->start[i + 1]; e++) {
            cnt[r->col[e] * K + (size_t)r->y[i]] += 1;
            all[r->col[e]] += 1;
        }
    r->cscale = cnt;
    for (size_t j = 0; j < (size_t)r->m; j++)
        for (size_t k = 0; k < K; k++) {
            double in = cnt[j * K + k], out = all[j] - in, nk = r->posts[k], rest = r->rows - nk;
            double ratio = log((in + alpha) / (nk + 2 * alpha)) - log((out + alpha) / (rest + 2 * alpha));
            cnt[j * K + k] = (float)pow(fabs(ratio), power);
        }
    free(all);
}

static void rows_build(Rows *r, const PostSet *sets, int K, int folds, const SoftmaxOptions *o)
{
    memset(r, 0, sizeof *r);
    r->K = K;
    for (int k = 0; k < K; k++)
        for (int i = 0; i < sets[k].n; i++) r->rows += chosen(i, folds);
    uint32_t *compact = xcalloc(FEATURE_DIM + 1, sizeof *compact);
    number_buckets(r, sets, folds, softmax_columns(K, o), compact);
    size_t nnz = count_entries(sets, K, folds, compact);
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
                if (!compact[sets[k].x[i].v[j].index]) continue;   /* not a column */
                uint32_t f = compact[sets[k].x[i].v[j].index] - 1;
                r->col[pos] = f;
                r->val[pos++] = sets[k].x[i].v[j].value * r->scale[f];
            }
        }
    r->start[row] = pos;
    r->compact = compact;
    if (o->nb_power > 0) nb_scales(r, o->nb_power, o->nb_alpha);
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
    free(r->cscale);
    free(r->posts);
}

/* ---- objective: C * sum_i (log sum_k exp s_ik - s_i,y_i) + |W|^2 / 2, the intercepts unpenalised.
 * x holds W feature-major (x[j*K + k]) then the K intercepts. ---- */

typedef struct {
    const SoftmaxBlocks *bl;
    const double *x;
    double *g;         /* this thread's gradient (zeroed by it) */
    int from, to;      /* blocks */
    double loss;
} Part;

static void *part_run(void *arg)
{
    Part *p = arg;
    size_t n = ((size_t)p->bl->m + 1) * (size_t)p->bl->K;
    memset(p->g, 0, sizeof *p->g * n);
    double *s = xmalloc(sizeof *s * (size_t)p->bl->K * (size_t)p->bl->block);
    p->loss = softmax_blocks_loss(p->bl, p->from, p->to, p->x, p->g, s);
    free(s);
    return NULL;
}

/* What the evaluation callback needs: the rows and per-thread gradient buffers. */
typedef struct {
    const Rows *r;
    const SoftmaxBlocks *bl;    /* r's entries, in blocks sorted by column */
    int threads;
    double *buf[MAX_THREADS];   /* [0] unused: thread 0 writes into lbfgs's g */
    double t0, seconds;         /* start, and the time after which no iteration starts (0: none) */
    int iterations;             /* iterations done */
    double *u;                  /* the point with r->cscale applied (NULL: no cscale) */
} Fit;

static lbfgsfloatval_t evaluate(void *inst, const lbfgsfloatval_t *x, lbfgsfloatval_t *g, const int n,
                                const lbfgsfloatval_t step)
{
    Fit *f = inst;
    const Rows *r = f->r;
    size_t nw = (size_t)r->m * r->K;
    const lbfgsfloatval_t *point = x;
    if (f->u) {
        for (size_t i = 0; i < nw; i++) f->u[i] = x[i] * r->cscale[i];
        memcpy(f->u + nw, x + nw, sizeof *x * (size_t)r->K);
        point = f->u;
    }
    Part parts[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (int t = 0; t < f->threads; t++) {
        int nb = f->bl->nblocks;
        parts[t] = (Part){f->bl, point, t == 0 ? g : f->buf[t], (int)((long)nb * t / f->threads),
                          (int)((long)nb * (t + 1) / f->threads), 0};
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
    double reg = 0;
    for (int i = 0; i < n; i++) g[i] *= r->C;
    if (f->u)
        for (size_t i = 0; i < nw; i++) g[i] *= r->cscale[i];
    for (size_t i = 0; i < nw; i++) {
        reg += x[i] * x[i];
        g[i] += x[i];
    }
    return r->C * loss + reg / 2;
}

/* The starting point from start->acc[k] (account k's weights of an earlier fit, n == 0: none):
 * each weight of a bucket that is a column, its idf taken out, and the intercept. */
static void warm_start(const Rows *r, const SharedBuild *start, double *x)
{
    for (int k = 0; k < r->K && k < start->n; k++) {
        const SharedAccount *a = &start->acc[k];
        if (!a->n) continue;
        for (uint32_t i = 0; i < a->n; i++) {
            uint32_t f = a->index[i] >= 1 && a->index[i] <= FEATURE_DIM ? r->compact[a->index[i]] : 0;
            double s = f ? factor(r, f - 1, k) : 0;
            if (s > 0) x[(size_t)(f - 1) * r->K + k] = a->weight[i] / s;
        }
        x[(size_t)r->m * r->K + k] = a->bias;
    }
}

/* After each iteration: stop (a positive value, the point kept) once the fit's time is up. */
static int progress(void *inst, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g, const lbfgsfloatval_t fx,
                    const lbfgsfloatval_t xnorm, const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step,
                    int n, int k, int ls)
{
    (void)x; (void)g; (void)fx; (void)xnorm; (void)gnorm; (void)step; (void)n; (void)ls;
    Fit *f = inst;
    f->iterations = k;
    return f->seconds > 0 && now_mono() - f->t0 >= f->seconds;
}

/* Minimise from zero weights and the log proportions as intercepts; x gets the solution. */
static int minimise(const Rows *r, const SoftmaxBlocks *bl, const SoftmaxOptions *o, const SharedBuild *start,
                    double *x, char *err, size_t errlen)
{
    int n = (r->m + 1) * r->K;
    Fit f = {r, bl, o->threads < 1 ? 1 : o->threads > MAX_THREADS ? MAX_THREADS : o->threads, {0}, now_mono(),
             o->seconds, 0, r->cscale ? xmalloc(sizeof(double) * (size_t)n) : NULL};
    if (f.threads > bl->nblocks) f.threads = 1;
    for (int t = 1; t < f.threads; t++) f.buf[t] = xmalloc(sizeof(double) * (size_t)n);
    for (int k = 0; k < r->K; k++) x[(size_t)r->m * r->K + k] = log((r->posts[k] + 1.0) / (r->rows + 1.0));
    if (start) warm_start(r, start, x);
    lbfgs_parameter_t param;
    lbfgs_parameter_init(&param);
    param.m = HISTORY;
    param.max_iterations = o->iterations;
    param.epsilon = 1e-5;
    lbfgsfloatval_t fx;
    int rc = lbfgs(n, x, &fx, evaluate, progress, &f, &param);
    for (int t = 1; t < f.threads; t++) free(f.buf[t]);
    free(f.u);
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
    for (int j = 0; j < r->m; j++) mag[j] = (float)fabs(x[(size_t)j * r->K + k] * factor(r, (size_t)j, k));
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
        double w = x[j * r->K + k] * factor(r, j, k);
        if (fabs(w) <= 1e-6 || fabs(w) < t) continue;
        a->index[a->n] = bkt;
        a->weight[a->n++] = (float)w;
    }
    a->bias = x[(size_t)r->m * r->K + k];
    a->posts = r->posts[k];
}

/* Regroup r's entries in blocks for the objective; the rows' own copy is freed. */
static void to_blocks(Rows *r, SoftmaxBlocks *bl)
{
    softmax_blocks_build(bl, r->K, r->m, r->rows, r->start, r->col, r->val, r->y);
    free(r->start);
    free(r->col);
    free(r->val);
    r->start = NULL, r->col = NULL, r->val = NULL;
}

static int fit_rows(Rows *r, const SoftmaxOptions *o, const SharedBuild *start, SharedBuild *out, char *err,
                    size_t errlen)
{
    memset(out, 0, sizeof *out);
    SoftmaxBlocks bl;
    to_blocks(r, &bl);
    double *x = xcalloc(((size_t)r->m + 1) * (size_t)r->K, sizeof *x);
    int rc = minimise(r, &bl, o, start, x, err, errlen);
    softmax_blocks_free(&bl);
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
    return softmax_fit_from(sets, n, o, NULL, out, err, errlen);
}

int softmax_fit_from(const PostSet *sets, int n, const SoftmaxOptions *o, const SharedBuild *start,
                     SharedBuild *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (check_sets(sets, n, 1, err, errlen) != 0) return -1;
    Rows r;
    rows_build(&r, sets, n, 0, o);
    r.C = o->C;
    int rc = fit_rows(&r, o, start, out, err, errlen);
    rows_free(&r);
    return rc;
}

/* ---- held-out scoring ---- */

/* The accounts' weights bucket-major: row[bucket] is 0 (no account has a weight there) or 1 + the
 * index of a row of K weights in w (scoring reads one row per feature, not K binary searches). */
typedef struct {
    uint32_t *row;   /* FEATURE_DIM + 1 entries */
    float *w;        /* rows * K */
    int K;
} Dense;

static void dense_build(const SharedBuild *m, Dense *d)
{
    d->K = m->n;
    d->row = xcalloc(FEATURE_DIM + 1, sizeof *d->row);
    size_t rows = 0;
    for (int k = 0; k < m->n; k++)
        for (uint32_t i = 0; i < m->acc[k].n; i++)
            if (!d->row[m->acc[k].index[i]]) d->row[m->acc[k].index[i]] = (uint32_t)++rows;
    d->w = xcalloc(rows * (size_t)d->K + 1, sizeof *d->w);
    for (int k = 0; k < m->n; k++)
        for (uint32_t i = 0; i < m->acc[k].n; i++)
            d->w[(size_t)(d->row[m->acc[k].index[i]] - 1) * d->K + k] = m->acc[k].weight[i];
}

/* Scores of every account for x under prior p (equal: the training proportions taken out). */
static void score_one(const SharedBuild *m, const Dense *d, const FeatVec *x, int p, double total, double *s)
{
    for (int k = 0; k < m->n; k++) {
        const SharedAccount *a = &m->acc[k];
        s[k] = a->bias - (p == SHARED_PRIOR_EQUAL ? log((a->posts + 1.0) / total) : 0);
    }
    for (int i = 0; i < x->n; i++) {
        uint32_t r = d->row[x->v[i].index];
        if (!r) continue;
        const float *w = d->w + (size_t)(r - 1) * d->K;
        for (int k = 0; k < m->n; k++) s[k] += (double)w[k] * x->v[i].value;
    }
}

/* Per prior: top-1 hits and, per ordered pair (truth t, other o), posts of t scored above o. */
static void tally(const SharedBuild *m, const Dense *d, const PostSet *tests, int p, long *top1, long *beat,
                  double *s)
{
    double total = 0;
    for (int k = 0; k < m->n; k++) total += m->acc[k].posts + 1.0;
    for (int t = 0; t < m->n; t++)
        for (int i = 0; i < tests[t].n; i++) {
            score_one(m, d, &tests[t].x[i], p, total, s);
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
    Dense d;
    dense_build(m, &d);
    if (pairs) pairs->n = K;
    for (int p = 0; p < 2; p++) {
        long top1 = 0;
        memset(beat, 0, sizeof *beat * (size_t)K * (size_t)K);
        tally(m, &d, tests, p, &top1, beat, s);
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
    free(d.row);
    free(d.w);
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
    rows_build(&r, sets, n, folds, o);
    r.C = o->C;
    SharedBuild m;
    int rc = fit_rows(&r, o, NULL, &m, err, errlen);
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
