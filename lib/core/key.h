/* key.h - the admin key: a random secret, stored only as its SHA-256 (nettle), checked in constant time. */
#ifndef TWITOFF_KEY_H
#define TWITOFF_KEY_H

#include <stddef.h>

/* A new random key: 32 bytes from getrandom as 64 lower-case hex digits plus NUL into key.
 * 0, or -1 with the reason in err. */
int key_new(char key[65], char *err, size_t errlen);

/* The SHA-256 of key (NUL-terminated) as 64 lower-case hex digits plus NUL into hex. */
void key_hash(const char *key, char hex[65]);

/* 1 when the SHA-256 of key equals want_hex (64 hex digits), compared in constant time; 0 when
 * it does not, or when key or want_hex is NULL or want_hex is not 64 characters long. */
int key_matches(const char *key, const char *want_hex);

/* The SHA-256 of "purpose:secret" as 64 hex digits plus NUL into hex: a value bound to secret
 * that does not reveal it (the admin session's CSRF token, the tag of the key a session used). */
void key_derive(const char *secret, const char *purpose, char hex[65]);

/* The admin key's SHA-256 into hex: the file $TWITOFF_HOME/admin.key (written by `twitoff
 * admin-key`, readable by the pages), else the setting admin_key_sha256 (older instances; its
 * environment variable too). 1 found, 0 none configured,
 * -1 when admin.key exists but cannot be read or holds no 64-digit hash (the reason in err). */
int admin_key_load(char hex[65], char *err, size_t errlen);

/* Write hash (64 hex digits) to $TWITOFF_HOME/admin.key atomically, mode 0640 (the instance
 * directory's group: the web server's). 0, or -1 with err. */
int admin_key_save(const char *hash, char *err, size_t errlen);

#endif
