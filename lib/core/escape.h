/* escape.h - escaping by construction: every piece of text that reaches HTML or JSON goes through
 * one of these (the pages, and the batch writing the users.html fragment). */
#ifndef TWITOFF_ESCAPE_H
#define TWITOFF_ESCAPE_H

#include "util.h"

/* Append s with & < > " ' escaped: safe as element text and as a quoted attribute value. */
void html_text(Buf *b, const char *s);
/* Same escaping, named for attribute values (always quote them with "). */
void html_attr(Buf *b, const char *s);
/* Append s percent-encoded for a URL path segment or query value (only A-Z a-z 0-9 - _ . ~ kept). */
void html_url(Buf *b, const char *s);
/* Append <option value="v">v</option>, selected when sel. */
void html_option(Buf *b, const char *value, int sel);
/* Append s as a JSON string with its quotes (control characters, quotes, backslash, <, >, &
 * and U+2028/9 escaped). Bytes that are not valid UTF-8 (stray, truncated, overlong sequences,
 * surrogates, above U+10FFFF) each become \ufffd, so the output is always valid JSON. */
void json_str(Buf *b, const char *s);

#endif
