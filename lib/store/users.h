/* users.h - the store's users and their posts: lookups, lists, upserts, deletion, post inserts
 * and reads. Errors as everywhere in lib/: -1 with the reason in (err, errlen). */
#ifndef TWITOFF_USERS_H
#define TWITOFF_USERS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* A user row. Strings are owned by the struct (user_clear frees them). */
typedef struct {
    int64_t id;
    char *source;          /* import | x | bluesky | mastodon */
    char *handle;          /* screen name */
    char *display_name;    /* may be NULL */
    char *remote_id;       /* may be NULL */
    char *newest_post_id;  /* may be NULL */
    int64_t revision;      /* bumped on every change of the user's posts */
    int64_t fetched_at;    /* 0 when never fetched */
    int64_t post_count;    /* number of posts stored */
    int64_t newest_post_at;/* created_at of the newest post, 0 when none */
} User;

void user_clear(User *u);

/* Find a user by handle (case-insensitive; an exact-case match wins). 1 found, 0 not, -1 error. */
int db_user_find(sqlite3 *db, const char *handle, User *out, char *err, size_t errlen);

/* The user with row id id. 1 found, 0 not, -1 error. */
int db_user_get(sqlite3 *db, int64_t id, User *out, char *err, size_t errlen);

/* All users ordered by handle (case-insensitive). *out is an array of *n users; free with
 * users_free. 0 or -1. */
int db_users_list(sqlite3 *db, User **out, int *n, char *err, size_t errlen);
void users_free(User *users, int n);

/* The id of user (source, handle), creating the row when missing; display_name and remote_id
 * update the row when not NULL. Returns the id, or -1 on error. */
int64_t db_user_upsert(sqlite3 *db, const char *source, const char *handle,
                       const char *display_name, const char *remote_id, char *err, size_t errlen);

/* Delete a user with its posts and pair rows. 1 deleted, 0 no such user, -1 error. */
int db_user_delete(sqlite3 *db, const char *handle, char *err, size_t errlen);

/* Record a finished fetch of user_id: its newest post id (NULL keeps none) and now as fetched_at. */
int db_user_fetched(sqlite3 *db, int64_t user_id, const char *newest_post_id, char *err, size_t errlen);

/* "SOURCE:HANDLE" of every user with a remote source (x, bluesky, mastodon), only of source when
 * not NULL; the least recently fetched first when stalest_first, else by id. *out is an array of
 * *n strings (free with strv_free). 0 or -1. */
int db_remote_handles(sqlite3 *db, const char *source, int stalest_first, char ***out, int *n,
                      char *err, size_t errlen);

/* A prepared post insert, for adding many posts fast. */
typedef struct {
    sqlite3 *db;          /* the store */
    sqlite3_stmt *insert; /* INSERT OR IGNORE INTO posts */
} PostWriter;

/* Prepare w on db. 0 or -1. */
int post_writer_open(PostWriter *w, sqlite3 *db, char *err, size_t errlen);
/* Insert a post unless (user, remote_id) is stored already. 1 inserted, 0 duplicate, -1 error.
 * text must be valid UTF-8 (see text.h). created_at 0 means unknown. */
int post_writer_add(PostWriter *w, int64_t user_id, const char *remote_id, int64_t created_at,
                    const char *text, char *err, size_t errlen);
void post_writer_close(PostWriter *w);

/* Number of posts stored for user_id, or -1. */
int64_t db_user_post_count(sqlite3 *db, int64_t user_id, char *err, size_t errlen);

/* Keep only the newest keep posts of user_id (by created_at, then insertion). 0 or -1. */
int db_user_trim_posts(sqlite3 *db, int64_t user_id, long keep, char *err, size_t errlen);

/* A user's post texts in a fixed order (by row id): *texts is an array of *n strings, and when
 * ids is not NULL *ids gets the posts' remote ids. Free with strv_free. 0 or -1 (nothing to free). */
int db_user_posts(sqlite3 *db, int64_t user_id, char ***texts, char ***ids, int *n,
                  char *err, size_t errlen);

/* One post as a page shows it; strings valid only during the callback. */
typedef struct {
    const char *remote_id;
    int64_t created_at;    /* 0 when unknown */
    const char *text;
} PostView;

/* Call fn for up to limit posts of user_id, newest first, skipping offset. Returns the number
 * of posts passed to fn, or -1. */
int db_user_posts_page(sqlite3 *db, int64_t user_id, int limit, int64_t offset,
                       void (*fn)(void *ctx, const PostView *p), void *ctx, char *err, size_t errlen);

#endif
