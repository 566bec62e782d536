/* fuzz_car.c - libFuzzer harness for the Bluesky repository importer's parser (import_car). */
#include "fuzz_rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parser(import_car, data, size);
    if (size > 0) (void)import_detect("fuzz.car", (const char *)data, size);
    return 0;
}
