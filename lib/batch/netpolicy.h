/* netpolicy.h - which network addresses the fetcher may connect to: public ones only, unless
 * fetch_allow_private says otherwise (an admin-queued handle must not reach the host's own or its
 * network's services). */
#ifndef TWITOFF_NETPOLICY_H
#define TWITOFF_NETPOLICY_H

#include <stddef.h>
#include <sys/socket.h>

/* 1 when the address is not a public unicast one: unspecified (0.0.0.0/8, ::), loopback
 * (127/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10),
 * link-local (169.254/16, fe80::/10), IETF/benchmark/documentation ranges (192.0.0/24,
 * 192.0.2/24, 198.18/15, 198.51.100/24, 203.0.113/24, 2001:db8::/32), multicast and reserved
 * (224/3, ff00::/8), site-local (fec0::/10); IPv4 inside IPv6 (v4-mapped ::ffff:0:0/96,
 * v4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by its IPv4 address.
 * A family other than IPv4 and IPv6 counts as private. */
int addr_is_private(const struct sockaddr *sa, size_t len);

/* The numeric text of the address ("127.0.0.1", "::1") into out; "?" when unknown. */
void addr_format(const struct sockaddr *sa, size_t len, char *out, size_t outlen);

/* 1 unless fetch_allow_private is yes/true/on/1 (the test stand-ins on 127.0.0.1 set it). */
int fetch_public_only(void);

#endif
