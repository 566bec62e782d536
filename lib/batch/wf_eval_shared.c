/* wf_eval_shared.c - the shared model's held-out estimate for `twitoff eval`. */
#include "wf_eval_shared.h"
#include "config.h"
#include "shared_model.h"
#include "softmax.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void eval_shared(Batch *b, const User *users, int n, const PostSet *sets, int min_posts, int folds,
                 EvalShared *r)
{
    SoftmaxOptions so;
    softmax_options_load(&so);
    memset(r, 0, sizeof *r);
    r->top1 = r->pair = -1;
    r->folds = folds;
    PostSet *pick = xcalloc((size_t)n + 1, sizeof *pick);
    for (int i = 0; i < n; i++)
        if (users[i].post_count >= min_posts && sets[i].n > 0) pick[r->accounts++] = sets[i];
    double t0 = now_mono();
    SharedAccuracy acc;
    char err[256];
    const char *prior = conf_get("prior");
    int p = prior && strcasecmp(prior, "posts") == 0 ? SHARED_PRIOR_POSTS : SHARED_PRIOR_EQUAL;
    if (r->accounts < 2) {
        r->accounts = 0;
    } else if (softmax_holdout(pick, r->accounts, &so, r->folds, &acc, err, sizeof err) != 0) {
        report(b->rep, REPORT_WARN, "shared model: %s", err);
    } else {
        r->top1 = acc.top1[p];
        r->pair = acc.pair[p];
    }
    r->seconds = now_mono() - t0;
    free(pick);   /* the vectors are the caller's */
}
