/* fuzz_shared_model.c - libFuzzer harness for the shared model loader (shared_model_open_mem): the
 * raw bytes, and the same bytes with the header's, the tables', every account directory's, every
 * range's and every pair-accuracy block's checksums made right, so that the checks behind them and
 * the readers are reached too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "features.h"
#include "model.h"
#include "shared_model.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* A model that opens must be usable: names, lookups, scores, ranking, pair views, explanations. */
static void check(const unsigned char *data, size_t size)
{
    SharedModel *sm;
    char err[200];
    err[0] = '\0';
    if (shared_model_open_mem(data, size, &sm, err, sizeof err) != 0) {
        if (err[0] == '\0') abort();
        return;
    }
    int n = shared_model_count(sm);
    if (n < 1) abort();
    for (int i = 0; i < n; i++)
        if (shared_model_find(sm, shared_model_name(sm, i)) < 0) abort();
    SharedRank *r = malloc(sizeof *r * (size_t)n);
    int k = shared_model_rank(sm, "a short text @someone http://x.co #tag", NULL, r, err, sizeof err);
    if (k >= 0) {
        double sum = 0;
        for (int i = 0; i < k; i++) sum += r[i].prob;
        if (k != n || !(sum > 0.999 && sum < 1.001)) abort();
    }
    Model m;
    if (n >= 2 && shared_model_pair(sm, 0, n - 1, &m, err, sizeof err) == 0) {
        for (uint32_t i = 1; i < m.n; i++)
            if (m.index[i] <= m.index[i - 1]) abort();
        double p = model_prob_b(&m, "another text");
        if (!(p >= 0 && p <= 1)) abort();
        Contribution *a, *b;
        int na, nb;
        model_explain(&m, "another text", 3, &a, &na, &b, &nb);
        contributions_free(a, na);
        contributions_free(b, nb);
        model_free(&m);
    }
    if (n >= 2 && shared_model_pair_for(sm, n - 1, 0, "another text", &m, err, sizeof err) == 0) model_free(&m);
    for (int i = 0; i < n && i < 64; i++) {
        double acc = shared_model_pair_accuracy(sm, i, n - 1 - i, i % 2);
        if (!(acc == -1 || acc == -2 || (acc >= 0 && acc <= 1))) abort();
    }
    free(r);
    shared_model_close(sm);
}

/* Make account e's range sums and its directory sum right where its offsets allow it; *dir is
 * its first directory entry (advanced past its entries). */
static void fix_account(unsigned char *f, size_t size, unsigned char *e, uint64_t rows_off, uint64_t nrows,
                        uint64_t dirs_off, uint64_t *dir)
{
    uint64_t first = rd32(e + 8), n = rd32(e + 12), d = rd32(e + 28);
    if (d > 12) return;
    uint64_t ranges = (uint64_t)1 << d, at = dirs_off + *dir * 8;
    *dir += ranges;
    if (first + n > nrows || rows_off + (first + n) * 6 > size || at + ranges * 8 > size) return;
    for (uint64_t j = 0; j < ranges; j++) {
        uint64_t s = rd32(f + at + j * 8), end = j + 1 < ranges ? rd32(f + at + (j + 1) * 8) : n;
        if (s <= end && end <= n)
            wr32(f + at + j * 8 + 4, shared_model_sum32(f + rows_off + (first + s) * 6, (size_t)(end - s) * 6));
    }
    wr32(e + 20, shared_model_sum32(f + at, (size_t)ranges * 8));
}

/* Make the checksums right where the header's offsets allow it. */
static void fix(unsigned char *f, size_t size)
{
    if (size < 128) return;
    uint64_t k = rd32(f + 20), rows_off = rd32(f + 92), nrows = rd32(f + 96), dirs_off = rd32(f + 104), dir = 0;
    if (rows_off >= 128 && rows_off <= size) {
        for (uint64_t i = 0; i < k && 128 + (i + 1) * 40 <= rows_off; i++)
            fix_account(f, size, f + 128 + i * 40, rows_off, nrows, dirs_off, &dir);
        wr32(f + 100, (uint32_t)crc32(0, f + 128, (uInt)(rows_off - 128)));
    }
    uint64_t pacc = rd32(f + 112);   /* the pairs' accuracies: a block per account */
    for (uint64_t i = 0; pacc && k < 65536 && pacc + (i + 1) * (4 + 4 * k) <= size && i < k; i++) {
        unsigned char *blk = f + pacc + i * (4 + 4 * k);
        wr32(blk, shared_model_sum32(blk + 4, (size_t)(4 * k)));
    }
    wr32(f + 124, (uint32_t)crc32(0, f, 124));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = malloc(size + 1);   /* exactly size bytes in use: ASan sees overreads */
    memcpy(copy, data, size);
    check(copy, size);
    fix(copy, size);
    check(copy, size);
    free(copy);
    return 0;
}
