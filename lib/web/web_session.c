/* web_session.c - the admin session cookie, its stored hash and its CSRF token. */
#include "web_session.h"
#include "key.h"
#include "routes.h"
#include "sessions.h"
#include "util.h"

#include <nettle/memops.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tag stored with a session: which admin key opened it, without revealing it. */
static void key_tag(const char *key_hash, char tag[65])
{
    key_derive(key_hash, "session-key", tag);
}

/* The value of cookie SESSION_COOKIE from HTTP_COOKIE when it is 64 hex digits, into id. */
static int cookie_id(char id[65])
{
    const char *c = getenv("HTTP_COOKIE");
    size_t n = strlen(SESSION_COOKIE);
    for (const char *p = c; p && *p;) {
        while (*p == ' ' || *p == ';') p++;
        size_t len = strcspn(p, ";");
        if (len == n + 65 && !strncmp(p, SESSION_COOKIE, n) && p[n] == '=' &&
            strspn(p + n + 1, "0123456789abcdef") >= 64) {
            memcpy(id, p + n + 1, 64);
            id[64] = '\0';
            return 1;
        }
        p += len;
    }
    return 0;
}

static void fill(Session *s, const char *id)
{
    snprintf(s->id, sizeof s->id, "%s", id);
    key_derive(id, "csrf", s->csrf);
}

int session_find(sqlite3 *q, const char *admin_hash, Session *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    char id[65], hash[65], tag[65];
    if (!cookie_id(id)) return 0;
    key_hash(id, hash);
    key_tag(admin_hash, tag);
    int rc = db_session_valid(q, hash, tag, now_unix(), err, errlen);
    if (rc == 1) fill(s, id);
    return rc;
}

/* The Set-Cookie header: the id (empty with Max-Age=0 to drop it) for the admin route's path. */
static void set_cookie(Response *rs, const char *id, long seconds)
{
    Buf c, path;
    buf_init(&c);
    buf_init(&path);
    route_url(&path, ROUTE_ADMIN, NULL);
    const char *https = getenv("HTTPS");
    buf_printf(&c, "%s=%s; Path=%s; Max-Age=%ld; HttpOnly; SameSite=Strict%s", SESSION_COOKIE, id,
               buf_str(&path), seconds, https && !strcmp(https, "on") ? "; Secure" : "");
    resp_header(rs, "Set-Cookie", buf_str(&c));
    buf_free(&c);
    buf_free(&path);
}

int session_open(sqlite3 *q, const char *admin_hash, long minutes, Session *s, Response *rs,
                 char *err, size_t errlen)
{
    char id[65], hash[65], tag[65];
    if (minutes < 1) minutes = 1;
    if (key_new(id, err, errlen) != 0) return -1;
    key_hash(id, hash);
    key_tag(admin_hash, tag);
    if (db_session_add(q, hash, tag, now_unix() + minutes * 60, err, errlen) != 0) return -1;
    fill(s, id);
    set_cookie(rs, id, minutes * 60);
    return 0;
}

int session_close(sqlite3 *q, Session *s, Response *rs, char *err, size_t errlen)
{
    char hash[65];
    key_hash(s->id, hash);
    set_cookie(rs, "", 0);
    memset(s, 0, sizeof *s);
    return db_session_delete(q, hash, err, errlen);
}

int session_csrf_ok(const Session *s, const char *token)
{
    if (!token || !s->id[0] || strlen(token) != 64) return 0;
    return memeql_sec(token, s->csrf, 64);
}

void session_csrf_field(Buf *b, const Session *s)
{
    buf_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", s->csrf);
}
