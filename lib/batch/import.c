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

/* 1 when the JSON object at p names an ActivityStreams collection within its first bytes. */
static int looks_outbox(const char *p, const char *end)
{
    size_t n = (size_t)(end - p) < 65536 ? (size_t)(end - p) : 65536;
    return memmem(p, n, "\"orderedItems\"", 14) || memmem(p, n, "\"OrderedCollection\"", 19);
}

/* 1 when the last segment of path is outbox.json. */
static int named_outbox(const char *path)
{
    const char *base = strrchr(path, '/');
    return !strcasecmp(base ? base + 1 : path, "outbox.json");
}

/* The format the first bytes give away, or FMT_UNKNOWN. */
static ImportFormat sniff(const char *data, size_t len)
{
    const char *p = data + import_bom(data, len), *end = data + len;
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p == end) return FMT_UNKNOWN;
    if ((size_t)(end - p) >= 7 && memcmp(p, "window.", 7) == 0) return FMT_ARCHIVE;
    if (*p == '[') return FMT_ARCHIVE;
    if (*p == '{') return looks_outbox(p, end) ? FMT_OUTBOX : FMT_JSONL;
    if (looks_pipe(p, end)) return FMT_PIPE;
    return FMT_UNKNOWN;
}

ImportFormat import_detect(const char *path, const char *data, size_t len)
{
    if (named_outbox(path)) return FMT_OUTBOX;
    ImportFormat f = sniff(data, len);
    if (f != FMT_UNKNOWN) return f;
    const char *ext = extension(path);
    if (!strcasecmp(ext, "jsonl") || !strcasecmp(ext, "ndjson") || !strcasecmp(ext, "json"))
        return FMT_JSONL;
    if (!strcasecmp(ext, "js")) return FMT_ARCHIVE;
    const char *nl = memchr(data, '\n', len);
    size_t head = nl ? (size_t)(nl - data) : len;
    if (!strcasecmp(ext, "txt"))                /* id|date|text, unless a tab-separated export */
        return (memchr(data, '\t', head) && !memchr(data, '|', head)) ? FMT_CSV : FMT_PIPE;
    if (!strcasecmp(ext, "csv") || !strcasecmp(ext, "tsv") || !strcasecmp(ext, "tab")) return FMT_CSV;
    return (memchr(data, ',', head) || memchr(data, ';', head) || memchr(data, '\t', head))
           ? FMT_CSV : FMT_UNKNOWN;
}

int import_parse(ImportFormat f, const char *data, size_t len, const ImportSink *s, ImportError *err)
{
    switch (f) {
    case FMT_CSV: return import_csv(data, len, s, err);
    case FMT_JSONL: return import_jsonl(data, len, s, err);
    case FMT_ARCHIVE: return import_archive(data, len, s, err);
    case FMT_PIPE: return import_pipe(data, len, s, err);
    case FMT_OUTBOX: return import_outbox(data, len, s, err);
    default: break;
    }
    return import_fail(err, 0, "unknown format (expected .csv, .jsonl, tweets.js, outbox.json or id|date|text .txt)");
}

const char *import_format_name(ImportFormat f)
{
    static const char *names[] = {"unknown", "csv", "jsonl", "tweets.js", "id|date|text", "outbox.json"};
    return (f >= FMT_UNKNOWN && f <= FMT_OUTBOX) ? names[f] : "unknown";
}

char *import_file_user(ImportFormat f, const char *path)
{
    if (f != FMT_PIPE) return NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}
