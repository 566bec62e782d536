/* test_text.c - unit tests for text cleaning: UTF-8 repair, entities, R escapes, dates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(utf8_valid("plain", 5));
    assert_true(utf8_valid("caf\xc3\xa9 \xf0\x9f\x98\x80", 10));
    assert_false(utf8_valid("\xc0\xaf", 2));          /* overlong '/' */
    assert_false(utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
    assert_false(utf8_valid("\xf4\x90\x80\x80", 4));  /* above U+10FFFF */
    assert_false(utf8_valid("a\0b", 3));              /* NUL */
    assert_false(utf8_valid("\xe2\x82", 2));          /* truncated */
}

static void test_utf8_repair_cp1252(void **state)
{
    (void)state;
    char *s = utf8_repair("\x93quoted\x94 caf\xe9 \x80", 15);
    assert_string_equal(s, "\xe2\x80\x9cquoted\xe2\x80\x9d caf\xc3\xa9 \xe2\x82\xac");
    assert_true(utf8_valid(s, strlen(s)));
    free(s);
    s = utf8_repair("a\x81z", 3);                     /* undefined in cp1252 */
    assert_string_equal(s, "a\xef\xbf\xbdz");
    free(s);
    s = utf8_repair("ok \xf0\x9f\x98\x80", 7);        /* valid input unchanged */
    assert_string_equal(s, "ok \xf0\x9f\x98\x80");
    free(s);
}

static void test_html_entities(void **state)
{
    (void)state;
    char s[] = "Michelle &amp; I &lt;3 &#39;x&#x27; &hellip; &bogus; & &#0; &#x110000;";
    html_unescape_inplace(s);
    assert_string_equal(s, "Michelle & I <3 'x' \xe2\x80\xa6 &bogus; & \xef\xbf\xbd &#x110000;");
}

static void test_r_escapes(void **state)
{
    (void)state;
    char s[] = "smile <U+0001F600> and <U+00E9> but <U+12> stays";
    r_unescape_inplace(s);
    assert_string_equal(s, "smile \xf0\x9f\x98\x80 and \xc3\xa9 but <U+12> stays");
}

static void test_clean(void **state)
{
    (void)state;
    const char *in = "  line one\r\nline\ttwo &amp; more\r  ";
    char *s = text_clean(in, strlen(in));
    assert_string_equal(s, "line one\nline two & more");
    free(s);
    assert_true(text_is_retweet("RT @someone: hi"));
    assert_false(text_is_retweet("ART @x"));
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(parse_date("2019-02-02T21:11:49Z"), 1549141909);
    assert_int_equal(parse_date("2019-02-02 21:11:49"), 1549141909);
    assert_int_equal(parse_date("2019-02-02T23:11:49+02:00"), 1549141909);
    assert_int_equal(parse_date("2019-02-02T21:11:49.123Z"), 1549141909);
    assert_int_equal(parse_date("Thu Apr 09 01:31:50 +0000 2015"), 1428543110);
    assert_int_equal(parse_date("10/16/17 22:59"), 1508194740);
    assert_int_equal(parse_date("1549141909"), 1549141909);
    assert_int_equal(parse_date(""), 0);
    assert_int_equal(parse_date("yesterday"), 0);
    assert_int_equal(parse_date("2019-13-45"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),      cmocka_unit_test(test_utf8_repair_cp1252),
        cmocka_unit_test(test_html_entities),   cmocka_unit_test(test_r_escapes),
        cmocka_unit_test(test_clean),           cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
