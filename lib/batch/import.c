/* import.c - choosing an importer: format detection by content and extension, and dispatch. */
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

/* 1 when data starts like a CAR v1: a small varint, then a CBOR map naming "version" and "roots". */
static int looks_car(const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    size_t n = 0, i = 0;
    for (int shift = 0; i < len && i < 3; shift += 7) {
        n |= (size_t)(d[i] & 0x7f) << shift;
        if (!(d[i++] & 0x80)) break;
    }
    if (i == 0 || (d[i - 1] & 0x80) || n < 8 || i >= len || (d[i] & 0xe0) != 0xa0) return 0;
    size_t h = n < len - i ? n : len - i;
    return memmem(d + i, h, "version", 7) && memmem(d + i, h, "roots", 5);
}

/* The format the first bytes give away, or FMT_UNKNOWN. */
static ImportFormat sniff(const char *data, size_t len)
{
    if (looks_car(data, len)) return FMT_CAR;
    const char *p = data + import_bom(data, len), *end = data + len;
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p == end) return FMT_UNKNOWN;
    if ((size_t)(end - p) >= 7 && memcmp(p, "window.", 7) == 0) return FMT_ARCHIVE;
    if ((size_t)(end - p) >= 10 && memcmp(p, "Grailbird.", 10) == 0) return FMT_GRAILBIRD;
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
    if (!strcasecmp(ext, "car")) return FMT_CAR;
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
    case FMT_ARCHIVE:
    case FMT_GRAILBIRD: return import_archive(data, len, s, err);
    case FMT_PIPE: return import_pipe(data, len, s, err);
    case FMT_OUTBOX: return import_outbox(data, len, s, err);
    case FMT_CAR: return import_car(data, len, s, err);
    default: break;
    }
    return import_fail(err, 0, "unknown format (expected .csv, .jsonl, tweets.js, outbox.json, id|date|text .txt or a Bluesky .car)");
}

const char *import_format_name(ImportFormat f)
{
    static const char *names[] = {"unknown", "csv", "jsonl", "tweets.js", "id|date|text", "outbox.json", "car",
                                  "grailbird"};
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
