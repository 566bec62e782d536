/* cmd_web.c - commands for the web side: `twitoff admin-key` and `twitoff iris`. */
#include "cli.h"
#include "cmd.h"
#include "config.h"
#include "iris.h"
#include "key.h"
#include "files.h"
#include "instance.h"
#include "queue.h"
#include "sessions.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A new key ends every admin session (they would end anyway: a session names its key). */
static void end_sessions(void)
{
    char err[320];
    sqlite3 *q = queue_open(QUEUE_BATCH, err, sizeof err);
    int n = q ? db_sessions_clear(q, err, sizeof err) : -1;
    if (n < 0) cli_warn("%s", err);
    else if (n > 0) cli_info("%d admin sessions ended", n);
    sqlite3_close(q);
}

int cmd_admin_key(int argc, char **argv)
{
    (void)argv;
    if (argc != 1) return usage_error("admin-key");
    char key[65], hash[65], err[160];
    if (key_new(key, err, sizeof err) != 0) {
        cli_warn("%s", err);
        return EXIT_FAIL;
    }
    key_hash(key, hash);
    if (instance_safe(err, sizeof err) != 0 || admin_key_save(hash, err, sizeof err) != 0) {
        cli_warn("%s", err);
        return EXIT_FAIL;
    }
    printf("%s\n", key);
    if (fflush(stdout) != 0) return EXIT_FAIL;
    end_sessions();
    cli_info("This is the new admin key for /admin. It is shown only now: only its SHA-256 is stored "
         "(in %s/admin.key); any previous key and every admin session no longer work.", twitoff_home());
    return EXIT_OK;
}

/* The iris data file: the argument, setting iris_data, or data/iris/iris.csv. */
static const char *iris_data_path(int argc, char **argv)
{
    if (argc > 1) return argv[1];
    const char *p = conf_get("iris_data");
    return p ? p : "data/iris/iris.csv";
}

int cmd_iris(int argc, char **argv)
{
    if (argc > 2) return usage_error("iris");
    IrisData d;
    IrisModel m;
    char err[256];
    const char *src = iris_data_path(argc, argv);
    if (iris_data_load(src, &d, err, sizeof err) != 0) {
        cli_warn("%s: %s", src, err);
        return EXIT_FAIL;
    }
    iris_train(&d, &m);
    iris_data_free(&d);
    char *dir = home_path("models");
    char *path = home_path("models/iris.model");
    int rc = EXIT_OK;
    if (instance_safe(err, sizeof err) != 0) {
        cli_warn("%s", err);
        rc = EXIT_FAIL;
    } else if (mkdir_p(dir, 0755) != 0) {
        cli_warn("cannot create %s: %s", dir, strerror(errno));
        rc = EXIT_FAIL;
    } else if (iris_save(&m, path, err, sizeof err) != 0) {
        cli_warn("%s", err);
        rc = EXIT_FAIL;
    } else {
        for (int e = 0; e < IRIS_EXAMPLES; e++) {
            double p[IRIS_CLASSES];
            printf("%s\n", m.classes[iris_predict(&m, m.example[e], p)]);
        }
        cli_info("iris model written to %s (training accuracy %.3f)", path, m.accuracy);
    }
    free(dir);
    free(path);
    return rc;
}
