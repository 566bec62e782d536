/* web_request.h - one HTTP request as a CGI sees it: method, path, query and urlencoded body
 * fields, and the typed values of the fields a page declares (its field table, checked in one
 * place before the page runs: kcgi's lesson). */
#ifndef TWITOFF_WEB_REQUEST_H
#define TWITOFF_WEB_REQUEST_H

#include <stddef.h>
#include <stdint.h>

/* Largest request body any page accepts (bigger: 413). */
#define WEB_MAX_BODY 65536
/* Most bytes of a refused body read and dropped before answering (Apache's LimitRequestBody). */
#define WEB_DRAIN_MAX (1 << 20)
/* Most fields one request may carry (more: 400). */
#define WEB_MAX_FIELDS 64
/* Most fields one page may declare. */
#define WEB_MAX_SPECS 16

/* One decoded name=value pair; both are NUL-terminated, valid UTF-8 without NUL. */
typedef struct {
    char *name;
    char *value;
} Field;

/* What a field must look like, and the value it hands back. */
typedef enum {
    FV_TEXT,     /* any UTF-8 text of min..max code points (not only blanks when required) */
    FV_HANDLE,   /* an account handle as handle.h defines it (characters, 1..HANDLE_MAX bytes) */
    FV_INT,      /* a whole number in min..max: decimal digits only, a leading '-' only when min < 0
                    (no '+', blanks, hex, exponent or point); req_int */
    FV_NUMBER,   /* a decimal number in min..max: [-]digits[.digits][e[+|-]digits] (or .digits), a
                    '-' only when min < 0 (no blanks, hex, infinity or NaN); req_number */
    FV_ENUM,     /* one of the words; req_enum gives its index */
    FV_KEY       /* printable ASCII without blanks, min..max bytes (secrets: never in a message) */
} FieldKind;

/* One entry of a page's field table. */
typedef struct {
    const char *name;           /* field name */
    FieldKind kind;             /* what the value must look like */
    int required;               /* 1: a missing or empty field is an error */
    double min, max;            /* FV_INT, FV_NUMBER: bounds of the value; FV_TEXT: code points;
                                   FV_KEY: bytes; unused for FV_HANDLE and FV_ENUM */
    const char *const *words;   /* FV_ENUM: the allowed words, NULL-terminated */
    const char *label;          /* human name used in messages ("The page number") */
} FieldSpec;

/* The entries of a field table array. */
#define FIELD_COUNT(table) ((int)(sizeof(table) / sizeof *(table)))

/* The parsed value of one declared field. */
typedef struct {
    const char *text;   /* the value as sent (NULL when absent or empty) */
    int64_t i;          /* FV_INT: the value; FV_ENUM: the index of the word */
    double d;           /* FV_NUMBER: the value */
} FieldValue;

/* The request context, filled once per request. */
typedef struct {
    const char *method;   /* REQUEST_METHOD ("GET" when unset) */
    const char *path;     /* PATH_INFO ("" when unset) */
    const char *accept;   /* HTTP_ACCEPT ("" when unset) */
    int json;             /* 1 when the Accept header asks for JSON (a ".json" path is the page's
                             business: users.c) */
    Field *fields;        /* query fields, then body fields, in order */
    int nfields;
    const FieldSpec *specs;              /* the page's field table, once req_validate accepted it */
    int nspecs;                          /* its entries (0 before) */
    FieldValue values[WEB_MAX_SPECS];    /* values[i]: the value of specs[i] */
} Request;

/* Parse urlencoded data[0..len) ('+' is a space, %XX escapes, '&' separates, repeated names
 * kept in order) and append the fields to r. Returns 0, or -1 with the reason in err (bad
 * escape, NUL or invalid UTF-8 in a name or value, too many fields). */
int req_parse_form(Request *r, const char *data, size_t len, char *err, size_t errlen);

/* Fill r from the CGI environment and read the body with read_body(ctx, buf, n) (returns bytes
 * read, 0 at end, -1 on error): CONTENT_LENGTH bytes, or, for a chunked body without a length
 * (HTTP_TRANSFER_ENCODING chunked, as mod_cgid passes it), up to the end of the input. Returns 0
 * on success, else the HTTP status to answer (400, 413, 415) with the reason in err. A body
 * that is not used (refused, or sent with another method than POST) is read and dropped, up to
 * WEB_DRAIN_MAX bytes, so the answer reaches the client whole. r is usable (method, json) even
 * on error. */
int req_init(Request *r, size_t (*read_body)(void *ctx, char *buf, size_t n), void *ctx,
             char *err, size_t errlen);

/* Free the fields of r. */
void req_free(Request *r);

/* The first value of field name as sent, or NULL (pages read their declared fields through the
 * typed getters below instead). */
const char *req_get(const Request *r, const char *name);

/* How many times field name occurs. */
int req_count(const Request *r, const char *name);

/* Check r's fields against a page's table of n specs (at most WEB_MAX_SPECS): required fields
 * present, no field given twice, values of the right kind and within bounds; then keep the
 * parsed values for the getters. Returns 0, or -1 with a message naming the field (label and
 * name, never the value) in err, for a 400 page. Fields not in the table are ignored. */
int req_validate(Request *r, const FieldSpec *specs, int n, char *err, size_t errlen);

/* The values of the fields r's table declares, once validated. A name the table does not declare,
 * a getter of another kind, or a field not given (or empty) gives def. */
int64_t req_int(const Request *r, const char *name, int64_t def);      /* FV_INT */
double req_number(const Request *r, const char *name, double def);     /* FV_NUMBER */
int req_enum(const Request *r, const char *name, int def);             /* FV_ENUM: the word's index */
/* The value as sent of a declared field of any kind, or NULL (not declared, not given or empty). */
const char *req_text(const Request *r, const char *name);
/* 1 when a declared field was given (not empty), else 0. */
int req_has(const Request *r, const char *name);

/* 1 when method equals m (HEAD counts as GET). */
int req_is(const Request *r, const char *m);

#endif
