/* netpolicy.c - classifying the addresses the fetcher connects to (public or not). */
#include "netpolicy.h"
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* 1 when IPv4 address a (host order) lies in net/bits. */
static int in4(uint32_t a, uint32_t net, int bits)
{
    uint32_t mask = bits == 0 ? 0 : 0xFFFFFFFFu << (32 - bits);
    return (a & mask) == (net & mask);
}

static int v4_private(uint32_t a)
{
    static const struct { uint32_t net; int bits; } nets[] = {
        {0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10}, {0x7F000000, 8},
        {0xA9FE0000, 16}, {0xAC100000, 12}, {0xC0000000, 24}, {0xC0000200, 24},
        {0xC0A80000, 16}, {0xC6120000, 15}, {0xC6336400, 24}, {0xCB007100, 24},
        {0xE0000000, 3},
    };
    for (size_t i = 0; i < sizeof nets / sizeof *nets; i++)
        if (in4(a, nets[i].net, nets[i].bits)) return 1;
    return 0;
}

/* The IPv4 address in bytes p[0..4), host order. */
static uint32_t v4_at(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int v6_private(const unsigned char *b)
{
    static const unsigned char zero[12], mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF},
                               nat64[12] = {0, 0x64, 0xFF, 0x9B};
    if (!memcmp(b, zero, 12) || !memcmp(b, mapped, 12) || !memcmp(b, nat64, 12))
        return v4_private(v4_at(b + 12));   /* ::, ::1 and v4-compatible fall in 0/8 */
    if (b[0] == 0x20 && b[1] == 0x02) return v4_private(v4_at(b + 2));   /* 6to4 */
    if ((b[0] & 0xFE) == 0xFC) return 1;                                 /* fc00::/7 */
    if (b[0] == 0xFE && (b[1] & 0xC0) >= 0x80) return 1;                 /* fe80::/10, fec0::/10 */
    if (b[0] == 0xFF) return 1;                                          /* multicast */
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return 1;   /* documentation */
    return 0;
}

int addr_is_private(const struct sockaddr *sa, size_t len)
{
    if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
        return v4_private(ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr));
    if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6))
        return v6_private(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr);
    return 1;
}

void addr_format(const struct sockaddr *sa, size_t len, char *out, size_t outlen)
{
    const void *a = NULL;
    if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
        a = &((const struct sockaddr_in *)sa)->sin_addr;
    else if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6))
        a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
    if (!a || !inet_ntop(sa->sa_family, a, out, (socklen_t)outlen)) snprintf(out, outlen, "?");
}

int fetch_public_only(void)
{
    const char *v = conf_get("fetch_allow_private");
    static const char *yes[] = {"yes", "true", "on", "1"};
    for (size_t i = 0; v && i < sizeof yes / sizeof *yes; i++)
        if (!strcasecmp(v, yes[i])) return 0;
    return 1;
}
