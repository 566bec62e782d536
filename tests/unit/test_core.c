/* test_core.c - lib/core's small rules: handles, the error convention, file helpers, the users.html fragment. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asked_line.h"
#include "files.h"
#include "handle.h"
#include "userlist.h"
#include "util.h"

static void test_handle_rule(void **state)
{
    (void)state;
    char out[HANDLE_MAX + 1], long_h[HANDLE_MAX + 2];
    assert_true(handle_valid("fchollet"));
    assert_true(handle_valid("Gargron@mastodon.social"));
    assert_true(handle_valid("jay.bsky.team"));
    assert_true(handle_valid("did:plc:ewvi7nxzyoun6zhxrhs64oiz"));   /* a Bluesky DID */
    assert_false(handle_valid(""));
    assert_false(handle_valid(NULL));
    assert_false(handle_valid("two words"));
    assert_false(handle_valid("x\"><img>"));
    memset(long_h, 'a', HANDLE_MAX);
    long_h[HANDLE_MAX] = '\0';
    assert_true(handle_valid(long_h));
    long_h[HANDLE_MAX] = 'a';
    long_h[HANDLE_MAX + 1] = '\0';
    assert_false(handle_valid(long_h));
    assert_int_equal(handle_clean("  @nasa \t", out), 0);
    assert_string_equal(out, "nasa");
    assert_int_equal(handle_clean("nasa!", out), -1);
    assert_int_equal(handle_clean("na sa", out), -1);
    assert_int_equal(handle_clean("   ", out), -1);
    assert_int_equal(handle_clean(long_h, out), -1);
}

static void test_err_set(void **state)
{
    (void)state;
    char err[8];
    assert_int_equal(err_set(err, sizeof err, "%s %d", "abcdef", 42), -1);
    assert_string_equal(err, "abcdef ");             /* truncated to fit, always terminated */
    assert_int_equal(err_set(NULL, 0, "ignored"), -1);
}

static int match_txt(void *ctx, const char *name)
{
    (void)ctx;
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".txt") == 0;
}

static int count_entry(void *ctx, const char *dir, const char *name)
{
    (void)dir;
    (void)name;
    (*(int *)ctx)++;
    return 0;
}

static void test_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/twitoff-core-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *a = xasprintf("%s/a.txt", dir), *b = xasprintf("%s/b.model", dir), *sub = xasprintf("%s/x/y", dir);
    assert_int_equal(write_file_atomic(a, "one", 3, 0644), 0);
    assert_int_equal(write_file_atomic(b, "two", 3, 0600), 0);
    assert_int_equal(mkdir_p(sub, 0755), 0);
    size_t len;
    char *back = read_file(a, &len);
    assert_string_equal(back, "one");
    assert_int_equal(len, 3);
    free(back);
    assert_null(read_file(dir, &len));                 /* a directory is not a file */
    assert_true(file_is_temp("users.html.tmpAb12Cd"));
    assert_false(file_is_temp("users.html"));
    assert_false(file_is_temp(".tmp123"));
    int seen = 0;
    assert_int_equal(dir_each(dir, count_entry, &seen), 3);   /* a.txt, b.model, x */
    assert_int_equal(seen, 3);
    assert_int_equal(dir_remove_if(dir, match_txt, NULL), 1);
    assert_int_equal(access(a, F_OK), -1);
    assert_int_equal(access(b, F_OK), 0);
    char *missing = xasprintf("%s/none", dir);
    assert_int_equal(dir_each(missing, count_entry, &seen), -1);
    assert_int_equal(dir_remove_if(missing, match_txt, NULL), 0);
    unlink(b);
    rmdir(sub);
    char *x = xasprintf("%s/x", dir);
    rmdir(x);
    rmdir(dir);
    free(a);
    free(b);
    free(sub);
    free(x);
    free(missing);
}

static void test_userlist_round_trip(void **state)
{
    (void)state;
    char *handles[] = {"fchollet", "a&b", "q\"<x>'", "Gargron@mastodon.social"};
    Buf b;
    buf_init(&b);
    userlist_render(&b, handles, 4);
    assert_null(strstr(buf_str(&b), "<x>"));           /* escaped in the file */
    buf_puts(&b, "<!-- not an option -->\n<option value=\"\"></option>\n");
    char **back;
    int n = userlist_parse(buf_str(&b), &back);
    assert_int_equal(n, 4);
    for (int i = 0; i < 4; i++) assert_string_equal(back[i], handles[i]);
    strv_free(back, n);
    assert_int_equal(userlist_parse("", &back), 0);
    strv_free(back, 0);
    buf_free(&b);
}

/* The queue/asked lines: what the page writes parses back; anything else is refused. */
static void test_asked_line(void **state)
{
    (void)state;
    char line[ASKED_LINE_MAX + 1], a[HANDLE_MAX + 1], b[HANDLE_MAX + 1];
    int64_t t;
    int n = asked_line_format(line, 1700000000, "fchollet", "alice@mastodon.social");
    assert_string_equal(line, "1700000000 fchollet alice@mastodon.social\n");
    assert_int_equal(asked_line_parse(line, (size_t)n - 1, &t, a, b), 0);
    assert_true(t == 1700000000);
    assert_string_equal(a, "fchollet");
    assert_string_equal(b, "alice@mastodon.social");
    assert_int_equal(asked_line_format(line, 1, "bad name", "x"), -1);
    char longest[HANDLE_MAX + 1];
    memset(longest, 'h', HANDLE_MAX);
    longest[HANDLE_MAX] = '\0';
    n = asked_line_format(line, INT64_MAX, longest, "x");
    assert_true(n > 0 && n <= ASKED_LINE_MAX);
    assert_int_equal(asked_line_parse(line, (size_t)n - 1, &t, a, b), 0);
    const char *bad[] = {"", "1", "1 a", "1 a a", "1 a A", "0 a b", "-1 a b", "x a b", "1 a b c", "1 a  b",
                         " 1 a b", "1 a b ", "1 a<b c", "99999999999999999999 a b", "1 a b\r", "1 \xc3\xa9 b"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(asked_line_parse(bad[i], strlen(bad[i]), &t, a, b), -1);
    assert_int_equal(asked_line_parse("1 a\0b c", 7, &t, a, b), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handle_rule),
        cmocka_unit_test(test_err_set),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_userlist_round_trip),
        cmocka_unit_test(test_asked_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
