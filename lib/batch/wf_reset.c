/* wf_reset.c - the reset workflow: database files removed, pair models and lists with them, and a
 * new empty database made. */
#include "wf_reset.h"
#include "config.h"
#include "db.h"
#include "files.h"
#include "lock.h"
#include "pair.h"
#include "shared_model.h"

#include <stdlib.h>
#include <string.h>

/* Files of models/ a reset removes: the pairs' and the shared model (the iris example is no
 * user data). */
static int user_model(void *ctx, const char *name)
{
    (void)ctx;
    return name[0] != '.' && (pair_model_file(name) || strcmp(name, SHARED_MODEL_FILE) == 0);
}

/* Files of lists/ a reset removes: all but hidden ones. */
static int list_file(void *ctx, const char *name)
{
    (void)ctx;
    return name[0] != '.';
}

static void empty_dir(const char *sub, int (*match)(void *ctx, const char *name))
{
    char *dir = home_path(sub);
    dir_remove_if(dir, match, NULL);
    free(dir);
}

int reset_store(Batch *b, char *err, size_t errlen)
{
    db_close(b->db);
    b->db = NULL;
    char *path = db_path();
    int rc = db_remove_files(path, err, errlen);
    free(path);
    if (rc != 0) {
        char again[256];
        batch_open(b, again, sizeof again);   /* carry on with the old store, if it opens */
        return BATCH_FAILED;
    }
    empty_dir("models", user_model);
    empty_dir("lists", list_file);
    if (batch_open(b, err, errlen) != 0) return BATCH_FAILED;
    report(b->rep, REPORT_INFO, "reset: new empty database at %s/twitoff.db", twitoff_home());
    return BATCH_OK;
}

int reset_run(Batch *b, char *err, size_t errlen)
{
    int busy = batch_lock("reset", err, errlen);   /* not while another batch run works */
    if (busy) return busy > 0 ? BATCH_BUSY : BATCH_FAILED;
    int opened = b->db == NULL;
    int rc = reset_store(b, err, errlen);
    if (opened) {
        db_close(b->db);
        b->db = NULL;
    }
    batch_unlock();
    return rc;
}
