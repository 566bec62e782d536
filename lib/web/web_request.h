/* web_request.h - one HTTP request as a CGI sees it: method, path, query and urlencoded body
 * fields, with per-page field tables (validators and bounds) checked in one place. */
#ifndef TWITOFF_WEB_REQUEST_H
#define TWITOFF_WEB_REQUEST_H

#include <stddef.h>

/* Largest request body any page accepts (bigger: 413). */
#define WEB_MAX_BODY 65536
/* Most fields one request may carry (more: 400). */
#define WEB_MAX_FIELDS 64

/* One decoded name=value pair; both are NUL-terminated, valid UTF-8 without NUL. */
typedef struct {
    char *name;
    char *value;
} Field;

/* The request context, filled once per request. */
typedef struct {
    const char *method;   /* REQUEST_METHOD ("GET" when unset) */
    const char *path;     /* PATH_INFO ("" when unset) */
    const char *accept;   /* HTTP_ACCEPT ("" when unset) */
    int json;             /* 1 when the client asked for JSON */
    Field *fields;        /* query fields, then body fields, in order */
    int nfields;
} Request;

/* What a field must look like. */
typedef enum {
    FV_TEXT,     /* any UTF-8 text; min/max count code points */
    FV_HANDLE,   /* a screen name: [A-Za-z0-9_.@-], min/max count bytes */
    FV_NUMBER,   /* a decimal number; min/max bound its value */
    FV_WORD,     /* [a-z_], min/max count bytes (actions, flags) */
    FV_KEY       /* printable ASCII without spaces, min/max count bytes (secrets) */
} FieldKind;

/* One entry of a page's field table. */
typedef struct {
    const char *name;    /* field name */
    FieldKind kind;      /* validator */
    int required;        /* 1: a missing or empty field is an error */
    double min, max;     /* bounds, see FieldKind */
    const char *label;   /* human name used in messages */
} FieldSpec;

/* Parse urlencoded data[0..len) ('+' is a space, %XX escapes, '&' separates, repeated names
 * kept in order) and append the fields to r. Returns 0, or -1 with the reason in err (bad
 * escape, NUL or invalid UTF-8 in a name or value, too many fields). */
int req_parse_form(Request *r, const char *data, size_t len, char *err, size_t errlen);

/* Fill r from the CGI environment and read the body with read_body(ctx, buf, n) (returns bytes
 * read, 0 at end, -1 on error). Returns 0 on success, else the HTTP status to answer
 * (400, 413, 415) with the reason in err. r is usable (method, json) even on error. */
int req_init(Request *r, size_t (*read_body)(void *ctx, char *buf, size_t n), void *ctx,
             char *err, size_t errlen);

/* Free the fields of r. */
void req_free(Request *r);

/* The first value of field name, or NULL. */
const char *req_get(const Request *r, const char *name);

/* How many times field name occurs. */
int req_count(const Request *r, const char *name);

/* Check r's fields against a table of n specs: required fields present, no field given twice,
 * values of the right kind and within bounds. Returns 0, or -1 with a message naming the field
 * in err (for a 400 page). Fields not in the table are ignored. */
int req_validate(const Request *r, const FieldSpec *specs, int n, char *err, size_t errlen);

/* 1 when method equals m (HEAD counts as GET). */
int req_is(const Request *r, const char *m);

#endif
