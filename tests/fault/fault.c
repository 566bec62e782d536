/* fault.c - an LD_PRELOAD shim that makes one call of the C library fail, for the fault sweep
 * (tests/cmd/t67-faults.sh).
 *   FAULT_CALL   which calls: write (write, pwrite, pwrite64, writev), fsync (fsync, fdatasync),
 *                rename (rename, renameat, renameat2), open (open, open64, openat, openat64,
 *                creat) or malloc (malloc, calloc, realloc)
 *   FAULT_N      the call (counting from 1) that fails
 *   FAULT_MODE   "once" (default): only call N fails; "full": call N and every later one fail
 *                (a full disk: with FAULT_CALL=write and ENOSPC)
 *   FAULT_ERRNO  the error set: ENOSPC (default), EIO, ENOMEM, EACCES, EROFS, EDQUOT, EINTR
 *   FAULT_COUNT  1: at exit, print "fault: N CALL calls" on stderr (how many calls a run makes)
 * When a fault fires the shim prints "fault: failing CALL call N" on stderr once. Without
 * FAULT_CALL it only passes every call on. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

enum { C_NONE = -1, C_WRITE, C_FSYNC, C_RENAME, C_OPEN, C_MALLOC, C_KINDS };
static const char *const kind_names[C_KINDS] = {"write", "fsync", "rename", "open", "malloc"};

static int kind = C_NONE;       /* the class of calls counted and failed */
static long fail_at;            /* FAULT_N */
static int full;                /* FAULT_MODE=full */
static int fail_errno = ENOSPC;
static int counting;            /* FAULT_COUNT=1 */
static long calls;              /* calls of the class so far */
static int said;                /* the "failing" line was printed */
static int ready;               /* the settings were read */

static ssize_t (*real_write)(int, const void *, size_t);

/* Write a line on stderr with the real write (never counted, never failed). */
static void say(const char *fmt, ...)
{
    char line[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (!real_write) real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (n > 0 && real_write) real_write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static int errno_named(const char *s)
{
    static const struct { const char *name; int e; } t[] = {
        {"ENOSPC", ENOSPC}, {"EIO", EIO}, {"ENOMEM", ENOMEM}, {"EACCES", EACCES},
        {"EROFS", EROFS}, {"EDQUOT", EDQUOT}, {"EINTR", EINTR}, {"EPERM", EPERM}};
    for (size_t i = 0; s && i < sizeof t / sizeof *t; i++)
        if (!strcmp(s, t[i].name)) return t[i].e;
    return ENOSPC;
}

static void at_end(void)
{
    if (counting && kind != C_NONE) say("fault: %ld %s calls\n", calls, kind_names[kind]);
}

/* Read the settings once (getenv does not allocate). */
static void setup(void)
{
    if (ready) return;
    ready = 1;
    const char *c = getenv("FAULT_CALL");
    for (int i = 0; c && i < C_KINDS; i++)
        if (!strcmp(c, kind_names[i])) kind = i;
    const char *n = getenv("FAULT_N"), *m = getenv("FAULT_MODE"), *cnt = getenv("FAULT_COUNT");
    fail_at = n ? strtol(n, NULL, 10) : 0;
    full = m && !strcmp(m, "full");
    fail_errno = errno_named(getenv("FAULT_ERRNO"));
    counting = cnt && !strcmp(cnt, "1");
    if (counting) atexit(at_end);
}

/* Count a call of class k: 1 when it must fail (errno is then set). */
static int fault(int k)
{
    setup();
    if (k != kind) return 0;
    long n = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    if (fail_at <= 0 || n < fail_at || (n > fail_at && !full)) return 0;
    if (!said) {
        said = 1;
        say("fault: failing %s call %ld (%s)\n", kind_names[k], n, full ? "and every later one" : "once");
    }
    errno = fail_errno;
    return 1;
}

/* The next definition of name in the libraries after this one. */
#define REAL(name) \
    static __typeof__(&name) real_##name; \
    if (!real_##name) real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n)
{
    if (!real_write) real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fault(C_WRITE)) return -1;
    return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    REAL(pwrite);
    if (fault(C_WRITE)) return -1;
    return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    REAL(pwrite64);
    if (fault(C_WRITE)) return -1;
    return real_pwrite64(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    REAL(writev);
    if (fault(C_WRITE)) return -1;
    return real_writev(fd, iov, cnt);
}

int fsync(int fd)
{
    REAL(fsync);
    if (fault(C_FSYNC)) return -1;
    return real_fsync(fd);
}

int fdatasync(int fd)
{
    REAL(fdatasync);
    if (fault(C_FSYNC)) return -1;
    return real_fdatasync(fd);
}

int rename(const char *a, const char *b)
{
    REAL(rename);
    if (fault(C_RENAME)) return -1;
    return real_rename(a, b);
}

int renameat(int da, const char *a, int db, const char *b)
{
    REAL(renameat);
    if (fault(C_RENAME)) return -1;
    return real_renameat(da, a, db, b);
}

int renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
    REAL(renameat2);
    if (fault(C_RENAME)) return -1;
    return real_renameat2(da, a, db, b, flags);
}

/* The mode argument of open and openat, present with O_CREAT or O_TMPFILE. */
#define OPEN_MODE(flags, last) \
    mode_t mode = 0; \
    if ((flags) & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, last); mode = (mode_t)va_arg(ap, int); va_end(ap); }

int open(const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    REAL(open);
    if (fault(C_OPEN)) return -1;
    return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    REAL(open64);
    if (fault(C_OPEN)) return -1;
    return real_open64(path, flags, mode);
}

int openat(int dir, const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    REAL(openat);
    if (fault(C_OPEN)) return -1;
    return real_openat(dir, path, flags, mode);
}

int openat64(int dir, const char *path, int flags, ...)
{
    OPEN_MODE(flags, flags);
    REAL(openat64);
    if (fault(C_OPEN)) return -1;
    return real_openat64(dir, path, flags, mode);
}

int creat(const char *path, mode_t mode)
{
    REAL(creat);
    if (fault(C_OPEN)) return -1;
    return real_creat(path, mode);
}

void *malloc(size_t n)
{
    if (ready && fault(C_MALLOC)) return NULL;
    return __libc_malloc(n);
}

void *calloc(size_t count, size_t size)
{
    if (ready && fault(C_MALLOC)) return NULL;
    return __libc_calloc(count, size);
}

void *realloc(void *p, size_t n)
{
    if (ready && fault(C_MALLOC)) return NULL;
    return __libc_realloc(p, n);
}

/* Read the settings before main (malloc counts only from here: the loader's own are not ours). */
__attribute__((constructor)) static void fault_init(void)
{
    setup();
}
