/* asked_fold.c - the batch's reading of queue/asked: validated, counted per pair, stored, deleted. */
#include "asked_fold.h"
#include "asked.h"
#include "asked_line.h"
#include "config.h"
#include "db.h"
#include "files.h"
#include "pair.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define PRIVATE_NAME "queue/.asked.folding"

/* One request: user indices in canonical pair order, and its time. */
typedef struct {
    int a, b;
    int64_t t;
} Ask;

/* Move the file to the private name and read it (the private file of an interrupted fold too).
 * The text (NUL-terminated) or NULL with *missing = 1 when there is none; NULL with err else. */
static char *take_file(size_t *len, int *missing, char *err, size_t errlen)
{
    char *from = home_path(ASKED_FILE), *priv = home_path(PRIVATE_NAME);
    char *text = NULL;
    *missing = 0;
    /* No queue/ (the queue store was never opened) or no file: nothing was asked (ENOENT). */
    if (rename(from, priv) != 0 && errno != ENOENT) err_set(err, errlen, "cannot move %s: %s", from, strerror(errno));
    else {
        int fd = open(priv, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        struct stat st;
        if (fd < 0 && errno == ENOENT) *missing = 1;
        else if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            text = xmalloc(ASKED_MAX_BYTES + 1);
            ssize_t n = read(fd, text, ASKED_MAX_BYTES);
            *len = n > 0 ? (size_t)n : 0;
            text[*len] = '\0';
        }
        if (fd >= 0) close(fd);
        if (!*missing && unlink(priv) != 0 && errno != ENOENT) err_set(err, errlen, "cannot remove %s: %s", priv, strerror(errno));
        if (!*missing && !text) text = xstrdup("");   /* a link or a special file: nothing read */
    }
    free(from);
    free(priv);
    return text;
}

static int cmp_handle(const void *key, const void *elem)
{
    return strcasecmp(key, ((const User *)elem)->handle);
}

static int find_user(const User *users, int n, const char *h)
{
    const User *u = n ? bsearch(h, users, (size_t)n, sizeof *users, cmp_handle) : NULL;
    return u ? (int)(u - users) : -1;
}

/* Parse every line into asks (known users only); counts lines and ignored ones. */
static int parse_all(const char *text, size_t len, const User *users, int nusers, Ask *asks, AskedFold *f)
{
    int n = 0;
    int64_t latest = now_unix() + 300;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        int64_t t;
        char a[HANDLE_MAX + 1], b[HANDLE_MAX + 1];
        f->lines++;
        int ia = -1, ib = -1;
        if (nl && asked_line_parse(text + pos, end - pos, &t, a, b) == 0 && t <= latest) {
            ia = find_user(users, nusers, a);
            ib = ia < 0 ? -1 : find_user(users, nusers, b);
        }
        if (ia < 0 || ib < 0 || ia == ib) f->ignored++;
        else if (pair_ordered(users[ia].handle, users[ib].handle)) asks[n++] = (Ask){ia, ib, t};
        else asks[n++] = (Ask){ib, ia, t};
        pos = end + 1;
    }
    return n;
}

static int cmp_ask(const void *x, const void *y)
{
    const Ask *p = x, *q = y;
    return p->a != q->a ? (p->a > q->a) - (p->a < q->a) : (p->b > q->b) - (p->b < q->b);
}

/* Store the sorted asks, one row per pair, in one transaction. 0 or -1. */
static int store_asks(sqlite3 *db, const User *users, Ask *asks, int n, AskedFold *f, char *err, size_t errlen)
{
    if (n == 0) return 0;
    qsort(asks, (size_t)n, sizeof *asks, cmp_ask);
    if (db_begin(db, err, errlen) != 0) return -1;
    for (int i = 0; i < n;) {
        int j = i;
        int64_t last = 0;
        for (; j < n && asks[j].a == asks[i].a && asks[j].b == asks[i].b; j++)
            if (asks[j].t > last) last = asks[j].t;
        if (db_asked_add(db, users[asks[i].a].id, users[asks[i].b].id, j - i, last, err, errlen) != 0) {
            db_rollback(db);
            return -1;
        }
        f->pairs++;
        i = j;
    }
    return db_commit(db, err, errlen);
}

int asked_fold(sqlite3 *db, const User *users, int nusers, AskedFold *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t len = 0;
    int missing;
    err[0] = '\0';
    char *text = take_file(&len, &missing, err, errlen);
    if (!text && !missing) return -1;
    int rc = 0;
    if (text) {
        Ask *asks = xmalloc(sizeof *asks * (len / 6 + 1));   /* a line is at least "1 a b\n" */
        int n = parse_all(text, len, users, nusers, asks, out);
        rc = store_asks(db, users, asks, n, out, err, errlen);
        free(asks);
        free(text);
    }
    long days = conf_get_long("asked_days", 30);
    if (rc == 0 && days > 0 && db_asked_prune(db, now_unix() - (int64_t)days * 86400, err, errlen) < 0) rc = -1;
    return rc != 0 || err[0] ? -1 : 0;
}
