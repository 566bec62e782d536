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
#include "wf_jobs.h"

/* Open the store read-write (migrating it) or exit with a one-line message. */
sqlite3 *open_db_or_die(void);

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
