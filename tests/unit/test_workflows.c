/* test_workflows.c - unit tests for the batch workflows (lib/batch/wf_*.c): import, fetch, train,
 * lists, jobs, nightly, reset, check and eval, each run on a temporary TWITOFF_HOME with a real
 * SQLite store and fixtures written here, through a reporter that records what they say. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "batch.h"
#include "config.h"
#include "db.h"
#include "files.h"
#include "jobs.h"
#include "queue.h"
#include "instance.h"
#include "pair.h"
#include "runs.h"
#include "shared_pairs.h"
#include "summary.h"
#include "userlist.h"
#include "users.h"
#include "util.h"
#include "wf_check.h"
#include "wf_eval.h"
#include "wf_fetch.h"
#include "wf_import.h"
#include "wf_jobs.h"
#include "wf_lists.h"
#include "wf_nightly.h"
#include "wf_reset.h"
#include "wf_train.h"

/* What a workflow said: every message with its level, and how many progress events. */
typedef struct {
    int n;
    int *level;
    char **text;
    int progress;
} Record;

/* One test's instance: a temporary directory holding TWITOFF_HOME (home/) and the fixtures. */
typedef struct {
    char dir[64];
    char *home;
    Record rec;
    Reporter rep;
    char err[1024];
} Env;

static void rec_message(void *ctx, int level, const char *text)
{
    Record *r = ctx;
    r->level = xrealloc(r->level, sizeof *r->level * (size_t)(r->n + 1));
    r->text = xrealloc(r->text, sizeof *r->text * (size_t)(r->n + 1));
    r->level[r->n] = level;
    r->text[r->n++] = xstrdup(text);
}

static void rec_progress(void *ctx, int event, const char *label, long n)
{
    (void)event;
    (void)label;
    (void)n;
    ((Record *)ctx)->progress++;
}

static void rec_clear(Record *r)
{
    strv_free(r->text, r->n);
    free(r->level);
    memset(r, 0, sizeof *r);
}

/* How many messages of level hold needle. */
static int said(const Env *e, int level, const char *needle)
{
    int k = 0;
    for (int i = 0; i < e->rec.n; i++)
        if (e->rec.level[i] == level && strstr(e->rec.text[i], needle)) k++;
    return k;
}

static int at_level(const Env *e, int level)
{
    int k = 0;
    for (int i = 0; i < e->rec.n; i++) k += e->rec.level[i] == level;
    return k;
}

/* A context on e's reporter (no store: the workflow opens it). */
static Batch batch(Env *e)
{
    rec_clear(&e->rec);
    e->err[0] = '\0';
    return (Batch){.db = NULL, .rep = &e->rep};
}

static int setup(void **state)
{
    Env *e = xcalloc(1, sizeof *e);
    snprintf(e->dir, sizeof e->dir, "/tmp/twitoff-wf-XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    e->home = xasprintf("%s/home", e->dir);
    assert_int_equal(mkdir_p(e->home, 0755), 0);
    setenv("TWITOFF_HOME", e->home, 1);
    setenv("TWITOFF_MIN_POSTS", "5", 1);
    setenv("TWITOFF_TRAIN_THREADS", "2", 1);
    unsetenv("TWITOFF_DB");
    unsetenv("TWITOFF_X_BEARER_TOKEN");
    unsetenv("TWITOFF_SEED_USERS");
    e->rep = (Reporter){rec_message, rec_progress, &e->rec};
    *state = e;
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    Env *e = *state;
    nftw(e->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    rec_clear(&e->rec);
    free(e->home);
    free(e);
    conf_free();
    return 0;
}

/* Write content to the fixture file name (beside home/); returns its path (caller frees). */
static char *fixture(Env *e, const char *name, const char *content)
{
    char *path = xasprintf("%s/%s", e->dir, name);
    assert_int_equal(write_file_atomic(path, content, strlen(content), 0644), 0);
    return path;
}

/* n JSON Lines posts of user, ids PREFIX1.., with words that tell the users apart. */
static char *posts(Env *e, const char *name, const char *user, const char *prefix, int n, const char *words)
{
    Buf b;
    buf_init(&b);
    for (int i = 1; i <= n; i++)
        buf_printf(&b, "{\"id\": \"%s%d\", \"screen_name\": \"%s\", \"created_at\": \"2020-01-%02dT10:00:00Z\", "
                       "\"text\": \"%s number %d, %s again\"}\n", prefix, i, user, 1 + i % 28, words, i, words);
    char *path = fixture(e, name, buf_str(&b));
    buf_free(&b);
    return path;
}

/* Import the three users of the training tests (20 posts each). */
static void three_users(Env *e)
{
    char *paths[] = {posts(e, "alice.jsonl", "alice", "a", 20, "garden roses tulips soil"),
                     posts(e, "bob.jsonl", "bob", "b", 20, "rockets orbit launch fuel"),
                     posts(e, "carol.jsonl", "carol", "c", 20, "violin concert sonata bow")};
    Batch b = batch(e);
    ImportOptions o = {0};
    ImportTotals t = {0};
    assert_int_equal(import_files(&b, &o, paths, 3, &t, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(t.added, 60);
    for (int i = 0; i < 3; i++) free(paths[i]);
}

/* Files of $TWITOFF_HOME/sub that are pair models (pairs_only) or any file. */
static int count_entry(void *ctx, const char *dir, const char *name)
{
    (void)dir;
    int *c = ctx;
    if (c[1] == 0 || pair_model_file(name)) c[0]++;
    return 0;
}

static int files_in(const char *sub, int pairs_only)
{
    char *dir = home_path(sub);
    int c[2] = {0, pairs_only};
    dir_each(dir, count_entry, c);
    free(dir);
    return c[0];
}

static int exists(const char *rel)
{
    char *p = home_path(rel);
    int ok = access(p, F_OK) == 0;
    free(p);
    return ok;
}

static sqlite3 *open_store(void)
{
    char err[320];
    sqlite3 *db = db_open(DB_RW, err, sizeof err);
    assert_non_null(db);
    return db;
}

static sqlite3 *open_queue(void)
{
    char err[320];
    sqlite3 *q = queue_open(QUEUE_BATCH, err, sizeof err);
    assert_non_null(q);
    return q;
}

static StoreCounts counts(void)
{
    sqlite3 *db = open_store();
    StoreCounts c;
    char err[256];
    assert_int_equal(db_counts(db, &c, err, sizeof err), 0);
    db_close(db);
    return c;
}

/* The newest run's command, status and message as "command|status|message". Caller frees. */
static char *last_run(void)
{
    sqlite3 *db = open_store();
    Run *runs;
    int n;
    char err[256];
    assert_int_equal(db_runs_recent(db, 1, &runs, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    char *s = xasprintf("%s|%s|%s", runs[0].command, runs[0].status, runs[0].message ? runs[0].message : "");
    runs_free(runs, n);
    db_close(db);
    return s;
}

static void assert_last_run(const char *want)
{
    char *got = last_run();
    assert_string_equal(got, want);
    free(got);
}

/* import: counts, duplicates, retweets and bad rows; a second run stores nothing twice. */
static void test_import_counts(void **state)
{
    Env *e = *state;
    char *path = fixture(e, "mixed.jsonl",
                         "{\"id\": \"1\", \"screen_name\": \"alice\", \"text\": \"hello garden\"}\n"
                         "{\"id\": \"2\", \"screen_name\": \"bob\", \"text\": \"hello rockets\"}\n"
                         "{\"id\": \"3\", \"screen_name\": \"bob\", \"text\": \"RT @alice: hello garden\"}\n"
                         "{\"screen_name\": \"bob\", \"text\": \"no id here\"}\n"
                         "{\"id\": \"5\", \"screen_name\": \"b o b\", \"text\": \"bad user\"}\n"
                         "{\"id\": \"6\", \"screen_name\": \"alice\", \"text\": \"roses\"}\n");
    Batch b = batch(e);
    ImportOptions o = {0};
    ImportTotals t = {0};
    assert_int_equal(import_files(&b, &o, &path, 1, &t, e->err, sizeof e->err), BATCH_OK);
    assert_string_equal(e->err, "");
    assert_null(b.db);                                       /* opened and closed again */
    assert_int_equal(t.files, 1);
    assert_int_equal(t.failed, 0);
    assert_int_equal(t.added, 3);
    assert_int_equal(t.dups, 0);
    assert_int_equal(t.retweets, 1);
    assert_int_equal(t.bad, 2);
    assert_int_equal(said(e, REPORT_NOTICE, "mixed.jsonl:4: no id"), 1);
    assert_int_equal(said(e, REPORT_NOTICE, "mixed.jsonl:5: bad user name"), 1);
    assert_int_equal(said(e, REPORT_INFO, "3 added, 0 duplicates, 1 retweets skipped, 2 bad rows (jsonl, 2 users)"), 1);
    assert_int_equal(said(e, REPORT_NOTICE, "mixed.jsonl: 2 of 6 rows bad (more than a tenth)"), 1);
    assert_int_equal(at_level(e, REPORT_WARN), 0);
    assert_true(e->rec.progress > 0);
    assert_last_run("import|partial|1 files, 0 failed, 1 partial");   /* 2 of its 6 rows are bad */

    b = batch(e);
    ImportTotals again = {0};
    assert_int_equal(import_files(&b, &o, &path, 1, &again, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(again.added, 0);
    assert_int_equal(again.dups, 3);
    StoreCounts c = counts();
    assert_int_equal(c.users, 2);
    assert_int_equal(c.posts, 3);
    free(path);
}

/* import: at most five bad rows of a file are listed (and a count), unless all are asked for. */
static void test_import_bad_rows_listed(void **state)
{
    Env *e = *state;
    char *path = fixture(e, "bad.txt", "1|2020-01-01|fine\nx\ny\nz\nu\nv\nw\n2|2020-01-02|fine too\n");
    Batch b = batch(e);
    ImportOptions o = {0};
    ImportTotals t = {0};
    assert_int_equal(import_files(&b, &o, &path, 1, &t, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(t.bad, 6);
    assert_int_equal(said(e, REPORT_NOTICE, "not an id|date|text line"), 5);
    assert_int_equal(said(e, REPORT_NOTICE, "bad.txt: 1 more bad rows (--verbose lists them all)"), 1);
    b = batch(e);
    o.all_bad_rows = 1;
    assert_int_equal(import_files(&b, &o, &path, 1, &t, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(said(e, REPORT_NOTICE, "not an id|date|text line"), 6);
    assert_int_equal(said(e, REPORT_NOTICE, "more bad rows"), 0);
    free(path);
}

/* import: a malformed file is rolled back whole and reported; an unreadable one too; the others
 * still go in. */
static void test_import_bad_file_rolls_back(void **state)
{
    Env *e = *state;
    char *paths[] = {fixture(e, "broken.jsonl",
                             "{\"id\": \"1\", \"screen_name\": \"alice\", \"text\": \"kept? no\"}\n"
                             "{\"id\": \"2\", \"screen_name\": \"alice\", \"text\": \"nor this\"}\n"
                             "{\"id\": \"3\", \"screen_name\": \"alice\", \"text\": }\n"),
                     xasprintf("%s/missing.jsonl", e->dir),
                     fixture(e, "tweets.js", "window.YTD.tweets.part0 = []\n"),
                     fixture(e, "good.jsonl", "{\"id\": \"9\", \"screen_name\": \"bob\", \"text\": \"stays\"}\n")};
    Batch b = batch(e);
    ImportOptions o = {0};
    ImportTotals t = {0};
    assert_int_equal(import_files(&b, &o, paths, 4, &t, e->err, sizeof e->err), BATCH_FAILED);
    assert_string_equal(e->err, "");                         /* the failures were reported instead */
    assert_int_equal(t.files, 4);
    assert_int_equal(t.failed, 3);
    assert_int_equal(t.added, 1);
    assert_int_equal(said(e, REPORT_WARN, "broken.jsonl:3: bad JSON"), 1);
    assert_int_equal(said(e, REPORT_WARN, "missing.jsonl: cannot read: No such file or directory"), 1);
    assert_int_equal(said(e, REPORT_WARN, "tweets.js: a Twitter archive does not name its user"), 1);
    assert_int_equal(said(e, REPORT_INFO, "good.jsonl: 1 added"), 1);
    assert_int_equal(said(e, REPORT_INFO, "broken.jsonl"), 0);
    StoreCounts c = counts();
    assert_int_equal(c.posts, 1);
    assert_int_equal(c.users, 1);                             /* alice went with her file */
    assert_last_run("import|failed|4 files, 3 failed");
    for (int i = 0; i < 4; i++) free(paths[i]);
}

/* Every workflow that needs the store returns the reason when it cannot be had: here
 * TWITOFF_HOME lies under a regular file, so no directory can be made there (even by root). */
static void test_store_unavailable(void **state)
{
    Env *e = *state;
    char *file = fixture(e, "plain", "not a directory\n");
    char *home = xasprintf("%s/home", file);
    setenv("TWITOFF_HOME", home, 1);
    char *path = fixture(e, "one.jsonl", "{\"id\": \"1\", \"screen_name\": \"alice\", \"text\": \"hi\"}\n");
    Batch b = batch(e);
    ImportOptions io = {0};
    ImportTotals it = {0};
    assert_int_equal(import_files(&b, &io, &path, 1, &it, e->err, sizeof e->err), BATCH_FAILED);
    assert_true(strlen(e->err) > 0);
    assert_int_equal(e->rec.n, 0);                            /* said nothing: the caller shows err */

    b = batch(e);
    TrainRequest tr = {0};
    TrainTotals tt = {0};
    assert_int_equal(train_run(&b, &tr, &tt, e->err, sizeof e->err), BATCH_FAILED);
    assert_non_null(strstr(e->err, home));                    /* the instance check names it */

    b = batch(e);
    int changed;
    assert_int_equal(lists_run(&b, &changed, e->err, sizeof e->err), BATCH_FAILED);
    assert_true(strlen(e->err) > 0);

    b = batch(e);
    WorkTotals w = {0};
    assert_int_equal(jobs_run(&b, &w, e->err, sizeof e->err), BATCH_FAILED);
    assert_true(strlen(e->err) > 0);

    b = batch(e);
    NightlyOptions no = {.no_fetch = 1};
    NightlyTotals nt = {0};
    assert_int_equal(nightly_run(&b, &no, &nt, e->err, sizeof e->err), BATCH_FAILED);
    assert_true(strlen(e->err) > 0);

    b = batch(e);
    FetchRequest fr = {.handles = (char *[]){"nasa"}, .n = 1};
    FetchTotals ft = {0};
    assert_int_equal(fetch_run(&b, &fr, &ft, e->err, sizeof e->err), BATCH_FAILED);
    assert_true(strlen(e->err) > 0);

    b = batch(e);
    EvalResult er;
    assert_int_equal(eval_run(&b, 3, &er, e->err, sizeof e->err), -1);
    assert_true(strlen(e->err) > 0);

    b = batch(e);
    assert_int_equal(reset_run(&b, e->err, sizeof e->err), BATCH_FAILED);
    assert_null(b.db);
    free(path);
    free(home);
    free(file);
}

/* train: a model file and a pair row per pair; then fresh; new posts make their pairs stale; an
 * orphaned pair model goes, the iris model stays; an unknown named pair fails. */
/* The shared model's held-out accuracy on each of the three pairs, in either order and under
 * each prior; an unknown pair and a replaced set. */
static void shared_pairs_recorded(Env *e)
{
    sqlite3 *db = open_store();
    User a, b, c;
    assert_int_equal(db_user_find(db, "alice", &a, e->err, sizeof e->err), 1);
    assert_int_equal(db_user_find(db, "bob", &b, e->err, sizeof e->err), 1);
    assert_int_equal(db_user_find(db, "carol", &c, e->err, sizeof e->err), 1);
    for (int p = 0; p < 2; p++) {
        double ab = db_shared_pair_accuracy(db, a.id, b.id, p, e->err, sizeof e->err);
        assert_true(ab >= 0 && ab <= 1);
        assert_true(db_shared_pair_accuracy(db, b.id, a.id, p, e->err, sizeof e->err) == ab);
        double bc = db_shared_pair_accuracy(db, c.id, b.id, p, e->err, sizeof e->err);
        assert_true(bc >= 0 && bc <= 1);
    }
    assert_true(db_shared_pair_accuracy(db, a.id, 999999, 0, e->err, sizeof e->err) == -1);
    int64_t ids[2] = {a.id, c.id};
    double eq[4] = {-1, 0.25, -1, -1}, po[4] = {-1, 0.75, -1, -1};
    assert_int_equal(db_shared_pairs_save(db, ids, 2, eq, po, e->err, sizeof e->err), 0);
    assert_true(db_shared_pair_accuracy(db, c.id, a.id, 0, e->err, sizeof e->err) == 0.25);
    assert_true(db_shared_pair_accuracy(db, a.id, c.id, 1, e->err, sizeof e->err) == 0.75);
    assert_true(db_shared_pair_accuracy(db, a.id, b.id, 0, e->err, sizeof e->err) == -1);   /* replaced */
    assert_int_equal(db_shared_pairs_save(db, ids, 2, NULL, NULL, e->err, sizeof e->err), 0);
    assert_true(db_shared_pair_accuracy(db, a.id, c.id, 0, e->err, sizeof e->err) == -1);
    user_clear(&a);
    user_clear(&b);
    user_clear(&c);
    db_close(db);
}

static void test_train(void **state)
{
    Env *e = *state;
    three_users(e);
    assert_int_equal(mkdir_p(e->home, 0755), 0);
    char *models = home_path("models");
    assert_int_equal(mkdir_p(models, 0755), 0);
    char *orphan = xasprintf("%s/dave-erin.model", models), *iris = xasprintf("%s/iris.model", models);
    assert_int_equal(write_file_atomic(orphan, "x", 1, 0644), 0);
    assert_int_equal(write_file_atomic(iris, "x", 1, 0644), 0);

    Batch b = batch(e);
    TrainRequest r = {0};
    TrainTotals t = {0};
    assert_int_equal(train_run(&b, &r, &t, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(t.trained, 3);
    assert_int_equal(t.selected, 3);
    assert_int_equal(t.fresh, 0);
    assert_int_equal(t.failed, 0);
    assert_true(exists("models/alice-bob.model"));
    assert_true(exists("models/alice-carol.model"));
    assert_true(exists("models/bob-carol.model"));
    assert_false(exists("models/dave-erin.model"));
    assert_true(exists("models/iris.model"));
    assert_int_equal(files_in("models", 1), 3);
    assert_int_equal(said(e, REPORT_INFO, "train: 3 of 3 pairs trained (0 fresh)"), 1);
    assert_int_equal(said(e, REPORT_VERBOSE, "trained alice vs bob: 20+20 posts"), 1);
    assert_true(e->rec.progress >= 5);                       /* start, 3 steps, done */
    assert_int_equal(counts().pairs, 3);
    assert_last_run("train|ok|");
    shared_pairs_recorded(e);

    b = batch(e);
    TrainTotals again = {0};
    assert_int_equal(train_run(&b, &r, &again, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(again.trained, 0);
    assert_int_equal(again.fresh, 3);

    char *more = posts(e, "more.jsonl", "carol", "cc", 5, "cello quartet");
    b = batch(e);
    ImportOptions io = {0};
    ImportTotals it = {0};
    assert_int_equal(import_files(&b, &io, &more, 1, &it, e->err, sizeof e->err), BATCH_OK);
    b = batch(e);
    TrainTotals stale = {0};
    assert_int_equal(train_run(&b, &r, &stale, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(stale.trained, 2);                       /* carol's two pairs */
    assert_int_equal(stale.fresh, 1);

    b = batch(e);
    TrainRequest named = {"alice", "nobody", 0};
    TrainTotals none = {0};
    assert_int_equal(train_run(&b, &named, &none, e->err, sizeof e->err), BATCH_FAILED);
    assert_int_equal(none.failed, 1);
    assert_int_equal(said(e, REPORT_WARN, "no pair alice vs nobody"), 1);
    assert_last_run("train|failed|");
    free(more);
    free(orphan);
    free(iris);
    free(models);
}

/* lists: the four files are written, and left alone when nothing changed. */
static void test_lists(void **state)
{
    Env *e = *state;
    three_users(e);
    Batch b = batch(e);
    int changed = 0;
    assert_int_equal(lists_run(&b, &changed, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(changed, 1);
    assert_int_equal(said(e, REPORT_INFO, "lists: written in "), 1);
    assert_int_equal(files_in("lists", 0), 5);
    char *html = home_path("lists/users.html");
    size_t len;
    char *text = read_file(html, &len);
    assert_non_null(text);
    char **handles;
    int n = userlist_parse(text, &handles);
    assert_int_equal(n, 3);
    assert_string_equal(handles[0], "alice");
    assert_string_equal(handles[2], "carol");
    strv_free(handles, n);
    free(text);

    b = batch(e);
    assert_int_equal(lists_run(&b, &changed, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(changed, 0);
    assert_int_equal(said(e, REPORT_INFO, "lists: unchanged in "), 1);
    free(html);
}

/* The status and message of job id, as "status|message". Caller frees. */
static char *job(sqlite3 *db, int64_t id)
{
    Job *jobs;
    int n;
    char err[256];
    assert_int_equal(db_jobs_recent(db, 50, &jobs, &n, err, sizeof err), 0);
    char *s = NULL;
    for (int i = 0; i < n; i++)
        if (jobs[i].id == id)
            s = xasprintf("%s|%s", jobs[i].status, jobs[i].message ? jobs[i].message : "");
    jobs_free(jobs, n);
    assert_non_null(s);
    return s;
}

static void assert_job(sqlite3 *db, int64_t id, const char *want)
{
    char *got = job(db, id);
    assert_string_equal(got, want);
    free(got);
}

static int64_t queue(sqlite3 *db, const char *kind, const char *arg, const char *source)
{
    char err[256];
    int64_t id = db_job_add(db, kind, arg, source, err, sizeof err);
    assert_true(id > 0);
    return id;
}

/* jobs: every kind, with the status and message a job gets; a reset job recreates the store and
 * is recorded in the new one. */
static void test_jobs(void **state)
{
    Env *e = *state;
    three_users(e);
    sqlite3 *db = open_queue();
    int64_t ids[] = {queue(db, "fetch", "NASA", "nope"),       /* an unknown source */
                     queue(db, "fetch", "NASA", "x"),          /* X without its token */
                     queue(db, "fetch", NULL, NULL),
                     queue(db, "retrain", NULL, NULL),
                     queue(db, "retrain", "alice bob", NULL),
                     queue(db, "retrain", "alice", NULL),
                     queue(db, "delete", "carol", NULL),
                     queue(db, "delete", "ghost", NULL),
                     queue(db, "frobnicate", NULL, NULL)};
    db_close(db);
    Batch b = batch(e);
    WorkTotals w = {0};
    assert_int_equal(jobs_run(&b, &w, e->err, sizeof e->err), BATCH_FAILED);
    assert_null(b.db);
    assert_int_equal(w.jobs, 9);
    assert_int_equal(w.failed, 6);
    assert_int_equal(w.pairs, 4);
    assert_int_equal(w.reset, 0);
    assert_int_equal(said(e, REPORT_WARN, "unknown source 'nope' (x, bluesky or mastodon)"), 1);
    assert_int_equal(said(e, REPORT_WARN, "x: x_bearer_token is not set in twitoff.conf (see docs/fetch.md)"), 1);
    assert_int_equal(said(e, REPORT_INFO, "work: job 1: fetch NASA"), 1);
    assert_int_equal(said(e, REPORT_INFO, "work: 9 jobs, 6 failed"), 1);
    db = open_queue();
    assert_job(db, ids[0], "failed|0 users, 0 new posts");
    assert_job(db, ids[1], "failed|x/NASA: failed: x: x_bearer_token is not set in twitoff.conf (see docs/fetch.md)");
    assert_job(db, ids[2], "failed|no handle given");
    assert_job(db, ids[3], "done|3 pairs trained");
    assert_job(db, ids[4], "done|1 pairs trained");
    assert_job(db, ids[5], "failed|retrain takes no argument or two handles");
    assert_job(db, ids[6], "done|deleted carol (20 posts) and its models");
    assert_job(db, ids[7], "failed|no user ghost");
    assert_job(db, ids[8], "failed|unknown job kind 'frobnicate'");
    assert_true(exists("models/alice-bob.model"));
    assert_false(exists("models/alice-carol.model"));
    assert_false(exists("models/bob-carol.model"));
    assert_int_equal(counts().users, 2);

    int64_t reset = queue(db, "reset", NULL, NULL);
    assert_true(reset > ids[8]);
    db_close(db);
    b = batch(e);
    WorkTotals w2 = {0};
    assert_int_equal(jobs_run(&b, &w2, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(w2.reset, 1);
    assert_int_equal(said(e, REPORT_INFO, "reset: new empty database at "), 1);
    db = open_queue();
    Job *jobs;
    int n;
    char err[256];
    assert_int_equal(db_jobs_recent(db, 1, &jobs, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);                                   /* the reset job: the queue store stays */
    assert_string_equal(jobs[0].kind, "reset");
    assert_string_equal(jobs[0].status, "done");
    assert_string_equal(jobs[0].message, "database reset");
    jobs_free(jobs, n);
    db_close(db);
    assert_last_run("work|ok|1 jobs, 0 failed");
    assert_int_equal(counts().users, 0);
    assert_int_equal(files_in("models", 1), 0);

    b = batch(e);
    WorkTotals idle = {0};
    assert_int_equal(jobs_run(&b, &idle, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(idle.jobs, 0);
    assert_int_equal(said(e, REPORT_INFO, "work: 0 jobs, 0 failed"), 1);
}

/* The layout: a directory others can write is refused by every writer; the queue store refuses a
 * planted link (the file it points at untouched) and a page never creates the store. */
static void test_layout(void **state)
{
    Env *e = *state;
    char err[320];
    assert_int_equal(instance_safe(err, sizeof err), 0);
    chmod(e->home, 0775);
    assert_int_equal(instance_safe(err, sizeof err), -1);
    assert_non_null(strstr(err, "is writable by its group"));
    Batch b = batch(e);
    int changed;
    assert_int_equal(lists_run(&b, &changed, e->err, sizeof e->err), BATCH_FAILED);
    assert_non_null(strstr(e->err, "refusing to write"));
    chmod(e->home, 0755);
    assert_null(queue_open(QUEUE_PAGE, err, sizeof err));                  /* no store: a page makes none */
    assert_non_null(strstr(err, "run 'twitoff work'"));
    char *qdir = xasprintf("%s/queue", e->home);
    struct stat st;
    assert_int_equal(stat(qdir, &st), -1);
    char *victim = fixture(e, "victim", "precious\n");
    assert_int_equal(mkdir(qdir, 0770), 0);
    assert_int_equal(chmod(qdir, 01777), 0);                               /* sticky: allowed */
    char *shm = xasprintf("%s/jobs.db-shm", qdir);
    assert_int_equal(symlink(victim, shm), 0);
    assert_null(queue_open(QUEUE_BATCH, err, sizeof err));
    assert_non_null(strstr(err, "a symbolic link"));
    char *text = read_file(victim, NULL);
    assert_string_equal(text, "precious\n");
    free(text);
    unlink(shm);
    chmod(qdir, 0777);                                                     /* no sticky bit: refused */
    assert_int_equal(instance_safe(err, sizeof err), -1);
    assert_non_null(strstr(err, "queue is writable by everyone"));
    chmod(qdir, 03770);
    sqlite3 *q = queue_open(QUEUE_BATCH, err, sizeof err);
    assert_non_null(q);
    sqlite3_close(q);
    assert_int_equal(lstat(shm, &st), 0);                                  /* kept on close */
    q = queue_open(QUEUE_PAGE, err, sizeof err);
    assert_non_null(q);
    sqlite3_close(q);
    free(shm);
    free(qdir);
    free(victim);
}

/* nightly --no-fetch: trains, writes the lists, records the run; a second run has nothing to do;
 * a run while another holds the batch lock does nothing. */
static void test_nightly_no_fetch(void **state)
{
    Env *e = *state;
    three_users(e);
    sqlite3 *db = open_store();
    char err[256];
    assert_true(db_user_upsert(db, "x", "NASA", NULL, "11348282", err, sizeof err) > 0);
    db_close(db);
    db = open_queue();
    queue(db, "frobnicate", NULL, NULL);
    db_close(db);

    Batch b = batch(e);
    NightlyOptions o = {.no_fetch = 1};
    NightlyTotals t = {0};
    assert_int_equal(nightly_run(&b, &o, &t, e->err, sizeof e->err), BATCH_OK);
    assert_null(b.db);
    assert_int_equal(t.jobs, 1);
    assert_int_equal(t.pairs_trained, 3);
    assert_int_equal(t.lists_written, 1);
    assert_int_equal(t.errors, 1);
    assert_int_equal(t.failed, 0);
    assert_int_equal(said(e, REPORT_INFO, "nightly: --no-fetch: 1 remote users not refreshed"), 1);
    assert_int_equal(said(e, REPORT_WARN, "nightly: 1 of 1 queued jobs failed (see twitoff status)"), 1);
    assert_int_equal(said(e, REPORT_INFO, "nightly: ok in "), 1);
    assert_true(exists("lists/users.html"));
    assert_true(exists("lists/.state"));
    assert_last_run("nightly|ok|1 of 1 queued jobs failed (see twitoff status)");

    b = batch(e);
    NightlyTotals quiet = {0};
    assert_int_equal(nightly_run(&b, &o, &quiet, e->err, sizeof e->err), BATCH_OK);
    assert_int_equal(quiet.pairs_trained, 0);
    assert_int_equal(quiet.lists_written, 0);
    assert_int_equal(quiet.errors, 0);
    assert_int_equal(said(e, REPORT_INFO, "lists unchanged, 0 errors"), 1);
    assert_last_run("nightly|ok|");

    char *lock = home_path("batch.lock");                    /* another holder of the lock */
    int fd = open(lock, O_RDWR | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
    b = batch(e);
    NightlyTotals busy = {0};
    assert_int_equal(nightly_run(&b, &o, &busy, e->err, sizeof e->err), BATCH_BUSY);
    assert_non_null(strstr(e->err, "another batch run holds"));
    assert_int_equal(e->rec.n, 0);
    b = batch(e);
    assert_int_equal(reset_run(&b, e->err, sizeof e->err), BATCH_BUSY);
    close(fd);
    free(lock);
    assert_int_equal(counts().users, 4);                     /* the busy reset did nothing */
}

/* reset: an empty store; pair models and lists go, the iris model and hidden files stay. */
static void test_reset(void **state)
{
    Env *e = *state;
    three_users(e);
    Batch b = batch(e);
    TrainRequest r = {0};
    TrainTotals t = {0};
    assert_int_equal(train_run(&b, &r, &t, e->err, sizeof e->err), BATCH_OK);
    int changed;
    b = batch(e);
    assert_int_equal(lists_run(&b, &changed, e->err, sizeof e->err), BATCH_OK);
    char *iris = home_path("models/iris.model"), *state_file = home_path("lists/.state");
    assert_int_equal(write_file_atomic(iris, "x", 1, 0644), 0);
    assert_int_equal(write_file_atomic(state_file, "x\n", 2, 0644), 0);

    b = batch(e);
    assert_int_equal(reset_run(&b, e->err, sizeof e->err), BATCH_OK);
    assert_null(b.db);
    assert_int_equal(said(e, REPORT_INFO, "reset: new empty database at "), 1);
    StoreCounts c = counts();
    assert_int_equal(c.users, 0);
    assert_int_equal(c.posts, 0);
    assert_int_equal(c.pairs, 0);
    assert_int_equal(files_in("models", 1), 0);
    assert_true(exists("models/iris.model"));
    assert_false(exists("lists/users.html"));
    assert_true(exists("lists/.state"));

    /* An open store is replaced by the new one. */
    three_users(e);
    b = batch(e);
    b.db = open_store();
    assert_int_equal(reset_store(&b, e->err, sizeof e->err), BATCH_OK);
    assert_non_null(b.db);
    char err[256];
    assert_int_equal(db_counts(b.db, &c, err, sizeof err), 0);
    assert_int_equal(c.users, 0);
    db_close(b.db);
    db_close(b.queue);                                        /* batch_open opened it too */

    /* Database files that cannot be removed: the reason, and no store. */
    char *file = xasprintf("%s/plain", e->dir);
    assert_int_equal(write_file_atomic(file, "x", 1, 0644), 0);
    char *bad = xasprintf("%s/twitoff.db", file);
    setenv("TWITOFF_DB", bad, 1);
    b = batch(e);
    assert_int_equal(reset_store(&b, e->err, sizeof e->err), BATCH_FAILED);
    assert_non_null(strstr(e->err, "cannot remove"));
    assert_null(b.db);
    unsetenv("TWITOFF_DB");
    free(bad);
    free(file);
    free(iris);
    free(state_file);
}

/* check: a whole instance has no problem; a corrupt model, a model named for another pair, a
 * broken list and a leftover temporary are found. */
static void test_check(void **state)
{
    Env *e = *state;
    three_users(e);
    Batch b = batch(e);
    TrainRequest r = {0};
    TrainTotals t = {0};
    assert_int_equal(train_run(&b, &r, &t, e->err, sizeof e->err), BATCH_OK);
    int changed;
    b = batch(e);
    assert_int_equal(lists_run(&b, &changed, e->err, sizeof e->err), BATCH_OK);
    CheckOptions o = {0};
    CheckTotals c = {0};
    assert_int_equal(check_run(&o, &c), BATCH_OK);
    assert_int_equal(c.problems, 0);
    assert_int_equal(c.models, 4);   /* 3 pairs and the shared model */
    assert_int_equal(c.lists, 5);
    assert_int_equal(c.temps, 0);
    check_free(&c);

    char *corrupt = home_path("models/alice-bob.model"), *moved = home_path("models/alice-dave.model");
    char *from = home_path("models/bob-carol.model"), *json = home_path("lists/users.json");
    char *temp = home_path("lists/users.xml.tmpAbC123");
    assert_int_equal(rename(from, moved), 0);
    assert_int_equal(write_file_atomic(corrupt, "garbage", 7, 0644), 0);
    assert_int_equal(write_file_atomic(json, "{", 1, 0644), 0);
    assert_int_equal(write_file_atomic(temp, "x", 1, 0644), 0);
    assert_int_equal(check_run(&o, &c), BATCH_FAILED);
    assert_int_equal(c.problems, 3);
    assert_int_equal(c.temps, 1);
    int found = 0;
    for (int i = 0; i < c.problems; i++) {
        found += strncmp(c.problem[i], "model alice-bob.model: ", 23) == 0;
        found += strcmp(c.problem[i], "model alice-dave.model holds the pair bob-carol.model") == 0;
        found += strncmp(c.problem[i], "list users.json: line 1: ", 25) == 0;
    }
    assert_int_equal(found, 3);
    check_free(&c);
    o.strict = 1;
    assert_int_equal(check_run(&o, &c), BATCH_FAILED);
    assert_int_equal(c.problems, 4);
    assert_string_equal(c.problem[3], "1 temporary files left by an interrupted run");
    check_free(&c);
    free(corrupt);
    free(moved);
    free(from);
    free(json);
    free(temp);
}

/* check without a store: the missing database is the problem. */
static void test_check_no_store(void **state)
{
    (void)state;
    CheckOptions o = {0};
    CheckTotals c = {0};
    assert_int_equal(check_run(&o, &c), BATCH_FAILED);
    assert_int_equal(c.problems, 1);
    assert_int_equal(c.models, 0);
    check_free(&c);
}

/* eval: an estimate per pair, nothing written. */
static void test_eval(void **state)
{
    Env *e = *state;
    three_users(e);
    Batch b = batch(e);
    EvalResult r;
    assert_int_equal(eval_run(&b, 3, &r, e->err, sizeof e->err), 0);
    assert_null(b.db);
    assert_int_equal(r.folds, 3);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.counted, 3);
    assert_string_equal(r.pairs[0].a, "alice");
    assert_string_equal(r.pairs[0].b, "bob");
    assert_true(r.mean > 0.5 && r.mean <= 1.0);
    eval_free(&r);
    assert_int_equal(files_in("models", 0), 0);
    assert_int_equal(counts().pairs, 0);
}

/* fetch: an unknown source is the request's fault, before any store is made; a missing token
 * fails each X account with the reason in the report. */
static void test_fetch_errors(void **state)
{
    Env *e = *state;
    Batch b = batch(e);
    FetchRequest r = {.source = "myspace", .handles = (char *[]){"tom"}, .n = 1};
    FetchTotals t = {0};
    assert_int_equal(fetch_run(&b, &r, &t, e->err, sizeof e->err), BATCH_USAGE);
    assert_string_equal(e->err, "unknown source 'myspace' (x, bluesky or mastodon)");
    assert_false(exists("twitoff.db"));

    b = batch(e);
    FetchRequest x = {.handles = (char *[]){"NASA", "x:jack", "not valid!"}, .n = 3};
    assert_int_equal(fetch_run(&b, &x, &t, e->err, sizeof e->err), BATCH_FAILED);
    assert_string_equal(e->err, "");
    assert_int_equal(t.users, 0);
    assert_int_equal(t.errors, 3);
    assert_int_equal(said(e, REPORT_WARN, "x_bearer_token is not set"), 2);
    assert_int_equal(said(e, REPORT_WARN, "x: 'not valid!' is not a valid handle"), 1);
    assert_int_equal(said(e, REPORT_INFO, "fetch: 0 users, 0 new posts"), 1);
    assert_int_equal(at_level(e, REPORT_RESULT), 0);
    assert_last_run("fetch|failed|0 users, 0 new posts");

    sqlite3 *db = open_store();
    Buf report;
    buf_init(&report);
    b = batch(e);
    b.db = db;
    FetchTotals j = {.report = &report};
    char *h[] = {"jack", "mastodon:bad"};
    assert_int_equal(fetch_handles(&b, "x", h, 2, &j), BATCH_FAILED);
    assert_string_equal(buf_str(&report), "x/jack: failed: x: x_bearer_token is not set in twitoff.conf "
                                          "(see docs/fetch.md); x/bad: failed: x: x_bearer_token is not set "
                                          "in twitoff.conf (see docs/fetch.md)");
    buf_free(&report);
    db_close(db);
}

/* The seed list: the classic app's accounts, or seed_users. */
static void test_seed_list(void **state)
{
    (void)state;
    char **v;
    int n = fetch_seed_list(&v);
    assert_int_equal(n, 14);
    assert_string_equal(v[0], "calebhicks");
    strv_free(v, n);
    setenv("TWITOFF_SEED_USERS", "a, mastodon:b@c.example\td", 1);
    n = fetch_seed_list(&v);
    assert_int_equal(n, 3);
    assert_string_equal(v[1], "mastodon:b@c.example");
    strv_free(v, n);
    unsetenv("TWITOFF_SEED_USERS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_bad_rows_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_bad_file_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_unavailable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jobs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nightly_no_fetch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_no_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eval, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fetch_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seed_list, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
