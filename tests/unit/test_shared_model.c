/* test_shared_model.c - unit tests for the shared model: the file (round trip, every truncation,
 * flipped bytes, dropping an account, the pairs' accuracies), the pair view (= sigmoid(s_b - s_a)), ranking (order,
 * probabilities summing to 1, a subset), the priors, and the softmax trainer on small data. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "features.h"
#include "files.h"
#include "model.h"
#include "pair.h"
#include "shared_model.h"
#include "softmax.h"
#include "train.h"
#include "util.h"

static char dir[] = "/tmp/twitoff-test-shared-XXXXXX";

/* Three accounts with a few hand-made weights. */
static void build(SharedBuild *b)
{
    static const char *names[] = {"zed", "alice", "Bob"};
    memset(b, 0, sizeof *b);
    b->n = 3;
    b->acc = xcalloc(3, sizeof *b->acc);
    for (int k = 0; k < 3; k++) {
        SharedAccount *a = &b->acc[k];
        a->name = xstrdup(names[k]);
        a->posts = 10u * (uint32_t)(k + 1);
        a->bias = 0.25 * k - 0.2;
        a->n = 4;
        a->index = xmalloc(4 * sizeof *a->index);
        a->weight = xmalloc(4 * sizeof *a->weight);
        for (uint32_t i = 0; i < 4; i++) {
            a->index[i] = 1 + i * 1000 + (uint32_t)k * 7;
            a->weight[i] = (float)((k + 1) * (i % 2 ? -0.5 : 0.75) * (i + 1));
        }
    }
    b->accuracy = (SharedAccuracy){{0.8, 0.85}, {0.9, 0.95}};
    /* per pair, in the order above: (zed, alice), (zed, Bob), (alice, Bob: unknown with equal) */
    static double equal[9] = {-1, 0.91, 0.92, -1, -1, -1, -1, -1, -1}, posts[9] = {-1, 0.81, 0.82, -1, -1, 0.83, -1, -1, -1};
    b->pair_acc[SHARED_PRIOR_EQUAL] = equal;
    b->pair_acc[SHARED_PRIOR_POSTS] = posts;
    b->trained_at = 1700000000;
    b->fingerprint = 0x1234567890abcdefULL;
}

/* The saved bytes of build()'s model; *path gets the file. */
static unsigned char *saved(size_t *len, char **path)
{
    SharedBuild b;
    build(&b);
    *path = xasprintf("%s/shared.model", dir);
    char err[200];
    assert_int_equal(shared_model_save(&b, *path, err, sizeof err), 0);
    shared_build_free(&b);
    unsigned char *data = (unsigned char *)read_file(*path, len);
    assert_non_null(data);
    return data;
}

/* build()'s model saved and opened; *path gets the file. */
static SharedModel *open_saved(char **path)
{
    size_t len;
    char err[200];
    free(saved(&len, path));
    SharedModel *sm;
    assert_int_equal(shared_model_open(*path, &sm, err, sizeof err), 0);
    return sm;
}

static void test_round_trip(void **state)
{
    (void)state;
    char *path, err[200];
    SharedModel *sm = open_saved(&path);
    assert_int_equal(shared_model_count(sm), 3);
    assert_string_equal(shared_model_name(sm, 0), "Bob");      /* sorted byte-wise */
    assert_string_equal(shared_model_name(sm, 1), "alice");
    assert_string_equal(shared_model_name(sm, 2), "zed");
    assert_int_equal(shared_model_find(sm, "alice"), 1);
    assert_int_equal(shared_model_find(sm, "BOB"), 0);          /* case-insensitively too */
    assert_int_equal(shared_model_find(sm, "carol"), -1);
    assert_int_equal(shared_model_posts(sm, 2), 10);
    assert_true(shared_model_accuracy(sm)->pair[SHARED_PRIOR_EQUAL] == 0.9);
    assert_int_equal(shared_model_trained_at(sm), 1700000000);
    assert_true(shared_model_fingerprint(sm) == 0x1234567890abcdefULL);
    assert_int_equal(shared_model_verify(sm, err, sizeof err), 0);
    shared_model_close(sm);
    assert_false(pair_model_file(SHARED_MODEL_FILE));         /* never taken for a pair's, nor pruned */
    char *missing = xasprintf("%s/none.model", dir);
    assert_int_equal(shared_model_open(missing, &sm, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot read"));
    free(missing);
    free(path);
}

/* Open from memory; 0 only when the header, the tables and every account's weights check out. */
static int opens_whole(const unsigned char *data, size_t len, char *err, size_t errlen)
{
    SharedModel *sm;
    err[0] = '\0';
    if (shared_model_open_mem(data, len, &sm, err, errlen) != 0) return -1;
    int rc = shared_model_verify(sm, err, errlen);
    shared_model_close(sm);
    return rc;
}

static void test_truncated_and_corrupt(void **state)
{
    (void)state;
    size_t len;
    char *path, err[200];
    unsigned char *data = saved(&len, &path);
    assert_int_equal(opens_whole(data, len, err, sizeof err), 0);
    for (size_t cut = 0; cut < len; cut++) {                /* every truncation is refused */
        unsigned char *copy = xmalloc(cut + 1);            /* exactly cut bytes: ASan sees overreads */
        memcpy(copy, data, cut);
        assert_int_equal(opens_whole(copy, cut, err, sizeof err), -1);
        assert_true(strlen(err) > 0);
        free(copy);
    }
    for (size_t i = 0; i < len; i++) {                     /* every flipped byte is caught */
        data[i] ^= 0xA5;
        assert_int_equal(opens_whole(data, len, err, sizeof err), -1);
        assert_true(strlen(err) > 0);
        data[i] ^= 0xA5;
    }
    memcpy(data, "NOTSHARE", 8);
    assert_int_equal(opens_whole(data, len, err, sizeof err), -1);
    assert_string_equal(err, "not a twitoff shared model file");
    free(data);
    free(path);
}

/* Two accounts of 3,000 weights each (several directory ranges): the weights read back through
 * scores; a byte flipped in one range's rows leaves the buckets of other ranges answering and
 * fails any use of that range (and verify); a flipped directory byte fails the account's first
 * use; answering one bucket checks only its range, not the other rows. */
static void test_ranges(void **state)
{
    (void)state;
    enum { W = 3000 };
    static const char *names[] = {"big", "large"};
    SharedBuild b;
    memset(&b, 0, sizeof b);
    b.n = 2;
    b.acc = xcalloc(2, sizeof *b.acc);
    for (int k = 0; k < 2; k++) {
        SharedAccount *a = &b.acc[k];
        a->name = xstrdup(names[k]);
        a->posts = 100;
        a->n = W;
        a->index = xmalloc(W * sizeof *a->index);
        a->weight = xmalloc(W * sizeof *a->weight);
        for (uint32_t i = 0; i < W; i++) {
            a->index[i] = 1 + i * (FEATURE_DIM / W) + (uint32_t)k;
            a->weight[i] = (float)(k ? -1 : 1) * (float)(1 + i % 7);
        }
    }
    char *path = xasprintf("%s/ranges.model", dir), err[200];
    assert_int_equal(shared_model_save(&b, path, err, sizeof err), 0);
    shared_build_free(&b);
    size_t len;
    unsigned char *data = (unsigned char *)read_file(path, &len);
    assert_non_null(data);
    SharedModel *sm;
    Feat one[1] = {{1 + 10 * (FEATURE_DIM / W), 1.0f}}, far[1] = {{1 + (W - 10) * (FEATURE_DIM / W), 1.0f}};
    FeatVec x1 = {one, 1, 1}, x2 = {far, 1, 1};
    double s[2];
    assert_int_equal(shared_model_open_mem(data, len, &sm, err, sizeof err), 0);
    assert_int_equal(shared_model_scores(sm, &x1, s, err, sizeof err), 0);
    assert_true(fabs(s[0] - s[1] - (1 + 10 % 7)) < 1e-3);      /* big's weight there; large has none */
    shared_model_close(sm);
    /* Row 10 of account "big" (the first): its weight byte flipped. */
    uint32_t rows_off = (uint32_t)data[92] | (uint32_t)data[93] << 8 | (uint32_t)data[94] << 16 | (uint32_t)data[95] << 24;
    data[rows_off + 10 * 6 + 4] ^= 0x40;
    assert_int_equal(shared_model_open_mem(data, len, &sm, err, sizeof err), 0);
    assert_int_equal(shared_model_scores(sm, &x2, s, err, sizeof err), 0);   /* another range */
    assert_int_equal(shared_model_scores(sm, &x1, s, err, sizeof err), -1);
    assert_non_null(strstr(err, "checksum mismatch"));
    assert_non_null(strstr(err, "big"));
    assert_int_equal(shared_model_scores(sm, &x2, s, err, sizeof err), -1);  /* the account stays refused */
    shared_model_close(sm);
    assert_int_equal(opens_whole(data, len, err, sizeof err), -1);
    data[rows_off + 10 * 6 + 4] ^= 0x40;
    assert_int_equal(opens_whole(data, len, err, sizeof err), 0);
    /* The last byte of the file is in the directory of the last account ("large"): the sum of
     * its last range. Answering fails when that range is read, not before; reading it whole fails. */
    Feat top[1] = {{1 + (W - 1) * (FEATURE_DIM / W) + 1, 1.0f}};
    FeatVec x3 = {top, 1, 1};
    data[len - 1] ^= 0x01;
    assert_int_equal(shared_model_open_mem(data, len, &sm, err, sizeof err), 0);
    assert_int_equal(shared_model_scores(sm, &x1, s, err, sizeof err), 0);
    assert_int_equal(shared_model_scores(sm, &x3, s, err, sizeof err), -1);
    assert_non_null(strstr(err, "large"));
    shared_model_close(sm);
    assert_int_equal(opens_whole(data, len, err, sizeof err), -1);
    assert_non_null(strstr(err, "large"));
    /* A directory offset that leaves the account's rows is refused where it is read. */
    data[len - 1] ^= 0x01;
    uint32_t dirs_off = (uint32_t)data[104] | (uint32_t)data[105] << 8 | (uint32_t)data[106] << 16 | (uint32_t)data[107] << 24;
    data[dirs_off + 3] ^= 0x80;   /* "big"'s first range, x1's, starts past its rows */
    assert_int_equal(shared_model_open_mem(data, len, &sm, err, sizeof err), 0);
    assert_int_equal(shared_model_scores(sm, &x1, s, err, sizeof err), -1);
    assert_non_null(strstr(err, "big"));
    shared_model_close(sm);
    free(data);
    free(path);
}

static double sigmoid(double z) { return 1 / (1 + exp(-z)); }

static void test_pair_view(void **state)
{
    (void)state;
    char *path, err[200];
    SharedModel *sm = open_saved(&path);
    FeatVec x = {xmalloc(3 * sizeof(Feat)), 3, 3};
    x.v[0] = (Feat){1, 0.5f};       /* zed's first two buckets */
    x.v[1] = (Feat){1001, 0.5f};
    x.v[2] = (Feat){3008, 0.7f};    /* alice's last */
    double s[3];
    assert_int_equal(shared_model_scores(sm, &x, s, err, sizeof err), 0);
    Model m;
    assert_int_equal(shared_model_pair(sm, 1, 2, &m, err, sizeof err), 0);   /* a = alice, b = zed */
    assert_string_equal(m.handle_a, "alice");
    assert_string_equal(m.handle_b, "zed");
    assert_int_equal(m.posts_a, 20);
    assert_int_equal(m.posts_b, 10);
    assert_true(fabs(m.accuracy - 0.9) < 1e-12);
    for (uint32_t i = 1; i < m.n; i++) assert_true(m.index[i] > m.index[i - 1]);
    assert_int_equal(m.n, 8);                               /* the two accounts' buckets, merged */
    assert_true(fabs(sigmoid(model_decision(&m, &x)) - sigmoid(s[2] - s[1])) < 1e-6);
    assert_true(fabs(model_weight(&m, 3001) - -2.0) < 1e-3);   /* w_zed - w_alice: zed's bucket */
    assert_true(fabs(model_weight(&m, 3008) - 4.0) < 1e-3);    /* alice's */
    assert_true(fabs(model_weight(&m, 1) - 0.75) < 1e-3);
    assert_true(model_weight(&m, 15) == 0);                    /* Bob's: not in this pair */
    /* The view for one text answers and explains that text the same. */
    const char *text = "Keras and pandas, glam palette launch #tag @someone";
    Model t;
    assert_int_equal(shared_model_pair_for(sm, 1, 2, text, &t, err, sizeof err), 0);
    assert_true(t.n <= 3 && fabs(t.bias - m.bias) < 1e-12);
    assert_true(fabs(model_prob_b(&t, text) - model_prob_b(&m, text)) < 1e-12);
    Contribution *a1, *b1, *a2, *b2;
    int na1, nb1, na2, nb2;
    model_explain(&m, text, 5, &a1, &na1, &b1, &nb1);
    model_explain(&t, text, 5, &a2, &na2, &b2, &nb2);
    assert_int_equal(na1, na2);
    assert_int_equal(nb1, nb2);
    for (int i = 0; i < na1; i++) assert_true(a1[i].push == a2[i].push);
    contributions_free(a1, na1);
    contributions_free(b1, nb1);
    contributions_free(a2, na2);
    contributions_free(b2, nb2);
    model_free(&t);
    model_free(&m);
    assert_int_equal(shared_model_pair(sm, 1, 1, &m, err, sizeof err), -1);
    featvec_free(&x);
    shared_model_close(sm);
    free(path);
}

static void test_rank(void **state)
{
    (void)state;
    char *path, err[200];
    SharedModel *sm = open_saved(&path);
    SharedRank r[3];
    int n = shared_model_rank(sm, "some text", NULL, r, err, sizeof err);
    assert_int_equal(n, 3);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        sum += r[i].prob;
        if (i) assert_true(r[i - 1].prob >= r[i].prob);
    }
    assert_true(fabs(sum - 1) < 1e-9);
    unsigned char keep[3] = {1, 0, 1};                     /* Bob and zed */
    n = shared_model_rank(sm, "some text", keep, r, err, sizeof err);
    assert_int_equal(n, 2);
    assert_true(fabs(r[0].prob + r[1].prob - 1) < 1e-9);
    assert_true(r[0].account != 1 && r[1].account != 1);
    /* Among two, the ranking is the pair view's answer. */
    Model m;
    assert_int_equal(shared_model_pair(sm, 0, 2, &m, err, sizeof err), 0);
    double pb = model_prob_b(&m, "some text");
    assert_true(fabs((r[0].account == 2 ? r[0].prob : r[1].prob) - pb) < 1e-6);
    model_free(&m);
    shared_model_close(sm);
    free(path);
}

/* prior = equal takes the training proportions out of the intercepts; prior = posts keeps them. */
static void test_priors(void **state)
{
    (void)state;
    size_t len;
    char *path, err[200];
    free(saved(&len, &path));
    SharedModel *eq, *po;
    assert_int_equal(shared_model_open(path, &eq, err, sizeof err), 0);
    setenv("TWITOFF_PRIOR", "posts", 1);
    assert_int_equal(shared_model_open(path, &po, err, sizeof err), 0);
    unsetenv("TWITOFF_PRIOR");
    assert_int_equal(shared_model_prior(eq), SHARED_PRIOR_EQUAL);
    assert_int_equal(shared_model_prior(po), SHARED_PRIOR_POSTS);
    Model me, mp;
    assert_int_equal(shared_model_pair(eq, 0, 1, &me, err, sizeof err), 0);   /* Bob 20 posts, alice 30 */
    assert_int_equal(shared_model_pair(po, 0, 1, &mp, err, sizeof err), 0);
    assert_true(fabs((me.bias - mp.bias) - log(31.0 / 21.0)) < 1e-9);
    assert_true(fabs(mp.accuracy - 0.95) < 1e-12);
    model_free(&me);
    model_free(&mp);
    shared_model_close(eq);
    shared_model_close(po);
    free(path);
}

/* The pairs' held-out accuracies: saved in name order whatever the order given, read from either
 * side, unknown where unknown, kept for the others when an account is dropped, -2 when damaged,
 * and absent (-1) from a file saved without them. */
static void test_pair_accuracy(void **state)
{
    (void)state;
    size_t len;
    char *path, err[200];
    unsigned char *data = saved(&len, &path);
    SharedModel *sm;
    assert_int_equal(shared_model_open_mem(data, len, &sm, err, sizeof err), 0);
    int bob = shared_model_find(sm, "Bob"), alice = shared_model_find(sm, "alice"), zed = shared_model_find(sm, "zed");
    const int E = SHARED_PRIOR_EQUAL, P = SHARED_PRIOR_POSTS;
    assert_true(fabs(shared_model_pair_accuracy(sm, zed, alice, E) - 0.91) < 1e-4);
    assert_true(fabs(shared_model_pair_accuracy(sm, alice, zed, E) - 0.91) < 1e-4);
    assert_true(fabs(shared_model_pair_accuracy(sm, zed, bob, P) - 0.82) < 1e-4);
    assert_true(fabs(shared_model_pair_accuracy(sm, bob, zed, E) - 0.92) < 1e-4);
    assert_true(shared_model_pair_accuracy(sm, alice, bob, E) == -1);
    assert_true(fabs(shared_model_pair_accuracy(sm, bob, alice, P) - 0.83) < 1e-4);
    assert_true(shared_model_pair_accuracy(sm, bob, bob, E) == -1);
    assert_true(shared_model_pair_accuracy(sm, bob, 3, E) == -1);
    shared_model_close(sm);
    data[len - 1] ^= 0x10;                                    /* in the last block: zed's */
    assert_int_equal(shared_model_open_mem(data, len, &sm, err, sizeof err), 0);
    assert_true(shared_model_pair_accuracy(sm, zed, alice, E) == -2);
    assert_true(fabs(shared_model_pair_accuracy(sm, alice, zed, E) - 0.91) < 1e-4);   /* alice's block */
    assert_int_equal(shared_model_verify(sm, err, sizeof err), -1);
    shared_model_close(sm);
    free(data);
    assert_int_equal(shared_model_drop(path, "alice", err, sizeof err), 1);
    assert_int_equal(shared_model_open(path, &sm, err, sizeof err), 0);
    bob = shared_model_find(sm, "Bob");
    zed = shared_model_find(sm, "zed");
    assert_true(fabs(shared_model_pair_accuracy(sm, bob, zed, E) - 0.92) < 1e-4);
    assert_true(fabs(shared_model_pair_accuracy(sm, zed, bob, P) - 0.82) < 1e-4);
    shared_model_close(sm);
    SharedBuild b;
    build(&b);
    b.pair_acc[E] = b.pair_acc[P] = NULL;
    assert_int_equal(shared_model_save(&b, path, err, sizeof err), 0);
    shared_build_free(&b);
    assert_int_equal(shared_model_open(path, &sm, err, sizeof err), 0);
    assert_true(shared_model_pair_accuracy(sm, 0, 1, E) == -1);
    assert_int_equal(shared_model_verify(sm, err, sizeof err), 0);
    shared_model_close(sm);
    free(path);
}

static void test_drop(void **state)
{
    (void)state;
    size_t len;
    char *path, err[200];
    free(saved(&len, &path));
    SharedModel *before, *after;
    assert_int_equal(shared_model_open(path, &before, err, sizeof err), 0);
    Model mb;
    assert_int_equal(shared_model_pair(before, 0, 2, &mb, err, sizeof err), 0);
    shared_model_close(before);
    assert_int_equal(shared_model_drop(path, "alice", err, sizeof err), 1);
    assert_int_equal(shared_model_drop(path, "alice", err, sizeof err), 0);
    assert_int_equal(shared_model_open(path, &after, err, sizeof err), 0);
    assert_int_equal(shared_model_count(after), 2);
    assert_int_equal(shared_model_find(after, "alice"), -1);
    Model ma;
    assert_int_equal(shared_model_pair(after, 0, 1, &ma, err, sizeof err), 0);   /* Bob vs zed as before */
    assert_int_equal(ma.n, mb.n);
    for (uint32_t i = 0; i < ma.n; i++) {
        assert_int_equal(ma.index[i], mb.index[i]);
        assert_true(fabs(ma.weight[i] - mb.weight[i]) <= 1e-6 * fabs(mb.weight[i]));
    }
    model_free(&ma);
    model_free(&mb);
    shared_model_close(after);
    assert_int_equal(shared_model_drop(path, "zed", err, sizeof err), 1);   /* one would be left */
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(shared_model_drop(path, "Bob", err, sizeof err), 0);
    free(path);
}

/* Texts of three made-up authors, each with its own vocabulary. */
static void author_texts(int k, int n, char ***out)
{
    static const char *words[3][4] = {{"tensor", "gradient", "keras", "layer"},
                                      {"palette", "beauty", "glam", "launch"},
                                      {"dataframe", "pandas", "index", "groupby"}};
    *out = xcalloc((size_t)n, sizeof **out);
    for (int i = 0; i < n; i++)
        (*out)[i] = xasprintf("the %s and %s today %d", words[k][i % 4], words[k][(i / 4) % 4], i % 3);
}

static void test_softmax_fit(void **state)
{
    (void)state;
    PostSet sets[3];
    for (int k = 0; k < 3; k++) {
        char **t;
        author_texts(k, 30 + 10 * k, &t);
        postset_from_texts(t, 30 + 10 * k, &sets[k]);
        strv_free(t, 30 + 10 * k);
    }
    SoftmaxOptions o;
    softmax_options_load(&o);
    SharedBuild b;
    char err[200];
    assert_int_equal(softmax_fit(sets, 1, &o, &b, err, sizeof err), -1);   /* one account: refused */
    assert_int_equal(softmax_fit(sets, 3, &o, &b, err, sizeof err), 0);
    assert_int_equal(b.n, 3);
    assert_int_equal(b.acc[2].posts, 50);
    for (int k = 0; k < 3; k++) b.acc[k].name = xasprintf("author%d", k);
    SharedAccuracy acc;
    softmax_score(&b, sets, &acc);                      /* on its training posts: all right */
    assert_true(acc.top1[SHARED_PRIOR_EQUAL] > 0.99 && acc.pair[SHARED_PRIOR_POSTS] > 0.99);
    char *path = xasprintf("%s/fit.model", dir);
    assert_int_equal(shared_model_save(&b, path, err, sizeof err), 0);
    SharedModel *sm;
    assert_int_equal(shared_model_open(path, &sm, err, sizeof err), 0);
    SharedRank r[3];
    assert_int_equal(shared_model_rank(sm, "the pandas and groupby", NULL, r, err, sizeof err), 3);
    assert_string_equal(shared_model_name(sm, r[0].account), "author2");
    assert_true(r[0].prob > 0.5);
    Model full, one;                                    /* the one-text view: the same answer */
    assert_int_equal(shared_model_pair(sm, 0, 2, &full, err, sizeof err), 0);
    assert_int_equal(shared_model_pair_for(sm, 0, 2, "the pandas and keras", &one, err, sizeof err), 0);
    assert_true(one.n > 0 && one.n < full.n);
    assert_true(fabs(model_prob_b(&one, "the pandas and keras") - model_prob_b(&full, "the pandas and keras")) < 1e-12);
    model_free(&full);
    model_free(&one);
    shared_model_close(sm);
    assert_int_equal(softmax_holdout(sets, 3, &o, 5, &acc, err, sizeof err), 0);
    assert_true(acc.top1[0] > 0.6 && acc.top1[0] <= 1 && acc.pair[0] >= acc.top1[0] - 1e-9);
    SharedAccuracy acc2;                                /* per pair: their mean is the mean pairwise */
    SharedPairAccuracy pairs;
    assert_int_equal(softmax_holdout_pairs(sets, 3, &o, 5, &acc2, &pairs, err, sizeof err), 0);
    assert_int_equal(pairs.n, 3);
    for (int p = 0; p < 2; p++) {
        double sum = 0;
        for (int a = 0; a < 3; a++)
            for (int c = a + 1; c < 3; c++) {
                assert_true(pairs.pair[p][a * 3 + c] >= 0 && pairs.pair[p][a * 3 + c] <= 1);
                sum += pairs.pair[p][a * 3 + c];
            }
        assert_true(fabs(sum / 3 - acc2.pair[p]) < 1e-12);
        assert_true(fabs(acc2.pair[p] - acc.pair[p]) < 1e-12);
    }
    softmax_pairs_free(&pairs);
    assert_null(pairs.pair[0]);
    assert_true(shared_answers_better(0.9, 0.8) && !shared_answers_better(0.8, 0.8));   /* ties: the pair's */
    assert_true(!shared_answers_better(0.9, -1) && !shared_answers_better(-1, 0.5));    /* unknown: the pair's */
    o.max_weights = 3;                                  /* pruning keeps the largest few */
    SharedBuild small;
    assert_int_equal(softmax_fit(sets, 3, &o, &small, err, sizeof err), 0);
    for (int k = 0; k < 3; k++) assert_true(small.acc[k].n <= 3);
    shared_build_free(&small);
    shared_build_free(&b);
    for (int k = 0; k < 3; k++) postset_free(&sets[k]);
    unlink(path);
    free(path);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip), cmocka_unit_test(test_truncated_and_corrupt),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_pair_view),  cmocka_unit_test(test_rank),
        cmocka_unit_test(test_priors),     cmocka_unit_test(test_drop),
        cmocka_unit_test(test_pair_accuracy),
        cmocka_unit_test(test_softmax_fit),
    };
    return cmocka_run_group_tests_name("shared_model", tests, setup, teardown);
}
