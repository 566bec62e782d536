/* mkseed_model.c - write small valid model files (seeds for fuzz_model) into the directory argv[1]. */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    uint32_t index[] = {1, 2, 300, 70000, FEATURE_DIM};
    float weight[] = {0.5f, -1.25f, 3.0f, -0.001f, 2.0f};
    Model m = {FEATURE_VERSION, FEATURE_BITS, "alice", "bob", 10, 12, 0.9, 1700000000, 0.1, 5,
               index, weight};
    char path[4096], err[200];
    for (uint32_t n = 0; n <= 5; n += 5) {
        m.n = n;
        snprintf(path, sizeof path, "%s/seed-%u.model", argv[1], n);
        if (model_save(&m, path, err, sizeof err) != 0) {
            fprintf(stderr, "mkseed_model: %s\n", err);
            return 1;
        }
    }
    return 0;
}
