/* cmd_status.c - `twitoff status`: counts, stale pairs and the last batch runs. */
#include "cmd.h"
#include "db.h"
#include "stale.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static int64_t count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    int64_t n = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void print_runs(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT command, started_at, coalesce(finished_at, 0), status,"
                                      " posts_added, pairs_trained, errors, coalesce(message, '')"
                                      " FROM runs ORDER BY id DESC LIMIT 5");
    if (!st) return;
    printf("last runs:\n");
    while (sqlite3_step(st) == SQLITE_ROW) {
        char when[32];
        format_time(sqlite3_column_int64(st, 1), when, sizeof when);
        int64_t secs = sqlite3_column_int64(st, 2) ? sqlite3_column_int64(st, 2) - sqlite3_column_int64(st, 1) : -1;
        printf("  %s %-8s %-7s %4llds  posts +%d  pairs %d  errors %d  %s\n", when,
               (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 3),
               (long long)secs, sqlite3_column_int(st, 4), sqlite3_column_int(st, 5),
               sqlite3_column_int(st, 6), (const char *)sqlite3_column_text(st, 7));
    }
    sqlite3_finalize(st);
}

/* The last jobs queued from /admin, with what `twitoff work` made of them. */
static void print_jobs(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT id, created_at, kind, coalesce(arg, ''), status,"
                                      " coalesce(message, '') FROM jobs ORDER BY id DESC LIMIT 5");
    if (!st) return;
    int header = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!header++) printf("last jobs:\n");
        char when[32];
        format_time(sqlite3_column_int64(st, 1), when, sizeof when);
        printf("  #%lld %s %-7s %-20s %-7s %.160s\n", (long long)sqlite3_column_int64(st, 0), when,
               (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
               (const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5));
    }
    sqlite3_finalize(st);
}

int cmd_status(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) json = 1;
        else return usage_error("status");
    }
    sqlite3 *db = open_db_or_die();
    int64_t users = count(db, "SELECT count(*) FROM users");
    int64_t posts = count(db, "SELECT count(*) FROM posts");
    int64_t pairs = count(db, "SELECT count(*) FROM pairs");
    int64_t queued = count(db, "SELECT count(*) FROM jobs WHERE status IN ('queued','running')");
    int stale = stale_pair_count(db);
    if (json) {
        printf("{\"users\": %lld, \"posts\": %lld, \"pairs\": %lld, \"stale_pairs\": %d, \"queued_jobs\": %lld}\n",
               (long long)users, (long long)posts, (long long)pairs, stale, (long long)queued);
    } else {
        printf("users: %lld\nposts: %lld\npairs trained: %lld\nstale pairs: %d\nqueued jobs: %lld\n",
               (long long)users, (long long)posts, (long long)pairs, stale, (long long)queued);
        print_runs(db);
        print_jobs(db);
    }
    db_close(db);
    return stale < 0 ? EXIT_FAIL : EXIT_OK;
}
