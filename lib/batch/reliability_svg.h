/* reliability_svg.h - the reliability diagram (SVG, libxml2) that `twitoff lists` draws: how often
 * the answers were right against the probability they gave, on held-out posts. */
#ifndef TWITOFF_RELIABILITY_SVG_H
#define TWITOFF_RELIABILITY_SVG_H

#include <stddef.h>
#include <sqlite3.h>
#include "metrics.h"

/* The sentence a person reads: "When TwitOff says 80%, it was right 81% of the time on posts it
 * had not seen" for the 80-85% bin (or the fullest bin below it when that one is empty), into
 * out. 0, or -1 when m holds no answer (out then says so). */
int reliability_sentence(const Metrics *m, char *out, size_t len);

/* Draw m (pooled over pairs) as a reliability diagram: the diagonal of perfect calibration, a
 * point per non-empty bin at (mean probability said, share right) with a tooltip, the sentence
 * above, and <title>/<desc> for screen readers. Returns the SVG document (caller frees). */
char *reliability_svg(const Metrics *m, int pairs);

/* The diagram of the store's trained pairs (db_reliability_total). NULL with err on failure. */
char *lists_reliability_svg(sqlite3 *db, char *err, size_t errlen);

#endif
