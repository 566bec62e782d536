/* config.h - the instance directory (TWITOFF_HOME) and its twitoff.conf settings. */
#ifndef TWITOFF_CONFIG_H
#define TWITOFF_CONFIG_H

#include <stddef.h>

/* The instance directory: $TWITOFF_HOME, or "./var" when unset. Never NULL. */
const char *twitoff_home(void);

/* Path of a file inside the instance directory, e.g. home_path("twitoff.db"). Caller frees. */
char *home_path(const char *rel);

/* Load $TWITOFF_HOME/twitoff.conf (a missing or unreadable file is no error; one that is not a
 * regular file, such as a FIFO, is, and is never waited on). Returns 0, or -1 with
 * "PATH:LINE: message" in err for the first malformed line (the other lines are still loaded).
 * Safe to call more than once. */
int conf_load(char *err, size_t errlen);

/* The value of setting name: $TWITOFF_<NAME> (upper-cased) wins over the file; NULL when unset.
 * The returned string stays valid until conf_free(). */
const char *conf_get(const char *name);

/* conf_get parsed as an integer, or def when unset or not a number. */
long conf_get_long(const char *name, long def);

/* conf_get parsed as a double, or def when unset or not a number. */
double conf_get_double(const char *name, double def);

/* Set name = value in twitoff.conf (rewriting the file atomically, mode 0600, other lines kept).
 * Returns 0, or -1 with the reason in err. */
int conf_set(const char *name, const char *value, char *err, size_t errlen);

/* Forget the loaded settings. */
void conf_free(void);

#endif
