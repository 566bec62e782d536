/* fuzz_outbox.c - libFuzzer harness for the Mastodon outbox.json parser (import_outbox), the
 * format detection and the reply policy applied to each row's cleaned text. */
#include "fuzz_rows.h"
#include "post_policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz_row's checks, then the policy: a kept text only ever gets shorter. */
static int outbox_row(void *ctx, const ImportRow *r)
{
    fuzz_row(ctx, r);
    if (r->reply < REPLY_NONE || r->reply > REPLY_OTHER || (r->not_public & ~1)) abort();
    if (!r->text) return 0;
    char *t = text_clean(r->text, r->text_len);
    size_t before = strlen(t);
    PostFacts p = {.is_repost = r->is_retweet, .reply = r->reply, .not_public = r->not_public};
    for (int inc = 0; inc < 2; inc++)
        if (post_judge(t, &p, inc) == POST_KEEP && strlen(t) > before) abort();
    free(t);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parser(import_outbox, data, size);
    ImportSink sink = {outbox_row, NULL, 0};
    ImportError err = {0};
    if (import_outbox((const char *)data, size, &sink, &err) != 0 && err.msg[0] == '\0') abort();
    if (size > 0) (void)import_detect("outbox.json", (const char *)data, size);
    return 0;
}
