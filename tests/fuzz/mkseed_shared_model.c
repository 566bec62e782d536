/* mkseed_shared_model.c - write small valid shared model files (seeds for fuzz_shared_model) into
 * the directory argv[1]. */
#include <stdio.h>
#include <stdlib.h>

#include "shared_model.h"
#include "util.h"

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    uint32_t index[] = {1, 2, 300, 70000, FEATURE_DIM};
    float weight[] = {0.5f, -1.25f, 3.0f, -0.001f, 2.0f};
    char path[4096], err[200];
    for (int n = 1; n <= 3; n++) {
        SharedAccount acc[3] = {{"alice", 10, 0.1, 5, index, weight}, {"bob", 12, -0.2, 3, index + 1, weight + 1},
                                {"carol", 1, 0, 0, index, weight}};
        SharedBuild b = {acc, n, {{0.8, 0.8}, {0.9, 0.9}}, 1700000000, 42};
        snprintf(path, sizeof path, "%s/seed-%d.model", argv[1], n);
        if (shared_model_save(&b, path, err, sizeof err) != 0) {
            fprintf(stderr, "mkseed_shared_model: %s\n", err);
            return 1;
        }
    }
    return 0;
}
