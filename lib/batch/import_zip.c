/* import_zip.c - the container reader: a ZIP read in place with libzip (from its file or from
 * memory) or a folder, listed at open, each entry read whole into memory within ContainerLimits,
 * checked before reading (the sizes the ZIP states) and while reading (the bytes inflated). */
#include "import_container.h"
#include "files.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

const ContainerLimits CONTAINER_LIMITS = {
    .total = 1ULL << 30, .entry = 256ULL << 20, .entries = 100000, .ratio = 100, .ratio_floor = 1ULL << 20,
};

/* MIN_ZIP: the smallest ZIP, an end record alone (libzip opens shorter input as an empty one). */
enum { MAX_DEPTH = 16, CHUNK = 1 << 16, MIN_ZIP = 22 };

/* No compressed size to compare with (a folder's file, or a ZIP that does not say). */
#define NO_COMP UINT64_MAX

typedef struct {
    char *name;           /* relative to the container, control characters replaced */
    uint64_t index;       /* the ZIP's entry index (0 for a folder's file) */
} Entry;

struct Container {
    zip_t *zip;           /* NULL for a folder */
    char *dir;            /* the folder (NULL for a ZIP) */
    Entry *e;             /* the entries, sorted by name once listed */
    size_t n, cap;        /* entries used, allocated */
    ContainerLimits lim;
    uint64_t total;       /* bytes read from all entries so far */
};

int container_is_zip(const char *data, size_t len)
{
    return len >= 4 && (memcmp(data, "PK\3\4", 4) == 0 || memcmp(data, "PK\5\6", 4) == 0);
}

static Container *container_new(const ContainerLimits *lim)
{
    Container *c = xcalloc(1, sizeof *c);
    c->lim = lim ? *lim : CONTAINER_LIMITS;
    return c;
}

void container_close(Container *c)
{
    if (!c) return;
    if (c->zip) zip_discard(c->zip);
    for (size_t i = 0; i < c->n; i++) free(c->e[i].name);
    free(c->e);
    free(c->dir);
    free(c);
}

/* "256 MiB", "1 GiB", "2000 bytes": a bound in words. */
static void size_words(uint64_t n, char *out, size_t outlen)
{
    if (n >= (1ULL << 30) && n % (1ULL << 30) == 0) snprintf(out, outlen, "%" PRIu64 " GiB", n >> 30);
    else if (n >= (1ULL << 20) && n % (1ULL << 20) == 0) snprintf(out, outlen, "%" PRIu64 " MiB", n >> 20);
    else snprintf(out, outlen, "%" PRIu64 " bytes", n);
}

/* Add an entry named name (copied, control characters replaced; in a ZIP, a backslash written by some
 * Windows tools read as '/'); -1 with err past the bound. */
static int add_entry(Container *c, const char *name, uint64_t index, char *err, size_t errlen)
{
    if (c->n >= c->lim.entries)
        return err_set(err, errlen, "more than %" PRIu64 " files: refused", c->lim.entries);
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->e = xrealloc(c->e, c->cap * sizeof *c->e);
    }
    char *s = xstrdup(name);
    for (char *p = s; *p; p++) {
        if ((unsigned char)*p < ' ' || *p == 0x7f) *p = '?';
        else if (*p == '\\' && c->zip) *p = '/';
    }
    c->e[c->n++] = (Entry){s, index};
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const Entry *)a)->name, ((const Entry *)b)->name);
}

/* List the files of the open ZIP (folders, whose names end in '/', are left out). */
static int zip_list(Container *c, char *err, size_t errlen)
{
    zip_int64_t n = zip_get_num_entries(c->zip, 0);
    if (n < 0) return err_set(err, errlen, "cannot list the ZIP's entries");
    if ((uint64_t)n > c->lim.entries)
        return err_set(err, errlen, "lists %" PRId64 " entries, more than %" PRIu64 ": refused", (int64_t)n,
                       c->lim.entries);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(c->zip, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
        if (!name || !*name || name[strlen(name) - 1] == '/') continue;
        if (add_entry(c, name, (uint64_t)i, err, errlen) != 0) return -1;
    }
    if (c->n) qsort(c->e, c->n, sizeof *c->e, by_name);
    return 0;
}

/* Open the ZIP that src reads (taken over, freed on failure). */
static Container *zip_from_source(zip_source_t *src, const ContainerLimits *lim, char *err, size_t errlen)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za) {
        err_set(err, errlen, "not a readable ZIP: %s", zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    Container *c = container_new(lim);
    c->zip = za;
    if (zip_list(c, err, errlen) != 0) {
        container_close(c);
        return NULL;
    }
    return c;
}

Container *container_open_zip(const char *path, const ContainerLimits *lim, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) return err_set(err, errlen, "cannot open: %s", strerror(errno)), NULL;
    if (st.st_size < MIN_ZIP) return err_set(err, errlen, "not a readable ZIP: too short"), NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_file_create(path, 0, -1, &ze);
    if (!src) {
        err_set(err, errlen, "cannot open: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    return zip_from_source(src, lim, err, errlen);
}

Container *container_open_zip_mem(const void *data, size_t len, const ContainerLimits *lim,
                                  char *err, size_t errlen)
{
    if (len < MIN_ZIP) return err_set(err, errlen, "not a readable ZIP: too short"), NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        err_set(err, errlen, "cannot read the ZIP: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    return zip_from_source(src, lim, err, errlen);
}

/* A folder's walk: the container, the folder being listed (relative), how deep, the error. */
typedef struct {
    Container *c;
    const char *rel;      /* "" for the top */
    int depth;
    char *err;
    size_t errlen;
    int failed;
} Walk;

/* Folders of media, never holding posts and often huge: not entered. */
static int media_dir(const char *name)
{
    size_t n = strlen(name);
    return (n >= 6 && strcmp(name + n - 6, "_media") == 0) || strcmp(name, "media_attachments") == 0;
}

static int walk_dir(Walk *w);

/* dir_each's callback: list a file, enter a folder. */
static int walk_entry(void *ctx, const char *dir, const char *name)
{
    Walk *w = ctx;
    char *rel = *w->rel ? xasprintf("%s/%s", w->rel, name) : xstrdup(name);
    char *full = xasprintf("%s/%s", dir, name);
    struct stat st;
    int rc = 0;
    if (lstat(full, &st) == 0) {
        int link = S_ISLNK(st.st_mode);
        if (link && stat(full, &st) != 0) st.st_mode = 0;           /* a dangling link: skipped */
        if (S_ISREG(st.st_mode)) {
            rc = add_entry(w->c, rel, 0, w->err, w->errlen);
        } else if (S_ISDIR(st.st_mode) && !link && !media_dir(name) && w->depth < MAX_DEPTH) {
            Walk sub = *w;
            sub.rel = rel;
            sub.depth++;
            rc = walk_dir(&sub);
        }
    }
    if (rc) w->failed = 1;
    free(rel);
    free(full);
    return rc;
}

static int walk_dir(Walk *w)
{
    char *full = *w->rel ? xasprintf("%s/%s", w->c->dir, w->rel) : xstrdup(w->c->dir);
    int rc = dir_each(full, walk_entry, w);
    if (rc < 0 && !w->failed) {
        err_set(w->err, w->errlen, "cannot read the folder %s: %s", full, strerror(errno));
        w->failed = 1;
    }
    free(full);
    return w->failed ? -1 : 0;
}

Container *container_open_dir(const char *path, const ContainerLimits *lim, char *err, size_t errlen)
{
    Container *c = container_new(lim);
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    c->dir = xstrndup(path, n);
    Walk w = {c, "", 0, err, errlen, 0};
    if (walk_dir(&w) != 0) {
        container_close(c);
        return NULL;
    }
    if (c->n) qsort(c->e, c->n, sizeof *c->e, by_name);
    return c;
}

size_t container_count(const Container *c) { return c->n; }

const char *container_name(const Container *c, size_t i) { return i < c->n ? c->e[i].name : NULL; }

/* The most bytes entry i may inflate to: its bound, the container's rest, and comp * ratio. */
static uint64_t allowed(const Container *c, uint64_t comp)
{
    uint64_t cap = c->lim.entry, rest = c->lim.total - c->total;
    if (rest < cap) cap = rest;
    if (comp != NO_COMP) {
        uint64_t r = comp > UINT64_MAX / c->lim.ratio ? UINT64_MAX : comp * c->lim.ratio;
        if (r < c->lim.ratio_floor) r = c->lim.ratio_floor;
        if (r < cap) cap = r;
    }
    return cap;
}

/* The error for n bytes of entry name over allowed(c, comp). */
static int over_bound(const Container *c, const char *name, uint64_t n, uint64_t comp, char *err, size_t errlen)
{
    char w[32];
    if (n > c->lim.entry) {
        size_words(c->lim.entry, w, sizeof w);
        return err_set(err, errlen, "%s: inflates to more than %s, the limit for one file: refused", name, w);
    }
    if (n > c->lim.total - c->total) {
        size_words(c->lim.total, w, sizeof w);
        return err_set(err, errlen, "%s: the archive's files add up to more than %s: refused", name, w);
    }
    return err_set(err, errlen, "%s: inflates to more than %" PRIu64 " times its %" PRIu64
                   " compressed bytes: refused (a ZIP bomb?)", name, c->lim.ratio, comp);
}

/* Where an entry's bytes come from. */
typedef struct {
    zip_file_t *zf;       /* a ZIP entry, or */
    FILE *fp;             /* a folder's file */
} Stream;

/* Up to n bytes into buf: the count (0 at the end), or -1 with err. */
static int64_t stream_read(Stream *s, const char *name, char *buf, uint64_t n, char *err, size_t errlen)
{
    if (s->zf) {
        zip_int64_t got = zip_fread(s->zf, buf, n);
        if (got < 0) err_set(err, errlen, "%s: damaged: %s", name, zip_file_strerror(s->zf));
        return got;
    }
    size_t got = fread(buf, 1, (size_t)n, s->fp);
    if (got == 0 && ferror(s->fp)) return err_set(err, errlen, "%s: cannot read: %s", name, strerror(errno));
    return (int64_t)got;
}

/* Read s whole: at most allowed(c, comp) bytes (one more is refused). stated: the size the
 * container gives (a first guess for the buffer); exact: 1 when the bytes read must be as many
 * (a ZIP's entry: libzip checks the checksum, not the size). */
static int read_stream(Container *c, const char *name, Stream *s, uint64_t stated, int exact, uint64_t comp,
                       char **out, size_t *len, char *err, size_t errlen)
{
    uint64_t cap = allowed(c, comp);
    uint64_t first = stated ? (stated < cap ? stated : cap) : (cap < CHUNK ? cap : CHUNK);
    size_t size = (size_t)first + 2;                    /* the bytes, one to see the end, the NUL */
    char *buf = xmalloc(size);
    uint64_t got = 0;
    for (;;) {
        if (got + 1 >= size) {
            size = size > SIZE_MAX / 2 ? SIZE_MAX : size * 2;
            if (size > cap + 2) size = (size_t)cap + 2;              /* room for one byte too many */
            buf = xrealloc(buf, size);
        }
        uint64_t want = size - 1 - got;
        if (want > CHUNK) want = CHUNK;
        int64_t n = stream_read(s, name, buf + got, want, err, errlen);
        if (n < 0) break;
        if (n == 0 && exact && got != stated) {
            err_set(err, errlen, "%s: damaged: inflates to %" PRIu64 " bytes, not the %" PRIu64 " its header states",
                    name, got, stated);
            break;
        }
        if (n == 0) {
            buf[got] = '\0';
            c->total += got;
            *out = buf;
            *len = (size_t)got;
            return 0;
        }
        got += (uint64_t)n;
        if (got > cap) {
            over_bound(c, name, got, comp, err, errlen);
            break;
        }
    }
    free(buf);
    return -1;
}

/* Entry i of a ZIP: its stated sizes checked, then read. */
static int zip_read(Container *c, size_t i, char **out, size_t *len, char *err, size_t errlen)
{
    const char *name = c->e[i].name;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(c->zip, c->e[i].index, 0, &st) != 0)
        return err_set(err, errlen, "%s: %s", name, zip_strerror(c->zip));
    int stored = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_STORE;
    uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) && !stored ? st.comp_size : NO_COMP;
    uint64_t stated = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    if (stated > allowed(c, comp)) return over_bound(c, name, stated, comp, err, errlen);
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return err_set(err, errlen, "%s: encrypted: refused", name);
    Stream s = {zip_fopen_index(c->zip, c->e[i].index, 0), NULL};
    if (!s.zf) return err_set(err, errlen, "%s: cannot open: %s", name, zip_strerror(c->zip));
    int rc = read_stream(c, name, &s, stated, (st.valid & ZIP_STAT_SIZE) != 0, comp, out, len, err, errlen);
    zip_fclose(s.zf);
    return rc;
}

/* Entry i of a folder: its size checked, then read. */
static int dir_read(Container *c, size_t i, char **out, size_t *len, char *err, size_t errlen)
{
    const char *name = c->e[i].name;
    char *path = xasprintf("%s/%s", c->dir, name);
    Stream s = {NULL, fopen(path, "rb")};
    free(path);
    if (!s.fp) return err_set(err, errlen, "%s: cannot open: %s", name, strerror(errno));
    struct stat st;
    uint64_t stated = fstat(fileno(s.fp), &st) == 0 && st.st_size > 0 ? (uint64_t)st.st_size : 0;
    int rc = stated > allowed(c, NO_COMP) ? over_bound(c, name, stated, NO_COMP, err, errlen)
                                         : read_stream(c, name, &s, stated, 0, NO_COMP, out, len, err, errlen);
    fclose(s.fp);
    return rc;
}

int container_read(Container *c, size_t i, char **out, size_t *len, char *err, size_t errlen)
{
    *out = NULL;
    *len = 0;
    if (i >= c->n) return err_set(err, errlen, "no entry %zu", i);
    return c->zip ? zip_read(c, i, out, len, err, errlen) : dir_read(c, i, out, len, err, errlen);
}
