/* test_softmax_scale.c - the shared model's trainer at scale: the column cap by memory, the blocked
 * objective against a row-by-row computation, the cap applied in a fit, the time budget, a fit
 * started from an earlier one's weights, and the optimum of the naive-Bayes scaled fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "features.h"
#include "softmax.h"
#include "softmax_blocks.h"
#include "train.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void test_columns(void **state)
{
    (void)state;
    SoftmaxOptions o;
    softmax_options_load(&o);
    assert_int_equal(o.memory_mb, 560);
    assert_true(o.nb_power == 0.5);                     /* the scaling: 140 bytes a weight */
    assert_int_equal(softmax_columns(196, &o), (560 << 20) / (196 * 140));   /* 21,399 */
    assert_int_equal(softmax_columns(6, &o), (560 << 20) / (6 * 140));
    assert_int_equal(softmax_columns(16, &o), 262144);
    o.nb_power = 0;                                     /* without it: 128 */
    assert_int_equal(softmax_columns(196, &o), (560 << 20) / (196 * 128));
    o.nb_power = 0.5;
    o.memory_mb = 1;
    assert_int_equal(softmax_columns(2, &o), 3744);
    assert_int_equal(softmax_columns(100000, &o), 1);                       /* at least one */
    o.memory_mb = 1L << 20;
    assert_int_equal(softmax_columns(1, &o), (int)FEATURE_DIM);             /* at most every bucket */
    o.threads = 8;                                                          /* not machine-dependent */
    o.memory_mb = 560;
    assert_int_equal(softmax_columns(196, &o), 21399);
}

/* A deterministic sparse matrix: rows x m, a few entries a row, classes 0..K-1. */
typedef struct {
    size_t *start;
    uint32_t *col;
    float *val;
    int *y;
} Csr;

static void csr_make(Csr *c, int rows, int m, int K)
{
    c->start = xmalloc(sizeof *c->start * ((size_t)rows + 1));
    c->col = xmalloc(sizeof *c->col * (size_t)rows * 5);
    c->val = xmalloc(sizeof *c->val * (size_t)rows * 5);
    c->y = xmalloc(sizeof *c->y * (size_t)rows);
    uint32_t z = 12345;
    size_t pos = 0;
    for (int i = 0; i < rows; i++) {
        c->start[i] = pos;
        c->y[i] = i % K;
        int n = 1 + i % 5;
        for (int e = 0; e < n; e++) {
            z = z * 1103515245u + 12345u;
            c->col[pos] = (uint32_t)((i * 7 + e * 13 + (z >> 16) % 3) % m);   /* distinct within the row */
            c->val[pos++] = (float)((z >> 8) % 1000) / 1000.0f + 0.1f;
        }
    }
    c->start[rows] = pos;
}

static void csr_free(Csr *c)
{
    free(c->start);
    free(c->col);
    free(c->val);
    free(c->y);
}

/* The loss and gradient row by row (the objective as written before the blocks). */
static double rows_loss(const Csr *c, int rows, int m, int K, const double *x, double *g)
{
    double *s = xmalloc(sizeof *s * (size_t)K), loss = 0;
    const double *b = x + (size_t)m * K;
    for (int i = 0; i < rows; i++) {
        for (int k = 0; k < K; k++) s[k] = b[k];
        for (size_t e = c->start[i]; e < c->start[i + 1]; e++)
            for (int k = 0; k < K; k++) s[k] += x[(size_t)c->col[e] * K + k] * c->val[e];
        double max = s[0], sum = 0;
        for (int k = 1; k < K; k++) max = s[k] > max ? s[k] : max;
        for (int k = 0; k < K; k++) sum += exp(s[k] - max);
        loss += log(sum) + max - s[c->y[i]];
        for (int k = 0; k < K; k++) {
            double d = exp(s[k] - max) / sum - (k == c->y[i]);
            for (size_t e = c->start[i]; e < c->start[i + 1]; e++) g[(size_t)c->col[e] * K + k] += d * c->val[e];
            g[(size_t)m * K + k] += d;
        }
    }
    free(s);
    return loss;
}

static void test_blocks_match_rows(void **state)
{
    (void)state;
    const int rows = 2000, m = 40, K = 300;
    assert_true(softmax_block_rows(K) < rows / 4);      /* several blocks, the last one short */
    Csr c;
    csr_make(&c, rows, m, K);
    SoftmaxBlocks bl;
    softmax_blocks_build(&bl, K, m, rows, c.start, c.col, c.val, c.y);
    assert_true(bl.nblocks >= 4);
    assert_int_equal(bl.first_entry[bl.nblocks], c.start[rows]);
    size_t n = ((size_t)m + 1) * K;
    double *x = xmalloc(sizeof *x * n), *g1 = xcalloc(n, sizeof *g1), *g2 = xcalloc(n, sizeof *g2);
    for (size_t i = 0; i < n; i++) x[i] = sin((double)i) * 0.3;
    double want = rows_loss(&c, rows, m, K, x, g1);
    double *s = xmalloc(sizeof *s * (size_t)K * (size_t)bl.block);
    double half = softmax_blocks_loss(&bl, 0, bl.nblocks / 2, x, g2, s);   /* two parts, as two threads */
    double got = half + softmax_blocks_loss(&bl, bl.nblocks / 2, bl.nblocks, x, g2, s);
    assert_true(fabs(got - want) < 1e-9 * fabs(want));
    double worst = 0;
    for (size_t i = 0; i < n; i++) worst = fmax(worst, fabs(g1[i] - g2[i]));
    assert_true(worst < 1e-9);
    free(s);
    free(x);
    free(g1);
    free(g2);
    softmax_blocks_free(&bl);
    csr_free(&c);
}

/* 600 accounts of one post each, all sharing "common words", each with its own word. */
static void many_accounts(PostSet *sets, int n)
{
    for (int k = 0; k < n; k++) {
        char *t = xasprintf("common words and acct%d", k);
        postset_from_texts(&t, 1, &sets[k]);
        free(t);
    }
}

static void test_cap_in_fit(void **state)
{
    (void)state;
    enum { N = 600 };
    PostSet *sets = xcalloc(N, sizeof *sets);
    many_accounts(sets, N);
    SoftmaxOptions o;
    softmax_options_load(&o);
    o.memory_mb = 1;                                    /* 1 MiB / (600 * 140 B): 12 columns */
    o.iterations = 5;
    int cols = softmax_columns(N, &o);
    assert_int_equal(cols, 12);
    SharedBuild b;
    char err[200];
    assert_int_equal(softmax_fit(sets, N, &o, &b, err, sizeof err), 0);
    uint32_t *seen = xcalloc(FEATURE_DIM + 1, sizeof *seen);
    int distinct = 0;
    for (int k = 0; k < N; k++) {
        assert_true(b.acc[k].n <= (uint32_t)cols);
        for (uint32_t i = 0; i < b.acc[k].n; i++) distinct += !seen[b.acc[k].index[i]]++;
    }
    assert_true(distinct > 0 && distinct <= cols);      /* the same few buckets for everyone */
    FeatVec common;                                     /* ... and they are the shared words' */
    featvec_init(&common);
    features_extract("common words and acct", &common);
    int inside = 0;
    for (int i = 0; i < common.n; i++) inside += seen[common.v[i].index] > 0;
    assert_true(inside >= distinct * 3 / 4);
    featvec_free(&common);
    free(seen);
    shared_build_free(&b);
    for (int k = 0; k < N; k++) postset_free(&sets[k]);
    free(sets);
}

static void test_time_budget(void **state)
{
    (void)state;
    PostSet sets[2];
    char *a[3] = {"keras tensor layers", "gradient descent layers", "tensor keras models"};
    char *b[3] = {"pandas dataframe index", "groupby pandas frames", "index frames pandas"};
    postset_from_texts(a, 3, &sets[0]);
    postset_from_texts(b, 3, &sets[1]);
    SoftmaxOptions o;
    softmax_options_load(&o);
    assert_true(o.seconds == 0);                        /* no limit unless the batch sets one */
    o.seconds = 1e-9;                                   /* stops after the first iteration */
    SharedBuild m;
    char err[200];
    assert_int_equal(softmax_fit(sets, 2, &o, &m, err, sizeof err), 0);
    assert_int_equal(m.n, 2);
    assert_true(m.acc[0].n > 0);                        /* a usable point: it moved from zero */
    shared_build_free(&m);
    postset_free(&sets[0]);
    postset_free(&sets[1]);
}

/* The largest difference between two fits' weights of account k (by bucket). */
static double weight_gap(const SharedAccount *a, const SharedAccount *b)
{
    double gap = 0;
    uint32_t i = 0, j = 0;
    while (i < a->n || j < b->n) {
        if (j >= b->n || (i < a->n && a->index[i] < b->index[j])) gap = fmax(gap, fabs(a->weight[i++]));
        else if (i >= a->n || b->index[j] < a->index[i]) gap = fmax(gap, fabs(b->weight[j++]));
        else gap = fmax(gap, fabs(a->weight[i++] - b->weight[j++]));
    }
    return gap;
}

static void test_warm_start(void **state)
{
    (void)state;
    PostSet sets[2];
    char *a[4] = {"keras tensor layers", "gradient descent layers", "tensor keras models", "layers of keras"};
    char *b[4] = {"pandas dataframe index", "groupby pandas frames", "index frames pandas", "pandas groupby"};
    postset_from_texts(a, 4, &sets[0]);
    postset_from_texts(b, 4, &sets[1]);
    SoftmaxOptions o;
    softmax_options_load(&o);
    o.iterations = 300;
    SharedBuild full, cold, warm;
    char err[200];
    assert_int_equal(softmax_fit(sets, 2, &o, &full, err, sizeof err), 0);
    o.iterations = 1;
    assert_int_equal(softmax_fit(sets, 2, &o, &cold, err, sizeof err), 0);
    assert_int_equal(softmax_fit_from(sets, 2, &o, &full, &warm, err, sizeof err), 0);
    double gap_cold = weight_gap(&cold.acc[0], &full.acc[0]), gap_warm = weight_gap(&warm.acc[0], &full.acc[0]);
    assert_true(gap_cold > 0.01);                       /* one iteration from zero: far off */
    assert_true(gap_warm < gap_cold / 10);              /* one from the fitted weights: there */
    assert_true(fabs(warm.acc[1].bias - full.acc[1].bias) < fabs(cold.acc[1].bias - full.acc[1].bias) + 1e-6);
    SharedBuild part;                                   /* account 1 new: no weights */
    memset(&part, 0, sizeof part);
    part.acc = xcalloc(2, sizeof *part.acc);
    part.n = 2;
    part.acc[0] = full.acc[0];
    SharedBuild half;
    assert_int_equal(softmax_fit_from(sets, 2, &o, &part, &half, err, sizeof err), 0);
    assert_int_equal(half.n, 2);
    free(part.acc);                                     /* (the weights are full's) */
    shared_build_free(&half);
    shared_build_free(&full);
    shared_build_free(&cold);
    shared_build_free(&warm);
    postset_free(&sets[0]);
    postset_free(&sets[1]);
}

/* The fitted optimum, checked from outside: the saved weights v of a fit minimise
 * C sum_i loss_i(v) + sum_kj (v_kj / f_kj)^2 / 2 with f_kj = idf_j (the naive-Bayes scale r_kj
 * when power > 0), so at the optimum v_kj = -C f_kj^2 dL/dv_kj. idf and r are computed here
 * again from their definitions (docs/model.md), the gradient from the posts. */
enum { NK = 3, NPOSTS = 24, MAXB = 4096 };

typedef struct {
    uint32_t bucket[MAXB];
    int nb;
    double df[MAXB], cnt[NK][MAXB], grad[NK][MAXB], v[NK][MAXB];
} Check;

static int slot(Check *c, uint32_t bucket)
{
    for (int i = 0; i < c->nb; i++)
        if (c->bucket[i] == bucket) return i;
    assert_true(c->nb < MAXB);
    c->bucket[c->nb] = bucket;
    return c->nb++;
}

static void check_counts(Check *c, const PostSet *sets)
{
    for (int k = 0; k < NK; k++)
        for (int i = 0; i < sets[k].n; i++)
            for (int j = 0; j < sets[k].x[i].n; j++) {
                int b = slot(c, sets[k].x[i].v[j].index);
                c->df[b] += 1;
                c->cnt[k][b] += 1;
            }
}

/* dL/dv of the multinomial log loss over every post, at the fit's weights and intercepts. */
static void check_gradient(Check *c, const PostSet *sets, const SharedBuild *m)
{
    for (int k = 0; k < NK; k++)
        for (uint32_t i = 0; i < m->acc[k].n; i++) c->v[k][slot(c, m->acc[k].index[i])] = m->acc[k].weight[i];
    for (int y = 0; y < NK; y++)
        for (int i = 0; i < sets[y].n; i++) {
            const FeatVec *x = &sets[y].x[i];
            double s[NK], sum = 0, max = -1e300;
            for (int k = 0; k < NK; k++) {
                s[k] = m->acc[k].bias;
                for (int j = 0; j < x->n; j++) s[k] += c->v[k][slot(c, x->v[j].index)] * x->v[j].value;
                max = fmax(max, s[k]);
            }
            for (int k = 0; k < NK; k++) sum += exp(s[k] - max);
            for (int k = 0; k < NK; k++) {
                double d = exp(s[k] - max) / sum - (k == y);
                for (int j = 0; j < x->n; j++) c->grad[k][slot(c, x->v[j].index)] += d * x->v[j].value;
            }
        }
}

/* The largest relative gap between v_kj and -C f_kj^2 dL/dv_kj over the weights that matter. */
static double optimum_gap(const PostSet *sets, const SoftmaxOptions *o)
{
    SharedBuild m;
    char err[200];
    assert_int_equal(softmax_fit(sets, NK, o, &m, err, sizeof err), 0);
    static Check c;
    memset(&c, 0, sizeof c);
    check_counts(&c, sets);
    check_gradient(&c, sets, &m);
    double N = NK * NPOSTS, worst = 0;
    int checked = 0;
    for (int b = 0; b < c.nb; b++)
        for (int k = 0; k < NK; k++) {
            double f = log((1 + N) / (1 + c.df[b])) + 1;
            if (o->nb_power > 0) {
                double in = c.cnt[k][b], out = c.df[b] - in;
                f *= pow(fabs(log((in + 0.1) / (NPOSTS + 0.2)) - log((out + 0.1) / (N - NPOSTS + 0.2))), o->nb_power);
            }
            double want = -o->C * f * f * c.grad[k][b];
            if (fabs(want) < 0.05) continue;            /* (small weights: the solver's tolerance) */
            worst = fmax(worst, fabs(c.v[k][b] - want) / fabs(want));
            checked++;
        }
    assert_true(checked > 20);
    shared_build_free(&m);
    return worst;
}

static void test_nb_optimum(void **state)
{
    (void)state;
    static const char *words[NK][4] = {{"tensor", "gradient", "keras", "layer"}, {"palette", "beauty", "glam", "launch"},
                                       {"dataframe", "pandas", "index", "groupby"}};
    PostSet sets[NK];
    for (int k = 0; k < NK; k++) {
        char *t[NPOSTS];
        for (int i = 0; i < NPOSTS; i++)   /* each account's words, and some of the next one's */
            t[i] = xasprintf("the %s and %s %s", words[k][i % 4], words[(k + (i % 3 == 0)) % NK][(i / 4) % 4],
                             i % 2 ? "today" : "now");
        postset_from_texts(t, NPOSTS, &sets[k]);
        for (int i = 0; i < NPOSTS; i++) free(t[i]);
    }
    SoftmaxOptions o;
    softmax_options_load(&o);
    o.iterations = 2000;
    o.max_weights = 1 << 20;
    o.C = 3;
    assert_true(optimum_gap(sets, &o) < 0.005);         /* the scaled fit (the default) */
    SoftmaxOptions plain = o;
    plain.nb_power = 0;
    assert_true(optimum_gap(sets, &plain) < 0.005);     /* the idf alone */
    SharedBuild a, b;                                   /* ... which is another optimum */
    char err[200];
    assert_int_equal(softmax_fit(sets, NK, &o, &a, err, sizeof err), 0);
    assert_int_equal(softmax_fit(sets, NK, &plain, &b, err, sizeof err), 0);
    assert_true(weight_gap(&a.acc[0], &b.acc[0]) > 0.05);
    shared_build_free(&a);
    shared_build_free(&b);
    for (int k = 0; k < NK; k++) postset_free(&sets[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_blocks_match_rows),
        cmocka_unit_test(test_cap_in_fit),
        cmocka_unit_test(test_time_budget),
        cmocka_unit_test(test_warm_start),
        cmocka_unit_test(test_nb_optimum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
