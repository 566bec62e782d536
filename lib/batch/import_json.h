/* import_json.h - what the JSON importers (JSON Lines, tweets.js) share: a post object to a row. */
#ifndef TWITOFF_IMPORT_JSON_H
#define TWITOFF_IMPORT_JSON_H

#include <jansson.h>
#include "import_util.h"
#include "util.h"

/* Scratch space for values that are not strings in the JSON (numeric ids and dates). */
typedef struct {
    char id[32];
    char created[32];
    char reply_to[32];
} JsonScratch;

/* Fill r's id, user, created, text and is_retweet from a post object: id_str or id (string or
 * integer), screen_name or user (a string, or an object with screen_name), created_at (string or
 * epoch seconds), full_text or text, is_retweet or a retweeted_status object, reply and reply_to
 * from in_reply_to_status_id(_str) and in_reply_to_user_id(_str). Fields of the
 * wrong type are left NULL; r's strings point into o (and into sc). */
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
