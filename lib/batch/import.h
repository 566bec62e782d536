/* import.h - the importers: the formats, their parsers (CSV, JSON Lines, Twitter archive,
 * id|date|text lines, Mastodon outbox.json, Bluesky CAR; each turns a file's bytes into rows passed
 * to a callback, without touching the database), and choosing one for a file. The rows and the
 * parsers' helpers: import_util.h. */
#ifndef TWITOFF_IMPORT_H
#define TWITOFF_IMPORT_H

#include <stddef.h>
#include "import_util.h"

/* The file formats `twitoff import` reads. */
typedef enum {
    FMT_UNKNOWN = 0,
    FMT_CSV,       /* RFC 4180 CSV (comma, semicolon or tab) with a header naming the columns */
    FMT_JSONL,     /* one JSON object per line */
    FMT_ARCHIVE,   /* a Twitter archive tweets.js: window.YTD.tweets.part0 = [...] */
    FMT_PIPE,      /* id|created_at|text lines (the health-news corpus); the file name is the user */
    FMT_OUTBOX,    /* a Mastodon export's outbox.json (ActivityStreams OrderedCollection) */
    FMT_CAR,       /* a Bluesky repository export: CAR v1 of DAG-CBOR blocks (import_car.c) */
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

/* A Bluesky repository (CAR v1): the commit's MST is walked, each app.bsky.feed.post record is a
 * row (record key as id, text, createdAt, reply set from reply.parent.uri), each
 * app.bsky.feed.repost a row with is_retweet set; records outside the MST are not read. Rows
 * name the commit's DID as their user unless s->have_user; without have_user a DID that is no
 * valid handle (handle.h) fails the file. A row's line is the number of its block
 * in the file. Bounds: a header over 64 KiB, a block over 2 MiB or more than 1,000,000 blocks
 * fail the file, as does a truncated file ("truncated at byte N"). Hashes and the commit's
 * signature are not verified. */
int import_car(const char *data, size_t len, const ImportSink *s, ImportError *err);

/* The largest outbox.json import_outbox reads (it is parsed whole). */
#define OUTBOX_MAX_BYTES (256 << 20)

/* outbox.json: each Create of a Note is a row (id: the last segment of the Note's id URL, else
 * of the activity's; user: the actor, "https://host/users/NAME" or "https://host/@NAME" ->
 * "NAME@host"; created: published; text: the HTML content as the Mastodon fetcher reads it, the
 * summary (content warning) first; reply: inReplyTo, REPLY_SELF when it is the actor's own;
 * not_public unless "to" (public) or "cc" (unlisted) names the public collection); each Announce
 * (a boost) a row with is_retweet; other activities are passed over. Pretty-printed or on one
 * line: a row's line is the item's position in orderedItems. Fails when the file is not JSON,
 * holds no orderedItems array or is larger than OUTBOX_MAX_BYTES. */
int import_outbox(const char *data, size_t len, const ImportSink *s, ImportError *err);

/* The account an ActivityPub actor URL names: "https://mastodon.social/users/Gargron" (or
 * ".../@Gargron", any path after it) -> "Gargron@mastodon.social" (host lower-cased) into
 * out[0..n). 0, or -1 when url has neither form or out is too small. */
int outbox_account(const char *url, char *out, size_t n);

/* Guess the format of a file from its name (extension; "outbox.json" is an outbox) and its first
 * bytes (an object naming "orderedItems" or "OrderedCollection" early on is an outbox). */
ImportFormat import_detect(const char *path, const char *data, size_t len);

/* Run the parser of format f. FMT_UNKNOWN fails with a message. */
int import_parse(ImportFormat f, const char *data, size_t len, const ImportSink *s, ImportError *err);

/* "csv", "jsonl", "tweets.js", "id|date|text", "outbox.json", "car", "grailbird" or "unknown". */
const char *import_format_name(ImportFormat f);

/* The user a file of format f names by itself: for FMT_PIPE the file's base name without its
 * extension ("data/bbchealth.txt" -> "bbchealth"), NULL for the other formats. Caller frees. */
char *import_file_user(ImportFormat f, const char *path);

#endif
