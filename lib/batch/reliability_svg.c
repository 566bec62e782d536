/* reliability_svg.c - the reliability diagram of the held-out answers, written with libxml2. */
#include "reliability_svg.h"
#include "reliability.h"
#include "svg_writer.h"
#include "util.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SIDE 300     /* plot side, px */
#define LEFT 60      /* x of the plot */
#define TOP 64       /* y of the plot */

int reliability_sentence(const Metrics *m, char *out, size_t len)
{
    int pick = -1;
    for (int i = metrics_bin(0.80); i >= 0 && pick < 0; i--)
        if (m->bin_posts[i] > 0) pick = i;
    for (int i = metrics_bin(0.80) + 1; i < METRICS_BINS && pick < 0; i++)
        if (m->bin_posts[i] > 0) pick = i;
    if (pick < 0) {
        snprintf(out, len, "No pair has been trained with held-out posts yet.");
        return -1;
    }
    snprintf(out, len, "When TwitOff says %d%%, it was right %.0f%% of the time on posts it had not seen.",
             50 + 5 * pick, 100 * metrics_bin_accuracy(m, pick));
    return 0;
}

static void text_at(xmlTextWriterPtr w, double x, double y, const char *anchor, const char *text)
{
    svg_text(w, x, y, anchor ? "text-anchor" : NULL, anchor, text);
}

/* Plot coordinates of a probability (0.5..1 on both axes; lower shares are drawn at the edge). */
static double px(double p) { return LEFT + (fmin(fmax(p, 0.5), 1) - 0.5) * 2 * SIDE; }
static double py(double p) { return TOP + SIDE - (fmin(fmax(p, 0.5), 1) - 0.5) * 2 * SIDE; }

static void line(xmlTextWriterPtr w, double x1, double y1, double x2, double y2, const char *stroke, const char *dash)
{
    xmlTextWriterStartElement(w, BAD_CAST "line");
    svg_attrf(w, "x1", "%.1f", x1);
    svg_attrf(w, "y1", "%.1f", y1);
    svg_attrf(w, "x2", "%.1f", x2);
    svg_attrf(w, "y2", "%.1f", y2);
    xmlTextWriterWriteAttribute(w, BAD_CAST "stroke", BAD_CAST stroke);
    if (dash) xmlTextWriterWriteAttribute(w, BAD_CAST "stroke-dasharray", BAD_CAST dash);
    xmlTextWriterEndElement(w);
}

static void draw_axes(xmlTextWriterPtr w)
{
    for (int k = 0; k <= 5; k++) {
        double p = 0.5 + 0.1 * k;
        char v[8];
        snprintf(v, sizeof v, "%d%%", 50 + 10 * k);
        line(w, px(p), TOP + SIDE, px(p), TOP + SIDE + 4, "#222222", NULL);
        line(w, LEFT - 4, py(p), LEFT, py(p), "#222222", NULL);
        text_at(w, px(p), TOP + SIDE + 16, "middle", v);
        text_at(w, LEFT - 6, py(p) + 4, "end", v);
    }
    line(w, LEFT, TOP + SIDE, LEFT + SIDE, TOP + SIDE, "#222222", NULL);
    line(w, LEFT, TOP, LEFT, TOP + SIDE, "#222222", NULL);
    line(w, px(0.5), py(0.5), px(1), py(1), "#888888", "4 3");
    text_at(w, LEFT + SIDE / 2.0, TOP + SIDE + 34, "middle", "probability TwitOff gave its answer");
    text_at(w, 14, TOP - 10, NULL, "share of answers that were right");
}

static void draw_points(xmlTextWriterPtr w, const Metrics *m)
{
    Buf pts;
    buf_init(&pts);
    for (int i = 0; i < METRICS_BINS; i++) {
        if (!m->bin_posts[i]) continue;
        double c = metrics_bin_conf(m, i), a = metrics_bin_accuracy(m, i);
        buf_printf(&pts, "%s%.1f,%.1f", pts.len ? " " : "", px(c), py(a));
        char tip[160];
        snprintf(tip, sizeof tip, "said %d-%d%% (mean %.1f%%): right %.1f%% of %ld held-out answers",
                 50 + 5 * i, 55 + 5 * i, 100 * c, 100 * a, m->bin_posts[i]);
        xmlTextWriterStartElement(w, BAD_CAST "g");
        xmlTextWriterWriteAttribute(w, BAD_CAST "class", BAD_CAST "bin");
        xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST tip);
        xmlTextWriterStartElement(w, BAD_CAST "circle");
        svg_attrf(w, "cx", "%.1f", px(c));
        svg_attrf(w, "cy", "%.1f", py(a));
        svg_attrf(w, "r", "%.1f", 3 + 3 * log10(1 + (double)m->bin_posts[i]) / 2);
        xmlTextWriterWriteAttribute(w, BAD_CAST "fill", BAD_CAST "#1a9850");
        xmlTextWriterEndElement(w);
        xmlTextWriterEndElement(w);
    }
    if (pts.len) {
        xmlTextWriterStartElement(w, BAD_CAST "polyline");
        xmlTextWriterWriteAttribute(w, BAD_CAST "points", BAD_CAST pts.data);
        xmlTextWriterWriteAttribute(w, BAD_CAST "fill", BAD_CAST "none");
        xmlTextWriterWriteAttribute(w, BAD_CAST "stroke", BAD_CAST "#1a9850");
        xmlTextWriterEndElement(w);
    }
    buf_free(&pts);
}

/* What draw draws. */
typedef struct {
    const Metrics *m;
    int pairs;
} Diagram;

static void draw(xmlTextWriterPtr w, const void *ctx)
{
    const Metrics *m = ((const Diagram *)ctx)->m;
    int pairs = ((const Diagram *)ctx)->pairs;
    int width = LEFT + SIDE + 30, height = TOP + SIDE + 60;
    char sentence[200], desc[600];
    int any = reliability_sentence(m, sentence, sizeof sentence) == 0;
    snprintf(desc, sizeof desc, "%s Each point is one band of probabilities (50-55%%, ..., 95-100%%): "
             "across it, the probability given; up it, how often that answer was right, on the held-out "
             "posts of %d pairs (both users of a pair weighing equally). Points on the dashed diagonal "
             "are honest probabilities.", sentence, pairs);
    svg_begin(w, width, height);
    xmlTextWriterWriteAttribute(w, BAD_CAST "aria-labelledby", BAD_CAST "reliability-title reliability-desc");
    xmlTextWriterStartElement(w, BAD_CAST "title");
    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST "reliability-title");
    xmlTextWriterWriteString(w, BAD_CAST "How good are TwitOff's probabilities?");
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "desc");
    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST "reliability-desc");
    xmlTextWriterWriteString(w, BAD_CAST desc);
    xmlTextWriterEndElement(w);
    char *cut = strstr(sentence, " on posts");   /* two lines: the picture is narrow */
    if (cut) {
        *cut = '\0';
        text_at(w, 4, 14, NULL, sentence);
        text_at(w, 4, 28, NULL, cut + 1);
        *cut = ' ';
    } else {
        text_at(w, 4, 14, NULL, sentence);
    }
    draw_axes(w);
    if (any) draw_points(w, m);
    svg_end(w);
}

char *reliability_svg(const Metrics *m, int pairs)
{
    Diagram d = {m, pairs};
    return svg_render(draw, &d);
}

char *lists_reliability_svg(sqlite3 *db, char *err, size_t errlen)
{
    Metrics m;
    int pairs;
    if (db_reliability_total(db, &m, &pairs, err, errlen) != 0) return NULL;
    char *svg = reliability_svg(&m, pairs);
    if (!svg) err_set(err, errlen, "cannot draw reliability.svg: out of memory");
    return svg;
}
