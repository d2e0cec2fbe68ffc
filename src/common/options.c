/* options.c - socket options with one meaning on every platform. */
#include "internal.h"

#include <limits.h>

int xsock_set_nonblocking(xsock_t s, int on)
{
    return xsock__bad_socket(s) ? XSOCK_EBADF : xsock__plat_set_nonblocking(s, on != 0);
}

int xsock_set_reuseaddr(xsock_t s, int on)
{
    return xsock__bad_socket(s) ? XSOCK_EBADF : xsock__plat_set_reuseaddr(s, on != 0);
}

static int set_timeout(xsock_t s, int is_send, int ms)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (ms < 0)
        return XSOCK_EINVAL;
    return xsock__plat_set_timeout(s, is_send, ms);
}

int xsock_set_recv_timeout(xsock_t s, int ms) { return set_timeout(s, 0, ms); }

int xsock_set_send_timeout(xsock_t s, int ms) { return set_timeout(s, 1, ms); }

static int set_flag(xsock_t s, int level, int name, int on)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    return xsock__plat_setsockopt_int(s, level, name, on != 0);
}

int xsock_set_nodelay(xsock_t s, int on) { return set_flag(s, IPPROTO_TCP, TCP_NODELAY, on); }

int xsock_set_broadcast(xsock_t s, int on) { return set_flag(s, SOL_SOCKET, SO_BROADCAST, on); }

int xsock_set_v6only(xsock_t s, int on) { return set_flag(s, IPPROTO_IPV6, IPV6_V6ONLY, on); }

int xsock_set_keepalive(xsock_t s, int on, int idle_s, int interval_s, int count)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (idle_s < 0 || idle_s > 32767 || interval_s < 0 || interval_s > 32767 || count < 0 ||
        count > 127)
        return XSOCK_EINVAL;
    return xsock__plat_set_keepalive(s, on != 0, idle_s, interval_s, count);
}

int xsock_setsockopt(xsock_t s, int level, int name, const void *value, size_t len)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if ((value == NULL && len != 0) || len > INT_MAX)
        return XSOCK_EINVAL;
    return xsock__plat_setsockopt(s, level, name, value, (socklen_t)len);
}

int xsock_getsockopt(xsock_t s, int level, int name, void *value, size_t *len)
{
    socklen_t n;
    int rc;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (len == NULL || (value == NULL && *len != 0) || *len > INT_MAX)
        return XSOCK_EINVAL;
    n = (socklen_t)*len;
    rc = xsock__plat_getsockopt(s, level, name, value, &n);
    if (rc == 0)
        *len = (size_t)n;
    return rc;
}

/* The largest buffer size taken: Linux doubles it, which must still fit an int. */
#define XSOCK__BUFFER_MAX (INT_MAX / 2)

static int set_buffer(xsock_t s, int name, int bytes)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (bytes <= 0 || bytes > XSOCK__BUFFER_MAX)
        return XSOCK_EINVAL;
    return xsock__plat_setsockopt_int(s, SOL_SOCKET, name, bytes);
}

static int get_buffer(xsock_t s, int name)
{
    int raw = 0, rc;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    rc = xsock__plat_getsockopt_int(s, SOL_SOCKET, name, &raw);
    return rc != 0 ? rc : xsock__plat_buffer_reported(raw);
}

int xsock_set_recv_buffer(xsock_t s, int bytes) { return set_buffer(s, SO_RCVBUF, bytes); }

int xsock_set_send_buffer(xsock_t s, int bytes) { return set_buffer(s, SO_SNDBUF, bytes); }

int xsock_get_recv_buffer(xsock_t s) { return get_buffer(s, SO_RCVBUF); }

int xsock_get_send_buffer(xsock_t s) { return get_buffer(s, SO_SNDBUF); }

int xsock_set_linger(xsock_t s, int on, int seconds)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (seconds < 0 || seconds > 65535)
        return XSOCK_EINVAL; /* Windows keeps it in an unsigned short */
    return xsock__plat_set_linger(s, on != 0, seconds);
}

/* The option of s's family: v4 for AF_INET, v6 for AF_INET6, after the checks. */
static int family_option(xsock_t s, int *level, int *name, int v4, int v6)
{
    int family;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    family = xsock__plat_socket_family(s);
    if (family < 0)
        return family;
    if (family != AF_INET && family != AF_INET6)
        return XSOCK_EAFNOSUPPORT;
    *level = family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
    *name = family == AF_INET ? v4 : v6;
    return 0;
}

int xsock_set_multicast_ttl(xsock_t s, int hops)
{
    int level = 0, name = 0, rc;
    rc = family_option(s, &level, &name, IP_MULTICAST_TTL, IPV6_MULTICAST_HOPS);
    if (rc != 0)
        return rc;
    if (hops < 0 || hops > 255)
        return XSOCK_EINVAL;
    return xsock__plat_setsockopt_int(s, level, name, hops);
}

int xsock_set_multicast_loop(xsock_t s, int on)
{
    int level = 0, name = 0, rc;
    rc = family_option(s, &level, &name, IP_MULTICAST_LOOP, IPV6_MULTICAST_LOOP);
    return rc != 0 ? rc : xsock__plat_setsockopt_int(s, level, name, on != 0);
}

static int multicast(xsock_t s, int join, const xsock_addr *group, unsigned ifindex)
{
    int family;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (xsock__bad_ip_addr(group))
        return XSOCK_EINVAL;
    family = xsock__plat_socket_family(s);
    if (family < 0)
        return family;
    if (family != group->u.sa.sa_family)
        return XSOCK_EAFNOSUPPORT; /* an IPv4 group on an IPv6 socket, or the reverse */
    return xsock__plat_multicast(s, join, &group->u.sa, ifindex);
}

int xsock_multicast_join(xsock_t s, const xsock_addr *group, unsigned ifindex)
{
    return multicast(s, 1, group, ifindex);
}

int xsock_multicast_leave(xsock_t s, const xsock_addr *group, unsigned ifindex)
{
    return multicast(s, 0, group, ifindex);
}
