/* model.c - pairwise model files: compact, versioned, checksummed; saved atomically, loaded
 * without parsing text; scoring a feature vector and explaining a prediction.
 *
 * File layout (little-endian):
 *   "TWITOFFM" u32 format  u32 feature_version  u32 feature_bits  u32 posts_a  u32 posts_b
 *   f64 accuracy  i64 trained_at  f64 bias  f32 scale  u32 n
 *   (format 2:) u32 calibrated  f64 cal_a  f64 cal_b
 *   u16 len + handle_a bytes, u16 len + handle_b bytes
 *   n varint index deltas, n i16 weights (weight = q * scale)
 *   u32 crc32 of everything before it
 * Format 1 files (no calibration) are still read, as uncalibrated and legacy.
 */
#include "model.h"
#include "calibrate.h"
#include "handle.h"
#include "files.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAGIC "TWITOFFM"
#define FORMAT 2
#define FORMAT_LEGACY 1
#define HEADER_BYTES (8 + 4 * 5 + 8 + 8 + 8 + 4 + 4)   /* format 1; format 2 adds CAL_BYTES */
#define CAL_BYTES (4 + 8 + 8)

static void put_u16(Buf *b, uint32_t v)
{
    unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    buf_add(b, x, 2);
}

static void put_u32(Buf *b, uint32_t v)
{
    unsigned char x[4];
    for (int i = 0; i < 4; i++) x[i] = (unsigned char)(v >> (8 * i));
    buf_add(b, x, 4);
}

static void put_u64(Buf *b, uint64_t v)
{
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_f64(Buf *b, double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    put_u64(b, v);
}

static void put_f32(Buf *b, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    put_u32(b, v);
}

static void put_varint(Buf *b, uint32_t v)
{
    while (v >= 0x80) {
        buf_putc(b, (char)(v | 0x80));
        v >>= 7;
    }
    buf_putc(b, (char)v);
}

static void put_str(Buf *b, const char *s)
{
    size_t n = strlen(s);
    put_u16(b, (uint32_t)n);
    buf_add(b, s, n);
}

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

int model_save(const Model *m, const char *path, char *err, size_t errlen)
{
    if (strlen(m->handle_a) > HANDLE_MAX || strlen(m->handle_b) > HANDLE_MAX) {
        seterr(err, errlen, "handle too long");
        return -1;
    }
    float maxw = 0;
    for (uint32_t i = 0; i < m->n; i++) maxw = fmaxf(maxw, fabsf(m->weight[i]));
    float scale = maxw > 0 ? maxw / 32767.0f : 1.0f;
    Buf b;
    buf_init(&b);
    buf_add(&b, MAGIC, 8);
    put_u32(&b, FORMAT);
    put_u32(&b, m->feature_version);
    put_u32(&b, m->feature_bits);
    put_u32(&b, m->posts_a);
    put_u32(&b, m->posts_b);
    put_f64(&b, m->accuracy);
    put_u64(&b, (uint64_t)m->trained_at);
    put_f64(&b, m->bias);
    put_f32(&b, scale);
    put_u32(&b, m->n);
    put_u32(&b, m->calibrated ? 1 : 0);
    put_f64(&b, m->calibrated ? m->cal_a : 1.0);
    put_f64(&b, m->calibrated ? m->cal_b : 0.0);
    put_str(&b, m->handle_a);
    put_str(&b, m->handle_b);
    uint32_t prev = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        put_varint(&b, m->index[i] - prev);
        prev = m->index[i];
    }
    for (uint32_t i = 0; i < m->n; i++) {
        long q = lrintf(m->weight[i] / scale);
        put_u16(&b, (uint32_t)(uint16_t)(int16_t)(q > 32767 ? 32767 : q < -32767 ? -32767 : q));
    }
    put_u32(&b, (uint32_t)crc32(0, (const Bytef *)b.data, (uInt)b.len));
    int rc = write_file_atomic(path, b.data, b.len, 0644);
    if (rc != 0) seterr(err, errlen, "cannot write %s: %s", path, strerror(errno));
    buf_free(&b);
    return rc;
}

/* A bounds-checked reader over the file bytes. */
typedef struct {
    const unsigned char *p;  /* next byte */
    const unsigned char *end;/* one past the last byte */
    int bad;                 /* set when a read ran past end */
} Reader;

static uint32_t get_u32(Reader *r)
{
    if (r->end - r->p < 4) {
        r->bad = 1;
        return 0;
    }
    uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
                 (uint32_t)r->p[3] << 24;
    r->p += 4;
    return v;
}

static uint32_t get_u16(Reader *r)
{
    if (r->end - r->p < 2) {
        r->bad = 1;
        return 0;
    }
    uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8;
    r->p += 2;
    return v;
}

static uint64_t get_u64(Reader *r)
{
    uint64_t lo = get_u32(r);
    return lo | (uint64_t)get_u32(r) << 32;
}

static double get_f64(Reader *r)
{
    uint64_t v = get_u64(r);
    double d;
    memcpy(&d, &v, 8);
    return d;
}

static float get_f32(Reader *r)
{
    uint32_t v = get_u32(r);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

static uint32_t get_varint(Reader *r)
{
    uint32_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (r->p >= r->end) break;
        unsigned char c = *r->p++;
        v |= (uint32_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) return v;
    }
    r->bad = 1;
    return 0;
}

static char *get_str(Reader *r)
{
    uint32_t n = get_u16(r);
    if (r->bad || n == 0 || n > HANDLE_MAX || (size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    char *s = xstrndup((const char *)r->p, n);
    r->p += n;
    return s;
}

/* The calibration of a format 2 header; a format 1 file is uncalibrated and legacy. 0 or -1. */
static int parse_calibration(Reader *r, Model *m, uint32_t format)
{
    calib_identity(m);
    if (format == FORMAT_LEGACY) {
        m->legacy = 1;
        return 0;
    }
    uint32_t on = get_u32(r);
    double a = get_f64(r), b = get_f64(r);
    if (r->bad || on > 1 || !isfinite(a) || !isfinite(b) || a < 0) return -1;
    m->calibrated = (int)on;
    if (on) {
        m->cal_a = a;
        m->cal_b = b;
    }
    return 0;
}

static int parse_header(Reader *r, Model *m, float *scale, char *err, size_t errlen)
{
    if (r->end - r->p < HEADER_BYTES || memcmp(r->p, MAGIC, 8) != 0) {
        seterr(err, errlen, r->end - r->p < 8 ? "truncated model file" : "not a twitoff model file");
        return -1;
    }
    r->p += 8;
    uint32_t format = get_u32(r);
    if (format != FORMAT && format != FORMAT_LEGACY) {
        seterr(err, errlen, "model file format %u, this program reads %u", format, FORMAT);
        return -1;
    }
    m->feature_version = get_u32(r);
    m->feature_bits = get_u32(r);
    m->posts_a = get_u32(r);
    m->posts_b = get_u32(r);
    m->accuracy = get_f64(r);
    m->trained_at = (int64_t)get_u64(r);
    m->bias = get_f64(r);
    *scale = get_f32(r);
    m->n = get_u32(r);
    if (parse_calibration(r, m, format) != 0) {
        seterr(err, errlen, r->bad ? "truncated model file" : "corrupt model calibration");
        return -1;
    }
    if (m->feature_version != FEATURE_VERSION || m->feature_bits != FEATURE_BITS) {
        seterr(err, errlen, "model has feature version %u/%u bits, this program uses %u/%u",
               m->feature_version, m->feature_bits, FEATURE_VERSION, FEATURE_BITS);
        return -1;
    }
    if (!isfinite(m->bias) || !isfinite(*scale) || m->n > FEATURE_DIM) {
        seterr(err, errlen, "corrupt model header");
        return -1;
    }
    return 0;
}

static int parse_body(Reader *r, Model *m, float scale, char *err, size_t errlen)
{
    m->handle_a = get_str(r);
    m->handle_b = get_str(r);
    if (r->bad || (size_t)(r->end - r->p) < (size_t)m->n * 3) {
        seterr(err, errlen, "truncated model file");
        return -1;
    }
    m->index = xmalloc(sizeof *m->index * (m->n + 1));
    m->weight = xmalloc(sizeof *m->weight * (m->n + 1));
    uint32_t idx = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        uint32_t d = (r->p < r->end && *r->p < 0x80) ? *r->p++ : get_varint(r);   /* one byte: most */
        if (r->bad || d == 0 || d > FEATURE_DIM - idx) {
            seterr(err, errlen, r->bad ? "truncated model file" : "corrupt model weights");
            return -1;
        }
        m->index[i] = idx += d;
    }
    if ((size_t)(r->end - r->p) < (size_t)m->n * 2) {
        seterr(err, errlen, "truncated model file");
        return -1;
    }
    const unsigned char *q = r->p;
    for (uint32_t i = 0; i < m->n; i++, q += 2) m->weight[i] = (float)(int16_t)(q[0] | q[1] << 8) * scale;
    r->p = q;
    return 0;
}

int model_parse(const unsigned char *data, size_t len, Model *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    if (len < HEADER_BYTES + 4) {
        seterr(err, errlen, len >= 8 && memcmp(data, MAGIC, 8) != 0 ? "not a twitoff model file"
                                                                    : "truncated model file");
        return -1;
    }
    Reader r = {data, data + len - 4, 0};
    float scale = 1;
    int rc = parse_header(&r, m, &scale, err, errlen);
    if (rc == 0) {
        Reader c = {data + len - 4, data + len, 0};
        if (get_u32(&c) != (uint32_t)crc32(0, data, (uInt)(len - 4))) {
            seterr(err, errlen, "checksum mismatch (truncated or corrupted model file)");
            rc = -1;
        }
    }
    if (rc == 0) rc = parse_body(&r, m, scale, err, errlen);
    if (rc == 0 && r.p != r.end) {
        seterr(err, errlen, "corrupt model file (trailing bytes)");
        rc = -1;
    }
    if (rc == 0) model_index(m);
    if (rc != 0) model_free(m);
    return rc;
}

int model_load(const char *path, Model *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    size_t len;
    char *data = read_file(path, &len);
    if (!data) {
        seterr(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = model_parse((const unsigned char *)data, len, m, err, errlen);
    free(data);
    return rc;
}

void model_index(Model *m)
{
    unsigned bits = 1;
    while (bits < MODEL_JUMP_BITS && (1u << bits) < m->n) bits++;
    const unsigned shift = FEATURE_BITS - bits, ranges = 1u << bits;
    m->jump_bits = bits;
    free(m->jump);
    m->jump = xmalloc(sizeof *m->jump * (ranges + 1));
    uint32_t i = 0;
    for (uint32_t r = 0; r < ranges; r++) {
        while (i < m->n && ((m->index[i] - 1) >> shift) < r) i++;
        m->jump[r] = i;
    }
    m->jump[ranges] = m->n;
}

void model_free(Model *m)
{
    free(m->jump);
    free(m->handle_a);
    free(m->handle_b);
    free(m->index);
    free(m->weight);
    memset(m, 0, sizeof *m);
}

float model_weight(const Model *m, uint32_t index)
{
    uint32_t lo = 0, hi = m->n;
    if (m->jump && index >= 1 && index <= FEATURE_DIM) {
        uint32_t r = (index - 1) >> (FEATURE_BITS - m->jump_bits);
        lo = m->jump[r];
        hi = m->jump[r + 1];
    }
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->index[mid] < index) lo = mid + 1;
        else hi = mid;
    }
    return (lo < m->n && m->index[lo] == index) ? m->weight[lo] : 0.0f;
}

double model_decision_known(const Model *m, const FeatVec *x, int *known)
{
    double s = m->bias;
    int k = 0;
    for (int i = 0; i < x->n; i++) {
        float w = model_weight(m, x->v[i].index);
        k += w != 0;
        s += (double)w * x->v[i].value;
    }
    if (known) *known = k;
    return s;
}

double model_decision(const Model *m, const FeatVec *x)
{
    return model_decision_known(m, x, NULL);
}

double model_prob_b(const Model *m, const char *text)
{
    FeatVec x;
    featvec_init(&x);
    features_extract(text, &x);
    double p = calib_prob_b(m, model_decision(m, &x));
    featvec_free(&x);
    return p;
}

/* ---- explanations ---- */

/* The k strongest pushes of one direction, strongest first. */
typedef struct {
    Contribution *c;  /* up to k entries, |push| descending */
    int n, k;
} TopK;

typedef struct {
    const Model *m;
    TopK to_a, to_b;  /* pushes towards a (< 0) and towards b (> 0) */
} ExplainCtx;

static void topk_offer(TopK *t, const char *gram, size_t len, int kind, double push)
{
    if (t->k <= 0 || (t->n == t->k && fabs(push) <= fabs(t->c[t->n - 1].push))) return;
    if (t->n == t->k) free(t->c[--t->n].gram);          /* drop the weakest */
    int i = t->n++;
    while (i > 0 && fabs(t->c[i - 1].push) < fabs(push)) {
        t->c[i] = t->c[i - 1];
        i--;
    }
    t->c[i] = (Contribution){xstrndup(gram, len), kind, push};
}

static void explain_cb(void *ctx, const char *gram, size_t len, int kind, uint32_t index, float value)
{
    ExplainCtx *e = ctx;
    double push = (double)model_weight(e->m, index) * value;
    if (push < 0) topk_offer(&e->to_a, gram, len, kind, push);
    else if (push > 0) topk_offer(&e->to_b, gram, len, kind, push);
}

void model_explain(const Model *m, const char *text, int k, Contribution **to_a, int *na,
                   Contribution **to_b, int *nb)
{
    if (k < 0) k = 0;
    ExplainCtx e = {m, {xmalloc(sizeof(Contribution) * (size_t)(k + 1)), 0, k},
                    {xmalloc(sizeof(Contribution) * (size_t)(k + 1)), 0, k}};
    features_each(text, explain_cb, &e);
    *to_a = e.to_a.c;
    *na = e.to_a.n;
    *to_b = e.to_b.c;
    *nb = e.to_b.n;
}

void contributions_free(Contribution *c, int n)
{
    for (int i = 0; i < n; i++) free(c[i].gram);
    free(c);
}
