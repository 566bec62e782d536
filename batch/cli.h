/* cli.h - what the command files share: the terminal (messages and progress of the workflows,
 * -q and -v), the usage and help texts from the command table, and opening the store for a
 * command that only reads it. */
#ifndef TWITOFF_CLI_H
#define TWITOFF_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <sqlite3.h>
#include "batch.h"

/* One subcommand: run gets argv with argv[0] = the subcommand's name. Returns the exit status. */
typedef struct {
    const char *name;                    /* as typed */
    int (*run)(int argc, char **argv);   /* the implementation */
    const char *usage;                   /* arguments, for --help */
    const char *help;                    /* one paragraph, for --help */
} Command;

/* Exit statuses: a workflow's BATCH_* outcome is one of them, so a command returns it as is. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_BUSY = 3 };
_Static_assert((int)EXIT_OK == BATCH_OK && (int)EXIT_FAIL == BATCH_FAILED && (int)EXIT_USAGE == BATCH_USAGE &&
               (int)EXIT_BUSY == BATCH_BUSY, "exit statuses are the workflows' outcomes");

/* What the terminal shows: -q/--quiet (errors only) and -v/--verbose (detail lines, progress as
 * plain lines every second), set by main.c from the flags before the command (and by import's
 * own flags). */
typedef struct {
    int quiet;
    int verbose;
} CliOutput;
extern CliOutput cli_output;

/* A batch context for a workflow: no store yet (the workflow opens it), and the terminal
 * reporter, which shows the workflow's messages under cli_output: result lines on stdout, the
 * rest on stderr, problems as "twitoff: text", progress as progress.h draws it. */
Batch cli_batch(void);

/* Print "twitoff: message" to stderr (a problem), or an information line unless --quiet. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Lower the process's CPU and I/O priority for a long batch command (train, work, nightly:
 * priority.h, batch_nice); a failure is a warning, the command goes on. */
void cli_background(void);

/* Show the reason a workflow stopped (err, when not empty) and return its outcome as the exit
 * status. */
int cli_outcome(int rc, const char *err);

/* Open the store (DB_RW or DB_RO, see db.h), or print why not and return NULL. */
sqlite3 *cli_open_store(int mode);

/* The command table, for the usage and help texts (main.c sets it before running a command). */
void cli_set_commands(const Command *table, int n);
const Command *cli_find_command(const char *name);

/* Print the list of commands (twitoff --help) to f. */
void cli_print_help(FILE *f);

/* 1 when argv holds -h or --help (the caller then prints its usage with print_usage). */
int wants_help(int argc, char **argv);

/* Print the usage and help of subcommand name to stdout. */
void print_usage(const char *name);

/* Print "usage: twitoff NAME USAGE" to stderr and return EXIT_USAGE. */
int usage_error(const char *name);

#endif
