/* budget.h - which stale pairs get their own model, and in what order: pairs asked for recently
 * first, then the oldest models, within max_pair_models model files and train_budget seconds. */
#ifndef TWITOFF_BUDGET_H
#define TWITOFF_BUDGET_H

#include <stddef.h>
#include <sqlite3.h>
#include "stale.h"

/* The settings (twitoff.conf). */
typedef struct {
    long max_models;      /* max_pair_models: pair model files kept (0: none; < 0: no limit) */
    double seconds;       /* train_budget: seconds of training after which no new wave starts */
} Budget;

/* The defaults, overridden by twitoff.conf / the environment. */
void budget_load(Budget *b);

/* The plan for one training run over pairs[0..n) (pairs_list). */
typedef struct {
    int *order;       /* indices of the stale pairs to train, most wanted first */
    int n_order;
    int *drop;        /* indices of pairs whose model file goes (beyond max_pair_models) */
    int n_drop;
    int over;         /* pairs that get no model of their own (beyond max_pair_models) */
} BudgetPlan;

/* Rank the pairs: a pair may own a model when it is among the first max_models by (asked for,
 * latest request first), then (has a model already), then a fixed pseudo-random order of the
 * pairs that spreads the models evenly over the accounts; of those, the stale ones
 * are trained asked-for first (latest request first), then by the age of their model (none:
 * oldest), then pair order. 0, or -1 with err. Free with budget_plan_free. */
int budget_plan(sqlite3 *db, const Pair *pairs, int n, const Budget *b, BudgetPlan *out,
                char *err, size_t errlen);
void budget_plan_free(BudgetPlan *p);

/* The pair counts `status` shows. */
typedef struct {
    int accounts;     /* users with at least min_posts posts (the ones paired) */
    int pairs;        /* pairs of them */
    int stale;        /* pairs whose own model is missing, outdated or unreadable */
    int64_t models;   /* pairs with a model of their own (pair rows) */
    int64_t left;     /* stale pairs the last training run left over by its budget */
} PairCounts;

/* Fill c under the current settings. 0, or -1 with err. */
int budget_counts(sqlite3 *db, PairCounts *c, char *err, size_t errlen);

#endif
