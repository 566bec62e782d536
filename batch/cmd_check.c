/* cmd_check.c - `twitoff check`: is the instance whole? Database integrity, every model file
 * loadable and named for its pair, list files parseable, no temporaries left behind. */
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "model.h"
#include "pair.h"
#include "files.h"
#include "util.h"

#include <dirent.h>
#include <stdarg.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Problems found and files looked at. */
typedef struct {
    int problems;
    int models;
    int lists;
    int temps;
} Check;

__attribute__((format(printf, 2, 3)))
static void problem(Check *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "problem: ");
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    c->problems++;
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

static void check_db(Check *c)
{
    char err[320];
    sqlite3 *db = db_open(DB_RO, err, sizeof err);
    if (!db) {
        problem(c, "%s", err);
        return;
    }
    if (db_integrity(db, db_problem, c, err, sizeof err) < 0) problem(c, "database: cannot run integrity_check: %s", err);
    db_close(db);
}

/* A pair model file ("A-B.model") must load and carry the handles its name says. Other model
 * files (iris.model) are not pairs' and are not looked at. */
static void check_model(Check *c, const char *dir, const char *name)
{
    if (!strchr(name, '-')) return;
    Buf p;
    buf_init(&p);
    buf_printf(&p, "%s/%s", dir, name);
    Model m;
    char err[256];
    if (model_load(p.data, &m, err, sizeof err) != 0) {
        problem(c, "model %s: %s", name, err);
    } else {
        char *want = pair_model_name(m.handle_a, m.handle_b);
        if (strcmp(want, name) != 0) problem(c, "model %s holds the pair %s", name, want);
        free(want);
        model_free(&m);
    }
    c->models++;
    buf_free(&p);
}

static void check_list(Check *c, const char *dir, const char *name)
{
    Buf p;
    buf_init(&p);
    buf_printf(&p, "%s/%s", dir, name);
    if (ends_with(name, ".json")) {
        json_error_t je;
        json_t *j = json_load_file(p.data, 0, &je);
        if (!j) problem(c, "list %s: line %d: %s", name, je.line, je.text);
        json_decref(j);
    } else if (ends_with(name, ".xml") || ends_with(name, ".svg")) {
        xmlDocPtr d = xmlReadFile(p.data, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (!d) problem(c, "list %s: not well-formed XML", name);
        xmlFreeDoc(d);
    } else if (ends_with(name, ".html")) {
        size_t len;
        char *t = read_file(p.data, &len);
        while (t && len > 0 && strchr(" \t\r\n", t[len - 1])) len--;
        if (!t || (len > 0 && t[len - 1] != '>')) problem(c, "list %s: truncated", name);
        free(t);
    }
    c->lists++;
    buf_free(&p);
}

/* Look at every file of $TWITOFF_HOME/sub with fn; count temporaries (NAME.tmpXXXXXX). */
static void scan_dir(Check *c, const char *sub, void (*fn)(Check *, const char *, const char *),
                     const char *suffix)
{
    char *dir = home_path(sub);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 10 && memcmp(e->d_name + n - 10, ".tmp", 4) == 0) c->temps++;
        else if (e->d_name[0] != '.' && (!suffix || ends_with(e->d_name, suffix))) fn(c, dir, e->d_name);
    }
    if (d) closedir(d);
    free(dir);
}

int cmd_check(int argc, char **argv)
{
    int strict = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--strict") == 0) strict = 1;
        else return usage_error("check");
    }
    Check c = {0};
    check_db(&c);
    scan_dir(&c, "models", check_model, ".model");
    scan_dir(&c, "lists", check_list, NULL);
    if (c.temps && strict) problem(&c, "%d temporary files left by an interrupted run", c.temps);
    printf("check: %d models, %d list files, %d temporary files, %d problems\n", c.models, c.lists,
           c.temps, c.problems);
    return c.problems ? EXIT_FAIL : EXIT_OK;
}
