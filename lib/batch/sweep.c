/* sweep.c - remove what an interrupted batch run left behind: temporary files of atomic writes. */
#include "sweep.h"
#include "config.h"
#include "files.h"
#include "util.h"

#include <stdlib.h>

static int is_temp(void *ctx, const char *name)
{
    (void)ctx;
    return file_is_temp(name);
}

static int sweep_dir(const char *sub)
{
    char *dir = home_path(sub);
    int removed = dir_remove_if(dir, is_temp, NULL);
    free(dir);
    return removed;
}

int sweep_temp_files(void)
{
    return sweep_dir("models") + sweep_dir("lists");
}
