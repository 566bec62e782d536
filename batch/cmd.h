/* cmd.h - the subcommands of the `twitoff` command and helpers they share. */
#ifndef TWITOFF_CMD_H
#define TWITOFF_CMD_H

#include <sqlite3.h>

/* One subcommand: run gets argv with argv[0] = the subcommand's name. Returns the exit status. */
typedef struct {
    const char *name;                    /* as typed */
    int (*run)(int argc, char **argv);   /* the implementation */
    const char *usage;                   /* arguments, for --help */
    const char *help;                    /* one paragraph, for --help */
} Command;

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_BUSY = 3 };

/* Open the store read-write (migrating it) or exit with a one-line message. */
sqlite3 *open_db_or_die(void);

/* 1 when argv holds -h or --help (then the caller prints its usage via print_usage). */
int wants_help(int argc, char **argv);

/* Print the usage and help of subcommand name to stdout. */
void print_usage(const char *name);

/* Print "usage: twitoff NAME USAGE" to stderr and return EXIT_USAGE. */
int usage_error(const char *name);

/* Global flags parsed before the subcommand: -q/--quiet and -v/--verbose. */
extern int opt_quiet, opt_verbose;

/* Progress and information lines: printed unless --quiet. */
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Train the stale pairs (force: all pairs; a and b: only that pair) and write their model
 * files; *trained gets how many were trained. 0, or -1 when any pair failed. */
int train_pairs(sqlite3 *db, const char *a, const char *b, int force, int *trained);

int cmd_reset(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_admin_key(int argc, char **argv);
int cmd_iris(int argc, char **argv);

#endif
