/* import_util.h - what the importers' parsers share: the row they pass on, where it goes, the
 * error they report, and three small helpers. The parsers include only this header; choosing a
 * parser (import.h, import.c) sits above them. */
#ifndef TWITOFF_IMPORT_UTIL_H
#define TWITOFF_IMPORT_UTIL_H

#include <stddef.h>

/* One row as found in the file; strings are only valid during the callback. The parser fills
 * what the file holds and leaves the judging (missing id, empty text, ...) to the caller, except
 * for rows it cannot even split, which it hands over with bad set. */
typedef struct {
    long line;            /* line where the row starts (1-based) */
    const char *bad;      /* non-NULL: the row cannot be used, for this reason */
    const char *id;       /* the post's remote id, NULL when missing */
    const char *user;     /* the author's handle, NULL when the row does not say */
    const char *created;  /* the creation date as written, NULL when missing */
    const char *text;     /* the raw text (not cleaned, may hold any bytes), NULL when missing */
    size_t text_len;      /* bytes of text */
    int is_retweet;       /* 1 when the file marks the row as a retweet (a repost: never imported) */
    int reply;            /* what the file says the post answers: REPLY_NONE (nothing, or the file
                             does not say), REPLY_SELF (the author's own post: a thread), REPLY_OTHER */
    const char *reply_to; /* the id of the account a reply answers, as the file says, or NULL */
    int not_public;       /* 1 when the file marks the post as neither public nor unlisted
                             (followers-only, direct): never imported */
} ImportRow;

/* ImportRow.reply. */
enum { REPLY_NONE = 0, REPLY_SELF = 1, REPLY_OTHER = 2 };

/* Called for every row; return 0 to go on, non-zero to stop (the parser then returns -1 and
 * leaves err as the callback set it). */
typedef int (*ImportRowFn)(void *ctx, const ImportRow *row);

/* What a parser reports when the file is malformed (or the callback stopped it). */
typedef struct {
    long line;            /* 1-based line of the problem (0: the file as a whole) */
    char msg[240];        /* one line, no file name */
} ImportError;

/* Where rows go, and what the caller knows. */
typedef struct {
    ImportRowFn row;      /* the callback */
    void *ctx;            /* its first argument */
    int have_user;        /* 1 when rows without a user column can still be attributed (--user) */
} ImportSink;

/* Set err to line and a printf-style message; returns -1. */
int import_fail(ImportError *err, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The line starting at *p (ending before '\n', a '\r' before it dropped, or at end): returns its
 * start, its length in *len, and moves *p past the '\n'. */
const char *import_next_line(const char **p, const char *end, size_t *len);

/* 1 when handles a and b name the same account: equal but for case and a leading '@' (NULL or
 * empty never match). How the parsers tell a reply to oneself. */
int import_same_user(const char *a, const char *b);

/* Length of a UTF-8 byte-order mark at data (3 or 0). */
size_t import_bom(const char *data, size_t len);

#endif
