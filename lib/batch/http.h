/* http.h - the batch's one HTTP client (libcurl): timeouts, TLS, retries, rate limits, size cap. */
#ifndef TWITOFF_HTTP_H
#define TWITOFF_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include "batch.h"
#include "util.h"

/* Outcome of a request. */
enum {
    HTTP_OK = 0,        /* a response arrived (any status but 429 and 5xx, or those after retries) */
    HTTP_ERROR = -1,    /* network error, timeout, oversized or malformed body: reason in err */
    HTTP_LIMITED = -2   /* rate limited for longer than http_max_wait: reason in err */
};

typedef struct Http Http;

/* A client reading its settings from twitoff.conf: http_timeout (seconds, default 30),
 * http_connect_timeout (10), http_retries (3), http_backoff (first retry delay, seconds, 1),
 * http_max_body (bytes, 8 MB), http_max_wait (longest rate-limit wait, seconds, 60),
 * fetch_allow_private (no: every address connected to must be public, netpolicy.h; a refused
 * one is an HTTP_ERROR naming it, not retried).
 * bearer, when not NULL, is sent as "Authorization: Bearer ..." and never shown. Retries and
 * rate-limit waits are reported to rep as warnings when they happen. NULL with the reason in
 * err when libcurl cannot be loaded or set up. */
Http *http_new(const char *bearer, const Reporter *rep, char *err, size_t errlen);
void http_free(Http *h);

/* GET url into body (reset first); *status gets the HTTP status. Retries network errors and 5xx
 * with exponential backoff, waits out short 429s. Returns HTTP_OK, or HTTP_ERROR or HTTP_LIMITED
 * with a line naming the url in err; on HTTP_LIMITED *retry_at (when not NULL) gets the unix
 * time the limit resets (0: unknown). */
int http_get(Http *h, const char *url, long *status, Buf *body, int64_t *retry_at,
             char *err, size_t errlen);

/* http_get, then parse the body as JSON. On HTTP_OK *json holds the document (caller decrefs);
 * a body that is not JSON is HTTP_ERROR. */
int http_get_json(Http *h, const char *url, long *status, json_t **json, int64_t *retry_at,
                  char *err, size_t errlen);

/* The value of a rate-limit reset header as unix time: epoch seconds, delta seconds, an ISO 8601
 * time or an HTTP date. now is the current time. 0 when it cannot be read. */
int64_t http_parse_reset(const char *value, int64_t now);

/* Percent-encode s for a URL query or path segment (every byte but A-Z a-z 0-9 - . _ ~, as
 * RFC 3986 and curl_easy_escape do). Caller frees. */
char *http_escape(const char *s);

#endif
