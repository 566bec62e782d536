/* lists_svg.c - the pairwise accuracy heat map (SVG, written with libxml2) that `twitoff lists` draws. */
#include "lists_svg.h"
#include "pairs.h"
#include "users.h"
#include "util.h"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The users that have trained pairs, and the accuracy of each pair (-1: no model, -2: unknown). */
typedef struct {
    int64_t *ids;      /* user ids, by handle */
    char **handles;    /* their handles */
    int n;             /* users */
    double *acc;       /* n x n, symmetric */
} Grid;

static int grid_index(const Grid *g, int64_t id)
{
    for (int i = 0; i < g->n; i++)
        if (g->ids[i] == id) return i;
    return -1;
}

/* The pair rows as read from the store: user ids and accuracy (-2: unknown). */
typedef struct {
    int64_t a, b;
    double acc;
} Cell;

typedef struct {
    Cell *v;
    int n, cap;
} Cells;

static void add_cell(void *ctx, const PairRow *r)
{
    Cells *c = ctx;
    if (c->n == c->cap) c->v = xrealloc(c->v, sizeof *c->v * (size_t)(c->cap = c->cap ? 2 * c->cap : 64));
    c->v[c->n++] = (Cell){r->user_a, r->user_b, r->accuracy >= 0 ? r->accuracy : -2};
}

static int has_pair(const Cells *c, int64_t id)
{
    for (int i = 0; i < c->n; i++)
        if (c->v[i].a == id || c->v[i].b == id) return 1;
    return 0;
}

static int grid_load(sqlite3 *db, const User *users, int nusers, Grid *g, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    Cells cells = {0};
    if (db_pairs_each(db, add_cell, &cells, err, errlen) < 0) {
        free(cells.v);
        return -1;
    }
    g->ids = xmalloc(sizeof *g->ids * (size_t)(nusers + 1));
    g->handles = xmalloc(sizeof *g->handles * (size_t)(nusers + 1));
    for (int i = 0; i < nusers; i++) {
        if (!has_pair(&cells, users[i].id)) continue;
        g->ids[g->n] = users[i].id;
        g->handles[g->n++] = xstrdup(users[i].handle);
    }
    g->acc = xmalloc(sizeof *g->acc * (size_t)(g->n * g->n + 1));
    for (int i = 0; i < g->n * g->n; i++) g->acc[i] = -1;
    for (int k = 0; k < cells.n; k++) {
        int a = grid_index(g, cells.v[k].a), b = grid_index(g, cells.v[k].b);
        if (a >= 0 && b >= 0) g->acc[a * g->n + b] = g->acc[b * g->n + a] = cells.v[k].acc;
    }
    free(cells.v);
    return 0;
}

static void grid_free(Grid *g)
{
    for (int i = 0; i < g->n; i++) free(g->handles[i]);
    free(g->handles);
    free(g->ids);
    free(g->acc);
}

/* Red (50%, chance) -> yellow (75%) -> green (100%). */
static void heat_colour(double acc, char *out, size_t len)
{
    static const int stops[3][3] = {{215, 48, 39}, {254, 224, 139}, {26, 152, 80}};
    double t = (acc - 0.5) / 0.5;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    int s = t < 0.5 ? 0 : 1;
    double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
    int rgb[3];
    for (int k = 0; k < 3; k++) rgb[k] = (int)(stops[s][k] + u * (stops[s + 1][k] - stops[s][k]) + 0.5);
    snprintf(out, len, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* Geometry of the picture. */
typedef struct {
    int cell;    /* cell size, px */
    int label;   /* room for the handles, px */
    int left;    /* x of the grid */
    int top;     /* y of the grid */
} Layout;

static Layout layout_for(const Grid *g)
{
    Layout l;
    size_t longest = 4;
    for (int i = 0; i < g->n; i++) longest = strlen(g->handles[i]) > longest ? strlen(g->handles[i]) : longest;
    l.cell = g->n <= 20 ? 36 : g->n <= 60 ? 720 / g->n : 12;
    l.label = (int)(longest > 24 ? 24 : longest) * 7 + 12;
    l.left = l.label;
    l.top = l.label + 30;
    return l;
}

static void attrf(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void attrf(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xmlTextWriterWriteVFormatAttribute(w, BAD_CAST name, fmt, ap);
    va_end(ap);
}

static void text_el(xmlTextWriterPtr w, int x, int y, const char *extra_attr, const char *extra_val,
                    const char *text)
{
    xmlTextWriterStartElement(w, BAD_CAST "text");
    attrf(w, "x", "%d", x);
    attrf(w, "y", "%d", y);
    if (extra_attr) xmlTextWriterWriteAttribute(w, BAD_CAST extra_attr, BAD_CAST extra_val);
    xmlTextWriterWriteString(w, BAD_CAST text);
    xmlTextWriterEndElement(w);
}

static void draw_labels(xmlTextWriterPtr w, const Grid *g, const Layout *l)
{
    for (int i = 0; i < g->n; i++) {
        int mid = i * l->cell + l->cell / 2 + 4;
        text_el(w, l->left - 6, l->top + mid, "text-anchor", "end", g->handles[i]);
        char tr[64];
        snprintf(tr, sizeof tr, "rotate(-60 %d %d)", l->left + mid - 4, l->top - 6);
        xmlTextWriterStartElement(w, BAD_CAST "text");
        attrf(w, "x", "%d", l->left + mid - 4);
        attrf(w, "y", "%d", l->top - 6);
        xmlTextWriterWriteAttribute(w, BAD_CAST "transform", BAD_CAST tr);
        xmlTextWriterWriteString(w, BAD_CAST g->handles[i]);
        xmlTextWriterEndElement(w);
    }
}

static void draw_cell(xmlTextWriterPtr w, const Grid *g, const Layout *l, int i, int j)
{
    double a = g->acc[i * g->n + j];
    int x = l->left + j * l->cell, y = l->top + i * l->cell;
    char fill[16] = "#eeeeee", tip[256];
    if (i == j) snprintf(tip, sizeof tip, "%s", g->handles[i]);
    else if (a >= 0) {
        heat_colour(a, fill, sizeof fill);
        snprintf(tip, sizeof tip, "%s vs %s: %.1f%% held-out accuracy", g->handles[i], g->handles[j], a * 100);
    } else snprintf(tip, sizeof tip, "%s vs %s: %s", g->handles[i], g->handles[j], a == -2 ? "accuracy unknown" : "no model");
    xmlTextWriterStartElement(w, BAD_CAST "g");
    xmlTextWriterWriteAttribute(w, BAD_CAST "class", BAD_CAST(i == j ? "self" : a >= 0 ? "pair" : "none"));
    xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST tip);
    xmlTextWriterStartElement(w, BAD_CAST "rect");
    attrf(w, "x", "%d", x);
    attrf(w, "y", "%d", y);
    attrf(w, "width", "%d", l->cell - 1);
    attrf(w, "height", "%d", l->cell - 1);
    xmlTextWriterWriteAttribute(w, BAD_CAST "fill", BAD_CAST(i == j ? "#ffffff" : fill));
    xmlTextWriterEndElement(w);
    if (i != j && a >= 0 && l->cell >= 30) {
        char v[8];
        snprintf(v, sizeof v, "%d", (int)(a * 100 + 0.5));
        text_el(w, x + l->cell / 2, y + l->cell / 2 + 4, "text-anchor", "middle", v);
    }
    xmlTextWriterEndElement(w);
}

static void draw_legend(xmlTextWriterPtr w, const Layout *l, int y)
{
    for (int k = 0; k <= 10; k++) {
        char fill[16];
        heat_colour(0.5 + k * 0.05, fill, sizeof fill);
        xmlTextWriterStartElement(w, BAD_CAST "rect");
        attrf(w, "x", "%d", l->left + k * 18);
        attrf(w, "y", "%d", y);
        xmlTextWriterWriteAttribute(w, BAD_CAST "width", BAD_CAST "18");
        xmlTextWriterWriteAttribute(w, BAD_CAST "height", BAD_CAST "10");
        xmlTextWriterWriteAttribute(w, BAD_CAST "fill", BAD_CAST fill);
        xmlTextWriterEndElement(w);
    }
    text_el(w, l->left, y + 24, NULL, NULL, "50%");
    text_el(w, l->left + 11 * 18, y + 24, "text-anchor", "end", "100% held-out accuracy");
}

static void draw(xmlTextWriterPtr w, const Grid *g)
{
    Layout l = layout_for(g);
    int width = l.left + g->n * l.cell + 20, height = l.top + g->n * l.cell + 50;
    if (width < 360) width = 360;
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "svg");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/2000/svg");
    attrf(w, "width", "%d", width);
    attrf(w, "height", "%d", height);
    attrf(w, "viewBox", "0 0 %d %d", width, height);
    xmlTextWriterWriteAttribute(w, BAD_CAST "role", BAD_CAST "img");
    /* Presentation attributes, no <style>: the pages' Content-Security-Policy forbids inline styles. */
    xmlTextWriterWriteAttribute(w, BAD_CAST "font-family", BAD_CAST "sans-serif");
    xmlTextWriterWriteAttribute(w, BAD_CAST "font-size", BAD_CAST "11");
    xmlTextWriterWriteAttribute(w, BAD_CAST "fill", BAD_CAST "#222222");
    xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST "Pairwise accuracy of the TwitOff models");
    text_el(w, 4, 16, "font-weight", "bold", "How well each pair of users is told apart");
    if (g->n == 0) text_el(w, 4, 40, NULL, NULL, "No pair has been trained yet.");
    draw_labels(w, g, &l);
    for (int i = 0; i < g->n; i++)
        for (int j = 0; j < g->n; j++) draw_cell(w, g, &l, i, j);
    if (g->n) draw_legend(w, &l, l.top + g->n * l.cell + 12);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
}

/* libxml2's messages (it prints its own, such as on an allocation failure) are not shown: the
 * reason goes to the caller's err. */
static void xml_quiet(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

/* 1 when the document parses: the writer's calls return errors this file does not follow one
 * by one, so the whole result is checked once. */
static int well_formed(const char *doc)
{
    xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "accuracy.svg", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlFreeDoc(d);
    return d != NULL;
}

char *lists_accuracy_svg(sqlite3 *db, const User *users, int n, char *err, size_t errlen)
{
    Grid g;
    if (grid_load(db, users, n, &g, err, errlen) != 0) {
        grid_free(&g);
        return NULL;
    }
    xmlSetGenericErrorFunc(NULL, xml_quiet);
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    char *svg = NULL;
    if (w) {
        xmlTextWriterSetIndent(w, 1);
        draw(w, &g);
        xmlFreeTextWriter(w);
        svg = xstrdup((const char *)xmlBufferContent(buf));
        if (!well_formed(svg)) {   /* a writer call failed (libxml2 out of memory): no half file */
            free(svg);
            svg = NULL;
            err_set(err, errlen, "cannot draw accuracy.svg: libxml2 failed (out of memory?)");
        }
    } else {
        err_set(err, errlen, "cannot draw accuracy.svg: out of memory");
    }
    xmlBufferFree(buf);
    grid_free(&g);
    return svg;
}
