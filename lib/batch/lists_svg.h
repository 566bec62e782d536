/* lists_svg.h - the pairwise accuracy heat map (SVG, written with libxml2) that `twitoff lists` draws. */
#ifndef TWITOFF_LISTS_SVG_H
#define TWITOFF_LISTS_SVG_H

#include <stddef.h>
#include <sqlite3.h>
#include "users.h"

/* Draw the held-out accuracy of every trained pair as an SVG heat map (users sorted by handle on
 * both axes; a cell per pair, coloured from red at 50% through yellow to green at 100%, with its
 * value and a tooltip). Users without trained pairs are left out; with no trained pair at all the
 * picture says so. users[0..n) are the store's users in handle order (db_users_list). Returns the
 * SVG document (caller frees), or NULL with the reason in err. */
char *lists_accuracy_svg(sqlite3 *db, const User *users, int n, char *err, size_t errlen);

#endif
