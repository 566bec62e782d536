/* asked_line.h - the queue/asked file: one line per pair asked for on the predict page, written
 * by the pages (lib/web/web_asked.h) and folded into the store by the batch (asked_fold.h). */
#ifndef TWITOFF_ASKED_LINE_H
#define TWITOFF_ASKED_LINE_H

#include <stddef.h>
#include <stdint.h>
#include "handle.h"

/* The file, relative to $TWITOFF_HOME (queue/ is the one directory the web server's user may
 * write), and the size past which nothing more is appended to it. */
#define ASKED_FILE "queue/asked"
#define ASKED_MAX_BYTES (1L << 20)

/* Longest line: "SECONDS A B\n". */
#define ASKED_LINE_MAX (20 + 2 * HANDLE_MAX + 4)

/* Format the line for a request at unix time t of handles a and b into out (ASKED_LINE_MAX + 1
 * bytes). Returns its length, or -1 when a handle is not valid (handle.h). */
int asked_line_format(char *out, int64_t t, const char *a, const char *b);

/* Parse one line (n bytes, without its newline): a positive decimal time and two valid,
 * different handles, separated by single spaces. 0 with the fields filled, or -1 for anything else. */
int asked_line_parse(const char *line, size_t n, int64_t *t, char a[HANDLE_MAX + 1], char b[HANDLE_MAX + 1]);

#endif
