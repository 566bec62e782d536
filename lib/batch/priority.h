/* priority.h - the batch yields the machine to the pages: lower CPU and I/O priority for the
 * long commands (train, work, nightly). */
#ifndef TWITOFF_PRIORITY_H
#define TWITOFF_PRIORITY_H

#include <stddef.h>

/* Lower this process's priority as batch_nice says (default 10; 0 leaves it as it is): nice
 * raised to batch_nice (never lowered), the SCHED_BATCH CPU policy, and the best-effort I/O class
 * at its lowest level (7). Threads started afterwards inherit all three. Returns 0, or -1 with
 * the reason in err when one of them could not be set (the others still are). */
int priority_lower(char *err, size_t errlen);

#endif
