/* import_json.h - what the JSON importers (JSON Lines, tweets.js) share: a post object to a row. */
#ifndef TWITOFF_IMPORT_JSON_H
#define TWITOFF_IMPORT_JSON_H

#include <jansson.h>
#include "import_util.h"

/* Scratch space for values that are not strings in the JSON (numeric ids and dates). */
typedef struct {
    char id[32];
    char created[32];
} JsonScratch;

/* Fill r's id, user, created, text and is_retweet from a post object: id_str or id (string or
 * integer), screen_name or user (a string, or an object with screen_name), created_at (string or
 * epoch seconds), full_text or text, is_retweet or a retweeted_status object. Fields of the
 * wrong type are left NULL; r's strings point into o (and into sc). */
void import_json_row(json_t *o, ImportRow *r, JsonScratch *sc);

#endif
