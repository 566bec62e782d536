/* import_pipe.c - importer for id|created_at|text lines (the health-news corpus): everything after
 * the second '|' is the text; trailing tabs and CRs are dropped; a line quoted CSV-style is unquoted. */
#include "import_util.h"
#include "util.h"

#include <ctype.h>
#include <string.h>

/* Drop trailing whitespace (tabs, CR, spaces) from s[0..*n). */
static void rtrim(const char *s, size_t *n)
{
    while (*n > 0 && isspace((unsigned char)s[*n - 1])) (*n)--;
}

/* A line written as one CSV field ("...""..."): copy it into b without the quotes. Returns 1 when
 * it was quoted so. */
static int unquote(const char *s, size_t n, Buf *b)
{
    if (n < 2 || s[0] != '"' || s[n - 1] != '"') return 0;
    buf_reset(b);
    for (size_t i = 1; i + 1 < n; i++) {
        buf_putc(b, s[i]);
        if (s[i] == '"' && s[i + 1] == '"' && i + 2 < n) i++;
    }
    buf_add(b, "", 0);
    return 1;
}

/* Split "id|date|text" into r (fields NUL-terminated in b); sets r->bad when it is no such line. */
static void split(const char *s, size_t n, Buf *b, ImportRow *r)
{
    if (s != b->data) {
        buf_reset(b);
        buf_add(b, s, n);
    }
    char *line = b->data, *bar1 = memchr(line, '|', n);
    char *bar2 = bar1 ? memchr(bar1 + 1, '|', n - (size_t)(bar1 + 1 - line)) : NULL;
    size_t digits = strspn(line, "0123456789");
    if (!bar2 || digits == 0 || line + digits != bar1) {
        r->bad = "not an id|date|text line";
        return;
    }
    *bar1 = *bar2 = '\0';
    r->id = line;
    r->created = bar1 + 1;
    r->text = bar2 + 1;
    r->text_len = n - (size_t)(bar2 + 1 - line);
}

int import_pipe(const char *data, size_t len, const ImportSink *s, ImportError *err)
{
    const char *p = data + import_bom(data, len), *end = data + len;
    Buf b;
    buf_init(&b);
    int rc = 0;
    for (long line = 1; p < end && rc == 0; line++) {
        size_t n;
        const char *l = import_next_line(&p, end, &n);
        rtrim(l, &n);
        if (n == 0) continue;
        ImportRow r = {.line = line};
        if (unquote(l, n, &b)) {
            l = b.data;
            n = b.len;
        }
        split(l, n, &b, &r);
        if (s->row(s->ctx, &r) != 0) rc = -1;
    }
    buf_free(&b);
    return rc;
}
