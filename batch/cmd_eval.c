/* cmd_eval.c - `twitoff eval`: k-fold cross-validated accuracy and calibration of the recipe for
 * every pair (the eval workflow, wf_eval.h): accuracy, Brier, ECE and the reliability table, both
 * balanced and unweighted, as a table or JSON. */
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

/* One weighting's figures as a JSON object: accuracy, Brier, ECE and the reliability table. */
static void json_metrics(const char *name, const Metrics *m, double acc, double brier)
{
    printf("\"%s\": {\"accuracy\": %.4f, \"brier\": %.4f, \"ece\": %.4f, \"reliability\": [", name, acc,
           brier, metrics_ece(m));
    for (int i = 0; i < METRICS_BINS; i++) {
        printf("%s{\"from\": %.2f, \"to\": %.2f, \"answers\": %ld", i ? ", " : "", 0.5 + 0.05 * i,
               0.55 + 0.05 * i, m->bin_posts[i]);
        if (m->bin_posts[i]) printf(", \"said\": %.4f, \"right\": %.4f", metrics_bin_conf(m, i), metrics_bin_accuracy(m, i));
        printf("}");
    }
    printf("]}");
}

static void print_json(const EvalResult *r)
{
    printf("{\"folds\": %d, \"pairs\": %d, \"mean_accuracy\": %.4f, \"seconds\": %.2f, ",
           r->folds, r->counted, r->mean, r->seconds);
    json_metrics("balanced", &r->bal, r->acc_bal, r->brier_bal);
    printf(", ");
    json_metrics("unweighted", &r->raw, r->acc_raw, r->brier_raw);
    printf(", \"by_pair\": {");
    for (int i = 0, k = 0; i < r->n; i++)
        if (r->pairs[i].accuracy >= 0)
            printf("%s\"%s,%s\": %.4f", k++ ? ", " : "", r->pairs[i].a, r->pairs[i].b, r->pairs[i].accuracy);
    const EvalShared *s = &r->shared;
    printf("}, \"shared\": {\"accounts\": %d, \"folds\": %d, \"top1_accuracy\": %.4f, "
           "\"mean_pairwise_accuracy\": %.4f, \"seconds\": %.2f}}\n", s->accounts, s->folds, s->top1, s->pair,
           s->seconds);
}

/* The reliability table: per bin of the winner's probability, posts, mean probability said and
 * how often it was right, balanced and unweighted. */
static void print_reliability(const EvalResult *r)
{
    printf("reliability (calibrated held-out answers; balanced: both users of a pair weigh equally)\n");
    printf("%-10s %8s %10s %10s %10s %10s\n", "said", "answers", "said bal", "right bal", "said unw", "right unw");
    for (int i = 0; i < METRICS_BINS; i++) {
        char range[16];
        snprintf(range, sizeof range, "%d-%d%%", 50 + 5 * i, 55 + 5 * i);
        printf("%-10s %8ld", range, r->bal.bin_posts[i]);
        if (!r->bal.bin_posts[i]) {
            printf(" %10s %10s %10s %10s\n", "-", "-", "-", "-");
            continue;
        }
        printf(" %10.4f %10.4f %10.4f %10.4f\n", metrics_bin_conf(&r->bal, i), metrics_bin_accuracy(&r->bal, i),
               metrics_bin_conf(&r->raw, i), metrics_bin_accuracy(&r->raw, i));
    }
}

static void print_table(const EvalResult *r)
{
    for (int i = 0; i < r->n; i++)
        printf("%-24s %-24s %s%.4f\n", r->pairs[i].a, r->pairs[i].b,
               r->pairs[i].accuracy >= 0 ? "" : "too few posts ", r->pairs[i].accuracy);
    printf("mean pairwise accuracy (%d-fold CV, %d pairs): %.4f in %.2fs\n", r->folds, r->counted,
           r->mean, r->seconds);
    printf("%-14s %10s %10s\n", "", "balanced", "unweighted");
    printf("%-14s %10.4f %10.4f\n", "accuracy", r->acc_bal, r->acc_raw);
    printf("%-14s %10.4f %10.4f\n", "Brier", r->brier_bal, r->brier_raw);
    printf("%-14s %10.4f %10.4f\n", "ECE (10 bins)", metrics_ece(&r->bal), metrics_ece(&r->raw));
    print_reliability(r);
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
