/* users.c - GET /users (every user, post count, newest post, mean pair accuracy) and
 * GET /users/NAME (the user and their posts, newest first, 50 a page); ".json" or
 * Accept: application/json for JSON. */
#include "config.h"
#include "db.h"
#include "pairs.h"
#include "users.h"
#include "web_cache.h"
#include "web_main.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

static const FieldSpec user_fields[] = {
    {.name = "page", .kind = FV_INT, .min = 1, .max = 1000000, .label = "The page number"},
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

static void list_json(Buf *b, const User *u, const double *acc, int n)
{
    buf_puts(b, "{\"users\":[");
    for (int i = 0; i < n; i++) {
        buf_puts(b, i ? ",{\"screen_name\":" : "{\"screen_name\":");
        json_str(b, u[i].handle);
        buf_printf(b, ",\"posts\":%lld,\"newest_post_at\":%lld,\"mean_accuracy\":",
                   (long long)u[i].post_count, (long long)u[i].newest_post_at);
        if (acc[i] < 0) buf_puts(b, "null}");
        else buf_printf(b, "%.4f}", acc[i]);
    }
    buf_puts(b, "]}\n");
}

/* A picture `twitoff lists` draws (lists/NAME), inline in a figure with its caption. It is the
 * batch's own file, written with libxml2's writer (every handle escaped there) and without
 * <style> (the CSP forbids inline styles). Nothing when it is missing. */
static void lists_figure(Buf *b, const char *name, const char *cls, const char *id, const char *caption)
{
    Buf rel;
    buf_init(&rel);
    buf_printf(&rel, "lists/%s", name);
    char *path = home_path(rel.data);
    buf_free(&rel);
    size_t len;
    const char *svg = cache_file(path, &len);
    free(path);
    const char *start = svg ? strstr(svg, "<svg") : NULL;
    if (!start) return;
    buf_printf(b, "<figure class=\"%s\"", cls);
    if (id) buf_printf(b, " id=\"%s\"", id);
    buf_puts(b, ">\n");
    buf_add(b, start, len - (size_t)(start - svg));
    buf_printf(b, "<figcaption>%s</figcaption>\n</figure>\n", caption);
}

/* The pairwise accuracy heat map and the reliability diagram. */
static void heat_map(Buf *b)
{
    lists_figure(b, "accuracy.svg", "heatmap", NULL, "Held-out accuracy of every pair of users: how well "
                 "their model tells them apart (50% is chance).");
    lists_figure(b, "reliability.svg", "reliability", "reliability", "How good are these answers? Each point compares "
                 "the probability TwitOff gave with how often it was right on posts its models had not "
                 "seen; on the diagonal, a probability means what it says.");
}

/* A link to handle's page, "@handle", escaped. */
static void user_link(Buf *b, const char *handle)
{
    buf_puts(b, "<a href=\"");
    route_url(b, ROUTE_USER, handle);
    buf_puts(b, "\">@");
    html_text(b, handle);
    buf_puts(b, "</a>");
}

static void list_html(Buf *b, const User *u, const double *acc, int n)
{
    page_begin(b, "Users", ROUTE_USERS);
    buf_puts(b, "<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">User</th><th scope=\"col\">"
                "Posts</th><th scope=\"col\">Newest post (UTC)</th><th scope=\"col\">Mean pair "
                "accuracy</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
        buf_puts(b, "<tr><td>");
        user_link(b, u[i].handle);
        buf_printf(b, "</td><td class=\"num\">%lld</td><td>", (long long)u[i].post_count);
        when(b, u[i].newest_post_at);
        if (acc[i] < 0) buf_puts(b, "</td><td class=\"num\">-</td></tr>\n");
        else buf_printf(b, "</td><td class=\"num\">%.1f%%</td></tr>\n", 100 * acc[i]);
    }
    buf_puts(b, "</tbody>\n</table></div>\n");
    if (n == 0) page_message(b, "info", "No users yet.");
    else heat_map(b);
    page_end(b);
}

static void user_list(const Request *rq, Response *rs, sqlite3 *db, int json)
{
    User *users;
    int n;
    char err[256];
    if (db_users_list(db, &users, &n, err, sizeof err) != 0) {
        web_store_unavailable(rq, rs, err);
        return;
    }
    double *acc = xmalloc(sizeof *acc * (size_t)(n + 1));
    if (db_user_accuracies(db, users, n, acc, err, sizeof err) != 0) web_store_unavailable(rq, rs, err);
    else if (json) {
        rs->type = "application/json";
        list_json(&rs->body, users, acc, n);
    } else list_html(&rs->body, users, acc, n);
    free(acc);
    users_free(users, n);
}

/* Links to the previous and next pages of a user's posts; where ("above", "below") tells the two
 * navigation landmarks apart. */
static void paging(Buf *b, const char *handle, int64_t page, int64_t pages, const char *where)
{
    buf_printf(b, "<nav class=\"paging\" aria-label=\"Pages, %s the posts\">", where);
    for (int dir = -1; dir <= 1; dir += 2) {
        int64_t to = page + dir;
        if (to < 1 || to > pages) continue;
        char num[24];
        snprintf(num, sizeof num, "%lld", (long long)to);
        buf_puts(b, "<a href=\"");
        route_url_query(b, ROUTE_USER, handle, "page", num);
        buf_printf(b, "\" rel=\"%s\">%s</a> ", dir < 0 ? "prev" : "next", dir < 0 ? "&larr; Newer" : "Older &rarr;");
    }
    buf_printf(b, "<span>Page %lld of %lld</span></nav>\n", (long long)page, (long long)pages);
}

/* Where posts_out writes, and how. */
typedef struct {
    Buf *b;
    int json;
    int n;      /* posts written so far */
} PostsOut;

static void post_out(void *ctx, const PostView *p)
{
    PostsOut *o = ctx;
    Buf *b = o->b;
    if (o->json) {
        buf_puts(b, o->n++ ? ",{\"id\":" : "{\"id\":");
        json_str(b, p->remote_id);
        buf_printf(b, ",\"created_at\":%lld,\"text\":", (long long)p->created_at);
        json_str(b, p->text);
        buf_putc(b, '}');
        return;
    }
    o->n++;
    buf_puts(b, "<li><p>");
    html_text(b, p->text);
    buf_puts(b, "</p><small>");
    when(b, p->created_at);
    buf_puts(b, "</small></li>\n");
}

/* The pair table being written. */
typedef struct {
    Buf *b;
    int n;      /* rows written so far */
} PairTable;

/* One row of the pair table (the heading before the first). */
static void pair_row(void *ctx, const char *other, double accuracy)
{
    PairTable *t = ctx;
    if (t->n++ == 0)
        buf_puts(t->b, "<h2>How well each pair separates</h2>\n<div class=\"scroll\"><table class=\"pairs\">\n"
                       "<thead><tr><th scope=\"col\">Against</th><th scope=\"col\">Held-out accuracy"
                       "</th></tr></thead>\n<tbody>\n");
    buf_puts(t->b, "<tr><td>");
    user_link(t->b, other);
    buf_printf(t->b, "</td><td class=\"num\">%.1f%%</td></tr>\n", 100 * accuracy);
}

/* How well each pair of the user separates: the other user and the pair's held-out accuracy,
 * best first (only on the first page). Nothing when the user has no trained pair. */
static void pair_table(Buf *b, sqlite3 *db, const User *u)
{
    PairTable t = {b, 0};
    char err[256];
    if (db_user_pairs(db, u->id, pair_row, &t, err, sizeof err) < 0) web_log("%s", err);
    if (t.n) buf_puts(b, "</tbody>\n</table></div>\n");
}

static void user_page(const Request *rq, Response *rs, sqlite3 *db, const User *u, int json)
{
    int64_t page = req_int(rq, "page", 1);   /* 1..1000000: the field table says so */
    int64_t pages = u->post_count ? (u->post_count + PER_PAGE - 1) / PER_PAGE : 1;
    if (page > pages) {
        web_error(rq, rs, 404, "There is no such page of posts.");
        return;
    }
    Buf *b = &rs->body;
    PostsOut out = {b, json, 0};
    char err[256];
    int64_t offset = (int64_t)(page - 1) * PER_PAGE;
    if (json) {
        rs->type = "application/json";
        buf_puts(b, "{\"screen_name\":");
        json_str(b, u->handle);
        buf_printf(b, ",\"posts_total\":%lld,\"page\":%lld,\"pages\":%lld,\"posts\":[",
                   (long long)u->post_count, (long long)page, (long long)pages);
        if (db_user_posts_page(db, u->id, PER_PAGE, offset, post_out, &out, err, sizeof err) < 0) {
            web_store_unavailable(rq, rs, err);
            return;
        }
        buf_puts(b, "]}\n");
    } else {
        char title[160];
        snprintf(title, sizeof title, "@%s", u->handle);
        page_begin(b, title, ROUTE_USERS);
        if (page == 1) pair_table(b, db, u);
        buf_printf(b, "<h2>Posts</h2>\n<p>%lld posts, newest first.</p>\n", (long long)u->post_count);
        paging(b, u->handle, page, pages, "above");
        buf_puts(b, "<ol class=\"posts\">\n");
        if (db_user_posts_page(db, u->id, PER_PAGE, offset, post_out, &out, err, sizeof err) < 0) {
            web_store_unavailable(rq, rs, err);
            return;
        }
        buf_puts(b, "</ol>\n");
        paging(b, u->handle, page, pages, "below");
        page_end(b);
    }
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
    char err[256];
    int found = parse_name(rq->path, name, sizeof name, &json) == 0 ? db_user_find(db, name, &u, err, sizeof err) : 0;
    Request r2 = *rq;
    r2.json = json;
    if (found < 0) web_store_unavailable(&r2, rs, err);
    else if (!found) web_error(&r2, rs, 404, "There is no such user.");
    else user_page(&r2, rs, db, &u, json);
    user_clear(&u);
}

static void page(const Request *rq, Response *rs)
{
    char err[200];
    sqlite3 *db = db_open(DB_RO, err, sizeof err);
    if (!db) {
        web_store_unavailable(rq, rs, err);
        return;
    }
    const char *p = rq->path;
    if (!*p || !strcmp(p, "/")) user_list(rq, rs, db, rq->json);
    else if (!strcmp(p, routes[ROUTE_USERS_JSON].path_info) || !strcmp(p, ".json")) user_list(rq, rs, db, 1);
    else if (*p == '/') one_user(rq, rs, db, rq->json);
    else web_error(rq, rs, 404, "There is no such page.");
    db_close(db);
}

int main(void)
{
    static const Page users = {.name = "twitoff-users", .route = ROUTE_USERS, .fields = user_fields,
                               .nfields = FIELD_COUNT(user_fields), .handler = page};
    db_single_threaded();
    return web_main(&users);
}
