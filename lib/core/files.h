/* files.h - whole-file reads, atomic writes, directories: the file system as every program uses it.
 * Errors as everywhere in lib/, except that these set errno (the reason is the system's). */
#ifndef TWITOFF_FILES_H
#define TWITOFF_FILES_H

#include <stddef.h>

/* Read a whole regular file into memory; returns NULL and sets errno on failure. *len gets the
 * size. Anything else is refused at once, without blocking: a directory (EISDIR), a FIFO, socket
 * or device (EINVAL). */
char *read_file(const char *path, size_t *len);

/* Write data to path atomically with permissions mode: a temporary file in the same directory,
 * fsync, rename. Returns 0, or -1 with errno set (the old file, if any, is untouched). */
int write_file_atomic(const char *path, const void *data, size_t len, int mode);

/* mkdir -p for a directory path with mode; returns 0 or -1 with errno set. */
int mkdir_p(const char *path, int mode);

/* The temporary files write_file_atomic makes are "NAME.tmpXXXXXX" beside NAME: 1 when a file
 * name is one (an interrupted run may leave them behind), else 0. */
int file_is_temp(const char *name);

/* Call fn(ctx, dir, name) for every entry of directory dir but "." and "..", in directory order,
 * until fn returns non-zero. Returns the number of entries passed to fn, or -1 with errno set
 * when dir cannot be opened (ENOENT for a missing one). */
int dir_each(const char *dir, int (*fn)(void *ctx, const char *dir, const char *name), void *ctx);

/* Remove every entry of dir for which match(ctx, name) returns 1. Returns how many were removed;
 * a missing or unreadable directory removes nothing. */
int dir_remove_if(const char *dir, int (*match)(void *ctx, const char *name), void *ctx);

#endif
