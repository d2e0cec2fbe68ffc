/* socket.c - creating, connecting and closing sockets through int descriptors. */
#include "internal.h"

#include <string.h>

#include <stdio.h>

/* Bad pointer arguments are EFAULT (Linux's answer for NULL), bad lengths EINVAL. */
static int bad_address(const struct sockaddr *addr, socklen_t len)
{
    if (addr == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (len < (socklen_t)sizeof(addr->sa_family) ||
        len > (socklen_t)sizeof(struct sockaddr_storage))
        return xsock_bsd__fail_errno(EINVAL);
    return 0;
}

/* Linux's socket() type flags (include/xsock/bsd declares them). */
#define TYPE_NONBLOCK 0x800
#define TYPE_CLOEXEC 0x80000

/* Apply SOCK_NONBLOCK to a registered descriptor; fd, or -1 (then closed). */
static int type_flags(int fd, int type)
{
    struct xsock_bsd__sock *e = fd >= 0 ? xsock_bsd__fd_get(fd) : NULL;
    int rc;

    if (e == NULL || !(type & TYPE_NONBLOCK))
        return fd;
    rc = xsock__plat_set_nonblocking(e->s, 1);
    if (rc < 0) {
        (void)xsock_bsd_close(fd);
        return xsock_bsd__fail(rc);
    }
    e->nonblocking = 1;
    return fd;
}

int xsock_bsd_socket(int domain, int type, int protocol)
{
    xsock_t s;
    int rc = xsock__plat_socket(&s, domain, type & ~(TYPE_NONBLOCK | TYPE_CLOEXEC), protocol);

    if (rc < 0)
        return xsock_bsd__fail(rc);
    if (domain == AF_INET6)
        (void)xsock__plat_setsockopt_int(s, IPPROTO_IPV6, IPV6_V6ONLY, 0); /* Linux default */
    return type_flags(xsock_bsd__fd_add(s), type);
}

int xsock_bsd_socketpair(int domain, int type, int protocol, int sv[2])
{
    xsock_t pair[2];
    int rc;
    int flags;

    if (sv == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (domain != AF_UNIX)
        return xsock_bsd__fail_errno(EAFNOSUPPORT);
    if (protocol != 0)
        return xsock_bsd__fail_errno(EPROTONOSUPPORT);
    flags = type & (TYPE_NONBLOCK | TYPE_CLOEXEC);
    type &= ~flags;
    if (type != SOCK_STREAM && type != SOCK_DGRAM)
        return xsock_bsd__fail_errno(EPROTOTYPE);
    rc = xsock__plat_socketpair(type, pair);
    if (rc < 0)
        return xsock_bsd__fail(rc);
    sv[0] = xsock_bsd__fd_add(pair[0]);
    if (sv[0] < 0) {
        (void)xsock__plat_close(pair[1]);
        return -1;
    }
    sv[1] = xsock_bsd__fd_add(pair[1]);
    if (sv[1] < 0 || type_flags(sv[1], flags) < 0 || type_flags(sv[0], flags) < 0) {
        int saved = errno;
        (void)xsock_bsd_close(sv[0]);
        (void)xsock_bsd_close(sv[1]);
        return xsock_bsd__fail_errno(saved);
    }
    return 0;
}

int xsock_bsd_bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    int rc;

    if (e == NULL || bad_address(addr, len) < 0)
        return -1;
    rc = xsock__plat_bind(e->s, addr, len);
    return rc < 0 ? xsock_bsd__fail(rc) : 0;
}

int xsock_bsd_listen(int fd, int backlog)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    int rc;

    if (e == NULL)
        return -1;
    rc = xsock__plat_listen(e->s, backlog < 0 ? SOMAXCONN : backlog);
    return rc < 0 ? xsock_bsd__fail(rc) : 0;
}

/* A receive-side error of a socket with SO_RCVTIMEO (or send side, SO_SNDTIMEO): Linux
 * says EAGAIN when the timeout expires, WinSock WSAETIMEDOUT. */
int xsock_bsd__io_fail(const struct xsock_bsd__sock *e, int code, int is_send)
{
    int timeout = is_send ? e->sndtimeo_ms : e->rcvtimeo_ms;

    if (code == XSOCK_ETIMEDOUT && timeout > 0)
        return xsock_bsd__fail_errno(EAGAIN);
    return xsock_bsd__fail(code);
}

/* Copy the peer address into the caller's buffer as Linux does: truncated to *len, and
 * *len set to the full size. */
static void give_address(const struct sockaddr_storage *ss, socklen_t full, struct sockaddr *addr,
                         socklen_t *len)
{
    if (addr == NULL || len == NULL)
        return;
    if (*len > 0)
        memcpy(addr, ss, (size_t)(*len < full ? *len : full));
    *len = full;
}

/* Linux's accept() honours SO_RCVTIMEO (EAGAIN when it expires); WinSock's ignores it
 * and blocks. A blocking listener with a receive timeout waits for a connection first.
 * 0 to go on and accept, or a code. */
static int wait_for_accept(const struct xsock_bsd__sock *e)
{
    struct xsock_pollfd p;
    int rc;

    if (e->nonblocking || e->rcvtimeo_ms <= 0)
        return 0;
    p.fd = e->s;
    p.events = XSOCK_POLLIN;
    p.revents = 0;
    rc = xsock__plat_poll(&p, 1, e->rcvtimeo_ms);
    if (rc < 0)
        return rc;
    return rc == 0 ? XSOCK_EAGAIN : 0;
}

int xsock_bsd_accept(int fd, struct sockaddr *addr, socklen_t *len)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    struct sockaddr_storage ss;
    socklen_t full = (socklen_t)sizeof ss;
    xsock_t s;
    int rc;

    if (e == NULL)
        return -1;
    if (addr != NULL && len == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (len != NULL && *len < 0)
        return xsock_bsd__fail_errno(EINVAL);
    rc = wait_for_accept(e);
    if (rc == 0)
        rc = xsock__plat_accept(e->s, &s, (struct sockaddr *)&ss, &full);
    if (rc < 0)
        return xsock_bsd__io_fail(e, rc, 0);
    /* WinSock makes the accepted socket inherit the listener's non-blocking mode; Linux
     * makes it blocking. */
    if (e->nonblocking)
        (void)xsock__plat_set_nonblocking(s, 0);
    rc = xsock_bsd__fd_add(s);
    if (rc >= 0)
        give_address(&ss, full, addr, len);
    return rc;
}

int xsock_bsd_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    int rc;

    if (e == NULL || bad_address(addr, len) < 0)
        return -1;
    rc = xsock__plat_connect(e->s, addr, len);
    return rc < 0 ? xsock_bsd__fail(rc) : 0;
}

int xsock_bsd_shutdown(int fd, int how)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    int rc;

    if (e == NULL)
        return -1;
    if (how != SD_RECEIVE && how != SD_SEND && how != SD_BOTH)
        return xsock_bsd__fail_errno(EINVAL);
    rc = xsock__plat_shutdown(e->s, how);
    return rc < 0 ? xsock_bsd__fail(rc) : 0;
}

static int name_of(int fd, struct sockaddr *addr, socklen_t *len, int peer)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    struct sockaddr_storage ss;
    socklen_t full = (socklen_t)sizeof ss;
    int rc;

    if (e == NULL)
        return -1;
    if (addr == NULL || len == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (*len < 0)
        return xsock_bsd__fail_errno(EINVAL);
    memset(&ss, 0, sizeof ss);
    rc = peer ? xsock__plat_getpeername(e->s, (struct sockaddr *)&ss, &full)
              : xsock__plat_getsockname(e->s, (struct sockaddr *)&ss, &full);
    if (rc < 0)
        return xsock_bsd__fail(rc);
    give_address(&ss, full, addr, len);
    return 0;
}

int xsock_bsd_getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
    return name_of(fd, addr, len, 0);
}

int xsock_bsd_getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
    return name_of(fd, addr, len, 1);
}

int xsock_bsd_close(int fd)
{
    xsock_t s = xsock_bsd__fd_remove(fd);
    int rc;

    if (s == XSOCK_INVALID)
        return xsock_bsd__crt_close(fd);
    rc = xsock__plat_close(s);
    return rc < 0 ? xsock_bsd__fail(rc) : 0;
}
