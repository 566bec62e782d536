/* trainset.h - training data from the store: a user's posts featurised for the trainer, and one
 * pair's model fitted straight from the store. */
#ifndef TWITOFF_TRAINSET_H
#define TWITOFF_TRAINSET_H

#include <stddef.h>
#include <sqlite3.h>
#include "model.h"
#include "train.h"
#include "users.h"

/* Featurise every post of user_id into ps (empty on failure). 0, or -1 with the reason in err. */
int postset_load(sqlite3 *db, int64_t user_id, PostSet *ps, char *err, size_t errlen);

/* Everything for one pair from the store: featurise both users, estimate accuracy (o->folds),
 * fit on all posts and fill a complete model (handles, counts, accuracy, time). 0, or -1 with err. */
int train_pair(sqlite3 *db, const User *a, const User *b, const TrainOptions *o, Model *out,
               char *err, size_t errlen);

#endif
