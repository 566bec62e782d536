/* fuzz_request.c - libFuzzer harness for the request parser: urlencoded parsing, field
 * validation against the pages' tables, and escaping every decoded value (HTML, URL, JSON).
 * Built by tests/fuzz/run.sh with lib/core/config.c, lib/web/web_request.c and lib/web/web_html.c. */
#include "web_html.h"
#include "web_request.h"

#include <stdint.h>
#include <string.h>

static const FieldSpec specs[] = {
    {"screen_name_a", FV_HANDLE, 1, 1, 100, "A"},
    {"screen_name_b", FV_HANDLE, 1, 1, 100, "B"},
    {"tweet_text", FV_TEXT, 1, 1, 1000, "text"},
    {"page", FV_NUMBER, 0, 1, 1000000, "page"},
    {"action", FV_WORD, 0, 1, 20, "action"},
    {"key", FV_KEY, 0, 1, 256, "key"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Request r;
    char err[256] = "";
    memset(&r, 0, sizeof r);
    r.method = "POST";
    r.path = "";
    r.accept = "";
    if (req_parse_form(&r, (const char *)data, size, err, sizeof err) == 0) {
        req_validate(&r, specs, (int)(sizeof specs / sizeof *specs), err, sizeof err);
        Buf b;
        buf_init(&b);
        for (int i = 0; i < r.nfields; i++) {
            html_text(&b, r.fields[i].value);
            html_url(&b, r.fields[i].name);
            json_str(&b, r.fields[i].value);
            /* escaped HTML never contains a raw markup character from the input */
            buf_reset(&b);
            html_attr(&b, r.fields[i].value);
            if (memchr(b.data ? b.data : "", '<', b.len) || memchr(b.data ? b.data : "", '"', b.len))
                __builtin_trap();
        }
        buf_free(&b);
    }
    if (strlen(err) >= sizeof err) __builtin_trap();
    req_free(&r);
    return 0;
}
