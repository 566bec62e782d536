/* handle.h - the one rule for account handles (screen names): which characters and how long.
 * The importer, the fetchers, the pages' field tables and the model files all use it. */
#ifndef TWITOFF_HANDLE_H
#define TWITOFF_HANDLE_H

#include <stddef.h>

/* Longest handle in bytes: a Mastodon user@instance or a Bluesky domain name fits. */
#define HANDLE_MAX 256
#define HANDLE_MAX_STR "256"   /* the same, for HTML attributes */

/* 1 when h is 1..HANDLE_MAX bytes of A-Z a-z 0-9 _ . - @ : (a Bluesky account may be named by
 * its DID, did:plc:...), else 0. */
int handle_valid(const char *h);

/* 1 when the n bytes at h are all handle characters (A-Z a-z 0-9 _ . - @ :). */
int handle_chars(const char *h, size_t n);

/* Copy s into out without surrounding blanks and one leading '@'. 0 when the rest is a valid
 * handle, -1 otherwise (out is then unspecified). */
int handle_clean(const char *s, char out[HANDLE_MAX + 1]);

#endif
