/* wf_import.h - the import workflow: posts from files into the store, each file in one
 * transaction, so that a file is imported whole or not at all (`twitoff import`). */
#ifndef TWITOFF_WF_IMPORT_H
#define TWITOFF_WF_IMPORT_H

#include <stddef.h>
#include "batch.h"

typedef struct {
    const char *user;     /* --user: the author of rows that name none, or NULL */
    int all_bad_rows;     /* 1: report every bad row; 0: the first 5 of a file and how many more */
} ImportOptions;

/* What the imported files held (a file that failed adds only to files and failed). */
typedef struct {
    int files;            /* files given */
    int failed;           /* files that failed: unreadable, malformed, no usable user, no post */
    int partial;          /* files imported with more than a tenth of their rows bad */
    long added;           /* posts stored */
    long dups;            /* posts stored before */
    long retweets;        /* retweets skipped */
    long bad;             /* rows skipped: no id, no user, no text, ... */
    long replies;         /* replies skipped: only @mentions, or to others with include_replies = no */
    long hidden;          /* posts skipped as neither public nor unlisted */
} ImportTotals;

/* Import the n files at paths (format detected from each name and its first bytes, import.h),
 * recorded as an "import" run. Bad rows are reported as notices once their file is committed,
 * then a REPORT_INFO line per file (and a notice when more than a tenth of its rows were bad);
 * a file that fails (malformed, or no post could be taken from it: the reason says why) is
 * reported as a warning and leaves nothing behind. The run's status is "failed" when a file
 * failed, else "partial" when a file had more than a tenth of bad rows, else "ok". Opens the
 * store when b->db is NULL. BATCH_OK, or BATCH_FAILED when a file failed, or with err when the
 * store cannot be opened or written. */
int import_files(Batch *b, const ImportOptions *o, char *const *paths, int n, ImportTotals *t,
                 char *err, size_t errlen);

#endif
