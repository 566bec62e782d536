/* fuzz_archive.c - libFuzzer harness for the archive importer's parser (import_archive): rows
 * checked by fuzz_row, and the quick reader (import_quick.c) must give exactly the rows and the
 * result that jansson alone gives. */
#include "fuzz_rows.h"
#include "import_json.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void mix(uint64_t *h, const char *s, size_t n)
{
    *h = fnv1a64(*h, s ? s : "\1", s ? n : 1);
    *h = fnv1a64(*h, "\0", 1);
}

/* A hash of every field of every row. */
static int digest_row(void *ctx, const ImportRow *r)
{
    uint64_t *h = ctx;
    const char *s[] = {r->bad, r->id, r->user, r->created, r->reply_to};
    for (int i = 0; i < 5; i++) mix(h, s[i], s[i] ? strlen(s[i]) : 0);
    mix(h, r->text, r->text_len);
    long nums[] = {r->line, r->is_retweet, r->reply, r->not_public};
    *h = fnv1a64(*h, nums, sizeof nums);
    return fuzz_row(NULL, r);
}

static int run(const uint8_t *data, size_t size, int quick_off, uint64_t *h, ImportError *err)
{
    import_json_quick_off = quick_off;
    *h = FNV64_INIT;
    ImportSink sink = {digest_row, h, 1};
    int rc = import_archive((const char *)data, size, &sink, err);
    import_json_quick_off = 0;
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parser(import_archive, data, size);
    if (size > 0) (void)import_detect("fuzz.input", (const char *)data, size);
    uint64_t quick, slow;
    ImportError e1 = {0}, e2 = {0};
    int r1 = run(data, size, 0, &quick, &e1), r2 = run(data, size, 1, &slow, &e2);
    if (r1 != r2 || quick != slow || e1.line != e2.line || strcmp(e1.msg, e2.msg) != 0) abort();
    return 0;
}
