/* test_web.c - unit tests for the web library: urlencoded parsing and field validation,
 * escaping (HTML, URL, JSON), the route table and the links built from it, SHA-256 and the
 * constant-time comparison, the iris model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iris.h"
#include "key.h"
#include "routes.h"
#include "web_html.h"
#include "web_request.h"

static int parse(Request *r, const char *s, char *err)
{
    memset(r, 0, sizeof *r);
    return req_parse_form(r, s, strlen(s), err, 256);
}

static void test_parse_form(void **state)
{
    (void)state;
    Request r;
    char err[256];
    assert_int_equal(parse(&r, "a=1+2&b=%41%62&a=x&flag&=v&&c=", err), 0);
    assert_int_equal(r.nfields, 6);
    assert_string_equal(req_get(&r, "a"), "1 2");
    assert_string_equal(req_get(&r, "b"), "Ab");
    assert_int_equal(req_count(&r, "a"), 2);
    assert_string_equal(req_get(&r, "flag"), "");
    assert_string_equal(req_get(&r, ""), "v");
    assert_string_equal(req_get(&r, "c"), "");
    assert_null(req_get(&r, "zzz"));
    req_free(&r);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    Request r;
    char err[256];
    const char *bad[] = {"a=%zz", "a=%4", "a=%", "a=x%00y", "a=%C0%AF", "a=%ED%A0%80", "a=%FF", "%00=1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(parse(&r, bad[i], err), -1);
        req_free(&r);
    }
    Buf many;
    buf_init(&many);
    for (int i = 0; i <= WEB_MAX_FIELDS; i++) buf_printf(&many, "f%d=1&", i);
    assert_int_equal(parse(&r, buf_str(&many), err), -1);
    assert_non_null(strstr(err, "too many"));
    req_free(&r);
    buf_free(&many);
}

static const FieldSpec specs[] = {
    {"h", FV_HANDLE, 1, 1, 10, "The user"},
    {"t", FV_TEXT, 1, 1, 5, "The text"},
    {"n", FV_NUMBER, 0, 0, 10, "The number"},
};

static int validate(const char *form, char *err)
{
    Request r;
    parse(&r, form, err);
    int rc = req_validate(&r, specs, 3, err, 256);
    req_free(&r);
    return rc;
}

static void test_validate(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(validate("h=ab_c.d&t=h%C3%A9llo&n=2.5", err), 0);   /* 5 characters */
    assert_int_equal(validate("h=ab&t=toolong", err), -1);
    assert_non_null(strstr(err, "too long"));
    assert_int_equal(validate("t=x", err), -1);
    assert_non_null(strstr(err, "(h) is missing"));
    assert_int_equal(validate("h=a%27+OR+1%3D1&t=x", err), -1);
    assert_int_equal(validate("h=a&h=b&t=x", err), -1);
    assert_non_null(strstr(err, "more than once"));
    assert_int_equal(validate("h=a&t=+++", err), -1);
    assert_int_equal(validate("h=a&t=x&n=11", err), -1);
    assert_int_equal(validate("h=a&t=x&n=nan", err), -1);
    assert_int_equal(validate("h=a&t=x&n=1x", err), -1);
}

static void test_escaping(void **state)
{
    (void)state;
    Buf b;
    buf_init(&b);
    html_text(&b, "<a href=\"x\">'&'</a>");
    assert_string_equal(buf_str(&b), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    buf_reset(&b);
    html_url(&b, "a b/é?&=");
    assert_string_equal(buf_str(&b), "a%20b%2F%C3%A9%3F%26%3D");
    buf_reset(&b);
    json_str(&b, "q\"\\\n\t\x01</script>\xe2\x80\xa8");
    assert_string_equal(buf_str(&b), "\"q\\\"\\\\\\n\\t\\u0001\\u003c/script\\u003e\\u2028\"");
    buf_reset(&b);
    html_option(&b, "x\"y", 1);
    assert_string_equal(buf_str(&b), "<option selected value=\"x&quot;y\">x&quot;y</option>\n");
    buf_free(&b);
}

/* route_url of id with arg (and a query when qname is not NULL), under base path base. */
static const char *url(Buf *b, const char *base, RouteId id, const char *arg, const char *qname, const char *qvalue)
{
    setenv("TWITOFF_BASE_PATH", base, 1);
    buf_reset(b);
    if (qname) route_url_query(b, id, arg, qname, qvalue);
    else route_url(b, id, arg);
    unsetenv("TWITOFF_BASE_PATH");
    return buf_str(b);
}

static void test_routes(void **state)
{
    (void)state;
    static const struct {
        RouteId id;
        const char *url;
    } want[] = {
        {ROUTE_FORM, "/"},          {ROUTE_PREDICT, "/predict"},   {ROUTE_USERS_JSON, "/users.json"},
        {ROUTE_USERS, "/users"},    {ROUTE_USER, "/users/"},       {ROUTE_IRIS, "/iris"},
        {ROUTE_ADMIN, "/admin"},    {ROUTE_STYLE, "/style.css"},   {ROUTE_ICON, "/favicon.svg"},
        {ROUTE_OTHER, "/"},
    };
    assert_int_equal(sizeof want / sizeof *want, ROUTE_COUNT);
    Buf b;
    buf_init(&b);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_string_equal(url(&b, "", want[i].id, NULL, NULL, NULL), want[i].url);
        char prefixed[64];
        snprintf(prefixed, sizeof prefixed, "/twitoff%s", want[i].url);
        assert_string_equal(url(&b, "/twitoff", want[i].id, NULL, NULL, NULL), prefixed);
        assert_true(routes[i].path[0] == '/');
        assert_true(routes[i].methods != 0);
    }
    /* arguments and query values are percent-encoded, the base path attribute-escaped */
    assert_string_equal(url(&b, "", ROUTE_USER, "a b/\"<>&'", NULL, NULL), "/users/a%20b%2F%22%3C%3E%26%27");
    assert_string_equal(url(&b, "/tw", ROUTE_USER, "wesmckinn", "page", "2"), "/tw/users/wesmckinn?page=2");
    assert_string_equal(url(&b, "", ROUTE_USER, "x", "pa ge", "1&b=2"), "/users/x?pa%20ge=1%26b%3D2");
    assert_string_equal(url(&b, "/a\"><script>", ROUTE_FORM, NULL, NULL, NULL), "/a&quot;&gt;&lt;script&gt;/");
    assert_string_equal(url(&b, "", ROUTE_PREDICT, "ignored", NULL, NULL), "/predict");
    /* methods and the Allow header */
    assert_true(route_accepts(ROUTE_FORM, "GET"));
    assert_true(route_accepts(ROUTE_FORM, "HEAD"));
    assert_false(route_accepts(ROUTE_FORM, "POST"));
    assert_false(route_accepts(ROUTE_PREDICT, "GET"));
    assert_true(route_accepts(ROUTE_PREDICT, "POST"));
    assert_true(route_accepts(ROUTE_ADMIN, "POST"));
    assert_false(route_accepts(ROUTE_ADMIN, "DELETE"));
    assert_false(route_accepts(ROUTE_USERS, "get"));
    assert_string_equal(route_allow(ROUTE_FORM), "GET, HEAD");
    assert_string_equal(route_allow(ROUTE_PREDICT), "POST");
    assert_string_equal(route_allow(ROUTE_ADMIN), "GET, HEAD, POST");
    /* the navigation: the four pages, in order, the active one marked */
    buf_reset(&b);
    page_begin(&b, "T", ROUTE_USERS);
    const char *nav = strstr(buf_str(&b), "<nav");
    assert_non_null(nav);
    assert_non_null(strstr(nav, "<a href=\"/\">Compare</a>\n<a href=\"/users\" aria-current=\"page\">Users</a>\n"
                                "<a href=\"/iris\">Iris</a>\n<a href=\"/admin\">Admin</a>\n</nav>"));
    buf_free(&b);
}

static void test_key(void **state)
{
    (void)state;
    char hex[65], key[65], err[128];
    key_hash("", hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    key_hash("abc", hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    key_hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", hex);  /* two blocks */
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char thousand[1001];
    memset(thousand, 'a', 1000);
    thousand[1000] = '\0';
    key_hash(thousand, hex);
    assert_string_equal(hex, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
    assert_true(key_matches("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assert_false(key_matches("abd", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assert_false(key_matches("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"));
    assert_false(key_matches(NULL, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    assert_false(key_matches("abc", NULL));
    assert_int_equal(key_new(key, err, sizeof err), 0);
    assert_int_equal(strlen(key), 64);
    assert_int_equal(strspn(key, "0123456789abcdef"), 64);
    char other[65];
    assert_int_equal(key_new(other, err, sizeof err), 0);
    assert_string_not_equal(key, other);
}

static void test_iris(void **state)
{
    (void)state;
    char err[256], path[] = "/tmp/twitoff-iris-XXXXXX";
    IrisData d;
    if (iris_data_load("data/iris/iris.csv", &d, err, sizeof err) != 0) fail_msg("%s", err);
    assert_int_equal(d.n, 150);
    IrisModel m, back;
    iris_train(&d, &m);
    assert_true(m.accuracy > 0.95);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(iris_save(&m, path, err, sizeof err), 0);
    assert_int_equal(iris_save(&m, "/nonexistent-dir/iris.model", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-dir/iris.model"));   /* the reason names the file */
    assert_int_equal(iris_load(path, &back, err, sizeof err), 0);
    double p[IRIS_CLASSES];
    for (int e = 0; e < IRIS_EXAMPLES; e++)
        assert_string_equal(back.classes[iris_predict(&back, back.example[e], p)], "setosa");
    double virginica[4] = {6.5, 3.0, 5.5, 2.0};
    assert_string_equal(back.classes[iris_predict(&back, virginica, p)], "virginica");
    FILE *f = fopen(path, "w");
    fputs("twitoff-iris 1\nclasses a b c\n", f);
    fclose(f);
    assert_int_equal(iris_load(path, &back, err, sizeof err), -1);
    unlink(path);
    iris_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_form), cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_validate),   cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_key),     cmocka_unit_test(test_iris),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
