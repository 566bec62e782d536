/* fuzz_explain.c - libFuzzer harness for explanations on the text (explain_spans, the page's HTML
 * and JSON): any bytes as the text; the spans must cover it exactly on UTF-8 boundaries and their
 * pushes add up to the decision value minus the bias. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "model.h"
#include "text.h"
#include "util.h"
#include "web_explain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A model with a weight in every bucket, built once. */
static const Model *model(void)
{
    static Model m;
    if (m.n) return &m;
    m.handle_a = xstrdup("alice");
    m.handle_b = xstrdup("bob");
    m.bias = -0.5;
    m.index = xmalloc(sizeof *m.index * FEATURE_DIM);
    m.weight = xmalloc(sizeof *m.weight * FEATURE_DIM);
    for (uint32_t i = 1; i <= FEATURE_DIM; i++) {
        m.index[m.n] = i;
        m.weight[m.n++] = (float)(((i * 2654435761u) >> 8 & 0xffff) / 32768.0 - 1.0);
    }
    model_index(&m);
    return &m;
}

/* 1 when off is not inside a valid multibyte UTF-8 sequence of s. */
static int boundary(const char *s, size_t len, size_t off)
{
    size_t i = 0;
    while (i < off) {
        int n = utf8_seqlen((const unsigned char *)s + i, len - i);
        i += n > 0 ? (size_t)n : 1;
    }
    return i == off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size);   /* up to the first NUL, as a page sees it */
    size_t len = strlen(text);
    const Model *m = model();
    Spans sp;
    explain_spans(m, text, &sp);
    size_t at = 0;
    double sum = 0;
    for (int i = 0; i < sp.n; i++) {
        if (sp.s[i].start != at || sp.s[i].end <= at || sp.s[i].end > len) abort();
        if (!boundary(text, len, sp.s[i].start)) abort();
        sum += sp.s[i].push;
        at = sp.s[i].end;
    }
    if (at != len) abort();
    FeatVec v;
    featvec_init(&v);
    features_extract(text, &v);
    double want = model_decision(m, &v) - m->bias;
    featvec_free(&v);
    if (fabs(sum - want) > 1e-4 * (1 + fabs(want))) abort();
    Buf b;
    buf_init(&b);
    explain_html(&b, m, text, "alice", "bob");
    explain_json(&b, m, text, "bob");
    if (strstr(buf_str(&b), "<script")) abort();
    buf_free(&b);
    spans_free(&sp);
    free(text);
    return 0;
}
