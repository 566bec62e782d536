/* import_json.h - what the JSON importers (JSON Lines, tweets.js) share: a post object to a row. */
#ifndef TWITOFF_IMPORT_JSON_H
#define TWITOFF_IMPORT_JSON_H

#include <jansson.h>
#include "import_util.h"
#include "util.h"

/* Scratch space for values that are not strings in the JSON (numeric ids and dates). */
typedef struct {
    char id[32];
    char user_id[32];
    char reply_id[32];
    char created[96];
} JsonScratch;

/* Fill r's id, user, created, text, is_retweet, reply and not_public from a post object, with
 * the member names of import_columns.h: id_str or id (string or integer), screen_name, user (a
 * string, or an object with screen_name or username), username, ...; twint's date + time
 * (+ timezone), else created_at (string or epoch seconds), else date; full_text, text,
 * rawContent, content, ...; a repost when is_retweet or retweet is true or retweeted_status,
 * retweetedTweet (...) is present; a reply when in_reply_to_status_id(_str), inReplyToTweetId,
 * in_reply_to_user_id or inReplyToUser is present (to oneself when it names the author or the
 * author's id), or when twint's reply_to list is not empty (to oneself when it names only the
 * author), with reply_to the id of the author answered when the object gives it; not public when
 * user.protected is true. Members of the wrong type are left NULL; r's strings point into o (and
 * into sc). */
void import_json_row(json_t *o, ImportRow *r, JsonScratch *sc);

/* The quick reader (import_quick.c): read the JSON object at p[0..n) (an archive's element, bare
 * or wrapped as {"tweet": {...}}) as import_json_row would read its jansson tree, straight from
 * the text: 1 with r's fields filled (pointing into scratch) and *used the object's bytes, or 0
 * when it holds anything the quick reader leaves to jansson (escapes in keys, \u0000, integers
 * of 19 digits and more, "-0", large exponents, deep nesting, any error), r untouched. */
int import_json_quick(const char *p, size_t n, ImportRow *r, Buf *scratch, size_t *used);

/* Tests only: 1 sends every element to jansson, to compare the two. */
extern int import_json_quick_off;

#endif
