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
    buf_puts(out, "<br>\nWords without a mark pushed little either way. Point at a word for its push.</p>\n");
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
            buf_printf(out, "<span class=\"sp sp-%c%d\" title=\"towards @", p > 0 ? 'b' : 'a', l);
            html_attr(out, p > 0 ? b : a);
            buf_printf(out, ", push %.3f\">", fabs(p));
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
        buf_printf(out, "</td><td class=\"num\">%.3f</td></tr>\n", fabs(w[i].push));
    }
    buf_puts(out, "</tbody>\n</table>\n</div>\n");
}

void explain_html(Buf *out, const Model *m, const char *text, const char *a, const char *b)
{
    Spans sp;
    explain_spans(m, text, &sp);
    int sign = towards_b(m, b);
    buf_puts(out, "<section class=\"explain\" aria-labelledby=\"why-h\">\n"
                  "<h2 id=\"why-h\">What pushed the decision</h2>\n");
    legend(out, a, b);
    shaded(out, text, &sp, sign, a, b);
    buf_puts(out, "<div class=\"whys\">\n");
    top_table(out, text, &sp, -sign, a);
    top_table(out, text, &sp, sign, b);
    buf_puts(out, "</div>\n");
    if (m->accuracy >= 0)
        buf_printf(out, "<p class=\"note\">This pair's model was right on %.0f%% of held-out posts "
                        "(%u and %u posts).</p>\n", 100 * m->accuracy, m->posts_a, m->posts_b);
    buf_puts(out, "</section>\n");
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
        buf_printf(out, "%s{\"start\":%zu,\"end\":%zu,\"text\":", i ? "," : "", sp.s[i].start, sp.s[i].end);
        json_str(out, part);
        buf_printf(out, ",\"push\":%.6f}", sign * sp.s[i].push + 0.0);
        free(part);
    }
    buf_puts(out, "]");
    spans_free(&sp);
}
