/* cmd_eval.c - `twitoff eval`: k-fold cross-validated accuracy of the recipe for every pair. */
#include "cmd.h"
#include "db.h"
#include "stale.h"
#include "train.h"
#include "trainset.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
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

static void print_report(const Pair *pairs, const TrainTask *t, int n, int folds, int json, double secs)
{
    double sum = 0;
    int counted = 0;
    for (int i = 0; i < n; i++)
        if (t[i].model.accuracy >= 0) {
            sum += t[i].model.accuracy;
            counted++;
        }
    double mean = counted ? sum / counted : -1;
    if (json) {
        printf("{\"folds\": %d, \"pairs\": %d, \"mean_accuracy\": %.4f, \"seconds\": %.2f, \"by_pair\": {",
               folds, counted, mean, secs);
        for (int i = 0, k = 0; i < n; i++)
            if (t[i].model.accuracy >= 0)
                printf("%s\"%s,%s\": %.4f", k++ ? ", " : "", pairs[i].a->handle, pairs[i].b->handle,
                       t[i].model.accuracy);
        printf("}}\n");
        return;
    }
    for (int i = 0; i < n; i++)
        printf("%-24s %-24s %s%.4f\n", pairs[i].a->handle, pairs[i].b->handle,
               t[i].model.accuracy >= 0 ? "" : "too few posts ", t[i].model.accuracy);
    printf("mean pairwise accuracy (%d-fold CV, %d pairs): %.4f in %.2fs\n", folds, counted, mean, secs);
}

int cmd_eval(int argc, char **argv)
{
    int folds = 5, json = 0;
    if (parse_args(argc, argv, &folds, &json) != 0) return usage_error("eval");
    sqlite3 *db = open_db_or_die();
    TrainOptions o;
    train_options_load(&o);
    o.folds = folds;
    User *users;
    int nusers;
    Pair *pairs = NULL;
    int n = -1;
    char err[320];
    if (db_users_list(db, &users, &nusers, err, sizeof err) == 0) {
        n = pairs_list(db, users, nusers, &o, &pairs, err, sizeof err);
        if (n < 0) users_free(users, nusers);
    }
    if (n < 0) {
        cli_warn("%s", err);
        db_close(db);
        return EXIT_FAIL;
    }
    PostSet *sets = xcalloc((size_t)nusers + 1, sizeof *sets);
    for (int i = 0; i < nusers; i++)
        if (postset_load(db, users[i].id, &sets[i], err, sizeof err) != 0) cli_warn("%s", err);
    TrainTask *t = xcalloc((size_t)n + 1, sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = (TrainTask){.a = &sets[pairs[i].a - users], .b = &sets[pairs[i].b - users],
                           .cv_runs = folds, .cv_only = 1};
    double t0 = now_mono();
    train_many(t, n, &o, train_threads());
    print_report(pairs, t, n, folds, json, now_mono() - t0);
    for (int i = 0; i < nusers; i++) postset_free(&sets[i]);
    free(sets);
    free(t);
    pairs_free(pairs, n);
    users_free(users, nusers);
    db_close(db);
    return n > 0 ? EXIT_OK : EXIT_FAIL;
}
