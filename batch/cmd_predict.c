/* cmd_predict.c - `twitoff predict [--decided] A B [TEXT]`: the more likely author of a text, its
 * calibrated probability and (--decided) whether the answer is decided, too close or too short. */
#include "cli.h"
#include "cmd.h"
#include "users.h"
#include "db.h"
#include "pair.h"
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

/* The pair's model file, or a model trained now from the store when the file is unusable. */
static int get_model(sqlite3 *db, User *ua, User *ub, Model *m)
{
    char err[256];
    if (pair_model_load(ua->handle, ub->handle, m, err, sizeof err) == 0) return 0;
    if (!cli_output.quiet) cli_warn("model for %s vs %s unusable (%s); training it now", ua->handle, ub->handle, err);
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
    int decided = argc > 1 && strcmp(argv[1], "--decided") == 0;
    if (decided) {
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    if (argc < 3 || argc > 4) return usage_error("predict");
    sqlite3 *db = cli_open_store(DB_RO);   /* read-only: the web pages run this too */
    if (!db) return EXIT_FAIL;
    User ua = {0}, ub = {0};
    int rc = EXIT_FAIL;
    if (find_users(db, argv[1], argv[2], &ua, &ub) == 0) {
        Model m;
        if (get_model(db, &ua, &ub, &m) == 0) {
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
