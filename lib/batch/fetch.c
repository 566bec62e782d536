/* fetch.c - what the source modules share: storing users and posts page by page, id order. */
#include "fetch.h"
#include "text.h"
#include "util.h"

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

void report_api_error(const char *what, const char *url, long status, const json_t *doc)
{
    const char *m = api_error_text(doc);
    Buf b;
    buf_init(&b);
    if (m) {
        char *clean = text_clean(m, strlen(m));
        buf_printf(&b, ": %.200s", clean);
        free(clean);
    }
    fetch_warn("%s: GET %s: HTTP %ld%s", what, url, status, buf_str(&b));
    buf_free(&b);
}

static char *stored_newest(sqlite3 *db, int64_t user_id)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT newest_post_id FROM users WHERE id = ?");
    char *v = NULL;
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, user_id);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

int fetch_user_begin(Fetch *f, const char *handle, const char *display_name, const char *remote_id)
{
    char *name = display_name ? text_clean(display_name, strlen(display_name)) : NULL;
    f->user_id = db_user_upsert(f->db, f->source, handle, name && *name ? name : NULL, remote_id);
    free(name);
    if (f->user_id < 0) return -1;
    free(f->handle);
    f->handle = xstrdup(handle);
    free(f->since);
    f->since = stored_newest(f->db, f->user_id);
    return 0;
}

int fetch_page_begin(Fetch *f)
{
    return db_begin(f->db);
}

int fetch_page_end(Fetch *f)
{
    if (db_commit(f->db) == 0) return 0;
    db_rollback(f->db);
    return -1;
}

int fetch_post(Fetch *f, const char *remote_id, const char *created_at, const char *text)
{
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
    if (*clean) {
        int added = post_writer_add(&f->writer, f->user_id, remote_id, parse_date(created_at), clean);
        if (added < 0) rc = -1;
        else f->added += added;
    }
    free(clean);
    return rc < 0 ? -1 : (f->seen < f->max_posts);
}

/* Keep only the newest max_posts posts of the user. */
static int trim_posts(Fetch *f)
{
    sqlite3_stmt *st = db_prepare(f->db,
        "DELETE FROM posts WHERE user_id = ?1 AND id NOT IN (SELECT id FROM posts WHERE user_id = ?1"
        " ORDER BY coalesce(created_at, 0) DESC, id DESC LIMIT ?2)");
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, f->user_id);
    sqlite3_bind_int64(st, 2, f->max_posts);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(st);
    return rc;
}

int fetch_user_done(Fetch *f)
{
    const char *newest = f->since;
    if (f->newest && (!newest || !f->older_eq(f->newest, newest))) newest = f->newest;
    if (db_begin(f->db) != 0) return -1;
    sqlite3_stmt *st = db_prepare(f->db, "UPDATE users SET newest_post_id = ?, fetched_at = ? WHERE id = ?");
    int rc = st ? 0 : -1;
    if (st) {
        sqlite3_bind_text(st, 1, newest, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, now_unix());
        sqlite3_bind_int64(st, 3, f->user_id);
        if (sqlite3_step(st) != SQLITE_DONE) rc = -1;
        sqlite3_finalize(st);
    }
    if (rc == 0 && f->added > 0) rc = trim_posts(f);
    if (rc == 0) return fetch_page_end(f);
    db_rollback(f->db);
    return -1;
}
