/* asked_line.c - the lines of the queue/asked file: formatting and strict parsing. */
#include "asked_line.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int asked_line_format(char *out, int64_t t, const char *a, const char *b)
{
    if (!handle_valid(a) || !handle_valid(b)) return -1;
    return snprintf(out, ASKED_LINE_MAX + 1, "%lld %s %s\n", (long long)t, a, b);
}

/* The next space-separated field of line[*pos..n) into out (at most max bytes). 0 or -1. */
static int field(const char *line, size_t n, size_t *pos, char *out, size_t max)
{
    size_t start = *pos, end = start;
    while (end < n && line[end] != ' ') end++;
    if (end == start || end - start > max) return -1;
    memcpy(out, line + start, end - start);
    out[end - start] = '\0';
    *pos = end < n ? end + 1 : end;
    return end < n && end + 1 == n ? -1 : 0;   /* a trailing space is no field */
}

int asked_line_parse(const char *line, size_t n, int64_t *t, char a[HANDLE_MAX + 1], char b[HANDLE_MAX + 1])
{
    char num[21];
    size_t pos = 0;
    if (n > ASKED_LINE_MAX || memchr(line, '\0', n)) return -1;
    if (field(line, n, &pos, num, 20) != 0 || strspn(num, "0123456789") != strlen(num)) return -1;
    if (parse_int64(num, t) != 0 || *t <= 0) return -1;
    if (field(line, n, &pos, a, HANDLE_MAX) != 0 || field(line, n, &pos, b, HANDLE_MAX) != 0 || pos != n) return -1;
    return handle_valid(a) && handle_valid(b) && strcasecmp(a, b) != 0 ? 0 : -1;
}
