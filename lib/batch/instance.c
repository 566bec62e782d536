/* instance.c - the instance directory's layout: who may write what, checked before the batch
 * writes and by `twitoff check`. */
#include "instance.h"
#include "config.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a path of the instance must be. */
typedef struct {
    const char *rel;     /* below $TWITOFF_HOME; "" for itself */
    int dir;             /* 1: a directory, checked before the batch writes */
    int sticky_ok;       /* 1: group-writable allowed when the sticky bit is set (queue/) */
    int deny;            /* mode bits that are a problem (files; `twitoff check` only) */
    int need;            /* mode bits that must be set (files; `twitoff check` only) */
    const char *why;     /* what the bits protect */
} Rule;

static const Rule rules[] = {
    {"", 1, 0, 0, 0, NULL},
    {"models", 1, 0, 0, 0, NULL},
    {"lists", 1, 0, 0, 0, NULL},
    {"log", 1, 0, 0, 0, NULL},
    {"queue", 1, 1, 0, 0, NULL},
    {"twitoff.conf", 0, 0, 077, 0, "it holds the API tokens: chmod 600"},
    {"twitoff.db", 0, 0, 022, 0, "only the batch writes the database: chmod 640"},
    {"admin.key", 0, 0, 022, 0, "chmod 640"},
    {"web.conf", 0, 0, 022, 0, "chmod 640"},
    {"queue/jobs.db", 0, 0, 002, 060, "the pages write the queue: chmod 660, group the web server's"},
};
#define NRULES ((int)(sizeof rules / sizeof *rules))

/* The problem with directory path, or NULL (a missing directory is none). Caller frees. */
static char *dir_problem(const char *path, const Rule *r)
{
    struct stat st;
    int rc = *r->rel ? lstat(path, &st) : stat(path, &st);
    if (rc != 0) return errno == ENOENT ? NULL : xasprintf("cannot check %s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode)) return xasprintf("%s is not a directory", path);
    if (st.st_uid != geteuid() && st.st_uid != 0)
        return xasprintf("%s is owned by uid %ld, not by the batch user (uid %ld): others could replace its files; "
                         "chown it (docs/deploy.md)", path, (long)st.st_uid, (long)geteuid());
    int sticky_group = r->sticky_ok && (st.st_mode & S_ISVTX);
    if ((st.st_mode & S_IWOTH) || ((st.st_mode & S_IWGRP) && !sticky_group))
        return xasprintf("%s is writable by %s (mode %04o): others could plant links the batch would write through; "
                         "chmod %s (docs/deploy.md)", path, (st.st_mode & S_IWOTH) ? "everyone" : "its group",
                         (unsigned)(st.st_mode & 07777), r->sticky_ok ? "3770" : "g-w,o-w");
    return NULL;
}

static char *file_problem(const char *path, const Rule *r)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? NULL : xasprintf("cannot check %s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return xasprintf("%s is not a regular file", path);
    if ((st.st_mode & (mode_t)r->deny) || (st.st_mode & (mode_t)r->need) != (mode_t)r->need)
        return xasprintf("%s has mode %04o: %s", path, (unsigned)(st.st_mode & 07777), r->why);
    return NULL;
}

static char *rule_problem(const Rule *r)
{
    char *path = *r->rel ? home_path(r->rel) : xstrdup(twitoff_home());
    char *p = r->dir ? dir_problem(path, r) : file_problem(path, r);
    free(path);
    return p;
}

int instance_safe(char *err, size_t errlen)
{
    for (int i = 0; i < NRULES && rules[i].dir; i++) {
        char *p = rule_problem(&rules[i]);
        if (p) {
            err_set(err, errlen, "refusing to write: %s", p);
            free(p);
            return -1;
        }
    }
    return 0;
}

int instance_layout(void (*problem)(void *ctx, const char *line), void *ctx)
{
    int n = 0;
    for (int i = 0; i < NRULES; i++) {
        char *p = rule_problem(&rules[i]);
        if (p) {
            problem(ctx, p);
            n++;
        }
        free(p);
    }
    return n;
}
