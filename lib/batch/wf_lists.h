/* wf_lists.h - the lists workflow: the user lists the pages include, written from the store into
 * $TWITOFF_HOME/lists (`twitoff lists`, nightly). */
#ifndef TWITOFF_WF_LISTS_H
#define TWITOFF_WF_LISTS_H

#include <stddef.h>
#include "batch.h"

/* Write users.html (userlist.h's fragment), users.xml, users.json and accuracy.svg (lists_svg.h)
 * from the open store b->db into $TWITOFF_HOME/lists, atomically; files whose content is
 * unchanged are left alone. *changed = 1 when any file was rewritten. BATCH_OK, or BATCH_FAILED
 * when a list could not be made or written (reported). */
int lists_write(Batch *b, int *changed);

/* The lists command: lists_write under the batch lock, with a closing REPORT_INFO line. Opens
 * the store when b->db is NULL. BATCH_BUSY or BATCH_FAILED with err when the lock or the store
 * cannot be had, else as lists_write. */
int lists_run(Batch *b, int *changed, char *err, size_t errlen);

#endif
