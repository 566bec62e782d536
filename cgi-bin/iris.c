/* iris.c - GET /iris: the "save and load a pre-trained model" example. Loads the model file
 * `twitoff iris` wrote, shows its predictions for the first two rows of the data, and classifies
 * four measurements from a small form. */
#include "config.h"
#include "iris.h"
#include "web_main.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The four measurements, in the model's order; labelled "Sepal length (cm)" on the page. */
static const FieldSpec iris_fields[IRIS_FEATURES] = {
    {.name = "sepal_length", .kind = FV_NUMBER, .min = 0, .max = 100, .label = "Sepal length"},
    {.name = "sepal_width", .kind = FV_NUMBER, .min = 0, .max = 100, .label = "Sepal width"},
    {.name = "petal_length", .kind = FV_NUMBER, .min = 0, .max = 100, .label = "Petal length"},
    {.name = "petal_width", .kind = FV_NUMBER, .min = 0, .max = 100, .label = "Petal width"},
};

static void probs_json(Buf *b, const IrisModel *m, const double x[IRIS_FEATURES])
{
    double p[IRIS_CLASSES];
    int k = iris_predict(m, x, p);
    buf_puts(b, "{\"class\":");
    json_str(b, m->classes[k]);
    buf_puts(b, ",\"probabilities\":{");
    for (int c = 0; c < IRIS_CLASSES; c++) {
        if (c) buf_putc(b, ',');
        json_str(b, m->classes[c]);
        buf_printf(b, ":%.4f", p[c]);
    }
    buf_puts(b, "}}");
}

static void row_html(Buf *b, const IrisModel *m, const double x[IRIS_FEATURES], int truth)
{
    double p[IRIS_CLASSES];
    int k = iris_predict(m, x, p);
    buf_puts(b, "<tr>");
    for (int j = 0; j < IRIS_FEATURES; j++) buf_printf(b, "<td class=\"num\">%g</td>", x[j]);
    buf_puts(b, "<td>");
    if (truth >= 0) html_text(b, m->classes[truth]);
    buf_puts(b, "</td><td class=\"prediction\"><strong>");
    html_text(b, m->classes[k]);
    buf_printf(b, "</strong> (%.1f%%)</td></tr>\n", 100 * p[k]);
}

static void table_head(Buf *b)
{
    buf_puts(b, "<div class=\"scroll\"><table>\n<thead><tr>");
    for (int j = 0; j < IRIS_FEATURES; j++) buf_printf(b, "<th scope=\"col\">%s (cm)</th>", iris_fields[j].label);
    buf_puts(b, "<th scope=\"col\">True class</th><th scope=\"col\">Prediction</th></tr></thead>\n<tbody>\n");
}

static void form(Buf *b, const Request *rq)
{
    buf_puts(b, "<h2>Classify a flower</h2>\n<form class=\"iris\" method=\"get\" action=\"");
    route_url(b, ROUTE_IRIS, NULL);
    buf_puts(b, "\">\n<div class=\"grid\">\n");
    for (int j = 0; j < IRIS_FEATURES; j++) {
        const FieldSpec *f = &iris_fields[j];
        const char *v = req_text(rq, f->name);
        buf_printf(b, "<div class=\"field\"><label for=\"%s\">%s (cm)</label><input id=\"%s\" name=\"%s\" "
                      "type=\"number\" step=\"0.1\" min=\"%g\" max=\"%g\" required value=\"",
                   f->name, f->label, f->name, f->name, f->min, f->max);
        html_attr(b, v ? v : "");
        buf_puts(b, "\"></div>\n");
    }
    buf_puts(b, "</div>\n<button type=\"submit\">Classify</button>\n</form>\n");
}

/* Read the four measurements: 1 when all are given, 0 when none, -1 when only some. */
static int measurements(const Request *rq, double x[IRIS_FEATURES])
{
    int n = 0;
    for (int j = 0; j < IRIS_FEATURES; j++) {
        x[j] = req_number(rq, iris_fields[j].name, 0);
        n += req_has(rq, iris_fields[j].name);
    }
    return n == IRIS_FEATURES ? 1 : n == 0 ? 0 : -1;
}

static void render(const Request *rq, Response *rs, const IrisModel *m, int have, const double x[IRIS_FEATURES])
{
    Buf *b = &rs->body;
    if (rq->json) {
        rs->type = "application/json";
        buf_puts(b, "{\"examples\":[");
        for (int e = 0; e < IRIS_EXAMPLES; e++) {
            if (e) buf_putc(b, ',');
            probs_json(b, m, m->example[e]);
        }
        buf_puts(b, "]");
        if (have) {
            buf_puts(b, ",\"input\":");
            probs_json(b, m, x);
        }
        buf_puts(b, "}\n");
        return;
    }
    page_begin(b, "Iris", ROUTE_IRIS);
    buf_printf(b, "<p>A three-class logistic regression trained by <code>twitoff iris</code> on "
                  "Fisher's iris data, saved to a model file and loaded here (training accuracy "
                  "%.1f%%).</p>\n<h2>The first two rows of the data</h2>\n", 100 * m->accuracy);
    table_head(b);
    for (int e = 0; e < IRIS_EXAMPLES; e++) row_html(b, m, m->example[e], m->example_class[e]);
    buf_puts(b, "</tbody>\n</table></div>\n");
    if (have) {
        buf_puts(b, "<h2>Your flower</h2>\n");
        table_head(b);
        row_html(b, m, x, -1);
        buf_puts(b, "</tbody>\n</table></div>\n");
    }
    form(b, rq);
    page_end(b);
}

static void page(const Request *rq, Response *rs)
{
    char err[200];
    double x[IRIS_FEATURES];
    int have = measurements(rq, x);
    if (have < 0) {
        web_error(rq, rs, 400, "Give all four measurements (sepal_length, sepal_width, petal_length, petal_width).");
        return;
    }
    char *path = home_path("models/iris.model");
    IrisModel m;
    int rc = iris_load(path, &m, err, sizeof err);
    free(path);
    if (rc != 0) {
        web_log("iris: %s", err);
        web_error(rq, rs, 503, "The iris model is not available (run 'twitoff iris').");
        return;
    }
    render(rq, rs, &m, have, x);
}

int main(void)
{
    static const Page iris = {.name = "twitoff-iris", .route = ROUTE_IRIS, .fields = iris_fields,
                              .nfields = FIELD_COUNT(iris_fields), .handler = page};
    return web_main(&iris);
}
