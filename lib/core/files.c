/* files.c - whole-file reads, atomic writes and directory walks. */
#include "files.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *read_file(const char *path, size_t *len)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; only a regular file is read */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return NULL;
    struct stat st;
    int ok = fstat(fd, &st) == 0;
    if (!ok || !S_ISREG(st.st_mode)) {
        int e = !ok ? errno : S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        close(fd);
        errno = e;
        return NULL;
    }
    Buf b;
    buf_init(&b);
    buf_grow(&b, (size_t)st.st_size);
    for (;;) {   /* the room for st_size, grown only if the file grew since (no copy otherwise) */
        if (b.cap - b.len - 1 < 4096) buf_grow(&b, 65536);
        ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            buf_free(&b);
            errno = e;
            return NULL;
        }
        if (n == 0) break;
        b.len += (size_t)n;
    }
    close(fd);
    b.data[b.len] = '\0';
    if (len) *len = b.len;
    return b.data;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int fsync_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int write_file_atomic(const char *path, const void *data, size_t len, int mode)
{
    size_t plen = strlen(path);
    char *tmp = xmalloc(plen + 16);
    snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    int rc = write_all(fd, data, len);
    if (rc == 0) rc = fchmod(fd, (mode_t)mode);
    if (rc == 0) rc = fsync(fd);
    int e = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0) unlink(tmp);
    free(tmp);
    if (rc == 0) fsync_dir_of(path);
    errno = e;
    return rc;
}

int mkdir_p(const char *path, int mode)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, (mode_t)mode);
    free(p);
    return (rc != 0 && errno != EEXIST) ? -1 : 0;
}

int file_is_temp(const char *name)
{
    size_t n = strlen(name);
    return n > 10 && memcmp(name + n - 10, ".tmp", 4) == 0;
}

int dir_each(const char *dir, int (*fn)(void *ctx, const char *dir, const char *name), void *ctx)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        n++;
        if (fn(ctx, dir, e->d_name)) break;
    }
    closedir(d);
    return n;
}

/* dir_remove_if's walk: what to match, and how many went. */
typedef struct {
    int (*match)(void *ctx, const char *name);
    void *ctx;
    int removed;
} Removal;

static int remove_one(void *ctx, const char *dir, const char *name)
{
    Removal *r = ctx;
    if (!r->match(r->ctx, name)) return 0;
    char *path = xasprintf("%s/%s", dir, name);
    if (unlink(path) == 0) r->removed++;
    free(path);
    return 0;
}

int dir_remove_if(const char *dir, int (*match)(void *ctx, const char *name), void *ctx)
{
    Removal r = {match, ctx, 0};
    dir_each(dir, remove_one, &r);
    return r.removed;
}
