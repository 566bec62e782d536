/* wf_fetch.h - the fetch workflow: download the newest posts of accounts from X, Bluesky and
 * Mastodon (`twitoff fetch`, `twitoff seed`, the fetch jobs and nightly's refresh). */
#ifndef TWITOFF_WF_FETCH_H
#define TWITOFF_WF_FETCH_H

#include <stddef.h>
#include "batch.h"
#include "util.h"

/* Totals of a fetch. */
typedef struct {
    int users;    /* users fetched completely */
    int posts;    /* new posts stored */
    int errors;   /* users that failed or were stopped */
    Buf *report;  /* when not NULL, gets the per-user lines joined by "; " (failures with why) */
} FetchTotals;

/* Fetch the posts of handles ("HANDLE", "@HANDLE" or "SOURCE:HANDLE"; source, when not NULL,
 * forces the source; otherwise user@host is Mastodon, a domain name Bluesky, anything else X)
 * into the open store b->db, reporting one REPORT_RESULT line per user and adding to t.
 * BATCH_OK, BATCH_FAILED (a user failed), BATCH_BUSY (rate limited for long: stopped; the next
 * run continues) or BATCH_USAGE (unknown source, reported). */
int fetch_handles(Batch *b, const char *source, char *const *handles, int n, FetchTotals *t);

/* The seed accounts: twitoff.conf seed_users (separated by spaces or commas), or the classic
 * app's list. *out is an array of the returned count (free with strv_free). */
int fetch_seed_list(char ***out);

/* What `twitoff fetch` or `twitoff seed` asks for. */
typedef struct {
    const char *source;       /* --source x|bluesky|mastodon, or NULL */
    char *const *handles;     /* the accounts (see fetch_handles) */
    int n;                    /* how many */
    int all;                  /* instead: every account fetched before (of source, when set) */
    int seed;                 /* instead: the seed accounts (fetch_seed_list) */
} FetchRequest;

/* The fetch command: the accounts r names, recorded as a "fetch" (or "seed") run, with a closing
 * REPORT_INFO line. Opens the store when b->db is NULL. BATCH_USAGE with err for an unknown
 * source, BATCH_FAILED with err when the store cannot be opened, else as fetch_handles. */
int fetch_run(Batch *b, const FetchRequest *r, FetchTotals *t, char *err, size_t errlen);

#endif
