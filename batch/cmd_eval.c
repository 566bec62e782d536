/* cmd_eval.c - `twitoff eval`: k-fold cross-validated accuracy of the recipe for every pair (the
 * eval workflow, wf_eval.h), as a table or JSON. */
#include "cli.h"
#include "cmd.h"
#include "util.h"
#include "wf_eval.h"

#include <stdio.h>
#include <string.h>

static int parse_args(int argc, char **argv, int *folds, int *json)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            *json = 1;
        } else if (strcmp(argv[i], "--folds") == 0 && i + 1 < argc) {
            int64_t k;
            if (parse_int64(argv[++i], &k) != 0 || k < 2 || k > 20) {
                cli_warn("--folds takes a number from 2 to 20");
                return -1;
            }
            *folds = (int)k;
        } else {
            return -1;
        }
    }
    return 0;
}

static void print_json(const EvalResult *r)
{
    printf("{\"folds\": %d, \"pairs\": %d, \"mean_accuracy\": %.4f, \"seconds\": %.2f, \"by_pair\": {",
           r->folds, r->counted, r->mean, r->seconds);
    for (int i = 0, k = 0; i < r->n; i++)
        if (r->pairs[i].accuracy >= 0)
            printf("%s\"%s,%s\": %.4f", k++ ? ", " : "", r->pairs[i].a, r->pairs[i].b, r->pairs[i].accuracy);
    const EvalShared *s = &r->shared;
    printf("}, \"shared\": {\"accounts\": %d, \"folds\": %d, \"top1_accuracy\": %.4f, "
           "\"mean_pairwise_accuracy\": %.4f, \"seconds\": %.2f}}\n", s->accounts, s->folds, s->top1, s->pair,
           s->seconds);
}

static void print_table(const EvalResult *r)
{
    for (int i = 0; i < r->n; i++)
        printf("%-24s %-24s %s%.4f\n", r->pairs[i].a, r->pairs[i].b,
               r->pairs[i].accuracy >= 0 ? "" : "too few posts ", r->pairs[i].accuracy);
    printf("mean pairwise accuracy (%d-fold CV, %d pairs): %.4f in %.2fs\n", r->folds, r->counted,
           r->mean, r->seconds);
    const EvalShared *s = &r->shared;
    if (s->accounts)
        printf("shared model (%d accounts, one held-out fold of %d): mean pairwise accuracy %.4f, top-1 "
               "among all %.4f, in %.2fs\n", s->accounts, s->folds, s->pair, s->top1, s->seconds);
    else
        printf("shared model: fewer than 2 accounts with enough posts\n");
}

int cmd_eval(int argc, char **argv)
{
    int folds = 5, json = 0;
    if (parse_args(argc, argv, &folds, &json) != 0) return usage_error("eval");
    Batch b = cli_batch();
    EvalResult r;
    char err[1024] = "";
    if (eval_run(&b, folds, &r, err, sizeof err) != 0) return cli_outcome(EXIT_FAIL, err);
    if (json) print_json(&r);
    else print_table(&r);
    int rc = r.n > 0 ? EXIT_OK : EXIT_FAIL;
    eval_free(&r);
    return rc;
}
