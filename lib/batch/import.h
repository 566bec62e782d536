/* import.h - the importers: the formats, their parsers (CSV, JSON Lines, Twitter archive,
 * id|date|text lines; each turns a file's bytes into rows passed to a callback, without touching
 * the database), and choosing one for a file. The rows and the parsers' helpers: import_util.h. */
#ifndef TWITOFF_IMPORT_H
#define TWITOFF_IMPORT_H

#include <stddef.h>
#include "import_util.h"

/* The file formats `twitoff import` reads. */
typedef enum {
    FMT_UNKNOWN = 0,
    FMT_CSV,       /* RFC 4180 CSV with a header naming the columns */
    FMT_JSONL,     /* one JSON object per line */
    FMT_ARCHIVE,   /* a Twitter archive tweets.js: window.YTD.tweets.part0 = [...] */
    FMT_PIPE,      /* id|created_at|text lines (the health-news corpus); the file name is the user */
    FMT_GRAILBIRD  /* a pre-2019 archive's data/js/tweets/YYYY_MM.js: Grailbird.data.tweets_YYYY_MM = [...] */
} ImportFormat;

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

/* "csv", "jsonl", "tweets.js", "id|date|text", "grailbird" or "unknown". */
const char *import_format_name(ImportFormat f);

/* The user a file of format f names by itself: for FMT_PIPE the file's base name without its
 * extension ("data/bbchealth.txt" -> "bbchealth"), NULL for the other formats. Caller frees. */
char *import_file_user(ImportFormat f, const char *path);

#endif
