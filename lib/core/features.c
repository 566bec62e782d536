/* features.c - the text features every model uses: normalisation, hashed character and word
 * n-grams, sublinear tf weighting, L2-normalised sparse vectors. Training and prediction share it. */
#include "features.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHAR_MAX_N 6     /* character n-grams: 1..CHAR_MAX_N code points, inside words (with the
                            spaces around them), case kept */
#define WORD_MAX_N 2     /* word n-grams: 1..WORD_MAX_N tokens, lower-cased */
#define CHAR_SHARE 0.874 /* weight of the char block in the unit vector (1.8 : 1 against words) */
#define MAX_TEXT 4096    /* bytes of normalised text looked at */
#define URL_PATH_KEEP 2  /* code points of a link's path kept after its host: the rest of a short
                            link's code is noise, but its first characters were handed out in
                            sequence and say when (and by which account's tool) it was made; on
                            the health corpus's reference split the shared model gains +0.0008
                            mean pairwise and +0.008 top-1 over cutting the path off entirely */

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

/* Where each byte of a normalised (or tokenised) text came from: at[i] is the byte offset in the
 * original text of byte i, or FEATURE_NO_POS for a space the normalisation added. Filled only
 * when explaining (a NULL OffsetMap * costs nothing). */
typedef struct {
    size_t *at;
    size_t n, cap;
} OffsetMap;

static void map_put(OffsetMap *m, size_t off)
{
    if (!m) return;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 256;
        m->at = xrealloc(m->at, sizeof *m->at * m->cap);
    }
    m->at[m->n++] = off;
}

static int cp_len(const char *s);

/* 1 when one of the n bytes at s is white space. */
static int memchr_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isspace((unsigned char)s[i])) return 1;
    return 0;
}

/* Copy a URL as scheme + host + the first URL_PATH_KEEP code points of its path
 * ("https://bbc.in/1Cim" -> "https://bbc.in/1C"); returns the number of bytes consumed from s (at
 * byte offset off of the original text). */
static size_t put_url(Buf *b, const char *s, OffsetMap *map, size_t off)
{
    const char *host = strstr(s, "://");
    host = (host && host - s < 8 && !memchr_space(s, (size_t)(host - s))) ? host + 3 : s;
    const char *end = host;
    while (*end && !isspace((unsigned char)*end) && *end != '/' && *end != '?' && *end != '#')
        end++;
    if (*end == '/') {
        end++;
        for (int k = 0; k < URL_PATH_KEEP && *end && !isspace((unsigned char)*end); k++) end += cp_len(end);
    }
    buf_add(b, s, (size_t)(end - s));
    for (size_t i = 0; map && i < (size_t)(end - s); i++) map_put(map, off + i);
    while (*end && !isspace((unsigned char)*end)) end++;
    return (size_t)(end - s);
}

/* features_normalise, recording in map (when not NULL) where each byte came from. */
static char *normalise(const char *text, OffsetMap *map)
{
    Buf b;
    buf_init(&b);
    buf_putc(&b, ' ');
    map_put(map, FEATURE_NO_POS);
    int space = 1;
    for (const char *p = text; *p && b.len < MAX_TEXT;) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c)) {
            if (!space) {
                buf_putc(&b, ' ');
                map_put(map, (size_t)(p - text));
            }
            space = 1;
            p++;
            continue;
        }
        space = 0;
        if ((p == text || isspace((unsigned char)p[-1])) && is_url_at(p)) {
            p += put_url(&b, p, map, (size_t)(p - text));
            continue;
        }
        buf_putc(&b, (char)c);
        map_put(map, (size_t)(p - text));
        p++;
    }
    if (!space) {
        buf_putc(&b, ' ');
        map_put(map, FEATURE_NO_POS);
    }
    return buf_detach(&b);
}

char *features_normalise(const char *text)
{
    return normalise(text, NULL);
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
    uint32_t *key;   /* bucket << 1 | kind, one per occurrence */
    Gram *g;         /* the occurrences themselves, only when explaining */
    int n, cap;
    int grams;       /* 1: fill g too */
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
        l->key = xrealloc(l->key, sizeof *l->key * (size_t)l->cap);
        if (l->grams) l->g = xrealloc(l->g, sizeof *l->g * (size_t)l->cap);
    }
    uint32_t b = bucket(kind, s, len);
    l->key[l->n] = b << 1 | (uint32_t)kind;
    if (l->grams) l->g[l->n] = (Gram){b, (uint32_t)kind, s, (uint32_t)len};
    l->n++;
}

/* Byte length of the code point at s (invalid bytes count as one). */
static int cp_len(const char *s)
{
    int n = utf8_seqlen((const unsigned char *)s, strnlen(s, 4));
    return n > 0 ? n : 1;
}

/* Character n-grams that stay inside one word: a gram may hold a space only as its first or last
 * character (the word's padding), like scikit-learn's char_wb analyser. s is the normalised text,
 * which starts and ends with a space and has single spaces between words. */
static void char_grams(const char *s, GramList *l)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i += (size_t)cp_len(s + i)) {
        size_t end = i;
        for (int n = 1; n <= CHAR_MAX_N && end < len; n++) {
            int at_space = s[end] == ' ';
            end += (size_t)cp_len(s + end);
            if (!(n == 1 && at_space)) add_gram(l, GRAM_CHAR, s + i, end - i);
            if (at_space && n > 1) break;            /* reached the end of the word */
        }
    }
}

/* 1 when the character at p belongs in a word: ASCII letters, digits, _ and ', and non-ASCII
 * letters (code points below U+2000); symbols and emoji above it are tokens of their own. */
static int word_char(const char *p)
{
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) return isalnum(c) || c == '_' || c == '\'';
    return c < 0xE2;   /* lead bytes 0xC2..0xE1 encode U+0080..U+1FFF */
}

/* Lower-case ASCII copy of the normalised text, tokenised: words (with a leading @ or #) and single
 * punctuation marks, each token followed by one space. With smap (s's offset map), wmap gets the
 * original offset of each byte of the copy (FEATURE_NO_POS for the spaces between tokens). */
static char *word_text(const char *s, const OffsetMap *smap, OffsetMap *wmap)
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
        if ((c == '@' || c == '#') && word_char(p + 1)) p++;
        if (word_char(p)) {
            while (*p && word_char(p)) p += cp_len(p);
        } else {
            p += cp_len(p);
        }
        for (const char *q = start; q < p; q++) {
            buf_putc(&b, (char)tolower((unsigned char)*q));
            if (smap) map_put(wmap, smap->at[q - s]);
        }
        buf_putc(&b, ' ');
        if (smap) map_put(wmap, FEATURE_NO_POS);
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

/* Sort n keys ascending (LSD radix sort, 8 bits a pass); tmp has room for n keys. */
static void sort_keys(uint32_t *k, uint32_t *tmp, int n)
{
    if (n < 2) return;
    for (int shift = 0; shift < FEATURE_BITS + 1; shift += 8) {
        int count[257] = {0};
        for (int i = 0; i < n; i++) count[((k[i] >> shift) & 0xff) + 1]++;
        for (int d = 0; d < 256; d++) count[d + 1] += count[d];
        for (int i = 0; i < n; i++) tmp[count[(k[i] >> shift) & 0xff]++] = k[i];
        memcpy(k, tmp, sizeof *k * (size_t)n);
    }
}

/* Sublinear tf (1 + log count) per bucket; the char block is scaled to norm CHAR_SHARE and the
 * word block to the rest, so the whole vector has unit norm (less when a block is empty). */
static void weigh(GramList *l, FeatVec *out)
{
    uint32_t *tmp = xmalloc(sizeof *tmp * (size_t)(l->n + 1));
    sort_keys(l->key, tmp, l->n);
    free(tmp);
    out->n = 0;
    if (out->cap < l->n) {
        out->cap = l->n;
        out->v = xrealloc(out->v, sizeof *out->v * (size_t)out->cap);
    }
    double norm2[2] = {0, 0};
    uint8_t *kinds = xmalloc((size_t)l->n + 1);
    for (int i = 0; i < l->n;) {
        int j = i;
        while (j < l->n && l->key[j] == l->key[i]) j++;
        int kind = (int)(l->key[i] & 1);
        double v = 1.0 + log((double)(j - i));
        norm2[kind] += v * v;
        kinds[out->n] = (uint8_t)kind;
        out->v[out->n++] = (Feat){l->key[i] >> 1, (float)v};
        i = j;
    }
    const double share[2] = {CHAR_SHARE, sqrt(1.0 - CHAR_SHARE * CHAR_SHARE)};
    double scale[2];
    for (int k = 0; k < 2; k++) scale[k] = norm2[k] > 0 ? share[k] / sqrt(norm2[k]) : 0;
    int w = 0;
    for (int i = 0; i < out->n; i++) {
        float v = (float)(out->v[i].value * scale[kinds[i]]);
        if (w > 0 && out->v[w - 1].index == out->v[i].index) out->v[w - 1].value += v;
        else out->v[w++] = (Feat){out->v[i].index, v};
    }
    out->n = w;
    free(kinds);
}

/* The n-grams of text into l (with their occurrences when grams); norm and words are the texts
 * they point into. With nmap and wmap, where each byte of norm and words came from. */
static void collect(const char *text, GramList *l, int grams, char **norm, char **words,
                    OffsetMap *nmap, OffsetMap *wmap)
{
    *norm = normalise(text, nmap);
    *words = word_text(*norm, nmap, wmap);
    l->g = NULL;
    l->key = NULL;
    l->n = l->cap = 0;
    l->grams = grams;
    char_grams(*norm, l);
    word_grams(*words, l);
}

void features_extract(const char *text, FeatVec *out)
{
    GramList l;
    char *norm, *words;
    collect(text, &l, 0, &norm, &words, NULL, NULL);
    weigh(&l, out);
    free(l.key);
    free(norm);
    free(words);
}

/* Sort grams by bucket and kind (LSD radix sort on index << 1 | kind; tmp has room for n). */
static void sort_grams(Gram *g, Gram *tmp, int n)
{
    if (n < 2) return;
    for (int shift = 0; shift < FEATURE_BITS + 1; shift += 8) {
        int count[257] = {0};
        for (int i = 0; i < n; i++) count[(((g[i].index << 1 | g[i].kind) >> shift) & 0xff) + 1]++;
        for (int d = 0; d < 256; d++) count[d + 1] += count[d];
        for (int i = 0; i < n; i++) tmp[count[((g[i].index << 1 | g[i].kind) >> shift) & 0xff]++] = g[i];
        memcpy(g, tmp, sizeof *g * (size_t)n);
    }
}

/* 1 when gram i repeats an earlier gram of its run (same bucket and kind). */
static int seen_before(const Gram *g, int start, int i)
{
    for (int j = start; j < i; j++)
        if (g[j].len == g[i].len && memcmp(g[j].gram, g[i].gram, g[i].len) == 0) return 1;
    return 0;
}

/* Sort the occurrences of text's n-grams by bucket and weigh them; the caller frees l->key, l->g,
 * fv, norm and words. */
static void sorted_grams(const char *text, GramList *l, FeatVec *fv, char **norm, char **words)
{
    collect(text, l, 1, norm, words, NULL, NULL);
    featvec_init(fv);
    weigh(l, fv);
    Gram *tmp = xmalloc(sizeof *tmp * (size_t)(l->n + 1));
    sort_grams(l->g, tmp, l->n);
    free(tmp);
}

void features_each(const char *text, feature_cb cb, void *ctx)
{
    GramList l;
    FeatVec fv;
    char *norm, *words;
    sorted_grams(text, &l, &fv, &norm, &words);
    int k = 0;
    for (int i = 0, start = 0; i < l.n; i++) {
        if (i == 0 || l.g[i].index != l.g[i - 1].index || l.g[i].kind != l.g[i - 1].kind) start = i;
        else if (seen_before(l.g, start, i)) continue;
        while (k < fv.n && fv.v[k].index < l.g[i].index) k++;
        float v = (k < fv.n && fv.v[k].index == l.g[i].index) ? fv.v[k].value : 0;
        cb(ctx, l.g[i].gram, l.g[i].len, (int)l.g[i].kind, l.g[i].index, v);
    }
    featvec_free(&fv);
    free(l.key);
    free(l.g);
    free(norm);
    free(words);
}

/* The entry of index in fv (sorted, unique), or -1. */
static int entry_of(const FeatVec *fv, uint32_t index)
{
    int lo = 0, hi = fv->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (fv->v[mid].index < index) lo = mid + 1;
        else hi = mid;
    }
    return lo < fv->n && fv->v[lo].index == index ? lo : -1;
}

void features_each_at(const char *text, feature_at_cb cb, void *ctx)
{
    GramList l;
    FeatVec fv;
    char *norm, *words;
    OffsetMap nmap = {0}, wmap = {0};
    collect(text, &l, 1, &norm, &words, &nmap, &wmap);
    featvec_init(&fv);
    weigh(&l, &fv);
    /* a bucket's value is shared by all its occurrences (of either kind): count them first */
    int *entry = xmalloc(sizeof *entry * (size_t)(l.n + 1)), *count = xcalloc((size_t)fv.n + 1, sizeof *count);
    for (int i = 0; i < l.n; i++) {
        entry[i] = entry_of(&fv, l.g[i].index);
        if (entry[i] >= 0) count[entry[i]]++;
    }
    for (int i = 0; i < l.n; i++) {
        const Gram *g = &l.g[i];
        double share = entry[i] >= 0 ? (double)fv.v[entry[i]].value / count[entry[i]] : 0;
        const size_t *at = g->kind == GRAM_CHAR ? nmap.at + (g->gram - norm) : wmap.at + (g->gram - words);
        cb(ctx, (int)g->kind, g->index, share, at, g->len);
    }
    free(entry);
    free(count);
    featvec_free(&fv);
    free(l.key);
    free(l.g);
    free(norm);
    free(words);
    free(nmap.at);
    free(wmap.at);
}
