/* instance.h - the instance directory's ownership and modes. The batch writes only into
 * directories nobody else can write (like ssh with ~/.ssh): $TWITOFF_HOME, models/, lists/ and
 * log/ owned by the batch user (or root) and writable by no group or other; queue/, the web
 * user's, group-writable only with the sticky bit (others cannot then remove or replace the
 * batch's files there). `twitoff check` also reports files whose modes are wrong. */
#ifndef TWITOFF_INSTANCE_H
#define TWITOFF_INSTANCE_H

#include <stddef.h>

/* 0 when the batch may write the instance (missing directories are fine: the batch makes them),
 * or -1 with the first problem, and what to do about it, in err. */
int instance_safe(char *err, size_t errlen);

/* Every problem of the instance's layout: the directories as instance_safe checks them, then
 * twitoff.conf readable by others than its owner, the database, admin.key, models or lists
 * writable by the group or others, the queue store not writable by its group. Calls
 * problem(ctx, line) for each; returns their number. */
int instance_layout(void (*problem)(void *ctx, const char *line), void *ctx);

#endif
