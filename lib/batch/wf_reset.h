/* wf_reset.h - the reset workflow: an empty store, without the models and lists made from the
 * old one (`twitoff reset`, the reset jobs). */
#ifndef TWITOFF_WF_RESET_H
#define TWITOFF_WF_RESET_H

#include <stddef.h>
#include "batch.h"

/* Recreate the store empty: close b->db (when open), remove the database files, the pair model
 * files (the iris example's model stays) and the lists, then open the new empty database into
 * b->db and report a REPORT_INFO line. The caller holds the batch lock. BATCH_OK, or
 * BATCH_FAILED with err: b->db is then the old store again when its files could not be removed,
 * or NULL when no store can be opened. */
int reset_store(Batch *b, char *err, size_t errlen);

/* The reset command: reset_store under the batch lock (re-entrant: a job of `twitoff work` may
 * ask for it). A store this opened is closed again. BATCH_BUSY or BATCH_FAILED with err. */
int reset_run(Batch *b, char *err, size_t errlen);

#endif
