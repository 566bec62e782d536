/* handle.c - the one rule for account handles. */
#include "handle.h"

#include <string.h>

int handle_chars(const char *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = h[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == '-' || c == '@' || c == ':'))
            return 0;
    }
    return 1;
}

int handle_valid(const char *h)
{
    size_t n = h ? strlen(h) : 0;
    return n >= 1 && n <= HANDLE_MAX && handle_chars(h, n);
}

int handle_clean(const char *s, char out[HANDLE_MAX + 1])
{
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '@') s++;
    size_t n = strcspn(s, " \t");
    if (n == 0 || n > HANDLE_MAX || s[n + strspn(s + n, " \t")] != '\0' || !handle_chars(s, n)) return -1;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}
