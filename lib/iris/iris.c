/* iris.c - softmax regression on the iris data: loading the CSV, training, predicting, and the
 * model file ("twitoff-iris 1" text format). */
#include "iris.h"
#include "files.h"
#include "util.h"

#include <math.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_header(char *line, IrisData *d, char *err, size_t errlen)
{
    int rows, feats;
    char c[IRIS_CLASSES][32];
    if (sscanf(line, "%d,%d,%31[^,],%31[^,],%31[^,\r\n]", &rows, &feats, c[0], c[1], c[2]) != 5 ||
        feats != IRIS_FEATURES || rows <= 0 || rows > 100000) {
        snprintf(err, errlen, "bad header line (want rows,4,class,class,class)");
        return -1;
    }
    memcpy(d->classes, c, sizeof c);
    d->x = xcalloc((size_t)rows, sizeof *d->x);
    d->y = xcalloc((size_t)rows, sizeof *d->y);
    return rows;
}

int iris_data_load(const char *path, IrisData *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open %s", path);
        return -1;
    }
    char line[256];
    int rows = -1, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (rows < 0) {
            if ((rows = parse_header(line, d, err, errlen)) < 0) break;
            continue;
        }
        double *x = d->x[d->n];
        int y;
        if (d->n >= rows || sscanf(line, "%lf,%lf,%lf,%lf,%d", &x[0], &x[1], &x[2], &x[3], &y) != 5 ||
            y < 0 || y >= IRIS_CLASSES) {
            snprintf(err, errlen, "line %d: not a row of 4 numbers and a class index", lineno);
            rows = -1;
            break;
        }
        d->y[d->n++] = y;
    }
    fclose(f);
    if (rows < 0 || d->n == 0) {
        if (rows >= 0) snprintf(err, errlen, "no rows");
        iris_data_free(d);
        return -1;
    }
    return 0;
}

void iris_data_free(IrisData *d)
{
    free(d->x);
    free(d->y);
    memset(d, 0, sizeof *d);
}

/* Scores, then probabilities, for standardised input z. */
static void softmax(const IrisModel *m, const double z[IRIS_FEATURES], double p[IRIS_CLASSES])
{
    double mx = -INFINITY, sum = 0;
    for (int k = 0; k < IRIS_CLASSES; k++) {
        p[k] = m->w[k][0];
        for (int j = 0; j < IRIS_FEATURES; j++) p[k] += m->w[k][j + 1] * z[j];
        if (p[k] > mx) mx = p[k];
    }
    for (int k = 0; k < IRIS_CLASSES; k++) sum += (p[k] = exp(p[k] - mx));
    for (int k = 0; k < IRIS_CLASSES; k++) p[k] /= sum;
}

static void standardise(const IrisModel *m, const double x[IRIS_FEATURES], double z[IRIS_FEATURES])
{
    for (int j = 0; j < IRIS_FEATURES; j++) z[j] = (x[j] - m->mean[j]) / m->scale[j];
}

int iris_predict(const IrisModel *m, const double x[IRIS_FEATURES], double p[IRIS_CLASSES])
{
    double z[IRIS_FEATURES];
    standardise(m, x, z);
    softmax(m, z, p);
    int best = 0;
    for (int k = 1; k < IRIS_CLASSES; k++)
        if (p[k] > p[best]) best = k;
    return best;
}

static void fit_scaling(const IrisData *d, IrisModel *m)
{
    for (int j = 0; j < IRIS_FEATURES; j++) {
        double s = 0, ss = 0;
        for (int i = 0; i < d->n; i++) s += d->x[i][j];
        m->mean[j] = s / d->n;
        for (int i = 0; i < d->n; i++) ss += (d->x[i][j] - m->mean[j]) * (d->x[i][j] - m->mean[j]);
        m->scale[j] = sqrt(ss / d->n);
        if (m->scale[j] <= 0) m->scale[j] = 1;
    }
}

/* One full-batch gradient step of the L2-regularised softmax loss. */
static void gradient_step(const IrisData *d, IrisModel *m, double rate, double lambda)
{
    double g[IRIS_CLASSES][IRIS_FEATURES + 1] = {{0}};
    for (int i = 0; i < d->n; i++) {
        double z[IRIS_FEATURES], p[IRIS_CLASSES];
        standardise(m, d->x[i], z);
        softmax(m, z, p);
        for (int k = 0; k < IRIS_CLASSES; k++) {
            double e = p[k] - (d->y[i] == k);
            g[k][0] += e;
            for (int j = 0; j < IRIS_FEATURES; j++) g[k][j + 1] += e * z[j];
        }
    }
    for (int k = 0; k < IRIS_CLASSES; k++)
        for (int j = 0; j <= IRIS_FEATURES; j++)
            m->w[k][j] -= rate * (g[k][j] / d->n + (j ? lambda * m->w[k][j] : 0));
}

void iris_train(const IrisData *d, IrisModel *m)
{
    memset(m, 0, sizeof *m);
    memcpy(m->classes, d->classes, sizeof m->classes);
    fit_scaling(d, m);
    for (int it = 0; it < 3000; it++) gradient_step(d, m, 0.5, 1e-3);
    int right = 0;
    for (int i = 0; i < d->n; i++) {
        double p[IRIS_CLASSES];
        right += iris_predict(m, d->x[i], p) == d->y[i];
    }
    m->accuracy = (double)right / d->n;
    for (int e = 0; e < IRIS_EXAMPLES && e < d->n; e++) {
        memcpy(m->example[e], d->x[e], sizeof m->example[e]);
        m->example_class[e] = d->y[e];
    }
}

int iris_save(const IrisModel *m, const char *path, char *err, size_t errlen)
{
    Buf b;
    buf_init(&b);
    buf_printf(&b, "twitoff-iris 1\nclasses %s %s %s\n", m->classes[0], m->classes[1], m->classes[2]);
    buf_printf(&b, "mean %.17g %.17g %.17g %.17g\n", m->mean[0], m->mean[1], m->mean[2], m->mean[3]);
    buf_printf(&b, "scale %.17g %.17g %.17g %.17g\n", m->scale[0], m->scale[1], m->scale[2], m->scale[3]);
    for (int k = 0; k < IRIS_CLASSES; k++)
        buf_printf(&b, "weights %.17g %.17g %.17g %.17g %.17g\n", m->w[k][0], m->w[k][1], m->w[k][2],
                   m->w[k][3], m->w[k][4]);
    for (int e = 0; e < IRIS_EXAMPLES; e++)
        buf_printf(&b, "example %g %g %g %g %d\n", m->example[e][0], m->example[e][1],
                   m->example[e][2], m->example[e][3], m->example_class[e]);
    buf_printf(&b, "accuracy %.6f\nend\n", m->accuracy);
    int rc = write_file_atomic(path, b.data, b.len, 0644);
    if (rc != 0) err_set(err, errlen, "cannot write %s: %s", path, strerror(errno));
    buf_free(&b);
    return rc;
}

/* Parse one line of the model file into m; *wk and *ek count weights and examples. */
static int parse_line(const char *l, IrisModel *m, int *wk, int *ek)
{
    double *v;
    if (strncmp(l, "classes ", 8) == 0)
        return sscanf(l + 8, "%31s %31s %31s", m->classes[0], m->classes[1], m->classes[2]) == 3 ? 0 : -1;
    if (strncmp(l, "mean ", 5) == 0) v = m->mean;
    else if (strncmp(l, "scale ", 6) == 0) v = m->scale;
    else if (strncmp(l, "weights ", 8) == 0 && *wk < IRIS_CLASSES) {
        double *w = m->w[(*wk)++];
        return sscanf(l + 8, "%lf %lf %lf %lf %lf", &w[0], &w[1], &w[2], &w[3], &w[4]) == 5 ? 0 : -1;
    } else if (strncmp(l, "example ", 8) == 0 && *ek < IRIS_EXAMPLES) {
        double *x = m->example[*ek];
        int *c = &m->example_class[(*ek)++];
        return sscanf(l + 8, "%lf %lf %lf %lf %d", &x[0], &x[1], &x[2], &x[3], c) == 5 &&
               *c >= 0 && *c < IRIS_CLASSES ? 0 : -1;
    } else if (strncmp(l, "accuracy ", 9) == 0)
        return sscanf(l + 9, "%lf", &m->accuracy) == 1 ? 0 : -1;
    else if (strcmp(l, "end") == 0) return 0;
    else return -1;
    return sscanf(strchr(l, ' ') + 1, "%lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3]) == 4 ? 0 : -1;
}

int iris_load(const char *path, IrisModel *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        snprintf(err, errlen, "no iris model file (run 'twitoff iris')");
        return -1;
    }
    int wk = 0, ek = 0, lineno = 0, rc = 0, ended = 0;
    for (char *l = strtok(text, "\n"); l && rc == 0; l = strtok(NULL, "\n")) {
        if (++lineno == 1) rc = strcmp(l, "twitoff-iris 1") == 0 ? 0 : -1;
        else rc = parse_line(l, m, &wk, &ek);
        if (strcmp(l, "end") == 0) ended = 1;
    }
    free(text);
    for (int j = 0; j < IRIS_FEATURES; j++)
        if (!(m->scale[j] > 0) || !isfinite(m->mean[j])) rc = -1;
    if (rc != 0 || wk != IRIS_CLASSES || ek != IRIS_EXAMPLES || !ended) {
        snprintf(err, errlen, "malformed iris model file (line %d)", lineno);
        return -1;
    }
    return 0;
}
