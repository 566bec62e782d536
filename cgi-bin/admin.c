/* admin.c - /admin: the admin key (only its SHA-256 is stored, in admin.key), sent once in a POST
 * body, opens a session (web_session.h); GET shows the sign-in form or, signed in, the dashboard.
 * Shows the job queue and the last batch runs, and queues work for `twitoff work`: reset the
 * database, fetch the seed list, add (fetch) a user, delete a user, retrain every pair (the action
 * table below); every form carries the session's CSRF token. Opens the main store read-only and
 * writes only the queue store (queue.h). */
#include "config.h"
#include "handle.h"
#include "db.h"
#include "jobs.h"
#include "queue.h"
#include "runs.h"
#include "key.h"
#include "web_main.h"
#include "web_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The actions, as the action field names them. */
enum { ACT_VIEW, ACT_ADD, ACT_DELETE, ACT_SEED, ACT_RETRAIN, ACT_RESET, ACT_SIGNOUT, ACT_COUNT };
static const char *const action_words[ACT_COUNT + 1] = {
    [ACT_VIEW] = "view", [ACT_ADD] = "add",         [ACT_DELETE] = "delete",
    [ACT_SEED] = "seed", [ACT_RETRAIN] = "retrain", [ACT_RESET] = "reset", [ACT_SIGNOUT] = "signout",
};

/* What each action queues, and what it needs besides the key. */
typedef struct {
    const char *job;        /* the kind of job queued; NULL: only show the queue */
    int needs_handle;       /* 1: the user (handle) is required, and is the job's argument */
    int takes_source;       /* 1: the source (source), when given, goes with the job */
    const char *confirm;    /* not NULL: confirm=yes is required, else this message (400) */
} Action;

static const Action actions[ACT_COUNT] = {
    [ACT_VIEW] = {NULL, 0, 0, NULL},
    [ACT_ADD] = {"fetch", 1, 1, NULL},
    [ACT_DELETE] = {"delete", 1, 0, NULL},
    [ACT_SEED] = {"seed", 0, 0, NULL},
    [ACT_RETRAIN] = {"retrain", 0, 0, NULL},
    [ACT_RESET] = {"reset", 0, 0, "Tick the confirmation box to reset the database (confirm)."},
    [ACT_SIGNOUT] = {NULL, 0, 0, NULL},
};

/* The sources a user can be fetched from (the batch's names), and how the form shows them. */
static const char *const source_words[] = {"x", "bluesky", "mastodon", NULL};
static const char *const source_labels[] = {"X", "Bluesky", "Mastodon"};
static const char *const yes[] = {"yes", NULL};

/* The key is not required here: without one (and without a session) the answer is 403 (and a
 * line in the log), not 400. */
static const FieldSpec admin_fields[] = {
    {.name = "key", .kind = FV_KEY, .min = 1, .max = 256, .label = "The admin key"},
    {.name = "csrf", .kind = FV_KEY, .min = 1, .max = 128, .label = "The form token"},
    {.name = "action", .kind = FV_ENUM, .words = action_words, .label = "The action"},
    {.name = "handle", .kind = FV_HANDLE, .label = "The user"},
    {.name = "source", .kind = FV_ENUM, .words = source_words, .label = "The source"},
    {.name = "confirm", .kind = FV_ENUM, .words = yes, .label = "The confirmation"},
};

static void key_field(Buf *b, const char *id)
{
    buf_printf(b, "<div class=\"field\"><label for=\"%s\">Admin key</label>"
                  "<input id=\"%s\" name=\"key\" type=\"password\" autocomplete=\"current-password\" "
                  "required></div>\n", id, id);
}

/* A form of the page; s not NULL: a signed-in form, carrying the session's CSRF token. */
static void form_start(Buf *b, int action, const char *title, const Session *s)
{
    buf_puts(b, "<form class=\"admin\" method=\"post\" action=\"");
    route_url(b, ROUTE_ADMIN, NULL);
    buf_printf(b, "\">\n<fieldset><legend>%s</legend>\n"
                  "<input type=\"hidden\" name=\"action\" value=\"%s\">\n", title, action_words[action]);
    if (s) session_csrf_field(b, s);
}

static void form_end(Buf *b, const char *button)
{
    buf_printf(b, "<button type=\"submit\">%s</button>\n</fieldset>\n</form>\n", button);
}

static void login_page(Response *rs, const char *msg)
{
    Buf *b = &rs->body;
    page_begin(b, "Admin", ROUTE_ADMIN);
    if (msg) page_message(b, "ok", msg);
    buf_puts(b, "<p>Enter the admin key (create one with <code>twitoff admin-key</code>).</p>\n");
    form_start(b, ACT_VIEW, "Sign in", NULL);
    key_field(b, "key");
    form_end(b, "Sign in");
    page_end(b);
}

static void denied(const Request *rq, Response *rs, const char *why)
{
    const char *ip = getenv("REMOTE_ADDR");
    web_log("permission denied (%s) for %s", why, ip ? ip : "unknown address");
    web_error(rq, rs, 403, "Permission denied");
}

/* Queue the job the action asks for (none: view). Returns the message to show ("" for none), with
 * *status set to 400 when the action lacks an input. */
static const char *queue(const Request *rq, sqlite3 *q, Buf *msg, int *status)
{
    int a = req_enum(rq, "action", ACT_VIEW);
    const Action *act = &actions[a];
    if (!act->job) return "";
    if (act->confirm && !req_has(rq, "confirm")) {   /* its only word is "yes" */
        *status = 400;
        return act->confirm;
    }
    const char *handle = act->needs_handle ? req_text(rq, "handle") : NULL;
    if (act->needs_handle && !handle) {
        *status = 400;
        return "The user (handle) is missing.";
    }
    int src = act->takes_source ? req_enum(rq, "source", -1) : -1;
    char err[256];
    int64_t id = db_job_add(q, act->job, handle, src >= 0 ? source_words[src] : NULL, err, sizeof err);
    if (id < 0) {
        web_log("%s", err);
        *status = 503;
        return "The job could not be queued; the data store is unavailable.";
    }
    buf_printf(msg, "Queued job #%lld (%s); 'twitoff work' runs it.", (long long)id, action_words[a]);
    return buf_str(msg);
}

/* One table cell: text (escaped; NULL shows empty), a time, or a number. */
static void cell(Buf *b, const char *text)
{
    buf_puts(b, "<td>");
    html_text(b, text ? text : "");
    buf_puts(b, "</td>");
}

static void cell_time(Buf *b, int64_t t)
{
    char s[32];
    format_time(t, s, sizeof s);
    cell(b, s);
}

static void cell_num(Buf *b, int64_t v)
{
    buf_printf(b, "<td>%lld</td>", (long long)v);
}

static void table_start(Buf *b, const char *title, const char *head)
{
    buf_printf(b, "<h2>%s</h2>\n<div class=\"scroll\"><table>\n<thead><tr>%s</tr></thead>\n<tbody>\n", title, head);
}

static void jobs_table(Buf *b, sqlite3 *db)
{
    table_start(b, "Job queue", "<th>#</th><th>Kind</th><th>User</th><th>Source</th><th>Status</th>"
                                "<th>Message</th><th>Queued (UTC)</th>");
    Job *jobs;
    int n;
    char err[256];
    if (db_jobs_recent(db, 30, &jobs, &n, err, sizeof err) != 0) web_log("%s", err);
    for (int i = 0; i < n; i++) {
        buf_puts(b, "<tr>");
        cell_num(b, jobs[i].id);
        cell(b, jobs[i].kind);
        cell(b, jobs[i].arg);
        cell(b, jobs[i].source);
        cell(b, jobs[i].status);
        cell(b, jobs[i].message);
        cell_time(b, jobs[i].created_at);
        buf_puts(b, "</tr>\n");
    }
    jobs_free(jobs, n);
    buf_puts(b, "</tbody>\n</table></div>\n");
}

static void runs_table(Buf *b, sqlite3 *db)
{
    table_start(b, "Last batch runs", "<th>#</th><th>Command</th><th>Started (UTC)</th><th>Status</th>"
                                      "<th>Posts added</th><th>Pairs trained</th><th>Errors</th><th>Message</th>");
    Run *runs;
    int n;
    char err[256];
    if (db_runs_recent(db, 10, &runs, &n, err, sizeof err) != 0) web_log("%s", err);
    for (int i = 0; i < n; i++) {
        buf_puts(b, "<tr>");
        cell_num(b, runs[i].id);
        cell(b, runs[i].command);
        cell_time(b, runs[i].started_at);
        cell(b, runs[i].status);
        cell_num(b, runs[i].posts_added);
        cell_num(b, runs[i].pairs_trained);
        cell_num(b, runs[i].errors);
        cell(b, runs[i].message);
        buf_puts(b, "</tr>\n");
    }
    runs_free(runs, n);
    buf_puts(b, "</tbody>\n</table></div>\n");
}

static void action_forms(Buf *b, const Session *s)
{
    form_start(b, ACT_ADD, "Add a user (fetched by the batch)", s);
    buf_puts(b, "<div class=\"field\"><label for=\"add-handle\">User</label><input id=\"add-handle\" "
                "name=\"handle\" required maxlength=\"" HANDLE_MAX_STR "\"></div>\n<div class=\"field\"><label "
                "for=\"add-source\">Source</label><select id=\"add-source\" name=\"source\">");
    for (int i = 0; source_words[i]; i++) buf_printf(b, "<option value=\"%s\">%s</option>", source_words[i], source_labels[i]);
    buf_puts(b, "</select></div>\n");
    form_end(b, "Queue fetch");
    form_start(b, ACT_DELETE, "Delete a user", s);
    buf_puts(b, "<div class=\"field\"><label for=\"del-handle\">User</label><input id=\"del-handle\" "
                "name=\"handle\" required maxlength=\"" HANDLE_MAX_STR "\"></div>\n");
    form_end(b, "Queue delete");
    form_start(b, ACT_SEED, "Fetch the seed list", s);
    form_end(b, "Queue seed fetch");
    form_start(b, ACT_RETRAIN, "Retrain every pair", s);
    form_end(b, "Queue retrain");
    form_start(b, ACT_RESET, "Reset the database", s);
    buf_puts(b, "<div class=\"field check\"><input id=\"confirm\" name=\"confirm\" type=\"checkbox\" "
                "value=\"yes\" required><label for=\"confirm\">Yes, delete every user and post</label></div>\n");
    form_end(b, "Queue reset");
    form_start(b, ACT_SIGNOUT, "Session", s);
    form_end(b, "Sign out");
}

static void dashboard(Response *rs, sqlite3 *db, sqlite3 *q, const Session *s, const char *msg, int status)
{
    Buf *b = &rs->body;
    rs->status = status;
    page_begin(b, "Admin", ROUTE_ADMIN);
    if (*msg) page_message(b, status == 200 ? "ok" : "error", msg);
    jobs_table(b, q);
    runs_table(b, db);
    action_forms(b, s);
    page_end(b);
}

/* 1 when the query string names the key (however encoded): refused, as the key must never be
 * in a URL (servers log them), and the request's fields hold the query's too. */
static int key_in_url(void)
{
    const char *qs = getenv("QUERY_STRING");
    if (!qs || !*qs) return 0;
    Request url = {0};
    char err[128];
    int has = req_parse_form(&url, qs, strlen(qs), err, sizeof err) != 0 || req_count(&url, "key") > 0;
    req_free(&url);
    return has;
}

/* The admin key's hash into hash. 1, or 0 when answered: 403 when none is configured, 503 when
 * admin.key cannot be read (both logged). */
static int admin_hash(const Request *rq, Response *rs, char hash[65])
{
    char err[300];
    int have = admin_key_load(hash, err, sizeof err);
    if (have < 0) web_store_unavailable(rq, rs, err);
    else if (have == 0) denied(rq, rs, "no admin key configured: run 'twitoff admin-key'");
    return have == 1;
}

/* The request's authority: the key in the body (a new session), or a live session and, for
 * anything but viewing, its CSRF token. 1 allowed (s filled), 0 answered (403 or 503). */
static int authorize(const Request *rq, Response *rs, sqlite3 *q, const char *hash, Session *s)
{
    char err[300];
    const char *key = req_text(rq, "key");
    if (key) {
        if (!key_matches(key, hash)) {
            denied(rq, rs, "wrong key");
            return 0;
        }
        if (session_open(q, hash, conf_get_long("admin_session_minutes", 30), s, rs, err, sizeof err) == 0) return 1;
        web_store_unavailable(rq, rs, err);
        return 0;
    }
    int live = session_find(q, hash, s, err, sizeof err);
    if (live < 0) {
        web_store_unavailable(rq, rs, err);
        return 0;
    }
    if (!live) {
        denied(rq, rs, getenv("HTTP_COOKIE") ? "no key; no live session" : "no key");
        return 0;
    }
    int a = req_enum(rq, "action", ACT_VIEW);
    if (a != ACT_VIEW && !session_csrf_ok(s, req_text(rq, "csrf"))) {
        denied(rq, rs, req_text(rq, "csrf") ? "wrong form token" : "no form token");
        return 0;
    }
    return 1;
}

/* 1 when the request's cookie names a live session of the current key (a GET then shows the
 * dashboard instead of the sign-in form). */
static int live_session(sqlite3 *q, const char *hash, Session *s)
{
    char err[300];
    int live = session_find(q, hash, s, err, sizeof err);
    if (live < 0) web_log("%s", err);
    return live == 1;
}

/* A signed-in request: sign out, or queue the action and show the dashboard. */
static void signed_in(const Request *rq, Response *rs, sqlite3 *q, Session *s)
{
    char err[300];
    if (req_enum(rq, "action", ACT_VIEW) == ACT_SIGNOUT) {
        if (session_close(q, s, rs, err, sizeof err) != 0) web_log("%s", err);
        login_page(rs, "Signed out.");
        return;
    }
    sqlite3 *db = db_open(DB_RO, err, sizeof err);
    if (!db) {
        web_store_unavailable(rq, rs, err);
        return;
    }
    Buf msg;
    buf_init(&msg);
    int status = 200;
    const char *done = queue(rq, q, &msg, &status);
    dashboard(rs, db, q, s, done, status);
    buf_free(&msg);
    db_close(db);
}

/* 1 when the request is answered before any key or session is looked at: a key in the URL (400),
 * a GET with fields (405), a GET without a cookie (the sign-in form). */
static int answered_at_once(const Request *rq, Response *rs)
{
    if (key_in_url()) {
        web_log("refused an admin key in the URL");
        web_error(rq, rs, 400, "The admin key is sent only in the form's body (POST), never in the URL.");
    } else if (req_is(rq, "GET") && rq->nfields) {
        web_error(rq, rs, 405, "The admin forms are sent with POST.");
        resp_header(rs, "Allow", route_allow(ROUTE_ADMIN));
    } else if (req_is(rq, "GET") && !getenv("HTTP_COOKIE")) {
        login_page(rs, NULL);
    } else {
        return 0;
    }
    return 1;
}

static void page(const Request *rq, Response *rs)
{
    if (answered_at_once(rq, rs)) return;
    char err[300], hash[65];
    int get = req_is(rq, "GET");
    if (get && admin_key_load(hash, err, sizeof err) != 1) {
        login_page(rs, NULL);
        return;
    }
    if (!get && !admin_hash(rq, rs, hash)) return;
    sqlite3 *q = queue_open(QUEUE_PAGE, err, sizeof err);
    if (!q) {
        web_store_unavailable(rq, rs, err);
        return;
    }
    Session s;
    if (get && !live_session(q, hash, &s)) login_page(rs, NULL);
    else if (get || authorize(rq, rs, q, hash, &s)) signed_in(rq, rs, q, &s);
    sqlite3_close(q);
}

int main(void)
{
    static const Page admin = {.name = "twitoff-admin", .route = ROUTE_ADMIN, .fields = admin_fields,
                               .nfields = FIELD_COUNT(admin_fields), .no_store = 1, .handler = page};
    db_single_threaded();
    return web_main(&admin);
}
