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

static const char *const colours[] = {"red", "green", "blue", NULL};
static const FieldSpec specs[] = {
    {.name = "h", .kind = FV_HANDLE, .required = 1, .label = "The user"},
    {.name = "t", .kind = FV_TEXT, .required = 1, .min = 1, .max = 5, .label = "The text"},
    {.name = "n", .kind = FV_NUMBER, .min = 0, .max = 10, .label = "The number"},
    {.name = "i", .kind = FV_INT, .min = 1, .max = 1000, .label = "The page"},
    {.name = "s", .kind = FV_INT, .min = -5, .max = 5, .label = "The signed"},
    {.name = "c", .kind = FV_ENUM, .words = colours, .label = "The colour"},
    {.name = "k", .kind = FV_KEY, .min = 1, .max = 8, .label = "The key"},
};

/* Validate form against specs; r keeps the values (free with req_free). */
static int validate_r(Request *r, const char *form, char *err)
{
    err[0] = '\0';
    if (parse(r, form, err) != 0) fail_msg("%s: %s", form, err);
    return req_validate(r, specs, FIELD_COUNT(specs), err, 256);
}

static int validate(const char *form, char *err)
{
    Request r;
    int rc = validate_r(&r, form, err);
    req_free(&r);
    return rc;
}

/* 0 when field=value (with the required fields) is accepted; err gets the message. */
static int accepts(const char *field, const char *value, char *err)
{
    char form[512];
    snprintf(form, sizeof form, "%s%s=%s", strcmp(field, "h") ? "h=a&t=x&" : "t=x&", field, value);
    return validate(form, err) == 0;
}

static void test_validate(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(validate("h=ab_c.d&t=h%C3%A9llo&n=2.5", err), 0);   /* 5 characters */
    assert_int_equal(validate("h=ab&t=toolong", err), -1);
    assert_non_null(strstr(err, "too long"));
    assert_non_null(strstr(err, "(t)"));
    assert_int_equal(validate("t=x", err), -1);
    assert_non_null(strstr(err, "(h) is missing"));
    assert_int_equal(validate("h=&t=x", err), -1);   /* empty counts as missing */
    assert_non_null(strstr(err, "(h) is missing"));
    assert_int_equal(validate("h=a%27+OR+1%3D1&t=x", err), -1);
    assert_int_equal(validate("h=a&h=b&t=x", err), -1);
    assert_non_null(strstr(err, "(h) was given more than once"));
    assert_int_equal(validate("h=a&t=x&i=1&i=2", err), -1);
    assert_non_null(strstr(err, "(i) was given more than once"));
    assert_int_equal(validate("h=a&t=+++", err), -1);
    assert_non_null(strstr(err, "(t) is empty"));
    assert_int_equal(validate("h=a&t=x&unknown=%25zz&other=1&other=2", err), 0);   /* undeclared: ignored */
    /* handles: handle.h's rule */
    char longest[300];
    memset(longest, 'a', 256);
    longest[256] = '\0';
    assert_true(accepts("h", longest, err));
    strcat(longest, "a");
    assert_false(accepts("h", longest, err));
    assert_non_null(strstr(err, "The user (h) is not valid"));
    assert_true(accepts("h", "user%40mastodon.social", err));
    /* numbers: decimal, within bounds */
    const char *num_ok[] = {"0", "10", "2.5", ".5", "5.", "1e1", "1E-2", "0.000", "007"};
    const char *num_bad[] = {"11", "-1", "-0", "nan", "inf", "1x", "0x1", "0x1p3", "+1", "%201", "1%20", "1e",
                             "1e999", ".", "-", "1.2.3", "1e%2B", "%091", "1,5"};
    for (size_t i = 0; i < sizeof num_ok / sizeof *num_ok; i++)
        if (!accepts("n", num_ok[i], err)) fail_msg("n=%s refused: %s", num_ok[i], err);
    for (size_t i = 0; i < sizeof num_bad / sizeof *num_bad; i++) {
        if (accepts("n", num_bad[i], err)) fail_msg("n=%s accepted", num_bad[i]);
        assert_non_null(strstr(err, "The number (n) must be a number from 0 to 10"));
    }
    /* integers: digits only, bounds, a sign only when the minimum is negative */
    const char *int_ok[] = {"1", "1000", "0001", "999"};
    const char *int_bad[] = {"0", "1001", "0x10", "1e3", "-1", "+1", "1.0", "1.", " 1", "1 ", "%201", "1%0A",
                             "%EF%BC%91", "99999999999999999999999", "-9223372036854775808", "", "x", "1x"};
    for (size_t i = 0; i < sizeof int_ok / sizeof *int_ok; i++)
        if (!accepts("i", int_ok[i], err)) fail_msg("i=%s refused: %s", int_ok[i], err);
    for (size_t i = 0; i < sizeof int_bad / sizeof *int_bad; i++) {
        if (!*int_bad[i]) continue;   /* empty is absent: accepted when optional, checked below */
        if (accepts("i", int_bad[i], err)) fail_msg("i=%s accepted", int_bad[i]);
        assert_non_null(strstr(err, "The page (i) must be a whole number from 1 to 1000"));
    }
    assert_true(accepts("s", "-5", err));
    assert_true(accepts("s", "-0", err));
    assert_true(accepts("s", "5", err));
    assert_false(accepts("s", "-6", err));
    assert_false(accepts("s", "--1", err));
    assert_false(accepts("s", "+5", err));
    assert_false(accepts("s", "-", err));
    /* enumerations */
    assert_true(accepts("c", "green", err));
    const char *enum_bad[] = {"Green", "gree", "greenx", "%20green", "0", "red%20"};
    for (size_t i = 0; i < sizeof enum_bad / sizeof *enum_bad; i++) {
        if (accepts("c", enum_bad[i], err)) fail_msg("c=%s accepted", enum_bad[i]);
    }
    assert_false(accepts("c", "purple", err));
    assert_string_equal(err, "The colour (c) must be red, green or blue");
    /* keys: printable ASCII without blanks, bounded; never echoed */
    assert_true(accepts("k", "a%21b~", err));
    assert_false(accepts("k", "secret%20x", err));
    assert_null(strstr(err, "secret"));
    assert_false(accepts("k", "123456789", err));
    assert_false(accepts("k", "%C3%A9", err));
    /* the value is never quoted in a message */
    assert_false(accepts("i", "0x1337", err));
    assert_null(strstr(err, "1337"));
}

static void test_typed_values(void **state)
{
    (void)state;
    Request r;
    char err[256];
    assert_int_equal(validate_r(&r, "h=ann&t=hi&n=2.5&i=0042&s=-3&c=blue&k=K3y", err), 0);
    assert_int_equal(req_int(&r, "i", 1), 42);
    assert_int_equal(req_int(&r, "s", 0), -3);
    assert_true(req_number(&r, "n", 0) == 2.5);
    assert_int_equal(req_enum(&r, "c", -1), 2);
    assert_string_equal(req_text(&r, "h"), "ann");
    assert_string_equal(req_text(&r, "i"), "0042");   /* as sent */
    assert_string_equal(req_text(&r, "k"), "K3y");
    assert_true(req_has(&r, "t"));
    /* another kind, an undeclared name: the default */
    assert_int_equal(req_int(&r, "n", 7), 7);
    assert_true(req_number(&r, "i", 1.5) == 1.5);
    assert_int_equal(req_enum(&r, "h", -1), -1);
    assert_int_equal(req_int(&r, "zzz", 9), 9);
    assert_null(req_text(&r, "zzz"));
    assert_false(req_has(&r, "zzz"));
    req_free(&r);
    /* absent and empty optional fields: the defaults */
    assert_int_equal(validate_r(&r, "h=ann&t=hi&i=&c=", err), 0);
    assert_int_equal(req_int(&r, "i", 1), 1);
    assert_int_equal(req_enum(&r, "c", -1), -1);
    assert_true(req_number(&r, "n", -1) == -1);
    assert_false(req_has(&r, "i"));
    assert_null(req_text(&r, "n"));
    req_free(&r);
    /* a request that failed validation hands back nothing */
    assert_int_equal(validate_r(&r, "h=ann&t=hi&i=5&c=pink", err), -1);
    assert_int_equal(req_int(&r, "i", 1), 1);
    assert_null(req_text(&r, "h"));
    req_free(&r);
    /* too many declared fields is the page's mistake, refused */
    static FieldSpec many[WEB_MAX_SPECS + 1];
    for (int i = 0; i <= WEB_MAX_SPECS; i++) many[i] = (FieldSpec){.name = "x", .kind = FV_TEXT, .max = 1, .label = "X"};
    parse(&r, "", err);
    assert_int_equal(req_validate(&r, many, WEB_MAX_SPECS + 1, err, 256), -1);
    assert_int_equal(req_validate(&r, many, WEB_MAX_SPECS, err, 256), 0);
    req_free(&r);
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
        {ROUTE_FORM, "/"},          {ROUTE_PREDICT, "/predict"},   {ROUTE_RANK, "/rank"},
        {ROUTE_USERS_JSON, "/users.json"},
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
    assert_non_null(strstr(nav, "<a href=\"/\">Compare</a>\n<a href=\"/rank\">Rank</a>\n<a href=\"/users\" aria-current=\"page\">Users</a>\n"
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
        cmocka_unit_test(test_typed_values), cmocka_unit_test(test_routes),
        cmocka_unit_test(test_key),     cmocka_unit_test(test_iris),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
