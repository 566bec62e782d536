/* wf_import.c - the import workflow: each file read whole, detected, parsed into its own
 * transaction (rows checked, users looked up once per file), committed, or rolled back when it
 * is malformed or gives no post; a ZIP or a folder is an archive whose posts files
 * (import_container.h) all go into one transaction. */
#include "wf_import.h"
#include "db.h"
#include "handle.h"
#include "import.h"
#include "import_columns.h"
#include "import_container.h"
#include "post_policy.h"
#include "runs.h"
#include "text.h"
#include "files.h"
#include "users.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { SHOW_BAD_ROWS = 5, MAX_ID = 64 };

/* Handles already looked up in the current file's transaction (open addressing). */
typedef struct {
    char **handle;        /* NULL for an empty slot */
    int64_t *id;          /* the user's row id */
    size_t cap, n;        /* slots (a power of two), used */
} UserCache;

/* The import of one file: where rows go and what happened to them. */
typedef struct {
    Batch *b;
    const ImportOptions *o;
    PostWriter *w;
    const char *path;     /* the file, for messages (an archive's: PATH/ENTRY) */
    const char *user;     /* user of rows that name none (--user, or the file's name), or NULL */
    int force_user;       /* 1: user is the author of every row (an archive is one account's) */
    UserCache users;
    ImportError err;      /* why the parse stopped */
    int include_replies;  /* the include_replies setting (post_policy.h) */
    long added, dups, retweets, bad;
    long no_text, no_id, no_user;  /* bad rows for these reasons (the others: bad - these) */
    long replies, hidden; /* replies skipped (post_policy.h), posts neither public nor unlisted */
    char **badlog;        /* the bad-row lines to report once the file is committed */
    int nbadlog;          /* how many */
} FileImport;

static void cache_free(UserCache *c)
{
    for (size_t i = 0; i < c->cap; i++) free(c->handle[i]);
    free(c->handle);
    free(c->id);
    memset(c, 0, sizeof *c);
}

/* The slot of handle h: where it is, or the empty slot where it belongs. */
static size_t cache_slot(const UserCache *c, const char *h)
{
    size_t i = (size_t)fnv1a64(FNV64_INIT, h, strlen(h)) & (c->cap - 1);
    while (c->handle[i] && strcmp(c->handle[i], h) != 0) i = (i + 1) & (c->cap - 1);
    return i;
}

static void cache_put(UserCache *c, const char *h, int64_t id)
{
    if (2 * (c->n + 1) > c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        UserCache big = {xcalloc(cap, sizeof(char *)), xcalloc(cap, sizeof(int64_t)), cap, 0};
        for (size_t i = 0; i < c->cap; i++)
            if (c->handle[i]) cache_put(&big, c->handle[i], c->id[i]);
        cache_free(c);
        *c = big;
    }
    size_t i = cache_slot(c, h);
    c->handle[i] = xstrdup(h);
    c->id[i] = id;
    c->n++;
}

/* The id of user h (source "import"), creating the user when new. -1 on a database error. */
static int64_t user_id(FileImport *f, const char *h)
{
    if (f->users.cap) {
        size_t i = cache_slot(&f->users, h);
        if (f->users.handle[i]) return f->users.id[i];
    }
    char err[200];
    int64_t id = db_user_upsert(f->b->db, "import", h, NULL, NULL, err, sizeof err);
    if (id >= 0) cache_put(&f->users, h, id);
    return id;
}

/* 0 when id is a usable remote id (1 to 64 printable ASCII characters, no spaces). */
static int check_id(const char *id)
{
    size_t n = 0;
    for (; id[n]; n++)
        if ((unsigned char)id[n] <= ' ' || (unsigned char)id[n] > '~') return -1;
    return (n == 0 || n > MAX_ID) ? -1 : 0;
}

__attribute__((format(printf, 3, 4)))
static int bad_row(FileImport *f, long line, const char *fmt, ...)
{
    f->bad++;
    if (f->bad > SHOW_BAD_ROWS && !f->o->all_bad_rows) return 0;
    Buf b;
    buf_init(&b);
    buf_printf(&b, "%s:%ld: ", f->path, line);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    f->badlog = xrealloc(f->badlog, sizeof *f->badlog * (size_t)(f->nbadlog + 1));
    f->badlog[f->nbadlog++] = buf_detach(&b);
    return 0;
}

/* Store one row with a cleaned, non-empty text: check its id and user, then insert it. */
static int store_row(FileImport *f, const ImportRow *r, const char *text)
{
    char handle[HANDLE_MAX + 1];
    const char *who = (r->user && *r->user && !f->force_user) ? r->user : f->user;
    if (!r->id || !*r->id) {
        f->no_id++;
        return bad_row(f, r->line, "no id");
    }
    if (check_id(r->id) != 0) return bad_row(f, r->line, "bad id");
    if (!who) {
        f->no_user++;
        return bad_row(f, r->line, "no user");
    }
    if (handle_clean(who, handle) != 0) return bad_row(f, r->line, "bad user name");
    int64_t uid = user_id(f, handle);
    char err[200];
    int rc = uid < 0 ? -1 : post_writer_add(f->w, uid, r->id, parse_date(r->created), text, err, sizeof err);
    if (rc < 0) return import_fail(&f->err, r->line, "%s", uid < 0 ? "database error" : err);
    if (rc) f->added++;
    else f->dups++;
    return 0;
}

static void count_skipped(FileImport *f, PostVerdict v)
{
    if (v == POST_REPOST) f->retweets++;
    else if (v == POST_REPLY) f->replies++;
    else if (v == POST_NOT_PUBLIC) f->hidden++;
}

/* The row callback of the parsers: the text cleaned and judged (post_policy.h), then stored. */
static int on_row(void *ctx, const ImportRow *r)
{
    FileImport *f = ctx;
    report_progress(f->b->rep, PROGRESS_STEP, NULL, 1);
    if (r->bad) return bad_row(f, r->line, "%s", r->bad);
    char none[1] = "";
    char *text = r->text ? text_clean(r->text, r->text_len) : NULL;
    PostFacts facts = {.is_repost = r->is_retweet, .reply = r->reply, .not_public = r->not_public};
    PostVerdict v = post_judge(text ? text : none, &facts, f->include_replies);
    int rc = 0;
    if (v != POST_KEEP) count_skipped(f, v);
    else if (!text || !*text) {
        f->no_text++;
        bad_row(f, r->line, text ? "empty text" : "no text");
    }
    else rc = store_row(f, r, text);
    free(text);
    return rc;
}

/* The user of rows that name none: --user, else the name a file gives itself. Caller frees.
 * Fails (reported) when the format needs a user and none is known, or it is unusable. */
static int default_user(Batch *b, ImportFormat fmt, const char *path, const char *opt_user, char **out)
{
    *out = opt_user ? xstrdup(opt_user) : import_file_user(fmt, path);
    char h[HANDLE_MAX + 1];
    if (fmt == FMT_ARCHIVE && !*out) {
        report(b->rep, REPORT_WARN, "%s: a Twitter archive does not name its user: use --user NAME", path);
        return -1;
    }
    if (*out && handle_clean(*out, h) != 0) {
        report(b->rep, REPORT_WARN, "%s: '%s' is not a usable user name: use --user NAME", path, *out);
        free(*out);
        *out = NULL;
        return -1;
    }
    if (*out) strcpy(*out, h);
    return 0;
}

/* 1 for the formats of an archive's posts, where the account is the author of every row. */
static int archive_format(ImportFormat fmt)
{
    return fmt == FMT_ARCHIVE || fmt == FMT_GRAILBIRD;
}

/* Parse the file's rows into the open transaction, through a (when not NULL: it passes its rows
 * on to the workflow's sink). 0, or -1 with the error reported. */
static int import_rows(FileImport *f, ImportFormat fmt, const char *data, size_t len, ArchiveRows *a)
{
    ImportSink sink = {on_row, f, f->user != NULL}, outer = {archive_rows, a, f->user != NULL};
    f->force_user = f->user && archive_format(fmt);
    if (a) a->next = &sink;
    report_progress(f->b->rep, PROGRESS_START, "import rows", 0);
    int rc = import_parse(fmt, data, len, a ? &outer : &sink, &f->err);
    report_progress(f->b->rep, PROGRESS_DONE, NULL, 0);
    if (rc == 0) return 0;
    if (f->err.line > 0) report(f->b->rep, REPORT_WARN, "%s:%ld: %s", f->path, f->err.line, f->err.msg);
    else report(f->b->rep, REPORT_WARN, "%s: %s", f->path, f->err.msg);
    return -1;
}

/* 1 when more than a tenth of the file's rows were bad: the run is then partial. */
static long rows_read(const FileImport *f)
{
    return f->added + f->dups + f->retweets + f->replies + f->hidden + f->bad;
}

static int mostly_bad(const FileImport *f)
{
    return f->bad * 10 > rows_read(f);
}

/* A committed file (or archive, at label): its bad rows, then its counts; what is a format name. */
static void report_file(FileImport *f, const char *label, const char *what)
{
    const Reporter *r = f->b->rep;
    for (int i = 0; i < f->nbadlog; i++) report(r, REPORT_NOTICE, "%s", f->badlog[i]);
    if (f->bad > SHOW_BAD_ROWS && !f->o->all_bad_rows)
        report(r, REPORT_NOTICE, "%s: %ld more bad rows (--verbose lists them all)", label,
               f->bad - SHOW_BAD_ROWS);
    char more[96] = "";
    if (f->replies || f->hidden)
        snprintf(more, sizeof more, ", %ld replies skipped, %ld not public", f->replies, f->hidden);
    report(r, REPORT_INFO, "import: %s: %ld added, %ld duplicates, %ld retweets skipped, %ld bad rows (%s, %zu user%s)%s",
           label, f->added, f->dups, f->retweets, f->bad, what, f->users.n, f->users.n == 1 ? "" : "s", more);
    if (mostly_bad(f))
        report(r, REPORT_NOTICE, "%s: %ld of %ld rows bad (more than a tenth): the run is recorded as partial",
               label, f->bad, rows_read(f));
}

/* Why a parsed file gave no post, into b: its rows, and what was wrong with them. */
static void no_posts_reason(const FileImport *f, Buf *b)
{
    long rows = f->retweets + f->replies + f->hidden + f->bad;
    long other = f->bad - f->no_text - f->no_id - f->no_user;
    const long n[] = {f->no_text, f->no_id, f->no_user, f->retweets, f->replies, f->hidden, other};
    const char *what[] = {"without text", "without an id", "without a user (use --user NAME)",
                          "retweets", "replies skipped", "not public", "bad for other reasons"};
    enum { KINDS = (int)(sizeof n / sizeof *n) };
    int kinds = 0;
    for (int i = 0; i < KINDS; i++) kinds += n[i] > 0;
    if (rows == 0) {
        buf_puts(b, "no posts: the file holds no rows");
        return;
    }
    buf_printf(b, "no posts: %ld row%s", rows, rows == 1 ? "" : "s");
    for (int i = 0, k = 0; i < KINDS; i++) {
        if (n[i] == 0) continue;
        if (kinds == 1) buf_printf(b, ", all %s", what[i]);
        else buf_printf(b, "%s%ld %s", k++ ? ", " : " (", n[i], what[i]);
    }
    if (kinds > 1) buf_putc(b, ')');
}

/* A parsed file (or archive, at label) that gave no post: reported, with the columns it has when
 * it has a header (data, when not NULL). */
static void report_no_posts(const FileImport *f, const char *label, ImportFormat fmt, const char *data,
                            size_t len)
{
    Buf b;
    buf_init(&b);
    no_posts_reason(f, &b);
    char cols[160] = "";
    if (data && (fmt == FMT_CSV || fmt == FMT_JSONL)) import_columns_found(data, len, cols, sizeof cols);
    if (*cols) buf_printf(&b, " (columns found: %s)", cols);
    report(f->b->rep, REPORT_WARN, "%s: %s", label, buf_str(&b));
    buf_free(&b);
}

/* Add a committed file's counts to t. */
static void add_totals(const FileImport *f, ImportTotals *t)
{
    t->added += f->added;
    t->dups += f->dups;
    t->retweets += f->retweets;
    t->bad += f->bad;
    t->partial += mostly_bad(f);
    t->replies += f->replies;
    t->hidden += f->hidden;
}

/* The archive's account: --user, else its account file's. *user (cleaned) and *id (the account
 * file's id, NULL when unknown) are the caller's to free. 0, or -1 reported. */
static int archive_user(Batch *b, const ImportOptions *o, Container *c, const ContainerPlan *p,
                        const char *path, char **user, char **id)
{
    char *named = NULL, err[300];
    *user = *id = NULL;
    if (p->account >= 0) {
        const char *entry = container_name(c, (size_t)p->account);
        char *data;
        size_t len;
        ImportError ie = {0};
        int rc = container_read(c, (size_t)p->account, &data, &len, err, sizeof err);
        if (rc == 0) {
            rc = container_account(data, len, &named, id, &ie);
            free(data);
            if (rc != 0) snprintf(err, sizeof err, "%s: %s", entry, ie.msg);
        }
        if (rc != 0 && !o->user) {
            report(b->rep, REPORT_WARN, "%s: %s", path, err);
            return -1;
        }
    }
    const char *want = o->user ? o->user : named;
    char h[HANDLE_MAX + 1];
    int rc = 0;
    if (!want && (p->layout == LAYOUT_X || p->layout == LAYOUT_GRAILBIRD)) {
        report(b->rep, REPORT_WARN, "%s: the archive has no %s%s to name its account: use --user NAME", path,
               p->root, p->layout == LAYOUT_X ? "data/account.js" : "data/js/user_details.js");
        rc = -1;
    } else if (want && handle_clean(want, h) != 0) {
        report(b->rep, REPORT_WARN, "%s: '%s' is not a usable user name: use --user NAME", path, want);
        rc = -1;
    } else if (want) {
        *user = xstrdup(h);
    }
    free(named);
    if (rc != 0) {
        free(*id);
        *id = NULL;
    }
    return rc;
}

/* Read the note tweets of an X archive. 0, or -1 reported. */
static int archive_notes(Batch *b, Container *c, const ContainerPlan *p, const char *path, NoteSet **notes)
{
    for (size_t i = 0; i < p->nnotes; i++) {
        char *data, err[300];
        size_t len;
        ImportError ie = {0};
        if (container_read(c, p->notes[i], &data, &len, err, sizeof err) != 0) {
            report(b->rep, REPORT_WARN, "%s: %s", path, err);
            return -1;
        }
        int rc = notes_load(notes, data, len, &ie);
        free(data);
        if (rc != 0) {
            report(b->rep, REPORT_WARN, "%s/%s:%ld: %s", path, container_name(c, p->notes[i]), ie.line, ie.msg);
            return -1;
        }
    }
    return 0;
}

/* Every posts file of the plan into the open transaction. 0, or -1 reported. */
static int archive_posts(FileImport *f, Container *c, const ContainerPlan *p, const char *path, ArchiveRows *a)
{
    for (size_t i = 0; i < p->nposts; i++) {
        const char *entry = container_name(c, p->posts[i]);
        char *data, err[300];
        size_t len;
        if (container_read(c, p->posts[i], &data, &len, err, sizeof err) != 0) {
            report(f->b->rep, REPORT_WARN, "%s: %s", path, err);
            return -1;
        }
        char *where = xasprintf("%s/%s", path, entry);
        f->path = where;
        int rc = import_rows(f, import_detect(entry, data, len), data, len, a);
        f->path = path;
        free(where);
        free(data);
        if (rc != 0) return -1;
    }
    return 0;
}

/* Import an archive (a ZIP, or a folder when is_dir) in one transaction and add it to t. 0, or
 * -1 when it failed (and nothing of it stayed). */
static int import_archive_at(Batch *b, const ImportOptions *o, PostWriter *w, const char *path, int is_dir,
                             ImportTotals *t)
{
    char err[300];
    Container *c = is_dir ? container_open_dir(path, NULL, err, sizeof err)
                          : container_open_zip(path, NULL, err, sizeof err);
    if (!c) {
        report(b->rep, REPORT_WARN, "%s: %s", path, err);
        return -1;
    }
    ContainerPlan p;
    char *user = NULL, *id = NULL;
    NoteSet *notes = NULL;
    FileImport f = {.b = b, .o = o, .w = w, .path = path, .include_replies = post_include_replies()};
    int rc = container_plan(c, &p, err, sizeof err);
    if (rc != 0) report(b->rep, REPORT_WARN, "%s: %s", path, err);
    if (rc == 0) rc = archive_user(b, o, c, &p, path, &user, &id);
    if (rc == 0) rc = archive_notes(b, c, &p, path, &notes);
    if (rc == 0 && (rc = db_begin(b->db, err, sizeof err)) != 0) report(b->rep, REPORT_WARN, "%s: %s", path, err);
    ArchiveRows a = {.notes = notes, .account_id = id};
    f.user = user;
    if (rc == 0) {
        rc = archive_posts(&f, c, &p, path, &a);
        if (rc == 0 && f.added + f.dups == 0) {
            report_no_posts(&f, path, FMT_UNKNOWN, NULL, 0);
            rc = -1;
        }
        if (rc == 0 && (rc = db_commit(b->db, err, sizeof err)) != 0)
            report(b->rep, REPORT_WARN, "%s: %s", path, err);
        if (rc != 0) db_rollback(b->db);
    }
    if (rc == 0) {
        Buf what;
        buf_init(&what);
        buf_printf(&what, "%s: %zu file%s", container_layout_name(p.layout), p.nposts, p.nposts == 1 ? "" : "s");
        if (notes) buf_printf(&what, ", %ld of %zu long texts merged", a.merged, notes_count(notes));
        report_file(&f, path, buf_str(&what));
        buf_free(&what);
        add_totals(&f, t);
    }
    notes_free(notes);
    free(user);
    free(id);
    container_plan_free(&p);
    container_close(c);
    cache_free(&f.users);
    strv_free(f.badlog, f.nbadlog);
    return rc == 0 ? 0 : -1;
}

/* 1 when path is a folder (*is_dir set) or a file starting like a ZIP. */
static int is_archive(const char *path, int *is_dir)
{
    struct stat st;
    *is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (*is_dir) return 1;
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    char head[4];
    size_t n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    return container_is_zip(head, n);
}

/* Import one file in its own transaction and add it to t. 0, or -1 when the file failed (and
 * nothing of it stayed). */
static int import_file(Batch *b, const ImportOptions *o, PostWriter *w, const char *path, ImportTotals *t)
{
    int is_dir;
    if (is_archive(path, &is_dir)) return import_archive_at(b, o, w, path, is_dir, t);
    size_t len;
    char *data = read_file(path, &len);
    if (!data) {
        report(b->rep, REPORT_WARN, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    ImportFormat fmt = import_detect(path, data, len);
    FileImport f = {.b = b, .o = o, .w = w, .path = path, .include_replies = post_include_replies()};
    char *user = NULL;
    int rc = default_user(b, fmt, path, o->user, &user);
    f.user = user;
    char err[256];
    if (rc == 0 && (rc = db_begin(b->db, err, sizeof err)) != 0) report(b->rep, REPORT_WARN, "%s: %s", path, err);
    if (rc == 0) {
        rc = import_rows(&f, fmt, data, len, NULL);
        if (rc == 0 && f.added + f.dups == 0) {
            report_no_posts(&f, path, fmt, data, len);
            rc = -1;
        }
        if (rc == 0 && (rc = db_commit(b->db, err, sizeof err)) != 0)
            report(b->rep, REPORT_WARN, "%s: %s", path, err);
        if (rc != 0) db_rollback(b->db);
    }
    if (rc == 0) {
        report_file(&f, path, import_format_name(fmt));
        add_totals(&f, t);
    }
    free(data);
    free(user);
    cache_free(&f.users);
    strv_free(f.badlog, f.nbadlog);
    return rc == 0 ? 0 : -1;
}

int import_files(Batch *b, const ImportOptions *o, char *const *paths, int n, ImportTotals *t,
                 char *err, size_t errlen)
{
    int rc = batch_start(b, NULL, err, errlen);
    if (rc != BATCH_OK) return rc;
    PostWriter w;
    if (post_writer_open(&w, b->db, err, errlen) != 0) {
        batch_finish(b);
        return BATCH_FAILED;
    }
    /* An archive is one transaction of up to hundreds of thousands of posts: with SQLite's
     * default 2 MiB page cache it would spill the same pages to the WAL again and again. */
    db_cache_size(b->db, 256);
    int64_t run = batch_run_start(b, "import");
    for (int i = 0; i < n; i++) {
        t->files++;
        if (import_file(b, o, &w, paths[i], t) != 0) t->failed++;
    }
    char msg[80];
    int len = snprintf(msg, sizeof msg, "%d files, %d failed", n, t->failed);
    if (t->partial) snprintf(msg + len, sizeof msg - (size_t)len, ", %d partial", t->partial);
    const char *status = t->failed ? "failed" : t->partial ? "partial" : "ok";
    batch_run_finish(b, run, status, 0, (int)t->added, 0, t->failed, msg);
    post_writer_close(&w);
    batch_finish(b);
    return t->failed ? BATCH_FAILED : BATCH_OK;
}
