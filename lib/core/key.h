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

#endif
