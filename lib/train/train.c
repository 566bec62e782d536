/* train.c - fitting pairwise logistic-regression models with liblinear, and estimating their
 * accuracy honestly. Linked by the batch and the tests, never by a CGI. */
#include "train.h"
#include "calibrate.h"
#include "config.h"
#include "util.h"

#include <linear.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WEIGHTS 40000   /* the largest weights kept: model files of ~120 KB, quick to load */
#define BIAS 1.0
#define MIN_DF 1u           /* a feature must occur in this many training posts (2 trains ~25%
                                faster, but lost 0.0005 of faceoff accuracy) */            /* value of the constant feature that carries the intercept */

static void quiet_print(const char *s) { (void)s; }

/* Once per process: liblinear quiet, and malloc told to keep freed blocks. A fit allocates and
 * frees blocks of 0.1-30 MB (rows, per-feature vectors); above glibc's mmap threshold each is
 * mapped and unmapped again, and every page of it is faulted in and zeroed by the kernel anew.
 * Kept in the heap (no trimming below 512 MiB), they are reused by the next fit. */
static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;
static void make_quiet(void)
{
    set_print_string_function(quiet_print);
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

void train_options_load(TrainOptions *o)
{
    o->C = conf_get_double("train_c", 40.0);
    o->eps = conf_get_double("train_eps", 0.1);
    o->folds = (int)conf_get_long("holdout_folds", 5);
    o->min_posts = (int)conf_get_long("min_posts", 10);
    if (!(o->C > 0)) o->C = 40.0;
    if (!(o->eps > 0)) o->eps = 0.1;
    if (o->folds < 0 || o->folds == 1) o->folds = 5;
    if (o->min_posts < 1) o->min_posts = 1;
    o->class_weights = 0;
}

void postset_from_texts(char **texts, int n, PostSet *ps)
{
    ps->n = n;
    ps->x = xcalloc((size_t)(n ? n : 1), sizeof *ps->x);
    FeatVec tmp;
    featvec_init(&tmp);
    for (int i = 0; i < n; i++) {
        features_extract(texts[i], &tmp);
        ps->x[i].n = ps->x[i].cap = tmp.n;
        ps->x[i].v = xmalloc(sizeof *tmp.v * (size_t)(tmp.n ? tmp.n : 1));
        memcpy(ps->x[i].v, tmp.v, sizeof *tmp.v * (size_t)tmp.n);
    }
    featvec_free(&tmp);
}

void postset_free(PostSet *ps)
{
    for (int i = 0; i < ps->n; i++) featvec_free(&ps->x[i]);
    free(ps->x);
    ps->x = NULL;
    ps->n = 0;
}

/* A liblinear problem over chosen posts of a (y = 0) and b (y = 1). Hashed bucket indices are
 * renumbered 1..m in bucket order, so the solver works on the m features the pair uses rather
 * than on every bucket, and rows stay sorted without sorting them again. */
typedef struct Scratch Scratch;
typedef struct {
    struct problem prob;
    struct feature_node *nodes;  /* all rows, each ended by the bias node and index -1 */
    Scratch *scratch;            /* the bucket map and its bitmap, borrowed (scratch_take) */
    uint32_t *compact;           /* bucket -> 1..m (0 = unused); FEATURE_DIM + 1 entries */
    uint32_t *bucket;            /* 1..m -> bucket */
    float *scale;                /* 1..m -> naive-Bayes log-count ratio |r| the feature is scaled by */
    int m;                       /* features used */
} Problem;

/* The bucket map of a problem is FEATURE_DIM + 1 entries (4 MiB) that must start zeroed: made
 * afresh per fit, the kernel hands out and zeroes 1,024 pages each time, and the numbering
 * scanned all of it. Maps are kept instead on a free list, with a bitmap of the buckets used (one
 * bit a bucket, 128 KiB) so that numbering visits only words with a bit set; a problem gives its
 * map back cleared (only the entries it set). At most one map per concurrent fit exists. */
#define USED_WORDS ((FEATURE_DIM + 1 + 63) / 64)
struct Scratch {
    uint32_t compact[FEATURE_DIM + 1];
    uint64_t used[USED_WORDS];
    Scratch *next;
};
static Scratch *free_scratch;
static pthread_mutex_t scratch_mu = PTHREAD_MUTEX_INITIALIZER;

static Scratch *scratch_take(void)
{
    pthread_mutex_lock(&scratch_mu);
    Scratch *s = free_scratch;
    if (s) free_scratch = s->next;
    pthread_mutex_unlock(&scratch_mu);
    return s ? s : xcalloc(1, sizeof *s);
}

static void scratch_give(Scratch *s)
{
    pthread_mutex_lock(&scratch_mu);
    s->next = free_scratch;
    free_scratch = s;
    pthread_mutex_unlock(&scratch_mu);
}

/* 1 when row i of a post set belongs to the selection: all rows (k = 0), or those whose fold
 * membership (i % k == fold) equals want. */
static int selected(int i, int fold, int k, int want)
{
    return k == 0 || ((i % k) == fold) == want;
}

static size_t count_nodes(const PostSet *ps, int fold, int k, int want)
{
    size_t n = 0;
    for (int i = 0; i < ps->n; i++)
        if (selected(i, fold, k, want)) n += (size_t)ps->x[i].n + 2;
    return n;
}

static void mark_used(Problem *p, const PostSet *ps, int fold, int k, int want)
{
    uint64_t *used = p->scratch->used;
    for (int i = 0; i < ps->n; i++)
        if (selected(i, fold, k, want))
            for (int j = 0; j < ps->x[i].n; j++) {
                uint32_t b = ps->x[i].v[j].index;
                p->compact[b]++;
                used[b >> 6] |= 1ull << (b & 63);
            }
}

/* Number the used buckets with at least MIN_DF posts 1..m in bucket order (the others back to 0),
 * visiting the bitmap's set bits in ascending order, and clear the bitmap. */
static void number_features(Problem *p)
{
    uint64_t *used = p->scratch->used;
    int cap = 0;
    for (size_t w = 0; w < USED_WORDS; w++) cap += __builtin_popcountll(used[w]);
    p->bucket = xmalloc(sizeof *p->bucket * (size_t)(cap + 1));
    int m = 0;
    for (size_t w = 0; w < USED_WORDS; w++) {
        for (uint64_t bits = used[w]; bits; bits &= bits - 1) {
            uint32_t j = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
            if (p->compact[j] < MIN_DF) {
                p->compact[j] = 0;
                continue;
            }
            p->compact[j] = (uint32_t)++m;
            p->bucket[m] = j;
        }
        used[w] = 0;
    }
    p->m = m;
}

/* Naive-Bayes feature scaling, after NBSVM (Wang & Manning 2012): feature j is multiplied by
 * |r_j|^NB_POWER with r_j = log(P(j | b) / P(j | a)), P(j | user) = (posts of the user holding j
 * + NB_ALPHA) / (posts of the user + 2 NB_ALPHA). Features that tell the two users apart weigh
 * more before the regression. The model folds the scale into its weights, so prediction needs
 * nothing extra. */
#define NB_ALPHA 0.5
#define NB_POWER 0.75
static void nb_scale(Problem *p, const PostSet *a, const PostSet *b, int fold, int k, int want)
{
    float *cnt[2] = {xcalloc((size_t)p->m + 2, sizeof(float)), xcalloc((size_t)p->m + 2, sizeof(float))};
    const PostSet *sets[2] = {a, b};
    double posts[2] = {2 * NB_ALPHA, 2 * NB_ALPHA};
    for (int s = 0; s < 2; s++) {
        for (int i = 0; i < sets[s]->n; i++) {
            if (!selected(i, fold, k, want)) continue;
            posts[s] += 1;
            for (int j = 0; j < sets[s]->x[i].n; j++) cnt[s][p->compact[sets[s]->x[i].v[j].index]] += 1;
        }
    }
    p->scale = xmalloc(sizeof *p->scale * (size_t)(p->m + 2));
    for (int j = 1; j <= p->m; j++) {
        double r = log((cnt[1][j] + NB_ALPHA) / posts[1]) - log((cnt[0][j] + NB_ALPHA) / posts[0]);
        p->scale[j] = (float)pow(fabs(r), NB_POWER);
    }
    p->scale[p->m + 1] = 1.0f;   /* the bias */
    free(cnt[0]);
    free(cnt[1]);
}

static void add_rows(Problem *p, const PostSet *ps, double y, int fold, int k, int want, size_t *pos)
{
    for (int i = 0; i < ps->n; i++) {
        if (!selected(i, fold, k, want)) continue;
        struct feature_node *row = p->nodes + *pos;
        const FeatVec *fv = &ps->x[i];
        int n = 0;
        for (int j = 0; j < fv->n; j++) {
            int c = (int)p->compact[fv->v[j].index];
            if (c) row[n++] = (struct feature_node){c, fv->v[j].value * p->scale[c]};
        }
        row[n] = (struct feature_node){p->m + 1, BIAS};   /* the bias feature */
        row[n + 1] = (struct feature_node){-1, 0};
        p->prob.x[p->prob.l] = row;
        p->prob.y[p->prob.l++] = y;
        *pos += (size_t)n + 2;
    }
}

/* Build the problem from the rows whose fold membership is `want` (k = 0: all rows). */
static void problem_build(Problem *p, const PostSet *a, const PostSet *b, int fold, int k, int want)
{
    size_t na = count_nodes(a, fold, k, want), nb = count_nodes(b, fold, k, want);
    int rows = a->n + b->n;
    p->nodes = xmalloc(sizeof *p->nodes * (na + nb + 1));
    p->prob.x = xmalloc(sizeof *p->prob.x * (size_t)(rows + 1));
    p->prob.y = xmalloc(sizeof *p->prob.y * (size_t)(rows + 1));
    p->scratch = scratch_take();
    p->compact = p->scratch->compact;
    mark_used(p, a, fold, k, want);
    mark_used(p, b, fold, k, want);
    number_features(p);
    nb_scale(p, a, b, fold, k, want);
    p->prob.l = 0;
    p->prob.bias = 1.0;
    p->prob.n = p->m + 1;
    size_t pos = 0;
    add_rows(p, a, 0, fold, k, want, &pos);
    add_rows(p, b, 1, fold, k, want, &pos);
}

static void problem_free(Problem *p)
{
    free(p->nodes);
    free(p->prob.x);
    free(p->prob.y);
    for (int j = 1; j <= p->m; j++) p->compact[p->bucket[j]] = 0;   /* the map goes back zeroed */
    scratch_give(p->scratch);
    free(p->bucket);
    free(p->scale);
}

/* A test row in the training problem's numbering (unknown buckets dropped), ended by bias, -1. */
static void test_row(const Problem *p, const FeatVec *fv, struct feature_node *row)
{
    int n = 0;
    for (int j = 0; j < fv->n; j++) {
        uint32_t c = p->compact[fv->v[j].index];
        if (c) row[n++] = (struct feature_node){(int)c, fv->v[j].value * p->scale[c]};
    }
    row[n] = (struct feature_node){p->m + 1, BIAS};
    row[n + 1] = (struct feature_node){-1, 0};
}

static struct parameter make_param(const TrainOptions *o)
{
    struct parameter param;
    memset(&param, 0, sizeof param);
    param.solver_type = L2R_LR;
    param.C = o->C;
    param.eps = o->eps;
    return param;
}

/* Fit; returns the liblinear model or NULL with err. */
static struct model *fit(Problem *p, const TrainOptions *o, char *err, size_t errlen)
{
    pthread_once(&quiet_once, make_quiet);
    struct parameter param = make_param(o);
    int labels[2] = {0, 1};
    double weights[2] = {1, 1}, n1 = 0;
    if (o->class_weights) {
        for (int i = 0; i < p->prob.l; i++) n1 += p->prob.y[i] == 1;
        if (n1 > 0 && n1 < p->prob.l) {
            weights[0] = p->prob.l / (2 * (p->prob.l - n1));
            weights[1] = p->prob.l / (2 * n1);
            param.nr_weight = 2;
            param.weight_label = labels;
            param.weight = weights;
        }
    }
    const char *msg = check_parameter(&p->prob, &param);
    if (msg) {
        snprintf(err, errlen, "liblinear: %s", msg);
        return NULL;
    }
    struct model *m = train(&p->prob, &param);
    if (!m) snprintf(err, errlen, "liblinear: training failed");
    return m;
}

/* Weight of feature j (1-based) towards label 1 (b). */
static double weight_b(const struct model *m, int j)
{
    double w = m->w[j - 1];
    return m->label[0] == 1 ? w : -w;
}

/* The k-th largest of v[0..n) (0-based), reordering v (quickselect). */
static float kth_largest(float *v, int n, int k)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        float pivot = v[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] > pivot) i++;
            while (v[j] < pivot) j--;
            if (i <= j) {
                float t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return v[k];
    }
    return v[k];
}

/* The magnitude below which weights are dropped so that at most max remain (0: keep all). */
static float prune_threshold(const struct model *lm, const Problem *p, uint32_t max)
{
    int m = p->m;
    if ((uint32_t)m <= max) return 0;
    float *mag = xmalloc(sizeof *mag * (size_t)m);
    for (int j = 0; j < m; j++) mag[j] = (float)fabs(lm->w[j] * p->scale[j + 1]);
    float t = kth_largest(mag, m, (int)max - 1);
    free(mag);
    return t;
}

/* Copy the non-zero weights (at most MAX_WEIGHTS, the largest) into out, in bucket order. */
static void export_weights(const struct model *lm, const Problem *p, Model *out)
{
    float t = prune_threshold(lm, p, MAX_WEIGHTS);
    out->index = xmalloc(sizeof *out->index * (size_t)(p->m + 1));
    out->weight = xmalloc(sizeof *out->weight * (size_t)(p->m + 1));
    uint32_t n = 0;
    for (int j = 1; j <= p->m && n < MAX_WEIGHTS; j++) {
        double v = weight_b(lm, j) * p->scale[j];
        if (fabs(v) <= 1e-6 || (t > 0 && fabs(v) < t)) continue;
        out->index[n] = p->bucket[j];
        out->weight[n++] = (float)v;
    }
    out->n = n;
    out->bias = weight_b(lm, p->m + 1) * BIAS;
}

int train_fit(const PostSet *a, const PostSet *b, const TrainOptions *o, Model *out,
              char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (a->n == 0 || b->n == 0) {
        snprintf(err, errlen, "both users need posts to train");
        return -1;
    }
    Problem p;
    problem_build(&p, a, b, 0, 0, 0);
    struct model *lm = fit(&p, o, err, errlen);
    if (lm) {
        export_weights(lm, &p, out);
        free_and_destroy_model(&lm);
    }
    problem_free(&p);
    if (!out->index) return -1;
    model_index(out);
    out->feature_version = FEATURE_VERSION;
    out->feature_bits = FEATURE_BITS;
    out->posts_a = (uint32_t)a->n;
    out->posts_b = (uint32_t)b->n;
    out->accuracy = -1;
    calib_identity(out);
    return 0;
}

/* Correct predictions on the rows of fold `fold` (of k) when trained on the other folds; each
 * held-out row's decision value goes to s when s is not NULL. */
static int fold_correct(const PostSet *a, const PostSet *b, const TrainOptions *o, int fold, int *total,
                        Scores *s)
{
    Problem tr;
    char err[128];
    problem_build(&tr, a, b, fold, o->folds, 0);
    struct model *lm = fit(&tr, o, err, sizeof err);
    int ok = 0;
    *total = 0;
    if (lm) {
        const PostSet *sets[2] = {a, b};
        double sign = lm->label[0] == 1 ? 1 : -1;   /* decision values towards b */
        for (int c = 0; c < 2; c++) {
            for (int i = fold; i < sets[c]->n; i += o->folds) {
                struct feature_node *row = xmalloc(sizeof *row * (size_t)(sets[c]->x[i].n + 2));
                test_row(&tr, &sets[c]->x[i], row);
                double dec;
                predict_values(lm, row, &dec);
                dec *= sign;
                ok += (dec > 0) == (c == 1);
                if (s) scores_add(s, dec, c, fold);
                (*total)++;
                free(row);
            }
        }
        free_and_destroy_model(&lm);
    }
    problem_free(&tr);
    return ok;
}

double train_cv_scores(const PostSet *a, const PostSet *b, const TrainOptions *o, int runs, Scores *s)
{
    if (o->folds < 2 || a->n < o->folds || b->n < o->folds) return -1;
    if (runs < 1 || runs > o->folds) runs = o->folds;
    int ok = 0, total = 0;
    for (int f = 0; f < runs; f++) {
        int t;
        ok += fold_correct(a, b, o, f, &t, s);
        total += t;
    }
    return total > 0 ? (double)ok / total : -1;
}

double train_cv_accuracy(const PostSet *a, const PostSet *b, const TrainOptions *o, int runs)
{
    return train_cv_scores(a, b, o, runs, NULL);
}

#define CAL_MIN_EACH 5   /* held-out posts of each user needed to fit a calibration */

void train_calibrate(const PostSet *a, const PostSet *b, const TrainOptions *o, int runs, Model *out,
                     Metrics *bal, Metrics *raw)
{
    Scores s = {0};
    out->accuracy = train_cv_scores(a, b, o, runs, &s);
    platt_calibrate(&s, out, CAL_MIN_EACH, bal, raw);
    scores_free(&s);
}

static void run_task(TrainTask *t, const TrainOptions *o)
{
    if (!t->a || !t->b) return;   /* failed already: rc and err set by the caller */
    double t0 = now_mono();
    metrics_clear(&t->held_bal);
    metrics_clear(&t->held_raw);
    if (t->cv_only) {
        memset(&t->model, 0, sizeof t->model);
        t->model.posts_a = (uint32_t)t->a->n;
        t->model.posts_b = (uint32_t)t->b->n;
        t->rc = 0;
    } else {
        t->rc = train_fit(t->a, t->b, o, &t->model, t->err, sizeof t->err);
    }
    if (t->rc == 0 && t->cv_runs > 0)
        train_calibrate(t->a, t->b, o, t->cv_runs, &t->model, &t->held_bal, &t->held_raw);
    t->seconds = now_mono() - t0;
}

/* Estimated peak bytes of one fit: liblinear's rows (16 bytes a non-zero), its per-feature and
 * per-row vectors, and the bucket map. */
static size_t task_bytes(const TrainTask *t)
{
    if (!t->a || !t->b) return 0;   /* a task that failed before it started (posts unreadable) */
    size_t nnz = 0, rows = (size_t)t->a->n + (size_t)t->b->n;
    for (int i = 0; i < t->a->n; i++) nnz += (size_t)t->a->x[i].n;
    for (int i = 0; i < t->b->n; i++) nnz += (size_t)t->b->x[i].n;
    return 24 * nnz + 48 * rows + 4 * (FEATURE_DIM + 1);
}

typedef struct {
    TrainTask *tasks;          /* all tasks */
    int n;                     /* how many */
    int next;                  /* next task to take */
    const TrainOptions *o;     /* shared settings */
    size_t budget;             /* bytes the running fits may use together */
    size_t inflight;           /* bytes of the running fits */
    int running;               /* fits running */
    pthread_mutex_t mu;        /* guards next, inflight, running */
    pthread_cond_t cv;         /* signalled when a fit ends */
} Pool;

/* Take the next task once its memory fits beside the running ones (always when none runs). */
static int take(Pool *p, size_t *need)
{
    pthread_mutex_lock(&p->mu);
    while (p->next < p->n && p->running > 0 && p->inflight + task_bytes(&p->tasks[p->next]) > p->budget)
        pthread_cond_wait(&p->cv, &p->mu);
    int i = p->next < p->n ? p->next++ : -1;
    if (i >= 0) {
        *need = task_bytes(&p->tasks[i]);
        p->inflight += *need;
        p->running++;
    }
    pthread_mutex_unlock(&p->mu);
    return i;
}

static void *worker(void *arg)
{
    Pool *p = arg;
    size_t need;
    for (int i; (i = take(p, &need)) >= 0;) {
        run_task(&p->tasks[i], p->o);
        pthread_mutex_lock(&p->mu);
        p->inflight -= need;
        p->running--;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    return NULL;
}

void train_many(TrainTask *tasks, int n, const TrainOptions *o, int threads)
{
    Pool pool = {tasks, n, 0, o, (size_t)conf_get_long("train_memory_mb", 100) << 20, 0, 0,
                 PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
    if (threads > n) threads = n;
    pthread_t tid[8];
    int started = 0;
    for (int i = 1; i < threads && i < 8; i++)
        if (pthread_create(&tid[started], NULL, worker, &pool) == 0) started++;
    worker(&pool);                       /* this thread works too */
    for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
}

int train_threads(void)
{
    long n = conf_get_long("train_threads", 0);
    if (n <= 0) n = sysconf(_SC_NPROCESSORS_ONLN) - 1;   /* a core left for the pages */
    return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}
