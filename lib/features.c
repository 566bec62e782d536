/* features.c - the text features every model uses: normalisation, hashed character and word
 * n-grams, sublinear tf weighting, L2-normalised sparse vectors. Training and prediction share it. */
#include "features.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHAR_MIN_N 1   /* character n-gram lengths, in code points */
#define CHAR_MAX_N 5
#define WORD_MAX_N 2   /* word n-gram lengths: 1..WORD_MAX_N tokens */
#define MAX_TEXT 4096  /* bytes of normalised text looked at */

void featvec_init(FeatVec *fv)
{
    fv->v = NULL;
    fv->n = fv->cap = 0;
}

void featvec_free(FeatVec *fv)
{
    free(fv->v);
    featvec_init(fv);
}

/* ---- normalisation ---- */

static int is_url_at(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
           strncmp(s, "www.", 4) == 0;
}

/* Copy a URL as scheme + host only ("https://bbc.in/1Cim" -> "https://bbc.in"); returns the
 * number of bytes consumed from s. */
static size_t put_url(Buf *b, const char *s)
{
    const char *host = strstr(s, "://");
    host = (host && host - s < 8) ? host + 3 : s;
    const char *end = host;
    while (*end && !isspace((unsigned char)*end) && *end != '/' && *end != '?' && *end != '#')
        end++;
    buf_add(b, s, (size_t)(end - s));
    while (*end && !isspace((unsigned char)*end)) end++;
    return (size_t)(end - s);
}

char *features_normalise(const char *text)
{
    Buf b;
    buf_init(&b);
    buf_putc(&b, ' ');
    int space = 1;
    for (const char *p = text; *p && b.len < MAX_TEXT;) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c)) {
            if (!space) buf_putc(&b, ' ');
            space = 1;
            p++;
            continue;
        }
        space = 0;
        if ((p == text || isspace((unsigned char)p[-1])) && is_url_at(p)) {
            p += put_url(&b, p);
            continue;
        }
        buf_putc(&b, (char)c);
        p++;
    }
    if (!space) buf_putc(&b, ' ');
    return buf_detach(&b);
}

/* ---- n-gram collection ---- */

/* One n-gram occurrence before counting. */
typedef struct {
    uint32_t index;    /* bucket */
    uint32_t kind;     /* GRAM_CHAR / GRAM_WORD */
    const char *gram;  /* start in the normalised (char) or lowered (word) text */
    uint32_t len;      /* bytes */
} Gram;

typedef struct {
    Gram *g;
    int n, cap;
} GramList;

static uint32_t bucket(int kind, const char *s, size_t len)
{
    unsigned char k = (unsigned char)('0' + kind);
    uint64_t h = fnv1a64(FNV64_INIT, &k, 1);
    h = fnv1a64(h, s, len);
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return (uint32_t)(h & (FEATURE_DIM - 1)) + 1;
}

static void add_gram(GramList *l, int kind, const char *s, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 512;
        l->g = xrealloc(l->g, sizeof *l->g * (size_t)l->cap);
    }
    l->g[l->n++] = (Gram){bucket(kind, s, len), (uint32_t)kind, s, (uint32_t)len};
}

/* Byte length of the code point at s (invalid bytes count as one). */
static int cp_len(const char *s)
{
    int n = utf8_seqlen((const unsigned char *)s, strnlen(s, 4));
    return n > 0 ? n : 1;
}

static void char_grams(const char *s, GramList *l)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i += (size_t)cp_len(s + i)) {
        size_t end = i;
        for (int n = 1; n <= CHAR_MAX_N && end < len; n++) {
            end += (size_t)cp_len(s + end);
            if (n >= CHAR_MIN_N && !(n == 1 && s[i] == ' ')) add_gram(l, GRAM_CHAR, s + i, end - i);
        }
    }
}

static int word_byte(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '\'' || c >= 0x80;
}

/* Lower-case ASCII copy of the normalised text, tokenised: words (with a leading @ or #) and single
 * punctuation marks, each token followed by one space. */
static char *word_text(const char *s)
{
    Buf b;
    buf_init(&b);
    for (const char *p = s; *p;) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c)) {
            p++;
            continue;
        }
        const char *start = p;
        if ((c == '@' || c == '#') && word_byte((unsigned char)p[1])) p++;
        if (word_byte((unsigned char)*p)) {
            while (*p && word_byte((unsigned char)*p)) p++;
        } else {
            p += cp_len(p);
        }
        for (const char *q = start; q < p; q++) buf_putc(&b, (char)tolower((unsigned char)*q));
        buf_putc(&b, ' ');
    }
    return buf_detach(&b);
}

static void word_grams(const char *w, GramList *l)
{
    const char *tok[WORD_MAX_N + 1];
    int ntok = 0;
    for (const char *p = w; *p;) {
        const char *end = strchr(p, ' ');
        if (ntok == WORD_MAX_N) {
            memmove(tok, tok + 1, sizeof *tok * (WORD_MAX_N - 1));
            ntok--;
        }
        tok[ntok++] = p;
        for (int n = 1; n <= ntok; n++) add_gram(l, GRAM_WORD, tok[ntok - n], (size_t)(end - tok[ntok - n]));
        p = end + 1;
    }
}

static int gram_cmp(const void *a, const void *b)
{
    const Gram *x = a, *y = b;
    if (x->index != y->index) return x->index < y->index ? -1 : 1;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return memcmp(x->gram, y->gram, x->len);
}

/* Sublinear tf per bucket, each kind's block scaled to norm 1/sqrt(2) so the whole vector has
 * unit norm (or less when a block is empty). */
static void weigh(GramList *l, FeatVec *out)
{
    qsort(l->g, (size_t)l->n, sizeof *l->g, gram_cmp);
    out->n = 0;
    if (out->cap < l->n) {
        out->cap = l->n;
        out->v = xrealloc(out->v, sizeof *out->v * (size_t)out->cap);
    }
    double norm2[2] = {0, 0};
    uint8_t *kinds = xmalloc((size_t)l->n + 1);
    for (int i = 0; i < l->n;) {
        int j = i;
        while (j < l->n && l->g[j].index == l->g[i].index && l->g[j].kind == l->g[i].kind) j++;
        double v = 1.0 + log((double)(j - i));
        norm2[l->g[i].kind] += v * v;
        kinds[out->n] = (uint8_t)l->g[i].kind;
        out->v[out->n++] = (Feat){l->g[i].index, (float)v};
        i = j;
    }
    double scale[2];
    for (int k = 0; k < 2; k++) scale[k] = norm2[k] > 0 ? 1.0 / sqrt(2.0 * norm2[k]) : 0;
    int w = 0;
    for (int i = 0; i < out->n; i++) {
        float v = (float)(out->v[i].value * scale[kinds[i]]);
        if (w > 0 && out->v[w - 1].index == out->v[i].index) out->v[w - 1].value += v;
        else out->v[w++] = (Feat){out->v[i].index, v};
    }
    out->n = w;
    free(kinds);
}

static void collect(const char *text, GramList *l, char **norm, char **words)
{
    *norm = features_normalise(text);
    *words = word_text(*norm);
    l->g = NULL;
    l->n = l->cap = 0;
    char_grams(*norm, l);
    word_grams(*words, l);
}

void features_extract(const char *text, FeatVec *out)
{
    GramList l;
    char *norm, *words;
    collect(text, &l, &norm, &words);
    weigh(&l, out);
    free(l.g);
    free(norm);
    free(words);
}

void features_each(const char *text, feature_cb cb, void *ctx)
{
    GramList l;
    char *norm, *words;
    collect(text, &l, &norm, &words);
    Gram *copy = xmalloc(sizeof *copy * (size_t)(l.n + 1));
    memcpy(copy, l.g, sizeof *copy * (size_t)l.n);
    int n = l.n;
    FeatVec fv;
    featvec_init(&fv);
    weigh(&l, &fv);   /* sorts l.g; copy keeps the same grams */
    qsort(copy, (size_t)n, sizeof *copy, gram_cmp);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && gram_cmp(&copy[i], &copy[i - 1]) == 0) continue;
        while (k < fv.n && fv.v[k].index < copy[i].index) k++;
        float v = (k < fv.n && fv.v[k].index == copy[i].index) ? fv.v[k].value : 0;
        cb(ctx, copy[i].gram, copy[i].len, (int)copy[i].kind, copy[i].index, v);
    }
    featvec_free(&fv);
    free(copy);
    free(l.g);
    free(norm);
    free(words);
}
