/* web_cache.h - files and models kept in memory across FastCGI requests, reloaded whenever
 * the file on disk changes (the batch replaces them by rename), bounded in size. Under plain
 * CGI the same calls simply load once. */
#ifndef TWITOFF_WEB_CACHE_H
#define TWITOFF_WEB_CACHE_H

#include <stddef.h>
#include "model.h"

/* Both calls share one bounded store: loading a file or a model may evict any other entry, so
 * a pointer either returns stays valid only until the next cache_file or cache_model call. */

/* The content of the file at path (NUL-terminated; *len gets its size), or NULL when it
 * cannot be read. Valid until the next cache_file or cache_model call. */
const char *cache_file(const char *path, size_t *len);

/* The model of pair {a, b} (checked as pair_model_load does), or NULL with the reason in err.
 * Valid until the next cache_file or cache_model call (the form's user list is one). */
const Model *cache_model(const char *a, const char *b, char *err, size_t errlen);

#endif
