/* web_explain.h - the results page's explanation: the text shaded word by word towards each user,
 * its legend, the words that pushed most each way; and the same spans for JSON. */
#ifndef TWITOFF_WEB_EXPLAIN_H
#define TWITOFF_WEB_EXPLAIN_H

#include "model.h"
#include "util.h"

/* Strength classes per side: a span is shaded sp-a1..sp-a3 (towards a) or sp-b1..sp-b3 (towards
 * b) by its push relative to the strongest span of the text (at least 1/10, 3/10, 6/10 of it). */
#define EXPLAIN_LEVELS 3

/* Append the explanation of text under the pair's model m (the inside of the results page's
 * explanation section); a and b are the two users as the answer names them (a first, b second;
 * either may be m's handle_a): the legend, the shaded text, a table of the strongest words each
 * way, a table of every word's push (folded). Every piece of text is escaped. */
void explain_html(Buf *out, const Model *m, const char *text, const char *a, const char *b);

/* Append ,"spans":[{"start","end","text","push"},...] for text under m: every span of
 * explain_spans in order (byte offsets into text), push positive towards b. */
void explain_json(Buf *out, const Model *m, const char *text, const char *b);

#endif
