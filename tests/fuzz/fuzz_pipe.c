/* fuzz_pipe.c - libFuzzer harness for the pipe importer's parser (import_pipe). */
#include "fuzz_rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parser(import_pipe, data, size);
    if (size > 0) (void)import_detect("fuzz.input", (const char *)data, size);
    return 0;
}
