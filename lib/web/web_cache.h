/* web_cache.h - files and models kept in memory across FastCGI requests, reloaded whenever
 * the file on disk changes (the batch replaces them by rename), bounded in size. Under plain
 * CGI the same calls simply load once. */
#ifndef TWITOFF_WEB_CACHE_H
#define TWITOFF_WEB_CACHE_H

#include <stddef.h>
#include "model.h"

/* The content of the file at path (NUL-terminated; *len gets its size), or NULL when it
 * cannot be read. The pointer stays valid until the next cache call for the same path. */
const char *cache_file(const char *path, size_t *len);

/* The model of pair {a, b} (checked as pair_model_load does), or NULL with the reason in err.
 * The pointer stays valid until the next cache_model call. */
const Model *cache_model(const char *a, const char *b, char *err, size_t errlen);

/* Drop everything cached. */
void cache_clear(void);

#endif
