/* cmd.h - the subcommands of the `twitoff` command and helpers they share. */
#ifndef TWITOFF_CMD_H
#define TWITOFF_CMD_H

#include <sqlite3.h>
#include "db.h"
#include "jobs.h"
#include "pairs.h"
#include "runs.h"
#include "summary.h"
#include "users.h"
#include "util.h"
#include "cli.h"
#include "wf_fetch.h"
#include "wf_train.h"
#include "wf_lists.h"
#include "wf_reset.h"

/* Open the store read-write (migrating it) or exit with a one-line message. */
sqlite3 *open_db_or_die(void);

/* What the queued jobs of one run did, for its runs row. */
typedef struct {
    int jobs, failed, users, posts, pairs;
    int reset;   /* the database was recreated (the run row must be made again) */
} WorkTotals;

/* Run queued jobs until the queue is empty or a fetch is rate limited, adding to w (jobs a
 * killed worker left 'running' are marked failed first). The caller holds the batch lock
 * (lock.h); *db is replaced when a reset job recreates the database. EXIT_OK, EXIT_FAIL (a job
 * failed) or EXIT_BUSY (rate limited: the rest waits for the next run). */
int work_run(sqlite3 **db, WorkTotals *w);

int cmd_reset(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_admin_key(int argc, char **argv);
int cmd_iris(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_seed(int argc, char **argv);
int cmd_work(int argc, char **argv);
int cmd_nightly(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
