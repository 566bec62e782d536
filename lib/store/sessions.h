/* sessions.h - the admin sessions, in the queue store (queue.h): only the SHA-256 of a session
 * id is kept, with the tag of the admin key that opened it and when it expires. */
#ifndef TWITOFF_SESSIONS_H
#define TWITOFF_SESSIONS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* Record a session: id_sha256 and key_tag (hex strings), expiring at expires_at (unix seconds).
 * Expired sessions are deleted on the way. 0 or -1. */
int db_session_add(sqlite3 *q, const char *id_sha256, const char *key_tag, int64_t expires_at,
                   char *err, size_t errlen);

/* 1 when a session id_sha256 exists, was opened with key_tag and expires after now; 0 when not
 * (an expired or foreign session is deleted); -1 on error. */
int db_session_valid(sqlite3 *q, const char *id_sha256, const char *key_tag, int64_t now,
                     char *err, size_t errlen);

/* End one session (sign-out). 0 or -1. */
int db_session_delete(sqlite3 *q, const char *id_sha256, char *err, size_t errlen);

/* End every session (a new admin key). The number ended, or -1. */
int db_sessions_clear(sqlite3 *q, char *err, size_t errlen);

#endif
