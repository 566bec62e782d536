/* curl_lazy.h - libcurl, loaded from libcurl.so.4 on first use (curl_lazy.c). */
#ifndef TWITOFF_CURL_LAZY_H
#define TWITOFF_CURL_LAZY_H

#include <stddef.h>

/* Load libcurl and every function the fetchers use. 0, or -1 with the reason in err (libcurl
 * missing, or too old). Until it succeeds, the curl_* functions fail without doing anything:
 * curl_easy_init returns NULL, the others an error code. Later calls return at once. */
int curl_lazy_load(char *err, size_t errlen);

#endif
