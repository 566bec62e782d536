/* key.c - the admin key: random generation, SHA-256 with nettle, constant-time comparison. */
#include "key.h"
#include "config.h"
#include "files.h"
#include "util.h"

#include <errno.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
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

void key_derive(const char *secret, const char *purpose, char hex[65])
{
    char *s = xasprintf("%s:%s", purpose, secret);
    key_hash(s, hex);
    memset(s, 0, strlen(s));
    free(s);
}

static int is_hash(const char *s, size_t n)
{
    if (n < 64) return 0;
    for (size_t i = 0; i < 64; i++)
        if (!strchr("0123456789abcdef", s[i]) || !s[i]) return 0;
    return n == 64 || s[64] == '\n';
}

int admin_key_load(char hex[65], char *err, size_t errlen)
{
    char *path = home_path("admin.key");
    size_t n = 0;
    char *text = read_file(path, &n);
    int rc = 1;
    if (text && is_hash(text, n)) snprintf(hex, 65, "%.64s", text);
    else if (text) rc = err_set(err, errlen, "%s holds no SHA-256 (run 'twitoff admin-key')", path);
    else if (errno != ENOENT) rc = err_set(err, errlen, "cannot read %s: %s", path, strerror(errno));
    else if (conf_get("admin_key_sha256")) snprintf(hex, 65, "%s", conf_get("admin_key_sha256"));
    else rc = 0;
    free(text);
    free(path);
    return rc;
}

int admin_key_save(const char *hash, char *err, size_t errlen)
{
    char *path = home_path("admin.key");
    char line[66];
    int n = snprintf(line, sizeof line, "%.64s\n", hash);
    int rc = write_file_atomic(path, line, (size_t)n, 0640);
    if (rc != 0) err_set(err, errlen, "cannot write %s: %s", path, strerror(errno));
    free(path);
    return rc;
}
