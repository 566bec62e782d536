/* import.c - choosing an importer: format detection by extension and content, and dispatch. */
#include "import.h"
#include "util.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* The extension of path (after the last '.' of its last segment), or "". */
static const char *extension(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return (dot && dot != base) ? dot + 1 : "";
}

/* 1 when the line at p looks like id|date|text: digits (optionally after a quote), then '|'. */
static int looks_pipe(const char *p, const char *end)
{
    if (p < end && *p == '"') p++;
    const char *d = p;
    while (p < end && isdigit((unsigned char)*p)) p++;
    return p > d && p < end && *p == '|';
}

/* The format the first bytes give away, or FMT_UNKNOWN. */
static ImportFormat sniff(const char *data, size_t len)
{
    const char *p = data + import_bom(data, len), *end = data + len;
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p == end) return FMT_UNKNOWN;
    if ((size_t)(end - p) >= 7 && memcmp(p, "window.", 7) == 0) return FMT_ARCHIVE;
    if ((size_t)(end - p) >= 10 && memcmp(p, "Grailbird.", 10) == 0) return FMT_GRAILBIRD;
    if (*p == '[') return FMT_ARCHIVE;
    if (*p == '{') return FMT_JSONL;
    if (looks_pipe(p, end)) return FMT_PIPE;
    return FMT_UNKNOWN;
}

ImportFormat import_detect(const char *path, const char *data, size_t len)
{
    ImportFormat f = sniff(data, len);
    if (f != FMT_UNKNOWN) return f;
    const char *ext = extension(path);
    if (!strcasecmp(ext, "jsonl") || !strcasecmp(ext, "ndjson") || !strcasecmp(ext, "json"))
        return FMT_JSONL;
    if (!strcasecmp(ext, "js")) return FMT_ARCHIVE;
    if (!strcasecmp(ext, "txt")) return FMT_PIPE;
    if (!strcasecmp(ext, "csv")) return FMT_CSV;
    const char *nl = memchr(data, '\n', len);
    return memchr(data, ',', nl ? (size_t)(nl - data) : len) ? FMT_CSV : FMT_UNKNOWN;
}

int import_parse(ImportFormat f, const char *data, size_t len, const ImportSink *s, ImportError *err)
{
    switch (f) {
    case FMT_CSV: return import_csv(data, len, s, err);
    case FMT_JSONL: return import_jsonl(data, len, s, err);
    case FMT_ARCHIVE:
    case FMT_GRAILBIRD: return import_archive(data, len, s, err);
    case FMT_PIPE: return import_pipe(data, len, s, err);
    default: break;
    }
    return import_fail(err, 0, "unknown format (expected .csv, .jsonl, tweets.js or id|date|text .txt)");
}

const char *import_format_name(ImportFormat f)
{
    static const char *names[] = {"unknown", "csv", "jsonl", "tweets.js", "id|date|text", "grailbird"};
    return (f >= FMT_UNKNOWN && f <= FMT_GRAILBIRD) ? names[f] : "unknown";
}

char *import_file_user(ImportFormat f, const char *path)
{
    if (f != FMT_PIPE) return NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}
