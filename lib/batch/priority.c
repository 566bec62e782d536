/* priority.c - nice, SCHED_BATCH and the I/O priority (ioprio_set has no glibc wrapper). */
#include "priority.h"
#include "config.h"
#include "util.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* From linux/ioprio.h (not every libc ships it). */
#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_CLASS_BE 2
#define IOPRIO_WHO_PROCESS 1

/* Remember the first step that failed, and why. */
static void failed_at(const char **failed, int *e, const char *what)
{
    if (!*failed) {
        *failed = what;
        *e = errno;
    }
}

int priority_lower(char *err, size_t errlen)
{
    long want = conf_get_long("batch_nice", 10);
    if (want <= 0) return 0;
    if (want > 19) want = 19;
    const char *failed = NULL;
    int e = 0;
    errno = 0;
    int now = getpriority(PRIO_PROCESS, 0);
    if (!(now == -1 && errno) && now < want && setpriority(PRIO_PROCESS, 0, (int)want) != 0)
        failed_at(&failed, &e, "setpriority");
    struct sched_param sp = {0};
    if (sched_getscheduler(0) == SCHED_OTHER && sched_setscheduler(0, SCHED_BATCH, &sp) != 0)
        failed_at(&failed, &e, "sched_setscheduler(SCHED_BATCH)");
    if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_CLASS_BE << IOPRIO_CLASS_SHIFT | 7) != 0)
        failed_at(&failed, &e, "ioprio_set(best effort, 7)");
    if (failed) return err_set(err, errlen, "cannot lower the batch's priority: %s: %s", failed, strerror(e));
    return 0;
}
