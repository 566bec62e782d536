/* trainset.c - training data from the store. */
#include "trainset.h"
#include "util.h"

int postset_load(sqlite3 *db, int64_t user_id, PostSet *ps, char *err, size_t errlen)
{
    char **texts;
    int n;
    ps->x = NULL;
    ps->n = 0;
    if (db_user_posts(db, user_id, &texts, NULL, &n, err, errlen) != 0) return -1;
    postset_from_texts(texts, n, ps);
    strv_free(texts, n);
    return 0;
}

int train_pair(sqlite3 *db, const User *ua, const User *ub, const TrainOptions *o, Model *out,
               char *err, size_t errlen)
{
    PostSet a = {0}, b = {0};
    int rc = postset_load(db, ua->id, &a, err, errlen);
    if (rc == 0) rc = postset_load(db, ub->id, &b, err, errlen);
    if (rc == 0) rc = train_fit(&a, &b, o, out, err, errlen);
    if (rc == 0) {
        train_calibrate(&a, &b, o, 1, out, NULL, NULL);   /* accuracy and calibration (folds >= 2) */
        out->handle_a = xstrdup(ua->handle);
        out->handle_b = xstrdup(ub->handle);
        out->trained_at = now_unix();
    }
    postset_free(&a);   /* both sets, whichever step failed */
    postset_free(&b);
    return rc;
}
