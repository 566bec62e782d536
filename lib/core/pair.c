/* pair.c - naming pairs of users: canonical order and the model file of a pair. */
#include "pair.h"
#include "config.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pair_ordered(const char *a, const char *b)
{
    return strcmp(a, b) < 0;
}

static void put_encoded(Buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p == '_' || *p == '.' || *p == '@') buf_putc(b, (char)*p);
        else buf_printf(b, "%%%02X", *p);
    }
}

int pair_model_file(const char *name)
{
    size_t len = strlen(name);
    return len > 6 && strcmp(name + len - 6, ".model") == 0 && strchr(name, '-') != NULL;
}

char *pair_model_name(const char *a, const char *b)
{
    if (!pair_ordered(a, b)) {
        const char *t = a;
        a = b;
        b = t;
    }
    Buf n;
    buf_init(&n);
    put_encoded(&n, a);
    buf_putc(&n, '-');
    put_encoded(&n, b);
    buf_puts(&n, ".model");
    return buf_detach(&n);
}

char *pair_model_path(const char *a, const char *b)
{
    char *name = pair_model_name(a, b);
    Buf p;
    buf_init(&p);
    buf_printf(&p, "%s/models/%s", twitoff_home(), name);
    free(name);
    return buf_detach(&p);
}

int pair_model_load(const char *a, const char *b, Model *m, char *err, size_t errlen)
{
    char *path = pair_model_path(a, b);
    int rc = model_load(path, m, err, errlen);
    free(path);
    if (rc != 0) return -1;
    int same = (strcmp(m->handle_a, a) == 0 && strcmp(m->handle_b, b) == 0) ||
               (strcmp(m->handle_a, b) == 0 && strcmp(m->handle_b, a) == 0);
    if (!same) {
        snprintf(err, errlen, "model file belongs to another pair");
        model_free(m);
        return -1;
    }
    return 0;
}
