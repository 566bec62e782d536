/* pair.h - naming pairs of users: canonical order and the model file of a pair. */
#ifndef TWITOFF_PAIR_H
#define TWITOFF_PAIR_H

#include <stddef.h>
#include "model.h"

/* 1 when a and b are in canonical pair order (a sorts before b, byte-wise), else 0. */
int pair_ordered(const char *a, const char *b);

/* Path of the model file of pair {a, b} (any order): $TWITOFF_HOME/models/A-B.model with
 * A < B, characters outside [A-Za-z0-9_.@] percent-encoded (so '-' only separates). Caller frees. */
char *pair_model_path(const char *a, const char *b);

/* 1 when a file name in models/ is a pair's model file ("A-B.model"), not another model (iris). */
int pair_model_file(const char *name);

/* Just the file name part of pair_model_path. Caller frees. */
char *pair_model_name(const char *a, const char *b);

/* Load the model file of pair {a, b} and check it is that pair's (handles as stored in the file
 * must equal a and b, in either order). 0, or -1 with the reason in err. */
int pair_model_load(const char *a, const char *b, Model *m, char *err, size_t errlen);

#endif
