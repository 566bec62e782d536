/* cmd_reset.c - `twitoff reset`: drop and recreate the database, models and lists. */
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "pair.h"
#include "lock.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Remove the files directly inside $TWITOFF_HOME/sub (not the directory itself) that keep()
 * does not claim (keep may be NULL). */
static void empty_dir(const char *sub, int (*keep)(const char *name))
{
    char *dir = home_path(sub);
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' || (keep && keep(e->d_name))) continue;
            Buf p;
            buf_init(&p);
            buf_printf(&p, "%s/%s", dir, e->d_name);
            unlink(p.data);
            buf_free(&p);
        }
        closedir(d);
    }
    free(dir);
}

static int not_pair_model(const char *name)
{
    return !pair_model_file(name);
}

static int confirmed(void)
{
    fprintf(stderr, "This deletes every user, post and model in %s. Type 'yes' to go on: ", twitoff_home());
    char line[16];
    return fgets(line, sizeof line, stdin) && strncmp(line, "yes", 3) == 0;
}

static int remove_db_files(void)
{
    char *path = db_path(), err[320];
    int rc = db_remove_files(path, err, sizeof err);
    if (rc != 0) cli_warn("%s", err);
    free(path);
    return rc;
}

int cmd_reset(int argc, char **argv)
{
    int yes = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0) yes = 1;
        else return usage_error("reset");
    }
    if (!yes && !confirmed()) {
        fprintf(stderr, "%s: reset cancelled\n", progname);
        return EXIT_FAIL;
    }
    char lockerr[1024];
    int busy = batch_lock("reset", lockerr, sizeof lockerr);   /* not under a running batch (re-entrant for work's reset job) */
    if (busy) return cli_outcome(busy > 0 ? EXIT_BUSY : EXIT_FAIL, lockerr);
    int rc = remove_db_files();
    if (rc == 0) {
        empty_dir("models", not_pair_model);   /* the iris example is no user data */
        empty_dir("lists", NULL);
        sqlite3 *db = open_db_or_die();
        db_close(db);
    }
    batch_unlock();
    if (rc != 0) return EXIT_FAIL;
    cli_info("reset: new empty database at %s/twitoff.db", twitoff_home());
    return EXIT_OK;
}
