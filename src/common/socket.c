/* socket.c - creating, binding, connecting and closing sockets. */
#include "internal.h"

#include <string.h>

/* One default for every system (they differ: off on Linux, on on Windows and the
 * BSDs): an IPv6 socket serves IPv6 only until xsock_set_v6only(s, 0). */
static int set_v6only_default(xsock_t s, int family)
{
    return family == AF_INET6 ? xsock__plat_setsockopt_int(s, IPPROTO_IPV6, IPV6_V6ONLY, 1) : 0;
}

int xsock_socket(xsock_t *out, int family, int type, int protocol)
{
    int rc;
    if (out == NULL)
        return XSOCK_EINVAL;
    *out = XSOCK_INVALID;
    rc = xsock__plat_socket(out, family, type, protocol);
    if (rc == 0 && (rc = set_v6only_default(*out, family)) != 0) {
        xsock__plat_close(*out);
        *out = XSOCK_INVALID;
    }
    return rc;
}

int xsock_close(xsock_t s) { return xsock__bad_socket(s) ? XSOCK_EBADF : xsock__plat_close(s); }

int xsock_shutdown(xsock_t s, int how)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (how != XSOCK_SHUT_RD && how != XSOCK_SHUT_WR && how != XSOCK_SHUT_RDWR)
        return XSOCK_EINVAL;
    return xsock__plat_shutdown(s, how);
}

int xsock_bind(xsock_t s, const xsock_addr *addr)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (xsock__bad_any_addr(addr))
        return XSOCK_EINVAL;
    return xsock__plat_bind(s, &addr->u.sa, addr->len);
}

int xsock_listen(xsock_t s, int backlog)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    return xsock__plat_listen(s, backlog > 0 ? backlog : SOMAXCONN);
}

int xsock_accept(xsock_t s, xsock_t *out, xsock_addr *peer)
{
    xsock_addr from;
    int rc;
    if (out == NULL)
        return XSOCK_EINVAL;
    *out = XSOCK_INVALID;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    memset(&from, 0, sizeof from);
    from.len = (socklen_t)sizeof from.u.storage;
    rc = xsock__plat_accept(s, out, &from.u.sa, &from.len);
    if (rc == 0 && peer != NULL)
        *peer = from;
    return rc;
}

int xsock_connect(xsock_t s, const xsock_addr *addr)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (xsock__bad_any_addr(addr))
        return XSOCK_EINVAL;
    return xsock__plat_connect(s, &addr->u.sa, addr->len);
}

/* Wait for a non-blocking connect under way to finish within timeout_ms. */
static int finish_connect(xsock_t s, int timeout_ms)
{
    int ready = xsock_wait(s, XSOCK_POLLOUT, timeout_ms);
    if (ready < 0)
        return ready;
    if (ready == 0)
        return XSOCK_ETIMEDOUT;
    return xsock_socket_error(s);
}

int xsock_connect_timeout(xsock_t s, const xsock_addr *addr, int timeout_ms)
{
    int rc, restored;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (xsock__bad_any_addr(addr))
        return XSOCK_EINVAL;
    if (timeout_ms < 0)
        return xsock__plat_connect(s, &addr->u.sa, addr->len);
    rc = xsock__plat_set_nonblocking(s, 1);
    if (rc != 0)
        return rc;
    rc = xsock__plat_connect(s, &addr->u.sa, addr->len);
    if (rc == XSOCK_EINPROGRESS || rc == XSOCK_EAGAIN || rc == XSOCK_EINTR)
        rc = finish_connect(s, timeout_ms); /* an interrupted connect goes on (POSIX) */
    restored = xsock__plat_set_nonblocking(s, 0);
    return rc != 0 ? rc : restored;
}

/* getsockname/getpeername into *out. */
static int query_name(xsock_t s, xsock_addr *out, int peer)
{
    xsock_addr name;
    int rc;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (out == NULL)
        return XSOCK_EINVAL;
    memset(&name, 0, sizeof name);
    name.len = (socklen_t)sizeof name.u.storage;
    rc = peer ? xsock__plat_getpeername(s, &name.u.sa, &name.len)
              : xsock__plat_getsockname(s, &name.u.sa, &name.len);
    if (rc == 0)
        *out = name;
    return rc;
}

int xsock_local_addr(xsock_t s, xsock_addr *out) { return query_name(s, out, 0); }

int xsock_peer_addr(xsock_t s, xsock_addr *out) { return query_name(s, out, 1); }

int xsock_socket_error(xsock_t s)
{
    int native = 0, rc;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    rc = xsock__plat_getsockopt_int(s, SOL_SOCKET, SO_ERROR, &native);
    if (rc != 0)
        return rc;
    return native == 0 ? 0 : xsock__plat_fail_with(native);
}

int xsock_set_inheritable(xsock_t s, int on)
{
    return xsock__bad_socket(s) ? XSOCK_EBADF : xsock__plat_set_inheritable(s, on != 0);
}

int xsock_get_inheritable(xsock_t s)
{
    return xsock__bad_socket(s) ? XSOCK_EBADF : xsock__plat_get_inheritable(s);
}
