/* test_request_body.c - unit tests for how req_init reads request bodies: chunked bodies without
 * CONTENT_LENGTH read to their end, and every body it does not use (wrong type, too large, another
 * method, a bad query string) read and dropped before the answer, up to WEB_DRAIN_MAX. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web_request.h"

/* A body in memory, handed out in pieces of at most 1000 bytes, as a pipe would. */
typedef struct {
    const char *data;
    size_t len, pos;
} Input;

static size_t take(void *ctx, char *buf, size_t n)
{
    Input *in = ctx;
    size_t left = in->len - in->pos, k = n < left ? n : left;
    if (k > 1000) k = 1000;
    memcpy(buf, in->data + in->pos, k);
    in->pos += k;
    return k;
}

/* Run req_init for method with body (chunked: no CONTENT_LENGTH, Transfer-Encoding: chunked);
 * returns its status, *read gets the bytes it took from the body. */
static int run(Request *r, const char *method, const char *query, const char *type, const char *body,
               size_t len, int chunked, size_t *read)
{
    static char err[256];
    setenv("REQUEST_METHOD", method, 1);
    setenv("QUERY_STRING", query, 1);
    setenv("CONTENT_TYPE", type, 1);
    char cl[32];
    snprintf(cl, sizeof cl, "%zu", len);
    if (chunked) {
        unsetenv("CONTENT_LENGTH");
        setenv("HTTP_TRANSFER_ENCODING", "chunked", 1);
    } else {
        setenv("CONTENT_LENGTH", cl, 1);
        unsetenv("HTTP_TRANSFER_ENCODING");
    }
    Input in = {body, len, 0};
    int status = req_init(r, take, &in, err, sizeof err);
    *read = in.pos;
    return status;
}

static const char *FORM_TYPE = "application/x-www-form-urlencoded";

static void test_chunked_read(void **state)
{
    (void)state;
    Request r;
    size_t got;
    const char *form = "screen_name_a=alice&screen_name_b=bob&tweet_text=hello+there";
    assert_int_equal(run(&r, "POST", "", FORM_TYPE, form, strlen(form), 1, &got), 0);
    assert_int_equal(got, strlen(form));
    assert_string_equal(req_get(&r, "screen_name_b"), "bob");
    assert_string_equal(req_get(&r, "tweet_text"), "hello there");
    req_free(&r);
}

static void test_chunked_too_large(void **state)
{
    (void)state;
    size_t n = WEB_MAX_BODY + 5000;
    char *big = malloc(n);
    memset(big, 'a', n);
    Request r;
    size_t got;
    assert_int_equal(run(&r, "POST", "", FORM_TYPE, big, n, 1, &got), 413);
    assert_int_equal(got, n);   /* drained to its end */
    req_free(&r);
    free(big);
}

static void test_refused_bodies_drained(void **state)
{
    (void)state;
    size_t n = 300000;
    char *big = malloc(n);
    memset(big, 'x', n);
    Request r;
    size_t got;
    assert_int_equal(run(&r, "POST", "", "text/plain", big, 60000, 0, &got), 415);
    assert_int_equal(got, 60000);
    req_free(&r);
    assert_int_equal(run(&r, "POST", "", "text/plain", big, 60000, 1, &got), 415);
    assert_int_equal(got, 60000);
    req_free(&r);
    assert_int_equal(run(&r, "POST", "", FORM_TYPE, big, n, 0, &got), 413);
    assert_int_equal(got, n);
    req_free(&r);
    assert_int_equal(run(&r, "PUT", "", FORM_TYPE, big, n, 0, &got), 0);   /* 405 is the route's */
    assert_int_equal(got, n);
    req_free(&r);
    assert_int_equal(run(&r, "DELETE", "", FORM_TYPE, big, 5000, 1, &got), 0);
    assert_int_equal(got, 5000);
    req_free(&r);
    assert_int_equal(run(&r, "POST", "a=%zz", FORM_TYPE, big, 60000, 0, &got), 400);
    assert_int_equal(got, 60000);
    req_free(&r);
    free(big);
}

static void test_drain_bounded(void **state)
{
    (void)state;
    size_t n = WEB_DRAIN_MAX + 100000;
    char *big = malloc(n);
    memset(big, 'y', n);
    Request r;
    size_t got;
    assert_int_equal(run(&r, "POST", "", "text/plain", big, n, 1, &got), 415);
    assert_int_equal(got, WEB_DRAIN_MAX);   /* never more than the drain limit */
    req_free(&r);
    free(big);
}

static void test_length_body_unchanged(void **state)
{
    (void)state;
    Request r;
    size_t got;
    const char *form = "a=1&b=2EXTRA";
    assert_int_equal(run(&r, "POST", "", FORM_TYPE, form, 7, 0, &got), 0);   /* CONTENT_LENGTH 7 */
    assert_int_equal(got, 7);
    assert_string_equal(req_get(&r, "b"), "2");
    req_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunked_read),
        cmocka_unit_test(test_chunked_too_large),
        cmocka_unit_test(test_refused_bodies_drained),
        cmocka_unit_test(test_drain_bounded),
        cmocka_unit_test(test_length_body_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
