/* import_archive.c - Twitter archive importer: tweets.js, "window.YTD.tweets.part0 = [...]" (the
 * elements bare or wrapped as {"tweet": {...}}), and the pre-2019 archives' monthly files,
 * "Grailbird.data.tweets_2015_04 = [...]" (v1.1 API rows). */
#include "import_json.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Where the reader is: the text and the line number at p. */
typedef struct {
    const char *p, *end;
    long line;
} Cursor;

static void skip_space(Cursor *c)
{
    for (; c->p < c->end && isspace((unsigned char)*c->p); c->p++)
        if (*c->p == '\n') c->line++;
}

static void advance(Cursor *c, size_t n)
{
    const char *stop = c->p + n, *nl;
    while ((nl = memchr(c->p, '\n', (size_t)(stop - c->p))) != NULL) {
        c->line++;
        c->p = nl + 1;
    }
    c->p = stop;
}

/* Skip the assignment, if any ("window.YTD.tweets.part0 =", "window.YTD.tweet.part0 =",
 * "Grailbird.data.tweets_2015_04 =", "var tweets ="), and the '[' that opens the array. */
static int open_array(Cursor *c, ImportError *err)
{
    skip_space(c);
    if (c->p < c->end && (isalpha((unsigned char)*c->p) || *c->p == '_' || *c->p == '$')) {
        const char *eq = memchr(c->p, '=', (size_t)(c->end - c->p));
        const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
        if (!eq || (nl && nl < eq))
            return import_fail(err, c->line, "expected 'window.YTD.tweets.part0 = ['");
        advance(c, (size_t)(eq - c->p) + 1);
        skip_space(c);
    }
    if (c->p == c->end || *c->p != '[')
        return import_fail(err, c->line, "expected a JSON array ('[')");
    c->p++;
    return 0;
}

/* Parse the array element at the cursor and pass its row on: quickly when the quick reader
 * vouches for it (import_quick.c), else with jansson (the same row, or the error). */
static int element(Cursor *c, const ImportSink *s, Buf *scratch, ImportError *err)
{
    json_error_t je;
    long line = c->line;
    ImportRow qr = {.line = line};
    size_t used;
    if (import_json_quick(c->p, (size_t)(c->end - c->p), &qr, scratch, &used)) {
        advance(c, used);
        return s->row(s->ctx, &qr) ? -1 : 0;
    }
    size_t flags = JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL;    /* stop after the element */
    json_t *o = json_loadb(c->p, (size_t)(c->end - c->p), flags, &je);
    if (!o) return import_fail(err, line + je.line - 1, "bad JSON: %s", je.text);
    advance(c, (size_t)je.position);
    json_t *t = json_object_get(o, "tweet");
    if (!json_is_object(t)) t = o;
    ImportRow r = {.line = line};
    JsonScratch sc;
    import_json_row(t, &r, &sc);
    int rc = s->row(s->ctx, &r);
    json_decref(o);
    return rc ? -1 : 0;
}

static int read_array(Cursor *c, const ImportSink *s, Buf *scratch, ImportError *err)
{
    if (open_array(c, err) != 0) return -1;
    skip_space(c);
    if (c->p < c->end && *c->p == ']') {
        c->p++;
        return 0;
    }
    for (;;) {
        skip_space(c);
        if (c->p == c->end || *c->p != '{')
            return import_fail(err, c->line, "expected a tweet object ('{')");
        if (element(c, s, scratch, err) != 0) return -1;
        skip_space(c);
        if (c->p < c->end && *c->p == ',') c->p++;
        else if (c->p < c->end && *c->p == ']') break;
        else return import_fail(err, c->line, "expected ',' or ']' after a tweet");
    }
    c->p++;
    return 0;
}

int import_archive(const char *data, size_t len, const ImportSink *s, ImportError *err)
{
    char *fixed = utf8_valid(data, len) ? NULL : utf8_repair(data, len);
    Cursor c = {fixed ? fixed : data, fixed ? fixed + strlen(fixed) : data + len, 1};
    c.p += import_bom(c.p, (size_t)(c.end - c.p));
    Buf scratch;
    buf_init(&scratch);
    int rc = read_array(&c, s, &scratch, err);
    buf_free(&scratch);
    if (rc == 0) {
        skip_space(&c);
        if (c.p < c.end && *c.p == ';') c.p++;
        skip_space(&c);
        if (c.p < c.end) rc = import_fail(err, c.line, "unexpected text after the array");
    }
    free(fixed);
    return rc;
}
