/* stale.c - which pairs of users need (re)training: the pair list and data fingerprints. */
#include "stale.h"
#include "pair.h"
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

/* 1 when the stored pair row matches the fingerprint and its model file loads (a truncated or
 * corrupted file makes the pair stale, so the next `train` replaces it). */
static int is_fresh(sqlite3_stmt *q, const Pair *p)
{
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, p->a->id);
    sqlite3_bind_int64(q, 2, p->b->id);
    if (sqlite3_step(q) != SQLITE_ROW) return 0;
    const char *fp = (const char *)sqlite3_column_text(q, 0);
    if (!fp || strcmp(fp, p->fingerprint) != 0) return 0;
    Model m;
    char err[160];
    int ok = pair_model_load(p->a->handle, p->b->handle, &m, err, sizeof err) == 0;
    if (ok) model_free(&m);
    return ok;
}

int pairs_list(sqlite3 *db, User *users, int nusers, const TrainOptions *o, Pair **out)
{
    sqlite3_stmt *q = db_prepare(db, "SELECT fingerprint FROM pairs WHERE user_a = ? AND user_b = ?");
    if (!q) return -1;
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
            p->stale = !is_fresh(q, p);
        }
    }
    sqlite3_finalize(q);
    return n;
}

void pairs_free(Pair *p, int n)
{
    for (int i = 0; i < n; i++) free(p[i].fingerprint);
    free(p);
}

int stale_pair_count(sqlite3 *db)
{
    User *users;
    int nusers;
    TrainOptions o;
    train_options_load(&o);
    if (db_users_list(db, &users, &nusers) != 0) return -1;
    Pair *pairs;
    int n = pairs_list(db, users, nusers, &o, &pairs), stale = 0;
    for (int i = 0; i < n; i++) stale += pairs[i].stale;
    if (n >= 0) pairs_free(pairs, n);
    users_free(users, nusers);
    return n < 0 ? -1 : stale;
}
