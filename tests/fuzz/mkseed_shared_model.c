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
    double equal[9] = {-1, 0.9, 0.8, -1, -1, 0.7, -1, -1, -1}, posts[9] = {-1, 0.85, -1, -1, -1, 0.75, -1, -1, -1};
    char path[4096], err[200];
    for (int s = 0; s < 6; s++) {   /* 1 to 3 accounts, without and with the pairs' accuracies */
        int n = s % 3 + 1;
        SharedAccount acc[3] = {{"alice", 10, 0.1, 5, index, weight}, {"bob", 12, -0.2, 3, index + 1, weight + 1},
                                {"carol", 1, 0, 0, index, weight}};
        SharedBuild b = {acc, n, {{0.8, 0.8}, {0.9, 0.9}}, 1700000000, 42, {s < 3 ? NULL : equal, s < 3 ? NULL : posts}};
        snprintf(path, sizeof path, "%s/seed-%d%s.model", argv[1], n, s < 3 ? "" : "-pairs");
        if (shared_model_save(&b, path, err, sizeof err) != 0) {
            fprintf(stderr, "mkseed_shared_model: %s\n", err);
            return 1;
        }
    }
    return 0;
}
