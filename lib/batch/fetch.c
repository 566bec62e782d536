/* fetch.c - what the source modules share: storing users and posts page by page, id order. */
#include "fetch.h"
#include "handle.h"
#include "text.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int id_older_eq_numeric(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb) return la < lb;
    return strcmp(a, b) <= 0;
}

const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The most telling message in an API error document, or NULL. */
static const char *api_error_text(const json_t *doc)
{
    const json_t *errs = json_object_get(doc, "errors");
    const json_t *e0 = json_array_get(errs, 0);
    const char *m = jstr(e0, "detail");
    if (!m) m = jstr(e0, "message");
    if (!m) m = jstr(doc, "detail");
    if (!m) m = jstr(doc, "message");
    if (!m) m = jstr(doc, "error");
    if (!m) m = jstr(doc, "title");
    return m;
}

void fetch_warn(Fetch *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->err, sizeof f->err, fmt, ap);
    va_end(ap);
    report(f->rep, REPORT_WARN, "%s", f->err);
}

int fetch_get_json(Fetch *f, const char *url, long *status, json_t **doc)
{
    char err[sizeof f->err];
    int rc = http_get_json(f->http, url, status, doc, NULL, err, sizeof err);
    if (rc != HTTP_OK) fetch_warn(f, "%s", err);
    return rc;
}

void fetch_api_error(Fetch *f, const char *what, const char *url, long status, const json_t *doc)
{
    const char *m = api_error_text(doc);
    Buf b;
    buf_init(&b);
    if (m) {
        char *clean = text_clean(m, strlen(m));
        buf_printf(&b, ": %.200s", clean);
        free(clean);
    }
    fetch_warn(f, "%s: GET %s: HTTP %ld%s", what, url, status, buf_str(&b));
    buf_free(&b);
}

int fetch_user_begin(Fetch *f, const char *handle, const char *display_name, const char *remote_id)
{
    if (!handle_valid(handle)) {   /* the store's handles follow the one rule (handle.h) */
        char *clean = text_clean(handle, strlen(handle));
        for (char *p = clean; *p; p++)
            if ((unsigned char)*p < 0x20) *p = '?';   /* one line in the log */
        fetch_warn(f, "%s: the account's handle '%.80s' is not usable here", f->source, clean);
        free(clean);
        return -1;
    }
    char *name = display_name ? text_clean(display_name, strlen(display_name)) : NULL;
    char err[256];
    f->user_id = db_user_upsert(f->db, f->source, handle, name && *name ? name : NULL, remote_id, err, sizeof err);
    free(name);
    User u;
    int found = f->user_id < 0 ? -1 : db_user_get(f->db, f->user_id, &u, err, sizeof err);
    if (found < 0) {
        fetch_warn(f, "%s", err);
        return -1;
    }
    free(f->handle);
    f->handle = xstrdup(handle);
    free(f->since);
    f->since = found && u.newest_post_id ? xstrdup(u.newest_post_id) : NULL;
    if (found) user_clear(&u);
    return 0;
}

int fetch_page_begin(Fetch *f)
{
    char err[256];
    if (db_begin(f->db, err, sizeof err) == 0) return 0;
    fetch_warn(f, "%s", err);
    return -1;
}

int fetch_page_end(Fetch *f)
{
    char err[256];
    if (db_commit(f->db, err, sizeof err) == 0) return 0;
    fetch_warn(f, "%s", err);
    db_rollback(f->db);
    return -1;
}

int fetch_post(Fetch *f, const char *remote_id, const char *created_at, const char *text,
               const PostFacts *facts)
{
    static const PostFacts none;
    if (f->seen >= f->max_posts) return 0;
    if (f->since && f->older_eq(remote_id, f->since)) {
        f->reached_since = 1;
        return 0;
    }
    f->seen++;
    if (!f->newest || !f->older_eq(remote_id, f->newest)) {
        free(f->newest);
        f->newest = xstrdup(remote_id);
    }
    char *clean = text_clean(text ? text : "", text ? strlen(text) : 0);
    int rc = 1;
    if (post_judge(clean, facts ? facts : &none, f->include_replies) == POST_KEEP && *clean) {
        char err[256];
        int added = post_writer_add(&f->writer, f->user_id, remote_id, parse_date(created_at), clean, err, sizeof err);
        if (added < 0) {
            fetch_warn(f, "%s", err);
            rc = -1;
        }
        else f->added += added;
    }
    free(clean);
    return rc < 0 ? -1 : (f->seen < f->max_posts);
}

int fetch_user_done(Fetch *f)
{
    const char *newest = f->since;
    if (f->newest && (!newest || !f->older_eq(f->newest, newest))) newest = f->newest;
    char err[256];
    int rc = db_begin(f->db, err, sizeof err);
    if (rc == 0) rc = db_user_fetched(f->db, f->user_id, newest, err, sizeof err);
    if (rc == 0 && f->added > 0) rc = db_user_trim_posts(f->db, f->user_id, f->max_posts, err, sizeof err);
    if (rc == 0) return fetch_page_end(f);
    fetch_warn(f, "%s", err);
    db_rollback(f->db);
    return -1;
}
