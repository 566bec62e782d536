/* key.c - the admin key: random generation, SHA-256 with nettle, constant-time comparison. */
#include "key.h"
#include "util.h"

#include <errno.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>

static void to_hex(const uint8_t *raw, size_t n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[raw[i] >> 4];
        hex[2 * i + 1] = digits[raw[i] & 15];
    }
    hex[2 * n] = '\0';
}

int key_new(char key[65], char *err, size_t errlen)
{
    uint8_t raw[32];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno != EINTR) return err_set(err, errlen, "cannot get random bytes: %s", strerror(errno));
        if (n > 0) got += (size_t)n;
    }
    to_hex(raw, sizeof raw, key);
    return 0;
}

void key_hash(const char *key, char hex[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, strlen(key), (const uint8_t *)key);
    sha256_digest(&ctx, sizeof digest, digest);
    to_hex(digest, sizeof digest, hex);
}

int key_matches(const char *key, const char *want_hex)
{
    if (!key || !want_hex || strlen(want_hex) != 64) return 0;
    char got[65];
    key_hash(key, got);
    return memeql_sec(got, want_hex, 64);
}
