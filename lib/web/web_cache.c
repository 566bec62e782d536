/* web_cache.c - a small cache of files and pair models keyed by path and checked against the
 * file's identity (device, inode, size, modification time) on every use. */
#include "web_cache.h"
#include "pair.h"
#include "files.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_SLOTS 32
#define CACHE_BYTES (4u << 20)   /* keep at most this much model/file data */

typedef struct {
    char *path;          /* key; NULL when the slot is free */
    struct stat st;      /* identity of the file when it was loaded */
    int is_model;        /* 1: model, 0: raw file */
    char *data;          /* file content */
    size_t len;
    Model model;         /* the model */
    size_t bytes;        /* memory held */
    unsigned long used;  /* last use, for eviction */
} Slot;

static Slot slots[CACHE_SLOTS];
static unsigned long clock_;
static size_t total;

static void slot_free(Slot *s)
{
    free(s->path);
    free(s->data);
    if (s->is_model) model_free(&s->model);
    total -= s->bytes;
    memset(s, 0, sizeof *s);
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The slot holding path (still the same file) or NULL; a stale slot is freed. */
static Slot *lookup(const char *path, const struct stat *st, int is_model)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        Slot *s = &slots[i];
        if (!s->path || s->is_model != is_model || strcmp(s->path, path) != 0) continue;
        if (st && same_file(&s->st, st)) {
            s->used = ++clock_;
            return s;
        }
        slot_free(s);
    }
    return NULL;
}

/* A free slot, evicting the least recently used ones until extra bytes fit. */
static Slot *take_slot(size_t extra)
{
    for (;;) {
        Slot *free_slot = NULL, *oldest = NULL;
        for (int i = 0; i < CACHE_SLOTS; i++) {
            Slot *s = &slots[i];
            if (!s->path) { if (!free_slot) free_slot = s; continue; }
            if (!oldest || s->used < oldest->used) oldest = s;
        }
        if (free_slot && total + extra <= CACHE_BYTES) return free_slot;
        if (!oldest) return free_slot;
        slot_free(oldest);
    }
}

const char *cache_file(const char *path, size_t *len)
{
    struct stat st;
    int ok = stat(path, &st) == 0;
    Slot *s = lookup(path, ok ? &st : NULL, 0);
    if (s) {
        *len = s->len;
        return s->data;
    }
    if (!ok) return NULL;
    size_t n;
    char *data = read_file(path, &n);
    if (!data) return NULL;
    s = take_slot(n);
    s->path = xstrdup(path);
    s->st = st;
    s->data = data;
    s->len = n;
    s->bytes = n;
    s->used = ++clock_;
    total += n;
    *len = n;
    return data;
}

const Model *cache_model(const char *a, const char *b, char *err, size_t errlen)
{
    char *path = pair_model_path(a, b);
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "no model file");
        lookup(path, NULL, 1);
        free(path);
        return NULL;
    }
    Slot *s = lookup(path, &st, 1);
    if (s) {
        free(path);
        return &s->model;
    }
    Model m;
    if (pair_model_load(a, b, &m, err, errlen) != 0) {
        free(path);
        return NULL;
    }
    size_t bytes = (size_t)m.n * (sizeof *m.index + sizeof *m.weight) + 256;
    s = take_slot(bytes);
    s->path = path;
    s->st = st;
    s->is_model = 1;
    s->model = m;
    s->bytes = bytes;
    s->used = ++clock_;
    total += bytes;
    return &s->model;
}
