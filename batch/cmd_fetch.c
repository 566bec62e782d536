/* cmd_fetch.c - `twitoff fetch` and `twitoff seed`: download posts from X, Bluesky and Mastodon. */
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "fetch.h"
#include "progress.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The accounts the classic TwitOff app seeded (its TWITTER_USERS list). */
static const char *default_seed =
    "calebhicks elonmusk rrherr SteveMartinToGo alyankovic nasa sadserver jkhowland austen "
    "common_squirrel KenJennings conanobrien big_ben_clock IAM_SHAKESPEARE";

static const Source *sources[] = {&source_x, &source_bluesky, &source_mastodon};
enum { NSOURCES = 3 };

static const Source *source_named(const char *name)
{
    for (int i = 0; i < NSOURCES; i++)
        if (name && strcmp(sources[i]->name, name) == 0) return sources[i];
    return NULL;
}

/* The source of a handle written without one: user@host is Mastodon, a domain or DID Bluesky. */
static const Source *guess_source(const char *handle)
{
    if (strchr(handle, '@')) return &source_mastodon;
    if (strchr(handle, '.') || !strncmp(handle, "did:", 4)) return &source_bluesky;
    return &source_x;
}

/* Split "SOURCE:HANDLE" / "@HANDLE" / "HANDLE"; *src gets the source (forced wins). */
static const char *parse_handle(const char *arg, const Source *forced, const Source **src)
{
    *src = forced;
    const char *colon = strchr(arg, ':');
    if (colon && strncmp(arg, "did:", 4) != 0) {
        char name[16];
        size_t n = (size_t)(colon - arg);
        if (n < sizeof name) {
            memcpy(name, arg, n);
            name[n] = '\0';
            if (source_named(name)) {
                if (!forced) *src = source_named(name);
                arg = colon + 1;
            }
        }
    }
    if (*arg == '@') arg++;
    if (!*src) *src = guess_source(arg);
    return arg;
}

/* The base URL of a source from twitoff.conf, without trailing slashes. Caller frees (may be NULL). */
static char *source_base(const Source *s)
{
    static const char *defaults[] = {"https://api.x.com/2", "https://public.api.bsky.app/xrpc", NULL};
    static const char *names[] = {"x_api_url", "bluesky_api_url", "mastodon_api_url"};
    int i = s == &source_x ? 0 : s == &source_bluesky ? 1 : 2;
    const char *v = conf_get(names[i]);
    if (!v || !*v) v = defaults[i];
    if (!v) return NULL;
    char *b = xstrdup(v);
    for (size_t n = strlen(b); n > 0 && b[n - 1] == '/'; n--) b[n - 1] = '\0';
    return b;
}

/* The HTTP client of a source, made on first use. NULL when X has no token. */
static Http *client_for(Http **clients, const Source *s)
{
    int i = s == &source_x ? 0 : s == &source_bluesky ? 1 : 2;
    if (clients[i]) return clients[i];
    const char *token = NULL;
    if (s == &source_x) {
        token = conf_get("x_bearer_token");
        if (!token || !*token) {
            fetch_warn("x: x_bearer_token is not set in twitoff.conf (see README: Adding accounts)");
            return NULL;
        }
    }
    return clients[i] = http_new(token);
}

static int64_t stored_posts(sqlite3 *db, int64_t user_id)
{
    char err[256];
    int64_t n = db_user_post_count(db, user_id, err, sizeof err);
    return n < 0 ? 0 : n;
}

static int open_writer(PostWriter *w, sqlite3 *db)
{
    char err[256];
    if (post_writer_open(w, db, err, sizeof err) == 0) return 0;
    fetch_warn("%s", err);
    return -1;
}

/* Print the count line of a fetched user, and add it (with the error, if any) to the report. */
static void report_user(sqlite3 *db, const Fetch *f, const char *source, int rc, FetchTotals *t)
{
    Buf line;
    buf_init(&line);
    buf_printf(&line, "%s/%s: %d new posts (%d fetched, %lld stored)%s", source, f->handle,
               f->added, f->seen, (long long)stored_posts(db, f->user_id),
               rc == FETCH_OK ? "" : rc == FETCH_STOP ? ", stopped: rate limited" : ", failed");
    if (!cli_output.quiet) printf("%s\n", line.data);
    if (t->report) {
        buf_printf(t->report, "%s%s", t->report->len ? "; " : "", line.data);
        if (rc == FETCH_FAILED) buf_printf(t->report, ": %s", fetch_last_error());
    }
    buf_free(&line);
}

/* Fetch one handle of source s; prints its line and adds to t. */
static int fetch_one(sqlite3 *db, Http **clients, const Source *s, const char *handle, FetchTotals *t)
{
    Fetch f = {.db = db, .source = s->name, .older_eq = s->older_eq};
    int rc = FETCH_FAILED;
    char *base = NULL;
    if (!s->valid(handle)) fetch_warn("%s: '%s' is not a valid handle", s->name, handle);
    else if ((f.http = client_for(clients, s)) && open_writer(&f.writer, db) == 0) {
        f.max_posts = conf_get_long("max_posts", 800);
        if (f.max_posts < 1) f.max_posts = 1;
        f.base = base = source_base(s);
        rc = s->fetch(&f, handle);
        if (db_in_transaction(db)) db_rollback(db);
        post_writer_close(&f.writer);
    }
    if (f.user_id > 0) report_user(db, &f, s->name, rc, t);
    else if (t->report)
        buf_printf(t->report, "%s%s/%s: failed: %s", t->report->len ? "; " : "", s->name, handle,
                   fetch_last_error());
    t->posts += f.added;
    if (rc == FETCH_OK) t->users++;
    free(base);
    free(f.handle);
    free(f.since);
    free(f.newest);
    return rc;
}

int fetch_handles(sqlite3 *db, const char *source, char *const *handles, int n, FetchTotals *t)
{
    const Source *forced = NULL;
    if (source && !(forced = source_named(source))) {
        fetch_warn("unknown source '%s' (x, bluesky or mastodon)", source);
        return EXIT_USAGE;
    }
    Http *clients[NSOURCES] = {0};
    int status = EXIT_OK;
    if (n > 1) report_progress(cli_reporter(), PROGRESS_START, "fetch", n);
    for (int i = 0; i < n; i++) {
        const Source *s;
        const char *h = parse_handle(handles[i], forced, &s);
        report_progress(cli_reporter(), PROGRESS_PAUSE, NULL, 0);   /* fetch_one prints the account's line */
        int rc = fetch_one(db, clients, s, h, t);
        report_progress(cli_reporter(), PROGRESS_STEP, NULL, 1);
        if (rc == FETCH_FAILED) {
            t->errors++;
            status = EXIT_FAIL;
        } else if (rc == FETCH_STOP) {
            t->errors++;
            status = EXIT_BUSY;
            break;
        }
    }
    if (n > 1) report_progress(cli_reporter(), PROGRESS_DONE, NULL, 0);
    for (int i = 0; i < NSOURCES; i++) http_free(clients[i]);
    return status;
}

/* Record a run of command around fetching handles. */
static int run_fetch(const char *command, const char *source, char *const *handles, int n)
{
    sqlite3 *db = open_db_or_die();
    char err[256];
    int64_t run = db_run_start(db, command, err, sizeof err);
    if (run < 0) cli_warn("%s", err);
    FetchTotals t = {0};
    int rc = fetch_handles(db, source, handles, n, &t);
    Buf msg;
    buf_init(&msg);
    buf_printf(&msg, "%d users, %d new posts%s", t.users, t.posts,
               rc == EXIT_BUSY ? "; stopped: rate limited" : "");
    if (run > 0)
        if (db_run_finish(db, run, rc == EXIT_OK ? "ok" : "failed", t.users, t.posts, 0, t.errors, msg.data,
                          err, sizeof err) != 0) cli_warn("%s", err);
    cli_info("%s: %s", command, msg.data);
    buf_free(&msg);
    db_close(db);
    return rc;
}

/* The "SOURCE:HANDLE" of every fetched account (of source, when not NULL). */
static int fetched_accounts(const char *source, char ***out)
{
    sqlite3 *db = open_db_or_die();
    char err[256];
    int n;
    if (db_remote_handles(db, source, 0, out, &n, err, sizeof err) != 0) cli_warn("%s", err);
    db_close(db);
    return n;
}

int cmd_fetch(int argc, char **argv)
{
    const char *source = NULL;
    int i = 1, all = 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--source") && i + 1 < argc) source = argv[++i];
        else if (!strncmp(argv[i], "--source=", 9)) source = argv[i] + 9;
        else if (!strcmp(argv[i], "--all")) all = 1;
        else return usage_error("fetch");
    }
    if (all == (i < argc)) return usage_error("fetch");
    if (source && !source_named(source)) {
        fetch_warn("unknown source '%s' (x, bluesky or mastodon)", source);
        return EXIT_USAGE;
    }
    if (!all) return run_fetch("fetch", source, argv + i, argc - i);
    char **list;
    int n = fetched_accounts(source, &list);
    int rc = run_fetch("fetch", NULL, list, n);
    strv_free(list, n);
    return rc;
}

int seed_list(char ***out)
{
    const char *v = conf_get("seed_users");
    char *copy = xstrdup(v && *v ? v : default_seed);
    int n = 0, cap = 0;
    *out = NULL;
    for (char *tok = strtok(copy, " ,\t\n"); tok; tok = strtok(NULL, " ,\t\n")) {
        if (n == cap) *out = xrealloc(*out, sizeof **out * (size_t)(cap = cap ? cap * 2 : 16));
        (*out)[n++] = xstrdup(tok);
    }
    free(copy);
    return n;
}

int cmd_seed(int argc, char **argv)
{
    if (argc > 1) return usage_error("seed");
    char **list;
    int n = seed_list(&list);
    int rc = n ? run_fetch("seed", NULL, list, n) : EXIT_OK;
    strv_free(list, n);
    return rc;
}
