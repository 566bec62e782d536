/* import_csv.c - CSV (RFC 4180) importer on libcsv: the header names the columns, one row a post. */
#include "import_util.h"
#include "util.h"

#include <csv.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The columns the importer understands. */
enum { COL_ID, COL_URL, COL_USER, COL_CREATED, COL_TEXT, COL_RETWEET, NCOLS };

/* Accepted header names per column, best first (a better name wins over an earlier column). */
static const char *const col_names[NCOLS][6] = {
    [COL_ID] = {"id", "id_str", "tweet_id", "status_id", NULL},
    [COL_URL] = {"url", "tweet_url", "permalink", NULL},
    [COL_USER] = {"screen_name", "user", "username", "handle", "name", NULL},
    [COL_CREATED] = {"created_at", "created", NULL},
    [COL_TEXT] = {"text", "full_text", NULL},
    [COL_RETWEET] = {"is_retweet", NULL},
};

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
    for (int k = 0; k < NCOLS; k++)
        for (int r = 0; col_names[k][r]; r++)
            if (strlen(col_names[k][r]) == n && strncasecmp(name, col_names[k][r], n) == 0)
                choose(c, k, i, r);
    if (n > 7 && strncasecmp(name, "created", 7) == 0) choose(c, COL_CREATED, i, 50);
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

static int emit_row(Csv *c)
{
    ImportRow r = {.line = c->row_line};
    char why[64];
    if (c->nf != c->ncols) {
        snprintf(why, sizeof why, "%d fields, the header has %d", c->nf, c->ncols);
        r.bad = why;
    } else {
        r.id = value(c, COL_ID);
        if (!r.id && value(c, COL_URL)) r.id = url_last_segment((char *)value(c, COL_URL));
        r.user = value(c, COL_USER);
        r.created = value(c, COL_CREATED);
        r.text = field(c, c->col[COL_TEXT]);      /* present (maybe empty): the header has it */
        r.text_len = c->flen[c->col[COL_TEXT]];
        r.is_retweet = truthy(value(c, COL_RETWEET));
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

int import_csv(const char *data, size_t len, const ImportSink *s, ImportError *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return import_fail(err, 0, "CSV: out of memory");
    Csv c = {.sink = s, .err = err};
    buf_init(&c.row);
    int rc = feed(&c, &p, data, len);
    csv_free(&p);
    buf_free(&c.row);
    free(c.off);
    free(c.flen);
    return rc;
}
