/* util.h - memory, growable string buffers, the error convention and small helpers shared by every program. */
#ifndef TWITOFF_UTIL_H
#define TWITOFF_UTIL_H

/* The error convention of everything under lib/ (liblinear's): a function that can fail returns
 * -1 (or NULL) and writes a one-line reason, without the program's name, into a buffer the
 * caller passes as (char *err, size_t errlen); it never prints and never exits. The batch
 * workflows (lib/batch/batch.h) report progress and warnings through a caller's callback
 * instead of printing. Only the commands (batch/: cli.c prints for them) and the pages' request
 * loop report errors to a person. The one exception is running out of memory: the x* allocators
 * below print one line and exit(70). */

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Allocation that never returns NULL: on exhaustion the program prints a message and exits(70)
 * (the one place in lib/ that prints or exits). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable byte string, always NUL-terminated once anything was appended. */
typedef struct {
    char *data;   /* bytes, NUL-terminated (NULL while empty and never grown) */
    size_t len;   /* bytes used, excluding the NUL */
    size_t cap;   /* bytes allocated */
} Buf;

void buf_init(Buf *b);
void buf_free(Buf *b);
void buf_reset(Buf *b);                        /* len = 0, keeps the allocation */
void buf_grow(Buf *b, size_t extra);           /* ensure room for extra bytes + NUL */
void buf_add(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
const char *buf_str(Buf *b);                   /* "" when empty; never NULL */
char *buf_detach(Buf *b);                      /* caller owns the string; b is reset */

/* Format a message into err[0..errlen) (truncated to fit; nothing when err is NULL or errlen 0)
 * and return -1, so that `return err_set(err, errlen, "...", ...);` reports a failure. */
int err_set(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Free an array of n strings (NULL is allowed). */
void strv_free(char **v, int n);

/* A newly allocated formatted string (never NULL). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* The program name that messages start with ("twitoff"; each page sets its own). */
extern const char *progname;

/* 64-bit FNV-1a hash of a buffer, continuing from h (start with FNV64_INIT). */
#define FNV64_INIT 0xcbf29ce484222325ULL
uint64_t fnv1a64(uint64_t h, const void *data, size_t len);

/* Seconds since the epoch, and a monotonic clock in seconds for timing. */
int64_t now_unix(void);
double now_mono(void);

/* Format unix time t as "YYYY-MM-DD HH:MM" UTC into out (at least 20 bytes). */
void format_time(int64_t t, char *out, size_t outlen);

/* Parse a decimal integer strictly (all of s, no overflow); returns 0 on success, -1 otherwise. */
int parse_int64(const char *s, int64_t *out);

#endif
