/* web_shared.c - the shared model kept open by path and checked against the file's identity
 * (device, inode, size, modification time) on every use. */
#include "web_shared.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static SharedModel *open_model;   /* the open model, or NULL */
static struct stat open_st;       /* its file when opened */

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

SharedModel *web_shared_model(char *err, size_t errlen)
{
    char *path = shared_model_path();
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        free(path);
        shared_model_close(open_model);
        open_model = NULL;
        if (e == ENOENT) err_set(err, errlen, "no shared model");
        else err_set(err, errlen, "cannot read the shared model: %s", strerror(e));
        return NULL;
    }
    if (open_model && same_file(&st, &open_st)) {
        free(path);
        return open_model;
    }
    shared_model_close(open_model);
    open_model = NULL;
    if (shared_model_open(path, &open_model, err, errlen) == 0) open_st = st;
    free(path);
    return open_model;
}
