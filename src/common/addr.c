/* addr.c - xsock_addr: parse, format, build, compare. */
#include "internal.h"
#include "addr_text.h"

#include <string.h>

int xsock__bad_any_addr(const xsock_addr *a)
{
    if (a == NULL || a->len < (socklen_t)sizeof(a->u.sa.sa_family) ||
        (size_t)a->len > sizeof(a->u.storage))
        return 1;
    if (a->u.sa.sa_family == AF_INET)
        return a->len < (socklen_t)sizeof(struct sockaddr_in);
    if (a->u.sa.sa_family == AF_INET6)
        return a->len < (socklen_t)sizeof(struct sockaddr_in6);
    return 0;
}

int xsock__bad_ip_addr(const xsock_addr *a)
{
    return xsock__bad_any_addr(a) ||
           (a->u.sa.sa_family != AF_INET && a->u.sa.sa_family != AF_INET6);
}

static void set_ipv4(xsock_addr *out, const unsigned char bytes[4], uint16_t port)
{
    memset(out, 0, sizeof *out);
    out->u.v4.sin_family = AF_INET;
    out->u.v4.sin_port = htons(port);
    memcpy(&out->u.v4.sin_addr, bytes, 4);
    out->len = (socklen_t)sizeof(struct sockaddr_in);
}

static void set_ipv6(xsock_addr *out, const unsigned char bytes[16], uint16_t port, uint32_t zone)
{
    memset(out, 0, sizeof *out);
    out->u.v6.sin6_family = AF_INET6;
    out->u.v6.sin6_port = htons(port);
    memcpy(&out->u.v6.sin6_addr, bytes, 16);
    out->u.v6.sin6_scope_id = zone;
    out->len = (socklen_t)sizeof(struct sockaddr_in6);
}

/* Decimal digits [p, end) as a number no larger than max; -1 if malformed. */
static int64_t parse_number(const char *p, const char *end, int64_t max)
{
    int64_t value = 0;
    if (p == end || end - p > 10)
        return -1;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        value = value * 10 + (*p - '0');
    }
    return value <= max ? value : -1;
}

/* A zone given by number or interface name; -1 if empty or unknown. */
static int64_t parse_zone(const char *p, const char *end)
{
    char name[64];
    size_t len = (size_t)(end - p);
    unsigned index;
    if (len == 0 || len >= sizeof name)
        return -1;
    if (*p >= '0' && *p <= '9')
        return parse_number(p, end, UINT32_MAX);
    memcpy(name, p, len);
    name[len] = '\0';
    index = xsock__plat_if_index(name);
    return index == 0 ? -1 : (int64_t)index;
}

/* IPv6 text with an optional "%zone" spanning [p, end). */
static int parse_ipv6_host(xsock_addr *out, const char *p, const char *end, uint16_t port)
{
    unsigned char bytes[16];
    const char *percent = (const char *)memchr(p, '%', (size_t)(end - p));
    int64_t zone = 0;
    if (percent != NULL) {
        zone = parse_zone(percent + 1, end);
        if (zone < 0)
            return XSOCK_EINVAL;
        end = percent;
    }
    if (xsock__ipv6_parse(p, end, bytes) != 0)
        return XSOCK_EINVAL;
    set_ipv6(out, bytes, port, (uint32_t)zone);
    return 0;
}

static int parse_ipv4_host(xsock_addr *out, const char *p, const char *end, uint16_t port)
{
    unsigned char bytes[4];
    if (xsock__ipv4_parse(p, end, bytes) != 0)
        return XSOCK_EINVAL;
    set_ipv4(out, bytes, port);
    return 0;
}

/* ":port" at p (or nothing, giving default_port) up to end; -1 if malformed. */
static int64_t parse_port_suffix(const char *p, const char *end, uint16_t default_port)
{
    if (p == end)
        return default_port;
    if (*p != ':' || end - p > 6)
        return -1;
    return parse_number(p + 1, end, 65535);
}

/* "[v6%zone]" with an optional ":port". */
static int parse_bracketed(xsock_addr *out, const char *text, const char *end,
                           uint16_t default_port)
{
    const char *close = (const char *)memchr(text, ']', (size_t)(end - text));
    int64_t port;
    if (close == NULL)
        return XSOCK_EINVAL;
    port = parse_port_suffix(close + 1, end, default_port);
    if (port < 0)
        return XSOCK_EINVAL;
    return parse_ipv6_host(out, text + 1, close, (uint16_t)port);
}

int xsock_addr_parse(xsock_addr *out, const char *text, uint16_t default_port)
{
    const char *end, *colon;
    xsock_addr parsed;
    int rc;
    if (out == NULL || text == NULL || text[0] == '\0')
        return XSOCK_EINVAL;
    end = text + strlen(text);
    colon = strchr(text, ':');
    if (text[0] == '[') {
        rc = parse_bracketed(&parsed, text, end, default_port);
    } else if (colon != NULL && strchr(colon + 1, ':') != NULL) {
        rc = parse_ipv6_host(&parsed, text, end, default_port); /* bare IPv6, no port */
    } else {
        int64_t port = parse_port_suffix(colon ? colon : end, end, default_port);
        rc = port < 0 ? XSOCK_EINVAL
                      : parse_ipv4_host(&parsed, text, colon ? colon : end, (uint16_t)port);
    }
    if (rc == 0)
        *out = parsed;
    return rc;
}

/* The text into tmp (at least XSOCK_ADDRSTRLEN bytes); its length, or a code. */
static int format_into(const xsock_addr *addr, char *tmp)
{
    size_t len;
    if (addr->u.sa.sa_family == AF_INET) {
        len = xsock__ipv4_format((const unsigned char *)&addr->u.v4.sin_addr, tmp);
        len += (size_t)sprintf(tmp + len, ":%u", (unsigned)ntohs(addr->u.v4.sin_port));
        return (int)len;
    }
    tmp[0] = '[';
    len = 1 + xsock__ipv6_format((const unsigned char *)&addr->u.v6.sin6_addr, tmp + 1);
    if (addr->u.v6.sin6_scope_id != 0)
        len += (size_t)sprintf(tmp + len, "%%%lu", (unsigned long)addr->u.v6.sin6_scope_id);
    len += (size_t)sprintf(tmp + len, "]:%u", (unsigned)ntohs(addr->u.v6.sin6_port));
    return (int)len;
}

int xsock_addr_format(const xsock_addr *addr, char *buf, size_t len)
{
    char tmp[XSOCK_ADDRSTRLEN];
    int n;
    if (addr == NULL || buf == NULL || len == 0)
        return XSOCK_EINVAL;
    buf[0] = '\0';
    if (xsock__bad_any_addr(addr))
        return XSOCK_EINVAL;
    if (xsock__bad_ip_addr(addr))
        return XSOCK_EAFNOSUPPORT;
    n = format_into(addr, tmp);
    if ((size_t)n >= len)
        return XSOCK_ENOBUFS;
    memcpy(buf, tmp, (size_t)n + 1);
    return n;
}

int xsock_addr_any(xsock_addr *out, int family, uint16_t port)
{
    static const unsigned char zeros[16] = {0};
    if (out == NULL)
        return XSOCK_EINVAL;
    if (family == AF_INET)
        set_ipv4(out, zeros, port);
    else if (family == AF_INET6)
        set_ipv6(out, zeros, port, 0);
    else
        return XSOCK_EAFNOSUPPORT;
    return 0;
}

int xsock_addr_loopback(xsock_addr *out, int family, uint16_t port)
{
    static const unsigned char v4[4] = {127, 0, 0, 1};
    static const unsigned char v6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (out == NULL)
        return XSOCK_EINVAL;
    if (family == AF_INET)
        set_ipv4(out, v4, port);
    else if (family == AF_INET6)
        set_ipv6(out, v6, port, 0);
    else
        return XSOCK_EAFNOSUPPORT;
    return 0;
}

int xsock_addr_from_sockaddr(xsock_addr *out, const struct sockaddr *sa, socklen_t len)
{
    xsock_addr copy;
    if (out == NULL || sa == NULL || len <= 0 || (size_t)len > sizeof copy.u.storage)
        return XSOCK_EINVAL;
    memset(&copy, 0, sizeof copy);
    memcpy(&copy.u.storage, sa, (size_t)len);
    copy.len = len;
    if (xsock__bad_any_addr(&copy))
        return XSOCK_EINVAL;
    if (copy.u.sa.sa_family == AF_INET)
        copy.len = (socklen_t)sizeof(struct sockaddr_in);
    else if (copy.u.sa.sa_family == AF_INET6)
        copy.len = (socklen_t)sizeof(struct sockaddr_in6);
    *out = copy;
    return 0;
}

int xsock_addr_family(const xsock_addr *a)
{
    return a == NULL ? XSOCK_EINVAL : (int)a->u.sa.sa_family;
}

int xsock_addr_port(const xsock_addr *a)
{
    if (a == NULL)
        return XSOCK_EINVAL;
    if (a->u.sa.sa_family == AF_INET)
        return ntohs(a->u.v4.sin_port);
    if (a->u.sa.sa_family == AF_INET6)
        return ntohs(a->u.v6.sin6_port);
    return XSOCK_EAFNOSUPPORT;
}

int xsock_addr_set_port(xsock_addr *a, uint16_t port)
{
    if (a == NULL)
        return XSOCK_EINVAL;
    if (a->u.sa.sa_family == AF_INET)
        a->u.v4.sin_port = htons(port);
    else if (a->u.sa.sa_family == AF_INET6)
        a->u.v6.sin6_port = htons(port);
    else
        return XSOCK_EAFNOSUPPORT;
    return 0;
}

int xsock_addr_equal(const xsock_addr *a, const xsock_addr *b)
{
    if (a == NULL || b == NULL)
        return XSOCK_EINVAL;
    if (a->u.sa.sa_family != b->u.sa.sa_family)
        return 0;
    if (a->u.sa.sa_family == AF_INET)
        return a->u.v4.sin_port == b->u.v4.sin_port &&
               memcmp(&a->u.v4.sin_addr, &b->u.v4.sin_addr, 4) == 0;
    if (a->u.sa.sa_family == AF_INET6)
        return a->u.v6.sin6_port == b->u.v6.sin6_port &&
               a->u.v6.sin6_scope_id == b->u.v6.sin6_scope_id &&
               memcmp(&a->u.v6.sin6_addr, &b->u.v6.sin6_addr, 16) == 0;
    return a->len == b->len && (size_t)a->len <= sizeof a->u.storage &&
           memcmp(&a->u.storage, &b->u.storage, (size_t)a->len) == 0;
}

const struct sockaddr *xsock_addr_sockaddr(const xsock_addr *a)
{
    return a == NULL ? NULL : &a->u.sa;
}

socklen_t xsock_addr_len(const xsock_addr *a) { return a == NULL ? 0 : a->len; }
