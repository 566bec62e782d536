/* budget.c - the training budget: which pairs own a model, which stale ones train first. */
#include "budget.h"
#include "asked.h"
#include "config.h"
#include "pairs.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void budget_load(Budget *b)
{
    b->max_models = conf_get_long("max_pair_models", 2300);
    b->seconds = conf_get_double("train_budget", 300);
    if (!(b->seconds > 0)) b->seconds = 300;
}

/* What is known of one pair beside its staleness. */
typedef struct {
    int64_t a, b;         /* user ids */
    int64_t last_asked;   /* 0: never asked */
    int64_t trained_at;   /* 0: no model row */
    int has_row;
} Info;

typedef struct {
    Info *v;
    int n;
} InfoSet;

static int cmp_ids(const void *x, const void *y)
{
    const Info *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

static Info *find(InfoSet *s, int64_t a, int64_t b)
{
    Info key = {.a = a, .b = b};
    return s->n ? bsearch(&key, s->v, (size_t)s->n, sizeof *s->v, cmp_ids) : NULL;
}

static void on_row(void *ctx, const PairRow *r)
{
    Info *i = find(ctx, r->user_a, r->user_b);
    if (i) {
        i->has_row = 1;
        i->trained_at = r->trained_at > 0 ? r->trained_at : 1;
    }
}

static void on_asked(void *ctx, int64_t a, int64_t b, int64_t times, int64_t last)
{
    Info *i = find(ctx, a, b);
    if (i) i->last_asked = last;
}

/* The comparisons sort indices into pairs; qsort has no context argument, so the info array is
 * passed through this file-local pointer (the plan is made by one thread). */
static const Info *ranked;

/* A fixed pseudo-random rank of a pair (splitmix64 of its user ids): the pairs that get the model
 * files left once the asked-for pairs and the existing models have theirs are spread evenly over
 * the accounts, rather than all going to the accounts that sort first (whose new posts would then
 * make most models stale at once). */
static uint64_t spread(const Info *p)
{
    uint64_t z = (uint64_t)p->a * 0x9e3779b97f4a7c15ull + (uint64_t)p->b + 0x632be59bd9b4e019ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int by_keep(const void *x, const void *y)
{
    int i = *(const int *)x, j = *(const int *)y;
    const Info *p = &ranked[i], *q = &ranked[j];
    if (p->last_asked != q->last_asked) return p->last_asked > q->last_asked ? -1 : 1;
    if (p->has_row != q->has_row) return q->has_row - p->has_row;
    uint64_t hp = spread(p), hq = spread(q);
    if (hp != hq) return hp < hq ? -1 : 1;
    return (i > j) - (i < j);
}

static int by_training(const void *x, const void *y)
{
    int i = *(const int *)x, j = *(const int *)y;
    const Info *p = &ranked[i], *q = &ranked[j];
    if (p->last_asked != q->last_asked) return p->last_asked > q->last_asked ? -1 : 1;
    if (p->trained_at != q->trained_at) return p->trained_at < q->trained_at ? -1 : 1;
    return (i > j) - (i < j);
}

/* Info per pair, indexed like pairs (sorted copy used for the look-ups). */
static Info *pair_info(sqlite3 *db, const Pair *pairs, int n, char *err, size_t errlen)
{
    InfoSet s = {xcalloc((size_t)n + 1, sizeof(Info)), n};
    for (int i = 0; i < n; i++) s.v[i] = (Info){.a = pairs[i].a->id, .b = pairs[i].b->id};
    qsort(s.v, (size_t)n, sizeof *s.v, cmp_ids);
    if (db_pairs_each(db, on_row, &s, err, errlen) < 0 || db_asked_each(db, on_asked, &s, err, errlen) < 0) {
        free(s.v);
        return NULL;
    }
    Info *out = xcalloc((size_t)n + 1, sizeof *out);
    for (int i = 0; i < n; i++) out[i] = *find(&s, pairs[i].a->id, pairs[i].b->id);
    free(s.v);
    return out;
}

int budget_plan(sqlite3 *db, const Pair *pairs, int n, const Budget *b, BudgetPlan *out,
                char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    Info *info = pair_info(db, pairs, n, err, errlen);
    if (!info) return -1;
    int *idx = xmalloc(sizeof *idx * ((size_t)n + 1));
    for (int i = 0; i < n; i++) idx[i] = i;
    ranked = info;
    qsort(idx, (size_t)n, sizeof *idx, by_keep);
    int keep = b->max_models < 0 || b->max_models > n ? n : (int)b->max_models;
    out->order = xmalloc(sizeof *out->order * ((size_t)n + 1));
    out->drop = xmalloc(sizeof *out->drop * ((size_t)n + 1));
    for (int k = 0; k < n; k++) {
        int i = idx[k];
        if (k < keep && pairs[i].stale) out->order[out->n_order++] = i;
        if (k >= keep && info[i].has_row) out->drop[out->n_drop++] = i;
    }
    out->over = n - keep;
    qsort(out->order, (size_t)out->n_order, sizeof *out->order, by_training);
    ranked = NULL;
    free(idx);
    free(info);
    return 0;
}

void budget_plan_free(BudgetPlan *p)
{
    free(p->order);
    free(p->drop);
    memset(p, 0, sizeof *p);
}

static void ignore_row(void *ctx, const PairRow *r) { (void)ctx; (void)r; }

int budget_counts(sqlite3 *db, PairCounts *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    User *users;
    int nusers;
    TrainOptions o;
    train_options_load(&o);
    if (db_users_list(db, &users, &nusers, err, errlen) != 0) return -1;
    for (int i = 0; i < nusers; i++) c->accounts += users[i].post_count >= o.min_posts;
    Pair *pairs;
    int n = pairs_list(db, users, nusers, &o, &pairs, err, errlen);
    if (n >= 0) {
        c->pairs = n;
        for (int i = 0; i < n; i++) c->stale += pairs[i].stale;
        pairs_free(pairs, n);
        c->models = db_pairs_each(db, ignore_row, NULL, err, errlen);
        c->left = c->models < 0 ? -1 : db_budget_left(db, err, errlen);
    }
    users_free(users, nusers);
    return n < 0 || c->models < 0 || c->left < 0 ? -1 : 0;
}
