/* import_csv.c - CSV importer on libcsv (RFC 4180; comma, semicolon or tab): the header names the columns. */
#include "import_columns.h"
#include "import_util.h"
#include "util.h"

#include <csv.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_NAME = 64 };

typedef struct {
    const ImportSink *sink;
    ImportError *err;
    Buf row;              /* the current row's fields, each NUL-terminated */
    size_t *off;          /* offset of each field in row */
    size_t *flen;         /* length of each field */
    int nf, cap;          /* fields in the current row, allocated slots */
    int header_done;      /* the header row was read */
    int ncols;            /* fields in the header */
    int col[NCOLS];       /* field index of each column, -1 when absent */
    int rank[NCOLS];      /* how good the name that chose col[] was (lower is better) */
    long line;            /* line being fed to the parser */
    long row_line;        /* line where the current row started, 0 between rows */
    int failed;           /* an error stopped the parse */
    char id_name[MAX_NAME];  /* the id column's header name, for messages */
    char created[96];     /* twint's date, time and timezone joined */
} Csv;

static void on_field(void *f, size_t len, void *data)
{
    Csv *c = data;
    if (c->row_line == 0) c->row_line = c->line;  /* a row that began after a bare CR */
    if (c->nf == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->off = xrealloc(c->off, (size_t)c->cap * sizeof *c->off);
        c->flen = xrealloc(c->flen, (size_t)c->cap * sizeof *c->flen);
    }
    c->off[c->nf] = c->row.len;
    c->flen[c->nf] = len;
    if (len) buf_add(&c->row, f, len);
    buf_add(&c->row, "", 1);
    c->nf++;
}

static char *field(Csv *c, int i) { return c->row.data + c->off[i]; }

/* Let field i be column k when name rank r beats the name chosen so far. */
static void choose(Csv *c, int k, int i, int r)
{
    if (r < c->rank[k]) {
        c->col[k] = i;
        c->rank[k] = r;
    }
}

/* Map header field i (trimmed, case-insensitive) to the column it names, if any. */
static void map_header_field(Csv *c, int i)
{
    char *name = field(c, i);
    if (i == 0) name += import_bom(name, c->flen[0]);
    while (isspace((unsigned char)*name)) name++;
    size_t n = strlen(name);
    while (n > 0 && isspace((unsigned char)name[n - 1])) n--;
    int rank, k = import_column_role(name, n, &rank);
    if (k < 0) return;
    choose(c, k, i, rank);
    if (k == COL_ID && c->col[k] == i)
        snprintf(c->id_name, sizeof c->id_name, "%.*s", (int)(n < MAX_NAME ? n : MAX_NAME - 1), name);
}

static int read_header(Csv *c)
{
    for (int k = 0; k < NCOLS; k++) c->col[k] = -1, c->rank[k] = 99;
    for (int i = 0; i < c->nf; i++) map_header_field(c, i);
    c->ncols = c->nf;
    c->header_done = 1;
    if (c->col[COL_TEXT] < 0) return import_fail(c->err, c->row_line, "no text column in the header");
    if (c->col[COL_ID] < 0 && c->col[COL_URL] < 0)
        return import_fail(c->err, c->row_line, "no id (or url) column in the header");
    if (c->col[COL_USER] < 0 && !c->sink->have_user)
        return import_fail(c->err, c->row_line,
                           "no user column (screen_name, user or name) in the header: use --user NAME");
    return 0;
}

/* The value of column k in the current row, or NULL (absent column, or an empty field). */
static const char *value(Csv *c, int k)
{
    int i = c->col[k];
    return (i >= 0 && i < c->nf && c->flen[i] > 0) ? field(c, i) : NULL;
}

/* The last path segment of a URL (query, fragment and trailing slashes dropped), in place. */
static char *url_last_segment(char *url)
{
    url[strcspn(url, "?#")] = '\0';
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/') url[--n] = '\0';
    char *slash = strrchr(url, '/');
    return (slash && slash[1]) ? slash + 1 : (n ? url : NULL);
}

static int truthy(const char *s)
{
    return s && (!strcasecmp(s, "true") || !strcasecmp(s, "t") || !strcmp(s, "1") ||
                 !strcasecmp(s, "yes"));
}

/* 1 when a field names something: not empty, not 0, not a spreadsheet's or pandas' "nothing". */
static int present(const char *s)
{
    return s && *s && strcmp(s, "0") && strcasecmp(s, "nan") && strcasecmp(s, "null") &&
           strcasecmp(s, "none") && strcmp(s, "[]");
}

/* Look at the values of key in a list written in Python's or JSON's syntax ("'key': 'bob'"):
 * *self when one is user, *other when one is anyone else. */
static void names_in(const char *list, const char *key, const char *user, int *self, int *other)
{
    size_t klen = strlen(key);
    for (const char *p = list; (p = strstr(p, key)) != NULL; ) {
        p += klen;
        if (*p != '\'' && *p != '"') continue;          /* the key's closing quote */
        p += 1 + strspn(p + 1, ": ");
        if (*p != '\'' && *p != '"') continue;
        char q[2] = {*p++, '\0'}, who[MAX_NAME];
        size_t n = strcspn(p, q);
        snprintf(who, sizeof who, "%.*s", (int)(n < MAX_NAME ? n : MAX_NAME - 1), p);
        if (import_same_user(who, user)) *self = 1;
        else *other = 1;
        p += n;
    }
}

/* What twint's reply_to cell says ("[{'screen_name': 'bob', ...}]"): a reply to others when it
 * names anyone but user (or no one it can read), to oneself when it names only user. */
static int reply_to_list(const char *list, const char *user)
{
    int self = 0, other = 0;
    names_in(list, "screen_name", user, &self, &other);
    names_in(list, "username", user, &self, &other);
    return (self && !other) ? REPLY_SELF : REPLY_OTHER;
}

/* The row's date: twint's date + time (+ timezone) when the header has them, else the
 * creation column, else the date column. */
static const char *row_date(Csv *c)
{
    const char *d = value(c, COL_DATE), *t = value(c, COL_TIME), *tz = value(c, COL_TZ);
    if (d && t) {
        snprintf(c->created, sizeof c->created, "%s %s%s%s", d, t, tz ? " " : "", tz ? tz : "");
        return c->created;
    }
    return value(c, COL_CREATED) ? value(c, COL_CREATED) : d;
}

/* What the row answers: the in_reply_to_* columns, or twint's reply_to. */
static int row_reply(Csv *c, const char *user)
{
    const char *list = value(c, COL_REPLY_TO);
    if (!present(value(c, COL_REPLY_ID)) && !present(value(c, COL_REPLY_USER_ID)))
        return present(list) ? reply_to_list(list, user) : REPLY_NONE;
    const char *uid = value(c, COL_USER_ID), *to_id = value(c, COL_REPLY_USER_ID);
    if (import_same_user(value(c, COL_REPLY_USER), user) || (uid && to_id && !strcmp(uid, to_id)))
        return REPLY_SELF;
    return REPLY_OTHER;
}

/* Refuse a file whose ids went through a spreadsheet: distinct posts would merge. */
static int float_id(Csv *c, const char *id)
{
    return import_fail(c->err, c->row_line, "column '%s' holds ids a spreadsheet turned into "
                       "numbers (%.24s): they cannot be told apart; re-export that column as text",
                       c->id_name, id);
}

static void fill_row(Csv *c, ImportRow *r)
{
    r->id = value(c, COL_ID);
    if (!r->id && value(c, COL_URL)) r->id = url_last_segment((char *)value(c, COL_URL));
    r->user = value(c, COL_USER);
    r->created = row_date(c);
    r->text = field(c, c->col[COL_TEXT]);      /* present (maybe empty): the header has it */
    r->text_len = c->flen[c->col[COL_TEXT]];
    r->is_retweet = truthy(value(c, COL_RETWEET)) || present(value(c, COL_RETWEET_ID));
    r->reply = row_reply(c, r->user);
}

static int emit_row(Csv *c)
{
    ImportRow r = {.line = c->row_line};
    char why[64];
    if (c->nf != c->ncols) {
        snprintf(why, sizeof why, "%d fields, the header has %d", c->nf, c->ncols);
        r.bad = why;
    } else {
        if (value(c, COL_ID) && import_id_is_float(value(c, COL_ID)))
            return float_id(c, value(c, COL_ID));
        fill_row(c, &r);
    }
    return c->sink->row(c->sink->ctx, &r);
}

static void on_row(int term, void *data)
{
    Csv *c = data;
    if (c->failed) return;
    if (!c->header_done) {
        if (read_header(c) != 0) c->failed = 1;
    } else if (!(c->nf == 1 && c->flen[0] == 0) && emit_row(c) != 0) {
        c->failed = 1;
    }
    c->nf = 0;
    buf_reset(&c->row);
    c->row_line = 0;
}

/* Feed the file to libcsv a line at a time, so that rows and errors get their line numbers. */
static int feed(Csv *c, struct csv_parser *p, const char *data, size_t len)
{
    const char *end = data + len, *s = data + import_bom(data, len);
    while (s < end && !c->failed) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
        size_t content = n;
        while (content > 0 && (s[content - 1] == '\n' || s[content - 1] == '\r')) content--;
        c->line++;
        if (c->row_line == 0 && content > 0) c->row_line = c->line;
        if (csv_parse(p, s, n, on_field, on_row, c) != n)
            return import_fail(c->err, c->line, "CSV: %s", csv_error(p) == CSV_EPARSE
                               ? "a quote inside an unquoted field, or text after a closing quote"
                               : csv_strerror(csv_error(p)));
        s += n;
    }
    if (c->failed) return -1;
    if (csv_fini(p, on_field, on_row, c) != 0)
        return import_fail(c->err, c->row_line ? c->row_line : c->line,
                           "CSV: unterminated quoted field");
    if (c->failed) return -1;
    if (!c->header_done) return import_fail(c->err, 1, "no CSV header");
    return 0;
}

/* How many known column names the header line (n bytes) splits into at delimiter d. */
static int known_names(const char *line, size_t n, char d)
{
    int known = 0, rank;
    const char *p = line, *end = line + n;
    for (int last = 0; !last; ) {
        const char *q = memchr(p, d, (size_t)(end - p));
        if (!q) q = end, last = 1;
        const char *a = p, *b = q;
        while (a < b && (isspace((unsigned char)*a) || *a == '"')) a++;
        while (b > a && (isspace((unsigned char)b[-1]) || b[-1] == '"')) b--;
        if (import_column_role(a, (size_t)(b - a), &rank) >= 0) known++;
        p = last ? end : q + 1;
    }
    return known;
}

/* The delimiter (comma, semicolon or tab) that splits the header into the most known names. */
static unsigned char sniff_delim(const char *data, size_t len)
{
    static const char delims[] = {',', ';', '\t'};
    const char *p = data + import_bom(data, len);
    size_t n;
    const char *line = import_next_line(&p, data + len, &n);
    char best = ',';
    for (int i = 0, most = 0; i < 3; i++) {
        int k = known_names(line, n, delims[i]);
        if (k > most) most = k, best = delims[i];
    }
    return (unsigned char)best;
}

int import_csv(const char *data, size_t len, const ImportSink *s, ImportError *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return import_fail(err, 0, "CSV: out of memory");
    csv_set_delim(&p, sniff_delim(data, len));
    Csv c = {.sink = s, .err = err};
    buf_init(&c.row);
    int rc = feed(&c, &p, data, len);
    csv_free(&p);
    buf_free(&c.row);
    free(c.off);
    free(c.flen);
    return rc;
}
