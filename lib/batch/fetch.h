/* fetch.h - what the source modules (fetch_x.c, fetch_bluesky.c, fetch_mastodon.c) share. */
#ifndef TWITOFF_FETCH_H
#define TWITOFF_FETCH_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "batch.h"
#include "db.h"
#include "users.h"
#include "http.h"
#include "post_policy.h"

/* Outcome of fetching one user. */
enum {
    FETCH_OK = 0,        /* done (or nothing new) */
    FETCH_FAILED = -1,   /* this user failed (reported, and in Fetch.err); go on with the next */
    FETCH_STOP = -2      /* rate limited for long: stop this run, the next one continues */
};

/* One user's fetch in progress. */
typedef struct {
    sqlite3 *db;           /* the store */
    Http *http;            /* the client of this source */
    const char *source;    /* x | bluesky | mastodon */
    const char *base;      /* API base URL, without a trailing slash */
    PostWriter writer;     /* post inserts */
    int64_t user_id;       /* users.id, once known */
    char *handle;          /* the handle as the source spells it */
    char *since;           /* newest post id stored before this run (NULL: none) */
    char *newest;          /* newest post id seen in this run */
    long max_posts;        /* posts to walk at most (max_posts) */
    int include_replies;   /* the include_replies setting (post_policy.h) */
    int seen;              /* posts walked in this run */
    int added;             /* posts stored in this run */
    int reached_since;     /* walked back to a post stored by an earlier complete run */
    int (*older_eq)(const char *a, const char *b); /* 1 when post id a is not newer than b */
    const Reporter *rep;   /* where problems are reported */
    char err[512];         /* the last problem reported ("" when none), for job messages */
} Fetch;

/* A source: its name, its settings and the function fetching one handle into f. */
typedef struct {
    const char *name;                              /* x | bluesky | mastodon */
    int (*fetch)(Fetch *f, const char *handle);    /* FETCH_OK / FETCH_FAILED / FETCH_STOP */
    int (*older_eq)(const char *a, const char *b); /* post id order (see Fetch.older_eq) */
    int (*valid)(const char *handle);              /* 1 when handle has this source's form */
    const char *url_setting;                       /* twitoff.conf setting of the API base URL */
    const char *url_default;                       /* its default (NULL: from the handle) */
    const char *token_setting;                     /* setting of the bearer token it needs, or NULL */
} Source;

extern const Source source_x, source_bluesky, source_mastodon;

/* Called by a source once the account is known: upserts the user (its handle must be valid,
 * handle.h) and loads since. 0 or -1 (reported). */
int fetch_user_begin(Fetch *f, const char *handle, const char *display_name, const char *remote_id);

/* Store one post: its text is cleaned and judged here with what the API says of it (facts, NULL
 * when nothing: post_policy.h); empty texts, reposts ("RT @..."), posts that are not public and
 * skipped replies are walked but not stored. Returns 1 to go on walking, 0 when the walk should
 * stop (max_posts reached or an already fetched post reached), -1 on a database error. Call
 * between fetch_page_begin and fetch_page_end. */
int fetch_post(Fetch *f, const char *remote_id, const char *created_at, const char *text,
               const PostFacts *facts);

/* Each page of posts is one transaction. 0 or -1. */
int fetch_page_begin(Fetch *f);
int fetch_page_end(Fetch *f);

/* Called by a source when the walk finished (end of posts, since or max_posts reached):
 * records newest_post_id and fetched_at. 0 or -1. */
int fetch_user_done(Fetch *f);

/* 1 when numeric ids (X, Mastodon), or equally long sortable ids, satisfy a <= b. */
int id_older_eq_numeric(const char *a, const char *b);

/* The string member key of object o, or NULL. */
const char *jstr(const json_t *o, const char *key);

/* Report a problem of this fetch as a warning and keep it in f->err (cut to its size). */
void fetch_warn(Fetch *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* http_get_json with f's client; a failure is reported (fetch_warn). HTTP_OK, HTTP_ERROR or
 * HTTP_LIMITED (see http.h). */
int fetch_get_json(Fetch *f, const char *url, long *status, json_t **doc);

/* Report an API error body (X "errors", Bluesky "message", Mastodon "error") for url. */
void fetch_api_error(Fetch *f, const char *what, const char *url, long status, const json_t *doc);

#endif
