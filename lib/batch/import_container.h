/* import_container.h - whole archives as `twitoff import` reads them: a ZIP (known by its first
 * bytes, whatever its name) or a folder, whose files ("entries") are read one at a time into
 * memory within fixed bounds, never unpacked to disk (import_zip.c); and the layouts found in them
 * (import_container.c): an X archive (data/tweets.js, data/account.js, data/note-tweet.js), a
 * pre-2019 one (data/js/tweets/YYYY_MM.js, data/js/user_details.js, or its tweets.csv), a
 * Mastodon one (outbox.json). No database here: the import workflow (wf_import.c) passes every
 * posts file of a plan through import_detect and import_parse, all in one transaction. */
#ifndef TWITOFF_IMPORT_CONTAINER_H
#define TWITOFF_IMPORT_CONTAINER_H

#include <stddef.h>
#include <stdint.h>
#include "import_util.h"

/* How much a container may make us read. Only tests pass other bounds than CONTAINER_LIMITS:
 * no setting or option changes them. */
typedef struct {
    uint64_t total;       /* bytes read from all the entries of a container, uncompressed */
    uint64_t entry;       /* bytes of one entry, uncompressed */
    uint64_t entries;     /* files a container may list */
    uint64_t ratio;       /* uncompressed bytes per compressed byte of an entry ... */
    uint64_t ratio_floor; /* ... once it is past this many bytes */
} ContainerLimits;

/* 1 GiB in all, 256 MiB an entry, 100,000 entries, 100 times an entry's compressed size past 1 MiB. */
extern const ContainerLimits CONTAINER_LIMITS;

typedef struct Container Container;

/* 1 when data starts like a ZIP file (a local file header "PK\3\4", or the end record "PK\5\6"
 * of an empty one). */
int container_is_zip(const char *data, size_t len);

/* Open a ZIP file, a ZIP held in memory (data must outlive the container), or a folder (read
 * recursively; symbolic links to folders and folders of media, "*_media" and
 * "media_attachments", are not entered). lim NULL means CONTAINER_LIMITS. NULL with err when
 * the ZIP is unreadable or corrupt, the folder cannot be read, or it lists more entries than
 * lim->entries. */
Container *container_open_zip(const char *path, const ContainerLimits *lim, char *err, size_t errlen);
Container *container_open_zip_mem(const void *data, size_t len, const ContainerLimits *lim,
                                  char *err, size_t errlen);
Container *container_open_dir(const char *path, const ContainerLimits *lim, char *err, size_t errlen);
void container_close(Container *c);

/* The entries (files only, no folders), sorted by name; names are relative to the container
 * ("twitter-2022-11-01-abc/data/tweets.js"), with control characters replaced by '?' (and, in a
 * ZIP, '\' read as '/'). */
size_t container_count(const Container *c);
const char *container_name(const Container *c, size_t i);

/* Read entry i whole, NUL-terminated, into *out (caller frees) with its length in *len. Refused
 * before reading when the sizes the ZIP states break a bound, and while reading as soon as the
 * bytes inflated do (stated sizes can lie): the entry over lim->entry, the container over
 * lim->total, or more than lim->ratio times the compressed size past lim->ratio_floor. 0, or -1
 * with err naming the entry (a bound, a damaged entry, a checksum mismatch, an encrypted entry). */
int container_read(Container *c, size_t i, char **out, size_t *len, char *err, size_t errlen);

/* The archive layouts. */
typedef enum {
    LAYOUT_NONE = 0,
    LAYOUT_X,             /* data/tweets.js, data/tweet.js, data/tweets-partN.js */
    LAYOUT_GRAILBIRD,     /* data/js/tweets/YYYY_MM.js (pre-2019) */
    LAYOUT_CSV,           /* a pre-2019 archive's tweets.csv, without its js files */
    LAYOUT_MASTODON       /* outbox.json */
} Layout;

/* What to read from a container, found by names alone. The archive's root is what comes before
 * the "data/" folder of its posts files (the shallowest such prefix when there are several, the
 * first in name order among equals); entries outside it are ignored. */
typedef struct {
    Layout layout;
    const char *root;     /* the prefix of the archive's files in the container ("" or "dir/") */
    size_t *posts;        /* entries holding posts, in name order */
    size_t nposts;
    size_t *notes;        /* X: data/note-tweet.js and data/note-tweet-partN.js */
    size_t nnotes;
    long account;         /* X: data/account.js; pre-2019: data/js/user_details.js; -1: none */
    char *root_buf;       /* owns root */
} ContainerPlan;

/* Find the layout of c: X files first, else pre-2019 js files, else a tweets.csv (the root's,
 * else the shallowest), else an outbox.json (the shallowest). 0, or -1 with err when the
 * container holds none of them. */
int container_plan(const Container *c, ContainerPlan *p, char *err, size_t errlen);
void container_plan_free(ContainerPlan *p);

/* "X archive", "pre-2019 X archive", "pre-2019 X archive (tweets.csv)", "Mastodon archive". */
const char *container_layout_name(Layout l);

/* The account an archive's account file names: data/account.js
 * (window.YTD.account.part0 = [{"account": {"username", "accountId"}}]) or data/js/user_details.js
 * (var user_details = {"screen_name", "id"}). *user and *id (NULL when absent) are the caller's to
 * free. 0, or -1 with err when the file is malformed or names no user. */
int container_account(const char *data, size_t len, char **user, char **id, ImportError *err);

/* The long texts of X's note tweets, by creation time. */
typedef struct NoteSet NoteSet;

/* Add the notes of a note-tweet.js (window.YTD.note_tweet.part0 = [{"noteTweet": {"noteTweetId",
 * "createdAt", "core": {"text"}}}]) to *set (created when NULL). 0, or -1 with err. */
int notes_load(NoteSet **set, const char *data, size_t len, ImportError *err);
void notes_free(NoteSet *set);
size_t notes_count(const NoteSet *set);

/* The full text of a truncated tweet, or NULL. The rule: a note created in the same second as
 * the tweet, whose text (both cleaned as stored, leading @mentions dropped) starts with the
 * tweet's text cut before its first t.co link and before its final "…" (the tweet must end so,
 * optionally followed by one link); when that cut text is empty, the only note of that second.
 * The result points into set. */
const char *notes_match(const NoteSet *set, const char *created, const char *text, size_t len,
                        size_t *out_len);

/* A sink between an archive's parser and the workflow: swaps a truncated X post's text for its
 * note's, and marks a reply to the archive's own account (reply_to == account_id) REPLY_SELF. */
typedef struct {
    const ImportSink *next;   /* where rows go on */
    const NoteSet *notes;     /* NULL: none */
    const char *account_id;   /* the archive account's id, or NULL */
    long merged;              /* rows whose text came from a note */
} ArchiveRows;

/* The ImportRowFn of an ArchiveRows (ctx). */
int archive_rows(void *ctx, const ImportRow *r);

#endif
