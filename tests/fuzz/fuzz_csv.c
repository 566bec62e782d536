/* fuzz_csv.c - libFuzzer harness for the csv importer's parser (import_csv) and the columns hint. */
#include "fuzz_rows.h"
#include "import_columns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parser(import_csv, data, size);
    if (size > 0) (void)import_detect("fuzz.input", (const char *)data, size);
    char cols[64];
    import_columns_found((const char *)data, size, cols, sizeof cols);
    if (strlen(cols) >= sizeof cols) abort();
    return 0;
}
