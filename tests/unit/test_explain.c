/* test_explain.c - unit tests for explanations on the text: the features are unchanged by the
 * offset maps, spans cover the text exactly on UTF-8 boundaries, pushes add up to the decision
 * value, the cross-word split rule, top words, and the escaped HTML and JSON of the page. */
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

#include "explain.h"
#include "features.h"
#include "model.h"
#include "text.h"
#include "util.h"
#include "web_explain.h"

/* Texts that exercise every path of the normalisation: blanks, URLs, multibyte, invalid bytes. */
static const char *texts[] = {
    "", "   ", "Hello world, hello @friend! \xf0\x9f\x98\x80",
    "Make America Great Again! https://t.co/abc123 #MAGA",
    "  Keras\tdeep\n\nlearning   models  ", "bad \xff\xfe utf8 \xc3",
    "www.example.com/path?x=1 and http://a.b/c#d, https://bbc.in/1Cim...",
    "caf\xc3\xa9 na\xc3\xafve \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xe2\x9d\xa4\xef\xb8\x8f",
    "RT @user: it's 5 o'clock... DON'T panic!!!", "a", "x\xe2\x80\xa8y\x01z",
};
#define NTEXTS (int)(sizeof texts / sizeof *texts)

/* CRC-32 of features_extract(text) for FEATURE_VERSION 2 (version 1, before links kept 2
 * characters of their path, differed only for the texts with links: [3], [6] and the long one):
 * a change here means model files already trained would score differently, and needs a new
 * FEATURE_VERSION. */
static const uint32_t golden[NTEXTS] = {
    0x00000000u, 0x00000000u, 0x4e03d364u, 0x53590801u, 0x31ce405eu, 0xbbde6501u,
    0x499b1218u, 0xd3c918ccu, 0x1017696cu, 0x8825a98du, 0xe0dd6396u,
};
#define GOLDEN_LONG 0xf708b46du

/* A text longer than the 4 KiB the features read. */
static char *long_text(void)
{
    Buf b;
    buf_init(&b);
    for (int i = 0; i < 900; i++) buf_printf(&b, "w%d \xc3\xa9t\xc3\xa9 https://x.y/%d ", i % 37, i);
    return buf_detach(&b);
}

static uint32_t vector_crc(const char *t)
{
    FeatVec v;
    featvec_init(&v);
    features_extract(t, &v);
    uLong c = crc32(0, NULL, 0);
    for (int i = 0; i < v.n; i++) {
        c = crc32(c, (const Bytef *)&v.v[i].index, 4);
        c = crc32(c, (const Bytef *)&v.v[i].value, 4);
    }
    featvec_free(&v);
    return (uint32_t)c;
}

static void test_features_unchanged(void **state)
{
    (void)state;
    char *t = long_text();
    for (int i = 0; i < NTEXTS; i++) assert_int_equal(vector_crc(texts[i]), golden[i]);
    assert_int_equal(vector_crc(t), GOLDEN_LONG);
    free(t);
}

/* A model with a weight in every bucket (pseudo-random in [-1, 1)), or, with only, in the
 * buckets of only's features that are not in any of the texts without. */
static void model_make(Model *m, const char *only, const char *const *without, int nwithout)
{
    memset(m, 0, sizeof *m);
    m->handle_a = xstrdup("alice");
    m->handle_b = xstrdup("bob");
    m->bias = 0.25;
    m->index = xmalloc(sizeof *m->index * FEATURE_DIM);
    m->weight = xmalloc(sizeof *m->weight * FEATURE_DIM);
    FeatVec keep, drop;
    featvec_init(&keep);
    featvec_init(&drop);
    if (only) features_extract(only, &keep);
    for (uint32_t i = 1; i <= FEATURE_DIM; i++) {
        int in = !only;
        for (int k = 0; !in && k < keep.n; k++) in = keep.v[k].index == i;
        for (int w = 0; in && w < nwithout; w++) {
            features_extract(without[w], &drop);
            for (int k = 0; in && k < drop.n; k++) in = drop.v[k].index != i;
        }
        if (!in) continue;
        m->index[m->n] = i;
        m->weight[m->n++] = (float)(((i * 2654435761u) >> 8 & 0xffff) / 32768.0 - 1.0);
    }
    featvec_free(&keep);
    featvec_free(&drop);
    model_index(m);
}

static double decision_minus_bias(const Model *m, const char *text)
{
    FeatVec v;
    featvec_init(&v);
    features_extract(text, &v);
    double d = model_decision(m, &v) - m->bias;
    featvec_free(&v);
    return d;
}

/* 1 when every offset of s is a UTF-8 boundary: not inside a valid multibyte sequence. */
static void boundaries(const char *s, size_t len, char *at)
{
    memset(at, 0, len + 1);
    for (size_t i = 0; i < len;) {
        at[i] = 1;
        int n = utf8_seqlen((const unsigned char *)s + i, len - i);
        i += n > 0 ? (size_t)n : 1;
    }
    at[len] = 1;
}

static void check_spans(const Model *m, const char *text)
{
    Spans sp;
    explain_spans(m, text, &sp);
    size_t len = strlen(text), at = 0;
    char *ok = xmalloc(len + 1);
    boundaries(text, len, ok);
    double sum = 0;
    for (int i = 0; i < sp.n; i++) {
        const Span *s = &sp.s[i];
        assert_int_equal(s->start, at);                 /* contiguous, in order */
        assert_true(s->end > s->start && s->end <= len);
        assert_true(ok[s->start] && ok[s->end]);
        for (size_t k = s->start; k < s->end; k++)      /* one kind of byte per span */
            assert_int_equal(strchr(" \t\n\v\f\r", text[k]) != NULL, s->blank);
        if (s->blank) assert_true(s->push == 0);
        if (i) assert_int_not_equal(s->blank, sp.s[i - 1].blank);
        sum += s->push;
        at = s->end;
    }
    assert_int_equal(at, len);                          /* the whole text, nothing more */
    double want = decision_minus_bias(m, text);
    assert_true(fabs(sum - sp.total) < 1e-9 * (1 + fabs(sum)));
    if (fabs(sum - want) > 1e-5 * (1 + fabs(want)))
        fail_msg("pushes of \"%.40s\" add up to %.9f, decision - bias is %.9f", text, sum, want);
    free(ok);
    spans_free(&sp);
}

static void test_spans_cover(void **state)
{
    (void)state;
    Model m;
    model_make(&m, NULL, NULL, 0);
    for (int i = 0; i < NTEXTS; i++) check_spans(&m, texts[i]);
    char *t = long_text();
    check_spans(&m, t);
    Spans sp;
    explain_spans(&m, t, &sp);                          /* beyond what the features read: 0 */
    assert_true(sp.s[sp.n - 1].push == 0);
    spans_free(&sp);
    free(t);
    model_free(&m);
}

/* The pushes of one word's n-grams land on that word and nowhere else. */
static void test_spans_placement(void **state)
{
    (void)state;
    Model m;
    model_make(&m, "zzqx", NULL, 0);
    Spans sp;
    const char *text = "pandas zzqx pandas";
    explain_spans(&m, text, &sp);
    assert_int_equal(sp.n, 5);
    assert_true(sp.s[0].push == 0 && sp.s[4].push == 0);
    assert_true(sp.s[2].push != 0);
    assert_true(fabs(sp.s[2].push - decision_minus_bias(&m, text)) < 1e-6);
    spans_free(&sp);
    model_free(&m);
}

/* A word pair's push is split between its two words by their letters. */
static void test_spans_split(void **state)
{
    (void)state;
    const char *alone[] = {"abc", "d"};
    Model m;
    model_make(&m, "abc d", alone, 2);                 /* only the pair "abc d" is weighted */
    assert_int_equal(m.n, 1);
    Spans sp;
    explain_spans(&m, "abc d", &sp);
    assert_int_equal(sp.n, 3);
    assert_true(sp.s[0].push != 0);
    assert_true(fabs(sp.s[0].push - 3 * sp.s[2].push) < 1e-9);
    spans_free(&sp);
    model_free(&m);
}

static void test_top_words(void **state)
{
    (void)state;
    Model m;
    model_make(&m, NULL, NULL, 0);
    const char *text = "Great great! \"GREAT.\" hello";
    Spans sp;
    explain_spans(&m, text, &sp);
    Word w[8];
    int na = explain_top_words(text, &sp, -1, w, 8), nb = explain_top_words(text, &sp, 1, w + na, 8 - na);
    assert_int_equal(na + nb, 2);                       /* "great" (merged) and "hello" */
    for (int i = 0; i < na + nb; i++) {
        int great = strncmp(text + w[i].start, "Great", 5) == 0;
        assert_true(great || strncmp(text + w[i].start, "hello", 5) == 0);
        assert_int_equal(w[i].end - w[i].start, 5);
        assert_int_equal(w[i].count, great ? 3 : 1);
        if (great) assert_true(fabs(w[i].push - (sp.s[0].push + sp.s[2].push + sp.s[4].push)) < 1e-12);
        assert_true(i < na ? w[i].push < 0 : w[i].push > 0);
    }
    spans_free(&sp);
    model_free(&m);
}

/* The shaded paragraph of html, its tags removed and entities decoded. Caller frees. */
static char *shaded_text(const char *html, int *nspans)
{
    const char *p = strstr(html, "<p class=\"shaded\"");
    assert_non_null(p);
    p = strchr(p, '>') + 1;
    const char *end = strstr(p, "</p>");
    assert_non_null(end);
    Buf b;
    buf_init(&b);
    *nspans = 0;
    for (; p < end; p++) {
        if (*p != '<') {
            buf_putc(&b, *p);
            continue;
        }
        if (strncmp(p, "<span class=\"sp", 15) == 0) (*nspans)++;
        p = strchr(p, '>');
    }
    char *s = buf_detach(&b);
    if (!s) s = xstrdup("");
    html_unescape_inplace(s);
    return s;
}

static void test_html_escaped(void **state)
{
    (void)state;
    Model m;
    model_make(&m, NULL, NULL, 0);
    const char *hostile[] = {"<script>alert(1)</script> \"q\" ' OR 1=1 -- &amp;",
                             "\"><img src=x onerror=alert(1)> caf\xc3\xa9\n\ttab", "plain"};
    for (int i = 0; i < 3; i++) {
        Buf b;
        buf_init(&b);
        explain_html(&b, &m, hostile[i], "al<i>ce", "bob");
        const char *html = buf_str(&b);
        assert_null(strstr(html, "<script"));
        assert_null(strstr(html, "<img"));
        assert_null(strstr(html, "<i>"));
        int n;
        char *back = shaded_text(html, &n);
        assert_string_equal(back, hostile[i]);
        Spans sp;
        explain_spans(&m, hostile[i], &sp);
        assert_int_equal(n, sp.n);                    /* one element per span */
        spans_free(&sp);
        free(back);
        buf_free(&b);
    }
    model_free(&m);
}

/* The page's numbers are what printf would print. */
static void test_numbers(void **state)
{
    (void)state;
    Model m;
    model_make(&m, NULL, NULL, 0);
    const char *text = "Keras deep learning models, KKW beauty! caf\xc3\xa9 https://keras.io/x";
    Buf b;
    buf_init(&b);
    explain_json(&b, &m, text, "bob");
    Spans sp;
    explain_spans(&m, text, &sp);
    const char *p = buf_str(&b);
    for (int i = 0; i < sp.n; i++) {
        char want[96];
        snprintf(want, sizeof want, "{\"start\":%zu,\"end\":%zu,", sp.s[i].start, sp.s[i].end);
        p = strstr(p, want);
        assert_non_null(p);
        p = strstr(p, "\"push\":") + 7;
        snprintf(want, sizeof want, "%.6f}", sp.s[i].push + 0.0);
        assert_memory_equal(p, want, strlen(want));
    }
    spans_free(&sp);
    buf_free(&b);
    model_free(&m);
}

static void test_json_spans(void **state)
{
    (void)state;
    Model m;
    model_make(&m, NULL, NULL, 0);
    const char *text = "</script> hi";
    Buf ab, ba;
    buf_init(&ab);
    buf_init(&ba);
    explain_json(&ab, &m, text, "bob");                /* towards b = the model's b */
    explain_json(&ba, &m, text, "ALICE");              /* the other way round, any case */
    assert_null(strstr(buf_str(&ab), "</script>"));
    assert_non_null(strstr(buf_str(&ab), ",\"spans\":[{\"start\":0,\"end\":9,\"text\":\"\\u003c/script\\u003e\",\"push\":"));
    Spans sp;
    explain_spans(&m, text, &sp);
    const char *last_ab = strrchr(buf_str(&ab), ':'), *last_ba = strrchr(buf_str(&ba), ':');
    assert_true(fabs(strtod(last_ab + 1, NULL) - sp.s[2].push) <= 5e-7);     /* "hi" */
    assert_true(fabs(strtod(last_ba + 1, NULL) + sp.s[2].push) <= 5e-7);
    assert_string_equal(strchr(last_ab, '}'), "}]");
    assert_non_null(strstr(buf_str(&ab), ",{\"start\":9,\"end\":10,\"text\":\" \",\"push\":0.000000}"));
    spans_free(&sp);
    buf_free(&ab);
    buf_free(&ba);
    model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_features_unchanged), cmocka_unit_test(test_spans_cover),
        cmocka_unit_test(test_spans_placement),    cmocka_unit_test(test_spans_split),
        cmocka_unit_test(test_top_words),          cmocka_unit_test(test_html_escaped),
        cmocka_unit_test(test_json_spans),         cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests_name("explain", tests, NULL, NULL);
}
