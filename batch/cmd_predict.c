/* cmd_predict.c - `twitoff predict [--live] [--decided] A B [TEXT]`: the more likely author of a
 * text and its calibrated probability, from the pair's model when fresh (and the shared model
 * did not measure better on the pair), else the shared model
 * (--live: the pair trained now); --decided: whether the answer is decided, too close or too short. */
#include "cli.h"
#include "cmd.h"
#include "users.h"
#include "db.h"
#include "pair.h"
#include "pairs.h"
#include "shared_model.h"
#include "shared_pairs.h"
#include "train.h"
#include "trainset.h"
#include "util.h"
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Look up both users; prints the reason and returns -1 when either is unknown or they are one. */
static int find_users(sqlite3 *db, const char *a, const char *b, User *ua, User *ub)
{
    char err[256];
    int fa = db_user_find(db, a, ua, err, sizeof err), fb = fa < 0 ? -1 : db_user_find(db, b, ub, err, sizeof err);
    if (fa < 0 || fb < 0) {
        cli_warn("%s", err);
        return -1;
    }
    if (!fa || !fb) {
        cli_warn("unknown user '%s'", !fa ? a : b);
        return -1;
    }
    if (ua->id == ub->id) {
        cli_warn("cannot compare a user to themselves");
        return -1;
    }
    return 0;
}

/* The pair trained now from the store (--live). */
static int train_now(sqlite3 *db, User *ua, User *ub, Model *m)
{
    char err[256];
    TrainOptions o;
    train_options_load(&o);
    /* o.folds kept: the one held-out fold calibrates the answer (about 1.8x the fitting time). */
    const User *x = pair_ordered(ua->handle, ub->handle) ? ua : ub;
    const User *y = x == ua ? ub : ua;
    if (train_pair(db, x, y, &o, m, err, sizeof err) != 0) {
        cli_warn("cannot train %s vs %s: %s", x->handle, y->handle, err);
        return -1;
    }
    return 0;
}

/* The pair's model file when it loads and the store's pair row matches it. 0 or -1 (err). */
static int fresh_pair(sqlite3 *db, const User *ua, const User *ub, Model *m, char *err, size_t errlen)
{
    if (pair_model_load(ua->handle, ub->handle, m, err, errlen) != 0) return -1;
    const User *x = pair_ordered(ua->handle, ub->handle) ? ua : ub, *y = x == ua ? ub : ua;
    int cur = db_pair_current(db, x->id, y->id, m->posts_a, m->posts_b, m->trained_at, err, errlen);
    if (cur == 1) return 0;
    if (cur == 0) err_set(err, errlen, "older than the posts");
    model_free(m);
    return -1;
}

/* The pair's view of the shared model (for one text when text is not NULL: only its buckets).
 * 0 or -1 (err). */
static int shared_pair(const User *ua, const User *ub, const char *text, Model *m, char *err, size_t errlen)
{
    char *path = shared_model_path();
    SharedModel *sm;
    int rc = shared_model_open(path, &sm, err, errlen);
    free(path);
    if (rc != 0) return -1;
    int ia = shared_model_find(sm, ua->handle), ib = shared_model_find(sm, ub->handle);
    if (ia < 0 || ib < 0) rc = err_set(err, errlen, "%s is not in it", ia < 0 ? ua->handle : ub->handle);
    else if (text) rc = shared_model_pair_for(sm, ia, ib, text, m, err, errlen);
    else rc = shared_model_pair(sm, ia, ib, m, err, errlen);
    shared_model_close(sm);
    return rc;
}

/* 1 when the shared model measured better than the fresh pair model m on this pair's held-out
 * posts (shared_pairs), so that it answers instead. */
static int shared_better(sqlite3 *db, const User *ua, const User *ub, const Model *m)
{
    char err[256];
    double acc = db_shared_pair_accuracy(db, ua->id, ub->id, shared_prior_setting(), err, sizeof err);
    if (acc < -1) cli_warn("%s", err);
    return shared_answers_better(acc, m->accuracy);
}

/* The model that answers text (NULL: the lines of stdin): the pair's when fresh and the shared
 * model did not measure better on the pair, else the shared model's view; never a trainer. */
static int get_model(sqlite3 *db, User *ua, User *ub, const char *text, Model *m)
{
    char perr[256], serr[256];
    int own = fresh_pair(db, ua, ub, m, perr, sizeof perr) == 0;
    if (own && !shared_better(db, ua, ub, m)) return 0;
    Model sm;
    if (shared_pair(ua, ub, text, &sm, serr, sizeof serr) == 0) {
        if (own) model_free(m);
        *m = sm;
        return 0;
    }
    if (own) return 0;
    cli_warn("no model answers %s vs %s yet (pair model: %s; shared model: %s): run 'twitoff train', "
             "or predict --live", ua->handle, ub->handle, perr, serr);
    return -1;
}

/* One answer line: "winner<TAB>probability", and "<TAB>decided|too-close|too-short" when decided. */
static void answer(const Model *m, const char *text, int decided)
{
    Verdict v;
    verdict_judge(m, text, decided ? verdict_min_confidence() : 0.5, &v);
    printf("%s\t%.6f", v.b_wins ? m->handle_b : m->handle_a, v.prob);
    if (decided) printf("\t%s", verdict_word(v.kind));
    putchar('\n');
}

static int answer_lines(const Model *m, int decided)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        answer(m, line, decided);
    }
    free(line);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_predict(int argc, char **argv)
{
    int live = 0, decided = 0;
    while (argc > 1 && (strcmp(argv[1], "--live") == 0 || strcmp(argv[1], "--decided") == 0)) {
        if (argv[1][2] == 'l') live = 1;
        else decided = 1;
        argc--;
        argv++;
    }
    if (argc < 3 || argc > 4) return usage_error("predict");
    sqlite3 *db = cli_open_store(DB_RO);   /* read-only: the web pages run this too */
    if (!db) return EXIT_FAIL;
    User ua = {0}, ub = {0};
    int rc = EXIT_FAIL;
    if (find_users(db, argv[1], argv[2], &ua, &ub) == 0) {
        Model m;
        if ((live ? train_now(db, &ua, &ub, &m) : get_model(db, &ua, &ub, argc == 4 ? argv[3] : NULL, &m)) == 0) {
            if (argc == 4) {
                answer(&m, argv[3], decided);
                rc = EXIT_OK;
            } else {
                rc = answer_lines(&m, decided);
            }
            model_free(&m);
        }
    }
    user_clear(&ua);
    user_clear(&ub);
    db_close(db);
    return rc;
}
