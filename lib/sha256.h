/* sha256.h - SHA-256 (FIPS 180-4) and a constant-time comparison, for the admin key. */
#ifndef TWITOFF_SHA256_H
#define TWITOFF_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* The SHA-256 digest of data[0..len) into out. */
void sha256(const void *data, size_t len, uint8_t out[32]);

/* The digest as 64 lower-case hex digits plus NUL into hex. */
void sha256_hex(const void *data, size_t len, char hex[65]);

/* 1 when a and b (NUL-terminated) are equal; the time taken depends only on their lengths. */
int const_time_equal(const char *a, const char *b);

#endif
