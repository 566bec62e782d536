/* accuracy.c - pairwise accuracy benchmark: for every pair of authors in CORPUS_DIR/train.jsonl,
 * fit the TwitOff recipe on their train posts and score their test posts (the protocol of
 * shared/reference/eval_sklearn.py), printing one JSON line with accuracy and timings; with --shared,
 * the shared model over all authors instead (the protocol of eval_multinomial.py); with --choice,
 * both and the per-pair choice between them that predict makes. With
 * --calibration first it compares ways of turning decision values into probabilities on the test
 * posts instead (accuracy, Brier, ECE; balanced and unweighted). */
#include "calibrate.h"
#include "features.h"
#include "metrics.h"
#include "shared_model.h"
#include "softmax.h"
#include "train.h"
#include "util.h"

#include <jansson.h>
#include <linear.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Print "accuracy: message" to stderr and exit(status). */
__attribute__((format(printf, 2, 3), noreturn))
static void die(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("accuracy: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(status);
}

typedef struct {
    char *name;     /* screen name */
    char **texts;   /* posts */
    int n, cap;
} Author;

typedef struct {
    Author *a;
    int n;
} Corpus;

static Author *author(Corpus *c, const char *name)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->a[i].name, name) == 0) return &c->a[i];
    c->a = xrealloc(c->a, sizeof *c->a * (size_t)(c->n + 1));
    c->a[c->n] = (Author){xstrdup(name), NULL, 0, 0};
    return &c->a[c->n++];
}

static void load(const char *path, Corpus *c)
{
    FILE *f = fopen(path, "r");
    if (!f) die(1, "cannot open %s", path);
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        const char *name = json_string_value(json_object_get(j, "screen_name"));
        const char *text = json_string_value(json_object_get(j, "text"));
        if (name && text) {
            Author *a = author(c, name);
            if (a->n == a->cap) {
                a->cap = a->cap ? a->cap * 2 : 256;
                a->texts = xrealloc(a->texts, sizeof *a->texts * (size_t)a->cap);
            }
            a->texts[a->n++] = xstrdup(text);
        }
        json_decref(j);
    }
    free(line);
    fclose(f);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(((const Author *)x)->name, ((const Author *)y)->name);
}

/* Ways of turning a pair's decision value into a probability. */
enum { V_RAW, V_INTERCEPT, V_TEMPERATURE, V_PLATT, V_PLATT_WEIGHTED, NV };
static const char *const vname[NV] = {"uncalibrated (sigmoid of the decision value)",
    "intercept corrected for the training ratio", "temperature (scale fitted, ratio corrected)",
    "Platt scaling, balanced (shipped)", "Platt scaling, balanced, class-weighted fit"};

/* Per variant: pooled answers (each pair weighing 1) and the sums of per-pair accuracy and Brier. */
typedef struct {
    Metrics pooled[2];          /* balanced, unweighted */
    double acc[2], brier[2];    /* sums over pairs */
} Tally;

/* Fit a pair (class-weighted or not), its held-out scores, and calibrate the variants into mv. */
static void variants(const PostSet *a, const PostSet *b, TrainOptions *o, int weighted, Model *mv)
{
    o->class_weights = weighted;
    char err[160];
    Model m;
    if (train_fit(a, b, o, &m, err, sizeof err) != 0) die(1, "%s", err);
    Scores s = {0};
    train_cv_scores(a, b, o, 1, &s);
    double prior = log((double)b->n / a->n);
    if (weighted) {
        mv[V_PLATT_WEIGHTED] = m;
        platt_calibrate(&s, &mv[V_PLATT_WEIGHTED], 5, NULL, NULL);
    } else {
        for (int v = V_RAW; v <= V_PLATT; v++) mv[v] = m;
        mv[V_INTERCEPT] = m;
        mv[V_INTERCEPT].calibrated = 1;
        mv[V_INTERCEPT].cal_b = -prior;
        for (int i = 0; i < s.n; i++) s.dec[i] -= prior;
        double A, B = 0;
        platt_fit(&s, -1, 0, &A, &B);
        for (int i = 0; i < s.n; i++) s.dec[i] += prior;
        mv[V_TEMPERATURE].calibrated = 1;
        mv[V_TEMPERATURE].cal_a = A;
        mv[V_TEMPERATURE].cal_b = -A * prior;
        platt_calibrate(&s, &mv[V_PLATT], 5, NULL, NULL);
    }
    scores_free(&s);
}

/* Score one pair's test posts (ta: a's, tb: b's) under every variant into t. */
static void tally_pair(const Model *mv, const PostSet *ta, const PostSet *tb, Tally *t)
{
    for (int v = 0; v < NV; v++) {
        Metrics m[2];
        metrics_clear(&m[0]);
        metrics_clear(&m[1]);
        const PostSet *sets[2] = {ta, tb};
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < sets[c]->n; i++) {
                double p = calib_prob_b(&mv[v], model_decision(&mv[v], &sets[c]->x[i]));
                metrics_add_prob(&m[0], p, c, 0.5 / sets[c]->n);
                metrics_add_prob(&m[1], p, c, 1.0 / (ta->n + tb->n));
            }
        for (int k = 0; k < 2; k++) {
            metrics_merge(&t[v].pooled[k], &m[k], 1);
            t[v].acc[k] += metrics_accuracy(&m[k]);
            t[v].brier[k] += metrics_brier(&m[k]);
        }
    }
}

static void calibration(const char *dir, Corpus *tr, Corpus *te, int maxp)
{
    TrainOptions o;
    train_options_load(&o);
    PostSet *sets = xcalloc((size_t)tr->n, sizeof *sets), *tests = xcalloc((size_t)tr->n, sizeof *tests);
    for (int i = 0; i < tr->n; i++) {
        Author *t = author(te, tr->a[i].name);
        postset_from_texts(tr->a[i].texts, tr->a[i].n, &sets[i]);
        postset_from_texts(t->texts, t->n, &tests[i]);
    }
    Tally t[NV];
    memset(t, 0, sizeof t);
    int pairs = 0;
    for (int i = 0; i < tr->n; i++)
        for (int j = i + 1; j < tr->n && pairs < maxp; j++, pairs++) {
            Model mv[NV];
            variants(&sets[i], &sets[j], &o, 0, mv);
            variants(&sets[i], &sets[j], &o, 1, mv);
            tally_pair(mv, &tests[i], &tests[j], t);
            model_free(&mv[V_RAW]);
            model_free(&mv[V_PLATT_WEIGHTED]);
        }
    printf("{\"corpus\": \"%s\", \"pairs\": %d, \"variants\": [", dir, pairs);
    for (int v = 0; v < NV; v++) {
        printf("%s{\"name\": \"%s\"", v ? ", " : "", vname[v]);
        for (int k = 0; k < 2; k++)
            printf(", \"%s\": {\"accuracy\": %.4f, \"brier\": %.4f, \"ece\": %.4f}", k ? "unweighted" : "balanced",
                   t[v].acc[k] / pairs, t[v].brier[k] / pairs, metrics_ece(&t[v].pooled[k]));
        printf("}");
    }
    const Metrics *r = &t[V_PLATT].pooled[0];
    printf("], \"reliability\": [");   /* the shipped variant's, balanced */
    for (int i = 0; i < METRICS_BINS; i++)
        printf("%s[%ld, %.4f, %.4f]", i ? ", " : "", r->bin_posts[i], metrics_bin_conf(r, i), metrics_bin_accuracy(r, i));
    printf("]}\n");
}

static int by_abs_desc(const void *x, const void *y)
{
    float a = fabsf(*(const float *)x), b = fabsf(*(const float *)y);
    return a < b ? 1 : a > b ? -1 : 0;
}

/* A copy of src keeping, per account, only its max largest weights (what shared_weights does). */
static void prune_copy(const SharedBuild *src, int max, SharedBuild *dst)
{
    *dst = *src;
    dst->acc = xcalloc((size_t)src->n, sizeof *dst->acc);
    for (int k = 0; k < src->n; k++) {
        const SharedAccount *a = &src->acc[k];
        SharedAccount *d = &dst->acc[k];
        float t = 0;
        if (a->n > (uint32_t)max) {
            float *mag = xmalloc(sizeof *mag * a->n);
            memcpy(mag, a->weight, sizeof *mag * a->n);
            qsort(mag, a->n, sizeof *mag, by_abs_desc);
            t = fabsf(mag[max - 1]);
            free(mag);
        }
        *d = (SharedAccount){xstrdup(a->name), a->posts, a->bias, 0, xmalloc(sizeof *d->index * (a->n + 1)),
                             xmalloc(sizeof *d->weight * (a->n + 1))};
        for (uint32_t i = 0; i < a->n && d->n < (uint32_t)max; i++)
            if (fabsf(a->weight[i]) >= t) {
                d->index[d->n] = a->index[i];
                d->weight[d->n++] = a->weight[i];
            }
    }
}

static void score_prior(const char *dir, const char *path, long long size, Corpus *te, const SoftmaxOptions *o,
                        int max, double tfit, double t0);

/* Save m, open it as the pages do, and score: top-1 among all, and every pair's view, under
 * each prior. */
static void score_file(const char *dir, SharedBuild *m, Corpus *te, const SoftmaxOptions *o, int max, double tfit,
                       double t0)
{
    char err[256], path[] = "/tmp/twitoff-bench-shared-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) die(1, "cannot make a temporary file");
    close(fd);
    if (shared_model_save(m, path, err, sizeof err) != 0) die(1, "%s", err);
    struct stat st;
    stat(path, &st);
    for (int prior = 0; prior < 2; prior++) {   /* the same file under prior = equal, then posts */
        setenv("TWITOFF_PRIOR", prior ? "posts" : "equal", 1);
        score_prior(dir, path, st.st_size, te, o, max, tfit, t0);
    }
    unsetenv("TWITOFF_PRIOR");
    unlink(path);
}

/* Open the saved model at path under the prior in the environment and score it. */
static void score_prior(const char *dir, const char *path, long long size, Corpus *te, const SoftmaxOptions *o,
                        int max, double tfit, double t0)
{
    char err[256];
    SharedModel *sm;
    if (shared_model_open(path, &sm, err, sizeof err) != 0) die(1, "%s", err);
    int K = shared_model_count(sm);
    long top1 = 0, all = 0;
    double *s = xmalloc(sizeof *s * (size_t)K), sum = 0;
    FeatVec x;
    featvec_init(&x);
    for (int t = 0; t < te->n; t++) {
        int truth = shared_model_find(sm, te->a[t].name);
        for (int q = 0; q < te->a[t].n && truth >= 0; q++) {
            features_extract(te->a[t].texts[q], &x);
            shared_model_scores(sm, &x, s, err, sizeof err);
            int best = 0;
            for (int k = 1; k < K; k++) best = s[k] > s[best] ? k : best;
            top1 += best == truth;
            all++;
        }
    }
    int pairs = 0;
    for (int i = 0; i < K; i++)
        for (int j = i + 1; j < K; j++) {
            Model pm;
            if (shared_model_pair(sm, i, j, &pm, err, sizeof err) != 0) die(1, "%s", err);
            Author *ta = author(te, pm.handle_a), *tb = author(te, pm.handle_b);
            int ok = 0;
            for (int q = 0; q < ta->n; q++) ok += model_prob_b(&pm, ta->texts[q]) < 0.5;
            for (int q = 0; q < tb->n; q++) ok += model_prob_b(&pm, tb->texts[q]) >= 0.5;
            sum += (double)ok / (ta->n + tb->n);
            if (getenv("VERBOSE"))
                fprintf(stderr, "%s,%s %.4f (shared)\n", pm.handle_a, pm.handle_b, (double)ok / (ta->n + tb->n));
            pairs++;
            model_free(&pm);
        }
    printf("{\"corpus\": \"%s\", \"model\": \"shared\", \"accounts\": %d, \"pairs\": %d, \"prior\": \"%s\", "
           "\"C\": %g, \"iterations\": %d, \"weights\": %d, \"mean_pair_acc\": %.4f, \"top1_all\": %.4f, "
           "\"fit_seconds\": %.2f, \"seconds\": %.2f, \"file_bytes\": %lld}\n", dir, K, pairs,
           shared_model_prior(sm) == SHARED_PRIOR_POSTS ? "posts" : "equal", o->C, o->iterations, max, sum / pairs,
           all ? (double)top1 / all : 0, tfit, now_mono() - t0, size);
    fflush(stdout);
    featvec_free(&x);
    free(s);
    shared_model_close(sm);
}

/* The fit itself, every weight kept and none quantised (what pruning and i16 cost is measured
 * against it): top-1 and mean pairwise under both priors, one JSON line each. */
static void score_float(const char *dir, const SharedBuild *b, Corpus *tr, Corpus *te, const SoftmaxOptions *o,
                        double tfit, double t0)
{
    PostSet *tests = xcalloc((size_t)tr->n, sizeof *tests);
    for (int i = 0; i < tr->n; i++) {
        Author *t = author(te, tr->a[i].name);
        postset_from_texts(t->texts, t->n, &tests[i]);
    }
    SharedAccuracy acc;
    softmax_score(b, tests, &acc);
    for (int p = 0; p < 2; p++)
        printf("{\"corpus\": \"%s\", \"model\": \"shared, unpruned float weights\", \"accounts\": %d, "
               "\"prior\": \"%s\", \"C\": %g, \"iterations\": %d, \"weights\": \"all (float)\", "
               "\"mean_pair_acc\": %.4f, \"top1_all\": %.4f, \"fit_seconds\": %.2f, \"seconds\": %.2f, "
               "\"file_bytes\": 0}\n", dir, b->n, p == SHARED_PRIOR_POSTS ? "posts" : "equal", o->C, o->iterations,
               acc.pair[p], acc.top1[p], tfit, now_mono() - t0);
    fflush(stdout);
    for (int i = 0; i < tr->n; i++) postset_free(&tests[i]);
    free(tests);
}

/* --shared [W,...]: one shared model over every author, fitted on the train posts, saved and
 * opened as the pages open it, then every test post scored (top-1 among all) and every pair (its
 * pair view); once per weight cap W (default: the shared_weights setting), from one fit. */
static int shared_main(const char *dir, const char *caps, Corpus *tr, Corpus *te)
{
    double t0 = now_mono();
    PostSet *sets = xcalloc((size_t)tr->n, sizeof *sets);
    for (int i = 0; i < tr->n; i++) postset_from_texts(tr->a[i].texts, tr->a[i].n, &sets[i]);
    SoftmaxOptions o;
    softmax_options_load(&o);
    int keep = o.max_weights;
    if (caps) o.max_weights = 1 << 30;
    SharedBuild b;
    char err[256];
    if (softmax_fit(sets, tr->n, &o, &b, err, sizeof err) != 0) die(1, "%s", err);
    double tfit = now_mono() - t0;
    for (int i = 0; i < tr->n; i++) b.acc[i].name = xstrdup(tr->a[i].name);
    if (caps) score_float(dir, &b, tr, te, &o, tfit, t0);
    char *list = xstrdup(caps ? caps : ""), *save = NULL;
    if (!caps) score_file(dir, &b, te, &o, keep, tfit, t0);
    for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        SharedBuild p;
        prune_copy(&b, atoi(w) > 0 ? atoi(w) : keep, &p);
        score_file(dir, &p, te, &o, atoi(w), tfit, t0);
        shared_build_free(&p);
    }
    free(list);
    shared_build_free(&b);
    for (int i = 0; i < tr->n; i++) postset_free(&sets[i]);
    free(sets);
    return 0;
}

/* --ovr: liblinear's multi-class logistic regression (one-vs-rest, L2R_LR) over every author on
 * the same features, for comparison with the shared model: top-1 by the largest decision value,
 * each pair by comparing the two authors' decision values. */
static void quiet(const char *s) { (void)s; }

static struct feature_node *ovr_row(const FeatVec *x)
{
    struct feature_node *row = xmalloc(sizeof *row * (size_t)(x->n + 2));
    for (int j = 0; j < x->n; j++) row[j] = (struct feature_node){(int)x->v[j].index, x->v[j].value};
    row[x->n] = (struct feature_node){FEATURE_DIM + 1, 1.0};
    row[x->n + 1] = (struct feature_node){-1, 0};
    return row;
}

static int ovr_main(const char *dir, Corpus *tr, Corpus *te)
{
    double t0 = now_mono();
    set_print_string_function(quiet);
    SoftmaxOptions so;
    softmax_options_load(&so);
    struct problem prob = {0};
    for (int k = 0; k < tr->n; k++) prob.l += tr->a[k].n;
    prob.n = FEATURE_DIM + 1;
    prob.bias = 1;
    prob.y = xmalloc(sizeof *prob.y * (size_t)prob.l);
    prob.x = xmalloc(sizeof *prob.x * (size_t)prob.l);
    FeatVec x;
    featvec_init(&x);
    int i = 0;
    for (int k = 0; k < tr->n; k++)
        for (int q = 0; q < tr->a[k].n; q++, i++) {
            features_extract(tr->a[k].texts[q], &x);
            prob.x[i] = ovr_row(&x);
            prob.y[i] = k;
        }
    struct parameter param = {.solver_type = L2R_LR, .C = so.C, .eps = 0.01};
    struct model *m = train(&prob, &param);
    double tfit = now_mono() - t0;
    int K = get_nr_class(m), *label = xmalloc(sizeof *label * (size_t)K);
    get_labels(m, label);
    double *dv = xmalloc(sizeof *dv * (size_t)K), *s = xmalloc(sizeof *s * (size_t)tr->n);
    long top1 = 0, all = 0, *beat = xcalloc((size_t)tr->n * (size_t)tr->n, sizeof *beat), *cnt = xcalloc((size_t)tr->n, sizeof *cnt);
    for (int t = 0; t < tr->n; t++) {
        Author *ta = author(te, tr->a[t].name);
        for (int q = 0; q < ta->n; q++) {
            features_extract(ta->texts[q], &x);
            struct feature_node *row = ovr_row(&x);
            predict_values(m, row, dv);
            free(row);
            for (int c = 0; c < K; c++) s[label[c]] = dv[c];
            int best = 0;
            for (int k = 1; k < tr->n; k++) best = s[k] > s[best] ? k : best;
            top1 += best == t;
            all++;
            cnt[t]++;
            for (int o = 0; o < tr->n; o++) beat[t * tr->n + o] += s[t] > s[o];
        }
    }
    double sum = 0;
    int pairs = 0;
    for (int a = 0; a < tr->n; a++)
        for (int b = a + 1; b < tr->n; b++, pairs++)
            sum += (double)(beat[a * tr->n + b] + beat[b * tr->n + a]) / (double)(cnt[a] + cnt[b]);
    printf("{\"corpus\": \"%s\", \"model\": \"liblinear one-vs-rest\", \"accounts\": %d, \"pairs\": %d, "
           "\"C\": %g, \"mean_pair_acc\": %.4f, \"top1_all\": %.4f, \"fit_seconds\": %.2f, \"seconds\": %.2f}\n",
           dir, tr->n, pairs, so.C, sum / pairs, all ? (double)top1 / all : 0, tfit, now_mono() - t0);
    free_and_destroy_model(&m);
    for (i = 0; i < prob.l; i++) free(prob.x[i]);
    free(prob.x);
    free(prob.y);
    free(label);
    free(dv);
    free(s);
    free(beat);
    free(cnt);
    featvec_free(&x);
    return 0;
}

/* Right answers of pair model m (a = its handle_a's author) on both authors' test posts. */
static double pair_test_acc(const Model *m, const Author *ta, const Author *tb)
{
    int ok = 0;
    for (int q = 0; q < ta->n; q++) ok += model_prob_b(m, ta->texts[q]) < 0.5;
    for (int q = 0; q < tb->n; q++) ok += model_prob_b(m, tb->texts[q]) >= 0.5;
    return ta->n + tb->n ? (double)ok / (ta->n + tb->n) : 0;
}

/* The shared model over the train posts, saved to a temporary file and opened as the pages open it
 * (under the prior setting), with its held-out accuracy on every pair into pairs. */
static SharedModel *choice_shared(Corpus *tr, const PostSet *sets, SharedPairAccuracy *pairs, char *path)
{
    SoftmaxOptions so;
    softmax_options_load(&so);
    SharedAccuracy acc;
    SharedBuild b;
    char err[256];
    if (softmax_holdout_pairs(sets, tr->n, &so, 5, &acc, pairs, err, sizeof err) != 0) die(1, "%s", err);
    if (softmax_fit(sets, tr->n, &so, &b, err, sizeof err) != 0) die(1, "%s", err);
    for (int i = 0; i < tr->n; i++) b.acc[i].name = xstrdup(tr->a[i].name);
    int fd = mkstemp(path);
    if (fd < 0) die(1, "cannot make a temporary file");
    close(fd);
    if (shared_model_save(&b, path, err, sizeof err) != 0) die(1, "%s", err);
    shared_build_free(&b);
    SharedModel *sm;
    if (shared_model_open(path, &sm, err, sizeof err) != 0) die(1, "%s", err);
    return sm;
}

/* --choice: what a user gets. Every pair model (with its held-out accuracy, as the batch trains
 * it) and the shared model are fitted on the train posts; per pair the one that was right more
 * often on the held-out fifth of the train posts answers (shared_answers_better, as predict
 * does); all three are scored on the test posts. */
static int choice_main(const char *dir, Corpus *tr, Corpus *te)
{
    double t0 = now_mono();
    PostSet *sets = xcalloc((size_t)tr->n, sizeof *sets);
    for (int i = 0; i < tr->n; i++) postset_from_texts(tr->a[i].texts, tr->a[i].n, &sets[i]);
    SharedPairAccuracy pairs;
    char path[] = "/tmp/twitoff-bench-choice-XXXXXX", err[256];
    SharedModel *sm = choice_shared(tr, sets, &pairs, path);
    TrainOptions o;
    train_options_load(&o);
    int np = 0, K = tr->n, prior = shared_model_prior(sm);
    TrainTask *tasks = xcalloc((size_t)(K * K / 2 + 1), sizeof *tasks);
    for (int i = 0; i < K; i++)
        for (int j = i + 1; j < K; j++) tasks[np++] = (TrainTask){.a = &sets[i], .b = &sets[j], .cv_runs = 1};
    train_many(tasks, np, &o, train_threads());
    double own = 0, shared = 0, choice = 0;
    int chose_shared = 0, k = 0;
    for (int i = 0; i < K; i++)
        for (int j = i + 1; j < K; j++, k++) {
            if (tasks[k].rc != 0) die(1, "%s", tasks[k].err);
            Model *m = &tasks[k].model, pm;
            int si = shared_model_find(sm, tr->a[i].name), sj = shared_model_find(sm, tr->a[j].name);
            if (shared_model_pair(sm, si, sj, &pm, err, sizeof err) != 0) die(1, "%s", err);
            double a = pair_test_acc(m, author(te, tr->a[i].name), author(te, tr->a[j].name));
            double b = pair_test_acc(&pm, author(te, pm.handle_a), author(te, pm.handle_b));
            int use = shared_answers_better(pairs.pair[prior][i * K + j], m->accuracy);
            own += a;
            shared += b;
            choice += use ? b : a;
            chose_shared += use;
            model_free(m);
            model_free(&pm);
        }
    printf("{\"corpus\": \"%s\", \"model\": \"choice\", \"pairs\": %d, \"prior\": \"%s\", "
           "\"pair_models\": %.4f, \"shared\": %.4f, \"choice\": %.4f, \"chose_shared\": %d, \"seconds\": %.1f}\n",
           dir, np, prior == SHARED_PRIOR_POSTS ? "posts" : "equal", own / np, shared / np, choice / np,
           chose_shared, now_mono() - t0);
    shared_model_close(sm);
    unlink(path);
    softmax_pairs_free(&pairs);
    free(tasks);
    for (int i = 0; i < K; i++) postset_free(&sets[i]);
    free(sets);
    return 0;
}

int main(int argc, char **argv)
{
    int calib = argc > 1 && strcmp(argv[1], "--calibration") == 0;
    if (calib) {
        argv++;
        argc--;
    }
    if (argc < 2) die(2, "usage: accuracy [--calibration] CORPUS_DIR [MAX_PAIRS | --shared [WEIGHTS,...] | --ovr | --choice]");
    int shared = argc > 2 && strcmp(argv[2], "--shared") == 0;
    int maxp = argc > 2 ? atoi(argv[2]) : 1 << 30;
    Buf p;
    buf_init(&p);
    Corpus tr = {0}, te = {0};
    buf_printf(&p, "%s/train.jsonl", argv[1]);
    load(p.data, &tr);
    buf_reset(&p);
    buf_printf(&p, "%s/test.jsonl", argv[1]);
    load(p.data, &te);
    buf_free(&p);
    qsort(tr.a, (size_t)tr.n, sizeof *tr.a, by_name);
    if (calib) {
        calibration(argv[1], &tr, &te, maxp);
        return 0;
    }
    if (shared) return shared_main(argv[1], argc > 3 ? argv[3] : NULL, &tr, &te);
    if (argc > 2 && strcmp(argv[2], "--ovr") == 0) return ovr_main(argv[1], &tr, &te);
    if (argc > 2 && strcmp(argv[2], "--choice") == 0) return choice_main(argv[1], &tr, &te);
    TrainOptions o;
    train_options_load(&o);
    double t0 = now_mono(), tfeat = 0, tfit = 0, sum = 0, minacc = 2;
    PostSet *sets = xcalloc((size_t)tr.n, sizeof *sets);
    for (int i = 0; i < tr.n; i++) postset_from_texts(tr.a[i].texts, tr.a[i].n, &sets[i]);
    tfeat = now_mono() - t0;
    int npairs = 0;
    TrainTask *tasks = xcalloc((size_t)(tr.n * tr.n / 2 + 1), sizeof *tasks);
    int (*ij)[2] = xcalloc((size_t)(tr.n * tr.n / 2 + 1), sizeof *ij);
    for (int i = 0; i < tr.n; i++)
        for (int j = i + 1; j < tr.n && npairs < maxp; j++) {
            tasks[npairs] = (TrainTask){.a = &sets[i], .b = &sets[j], .cv_runs = 0};
            ij[npairs][0] = i;
            ij[npairs++][1] = j;
        }
    double t1 = now_mono();
    train_many(tasks, npairs, &o, train_threads());
    tfit = now_mono() - t1;
    long ok_all = 0, n_all = 0;
    const char *worst = "";
    for (int k = 0; k < npairs; k++) {
        int i = ij[k][0], j = ij[k][1];
        if (tasks[k].rc != 0) die(1, "%s", tasks[k].err);
        Model *m = &tasks[k].model;
        Author *ta = author(&te, tr.a[i].name), *tb = author(&te, tr.a[j].name);
        int ok = 0;
        for (int q = 0; q < ta->n; q++) ok += model_prob_b(m, ta->texts[q]) < 0.5;
        for (int q = 0; q < tb->n; q++) ok += model_prob_b(m, tb->texts[q]) >= 0.5;
        double acc = (double)ok / (ta->n + tb->n);
        if (getenv("VERBOSE"))
            fprintf(stderr, "%s,%s %.4f (%u weights)\n", tr.a[i].name, tr.a[j].name, acc, m->n);
        if (acc < minacc) {
            minacc = acc;
            worst = tr.a[i].name;
        }
        sum += acc;
        ok_all += ok;
        n_all += ta->n + tb->n;
        model_free(m);
    }
    int pairs = npairs;
    free(tasks);
    free(ij);
    double secs = now_mono() - t0;
    printf("{\"corpus\": \"%s\", \"threads\": %d, \"pairs\": %d, \"mean_pair_acc\": %.4f, \"micro_acc\": %.4f, "
           "\"min_pair_acc\": %.4f, \"seconds\": %.3f, \"featurize_seconds\": %.3f, "
           "\"fit_seconds\": %.3f, \"worst_user\": \"%s\"}\n",
           argv[1], train_threads(), pairs, sum / pairs, (double)ok_all / (double)n_all, minacc, secs, tfeat, tfit, worst);
    return 0;
}
