/* web_session.h - the admin session: a random id (getrandom) in a cookie (HttpOnly,
 * SameSite=Strict, Path the admin route, Secure under HTTPS), only its SHA-256 in the queue store,
 * and a CSRF token derived from the id that every state-changing form carries. */
#ifndef TWITOFF_WEB_SESSION_H
#define TWITOFF_WEB_SESSION_H

#include "web_html.h"
#include <sqlite3.h>

/* The cookie's name. */
#define SESSION_COOKIE "twitoff_admin"

/* One request's session. */
typedef struct {
    char id[65];     /* the session id (64 hex digits), "" when there is none */
    char csrf[65];   /* the CSRF token of the forms */
} Session;

/* The session the request's cookie names, when it is live in q for the admin key admin_hash (its SHA-256) (a
 * session opened with another key, or expired, is not). 1 live (s filled), 0 none, -1 on a store
 * error (err). */
int session_find(sqlite3 *q, const char *admin_hash, Session *s, char *err, size_t errlen);

/* Open a new session for the admin key admin_hash lasting minutes: store its hash, fill s, and add the cookie to
 * rs. 0, or -1 with err. */
int session_open(sqlite3 *q, const char *admin_hash, long minutes, Session *s, Response *rs,
                 char *err, size_t errlen);

/* End session s (sign-out): delete it and tell the browser to drop the cookie. 0, or -1 with err. */
int session_close(sqlite3 *q, Session *s, Response *rs, char *err, size_t errlen);

/* 1 when token is the CSRF token of s (compared in constant time), else 0 (NULL: 0). */
int session_csrf_ok(const Session *s, const char *token);

/* The hidden field carrying s's CSRF token, for a form. */
void session_csrf_field(Buf *b, const Session *s);

#endif
