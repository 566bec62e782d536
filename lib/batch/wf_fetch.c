/* wf_fetch.c - the fetch workflow: which source an account is on, one HTTP client per source,
 * one account at a time with its result line, and the run record of `twitoff fetch` and `seed`. */
#include "wf_fetch.h"
#include "config.h"
#include "db.h"
#include "fetch.h"
#include "runs.h"
#include "users.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The accounts the classic TwitOff app seeded (its TWITTER_USERS list). */
static const char *default_seed =
    "calebhicks elonmusk rrherr SteveMartinToGo alyankovic nasa sadserver jkhowland austen "
    "common_squirrel KenJennings conanobrien big_ben_clock IAM_SHAKESPEARE";

static const Source *const sources[] = {&source_x, &source_bluesky, &source_mastodon};
enum { NSOURCES = sizeof sources / sizeof *sources };

/* The index of the source called name in sources[], or -1. */
static int source_index(const char *name)
{
    for (int i = 0; i < NSOURCES; i++)
        if (name && strcmp(sources[i]->name, name) == 0) return i;
    return -1;
}

/* The source of a handle written without one: user@host is Mastodon, a domain or DID Bluesky. */
static int guess_source(const char *handle)
{
    if (strchr(handle, '@')) return source_index("mastodon");
    if (strchr(handle, '.') || !strncmp(handle, "did:", 4)) return source_index("bluesky");
    return source_index("x");
}

/* Split "SOURCE:HANDLE" / "@HANDLE" / "HANDLE"; *src gets the source's index (forced, when not
 * -1, wins). */
static const char *parse_handle(const char *arg, int forced, int *src)
{
    *src = forced;
    const char *colon = strchr(arg, ':');
    if (colon && strncmp(arg, "did:", 4) != 0) {
        char name[16];
        size_t n = (size_t)(colon - arg);
        if (n < sizeof name) {
            memcpy(name, arg, n);
            name[n] = '\0';
            int named = source_index(name);
            if (named >= 0) {
                if (forced < 0) *src = named;
                arg = colon + 1;
            }
        }
    }
    if (*arg == '@') arg++;
    if (*src < 0) *src = guess_source(arg);
    return arg;
}

/* The base URL of a source from its setting (or default), without trailing slashes. Caller
 * frees; NULL when neither is set. */
static char *source_base(const Source *s)
{
    const char *v = conf_get(s->url_setting);
    if (!v || !*v) v = s->url_default;
    if (!v) return NULL;
    char *b = xstrdup(v);
    for (size_t n = strlen(b); n > 0 && b[n - 1] == '/'; n--) b[n - 1] = '\0';
    return b;
}

/* The HTTP client of source i, made on first use. NULL (reported) when its token is missing or
 * libcurl cannot be used. */
static Http *client_for(Http **clients, int i, Fetch *f)
{
    const Source *s = sources[i];
    if (clients[i]) return clients[i];
    const char *token = NULL;
    if (s->token_setting) {
        token = conf_get(s->token_setting);
        if (!token || !*token) {
            fetch_warn(f, "%s: %s is not set in twitoff.conf (see docs/fetch.md)", s->name, s->token_setting);
            return NULL;
        }
    }
    char err[sizeof f->err];
    clients[i] = http_new(token, f->rep, err, sizeof err);
    if (!clients[i]) fetch_warn(f, "%s: %s", s->name, err);
    return clients[i];
}

static int64_t stored_posts(sqlite3 *db, int64_t user_id)
{
    char err[256];
    int64_t n = db_user_post_count(db, user_id, err, sizeof err);
    return n < 0 ? 0 : n;
}

static int open_writer(Fetch *f)
{
    char err[256];
    if (post_writer_open(&f->writer, f->db, err, sizeof err) == 0) return 0;
    fetch_warn(f, "%s", err);
    return -1;
}

/* Report the count line of a fetched user, and add it (with the error, if any) to t's report. */
static void report_user(Batch *b, const Fetch *f, const char *source, int rc, FetchTotals *t)
{
    Buf line;
    buf_init(&line);
    buf_printf(&line, "%s/%s: %d new posts (%d fetched, %lld stored)%s", source, f->handle,
               f->added, f->seen, (long long)stored_posts(b->db, f->user_id),
               rc == FETCH_OK ? "" : rc == FETCH_STOP ? ", stopped: rate limited" : ", failed");
    report(b->rep, REPORT_RESULT, "%s", line.data);
    if (t->report) {
        buf_printf(t->report, "%s%s", t->report->len ? "; " : "", line.data);
        if (rc == FETCH_FAILED) buf_printf(t->report, ": %s", f->err);
    }
    buf_free(&line);
}

/* Fetch one handle of source i; reports its line and adds to t. */
static int fetch_one(Batch *b, Http **clients, int i, const char *handle, FetchTotals *t)
{
    const Source *s = sources[i];
    Fetch f = {.db = b->db, .source = s->name, .older_eq = s->older_eq, .rep = b->rep};
    int rc = FETCH_FAILED;
    char *base = NULL;
    if (!s->valid(handle)) fetch_warn(&f, "%s: '%s' is not a valid handle", s->name, handle);
    else if ((f.http = client_for(clients, i, &f)) && open_writer(&f) == 0) {
        f.max_posts = conf_get_long("max_posts", 800);
        if (f.max_posts < 1) f.max_posts = 1;
        f.include_replies = post_include_replies();
        f.base = base = source_base(s);
        rc = s->fetch(&f, handle);
        if (db_in_transaction(b->db)) db_rollback(b->db);
        post_writer_close(&f.writer);
    }
    if (f.user_id > 0) report_user(b, &f, s->name, rc, t);
    else if (t->report)
        buf_printf(t->report, "%s%s/%s: failed: %s", t->report->len ? "; " : "", s->name, handle, f.err);
    t->posts += f.added;
    if (rc == FETCH_OK) t->users++;
    free(base);
    free(f.handle);
    free(f.since);
    free(f.newest);
    return rc;
}

/* "unknown source" as the fetch command and the jobs say it. */
static int unknown_source(char *err, size_t errlen, const char *source)
{
    return err_set(err, errlen, "unknown source '%s' (x, bluesky or mastodon)", source);
}

int fetch_handles(Batch *b, const char *source, char *const *handles, int n, FetchTotals *t)
{
    int forced = -1;
    if (source && (forced = source_index(source)) < 0) {
        char err[128];
        unknown_source(err, sizeof err, source);
        report(b->rep, REPORT_WARN, "%s", err);
        return BATCH_USAGE;
    }
    Http *clients[NSOURCES] = {0};
    int status = BATCH_OK;
    if (n > 1) report_progress(b->rep, PROGRESS_START, "fetch", n);
    for (int i = 0; i < n; i++) {
        int s;
        const char *h = parse_handle(handles[i], forced, &s);
        report_progress(b->rep, PROGRESS_PAUSE, NULL, 0);   /* the account's line follows */
        int rc = fetch_one(b, clients, s, h, t);
        report_progress(b->rep, PROGRESS_STEP, NULL, 1);
        if (rc == FETCH_FAILED) {
            t->errors++;
            status = BATCH_FAILED;
        } else if (rc == FETCH_STOP) {
            t->errors++;
            status = BATCH_BUSY;
            break;
        }
    }
    if (n > 1) report_progress(b->rep, PROGRESS_DONE, NULL, 0);
    for (int i = 0; i < NSOURCES; i++) http_free(clients[i]);
    return status;
}

int fetch_seed_list(char ***out)
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

/* Fetch the accounts in a run of command, with its closing line. */
static int fetch_recorded(Batch *b, const char *command, const char *source, char *const *handles,
                          int n, FetchTotals *t)
{
    int64_t run = batch_run_start(b, command);
    int rc = fetch_handles(b, source, handles, n, t);
    Buf msg;
    buf_init(&msg);
    buf_printf(&msg, "%d users, %d new posts%s", t->users, t->posts,
               rc == BATCH_BUSY ? "; stopped: rate limited" : "");
    if (run > 0)
        batch_run_finish(b, run, rc == BATCH_OK ? "ok" : "failed", t->users, t->posts, 0, t->errors, msg.data);
    report(b->rep, REPORT_INFO, "%s: %s", command, msg.data);
    buf_free(&msg);
    return rc;
}

int fetch_run(Batch *b, const FetchRequest *r, FetchTotals *t, char *err, size_t errlen)
{
    if (r->source && source_index(r->source) < 0) {
        unknown_source(err, errlen, r->source);
        return BATCH_USAGE;
    }
    char **list = NULL;   /* the accounts of --all or seed */
    int n = 0;
    if (r->seed && (n = fetch_seed_list(&list)) == 0) return BATCH_OK;
    int rc = batch_start(b, NULL, err, errlen);
    if (rc == BATCH_OK) {
        char dberr[256];
        if (r->all && db_remote_handles(b->db, r->source, 0, &list, &n, dberr, sizeof dberr) != 0)
            report(b->rep, REPORT_WARN, "%s", dberr);
        int listed = r->all || r->seed;   /* handles of --all already name their source */
        rc = fetch_recorded(b, r->seed ? "seed" : "fetch", listed ? NULL : r->source,
                            listed ? list : r->handles, listed ? n : r->n, t);
        batch_finish(b);
    }
    strv_free(list, n);
    return rc;
}
