/* web_explain.c - the results page's explanation: shaded text, legend, top words; JSON spans. */
#include "web_explain.h"
#include "escape.h"
#include "explain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TOP_WORDS 5

/* Append text[start, end) escaped. */
static void html_part(Buf *out, const char *text, size_t start, size_t end)
{
    char *part = xstrndup(text + start, end - start);
    html_text(out, part);
    free(part);
}

/* Append n in decimal. */
static void put_uint(Buf *out, unsigned long long n)
{
    char d[24];
    int i = sizeof d;
    do d[--i] = (char)('0' + n % 10); while ((n /= 10) && i > 0);
    buf_add(out, d + i, sizeof d - (size_t)i);
}

/* Append v with decimals (1..6) digits after the point, rounded half away from zero (what %.Nf
 * prints but at a ulp on exact ties; a tenth of buf_printf's cost, which a page pays per word). */
static void put_fixed(Buf *out, double v, int decimals)
{
    static const double scale[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
    double r = floor(fabs(v) * scale[decimals] + 0.5);
    if (!isfinite(r) || r >= 1e18) {
        buf_printf(out, "%.*f", decimals, v);
        return;
    }
    unsigned long long n = (unsigned long long)r, s = (unsigned long long)scale[decimals];
    if (v < 0 && n) buf_putc(out, '-');
    put_uint(out, n / s);
    char frac[8];
    unsigned long long f = n % s;
    for (int i = decimals - 1; i >= 0; i--, f /= 10) frac[i] = (char)('0' + f % 10);
    buf_putc(out, '.');
    buf_add(out, frac, (size_t)decimals);
}

/* +1 when m's positive class is b, else -1: multiplies a push to make it positive towards b. */
static int towards_b(const Model *m, const char *b)
{
    return strcasecmp(m->handle_b, b) == 0 ? 1 : -1;
}

/* 0 (not shaded) to EXPLAIN_LEVELS: the strength class of push against the strongest. */
static int level(double push, double strongest)
{
    if (strongest <= 0) return 0;
    double r = fabs(push) / strongest;
    return r >= 0.6 ? 3 : r >= 0.3 ? 2 : r >= 0.1 ? 1 : 0;
}

static void legend(Buf *out, const char *a, const char *b)
{
    static const char *names[] = {"weak", "medium", "strong"};
    const char *who[2] = {a, b}, *line[2] = {"solid underline", "dashed underline"};
    buf_puts(out, "<p class=\"legend\" id=\"legend\">");
    for (int s = 0; s < 2; s++) {
        buf_puts(out, s ? "<br>\n" : "");
        buf_puts(out, "Towards @");
        html_text(out, who[s]);
        buf_printf(out, " (%s):", line[s]);
        for (int l = 1; l <= EXPLAIN_LEVELS; l++)
            buf_printf(out, " <span class=\"sp sp-%c%d\">%s</span>", s ? 'b' : 'a', l, names[l - 1]);
    }
    buf_puts(out, "<br>\nStrength is against the word of this text that pushed most; words without a mark "
                  "pushed little either way. Point at a word for its push, or open \"Every word's push\" "
                  "below.</p>\n");
}

static void shaded(Buf *out, const char *text, const Spans *sp, int sign, const char *a, const char *b)
{
    double strongest = 0;
    for (int i = 0; i < sp->n; i++)
        if (fabs(sp->s[i].push) > strongest) strongest = fabs(sp->s[i].push);
    buf_puts(out, "<p class=\"shaded\" id=\"shaded\" aria-describedby=\"legend\">");
    for (int i = 0; i < sp->n; i++) {
        double p = sign * sp->s[i].push;
        int l = sp->s[i].blank ? 0 : level(p, strongest);
        if (l) {
            buf_puts(out, p > 0 ? "<span class=\"sp sp-b" : "<span class=\"sp sp-a");
            buf_putc(out, (char)('0' + l));
            buf_puts(out, "\" title=\"towards @");
            html_attr(out, p > 0 ? b : a);
            buf_puts(out, ", push ");
            put_fixed(out, fabs(p), 3);
            buf_puts(out, "\">");
        } else {
            buf_puts(out, "<span class=\"sp\">");
        }
        html_part(out, text, sp->s[i].start, sp->s[i].end);
        buf_puts(out, "</span>");
    }
    buf_puts(out, "</p>\n");
}

/* The table of the words that pushed most towards who (side: as explain_top_words, m's sense). */
static void top_table(Buf *out, const char *text, const Spans *sp, int side, const char *who)
{
    Word w[TOP_WORDS];
    int n = explain_top_words(text, sp, side, w, TOP_WORDS);
    buf_puts(out, "<div class=\"why\">\n<h3>Towards @");
    html_text(out, who);
    buf_puts(out, "</h3>\n");
    if (n == 0) {
        buf_puts(out, "<p>Nothing in the text.</p>\n</div>\n");
        return;
    }
    buf_puts(out, "<table class=\"words\">\n<thead><tr><th scope=\"col\">Word</th>"
                  "<th scope=\"col\" class=\"num\">Push</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
        buf_puts(out, "<tr><td><q>");
        html_part(out, text, w[i].start, w[i].end);
        buf_puts(out, "</q>");
        if (w[i].count > 1) buf_printf(out, " <span class=\"kind\">&times;%d</span>", w[i].count);
        buf_puts(out, "</td><td class=\"num\">");
        put_fixed(out, fabs(w[i].push), 3);
        buf_puts(out, "</td></tr>\n");
    }
    buf_puts(out, "</tbody>\n</table>\n</div>\n");
}

/* Every word of the text in order with its side and push: the shading as a table. */
static void all_table(Buf *out, const char *text, const Spans *sp, int sign, const char *a, const char *b)
{
    buf_puts(out, "<details class=\"every\">\n<summary>Every word's push</summary>\n<table class=\"words\">\n"
                  "<thead><tr><th scope=\"col\">Word</th><th scope=\"col\">Towards</th>"
                  "<th scope=\"col\" class=\"num\">Push</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < sp->n; i++) {
        if (sp->s[i].blank) continue;
        double p = sign * sp->s[i].push;
        buf_puts(out, "<tr><td>");
        html_part(out, text, sp->s[i].start, sp->s[i].end);
        buf_puts(out, "</td><td>");
        if (p != 0) {
            buf_putc(out, '@');
            html_text(out, p > 0 ? b : a);
        }
        buf_puts(out, "</td><td class=\"num\">");
        put_fixed(out, fabs(p), 3);
        buf_puts(out, "</td></tr>\n");
    }
    buf_puts(out, "</tbody>\n</table>\n</details>\n");
}

void explain_html(Buf *out, const Model *m, const char *text, const char *a, const char *b)
{
    Spans sp;
    explain_spans(m, text, &sp);
    int sign = towards_b(m, b);
    legend(out, a, b);
    shaded(out, text, &sp, sign, a, b);
    buf_puts(out, "<div class=\"whys\">\n");
    top_table(out, text, &sp, -sign, a);
    top_table(out, text, &sp, sign, b);
    buf_puts(out, "</div>\n");
    all_table(out, text, &sp, sign, a, b);
    spans_free(&sp);
}

void explain_json(Buf *out, const Model *m, const char *text, const char *b)
{
    Spans sp;
    explain_spans(m, text, &sp);
    int sign = towards_b(m, b);
    buf_puts(out, ",\"spans\":[");
    for (int i = 0; i < sp.n; i++) {
        char *part = xstrndup(text + sp.s[i].start, sp.s[i].end - sp.s[i].start);
        buf_puts(out, i ? ",{\"start\":" : "{\"start\":");
        put_uint(out, sp.s[i].start);
        buf_puts(out, ",\"end\":");
        put_uint(out, sp.s[i].end);
        buf_puts(out, ",\"text\":");
        json_str(out, part);
        buf_puts(out, ",\"push\":");
        put_fixed(out, sign * sp.s[i].push, 6);
        buf_putc(out, '}');
        free(part);
    }
    buf_puts(out, "]");
    spans_free(&sp);
}
