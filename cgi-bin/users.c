/* users.c - GET /users (every user, post count, newest post, mean pair accuracy) and
 * GET /users/NAME (the user and their posts, newest first, 50 a page); ".json" or
 * Accept: application/json for JSON. */
#include "config.h"
#include "db.h"
#include "web_cache.h"
#include "web_main.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

static const FieldSpec user_fields[] = {
    {"page", FV_NUMBER, 0, 1, 1000000, "The page number"},
};

static void when(Buf *b, int64_t t)
{
    char s[32];
    if (t <= 0) {
        buf_puts(b, "-");
        return;
    }
    format_time(t, s, sizeof s);
    buf_puts(b, s);
}

static void list_json(Buf *b, sqlite3_stmt *st)
{
    buf_puts(b, "{\"users\":[");
    for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
        buf_puts(b, i ? ",{\"screen_name\":" : "{\"screen_name\":");
        json_str(b, (const char *)sqlite3_column_text(st, 0));
        buf_printf(b, ",\"posts\":%lld,\"newest_post_at\":%lld,\"mean_accuracy\":",
                   (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 2));
        if (sqlite3_column_type(st, 3) == SQLITE_NULL) buf_puts(b, "null}");
        else buf_printf(b, "%.4f}", sqlite3_column_double(st, 3));
    }
    buf_puts(b, "]}\n");
}

/* The pairwise accuracy heat map `twitoff lists` draws (lists/accuracy.svg), inline. It is the
 * batch's own file, written with libxml2's writer (every handle escaped there) and without
 * <style> (the CSP forbids inline styles). Nothing when it is missing. */
static void heat_map(Buf *b)
{
    char *path = home_path("lists/accuracy.svg");
    size_t len;
    const char *svg = cache_file(path, &len);
    free(path);
    const char *start = svg ? strstr(svg, "<svg") : NULL;
    if (!start) return;
    buf_puts(b, "<figure class=\"heatmap\">\n");
    buf_add(b, start, len - (size_t)(start - svg));
    buf_puts(b, "<figcaption>Held-out accuracy of every pair of users: how well their model tells "
                "them apart (50% is chance).</figcaption>\n</figure>\n");
}

/* A link to handle's page, "@handle", escaped. */
static void user_link(Buf *b, const char *handle)
{
    buf_puts(b, "<a href=\"");
    html_attr(b, web_base());
    buf_puts(b, "/users/");
    html_url(b, handle);
    buf_puts(b, "\">@");
    html_text(b, handle);
    buf_puts(b, "</a>");
}

static void list_html(Buf *b, sqlite3_stmt *st)
{
    page_begin(b, "Users", "users");
    buf_puts(b, "<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">User</th><th scope=\"col\">"
                "Posts</th><th scope=\"col\">Newest post (UTC)</th><th scope=\"col\">Mean pair "
                "accuracy</th></tr></thead>\n<tbody>\n");
    int n = 0;
    for (; sqlite3_step(st) == SQLITE_ROW; n++) {
        const char *h = (const char *)sqlite3_column_text(st, 0);
        buf_puts(b, "<tr><td>");
        user_link(b, h);
        buf_printf(b, "</td><td class=\"num\">%lld</td><td>", (long long)sqlite3_column_int64(st, 1));
        when(b, sqlite3_column_int64(st, 2));
        if (sqlite3_column_type(st, 3) == SQLITE_NULL) buf_puts(b, "</td><td class=\"num\">-</td></tr>\n");
        else buf_printf(b, "</td><td class=\"num\">%.1f%%</td></tr>\n", 100 * sqlite3_column_double(st, 3));
    }
    buf_puts(b, "</tbody>\n</table></div>\n");
    if (n == 0) page_message(b, "info", "No users yet.");
    else heat_map(b);
    page_end(b);
}

static void user_list(const Request *rq, Response *rs, sqlite3 *db, int json)
{
    sqlite3_stmt *st = db_prepare(db,
        "SELECT u.handle, (SELECT count(*) FROM posts p WHERE p.user_id = u.id),"
        " (SELECT max(created_at) FROM posts p WHERE p.user_id = u.id),"
        " (SELECT avg(accuracy) FROM pairs WHERE user_a = u.id OR user_b = u.id)"
        " FROM users u ORDER BY u.handle COLLATE NOCASE, u.id");
    if (!st) {
        web_error(rq, rs, 503, "The data store is unavailable; please try again later.");
        return;
    }
    if (json) {
        rs->type = "application/json";
        list_json(&rs->body, st);
    } else list_html(&rs->body, st);
    sqlite3_finalize(st);
}

/* Links to the previous and next pages of a user's posts. */
static void paging(Buf *b, const char *handle, long page, long pages)
{
    buf_puts(b, "<nav class=\"paging\" aria-label=\"Pages\">");
    for (int dir = -1; dir <= 1; dir += 2) {
        long to = page + dir;
        if (to < 1 || to > pages) continue;
        buf_puts(b, "<a href=\"");
        html_attr(b, web_base());
        buf_puts(b, "/users/");
        html_url(b, handle);
        buf_printf(b, "?page=%ld\" rel=\"%s\">%s</a> ", to, dir < 0 ? "prev" : "next",
                   dir < 0 ? "&larr; Newer" : "Older &rarr;");
    }
    buf_printf(b, "<span>Page %ld of %ld</span></nav>\n", page, pages);
}

static void posts_out(Buf *b, sqlite3_stmt *st, int json)
{
    for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        int64_t t = sqlite3_column_int64(st, 1);
        const char *text = (const char *)sqlite3_column_text(st, 2);
        if (json) {
            buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
            json_str(b, id);
            buf_printf(b, ",\"created_at\":%lld,\"text\":", (long long)t);
            json_str(b, text);
            buf_putc(b, '}');
            continue;
        }
        buf_puts(b, "<li><p>");
        html_text(b, text);
        buf_puts(b, "</p><small>");
        when(b, t);
        buf_puts(b, "</small></li>\n");
    }
}

/* How well each pair of the user separates: the other user and the pair's held-out accuracy,
 * best first (only on the first page). Nothing when the user has no trained pair. */
static void pair_table(Buf *b, sqlite3 *db, const User *u)
{
    sqlite3_stmt *st = db_prepare(db,
        "SELECT o.handle, p.accuracy FROM pairs p JOIN users o"
        " ON o.id = CASE WHEN p.user_a = ?1 THEN p.user_b ELSE p.user_a END"
        " WHERE (p.user_a = ?1 OR p.user_b = ?1) AND p.accuracy IS NOT NULL"
        " ORDER BY p.accuracy DESC, o.handle");
    if (!st) return;
    sqlite3_bind_int64(st, 1, u->id);
    int n = 0;
    for (; sqlite3_step(st) == SQLITE_ROW; n++) {
        const char *h = (const char *)sqlite3_column_text(st, 0);
        if (n == 0)
            buf_puts(b, "<h2>How well each pair separates</h2>\n<div class=\"scroll\"><table class=\"pairs\">\n"
                        "<thead><tr><th scope=\"col\">Against</th><th scope=\"col\">Held-out accuracy"
                        "</th></tr></thead>\n<tbody>\n");
        buf_puts(b, "<tr><td>");
        user_link(b, h);
        buf_printf(b, "</td><td class=\"num\">%.1f%%</td></tr>\n", 100 * sqlite3_column_double(st, 1));
    }
    if (n) buf_puts(b, "</tbody>\n</table></div>\n");
    sqlite3_finalize(st);
}

static void user_page(const Request *rq, Response *rs, sqlite3 *db, const User *u, int json)
{
    long page = req_get(rq, "page") ? atol(req_get(rq, "page")) : 1;
    long pages = u->post_count ? (long)((u->post_count + PER_PAGE - 1) / PER_PAGE) : 1;
    if (page > pages) {
        web_error(rq, rs, 404, "There is no such page of posts.");
        return;
    }
    sqlite3_stmt *st = db_prepare(db, "SELECT remote_id, coalesce(created_at, 0), text FROM posts "
                                      "WHERE user_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3");
    if (!st) {
        web_error(rq, rs, 503, "The data store is unavailable; please try again later.");
        return;
    }
    sqlite3_bind_int64(st, 1, u->id);
    sqlite3_bind_int(st, 2, PER_PAGE);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)(page - 1) * PER_PAGE);
    Buf *b = &rs->body;
    if (json) {
        rs->type = "application/json";
        buf_puts(b, "{\"screen_name\":");
        json_str(b, u->handle);
        buf_printf(b, ",\"posts_total\":%lld,\"page\":%ld,\"pages\":%ld,\"posts\":[",
                   (long long)u->post_count, page, pages);
        posts_out(b, st, 1);
        buf_puts(b, "]}\n");
    } else {
        char title[160];
        snprintf(title, sizeof title, "@%s", u->handle);
        page_begin(b, title, "users");
        if (page == 1) pair_table(b, db, u);
        buf_printf(b, "<h2>Posts</h2>\n<p>%lld posts, newest first.</p>\n", (long long)u->post_count);
        paging(b, u->handle, page, pages);
        buf_puts(b, "<ol class=\"posts\">\n");
        posts_out(b, st, 0);
        buf_puts(b, "</ol>\n");
        paging(b, u->handle, page, pages);
        page_end(b);
    }
    sqlite3_finalize(st);
}

/* The NAME of "/NAME" or "/NAME.json" into name (json set for the suffix); -1 when malformed. */
static int parse_name(const char *path, char *name, size_t size, int *json)
{
    size_t n = strlen(path + 1);
    if (n == 0 || n >= size || strchr(path + 1, '/')) return -1;
    memcpy(name, path + 1, n + 1);
    if (n > 5 && strcmp(name + n - 5, ".json") == 0) {
        name[n - 5] = '\0';
        *json = 1;
    }
    return 0;
}

static void one_user(const Request *rq, Response *rs, sqlite3 *db, int json)
{
    char name[128];
    User u = {0};
    int found = parse_name(rq->path, name, sizeof name, &json) == 0 ? db_user_find(db, name, &u) : 0;
    Request r2 = *rq;
    r2.json = json;
    if (found < 0) web_error(&r2, rs, 503, "The data store is unavailable; please try again later.");
    else if (!found) web_error(&r2, rs, 404, "There is no such user.");
    else user_page(&r2, rs, db, &u, json);
    user_clear(&u);
}

static void page(const Request *rq, Response *rs)
{
    char err[200];
    if (!req_is(rq, "GET")) {
        web_method_not_allowed(rq, rs, "GET, HEAD");
        return;
    }
    if (req_validate(rq, user_fields, 1, err, sizeof err) != 0) {
        web_error(rq, rs, 400, err);
        return;
    }
    char *dberr = NULL;
    sqlite3 *db = db_open(DB_RO, &dberr);
    if (!db) {
        web_log("%s", dberr);
        free(dberr);
        web_error(rq, rs, 503, "The data store is unavailable; please try again later.");
        return;
    }
    const char *p = rq->path;
    if (!*p || !strcmp(p, "/")) user_list(rq, rs, db, rq->json);
    else if (!strcmp(p, ".json") || !strcmp(p, "/.json")) user_list(rq, rs, db, 1);
    else if (*p == '/') one_user(rq, rs, db, rq->json);
    else web_error(rq, rs, 404, "There is no such page.");
    db_close(db);
}

int main(void)
{
    progname = "twitoff-users";
    return web_main(page);
}
