/* lock.c - the batch lock: one flock on $TWITOFF_HOME/batch.lock keeps batch runs from overlapping. */
#include "lock.h"
#include "config.h"
#include "files.h"
#include "instance.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int lock_fd = -1;   /* open while held */
static int lock_depth;     /* nested batch_lock calls */

/* Who holds the lock, from the "pid command since" line the holder wrote, into err. */
static void holder(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *who = read_file(path, &len);
    long pid = 0, since = 0;
    char cmd[32] = "?";
    if (who && sscanf(who, "%ld %31s %ld", &pid, cmd, &since) >= 2) {
        char when[32] = "";
        if (since > 0) format_time(since, when, sizeof when);
        err_set(err, errlen, "another batch run holds %s (twitoff %s, pid %ld%s%s); not starting, "
                "try again later", path, cmd, pid, since > 0 ? ", since " : "", when);
    } else {
        err_set(err, errlen, "another batch run holds %s; not starting, try again later", path);
    }
    free(who);
}

/* Record this run in the lock file, for the message a refused run prints. */
static void write_holder(int fd, const char *command)
{
    char line[96];
    int n = snprintf(line, sizeof line, "%ld %s %lld\n", (long)getpid(), command, (long long)now_unix());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, line, (size_t)n, 0) != n) {
        /* only informative: a refused run then prints the path instead */
    }
}

int batch_lock(const char *command, char *err, size_t errlen)
{
    if (lock_fd >= 0) {
        lock_depth++;
        return 0;
    }
    if (instance_safe(err, errlen) != 0) return -1;   /* (reset takes the lock without batch_start) */
    mkdir_p(twitoff_home(), 0755);
    char *path = home_path("batch.lock");
    /* Never through a link (O_NOFOLLOW), and only a regular file (O_NONBLOCK: a FIFO does not
     * block the open): the lock file is truncated and written. */
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        fd = -1;
        errno = EPERM;
    }
    if (fd < 0) {
        err_set(err, errlen, "cannot open %s: %s%s", path, strerror(errno),
                errno == ELOOP || errno == EPERM ? " (not a regular file: remove it)" : "");
        free(path);
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK) holder(path, err, errlen);
        else err_set(err, errlen, "cannot lock %s: %s", path, strerror(e));
        free(path);
        return e == EWOULDBLOCK ? 1 : -1;
    }
    free(path);
    write_holder(fd, command);
    lock_fd = fd;
    lock_depth = 1;
    return 0;
}

void batch_unlock(void)
{
    if (lock_fd < 0 || --lock_depth > 0) return;
    if (ftruncate(lock_fd, 0) != 0) { /* a stale holder line is harmless */ }
    close(lock_fd);   /* drops the flock */
    lock_fd = -1;
}
