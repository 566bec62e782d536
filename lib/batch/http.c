/* http.c - the batch's one HTTP client (libcurl): timeouts, TLS, retries, rate limits, size cap. */
#include "http.h"
#include "config.h"
#include "curl_lazy.h"
#include "netpolicy.h"
#include "text.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <time.h>

#define USER_AGENT "TwitOff/1.0 (+batch fetcher; libcurl)"
#define MAX_LIMIT_WAITS 3   /* rate-limit waits per request before giving up */

struct Http {
    CURL *curl;                 /* one handle, so connections are reused */
    struct curl_slist *headers; /* Accept and, when set, Authorization */
    long timeout_ms;            /* whole transfer */
    long connect_timeout_ms;    /* connection set-up */
    int retries;                /* retries after the first attempt */
    double backoff;             /* first retry delay, seconds; doubles each time */
    size_t max_body;            /* response bodies above this are refused */
    double max_wait;            /* longest rate-limit wait, seconds */
    char reset[64];             /* the last response's rate-limit reset header value */
    int reset_rank;             /* which header it came from (lower wins) */
    Buf *body;                  /* where the current response goes */
    int too_big;                /* the current body passed max_body */
    const Reporter *rep;        /* where retries and waits are reported */
    int public_only;            /* refuse non-public addresses (fetch_allow_private unset) */
    char refused[64];           /* the address the current request was refused, or "" */
};

static int curl_ready;

enum { MSG_MAX = 512 };   /* a message longer than this is cut */

/* Report a retry or wait (a message of at most MSG_MAX - 1 bytes). */
__attribute__((format(printf, 2, 3)))
static void http_warn(const Http *h, const char *fmt, ...)
{
    char msg[MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    report(h->rep, REPORT_WARN, "%s", msg);
}

/* Fill err (at most MSG_MAX - 1 bytes of it) and return fail. */
__attribute__((format(printf, 4, 5)))
static int http_fail(int fail, char *err, size_t errlen, const char *fmt, ...)
{
    char msg[MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set(err, errlen, "%s", msg);
    return fail;
}

Http *http_new(const char *bearer, const Reporter *rep, char *err, size_t errlen)
{
    if (curl_lazy_load(err, errlen) != 0) return NULL;
    if (!curl_ready) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            err_set(err, errlen, "cannot initialise libcurl");
            return NULL;
        }
        curl_ready = 1;
    }
    CURL *curl = curl_easy_init();
    if (!curl) {
        err_set(err, errlen, "cannot initialise libcurl");
        return NULL;
    }
    Http *h = xcalloc(1, sizeof *h);
    h->curl = curl;
    h->rep = rep;
    h->timeout_ms = (long)(conf_get_double("http_timeout", 30) * 1000);
    h->connect_timeout_ms = (long)(conf_get_double("http_connect_timeout", 10) * 1000);
    h->retries = (int)conf_get_long("http_retries", 3);
    h->backoff = conf_get_double("http_backoff", 1);
    h->max_body = (size_t)conf_get_long("http_max_body", 8L << 20);
    h->max_wait = conf_get_double("http_max_wait", 60);
    h->public_only = fetch_public_only();
    if (h->retries < 0) h->retries = 0;
    h->headers = curl_slist_append(NULL, "Accept: application/json");
    if (bearer && *bearer) {
        Buf auth;
        buf_init(&auth);
        buf_printf(&auth, "Authorization: Bearer %s", bearer);
        h->headers = curl_slist_append(h->headers, auth.data);
        memset(auth.data, 0, auth.len);
        buf_free(&auth);
    }
    return h;
}

void http_free(Http *h)
{
    if (!h) return;
    curl_easy_cleanup(h->curl);
    curl_slist_free_all(h->headers);
    free(h);
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
    Http *h = arg;
    size_t len = size * n;
    if (h->body->len + len > h->max_body) {
        h->too_big = 1;
        return 0;
    }
    buf_add(h->body, p, len);
    return len;
}

/* Rank of a rate-limit header name (1 best), or 0 when the header is not one. */
static int reset_header_rank(const char *name, size_t len)
{
    static const char *names[] = {"x-rate-limit-reset", "retry-after", "ratelimit-reset",
                                  "x-ratelimit-reset"};
    for (int i = 0; i < 4; i++)
        if (strlen(names[i]) == len && strncasecmp(name, names[i], len) == 0) return i + 1;
    return 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
    Http *h = arg;
    size_t len = size * n;
    const char *colon = memchr(p, ':', len);
    if (!colon) return len;
    int rank = reset_header_rank(p, (size_t)(colon - p));
    if (rank && (!h->reset_rank || rank < h->reset_rank)) {
        const char *v = colon + 1, *end = p + len;
        while (v < end && isspace((unsigned char)*v)) v++;
        while (end > v && isspace((unsigned char)end[-1])) end--;
        size_t vl = (size_t)(end - v) < sizeof h->reset - 1 ? (size_t)(end - v) : sizeof h->reset - 1;
        memcpy(h->reset, v, vl);
        h->reset[vl] = '\0';
        h->reset_rank = rank;
    }
    return len;
}

static void sleep_seconds(double s)
{
    if (s <= 0) return;
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

int64_t http_parse_reset(const char *v, int64_t now)
{
    if (!v || !*v) return 0;
    int64_t n;
    if (parse_int64(v, &n) == 0) {
        if (n < 0) return 0;
        return n > 1000000000 ? n : now + n;   /* epoch seconds, or seconds from now */
    }
    time_t t = curl_getdate(v, NULL);          /* HTTP date */
    if (t > 0) return (int64_t)t;
    return parse_date(v);                      /* ISO 8601 (Mastodon) */
}

/* libcurl's socket opener: every address it connects to passes here once resolved (each one
 * tried, through any redirect or proxy), so a name resolving to a private address is refused. */
static curl_socket_t open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
    Http *h = arg;
    if (h->public_only && addr_is_private(&a->addr, a->addrlen)) {
        addr_format(&a->addr, a->addrlen, h->refused, sizeof h->refused);
        return CURL_SOCKET_BAD;
    }
    (void)purpose;
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* After a transfer: 1 when the address it used is one the policy refuses (a reused connection
 * was checked when it opened; this is the second look, on CURLINFO_PRIMARY_IP). */
static int used_private(Http *h)
{
    char *ip = NULL;
    if (!h->public_only || curl_easy_getinfo(h->curl, CURLINFO_PRIMARY_IP, &ip) != CURLE_OK || !ip || !*ip)
        return 0;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
    size_t len = 0;
    if (inet_pton(AF_INET, ip, &v4->sin_addr) == 1) { v4->sin_family = AF_INET; len = sizeof *v4; }
    else if (inet_pton(AF_INET6, ip, &v6->sin6_addr) == 1) { v6->sin6_family = AF_INET6; len = sizeof *v6; }
    if (len && !addr_is_private((struct sockaddr *)&ss, len)) return 0;
    snprintf(h->refused, sizeof h->refused, "%s", ip);
    return 1;
}

static void setup(Http *h, const char *url, Buf *body)
{
    CURL *c = h->curl;
    buf_reset(body);
    h->body = body;
    h->too_big = 0;
    h->reset[0] = '\0';
    h->reset_rank = 0;
    h->refused[0] = '\0';
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, h);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h->headers);
    curl_easy_setopt(c, CURLOPT_USERAGENT, USER_AGENT);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
}

/* What to do after one attempt. */
enum { STEP_DONE, STEP_RETRY, STEP_FAIL, STEP_LIMITED };

static int judge_429(Http *h, const char *url, int *waits, int64_t *retry_at, char *err, size_t errlen)
{
    int64_t now = now_unix();
    int64_t at = http_parse_reset(h->reset, now);
    if (retry_at) *retry_at = at;
    double wait = at ? (double)(at - now) + 1 : h->backoff;
    if (wait < 1) wait = 1;
    if (wait <= h->max_wait && (*waits)++ < MAX_LIMIT_WAITS) {
        report(h->rep, REPORT_WARN, "GET %s: rate limited, waiting %.0f s", url, wait);
        sleep_seconds(wait);
        return STEP_RETRY;
    }
    char when[32] = "an unknown time";
    if (at) format_time(at, when, sizeof when);
    return http_fail(STEP_LIMITED, err, errlen,
                     "GET %s: rate limited until %s UTC; stopping here, the next run continues", url, when);
}

static int attempt(Http *h, const char *url, long *status, Buf *body, int try, int *waits,
                   int64_t *retry_at, char *err, size_t errlen)
{
    setup(h, url, body);
    CURLcode rc = curl_easy_perform(h->curl);
    int last = try >= h->retries;
    if (rc != CURLE_OK ? h->refused[0] != '\0' : used_private(h))
        return http_fail(STEP_FAIL, err, errlen,
                         "GET %s: refused to connect to %s, a loopback, private or link-local address "
                         "(fetch_allow_private = yes allows it)", url, h->refused);
    if (h->too_big)
        return http_fail(STEP_FAIL, err, errlen, "GET %s: response larger than %zu bytes (http_max_body)",
                         url, h->max_body);
    if (rc != CURLE_OK) {
        if (last) return http_fail(STEP_FAIL, err, errlen, "GET %s: %s", url, curl_easy_strerror(rc));
        http_warn(h, "GET %s: %s (retrying)", url, curl_easy_strerror(rc));
        return STEP_RETRY;
    }
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, status);
    if (*status == 429) return judge_429(h, url, waits, retry_at, err, errlen);
    if (*status >= 500) {
        if (last) return http_fail(STEP_FAIL, err, errlen, "GET %s: HTTP %ld", url, *status);
        http_warn(h, "GET %s: HTTP %ld (retrying)", url, *status);
        return STEP_RETRY;
    }
    return STEP_DONE;
}

int http_get(Http *h, const char *url, long *status, Buf *body, int64_t *retry_at,
             char *err, size_t errlen)
{
    int waits = 0;
    double delay = h->backoff;
    *status = 0;
    if (retry_at) *retry_at = 0;
    for (int try = 0;; try++) {
        int step = attempt(h, url, status, body, try, &waits, retry_at, err, errlen);
        if (step == STEP_DONE) return HTTP_OK;
        if (step == STEP_FAIL) return HTTP_ERROR;
        if (step == STEP_LIMITED) return HTTP_LIMITED;
        if (*status == 429) {
            try--;              /* a rate-limit wait is not a failed attempt */
            continue;
        }
        sleep_seconds(delay);
        delay *= 2;
    }
}

int http_get_json(Http *h, const char *url, long *status, json_t **json, int64_t *retry_at,
                  char *err, size_t errlen)
{
    Buf body;
    buf_init(&body);
    *json = NULL;
    int rc = http_get(h, url, status, &body, retry_at, err, errlen);
    if (rc == HTTP_OK) {
        json_error_t e;
        *json = json_loadb(body.data ? body.data : "", body.len, 0, &e);
        if (!*json)
            rc = http_fail(HTTP_ERROR, err, errlen, "GET %s: HTTP %ld with malformed JSON (line %d, column %d: %s)",
                           url, *status, e.line, e.column, e.text);
    }
    buf_free(&body);
    return rc;
}

char *http_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    Buf b;
    buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            buf_putc(&b, (char)*p);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_add(&b, e, 3);
        }
    }
    return buf_detach(&b);
}
