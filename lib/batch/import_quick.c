/* import_quick.c - a quick reader of the post objects of archives: it reads the fields that
 * import_json_row reads, straight from the text, and skips the rest (entities, edit_info, ...)
 * without building a tree; anything it cannot vouch for is left to jansson, which then gives the
 * same row or the error: a member import_json_row would read and it does not (any name of
 * import_columns.h's table but its own), a reply, or a field of an unusual type. An archive of 100,000 posts is ~100 MB of such objects: jansson's tree
 * of every one of them was most of the time of its import. */
#include "import_columns.h"
#include "import_json.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int import_json_quick_off = 0;

/* The fields import_json_row reads; F_USER_* are inside a "user" object. */
enum {
    F_ID_STR, F_ID, F_SCREEN_NAME, F_USER, F_USERNAME, F_CREATED, F_FULL_TEXT, F_TEXT, F_IS_RETWEET,
    F_RETWEETED, F_REPLY_STATUS_STR, F_REPLY_STATUS, F_REPLY_USER_STR, F_REPLY_USER, F_REPLY_SCREEN, F_NAMED,
    F_USER_SCREEN_NAME = F_NAMED, F_USER_ID_STR, F_COUNT
};

static const char *const NAMES[F_NAMED] = {
    "id_str", "id", "screen_name", "user", "username", "created_at", "full_text", "text", "is_retweet",
    "retweeted_status", "in_reply_to_status_id_str", "in_reply_to_status_id", "in_reply_to_user_id_str",
    "in_reply_to_user_id", "in_reply_to_screen_name",
};

/* A value's JSON type, as far as the fields need it. */
typedef enum { V_NONE = 0, V_STRING, V_INT, V_TRUE, V_OBJECT, V_OTHER } VType;

typedef struct {
    VType type;
    size_t off, len;      /* V_STRING, V_INT: the text, in the scratch buffer */
} Val;

/* The fields of one object. */
typedef struct {
    Val v[F_COUNT];
} Fields;

/* The reader: the text, where it is, the scratch buffer for decoded strings. */
typedef struct {
    const char *p, *end;
    Buf *buf;
} Q;

enum { MAX_DEPTH = 64 };

static void ws(Q *q)
{
    while (q->p < q->end && (*q->p == ' ' || *q->p == '\n' || *q->p == '\r' || *q->p == '\t')) q->p++;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

/* A \u escape at q->p (past the backslash and 'u'): its code point, a surrogate pair joined. */
static int unicode(Q *q, unsigned *cp)
{
    if (q->end - q->p < 4 || hex4(q->p, cp) != 0) return -1;
    q->p += 4;
    if (*cp >= 0xDC00 && *cp <= 0xDFFF) return -1;
    if (*cp >= 0xD800 && *cp <= 0xDBFF) {
        unsigned lo;
        if (q->end - q->p < 6 || q->p[0] != '\\' || q->p[1] != 'u' || hex4(q->p + 2, &lo) != 0 ||
            lo < 0xDC00 || lo > 0xDFFF)
            return -1;
        q->p += 6;
        *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    return *cp == 0 ? -1 : 0;          /* \u0000: left to jansson (JSON_ALLOW_NUL) */
}

static void put_utf8(Buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) u[0] = (char)cp, n = 1;
    else if (cp < 0x800) u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    buf_add(b, u, n);
}

/* The string at q->p (at its '"'): decoded into the buffer when v is not NULL, else only checked.
 * *raw, when not NULL, gets the bytes between the quotes if there is no escape (else NULL). */
static int string(Q *q, Val *v, const char **raw, size_t *rawlen)
{
    const char *s = ++q->p;
    size_t start = q->buf->len;
    int escaped = 0;
    for (;;) {
        const char *run = q->p;
        while (q->p < q->end && *q->p != '"' && *q->p != '\\' && (unsigned char)*q->p >= 0x20) q->p++;
        if (v && q->p > run) buf_add(q->buf, run, (size_t)(q->p - run));
        if (q->p == q->end || (unsigned char)*q->p < 0x20) return -1;
        if (*q->p == '"') break;
        escaped = 1;
        if (++q->p == q->end) return -1;
        char e = *q->p++, c;
        switch (e) {
        case '"': c = '"'; break;
        case '\\': c = '\\'; break;
        case '/': c = '/'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u': {
            unsigned cp;
            if (unicode(q, &cp) != 0) return -1;
            if (v) put_utf8(q->buf, cp);
            continue;
        }
        default: return -1;
        }
        if (v) buf_putc(q->buf, c);
    }
    if (raw) {
        *raw = escaped ? NULL : s;
        *rawlen = (size_t)(q->p - s);
    }
    q->p++;
    if (v) {
        buf_putc(q->buf, '\0');
        *v = (Val){V_STRING, start, q->buf->len - 1 - start};
    }
    return 0;
}

/* A number: an integer of up to 18 digits (v gets its text), or a real that cannot overflow;
 * anything else (longer integers, "-0", big exponents, bad syntax) is left to jansson. */
static int number(Q *q, Val *v)
{
    const char *s = q->p;
    if (q->p < q->end && *q->p == '-') q->p++;
    const char *d = q->p;
    while (q->p < q->end && *q->p >= '0' && *q->p <= '9') q->p++;
    size_t digits = (size_t)(q->p - d);
    if (digits == 0 || (digits > 1 && *d == '0')) return -1;
    int real = 0;
    if (q->p < q->end && *q->p == '.') {
        const char *f = ++q->p;
        while (q->p < q->end && *q->p >= '0' && *q->p <= '9') q->p++;
        if (q->p == f) return -1;
        real = 1;
    }
    if (q->p < q->end && (*q->p == 'e' || *q->p == 'E')) {
        q->p++;
        if (q->p < q->end && (*q->p == '+' || *q->p == '-')) q->p++;
        const char *x = q->p;
        while (q->p < q->end && *q->p >= '0' && *q->p <= '9') q->p++;
        if (q->p == x || q->p - x > 2) return -1;              /* no exponent, or 100 and more */
        real = 1;
    }
    if (real) {
        if (digits > 50) return -1;
        if (v) v->type = V_OTHER;
        return 0;
    }
    if (digits > 18 || (*s == '-' && digits == 1 && *d == '0')) return -1;
    if (v) {
        size_t start = q->buf->len;
        buf_add(q->buf, s, (size_t)(q->p - s));
        buf_putc(q->buf, '\0');
        *v = (Val){V_INT, start, (size_t)(q->p - s)};
    }
    return 0;
}

static int word(Q *q, const char *w, size_t n)
{
    if ((size_t)(q->end - q->p) < n || memcmp(q->p, w, n) != 0) return -1;
    q->p += n;
    return 0;
}

static int object(Q *q, Fields *f, int level, int depth, int *tweet);

/* Any value: checked and skipped, or read into v when v is not NULL (strings, integers, true;
 * an object's type only). */
static int value(Q *q, Val *v, int depth)
{
    if (q->p == q->end || depth > MAX_DEPTH) return -1;
    Val skip;
    Val *out = v ? v : &skip;
    switch (*q->p) {
    case '"': return string(q, v, NULL, NULL);
    case '{':
        out->type = V_OBJECT;
        return object(q, NULL, 0, depth + 1, NULL);
    case '[':
        out->type = V_OTHER;
        q->p++;
        ws(q);
        if (q->p < q->end && *q->p == ']') {
            q->p++;
            return 0;
        }
        for (;;) {
            ws(q);
            if (value(q, NULL, depth + 1) != 0) return -1;
            ws(q);
            if (q->p == q->end) return -1;
            if (*q->p == ']') break;
            if (*q->p++ != ',') return -1;
        }
        q->p++;
        return 0;
    case 't': out->type = V_TRUE; return word(q, "true", 4);
    case 'f': out->type = V_OTHER; return word(q, "false", 5);
    case 'n': out->type = V_OTHER; return word(q, "null", 4);
    default: return number(q, v);
    }
}

/* Which field a key names at this level (-1: none): the post's fields at levels 0 and 1, a user's
 * at level 2; "tweet" at level 0 is -2. */
static int field_of(const char *k, size_t n, int level)
{
    if (level == 2) {
        if (n == 11 && !memcmp(k, "screen_name", 11)) return F_USER_SCREEN_NAME;
        if (n == 6 && !memcmp(k, "id_str", 6)) return F_USER_ID_STR;
        return -1;
    }
    if (level == 0 && n == 5 && !memcmp(k, "tweet", 5)) return -2;
    for (int i = 0; i < F_NAMED; i++)
        if (!strncmp(NAMES[i], k, n) && NAMES[i][n] == '\0') return i;
    return -1;
}

/* The names of import_columns.h's table, lower-cased and sorted, for reader_reads. */
static struct {
    char name[64][48];
    int n;
} role_names;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void role_names_init(void)
{
    for (int c = 0; c < NCOLS; c++)
        for (const char *const *name = import_column_names((ImportColumn)c); *name; name++) {
            size_t n = strlen(*name);
            if (n >= sizeof role_names.name[0] || role_names.n == 64) continue;
            for (size_t i = 0; i <= n; i++) role_names.name[role_names.n][i] = (char)tolower((unsigned char)(*name)[i]);
            role_names.n++;
        }
    qsort(role_names.name, (size_t)role_names.n, sizeof role_names.name[0], cmp_name);
}

/* 1 when import_json_row reads a member named k (n bytes) of an object at this level that the
 * quick reader does not: the names of import_columns.h's table (any case, as the CSV reader
 * compares them; any created*), and a user's other fields. Every member of every post asks, so
 * the names are looked up in a sorted table. */
static int reader_reads(const char *k, size_t n, int level)
{
    if (level == 2)
        return (n == 8 && !memcmp(k, "username", 8)) || (n == 2 && !memcmp(k, "id", 2)) ||
               (n == 9 && !memcmp(k, "protected", 9));
    if (!role_names.n) role_names_init();
    char low[48];
    if (n >= sizeof low) return 0;
    for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)k[i]);
    low[n] = '\0';
    if (n > 7 && !memcmp(low, "created", 7)) return 1;
    return bsearch(low, role_names.name, (size_t)role_names.n, sizeof role_names.name[0], cmp_name) != NULL;
}

/* The value of field i of f (level 0 or 1) at q->p. A "user" object's own fields go to f too. */
static int field(Q *q, Fields *f, int i, int depth)
{
    if (i != F_USER || q->p == q->end || *q->p != '{') return value(q, &f->v[i], depth);
    f->v[F_USER].type = V_OBJECT;
    f->v[F_USER_SCREEN_NAME].type = f->v[F_USER_ID_STR].type = V_NONE;
    return object(q, f, 2, depth + 1, NULL);
}

/* An object at q->p ('{'): f (NULL: only checked) gets the fields of the level; at level 0 a
 * "tweet" object's fields go to f[1] and *tweet says whether the last "tweet" was an object. */
static int object(Q *q, Fields *f, int level, int depth, int *tweet)
{
    if (depth > MAX_DEPTH) return -1;
    q->p++;
    ws(q);
    if (q->p < q->end && *q->p == '}') {
        q->p++;
        return 0;
    }
    for (;;) {
        ws(q);
        if (q->p == q->end || *q->p != '"') return -1;
        const char *k;
        size_t kn;
        if (string(q, NULL, &k, &kn) != 0 || !k) return -1;          /* escapes in keys: jansson */
        ws(q);
        if (q->p == q->end || *q->p++ != ':') return -1;
        ws(q);
        int i = f ? field_of(k, kn, level) : -1;
        if (f && i == -1 && reader_reads(k, kn, level)) return -1;   /* jansson's to read */
        int rc;
        if (i == -2) {
            *tweet = q->p < q->end && *q->p == '{';
            if (!*tweet) return -1;   /* not the archive's wrapper: a "tweet" text, jansson's to read */
            memset(&f[1], 0, sizeof f[1]);
            rc = object(q, &f[1], 1, depth + 1, NULL);
        } else if (i >= 0 && level == 2) {
            rc = value(q, &f->v[i], depth);
        } else if (i >= 0) {
            rc = field(q, f, i, depth);
        } else {
            rc = value(q, NULL, depth);
        }
        if (rc != 0) return -1;
        ws(q);
        if (q->p == q->end) return -1;
        if (*q->p == '}') break;
        if (*q->p++ != ',') return -1;
    }
    q->p++;
    return 0;
}

/* Field i as a string (NULL when it is not one). */
static const char *str(const Q *q, const Fields *f, int i)
{
    return f->v[i].type == V_STRING ? q->buf->data + f->v[i].off : NULL;
}

/* Field i as a string, or an integer's text. */
static const char *str_or_int(const Q *q, const Fields *f, int i)
{
    return f->v[i].type == V_STRING || f->v[i].type == V_INT ? q->buf->data + f->v[i].off : NULL;
}

/* Whether a field says something, as import_json_row's present() judges: 1 or 0, or -1 when only
 * jansson can tell (null, false and arrays all read as V_OTHER here). */
static int present(const Q *q, const Fields *f, int i)
{
    const Val *v = &f->v[i];
    switch (v->type) {
    case V_NONE: return 0;
    case V_STRING: return v->len > 0 && strcmp(q->buf->data + v->off, "0") != 0;
    case V_INT: return strcmp(q->buf->data + v->off, "0") != 0;
    case V_TRUE:
    case V_OBJECT: return 1;
    default: return -1;
    }
}

/* The reply fields of f into r, as import_json_row's json_reply reads them. 0, or -1 when only
 * jansson can tell. */
static int reply_of(const Q *q, const Fields *f, ImportRow *r)
{
    static const int fields[] = {F_REPLY_STATUS_STR, F_REPLY_STATUS, F_REPLY_USER_STR, F_REPLY_USER, F_REPLY_SCREEN};
    int any = 0;
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
        int p = present(q, f, fields[k]);
        if (p < 0) return -1;
        any |= p;
    }
    if (!any) return 0;
    r->reply_to = str_or_int(q, f, F_REPLY_USER_STR);   /* the first of the role that is a value */
    if (!r->reply_to) r->reply_to = str_or_int(q, f, F_REPLY_USER);
    const char *self = f->v[F_USER].type == V_OBJECT ? str(q, f, F_USER_ID_STR) : NULL;
    if (import_same_user(str(q, f, F_REPLY_SCREEN), r->user) || (self && r->reply_to && !strcmp(self, r->reply_to)))
        r->reply = REPLY_SELF;
    else r->reply = REPLY_OTHER;
    return 0;
}

/* The row import_json_row makes of an object with fields f: 1, or 0 when the fields hold what
 * only import_json_row judges (a type it reads differently), which it then does. */
static int make_row(const Q *q, const Fields *f, ImportRow *r)
{
    if (f->v[F_ID_STR].type == V_INT || f->v[F_SCREEN_NAME].type == V_OBJECT ||
        f->v[F_USERNAME].type == V_OBJECT || f->v[F_IS_RETWEET].type == V_STRING ||
        f->v[F_REPLY_SCREEN].type == V_OBJECT ||
        (f->v[F_RETWEETED].type != V_NONE && f->v[F_RETWEETED].type != V_OBJECT))
        return 0;
    r->id = str(q, f, F_ID_STR);
    if (!r->id) r->id = str_or_int(q, f, F_ID);
    r->user = str(q, f, F_SCREEN_NAME);
    if (!r->user) r->user = str(q, f, F_USER);
    if (!r->user && f->v[F_USER].type == V_OBJECT) r->user = str(q, f, F_USER_SCREEN_NAME);
    if (!r->user) r->user = str(q, f, F_USERNAME);
    r->created = str_or_int(q, f, F_CREATED);
    int t = f->v[F_FULL_TEXT].type == V_STRING ? F_FULL_TEXT : F_TEXT;
    r->text = str(q, f, t);
    r->text_len = r->text ? f->v[t].len : 0;
    r->is_retweet = f->v[F_IS_RETWEET].type == V_TRUE || f->v[F_RETWEETED].type == V_OBJECT;
    if (reply_of(q, f, r) != 0) {
        *r = (ImportRow){.line = r->line};
        return 0;
    }
    return 1;
}

int import_json_quick(const char *p, size_t n, ImportRow *r, Buf *scratch, size_t *used)
{
    if (import_json_quick_off || n == 0 || *p != '{') return 0;
    buf_reset(scratch);
    buf_grow(scratch, 1024);
    Q q = {p, p + n, scratch};
    Fields f[2];
    int tweet = 0;
    memset(f, 0, sizeof f);
    if (object(&q, f, 0, 1, &tweet) != 0) return 0;
    if (!make_row(&q, tweet ? &f[1] : &f[0], r)) return 0;
    *used = (size_t)(q.p - p);
    return 1;
}
