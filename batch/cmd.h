/* cmd.h - the subcommands of the `twitoff` command, for main.c's table. Each one parses its
 * arguments, calls one workflow (lib/batch/wf_*.h) and prints the result; what they share is in
 * cli.h. */
#ifndef TWITOFF_CMD_H
#define TWITOFF_CMD_H

int cmd_reset(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_rank(int argc, char **argv);
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
