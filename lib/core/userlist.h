/* userlist.h - the users.html fragment: the <option> list of every user that `twitoff lists`
 * writes into $TWITOFF_HOME/lists and the form pages read. This module alone knows its format
 * (one "<option value="HANDLE">HANDLE</option>" line per user, escaped); writer and reader share it. */
#ifndef TWITOFF_USERLIST_H
#define TWITOFF_USERLIST_H

#include "util.h"

/* Append the fragment for handles[0..n) to out. */
void userlist_render(Buf *out, char *const *handles, int n);

/* The handles a fragment lists, in order, unescaped, into *out (an array of the returned count;
 * free with strv_free). Lines that are not options of this format are skipped. */
int userlist_parse(const char *fragment, char ***out);

#endif
