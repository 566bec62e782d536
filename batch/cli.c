/* cli.c - what the command files share: the terminal reporter (messages and progress of the
 * workflows under -q and -v), usage and help from the command table, opening the store. */
#include "cli.h"
#include "config.h"
#include "db.h"
#include "priority.h"
#include "progress.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

CliOutput cli_output;

static const Command *commands;
static int ncommands;

/* A workflow's message: result lines on stdout, the rest on stderr, problems after the program's
 * name; a progress bar leaves the line first (progress_pause). */
static void term_message(void *ctx, int level, const char *text)
{
    const CliOutput *o = ctx;
    int shown = level == REPORT_WARN || (!o->quiet && (level != REPORT_VERBOSE || o->verbose));
    if (!shown) return;
    progress_pause();
    if (level == REPORT_RESULT) printf("%s\n", text);
    else if (level == REPORT_NOTICE || level == REPORT_WARN) fprintf(stderr, "%s: %s\n", progname, text);
    else fprintf(stderr, "%s\n", text);
}

static void term_progress(void *ctx, int event, const char *label, long n)
{
    const CliOutput *o = ctx;
    switch (event) {
    case PROGRESS_START: progress_start(label, n, o->quiet, o->verbose); break;
    case PROGRESS_STEP: progress_step(n); break;
    case PROGRESS_DONE: progress_done(); break;
    case PROGRESS_PAUSE: progress_pause(); break;
    default: break;
    }
}

static const Reporter terminal = {term_message, term_progress, &cli_output};

Batch cli_batch(void)
{
    return (Batch){.db = NULL, .rep = &terminal};
}

static void vmessage(int level, const char *fmt, va_list ap)
{
    char *text = xvasprintf(fmt, ap);
    term_message(&cli_output, level, text);
    free(text);
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(REPORT_WARN, fmt, ap);
    va_end(ap);
}

void cli_background(void)
{
    char err[256];
    if (priority_lower(err, sizeof err) != 0) cli_warn("%s", err);
}

void cli_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(REPORT_INFO, fmt, ap);
    va_end(ap);
}

int cli_outcome(int rc, const char *err)
{
    if (err && *err) cli_warn("%s", err);
    return rc;
}

sqlite3 *cli_open_store(int mode)
{
    char err[320];
    sqlite3 *db = db_open(mode, err, sizeof err);
    if (!db) cli_warn("%s", err);
    return db;
}

void cli_set_commands(const Command *table, int n)
{
    commands = table;
    ncommands = n;
}

const Command *cli_find_command(const char *name)
{
    for (int i = 0; i < ncommands; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

void cli_print_help(FILE *f)
{
    fprintf(f, "usage: twitoff [-q|-v] COMMAND [ARGS]\n\n"
               "Which of two accounts is more likely to have written a text?\n\nCommands:\n");
    for (int i = 0; i < ncommands; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].usage);
    fprintf(f, "\n'twitoff COMMAND --help' explains one command. Instance directory: $TWITOFF_HOME "
               "(now %s).\n", twitoff_home());
}

void print_usage(const char *name)
{
    const Command *c = cli_find_command(name);
    if (!c) return;
    printf("usage: twitoff %s %s\n\n%s\n", c->name, c->usage, c->help);
}

int usage_error(const char *name)
{
    const Command *c = cli_find_command(name);
    fprintf(stderr, "usage: twitoff %s %s\n", name, c ? c->usage : "");
    return EXIT_USAGE;
}

int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return 1;
    return 0;
}
