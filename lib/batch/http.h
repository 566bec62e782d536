/* http.h - the batch's one HTTP client (libcurl): timeouts, TLS, retries, rate limits, size cap. */
#ifndef TWITOFF_HTTP_H
#define TWITOFF_HTTP_H

#include <jansson.h>
#include "util.h"

/* Outcome of a request. */
enum {
    HTTP_OK = 0,        /* a response arrived (any status but 429 and 5xx, or those after retries) */
    HTTP_ERROR = -1,    /* network error, timeout, oversized or malformed body: message printed */
    HTTP_LIMITED = -2   /* rate limited for longer than http_max_wait: message printed */
};

typedef struct Http Http;

/* A client reading its settings from twitoff.conf: http_timeout (seconds, default 30),
 * http_connect_timeout (10), http_retries (3), http_backoff (first retry delay, seconds, 1),
 * http_max_body (bytes, 8 MB), http_max_wait (longest rate-limit wait, seconds, 60).
 * bearer, when not NULL, is sent as "Authorization: Bearer ..." and never printed. */
Http *http_new(const char *bearer);
void http_free(Http *h);

/* GET url into body (reset first); *status gets the HTTP status. Retries network errors and 5xx
 * with exponential backoff, waits out short 429s. Returns HTTP_OK, HTTP_ERROR or HTTP_LIMITED;
 * on HTTP_LIMITED *retry_at (when not NULL) gets the unix time the limit resets (0: unknown). */
int http_get(Http *h, const char *url, long *status, Buf *body, int64_t *retry_at);

/* http_get, then parse the body as JSON. On HTTP_OK *json holds the document (caller decrefs);
 * a body that is not JSON is HTTP_ERROR with a message naming the url. */
int http_get_json(Http *h, const char *url, long *status, json_t **json, int64_t *retry_at);

/* The value of a rate-limit reset header as unix time: epoch seconds, delta seconds, an ISO 8601
 * time or an HTTP date. now is the current time. 0 when it cannot be read. */
int64_t http_parse_reset(const char *value, int64_t now);

/* Print "twitoff: message" to stderr and remember it as the last error (for job messages). */
void fetch_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The last message fetch_warn printed ("" when none); valid until the next call. */
const char *fetch_last_error(void);

/* Percent-encode s for a URL query or path segment. Caller frees. */
char *http_escape(const char *s);

#endif
