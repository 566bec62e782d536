/* lock.h - the batch lock: one flock on $TWITOFF_HOME/batch.lock keeps batch runs from overlapping. */
#ifndef TWITOFF_LOCK_H
#define TWITOFF_LOCK_H

/* Take the batch lock for command (e.g. "nightly") without waiting. Re-entrant within one process
 * (a nested call only counts). Returns 0 when held; 1 when another process holds it (a one-line
 * message naming that run is printed to stderr: the caller exits with EXIT_BUSY); -1 on error
 * (message printed). The kernel drops the lock when the process dies, even by kill -9. */
int batch_lock(const char *command);

/* Release one level of the lock taken by batch_lock (the file itself stays). */
void batch_unlock(void);

/* 1 when this process holds the batch lock. */
int batch_lock_held(void);

#endif
