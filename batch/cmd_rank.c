/* cmd_rank.c - `twitoff rank [--top K] [--among A,B,...] [TEXT]`: the most likely authors of a
 * text among every account of the shared model (or the --among ones), best first. */
#include "cli.h"
#include "cmd.h"
#include "shared_model.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int top;            /* K */
    char *among;        /* the --among list as given, or NULL */
    const char *text;   /* TEXT, or NULL: stdin lines */
} RankArgs;

static int parse_args(int argc, char **argv, RankArgs *a)
{
    for (int i = 1; i < argc; i++) {
        int64_t k;
        if (strcmp(argv[i], "--top") == 0 && i + 1 < argc) {
            if (parse_int64(argv[++i], &k) != 0 || k < 1 || k > 100000) {
                cli_warn("--top takes a number of accounts (1 or more)");
                return -1;
            }
            a->top = (int)k;
        } else if (strcmp(argv[i], "--among") == 0 && i + 1 < argc) {
            a->among = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0' && !a->text) {
            return -1;
        } else if (!a->text) {
            a->text = argv[i];
        } else {
            return -1;
        }
    }
    return 0;
}

/* Mark the --among accounts in keep; names every unknown one. 0, or -1 (printed). */
static int among(const SharedModel *sm, const char *list, unsigned char *keep)
{
    char *copy = xstrdup(list), *save = NULL;
    Buf unknown;
    buf_init(&unknown);
    int n = 0;
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        int k = shared_model_find(sm, name);
        if (k < 0) buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", name);
        else n += !keep[k], keep[k] = 1;
    }
    int rc = 0;
    if (unknown.len) rc = -1, cli_warn("not in the shared model: %s", unknown.data);
    else if (n < 2) rc = -1, cli_warn("--among needs at least two accounts of the shared model");
    buf_free(&unknown);
    free(copy);
    return rc;
}

static int print_ranking(SharedModel *sm, const char *text, const unsigned char *keep, int top, SharedRank *r)
{
    char err[256];
    int n = shared_model_rank(sm, text, keep, r, err, sizeof err);
    if (n < 0) {
        cli_warn("%s", err);
        return -1;
    }
    for (int i = 0; i < n && i < top; i++)
        printf("%s%s\t%.6f", i ? "\t" : "", shared_model_name(sm, r[i].account), r[i].prob);
    putchar('\n');
    return 0;
}

static int rank_lines(SharedModel *sm, const unsigned char *keep, int top, SharedRank *r)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, stdin)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        rc = print_ranking(sm, line, keep, top, r);
    }
    free(line);
    return rc;
}

int cmd_rank(int argc, char **argv)
{
    RankArgs a = {5, NULL, NULL};
    if (parse_args(argc, argv, &a) != 0) return usage_error("rank");
    char *path = shared_model_path(), err[256];
    SharedModel *sm;
    int rc = shared_model_open(path, &sm, err, sizeof err);
    free(path);
    if (rc != 0) {
        cli_warn("no shared model to rank with (%s): run 'twitoff train'", err);
        return EXIT_FAIL;
    }
    int count = shared_model_count(sm);
    unsigned char *keep = a.among ? xcalloc((size_t)count, 1) : NULL;
    SharedRank *r = xmalloc(sizeof *r * (size_t)count);
    rc = a.among ? among(sm, a.among, keep) : 0;
    if (rc == 0) rc = a.text ? print_ranking(sm, a.text, keep, a.top, r) : rank_lines(sm, keep, a.top, r);
    if (fflush(stdout) != 0) rc = -1;
    free(keep);
    free(r);
    shared_model_close(sm);
    return rc == 0 ? EXIT_OK : EXIT_FAIL;
}
