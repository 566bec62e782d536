/* import_util.c - what the importers' parsers share: error messages, line splitting, the BOM. */
#include "import_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int import_fail(ImportError *err, long line, const char *fmt, ...)
{
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

const char *import_next_line(const char **p, const char *end, size_t *len)
{
    const char *start = *p;
    const char *nl = memchr(start, '\n', (size_t)(end - start));
    const char *stop = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    if (stop > start && stop[-1] == '\r') stop--;
    *len = (size_t)(stop - start);
    return start;
}

size_t import_bom(const char *data, size_t len)
{
    return (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
}

int import_same_user(const char *a, const char *b)
{
    if (!a || !b) return 0;
    if (*a == '@') a++;
    if (*b == '@') b++;
    return *a && !strcasecmp(a, b);
}
