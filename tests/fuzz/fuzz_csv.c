/* fuzz_csv.c - libFuzzer harness for the csv importer's parser (import_csv). */
#include "fuzz_rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parser(import_csv, data, size);
    if (size > 0) (void)import_detect("fuzz.input", (const char *)data, size);
    return 0;
}
