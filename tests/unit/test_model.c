/* test_model.c - unit tests for features, the trainer and model files (round trip, corruption,
 * truncation, foreign versions, probability sanity, explanations). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <unistd.h>

#include "features.h"
#include "model.h"
#include "train.h"
#include "files.h"
#include "util.h"

static double norm(const FeatVec *v)
{
    double s = 0;
    for (int i = 0; i < v->n; i++) s += (double)v->v[i].value * v->v[i].value;
    return sqrt(s);
}

static void test_features_shape(void **state)
{
    (void)state;
    FeatVec v;
    featvec_init(&v);
    features_extract("Hello world, hello @friend! \xf0\x9f\x98\x80", &v);
    assert_true(v.n > 20);
    assert_float_equal(norm(&v), 1.0, 1e-5);
    for (int i = 0; i < v.n; i++) {
        assert_true(v.v[i].index >= 1 && v.v[i].index <= FEATURE_DIM);
        if (i) assert_true(v.v[i].index > v.v[i - 1].index);
    }
    features_extract("", &v);
    assert_int_equal(v.n, 0);
    features_extract("bad \xff\xfe utf8 \xc3", &v);   /* tolerated, still unit norm */
    assert_float_equal(norm(&v), 1.0, 1e-5);
    featvec_free(&v);
}

static int same_vectors(const char *x, const char *y)
{
    FeatVec a, b;
    featvec_init(&a);
    featvec_init(&b);
    features_extract(x, &a);
    features_extract(y, &b);
    int same = a.n == b.n;
    for (int i = 0; same && i < a.n; i++)
        same = a.v[i].index == b.v[i].index && fabsf(a.v[i].value - b.v[i].value) < 1e-6f;
    featvec_free(&a);
    featvec_free(&b);
    return same;
}

static void test_features_normalisation(void **state)
{
    (void)state;
    /* A URL's path is noise past its first 2 characters: scheme, host and those count. White
     * space is folded. */
    assert_true(same_vectors("read https://bbc.in/1CimpJF now", "read  https://bbc.in/1Czz\tnow"));
    assert_false(same_vectors("read https://bbc.in/1Cim now", "read https://bbc.in/2Dim now"));
    assert_false(same_vectors("read https://bbc.in/1 now", "read https://cnn.it/1 now"));
    assert_true(same_vectors("see https://bbc.in/ab", "see https://bbc.in/abc"));
    assert_false(same_vectors("Hello", "hello"));   /* case is kept in character n-grams */
    char *n = features_normalise("  a\n\nb  https://x.org/p?q=1 www.y.z/ab/c http://h/\xc3\xa9\xc3\xa8x ");
    assert_string_equal(n, " a b https://x.org/p? www.y.z/ab http://h/\xc3\xa9\xc3\xa8 ");
    free(n);
    /* a "://" past white space is not this link's: "www." stays a word of its own */
    n = features_normalise("www.\n://abc w ww.\t://x");
    assert_string_equal(n, " www. ://abc w ww. ://x ");
    free(n);
}

/* Two synthetic users with distinct vocabularies. */
static void synthetic(PostSet *a, PostSet *b)
{
    const char *ta[] = {"my cat sleeps all day", "cats are the best pets", "feeding the cat again",
                        "the kitten chased a mouse", "cat naps are the best naps", "purring cat on my lap"};
    const char *tb[] = {"rocket launch at dawn", "the booster landed again", "orbit insertion confirmed",
                        "engines at full thrust", "launch window opens soon", "rocket on the pad today"};
    char *xa[60], *xb[60];
    for (int i = 0; i < 60; i++) {
        xa[i] = xstrdup(ta[i % 6]);
        xb[i] = xstrdup(tb[i % 6]);
    }
    postset_from_texts(xa, 60, a);
    postset_from_texts(xb, 60, b);
    for (int i = 0; i < 60; i++) {
        free(xa[i]);
        free(xb[i]);
    }
}

static void fit(Model *m)
{
    PostSet a, b;
    synthetic(&a, &b);
    TrainOptions o;
    train_options_load(&o);
    char err[128];
    assert_int_equal(train_fit(&a, &b, &o, m, err, sizeof err), 0);
    m->accuracy = train_cv_accuracy(&a, &b, &o, o.folds);
    m->handle_a = xstrdup("catperson");
    m->handle_b = xstrdup("rocketeer");
    m->trained_at = 1700000000;
    postset_free(&a);
    postset_free(&b);
}

static void test_probability_sanity(void **state)
{
    (void)state;
    Model m;
    fit(&m);
    assert_true(m.n > 0 && m.posts_a == 60 && m.posts_b == 60);
    assert_float_equal(m.accuracy, 1.0, 1e-9);
    double pc = model_prob_b(&m, "a sleepy cat on the sofa");
    double pr = model_prob_b(&m, "the rocket will launch");
    assert_true(pc > 0 && pc < 0.5);
    assert_true(pr > 0.5 && pr < 1);
    double pe = model_prob_b(&m, "");
    assert_true(pe > 0.2 && pe < 0.8);   /* no evidence: near the prior */
    Contribution *ca, *cb;
    int na, nb;
    model_explain(&m, "my cat saw the rocket", 3, &ca, &na, &cb, &nb);
    assert_true(na > 0 && nb > 0 && na <= 3 && nb <= 3);
    for (int i = 0; i < na; i++) assert_true(ca[i].push < 0);
    for (int i = 0; i < nb; i++) assert_true(cb[i].push > 0);
    for (int i = 1; i < na; i++) assert_true(ca[i].push >= ca[i - 1].push);
    int saw_cat = 0;
    for (int i = 0; i < na; i++) saw_cat |= strstr(ca[i].gram, "cat") != NULL;
    assert_true(saw_cat);
    contributions_free(ca, na);
    contributions_free(cb, nb);
    model_free(&m);
}

static int same_model(const Model *x, const Model *y)
{
    if (x->n != y->n || x->bias != y->bias) return 0;
    for (uint32_t i = 0; i < x->n; i++)
        if (x->index[i] != y->index[i] || x->weight[i] != y->weight[i]) return 0;
    return 1;
}

/* The trainer reuses its bucket maps between fits (lib/train/train.c): a fit after another pair's,
 * and fits running on two threads, give exactly the weights of the first fit. */
static void test_fit_repeatable(void **state)
{
    (void)state;
    PostSet a, b, c, d;
    synthetic(&a, &b);
    const char *tc[] = {"quarterly earnings beat the forecast", "shares fell in early trading",
                        "the central bank held rates", "bond yields climbed again"};
    char *xc[40];
    for (int i = 0; i < 40; i++) xc[i] = xstrdup(tc[i % 4]);
    postset_from_texts(xc, 40, &c);
    postset_from_texts(xc + 20, 20, &d);
    for (int i = 0; i < 40; i++) free(xc[i]);
    TrainOptions o;
    train_options_load(&o);
    char err[128];
    Model first, other, again;
    assert_int_equal(train_fit(&a, &b, &o, &first, err, sizeof err), 0);
    double acc = train_cv_accuracy(&a, &b, &o, 2);
    assert_int_equal(train_fit(&c, &a, &o, &other, err, sizeof err), 0);
    assert_int_equal(train_fit(&a, &b, &o, &again, err, sizeof err), 0);
    assert_true(same_model(&first, &again));
    assert_true(train_cv_accuracy(&a, &b, &o, 2) == acc);
    TrainTask t[6];
    memset(t, 0, sizeof t);
    for (int i = 0; i < 6; i++) {
        t[i].a = i % 2 ? &c : &a;
        t[i].b = i % 2 ? &d : &b;
        t[i].cv_runs = 2;
    }
    train_many(t, 6, &o, 2);
    for (int i = 0; i < 6; i += 2) {
        assert_int_equal(t[i].rc, 0);
        assert_true(same_model(&first, &t[i].model));
        assert_true(t[i].model.accuracy == acc);
    }
    for (int i = 0; i < 6; i++) model_free(&t[i].model);
    model_free(&first);
    model_free(&other);
    model_free(&again);
    postset_free(&a);
    postset_free(&b);
    postset_free(&c);
    postset_free(&d);
}

static char *tmp_path(const char *name)
{
    static char dir[64];
    if (!dir[0]) {
        strcpy(dir, "/tmp/twitoff-unit-XXXXXX");
        assert_non_null(mkdtemp(dir));
    }
    Buf b;
    buf_init(&b);
    buf_printf(&b, "%s/%s", dir, name);
    return buf_detach(&b);
}

static void test_model_round_trip(void **state)
{
    (void)state;
    Model m, r;
    fit(&m);
    char *path = tmp_path("rt.model");
    char err[160];
    assert_int_equal(model_save(&m, path, err, sizeof err), 0);
    assert_int_equal(model_load(path, &r, err, sizeof err), 0);
    assert_string_equal(r.handle_a, "catperson");
    assert_string_equal(r.handle_b, "rocketeer");
    assert_int_equal(r.n, m.n);
    assert_int_equal(r.trained_at, 1700000000);
    float maxw = 0;
    for (uint32_t i = 0; i < m.n; i++) maxw = fmaxf(maxw, fabsf(m.weight[i]));
    for (uint32_t i = 0; i < m.n; i++) {
        assert_int_equal(r.index[i], m.index[i]);
        assert_true(fabsf(r.weight[i] - m.weight[i]) <= maxw / 32767.0f);
    }
    const char *text = "cat rocket cat";
    assert_float_equal(model_prob_b(&r, text), model_prob_b(&m, text), 1e-3);
    model_free(&r);
    model_free(&m);
    unlink(path);
    free(path);
}

static size_t saved(Model *m, unsigned char **data)
{
    char *path = tmp_path("c.model");
    char err[160];
    assert_int_equal(model_save(m, path, err, sizeof err), 0);
    size_t len;
    *data = (unsigned char *)read_file(path, &len);
    unlink(path);
    free(path);
    return len;
}

static void test_model_corrupt_and_truncated(void **state)
{
    (void)state;
    Model m, r;
    fit(&m);
    unsigned char *data;
    size_t len = saved(&m, &data);
    char err[160];
    for (size_t cut = 0; cut < len; cut++) {          /* every truncation is refused */
        assert_int_equal(model_parse(data, cut, &r, err, sizeof err), -1);
        assert_true(strlen(err) > 0);
    }
    for (size_t i = 0; i < len; i += 7) {              /* flipped bits are caught */
        data[i] ^= 0x10;
        assert_int_equal(model_parse(data, len, &r, err, sizeof err), -1);
        data[i] ^= 0x10;
    }
    assert_int_equal(model_parse(data, len, &r, err, sizeof err), 0);
    model_free(&r);
    memcpy(data, "NOTMODEL", 8);
    assert_int_equal(model_parse(data, len, &r, err, sizeof err), -1);
    assert_string_equal(err, "not a twitoff model file");
    free(data);
    model_free(&m);
}

/* The last four bytes are the standard CRC-32 (zlib's, little-endian) of everything before them,
 * so a model file written by an older build still loads. */
static void test_model_checksum(void **state)
{
    (void)state;
    assert_int_equal(crc32(0, (const Bytef *)"123456789", 9), 0xCBF43926u);   /* the check value */
    Model m;
    fit(&m);
    unsigned char *data;
    size_t len = saved(&m, &data);
    uint32_t want = (uint32_t)crc32(0, data, (uInt)(len - 4));
    uint32_t got = (uint32_t)data[len - 4] | (uint32_t)data[len - 3] << 8 | (uint32_t)data[len - 2] << 16 |
                   (uint32_t)data[len - 1] << 24;
    assert_int_equal(got, want);
    free(data);
    model_free(&m);
}

static void test_model_foreign_version(void **state)
{
    (void)state;
    Model m, r;
    fit(&m);
    m.feature_version = FEATURE_VERSION + 1;
    unsigned char *data;
    size_t len = saved(&m, &data);
    char err[160];
    assert_int_equal(model_parse(data, len, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "feature version"));
    free(data);
    model_free(&m);
    char e2[160];
    assert_int_equal(model_load("/nonexistent/x.model", &r, e2, sizeof e2), -1);
    assert_non_null(strstr(e2, "cannot read"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_features_shape),        cmocka_unit_test(test_features_normalisation),
        cmocka_unit_test(test_probability_sanity),    cmocka_unit_test(test_model_round_trip),
        cmocka_unit_test(test_model_corrupt_and_truncated), cmocka_unit_test(test_model_foreign_version),
        cmocka_unit_test(test_model_checksum),        cmocka_unit_test(test_fit_repeatable),
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
