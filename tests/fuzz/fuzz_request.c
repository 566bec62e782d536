/* fuzz_request.c - libFuzzer harness for the request parser: urlencoded parsing, field
 * validation against a field table like the pages' (typed values within their bounds), and
 * escaping every decoded value (HTML, URL, JSON). Built by tests/fuzz/run.sh (WEB_SRC). */
#include "web_html.h"
#include "web_request.h"

#include <stdint.h>
#include <string.h>

static const char *const actions[] = {"view", "add", "delete", NULL};
static const FieldSpec specs[] = {
    {.name = "screen_name_a", .kind = FV_HANDLE, .required = 1, .label = "A"},
    {.name = "screen_name_b", .kind = FV_HANDLE, .required = 1, .label = "B"},
    {.name = "tweet_text", .kind = FV_TEXT, .required = 1, .min = 1, .max = 1000, .label = "text"},
    {.name = "page", .kind = FV_INT, .min = 1, .max = 1000000, .label = "page"},
    {.name = "offset", .kind = FV_INT, .min = -100, .max = 100, .label = "offset"},
    {.name = "x", .kind = FV_NUMBER, .min = 0, .max = 100, .label = "x"},
    {.name = "action", .kind = FV_ENUM, .words = actions, .label = "action"},
    {.name = "key", .kind = FV_KEY, .min = 1, .max = 256, .label = "key"},
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
        if (req_validate(&r, specs, FIELD_COUNT(specs), err, sizeof err) == 0) {
            /* a validated value is within its bounds */
            int64_t page = req_int(&r, "page", 1), offset = req_int(&r, "offset", 0);
            double x = req_number(&r, "x", 0);
            int a = req_enum(&r, "action", 0);
            if (page < 1 || page > 1000000 || offset < -100 || offset > 100 || !(x >= 0 && x <= 100) || a < 0 || a > 2)
                __builtin_trap();
        }
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
