/* import.h - the importers' parsers (CSV, JSON Lines, Twitter archive, id|date|text lines):
 * each turns a file's bytes into rows passed to a callback, without touching the database. */
#ifndef TWITOFF_IMPORT_H
#define TWITOFF_IMPORT_H

#include <stddef.h>

/* The file formats `twitoff import` reads. */
typedef enum {
    FMT_UNKNOWN = 0,
    FMT_CSV,       /* RFC 4180 CSV with a header naming the columns */
    FMT_JSONL,     /* one JSON object per line */
    FMT_ARCHIVE,   /* a Twitter archive tweets.js: window.YTD.tweets.part0 = [...] */
    FMT_PIPE       /* id|created_at|text lines (the health-news corpus); the file name is the user */
} ImportFormat;

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
    int is_retweet;       /* 1 when the file marks the row as a retweet */
} ImportRow;

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

/* Each parser reads data[0..len) whole and returns 0, or -1 with err filled when the file is
 * malformed (a missing required CSV column, an unterminated quote, a line that is not JSON, ...)
 * or the callback asked to stop. Rows already passed to the callback before an error are not
 * taken back: the caller must discard them (one transaction per file). */
int import_csv(const char *data, size_t len, const ImportSink *s, ImportError *err);
int import_jsonl(const char *data, size_t len, const ImportSink *s, ImportError *err);
int import_archive(const char *data, size_t len, const ImportSink *s, ImportError *err);
int import_pipe(const char *data, size_t len, const ImportSink *s, ImportError *err);

/* Guess the format of a file from its name (extension) and its first bytes. */
ImportFormat import_detect(const char *path, const char *data, size_t len);

/* Run the parser of format f. FMT_UNKNOWN fails with a message. */
int import_parse(ImportFormat f, const char *data, size_t len, const ImportSink *s, ImportError *err);

/* "csv", "jsonl", "tweets.js", "id|date|text" or "unknown". */
const char *import_format_name(ImportFormat f);

/* The user a file of format f names by itself: for FMT_PIPE the file's base name without its
 * extension ("data/bbchealth.txt" -> "bbchealth"), NULL for the other formats. Caller frees. */
char *import_file_user(ImportFormat f, const char *path);

/* Helpers shared by the parsers. */

/* Set err to line and a printf-style message; returns -1. */
int import_fail(ImportError *err, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The line starting at *p (ending before '\n', a '\r' before it dropped, or at end): returns its
 * start, its length in *len, and moves *p past the '\n'. */
const char *import_next_line(const char **p, const char *end, size_t *len);

/* Length of a UTF-8 byte-order mark at data (3 or 0). */
size_t import_bom(const char *data, size_t len);

#endif
