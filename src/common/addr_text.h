/* addr_text.h - numeric IPv4/IPv6 text, identical on every platform. */
#ifndef XSOCK_ADDR_TEXT_H
#define XSOCK_ADDR_TEXT_H

#include <stddef.h>

/* Longest IPv6 text from xsock__ipv6_format, with its NUL. */
#define XSOCK__IPV6_TEXT_MAX 46

/* Strict dotted decimal "a.b.c.d" spanning [p, end): four parts 0-255, no leading
 * zeros, nothing else. 0 and out filled, or -1. */
int xsock__ipv4_parse(const char *p, const char *end, unsigned char out[4]);

/* IPv6 text spanning [p, end) (RFC 4291 2.2, with an optional dotted IPv4 tail).
 * 0 and out filled, or -1. */
int xsock__ipv6_parse(const char *p, const char *end, unsigned char out[16]);

/* Write a.b.c.d into out (at least 16 bytes); returns the length. */
size_t xsock__ipv4_format(const unsigned char a[4], char *out);

/* Write RFC 5952 text into out (at least XSOCK__IPV6_TEXT_MAX bytes); returns the
 * length. IPv4-mapped addresses end in dotted decimal (::ffff:1.2.3.4). */
size_t xsock__ipv6_format(const unsigned char a[16], char *out);

#endif /* XSOCK_ADDR_TEXT_H */
