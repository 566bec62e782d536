/* shared_synth.c - write a shared model file of K accounts with W weights each at pseudo-random
 * buckets (fixed seed), the size of a real one at that scale, for timing the pages that read it
 * (bench/shared-web.sh): what ranking costs depends on the accounts and weights, not their values.
 * Usage: bench-shared-synth PATH K [W]   (W default 80000, the shared_weights default). */
#include <stdio.h>
#include <stdlib.h>

#include "shared_model.h"
#include "util.h"

/* A 64-bit xorshift step: the same file on every machine. */
static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void account(SharedAccount *a, int k, uint32_t w, uint64_t *seed)
{
    a->name = xasprintf("synth%03d", k);
    a->posts = 340;
    a->bias = 0.001 * k;
    a->index = xmalloc(sizeof *a->index * w);
    a->weight = xmalloc(sizeof *a->weight * w);
    a->n = 0;
    for (uint32_t idx = 1; idx <= FEATURE_DIM && a->n < w; idx++)
        if (next(seed) % (FEATURE_DIM / w) == 0) {
            a->index[a->n] = idx;
            a->weight[a->n++] = (float)((int64_t)(next(seed) % 2001) - 1000) / 1000.0f;
        }
}

int main(int argc, char **argv)
{
    if (argc < 3 || atoi(argv[2]) < 2) {
        fprintf(stderr, "usage: bench-shared-synth PATH ACCOUNTS [WEIGHTS]\n");
        return 2;
    }
    int k = atoi(argv[2]);
    uint32_t w = argc > 3 ? (uint32_t)atol(argv[3]) : 80000;
    if (w < 1 || w > FEATURE_DIM) w = 80000;
    SharedBuild b = {xcalloc((size_t)k, sizeof(SharedAccount)), k, {{-1, -1}, {-1, -1}}, 1700000000, 1, {NULL, NULL}};
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < k; i++) account(&b.acc[i], i, w, &seed);
    char err[256];
    int rc = shared_model_save(&b, argv[1], err, sizeof err);
    if (rc != 0) fprintf(stderr, "bench-shared-synth: %s\n", err);
    shared_build_free(&b);
    return rc != 0;
}
