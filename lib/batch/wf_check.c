/* wf_check.c - the check workflow: the store's integrity check, then every file of models/ and
 * lists/ read the way the pages read it. */
#include "wf_check.h"
#include "batch.h"
#include "config.h"
#include "db.h"
#include "files.h"
#include "model.h"
#include "pair.h"
#include "shared_model.h"
#include "util.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 2, 3)))
static void problem(CheckTotals *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = xvasprintf(fmt, ap);
    va_end(ap);
    c->problem = xrealloc(c->problem, sizeof *c->problem * (size_t)(c->problems + 1));
    c->problem[c->problems++] = line;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void db_problem(void *ctx, const char *line)
{
    problem(ctx, "database: %s", line);
}

static void check_db(CheckTotals *c)
{
    char err[320];
    sqlite3 *db = db_open(DB_RO, err, sizeof err);
    if (!db) {
        problem(c, "%s", err);
        return;
    }
    if (db_integrity(db, db_problem, c, err, sizeof err) < 0)
        problem(c, "database: cannot run integrity_check: %s", err);
    db_close(db);
}

/* The shared model must open and every account's weights pass their checks. */
static void check_shared(CheckTotals *c, const char *dir, const char *name)
{
    char *path = xasprintf("%s/%s", dir, name), err[256];
    SharedModel *sm;
    if (shared_model_open(path, &sm, err, sizeof err) != 0 || shared_model_verify(sm, err, sizeof err) != 0)
        problem(c, "model %s: %s", name, err);
    shared_model_close(sm);
    c->models++;
    free(path);
}

/* A pair model file must load and carry the handles its name says; the shared model must pass
 * its checks. Other model files (iris.model) are not looked at. */
static void check_model(CheckTotals *c, const char *dir, const char *name)
{
    if (strcmp(name, SHARED_MODEL_FILE) == 0) {
        check_shared(c, dir, name);
        return;
    }
    if (!pair_model_file(name)) return;
    char *path = xasprintf("%s/%s", dir, name);
    Model m;
    char err[256];
    if (model_load(path, &m, err, sizeof err) != 0) {
        problem(c, "model %s: %s", name, err);
    } else {
        char *want = pair_model_name(m.handle_a, m.handle_b);
        if (strcmp(want, name) != 0) problem(c, "model %s holds the pair %s", name, want);
        free(want);
        model_free(&m);
    }
    c->models++;
    free(path);
}

static void check_list(CheckTotals *c, const char *dir, const char *name)
{
    char *path = xasprintf("%s/%s", dir, name);
    if (ends_with(name, ".json")) {
        json_error_t je;
        json_t *j = json_load_file(path, 0, &je);
        if (!j) problem(c, "list %s: line %d: %s", name, je.line, je.text);
        json_decref(j);
    } else if (ends_with(name, ".xml") || ends_with(name, ".svg")) {
        xmlDocPtr d = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (!d) problem(c, "list %s: not well-formed XML", name);
        xmlFreeDoc(d);
    } else if (ends_with(name, ".html")) {
        size_t len;
        char *t = read_file(path, &len);
        while (t && len > 0 && strchr(" \t\r\n", t[len - 1])) len--;
        if (!t || (len > 0 && t[len - 1] != '>')) problem(c, "list %s: truncated", name);
        free(t);
    }
    c->lists++;
    free(path);
}

/* One directory's walk: which files to look at, and how. */
typedef struct {
    CheckTotals *c;
    void (*fn)(CheckTotals *c, const char *dir, const char *name);
    const char *suffix;   /* only files with this ending (NULL: all) */
} Scan;

/* Temporaries are counted; other files (but hidden ones) go to the scan's check. */
static int scan_one(void *ctx, const char *dir, const char *name)
{
    Scan *s = ctx;
    if (file_is_temp(name)) s->c->temps++;
    else if (name[0] != '.' && (!s->suffix || ends_with(name, s->suffix))) s->fn(s->c, dir, name);
    return 0;
}

static void scan_dir(CheckTotals *c, const char *sub, void (*fn)(CheckTotals *, const char *, const char *),
                     const char *suffix)
{
    char *dir = home_path(sub);
    Scan s = {c, fn, suffix};
    dir_each(dir, scan_one, &s);
    free(dir);
}

int check_run(const CheckOptions *o, CheckTotals *t)
{
    check_db(t);
    scan_dir(t, "models", check_model, ".model");
    scan_dir(t, "lists", check_list, NULL);
    if (t->temps && o->strict) problem(t, "%d temporary files left by an interrupted run", t->temps);
    return t->problems ? BATCH_FAILED : BATCH_OK;
}

void check_free(CheckTotals *t)
{
    strv_free(t->problem, t->problems);
    memset(t, 0, sizeof *t);
}
