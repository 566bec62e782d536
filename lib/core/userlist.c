/* userlist.c - the users.html fragment, written by the batch and read by the form pages. */
#include "userlist.h"
#include "escape.h"
#include "text.h"

#include <string.h>

#define OPEN "<option value=\""

void userlist_render(Buf *out, char *const *handles, int n)
{
    for (int i = 0; i < n; i++) html_option(out, handles[i], 0);
}

/* The unescaped value of one option line, or NULL when the line is not one. Caller frees. */
static char *option_value(const char *line, size_t len)
{
    size_t k = strlen(OPEN);
    if (len <= k || strncmp(line, OPEN, k) != 0) return NULL;
    const char *end = memchr(line + k, '"', len - k);
    if (!end || end == line + k) return NULL;
    char *v = xstrndup(line + k, (size_t)(end - line - k));
    html_unescape_inplace(v);
    return v;
}

int userlist_parse(const char *fragment, char ***out)
{
    int n = 0, cap = 0;
    *out = NULL;
    for (const char *l = fragment; l && *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        char *v = option_value(l, len);
        if (v) {
            if (n == cap) *out = xrealloc(*out, sizeof **out * (size_t)(cap = cap ? 2 * cap : 32));
            (*out)[n++] = v;
        }
        l += len + (nl ? 1 : 0);
    }
    return n;
}
