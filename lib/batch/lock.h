/* lock.h - the batch lock: one flock on $TWITOFF_HOME/batch.lock keeps batch runs from overlapping. */
#ifndef TWITOFF_LOCK_H
#define TWITOFF_LOCK_H

#include <stddef.h>

/* Take the batch lock for command (e.g. "nightly") without waiting. Re-entrant within one process
 * (a nested call only counts). Returns 0 when held; 1 when another process holds it (err gets a
 * line naming that run: the command exits with status 3); -1 on error (the reason in err), such as
 * an instance directory others can write (instance.h), or a lock file that is a link. The
 * kernel drops the lock when the process dies, even by kill -9. */
int batch_lock(const char *command, char *err, size_t errlen);

/* Release one level of the lock taken by batch_lock (the file itself stays). */
void batch_unlock(void);

#endif
