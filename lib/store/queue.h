/* queue.h - the queue store, $TWITOFF_HOME/queue/jobs.db: the only database the web user writes
 * (the job queue, jobs.h, and the admin sessions, sessions.h). The batch creates and migrates it;
 * a page only opens what the batch made. */
#ifndef TWITOFF_QUEUE_H
#define TWITOFF_QUEUE_H

#include <stddef.h>
#include <sqlite3.h>

enum { QUEUE_BATCH = 0, QUEUE_PAGE = 1 };

/* The queue directory, $TWITOFF_HOME/queue, and its database file. Caller frees. */
char *queue_dir(void);
char *queue_path(void);

/* Open the queue store read-write. QUEUE_BATCH (the batch): creates the directory and the
 * database, -wal and -shm files when missing (O_EXCL, O_NOFOLLOW), refuses any of them that is not
 * a regular file with one link owned by this user or the instance directory's owner (a link
 * planted in the web-writable directory, a file the web user made), and migrates
 * the schema. QUEUE_PAGE (the pages): creates nothing; the three files must exist and the schema
 * be current. Both open with SQLITE_OPEN_NOFOLLOW and keep the -wal and -shm files on close
 * (SQLITE_FCNTL_PERSIST_WAL), so that a user who cannot write the directory can still open the
 * store. NULL with the reason in err. */
sqlite3 *queue_open(int mode, char *err, size_t errlen);

/* The schema migration that moved the jobs table out of the main store: copy the rows of main's
 * jobs table (when it has one with rows) into the queue store, keeping their ids (a row already
 * there is kept). The caller drops main's table afterwards. 0, or -1 with err. */
int queue_adopt_jobs(sqlite3 *main_db, char *err, size_t errlen);

#endif
