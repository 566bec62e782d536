/* web_request.c - parsing a CGI request (environment, query string, urlencoded body),
 * validating its fields against a page's table, and the typed values of the fields. */
#include "web_request.h"
#include "handle.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode one urlencoded component into a new string; NULL with err set when it is malformed. */
static char *url_decode(const char *s, size_t len, const char *what, char *err, size_t errlen)
{
    char *out = xmalloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)s[i];
        if (c == '+') c = ' ';
        else if (c == '%') {
            int hi = i + 1 < len ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                snprintf(err, errlen, "%s: malformed %%-escape", what);
                free(out);
                return NULL;
            }
            c = hi * 16 + lo;
            i += 2;
        }
        out[o++] = (char)c;
    }
    out[o] = '\0';
    if (memchr(out, '\0', o) || !utf8_valid(out, o)) {
        snprintf(err, errlen, "%s: not valid UTF-8 text (NUL or invalid bytes)", what);
        free(out);
        return NULL;
    }
    return out;
}

/* Decode "name[=value]" at s[0..len) and append it to r. */
static int add_pair(Request *r, const char *s, size_t len, char *err, size_t errlen)
{
    const char *eq = memchr(s, '=', len);
    size_t nlen = eq ? (size_t)(eq - s) : len;
    char *name = url_decode(s, nlen, "field name", err, errlen);
    if (!name) return -1;
    char what[80];
    snprintf(what, sizeof what, "field '%.40s'", name);
    for (char *p = what; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) *p = '?';
    char *value = eq ? url_decode(eq + 1, len - nlen - 1, what, err, errlen) : xstrdup("");
    if (!value) {
        free(name);
        return -1;
    }
    if (r->nfields >= WEB_MAX_FIELDS) {
        snprintf(err, errlen, "too many fields (at most %d)", WEB_MAX_FIELDS);
        free(name);
        free(value);
        return -1;
    }
    r->fields = xrealloc(r->fields, sizeof *r->fields * (size_t)(r->nfields + 1));
    r->fields[r->nfields].name = name;
    r->fields[r->nfields].value = value;
    r->nfields++;
    return 0;
}

int req_parse_form(Request *r, const char *data, size_t len, char *err, size_t errlen)
{
    size_t i = 0;
    while (i < len) {
        const char *amp = memchr(data + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - data) : len;
        if (end > i && add_pair(r, data + i, end - i, err, errlen) != 0) return -1;
        i = end + 1;
    }
    return 0;
}

static const char *env_or(const char *name, const char *def)
{
    const char *v = getenv(name);
    return v ? v : def;
}

/* 1 when the Accept header asks for JSON. */
static int wants_json(const char *accept)
{
    return strstr(accept, "application/json") != NULL;
}

/* The body length from CONTENT_LENGTH: 0 when absent, -1 when malformed. */
static long long content_length(void)
{
    const char *cl = getenv("CONTENT_LENGTH");
    if (!cl || !*cl) return 0;
    int64_t n;
    if (parse_int64(cl, &n) != 0 || n < 0) return -1;
    return n;
}

/* 1 when the body comes chunked without a length: Apache's mod_cgi and mod_cgid then pass no
 * CONTENT_LENGTH but the de-chunked body on stdin, ended by end of file. */
static int chunked_body(void)
{
    const char *te = getenv("HTTP_TRANSFER_ENCODING");
    return te && strcasestr(te, "chunked") && content_length() == 0;
}

/* 1 when the content type is urlencoded (parameters such as charset allowed). */
static int is_urlencoded(const char *ct)
{
    static const char want[] = "application/x-www-form-urlencoded";
    size_t n = sizeof want - 1;
    return strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

typedef size_t (*BodyReader)(void *ctx, char *buf, size_t n);

/* Read up to want bytes into buf; returns how many came before the end or an error. */
static size_t read_upto(BodyReader read_body, void *ctx, char *buf, size_t want)
{
    size_t got = 0;
    while (got < want) {
        size_t n = read_body(ctx, buf + got, want - got);
        if (n == 0 || n == (size_t)-1) break;
        got += n;
    }
    return got;
}

/* Read and drop what is left of a refused body (left bytes, or up to the end when left < 0),
 * never more than WEB_DRAIN_MAX, so that the server delivers the answer cleanly: a body left
 * unread under plain CGI makes Apache reset the connection. */
static void discard_body(BodyReader read_body, void *ctx, long long left)
{
    char sink[8192];
    long long budget = WEB_DRAIN_MAX;
    if (left >= 0 && left < budget) budget = left;
    while (budget > 0) {
        size_t want = budget < (long long)sizeof sink ? (size_t)budget : sizeof sink;
        size_t n = read_upto(read_body, ctx, sink, want);
        budget -= (long long)n;
        if (n < want) break;
    }
}

/* Drop the body of a request answered without reading it (a method no page reads a body of,
 * a query string refused before the body). */
static void discard_unread(BodyReader read_body, void *ctx)
{
    long long cl = content_length();
    if (cl > 0) discard_body(read_body, ctx, cl);
    else if (chunked_body()) discard_body(read_body, ctx, -1);
}

/* Set err to msg and return the HTTP status. */
static int refuse(char *err, size_t errlen, int status, const char *msg)
{
    err_set(err, errlen, "%s", msg);
    return status;
}

/* The 413 of a body over WEB_MAX_BODY. */
static int too_large(char *err, size_t errlen)
{
    err_set(err, errlen, "the request body is larger than %d bytes", WEB_MAX_BODY);
    return 413;
}

/* Read the body into *out (NUL-terminated): CONTENT_LENGTH bytes, or up to the end of a chunked
 * one. Returns 0 or an HTTP status with err set; a refused body is drained first. */
static int read_body_bytes(BodyReader read_body, void *ctx, char **out, size_t *len, char *err,
                           size_t errlen)
{
    long long cl = content_length();
    int chunked = chunked_body();
    *out = NULL;
    *len = 0;
    if (cl < 0) return refuse(err, errlen, 400, "malformed Content-Length");
    if (cl > WEB_MAX_BODY) {
        discard_body(read_body, ctx, cl);
        return too_large(err, errlen);
    }
    if (cl == 0 && !chunked) return 0;
    if (!is_urlencoded(env_or("CONTENT_TYPE", ""))) {
        discard_body(read_body, ctx, chunked ? -1 : cl);
        return refuse(err, errlen, 415, "the body must be application/x-www-form-urlencoded");
    }
    size_t want = chunked ? WEB_MAX_BODY + 1 : (size_t)cl;
    char *body = xmalloc(want + 1);
    size_t got = read_upto(read_body, ctx, body, want);
    body[got] = '\0';
    int rc = 0;
    if (chunked && got > WEB_MAX_BODY) {
        discard_body(read_body, ctx, -1);
        rc = too_large(err, errlen);
    } else if (!chunked && got != (size_t)cl) {
        rc = refuse(err, errlen, 400, "the request body ended early");
    }
    if (rc != 0) free(body);
    else {
        *out = body;
        *len = got;
    }
    return rc;
}

/* Read and parse the body; returns 0 or an HTTP status. */
static int read_form_body(Request *r, BodyReader read_body, void *ctx, char *err, size_t errlen)
{
    char *body;
    size_t len;
    int rc = read_body_bytes(read_body, ctx, &body, &len, err, errlen);
    if (rc == 0 && body && req_parse_form(r, body, len, err, errlen) != 0) rc = 400;
    free(body);
    return rc;
}

int req_init(Request *r, size_t (*read_body)(void *ctx, char *buf, size_t n), void *ctx,
             char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->method = env_or("REQUEST_METHOD", "GET");
    r->path = env_or("PATH_INFO", "");
    r->accept = env_or("HTTP_ACCEPT", "");
    r->json = wants_json(r->accept);
    const char *qs = env_or("QUERY_STRING", "");
    int qs_bad = req_parse_form(r, qs, strlen(qs), err, errlen) != 0;
    if (qs_bad || strcmp(r->method, "POST") != 0) {
        discard_unread(read_body, ctx);   /* answered without it: 400, 405, or a GET's body */
        return qs_bad ? 400 : 0;
    }
    return read_form_body(r, read_body, ctx, err, errlen);
}

void req_free(Request *r)
{
    for (int i = 0; i < r->nfields; i++) {
        free(r->fields[i].name);
        free(r->fields[i].value);
    }
    free(r->fields);
    r->fields = NULL;
    r->nfields = 0;
}

const char *req_get(const Request *r, const char *name)
{
    for (int i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].name, name) == 0) return r->fields[i].value;
    return NULL;
}

int req_count(const Request *r, const char *name)
{
    int n = 0;
    for (int i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].name, name) == 0) n++;
    return n;
}

int req_is(const Request *r, const char *m)
{
    if (strcmp(m, "GET") == 0 && strcmp(r->method, "HEAD") == 0) return 1;
    return strcmp(r->method, m) == 0;
}

/* Number of code points in valid UTF-8 s. */
static size_t utf8_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return 0;
    return 1;
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Skip the decimal digits at p. */
static const char *digits(const char *p)
{
    while (digit(*p)) p++;
    return p;
}

/* FV_INT's syntax and value: 0 with *out (saturated at +-INT64_MAX, which no bound reaches), or
 * -1 when v is not [-]digits. */
static int int_value(const char *v, int minus_ok, int64_t *out)
{
    int neg = minus_ok && *v == '-';
    const char *p = v + neg;
    if (!digit(*p) || *digits(p)) return -1;
    int64_t x = 0;
    for (; *p; p++) x = x > (INT64_MAX - 9) / 10 ? INT64_MAX : x * 10 + (*p - '0');
    *out = neg ? -x : x;
    return 0;
}

/* FV_NUMBER's syntax: 1 when v is [-]digits[.digits], [-].digits or [-]digits. with an optional
 * exponent e[+|-]digits; nothing else (strtod would also take blanks, hex, "inf" and "nan"). */
static int number_syntax(const char *v, int minus_ok)
{
    const char *p = v + (minus_ok && *v == '-');
    const char *int_end = digits(p), *frac_end = int_end;
    if (*int_end == '.') frac_end = digits(int_end + 1);
    if (int_end == p && frac_end <= int_end + 1) return 0;   /* no digit at all */
    p = frac_end;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!digit(*p)) return 0;
        p = digits(p);
    }
    return *p == '\0';
}

/* Append "a, b or c" of the words to err. */
static void word_list(char *err, size_t errlen, const char *const *words)
{
    size_t n = strlen(err);
    for (int i = 0; words[i] && n < errlen; i++) {
        const char *sep = i == 0 ? "" : words[i + 1] ? ", " : " or ";
        snprintf(err + n, errlen - n, "%s%s", sep, words[i]);
        n += strlen(err + n);
    }
}

/* Check one present value and parse it into *out; returns 0 or -1 with err set. */
static int check_value(const FieldSpec *s, const char *v, FieldValue *out, char *err, size_t errlen)
{
    size_t len = strlen(v);
    switch (s->kind) {
    case FV_TEXT: {
        size_t n = utf8_count(v);
        if (n < (size_t)s->min || (s->required && blank(v)))
            return err_set(err, errlen, "%s (%s) is empty", s->label, s->name);
        if (n > (size_t)s->max)
            return err_set(err, errlen, "%s (%s) is too long (%zu characters, at most %.0f)", s->label, s->name, n,
                           s->max);
        return 0;
    }
    case FV_HANDLE:
        if (!handle_valid(v)) return err_set(err, errlen, "%s (%s) is not valid", s->label, s->name);
        return 0;
    case FV_KEY: {
        int ok = len >= (size_t)s->min && len <= (size_t)s->max;
        for (const char *p = v; *p; p++)
            if (*p <= ' ' || *p >= 0x7f) ok = 0;
        if (!ok) return err_set(err, errlen, "%s (%s) is not valid", s->label, s->name);
        return 0;
    }
    case FV_INT:
        if (int_value(v, s->min < 0, &out->i) != 0 || out->i < s->min || out->i > s->max)
            return err_set(err, errlen, "%s (%s) must be a whole number from %.0f to %.0f", s->label, s->name, s->min,
                           s->max);
        return 0;
    case FV_NUMBER:
        out->d = number_syntax(v, s->min < 0) ? strtod(v, NULL) : NAN;
        if (!isfinite(out->d) || out->d < s->min || out->d > s->max)
            return err_set(err, errlen, "%s (%s) must be a number from %g to %g", s->label, s->name, s->min, s->max);
        return 0;
    case FV_ENUM:
        for (int i = 0; s->words && s->words[i]; i++)
            if (strcmp(v, s->words[i]) == 0) {
                out->i = i;
                return 0;
            }
        err_set(err, errlen, "%s (%s) must be ", s->label, s->name);
        if (err && errlen && s->words) word_list(err, errlen, s->words);
        return -1;
    }
    return err_set(err, errlen, "%s (%s): unknown kind of field", s->label, s->name);
}

int req_validate(Request *r, const FieldSpec *specs, int n, char *err, size_t errlen)
{
    r->specs = NULL;
    r->nspecs = 0;
    if (n < 0 || n > WEB_MAX_SPECS) return err_set(err, errlen, "the page declares %d fields (at most %d)", n, WEB_MAX_SPECS);
    for (int i = 0; i < n; i++) {
        const FieldSpec *s = &specs[i];
        FieldValue *val = &r->values[i];
        memset(val, 0, sizeof *val);
        if (req_count(r, s->name) > 1) return err_set(err, errlen, "%s (%s) was given more than once", s->label, s->name);
        const char *v = req_get(r, s->name);
        if (!v || !*v) {
            if (!s->required) continue;
            return err_set(err, errlen, "%s (%s) is missing", s->label, s->name);
        }
        if (check_value(s, v, val, err, errlen) != 0) return -1;
        val->text = v;
    }
    r->specs = specs;
    r->nspecs = n;
    return 0;
}

/* The value of declared field name of kind (any kind when kind < 0) when it was given, else NULL. */
static const FieldValue *value_of(const Request *r, const char *name, int kind)
{
    for (int i = 0; i < r->nspecs; i++)
        if (strcmp(r->specs[i].name, name) == 0)
            return (kind < 0 || (int)r->specs[i].kind == kind) && r->values[i].text ? &r->values[i] : NULL;
    return NULL;
}

int64_t req_int(const Request *r, const char *name, int64_t def)
{
    const FieldValue *v = value_of(r, name, FV_INT);
    return v ? v->i : def;
}

double req_number(const Request *r, const char *name, double def)
{
    const FieldValue *v = value_of(r, name, FV_NUMBER);
    return v ? v->d : def;
}

int req_enum(const Request *r, const char *name, int def)
{
    const FieldValue *v = value_of(r, name, FV_ENUM);
    return v ? (int)v->i : def;
}

const char *req_text(const Request *r, const char *name)
{
    const FieldValue *v = value_of(r, name, -1);
    return v ? v->text : NULL;
}

int req_has(const Request *r, const char *name)
{
    return value_of(r, name, -1) != NULL;
}
