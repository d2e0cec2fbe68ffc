/* resolve.c - names to addresses, and the dial/serve conveniences built on them. */
#include "internal.h"

#include <string.h>

#define XSOCK__DIAL_MAX_ADDRS 16
#define XSOCK__DIAL_MIN_SHARE_MS 2000

static int already_listed(const xsock_addr *list, size_t n, const xsock_addr *a)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (xsock_addr_equal(&list[i], a) == 1)
            return 1;
    return 0;
}

/* Copy the IPv4/IPv6 results into out without duplicates; the count stored. */
static size_t collect(const struct addrinfo *ai, xsock_addr *out, size_t max)
{
    size_t n = 0;
    for (; ai != NULL && n < max; ai = ai->ai_next) {
        xsock_addr a;
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
            continue;
        if (xsock_addr_from_sockaddr(&a, ai->ai_addr, (socklen_t)ai->ai_addrlen) != 0)
            continue;
        if (!already_listed(out, n, &a))
            out[n++] = a;
    }
    return n;
}

/* The length of the UTF-8 sequence at p (1-4), or 0 if it is not well-formed
 * (overlong forms, surrogates and code points above U+10FFFF included). */
static int utf8_sequence(const unsigned char *p)
{
    int len = p[0] < 0x80   ? 1
              : p[0] < 0xc2 ? 0
              : p[0] < 0xe0 ? 2
              : p[0] < 0xf0 ? 3
              : p[0] < 0xf5 ? 4
                            : 0;
    int i;
    for (i = 1; i < len; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
        (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
        return 0;
    return len;
}

/* 1 if text is not NULL and not UTF-8: names are UTF-8 on every system. */
static int bad_utf8(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (p != NULL && *p != 0) {
        int len = utf8_sequence(p);
        if (len == 0)
            return 1;
        p += len;
    }
    return 0;
}

/* The longest bracketed host taken apart: an IPv6 address with a zone name. */
#define XSOCK__BRACKETED_MAX 128

/* host without the brackets of "[::1]" (the form xsock_addr_format writes) in buf, or
 * host itself; NULL if a bracketed host is too long or empty. */
static const char *unbracket(const char *host, char *buf)
{
    size_t len = host != NULL ? strlen(host) : 0;
    if (len < 2 || host[0] != '[' || host[len - 1] != ']')
        return host;
    if (len == 2 || len - 2 >= XSOCK__BRACKETED_MAX)
        return NULL;
    memcpy(buf, host + 1, len - 2);
    buf[len - 2] = '\0';
    return buf;
}

static int lookup(const char *host, const char *service, int family, int type, int flags,
                  xsock_addr *out, size_t max)
{
    struct addrinfo hints, *res = NULL;
    char bare[XSOCK__BRACKETED_MAX];
    size_t n;
    int rc;
    if (bad_utf8(host) || bad_utf8(service))
        return XSOCK_EINVAL;
    if (host != NULL && (host = unbracket(host, bare)) == NULL)
        return XSOCK_EINVAL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = type;
    hints.ai_flags = flags;
    rc = xsock__plat_getaddrinfo(host, service, &hints, &res);
    if (rc != 0)
        return rc;
    n = collect(res, out, max);
    xsock__plat_freeaddrinfo(res);
    return n > 0 ? (int)n : XSOCK_ENOTFOUND;
}

/* 1 if the arguments cannot describe a lookup. */
static int bad_query(const char *host, const char *service, int family, int type)
{
    return (host == NULL && service == NULL) ||
           (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) ||
           (type != 0 && type != SOCK_STREAM && type != SOCK_DGRAM);
}

int xsock_resolve(const char *host, const char *service, int family, int type, xsock_addr *out,
                  size_t max)
{
    if (bad_query(host, service, family, type) || out == NULL || max == 0)
        return XSOCK_EINVAL;
    if (max > (size_t)1 << 20)
        max = (size_t)1 << 20; /* the count must fit the int result */
    return lookup(host, service, family, type, 0, out, max);
}

/* This attempt's share of the time left: equal parts, but at least 2 s if possible. */
static int attempt_budget(int64_t deadline, size_t attempts_left)
{
    int left = xsock__remaining_ms(deadline), share;
    if (left < 0)
        return -1;
    share = left / (int)attempts_left;
    if (share < XSOCK__DIAL_MIN_SHARE_MS)
        share = left < XSOCK__DIAL_MIN_SHARE_MS ? left : XSOCK__DIAL_MIN_SHARE_MS;
    return share;
}

static int dial_one(xsock_t *out, const xsock_addr *a, int type, int timeout_ms)
{
    xsock_t s;
    int rc = xsock_socket(&s, xsock_addr_family(a), type, 0);
    if (rc != 0)
        return rc;
    rc = xsock_connect_timeout(s, a, timeout_ms);
    if (rc != 0) {
        xsock_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int xsock_dial(xsock_t *out, const char *host, const char *service, int type, int timeout_ms)
{
    xsock_addr addrs[XSOCK__DIAL_MAX_ADDRS];
    int64_t deadline = xsock__deadline(timeout_ms);
    int n, i, rc = XSOCK_ENOTFOUND;
    if (out == NULL)
        return XSOCK_EINVAL;
    *out = XSOCK_INVALID;
    if (host == NULL || service == NULL || bad_query(host, service, AF_UNSPEC, type))
        return XSOCK_EINVAL;
    n = lookup(host, service, AF_UNSPEC, type ? type : SOCK_STREAM, 0, addrs,
               XSOCK__DIAL_MAX_ADDRS);
    for (i = 0; i < n; i++) {
        int budget = attempt_budget(deadline, (size_t)(n - i));
        if (budget == 0)
            return XSOCK_ETIMEDOUT;
        rc = dial_one(out, &addrs[i], type ? type : SOCK_STREAM, budget);
        if (rc == 0)
            return 0;
    }
    return n < 0 ? n : rc;
}

/* A socket bound to a (and listening, for streams), reusable as xsock_set_reuseaddr. */
static int serve_one(xsock_t *out, const xsock_addr *a, int type, int backlog, int dual)
{
    xsock_t s;
    int rc = xsock_socket(&s, xsock_addr_family(a), type, 0);
    if (rc != 0)
        return rc;
    rc = xsock_set_reuseaddr(s, 1);
    if (rc == 0 && dual)
        rc = xsock_set_v6only(s, 0);
    if (rc == 0)
        rc = xsock_bind(s, a);
    if (rc == 0 && type == SOCK_STREAM)
        rc = xsock_listen(s, backlog);
    if (rc != 0) {
        xsock_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* Every interface: dual-stack :: where the system allows it, else 0.0.0.0. */
static int serve_wildcard(xsock_t *out, const char *service, int type, int backlog)
{
    xsock_addr a;
    int rc = lookup(NULL, service, AF_INET, type, AI_PASSIVE | AI_NUMERICHOST, &a, 1);
    if (rc < 0)
        return rc;
    if (xsock_has(XSOCK_CAP_DUALSTACK) == 1) {
        uint16_t port = (uint16_t)xsock_addr_port(&a);
        xsock_addr any6;
        xsock_addr_any(&any6, AF_INET6, port);
        rc = serve_one(out, &any6, type, backlog, 1);
        /* only a missing IPv6 falls back to IPv4; a port in use stays an error */
        if (rc != XSOCK_EAFNOSUPPORT && rc != XSOCK_EADDRNOTAVAIL)
            return rc;
    }
    return serve_one(out, &a, type, backlog, 0);
}

int xsock_serve(xsock_t *out, const char *host, const char *service, int type, int backlog)
{
    xsock_addr addrs[XSOCK__DIAL_MAX_ADDRS];
    int n, i, rc = XSOCK_ENOTFOUND;
    if (out == NULL)
        return XSOCK_EINVAL;
    *out = XSOCK_INVALID;
    if (service == NULL || (type != SOCK_STREAM && type != SOCK_DGRAM))
        return XSOCK_EINVAL;
    if (host == NULL)
        return serve_wildcard(out, service, type, backlog);
    n = lookup(host, service, AF_UNSPEC, type, AI_PASSIVE, addrs, XSOCK__DIAL_MAX_ADDRS);
    for (i = 0; i < n; i++) {
        rc = serve_one(out, &addrs[i], type, backlog, 0);
        if (rc == 0)
            return 0;
    }
    return n < 0 ? n : rc;
}

/* Copy the text into buf[len]: its length, or XSOCK_ENOBUFS (buf then holds ""). */
static int copy_name(const char *text, char *buf, size_t len)
{
    size_t n = strlen(text);
    if (n >= len) {
        buf[0] = '\0';
        return XSOCK_ENOBUFS;
    }
    memcpy(buf, text, n + 1);
    return (int)n;
}

int xsock_addr_name(const xsock_addr *addr, char *buf, size_t len, int flags)
{
    char name[XSOCK__NAME_MAX];
    int rc;
    if (buf == NULL || len == 0)
        return XSOCK_EINVAL;
    buf[0] = '\0';
    if (xsock__bad_any_addr(addr) || (flags & ~XSOCK_NAME_REQUIRED) != 0)
        return XSOCK_EINVAL;
    if (xsock__bad_ip_addr(addr))
        return XSOCK_EAFNOSUPPORT;
    rc = xsock__plat_getnameinfo(&addr->u.sa, addr->len, name, (flags & XSOCK_NAME_REQUIRED) != 0);
    return rc != 0 ? rc : copy_name(name, buf, len);
}

int xsock_hostname(char *buf, size_t len)
{
    char name[XSOCK__NAME_MAX];
    int rc;
    if (buf == NULL || len == 0)
        return XSOCK_EINVAL;
    buf[0] = '\0';
    rc = xsock__plat_hostname(name);
    return rc != 0 ? rc : copy_name(name, buf, len);
}

int xsock_interfaces(struct xsock_interface *out, size_t max)
{
    if (out == NULL && max != 0)
        return XSOCK_EINVAL;
    if (out != NULL && max > 0)
        memset(out, 0, max * sizeof *out);
    return xsock__plat_interfaces(out, max);
}

void xsock__interface_name(char *name, const char *text)
{
    size_t n = strlen(text);
    if (n >= XSOCK_IFNAMESIZE) {
        n = XSOCK_IFNAMESIZE - 1;
        while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
            n--; /* do not cut a UTF-8 sequence */
    }
    memcpy(name, text, n);
    name[n] = '\0';
}

int xsock__prefix_len(const unsigned char *mask, size_t len)
{
    int bits = 0;
    size_t i;
    for (i = 0; i < len && mask[i] == 0xff; i++)
        bits += 8;
    if (i < len) {
        unsigned char b = mask[i];
        while (b & 0x80) {
            bits++;
            b = (unsigned char)(b << 1);
        }
    }
    return bits;
}
