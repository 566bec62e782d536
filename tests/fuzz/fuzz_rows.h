/* fuzz_rows.h - what the importer harnesses share: a row callback that checks every row the way
 * `twitoff import` uses it (clean the text, parse the date) and aborts on a broken invariant. */
#ifndef TWITOFF_FUZZ_ROWS_H
#define TWITOFF_FUZZ_ROWS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "text.h"

/* Cleaned text must be valid UTF-8 and not longer than 3 bytes per input byte; strings must be
 * readable to their end. */
static int fuzz_row(void *ctx, const ImportRow *r)
{
    (void)ctx;
    if (r->line < 1) abort();
    if (r->reply < REPLY_NONE || r->reply > REPLY_OTHER || (r->not_public & ~1) || (r->is_retweet & ~1))
        abort();
    const char *s[] = {r->bad, r->id, r->user, r->created};
    for (int i = 0; i < 4; i++)
        if (s[i]) (void)strlen(s[i]);
    if (r->text) {
        char *t = text_clean(r->text, r->text_len);
        size_t n = strlen(t);
        if (!utf8_valid(t, n) || n > 3 * r->text_len) abort();
        (void)text_is_retweet(t);
        free(t);
    }
    (void)parse_date(r->created);
    return 0;
}

/* Run parser p on the input with and without a default user; an error must say something. */
static void fuzz_parser(int (*p)(const char *, size_t, const ImportSink *, ImportError *),
                        const uint8_t *data, size_t size)
{
    for (int have_user = 0; have_user < 2; have_user++) {
        ImportSink sink = {fuzz_row, NULL, have_user};
        ImportError err = {0};
        if (p((const char *)data, size, &sink, &err) != 0 && (err.msg[0] == '\0' || err.line < 0))
            abort();
    }
}

#endif
