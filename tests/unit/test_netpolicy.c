/* test_netpolicy.c - unit tests for the fetcher's address policy: which IPv4 and IPv6 addresses
 * count as private (loopback, private, link-local, CGNAT, v4-mapped...) and which are public. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "netpolicy.h"

/* addr_is_private for a numeric address, checking addr_format gives it back. */
static int private_ip(const char *ip)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
    size_t len;
    if (inet_pton(AF_INET, ip, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        len = sizeof *v4;
    } else {
        assert_int_equal(inet_pton(AF_INET6, ip, &v6->sin6_addr), 1);
        v6->sin6_family = AF_INET6;
        len = sizeof *v6;
    }
    char back[64];
    addr_format((struct sockaddr *)&ss, len, back, sizeof back);
    assert_int_equal(inet_pton(ss.ss_family, back, ss.ss_family == AF_INET ? (void *)&v4->sin_addr : (void *)&v6->sin6_addr), 1);
    return addr_is_private((struct sockaddr *)&ss, len);
}

static void test_private(void **state)
{
    (void)state;
    static const char *const priv[] = {
        "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255",
        "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "100.127.255.255", "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.19.255.255", "198.51.100.7",
        "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
        "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.1.1", "::127.0.0.1",
        "64:ff9b::10.0.0.1", "2002:7f00:1::", "2002:c0a8:101::1", "fc00::1", "fd12:3456::1",
        "fe80::1", "febf::1", "fec0::1", "ff02::1", "2001:db8::1"};
    for (size_t i = 0; i < sizeof priv / sizeof *priv; i++)
        if (!private_ip(priv[i])) fail_msg("%s should be private", priv[i]);
}

static void test_public(void **state)
{
    (void)state;
    static const char *const pub[] = {
        "1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.1", "100.63.255.255", "100.128.0.1",
        "126.255.255.255", "128.0.0.1", "169.253.1.1", "172.15.255.255", "172.32.0.1",
        "192.167.1.1", "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
        "2606:4700:4700::1111", "2a00:1450:4001:80e::200e", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8",
        "2002:0808:0808::1", "fbff::1", "fe00::1"};
    for (size_t i = 0; i < sizeof pub / sizeof *pub; i++)
        if (private_ip(pub[i])) fail_msg("%s should be public", pub[i]);
}

static void test_other_families(void **state)
{
    (void)state;
    struct sockaddr sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_family = AF_UNIX;
    assert_int_equal(addr_is_private(&sa, sizeof sa), 1);
    struct sockaddr_in short_v4;
    memset(&short_v4, 0, sizeof short_v4);
    short_v4.sin_family = AF_INET;
    assert_int_equal(addr_is_private((struct sockaddr *)&short_v4, 4), 1);   /* truncated */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_private),
        cmocka_unit_test(test_public),
        cmocka_unit_test(test_other_families),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
