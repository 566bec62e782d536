/* web_asked.c - the predict page's best-effort, non-blocking record of the pair asked for. */
#include "web_asked.h"
#include "asked_line.h"
#include "config.h"
#include "util.h"
#include "web_main.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int logged;   /* one web_log line per process at most */

static void log_once(const char *what, int e)
{
    if (logged++) return;
    web_log("cannot record the pair asked for in %s: %s", ASKED_FILE, what ? what : strerror(e));
}

void web_asked_record(const char *a, const char *b)
{
    char line[ASKED_LINE_MAX + 1];
    int len = asked_line_format(line, now_unix(), a, b);
    if (len <= 0) return;
    char *path = home_path(ASKED_FILE);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0640);
    free(path);
    if (fd < 0) {
        if (errno != ENOENT) log_once(NULL, errno);   /* no queue/ yet: the batch makes it */
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) log_once("not a regular file", 0);
    else if (st.st_size + len > ASKED_MAX_BYTES) log_once("the file is full (the batch empties it)", 0);
    else if (write(fd, line, (size_t)len) != len) log_once(NULL, errno);
    close(fd);
}
