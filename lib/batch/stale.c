/* stale.c - which pairs of users need (re)training: the pair list and data fingerprints. */
#include "stale.h"
#include "pair.h"
#include "pairs.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

char *pair_fingerprint(const User *a, const User *b, const TrainOptions *o)
{
    Buf f;
    buf_init(&f);
    buf_printf(&f, "f%d.%d:C%g:e%g:%lld@%lld:%lld@%lld", FEATURE_VERSION, FEATURE_BITS, o->C, o->eps,
               (long long)a->id, (long long)a->revision, (long long)b->id, (long long)b->revision);
    return buf_detach(&f);
}

/* The fingerprints of the stored pair rows, sorted by (user_a, user_b) as the store lists them. */
typedef struct {
    int64_t a, b;
    char *fp;
} Stored;

typedef struct {
    Stored *v;
    int n, cap;
} StoredSet;

static void add_stored(void *ctx, const PairRow *r)
{
    StoredSet *s = ctx;
    if (s->n == s->cap) s->v = xrealloc(s->v, sizeof *s->v * (size_t)(s->cap = s->cap ? 2 * s->cap : 64));
    s->v[s->n++] = (Stored){r->user_a, r->user_b, xstrdup(r->fingerprint)};
}

static int cmp_stored(const void *x, const void *y)
{
    const Stored *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

/* 1 when the stored pair row matches the fingerprint and its model file loads in the current
 * format (a truncated or corrupted file, or an older format without calibration, makes the pair
 * stale, so the next `train` replaces it). */
static int is_fresh(const StoredSet *s, const Pair *p)
{
    if (s->n == 0) return 0;   /* (bsearch and qsort take no NULL array, even an empty one) */
    Stored key = {p->a->id, p->b->id, NULL};
    const Stored *hit = bsearch(&key, s->v, (size_t)s->n, sizeof *s->v, cmp_stored);
    if (!hit || strcmp(hit->fp, p->fingerprint) != 0) return 0;
    Model m;
    char err[160];
    int ok = pair_model_load(p->a->handle, p->b->handle, &m, err, sizeof err) == 0;
    if (ok) {
        ok = !m.legacy;
        model_free(&m);
    }
    return ok;
}

int pairs_list(sqlite3 *db, User *users, int nusers, const TrainOptions *o, Pair **out,
               char *err, size_t errlen)
{
    StoredSet stored = {0};
    *out = NULL;
    if (db_pairs_each(db, add_stored, &stored, err, errlen) < 0) {
        for (int i = 0; i < stored.n; i++) free(stored.v[i].fp);
        free(stored.v);
        return -1;
    }
    if (stored.n > 1) qsort(stored.v, (size_t)stored.n, sizeof *stored.v, cmp_stored);
    int n = 0;
    *out = xmalloc(sizeof **out * (size_t)(nusers * (nusers - 1) / 2 + 1));
    for (int i = 0; i < nusers; i++) {
        for (int j = 0; j < nusers; j++) {
            User *a = &users[i], *b = &users[j];
            if (!pair_ordered(a->handle, b->handle)) continue;
            if (a->post_count < o->min_posts || b->post_count < o->min_posts) continue;
            Pair *p = &(*out)[n++];
            p->a = a;
            p->b = b;
            p->fingerprint = pair_fingerprint(a, b, o);
            p->stale = !is_fresh(&stored, p);
        }
    }
    for (int i = 0; i < stored.n; i++) free(stored.v[i].fp);
    free(stored.v);
    return n;
}

void pairs_free(Pair *p, int n)
{
    for (int i = 0; i < n; i++) free(p[i].fingerprint);
    free(p);
}

int stale_pair_count(sqlite3 *db, char *err, size_t errlen)
{
    User *users;
    int nusers;
    TrainOptions o;
    train_options_load(&o);
    if (db_users_list(db, &users, &nusers, err, errlen) != 0) return -1;
    Pair *pairs;
    int n = pairs_list(db, users, nusers, &o, &pairs, err, errlen), stale = 0;
    for (int i = 0; i < n; i++) stale += pairs[i].stale;
    if (n >= 0) pairs_free(pairs, n);
    users_free(users, nusers);
    return n < 0 ? -1 : stale;
}
