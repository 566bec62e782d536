/* admin.c - /admin: protected by the admin key (only its SHA-256 is stored); POST only. Shows
 * the job queue and the last batch runs, and queues work for `twitoff work`: reset the
 * database, fetch the seed list, add (fetch) a user, delete a user, retrain every pair. */
#include "config.h"
#include "handle.h"
#include "db.h"
#include "jobs.h"
#include "runs.h"
#include "key.h"
#include "web_main.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const FieldSpec admin_fields[] = {
    {"key", FV_KEY, 1, 1, 256, "The admin key"},
    {"action", FV_WORD, 0, 1, 20, "The action"},
    {"handle", FV_HANDLE, 0, 1, HANDLE_MAX, "The user"},
    {"source", FV_WORD, 0, 1, 20, "The source"},
    {"confirm", FV_WORD, 0, 1, 10, "The confirmation"},
};
#define NFIELDS ((int)(sizeof admin_fields / sizeof *admin_fields))

static void key_field(Buf *b, const char *id)
{
    buf_printf(b, "<div class=\"field\"><label for=\"%s\">Admin key</label>"
                  "<input id=\"%s\" name=\"key\" type=\"password\" autocomplete=\"current-password\" "
                  "required></div>\n", id, id);
}

static void form_start(Buf *b, const char *action, const char *title)
{
    buf_puts(b, "<form class=\"admin\" method=\"post\" action=\"");
    route_url(b, ROUTE_ADMIN, NULL);
    buf_printf(b, "\">\n<fieldset><legend>%s</legend>\n"
                  "<input type=\"hidden\" name=\"action\" value=\"%s\">\n", title, action);
}

static void form_end(Buf *b, const char *button)
{
    buf_printf(b, "<button type=\"submit\">%s</button>\n</fieldset>\n</form>\n", button);
}

static void login_page(Response *rs)
{
    Buf *b = &rs->body;
    page_begin(b, "Admin", ROUTE_ADMIN);
    buf_puts(b, "<p>Enter the admin key (create one with <code>twitoff admin-key</code>).</p>\n");
    form_start(b, "view", "Sign in");
    key_field(b, "key");
    form_end(b, "Show the queue");
    page_end(b);
}

/* 1 when key's SHA-256 matches the stored admin_key_sha256 (compared in constant time). */
static int key_ok(const char *key)
{
    return key_matches(key, conf_get("admin_key_sha256"));
}

static void denied(const Request *rq, Response *rs, const char *why)
{
    const char *ip = getenv("REMOTE_ADDR");
    web_log("permission denied (%s) for %s", why, ip ? ip : "unknown address");
    web_error(rq, rs, 403, "Permission denied");
}

/* Queue the job an action asks for; returns the message to show, or NULL for an unknown action. */
static const char *queue(const Request *rq, sqlite3 *db, Buf *msg, int *status)
{
    char err[256];
    const char *a = req_get(rq, "action"), *h = req_get(rq, "handle"), *src = req_get(rq, "source");
    int64_t id = -2;
    if (!a || !strcmp(a, "view")) return "";
    if (!strcmp(a, "reset")) {
        if (!req_get(rq, "confirm") || strcmp(req_get(rq, "confirm"), "yes")) {
            *status = 400;
            return "Tick the confirmation box to reset the database (confirm).";
        }
        id = db_job_add(db, "reset", NULL, NULL, err, sizeof err);
    } else if (!strcmp(a, "seed")) id = db_job_add(db, "seed", NULL, NULL, err, sizeof err);
    else if (!strcmp(a, "retrain")) id = db_job_add(db, "retrain", NULL, NULL, err, sizeof err);
    else if (!strcmp(a, "add") || !strcmp(a, "delete")) {
        if (!h) {
            *status = 400;
            return "The user (handle) is missing.";
        }
        if (src && strcmp(src, "x") && strcmp(src, "bluesky") && strcmp(src, "mastodon")) {
            *status = 400;
            return "The source must be x, bluesky or mastodon.";
        }
        id = db_job_add(db, !strcmp(a, "add") ? "fetch" : "delete", h, !strcmp(a, "add") ? src : NULL, err,
                        sizeof err);
    } else {
        *status = 400;
        return "Unknown action.";
    }
    if (id < 0) {
        web_log("%s", err);
        *status = 503;
        return "The job could not be queued; the data store is unavailable.";
    }
    buf_printf(msg, "Queued job #%lld (%s); 'twitoff work' runs it.", (long long)id, a);
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

static void action_forms(Buf *b)
{
    form_start(b, "add", "Add a user (fetched by the batch)");
    buf_puts(b, "<div class=\"field\"><label for=\"add-handle\">User</label><input id=\"add-handle\" "
                "name=\"handle\" required maxlength=\"" HANDLE_MAX_STR "\"></div>\n<div class=\"field\"><label "
                "for=\"add-source\">Source</label><select id=\"add-source\" name=\"source\">"
                "<option value=\"x\">X</option><option value=\"bluesky\">Bluesky</option>"
                "<option value=\"mastodon\">Mastodon</option></select></div>\n");
    key_field(b, "key-add");
    form_end(b, "Queue fetch");
    form_start(b, "delete", "Delete a user");
    buf_puts(b, "<div class=\"field\"><label for=\"del-handle\">User</label><input id=\"del-handle\" "
                "name=\"handle\" required maxlength=\"" HANDLE_MAX_STR "\"></div>\n");
    key_field(b, "key-del");
    form_end(b, "Queue delete");
    form_start(b, "seed", "Fetch the seed list");
    key_field(b, "key-seed");
    form_end(b, "Queue seed fetch");
    form_start(b, "retrain", "Retrain every pair");
    key_field(b, "key-retrain");
    form_end(b, "Queue retrain");
    form_start(b, "reset", "Reset the database");
    buf_puts(b, "<div class=\"field check\"><input id=\"confirm\" name=\"confirm\" type=\"checkbox\" "
                "value=\"yes\" required><label for=\"confirm\">Yes, delete every user and post</label></div>\n");
    key_field(b, "key-reset");
    form_end(b, "Queue reset");
}

static void dashboard(Response *rs, sqlite3 *db, const char *msg, int status)
{
    Buf *b = &rs->body;
    rs->status = status;
    page_begin(b, "Admin", ROUTE_ADMIN);
    if (*msg) page_message(b, status == 200 ? "ok" : "error", msg);
    jobs_table(b, db);
    runs_table(b, db);
    action_forms(b);
    page_end(b);
}

static void page(const Request *rq, Response *rs)
{
    char err[200];
    resp_header(rs, "Cache-Control", "no-store");
    if (req_is(rq, "GET") && rq->nfields == 0) {
        login_page(rs);
        return;
    }
    if (!req_is(rq, "POST")) {
        web_method_not_allowed(rq, rs, "GET, POST");
        return;
    }
    if (!key_ok(req_get(rq, "key"))) {
        denied(rq, rs, req_get(rq, "key") ? "wrong key" : "no key");
        return;
    }
    if (req_validate(rq, admin_fields, NFIELDS, err, sizeof err) != 0) {
        web_error(rq, rs, 400, err);
        return;
    }
    sqlite3 *db = db_open(DB_RW, err, sizeof err);
    if (!db) {
        web_store_unavailable(rq, rs, err);
        return;
    }
    Buf msg;
    buf_init(&msg);
    int status = 200;
    const char *done = queue(rq, db, &msg, &status);
    dashboard(rs, db, done, status);
    buf_free(&msg);
    db_close(db);
}

int main(void)
{
    progname = "twitoff-admin";
    return web_main(page);
}
