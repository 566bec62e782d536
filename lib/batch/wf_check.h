/* wf_check.h - the check workflow: is the instance whole? Database integrity, every pair model
 * file loadable and named for its pair, list files parseable, temporaries of an interrupted run
 * counted (`twitoff check`). */
#ifndef TWITOFF_WF_CHECK_H
#define TWITOFF_WF_CHECK_H

typedef struct {
    int strict;          /* temporary files left behind are a problem too */
} CheckOptions;

typedef struct {
    int models;          /* pair model files looked at */
    int lists;           /* list files looked at */
    int temps;           /* temporary files found (file_is_temp) */
    int problems;        /* how many problems: the lines of problem[] */
    char **problem;      /* one line each ("model A-B.model: truncated model file"); check_free */
} CheckTotals;

/* Look at the store (opened read-only), the layout of the instance (instance_layout) and the files of $TWITOFF_HOME/models and lists, adding to
 * t (zeroed first). 0 when no problem was found, else 1 (BATCH_OK or BATCH_FAILED, see batch.h).
 * check_free frees the problems and zeroes t again. */
int check_run(const CheckOptions *o, CheckTotals *t);
void check_free(CheckTotals *t);

#endif
