/* test_calib.c - unit tests for honest probabilities: Platt scaling (separable, uninformative,
 * monotone, temperature), its cross-fitted reliability, the metrics and reliability table on a
 * fixture, calibration in model files (format 2, format 1 read as legacy), the prior, verdicts. */
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
#include <zlib.h>

#include "calibrate.h"
#include "files.h"
#include "metrics.h"
#include "model.h"
#include "platt.h"
#include "reliability_svg.h"
#include "util.h"
#include "verdict.h"

/* n scores per user: a's decision values centred on -shift, b's on +shift, spread by jitter. */
static void scores(Scores *s, int n, double shift, double spread)
{
    *s = (Scores){0};
    for (int i = 0; i < n; i++) {
        double jitter = spread * ((i * 37) % 101 / 50.0 - 1);   /* deterministic, -spread..spread */
        scores_add(s, -shift + jitter, 0, i % 5);
        scores_add(s, shift + jitter, 1, i % 5);
    }
}

static void test_platt_separable(void **state)
{
    (void)state;
    Scores s;
    scores(&s, 200, 3, 1);   /* every a below 0, every b above */
    Model m = {.posts_a = 200, .posts_b = 200};
    assert_int_equal(platt_calibrate(&s, &m, 5, NULL, NULL), 1);
    assert_true(m.calibrated && m.cal_a > 0);
    assert_true(calib_prob_b(&m, 3) > 0.97);
    assert_true(calib_prob_b(&m, -3) < 0.03);
    assert_true(fabs(calib_prob_b(&m, 0) - 0.5) < 0.05);   /* balanced: no side before the text */
    /* Platt's targets keep it off 0 and 1 even for a perfectly separated set. */
    assert_true(calib_prob_b(&m, 3) < 1 && calib_prob_b(&m, -3) > 0);
    scores_free(&s);
}

static void test_platt_uninformative(void **state)
{
    (void)state;
    Scores s = {0};
    for (int i = 0; i < 200; i++) {   /* every decision value once for each user: it tells nothing */
        scores_add(&s, ((i * 53) % 97) / 48.5 - 1, 0, i % 5);
        scores_add(&s, ((i * 53) % 97) / 48.5 - 1, 1, (i + 2) % 5);
    }
    Model m = {.posts_a = 200, .posts_b = 200};
    assert_int_equal(platt_calibrate(&s, &m, 5, NULL, NULL), 1);
    for (double d = -1; d <= 1; d += 0.25) assert_true(fabs(calib_prob_b(&m, d) - 0.5) < 0.1);
    scores_free(&s);
}

static void test_platt_monotone_and_balanced(void **state)
{
    (void)state;
    Scores s;
    scores(&s, 300, 1, 2);   /* overlapping */
    for (int i = 0; i < 600; i++) scores_add(&s, -1 + ((i * 37) % 101 / 25.0 - 2), 0, i % 5);   /* 3:1 for a */
    Model m = {.posts_a = 900, .posts_b = 300};
    assert_int_equal(platt_calibrate(&s, &m, 5, NULL, NULL), 1);
    double prev = 0;
    for (double d = -6; d <= 6; d += 0.1) {
        double p = calib_prob_b(&m, d);
        assert_true(p >= prev);
        prev = p;
    }
    /* prior = equal: the 3:1 ratio of a's posts is not in the answer; prior = posts puts it back. */
    double eq = calib_prob_b(&m, 0);
    setenv("TWITOFF_PRIOR", "posts", 1);
    double posts = calib_prob_b(&m, 0);
    unsetenv("TWITOFF_PRIOR");
    assert_true(fabs(eq - 0.5) < 0.1);
    assert_float_equal(calib_logit(&m, 0) + log(300.0 / 900.0), log(posts / (1 - posts)), 1e-9);
    /* temperature scaling: B held. */
    double A, B = 0.25;
    assert_int_equal(platt_fit(&s, -1, 0, &A, &B), 0);
    assert_true(A > 0);
    assert_float_equal(B, 0.25, 0);
    scores_free(&s);
}

static void test_platt_too_few(void **state)
{
    (void)state;
    Scores s;
    scores(&s, 3, 3, 1);
    Model m = {.posts_a = 3, .posts_b = 3};
    assert_int_equal(platt_calibrate(&s, &m, 5, NULL, NULL), 0);
    assert_false(m.calibrated);
    assert_float_equal(calib_prob_b(&m, 1.5), 1 / (1 + exp(-1.5)), 1e-12);   /* identity */
    Model zero = {0};
    assert_float_equal(calib_prob_b(&zero, -2), 1 / (1 + exp(2)), 1e-12);   /* a zeroed Model */
    scores_free(&s);
}

/* The cross-fitted reliability: every held-out score measured once, each user weighing half. */
static void test_platt_reliability(void **state)
{
    (void)state;
    Scores s;
    scores(&s, 100, 1.5, 2);
    for (int i = 0; i < 100; i++) scores_add(&s, -1.5, 0, i % 5);   /* a: 200 scores, b: 100 */
    Model m = {.posts_a = 200, .posts_b = 100};
    Metrics bal = {0}, raw = {0};
    assert_int_equal(platt_calibrate(&s, &m, 5, &bal, &raw), 1);
    assert_int_equal(metrics_posts(&bal), 300);
    assert_int_equal(metrics_posts(&raw), 300);
    assert_float_equal(bal.weight, 1.0, 1e-9);
    assert_float_equal(raw.weight, 1.0, 1e-9);
    assert_true(metrics_accuracy(&bal) > 0.6 && metrics_ece(&bal) < 0.1);
    scores_free(&s);
}

/* A fixture with known answers: the figures by hand. */
static void test_metrics_fixture(void **state)
{
    (void)state;
    Metrics m;
    metrics_clear(&m);
    metrics_add(&m, 0.52, 1, 1);   /* bin 0 */
    metrics_add(&m, 0.54, 0, 1);   /* bin 0 */
    metrics_add(&m, 0.81, 1, 2);   /* bin 6 */
    metrics_add(&m, 0.99, 1, 1);   /* bin 9 */
    metrics_add(&m, 1.0, 0, 1);    /* bin 9 (1 is in the last bin) */
    metrics_add_prob(&m, 0.3, 0, 1);   /* a at 0.7: right, bin 4 */
    assert_int_equal(metrics_bin(0.5), 0);
    assert_int_equal(metrics_bin(0.55), 1);
    assert_int_equal(metrics_bin(1.0), 9);
    assert_float_equal(m.weight, 7, 1e-12);
    assert_float_equal(metrics_accuracy(&m), 5.0 / 7, 1e-12);
    double sq = 0.48 * 0.48 + 0.54 * 0.54 + 2 * 0.19 * 0.19 + 0.01 * 0.01 + 1 + 0.3 * 0.3;
    assert_float_equal(metrics_brier(&m), sq / 7, 1e-12);
    assert_float_equal(metrics_bin_conf(&m, 0), 0.53, 1e-12);
    assert_float_equal(metrics_bin_accuracy(&m, 0), 0.5, 1e-12);
    assert_float_equal(metrics_bin_accuracy(&m, 9), 0.5, 1e-12);
    assert_float_equal(metrics_bin_conf(&m, 4), 0.7, 1e-12);
    assert_true(metrics_bin_conf(&m, 3) < 0);
    double ece = (2 * fabs(0.5 - 0.53) + 2 * fabs(1 - 0.81) + 2 * fabs(0.5 - 0.995) + 1 * 0.3) / 7;
    assert_float_equal(metrics_ece(&m), ece, 1e-12);
    Metrics pooled = {0};
    metrics_merge(&pooled, &m, 1);
    metrics_merge(&pooled, &m, 1);
    assert_float_equal(pooled.weight, 2, 1e-12);
    assert_float_equal(metrics_ece(&pooled), ece, 1e-12);
    assert_int_equal(metrics_posts(&pooled), 12);
    char sentence[200];
    assert_int_equal(reliability_sentence(&m, sentence, sizeof sentence), 0);
    assert_string_equal(sentence, "When TwitOff says 80%, it was right 100% of the time on posts it had not seen.");
    char *svg = reliability_svg(&m, 1);
    assert_non_null(strstr(svg, "<title id=\"reliability-title\">"));
    assert_non_null(strstr(svg, "<desc id=\"reliability-desc\">When TwitOff says 80%"));
    assert_int_equal(strstr(svg, "<circle") != NULL, 1);
    free(svg);
}

static char *tmp_model(const char *name)
{
    Buf b;
    buf_init(&b);
    buf_printf(&b, "/tmp/twitoff-calib-%d-%s", (int)getpid(), name);
    return buf_detach(&b);
}

static void small_model(Model *m)
{
    memset(m, 0, sizeof *m);
    m->feature_version = FEATURE_VERSION;
    m->feature_bits = FEATURE_BITS;
    m->handle_a = xstrdup("alice");
    m->handle_b = xstrdup("bob");
    m->posts_a = 30;
    m->posts_b = 10;
    m->bias = 0.5;
    m->n = 1;
    m->index = xmalloc(sizeof *m->index);
    m->weight = xmalloc(sizeof *m->weight);
    m->index[0] = 7;
    m->weight[0] = 1.5f;
    m->calibrated = 1;
    m->cal_a = 2.5;
    m->cal_b = -0.75;
}

/* Format 2 keeps the calibration; a format 1 file (no calibration) still loads, as legacy. */
static void test_model_calibration_file(void **state)
{
    (void)state;
    Model m, r;
    small_model(&m);
    char *path = tmp_model("m2.model"), err[160];
    assert_int_equal(model_save(&m, path, err, sizeof err), 0);
    assert_int_equal(model_load(path, &r, err, sizeof err), 0);
    assert_true(r.calibrated && !r.legacy);
    assert_float_equal(r.cal_a, 2.5, 0);
    assert_float_equal(r.cal_b, -0.75, 0);
    model_free(&r);
    size_t len;
    unsigned char *d = (unsigned char *)read_file(path, &len);
    const size_t header = 60, cal = 20;   /* format 1's header; format 2's calibration after it */
    memmove(d + header, d + header + cal, len - header - cal);
    len -= cal;
    d[8] = 1;   /* format 1 */
    uint32_t crc = (uint32_t)crc32(0, d, (uInt)(len - 4));
    for (int i = 0; i < 4; i++) d[len - 4 + i] = (unsigned char)(crc >> (8 * i));
    assert_int_equal(model_parse(d, len, &r, err, sizeof err), 0);
    assert_true(r.legacy && !r.calibrated);
    assert_string_equal(r.handle_b, "bob");
    assert_float_equal(calib_prob_b(&r, 1), 1 / (1 + exp(-1.0)), 1e-12);
    model_free(&r);
    d[8] = 3;
    assert_int_equal(model_parse(d, len, &r, err, sizeof err), -1);
    free(d);
    unlink(path);
    free(path);
    model_free(&m);
}

static void test_verdicts(void **state)
{
    (void)state;
    assert_true(verdict_text_too_short(""));
    assert_true(verdict_text_too_short("ok"));
    assert_true(verdict_text_too_short("https://bbc.in/1Cim4bX"));
    assert_true(verdict_text_too_short("  www.example.com/x  !!"));
    assert_true(verdict_text_too_short("?! :)"));
    assert_false(verdict_text_too_short("lol"));
    assert_false(verdict_text_too_short("see https://bbc.in/x now"));
    assert_false(verdict_text_too_short("été"));
    assert_int_equal(verdict_kind("a real sentence", 4, 0.59, 0.6), VERDICT_TOO_CLOSE);
    assert_int_equal(verdict_kind("a real sentence", 4, 0.6, 0.6), VERDICT_DECIDED);
    assert_int_equal(verdict_kind("a real sentence", 0, 0.99, 0.6), VERDICT_TOO_SHORT);
    assert_int_equal(verdict_kind("hi", -1, 0.99, 0.6), VERDICT_TOO_SHORT);
    assert_int_equal(verdict_parse(verdict_word(VERDICT_TOO_CLOSE)), VERDICT_TOO_CLOSE);
    assert_string_equal(verdict_reason(VERDICT_TOO_SHORT), "too_short");
    assert_null(verdict_reason(VERDICT_DECIDED));
    assert_float_equal(verdict_min_confidence(), 0.6, 0);
    setenv("TWITOFF_MIN_CONFIDENCE", "0.3", 1);
    assert_float_equal(verdict_min_confidence(), 0.5, 0);
    unsetenv("TWITOFF_MIN_CONFIDENCE");
    Model m;
    small_model(&m);
    Verdict v;
    verdict_judge(&m, "zzzz qqqq", 0.6, &v);   /* no feature the model knows (bucket 7 only) */
    assert_int_equal(v.kind, VERDICT_TOO_SHORT);
    assert_true(v.prob >= 0.5 && v.prob == (v.b_wins ? v.prob_b : 1 - v.prob_b));
    model_free(&m);
}

int main(void)
{
    setenv("TWITOFF_HOME", "/nonexistent-twitoff-home", 1);
    unsetenv("TWITOFF_PRIOR");
    unsetenv("TWITOFF_MIN_CONFIDENCE");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platt_separable),      cmocka_unit_test(test_platt_uninformative),
        cmocka_unit_test(test_platt_monotone_and_balanced), cmocka_unit_test(test_platt_too_few),
        cmocka_unit_test(test_platt_reliability),    cmocka_unit_test(test_metrics_fixture),
        cmocka_unit_test(test_model_calibration_file), cmocka_unit_test(test_verdicts),
    };
    return cmocka_run_group_tests_name("calibration", tests, NULL, NULL);
}
