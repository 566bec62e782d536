/* sweep.c - remove what an interrupted batch run left behind: temporary files of atomic writes. */
#include "sweep.h"
#include "config.h"
#include "util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 1 when name ends in ".tmp" and six more characters (mkostemp's suffix). */
static int is_temp_name(const char *name)
{
    size_t n = strlen(name);
    return n > 10 && memcmp(name + n - 10, ".tmp", 4) == 0;
}

static int sweep_dir(const char *sub)
{
    char *dir = home_path(sub);
    DIR *d = opendir(dir);
    int removed = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!is_temp_name(e->d_name)) continue;
        Buf p;
        buf_init(&p);
        buf_printf(&p, "%s/%s", dir, e->d_name);
        if (unlink(p.data) == 0) removed++;
        buf_free(&p);
    }
    if (d) closedir(d);
    free(dir);
    return removed;
}

int sweep_temp_files(void)
{
    return sweep_dir("models") + sweep_dir("lists");
}
