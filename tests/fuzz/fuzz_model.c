/* fuzz_model.c - libFuzzer harness for the model-file loader (model_parse): the raw bytes, and
 * the same bytes with a correct checksum so that the body parser is reached too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "model.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse; a model that loads must be usable: ascending indices, scoring and explaining work. */
static void check(const unsigned char *data, size_t size)
{
    Model m;
    char err[200];
    err[0] = '\0';
    if (model_parse(data, size, &m, err, sizeof err) != 0) {
        if (err[0] == '\0') abort();
        return;
    }
    for (uint32_t i = 1; i < m.n; i++)
        if (m.index[i] <= m.index[i - 1]) abort();
    if (!m.handle_a || !m.handle_b) abort();
    double p = model_prob_b(&m, "a short text @someone http://x.co #tag");
    if (!(p >= 0 && p <= 1)) abort();
    Contribution *a, *b;
    int na, nb;
    model_explain(&m, "another text", 3, &a, &na, &b, &nb);
    contributions_free(a, na);
    contributions_free(b, nb);
    model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size);
    if (size >= 8) {
        unsigned char *fixed = malloc(size);
        memcpy(fixed, data, size);
        uint32_t crc = (uint32_t)crc32(0, fixed, (uInt)(size - 4));
        for (int i = 0; i < 4; i++) fixed[size - 4 + i] = (unsigned char)(crc >> (8 * i));
        check(fixed, size);
        free(fixed);
    }
    return 0;
}
