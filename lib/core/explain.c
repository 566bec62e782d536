/* explain.c - a prediction explained on the text itself: spans with their pushes, top words. */
#include "explain.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Cut text at the boundaries between white space (as the features see it) and the rest. */
static void cut(const char *text, Spans *out)
{
    int cap = 16;
    out->s = xmalloc(sizeof *out->s * (size_t)cap);
    out->n = 0;
    out->total = 0;
    for (size_t i = 0; text[i];) {
        int blank = isspace((unsigned char)text[i]) != 0;
        size_t j = i;
        while (text[j] && (isspace((unsigned char)text[j]) != 0) == blank) j++;
        if (out->n == cap) {
            cap *= 2;
            out->s = xrealloc(out->s, sizeof *out->s * (size_t)cap);
        }
        out->s[out->n++] = (Span){i, j, 0, blank};
        i = j;
    }
}

typedef struct {
    const Model *m;
    const char *text;
    Spans *sp;
    int *span_of;        /* span of each byte of text */
    uint32_t last;       /* bucket of the last weight looked up, and its weight */
    float last_w;
} SpanCtx;

/* The span of the byte at original offset off, or -1 for a space the normalisation added or
 * white space. */
static int letter_span(const SpanCtx *c, size_t off)
{
    if (off == FEATURE_NO_POS) return -1;
    int k = c->span_of[off];
    return c->sp->s[k].blank ? -1 : k;
}

static void occurrence(void *ctx, int kind, uint32_t index, double share, const size_t *at, size_t len)
{
    (void)kind;
    SpanCtx *c = ctx;
    if (index != c->last) {
        c->last = index;
        c->last_w = model_weight(c->m, index);
    }
    double push = c->last_w * share;
    if (push == 0) return;
    int letters = 0, first = -1, last = -1;
    for (size_t i = 0; i < len; i++) {
        int k = letter_span(c, at[i]);
        if (k < 0) continue;
        letters++;
        if (first < 0) first = k;
        last = k;
    }
    if (letters == 0) return;   /* not produced: every n-gram holds a letter of some word */
    c->sp->total += push;
    if (first == last) {        /* the usual case: inside one word */
        c->sp->s[first].push += push;
        return;
    }
    for (size_t i = 0; i < len; i++) {
        int k = letter_span(c, at[i]);
        if (k >= 0) c->sp->s[k].push += push / letters;
    }
}

void explain_spans(const Model *m, const char *text, Spans *out)
{
    cut(text, out);
    size_t len = strlen(text);
    int *span_of = xmalloc(sizeof *span_of * (len + 1));
    for (int k = 0; k < out->n; k++)
        for (size_t i = out->s[k].start; i < out->s[k].end; i++) span_of[i] = k;
    SpanCtx c = {m, text, out, span_of, 0, 0};
    features_each_at(text, occurrence, &c);
    free(span_of);
}

void spans_free(Spans *sp)
{
    free(sp->s);
    sp->s = NULL;
    sp->n = 0;
}

/* 1 for the ASCII punctuation trimmed around a word (not @ # _, which belong to handles and tags). */
static int trimmed(unsigned char c)
{
    return c < 0x80 && ispunct(c) && c != '@' && c != '#' && c != '_';
}

/* The word inside span s: [*start, *end) without the punctuation around it (the whole span when
 * that leaves nothing). */
static void word_of(const char *text, const Span *s, size_t *start, size_t *end)
{
    size_t a = s->start, b = s->end;
    while (a < b && trimmed((unsigned char)text[a])) a++;
    while (b > a && trimmed((unsigned char)text[b - 1])) b--;
    if (a == b) a = s->start, b = s->end;
    *start = a;
    *end = b;
}

/* Order words of text by their letters (ASCII case ignored), then by where they are. */
static int by_word(const void *x, const void *y, void *text)
{
    const Word *a = x, *b = y;
    const char *t = text;
    size_t la = a->end - a->start, lb = b->end - b->start;
    int c = strncasecmp(t + a->start, t + b->start, la < lb ? la : lb);
    if (c == 0) c = (la > lb) - (la < lb);
    return c ? c : (a->start > b->start) - (a->start < b->start);
}

static int same_word(const char *text, const Word *a, const Word *b)
{
    return a->end - a->start == b->end - b->start &&
           strncasecmp(text + a->start, text + b->start, a->end - a->start) == 0;
}

static int stronger(const void *x, const void *y)
{
    double a = fabs(((const Word *)x)->push), b = fabs(((const Word *)y)->push);
    return (a < b) - (a > b);
}

int explain_top_words(const char *text, const Spans *sp, int side, Word *out, int k)
{
    if (k <= 0 || sp->n == 0) return 0;
    Word *all = xmalloc(sizeof *all * (size_t)sp->n);
    int n = 0;
    for (int i = 0; i < sp->n; i++) {
        if (sp->s[i].blank || sp->s[i].push == 0) continue;
        all[n] = (Word){0, 0, sp->s[i].push, 1};
        word_of(text, &sp->s[i], &all[n].start, &all[n].end);
        n++;
    }
    /* the same words side by side, their first occurrence first */
    qsort_r(all, (size_t)n, sizeof *all, by_word, (void *)text);
    int kept = 0;
    for (int i = 0; i < n;) {
        Word w = all[i++];
        for (; i < n && same_word(text, &w, &all[i]); i++) {
            w.push += all[i].push;
            w.count++;
        }
        if (side > 0 ? w.push > 0 : w.push < 0) all[kept++] = w;
    }
    qsort(all, (size_t)kept, sizeof *all, stronger);
    if (kept > k) kept = k;
    memcpy(out, all, sizeof *out * (size_t)kept);
    free(all);
    return kept;
}
