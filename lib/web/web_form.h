/* web_form.h - the comparison form (two user drop-downs from the generated users.html and the
 * text box), shared by the form page and the results page, and its field table. */
#ifndef TWITOFF_WEB_FORM_H
#define TWITOFF_WEB_FORM_H

#include "util.h"
#include "web_request.h"

/* Longest text accepted, in characters. */
#define TWEET_MAX_CHARS 1000

/* The fields of POST /predict, and their number. */
extern const FieldSpec form_fields[];
extern const int form_nfields;

/* Append the form. a, b, text: the last choice (NULL: defaults, i.e. the first and the second
 * user of the list, and an empty text). Returns the number of users offered, or -1 when there
 * are none or no list could be read (then a message is shown in place of the form). Reads the
 * list through web_cache.h, so pointers from an earlier cache call are stale afterwards. */
int form_render(Buf *b, const char *a, const char *b_sel, const char *text);

#endif
