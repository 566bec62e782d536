/* fuzz_jsonl.c - libFuzzer harness for the jsonl importer's parser (import_jsonl). */
#include "fuzz_rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parser(import_jsonl, data, size);
    if (size > 0) (void)import_detect("fuzz.input", (const char *)data, size);
    return 0;
}
