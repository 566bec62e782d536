/* cmd_predict.c - `twitoff predict [--live] A B [TEXT]`: the more likely author of a text, and its
 * probability, from the pair's model when fresh, else the shared model (--live: the pair trained now). */
#include "cli.h"
#include "cmd.h"
#include "users.h"
#include "db.h"
#include "pair.h"
#include "pairs.h"
#include "shared_model.h"
#include "train.h"
#include "trainset.h"
#include "util.h"

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
    o.folds = 0;   /* no accuracy estimate on this path: only the answer is needed */
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

/* The pair's view of the shared model. 0 or -1 (err). */
static int shared_pair(const User *ua, const User *ub, Model *m, char *err, size_t errlen)
{
    char *path = shared_model_path();
    SharedModel *sm;
    int rc = shared_model_open(path, &sm, err, errlen);
    free(path);
    if (rc != 0) return -1;
    int ia = shared_model_find(sm, ua->handle), ib = shared_model_find(sm, ub->handle);
    if (ia < 0 || ib < 0) rc = err_set(err, errlen, "%s is not in it", ia < 0 ? ua->handle : ub->handle);
    else rc = shared_model_pair(sm, ia, ib, m, err, errlen);
    shared_model_close(sm);
    return rc;
}

/* The model that answers: the pair's when fresh, else the shared model's view; never a trainer. */
static int get_model(sqlite3 *db, User *ua, User *ub, Model *m)
{
    char perr[256], serr[256];
    if (fresh_pair(db, ua, ub, m, perr, sizeof perr) == 0) return 0;
    if (shared_pair(ua, ub, m, serr, sizeof serr) == 0) return 0;
    cli_warn("no model answers %s vs %s yet (pair model: %s; shared model: %s): run 'twitoff train', "
             "or predict --live", ua->handle, ub->handle, perr, serr);
    return -1;
}

static void answer(const Model *m, const char *text)
{
    double pb = model_prob_b(m, text);
    if (pb >= 0.5) printf("%s\t%.6f\n", m->handle_b, pb);
    else printf("%s\t%.6f\n", m->handle_a, 1.0 - pb);
}

static int answer_lines(const Model *m)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        answer(m, line);
    }
    free(line);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_predict(int argc, char **argv)
{
    int live = argc > 1 && strcmp(argv[1], "--live") == 0;
    if (live) {
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
        if ((live ? train_now(db, &ua, &ub, &m) : get_model(db, &ua, &ub, &m)) == 0) {
            if (argc == 4) {
                answer(&m, argv[3]);
                rc = EXIT_OK;
            } else {
                rc = answer_lines(&m);
            }
            model_free(&m);
        }
    }
    user_clear(&ua);
    user_clear(&ub);
    db_close(db);
    return rc;
}
