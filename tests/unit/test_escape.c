/* test_escape.c - unit tests for json_str on bytes that are not UTF-8, and a fuzz check that its
 * output always parses as JSON (jansson) and gives back every valid input unchanged. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "text.h"

/* json_str(s) as a new string. */
static char *js(const char *s)
{
    Buf b;
    buf_init(&b);
    json_str(&b, s);
    return buf_detach(&b);
}

/* The string a JSON text decodes to (jansson), or NULL when it is not valid JSON. */
static char *decode(const char *json)
{
    json_error_t e;
    json_t *v = json_loads(json, JSON_DECODE_ANY, &e);
    if (!v || !json_is_string(v)) {
        json_decref(v);
        return NULL;
    }
    char *s = strdup(json_string_value(v));
    json_decref(v);
    return s;
}

static void expect(const char *in, const char *want)
{
    char *out = js(in);
    assert_string_equal(out, want);
    char *back = decode(out);
    assert_non_null(back);
    free(back);
    free(out);
}

static void test_invalid_bytes(void **state)
{
    (void)state;
    expect("a\xff" "b", "\"a\\ufffdb\"");                 /* a byte that never starts UTF-8 */
    expect("\x80", "\"\\ufffd\"");                        /* a lone continuation byte */
    expect("x\xc3", "\"x\\ufffd\"");                      /* truncated 2-byte sequence at the end */
    expect("\xe2\x82" "z", "\"\\ufffd\\ufffdz\"");        /* truncated 3-byte sequence */
    expect("\xf0\x9f\x98", "\"\\ufffd\\ufffd\\ufffd\""); /* truncated 4-byte sequence */
    expect("\xc0\xaf", "\"\\ufffd\\ufffd\"");             /* overlong '/' */
    expect("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");  /* overlong 3-byte '/' */
    expect("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");  /* UTF-16 surrogate D800 */
    expect("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");   /* above U+10FFFF */
}

static void test_valid_text(void **state)
{
    (void)state;
    expect("\xf0\x9f\x98\x80 ok", "\"\xf0\x9f\x98\x80 ok\"");          /* 4-byte emoji kept */
    expect("caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\"");  /* 2 and 3 bytes */
    expect("<&>\xe2\x80\xa8", "\"\\u003c\\u0026\\u003e\\u2028\"");
}

/* Random strings of bytes weighted towards UTF-8 lead and continuation bytes. */
static void random_text(unsigned *seed, char *s, size_t n)
{
    static const unsigned char pick[] = {0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0,
                                         0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f, '"', '\\', '<'};
    for (size_t i = 0; i < n; i++) {
        unsigned r = (unsigned)rand_r(seed);
        unsigned char c = r % 3 ? pick[(r >> 8) % sizeof pick] : (unsigned char)(r >> 8);
        s[i] = (char)(c ? c : 'a');
    }
    s[n] = '\0';
}

static void test_fuzz_parses(void **state)
{
    (void)state;
    unsigned seed = 12345;
    char in[40];
    int valid = 0;
    for (int i = 0; i < 20000; i++) {
        random_text(&seed, in, (size_t)(rand_r(&seed) % (sizeof in - 1)));
        char *out = js(in);
        char *back = decode(out);
        if (!back) fail_msg("json_str output is not JSON: %s", out);
        assert_true(utf8_valid(back, strlen(back)));
        if (utf8_valid(in, strlen(in))) {
            assert_string_equal(back, in);
            valid++;
        }
        free(back);
        free(out);
    }
    assert_true(valid > 100);   /* the generator also makes valid text */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_bytes),
        cmocka_unit_test(test_valid_text),
        cmocka_unit_test(test_fuzz_parses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
