/* io.c - read/write/send/recv and the datagram calls on int descriptors. */
#include "internal.h"

#include <limits.h>

/* Flags the layer handles itself; the rest go to WinSock. */
#define FLAG_NOSIGNAL 0x4000
#define FLAG_DONTWAIT 0x40

/* What one call does with MSG_DONTWAIT on a blocking socket: it is made non-blocking
 * for the call (WinSock has no per-call flag). */
struct call_mode {
    struct xsock_bsd__sock *e;
    int toggled;
};

static int enter_call(struct call_mode *m, struct xsock_bsd__sock *e, int *flags)
{
    int rc;

    m->e = e;
    m->toggled = 0;
    *flags &= ~FLAG_NOSIGNAL;
    if (!(*flags & FLAG_DONTWAIT))
        return 0;
    *flags &= ~FLAG_DONTWAIT;
    if (e->nonblocking)
        return 0;
    rc = xsock__plat_set_nonblocking(e->s, 1);
    if (rc < 0)
        return xsock_bsd__fail(rc);
    m->toggled = 1;
    return 0;
}

static void leave_call(const struct call_mode *m)
{
    int saved = errno;

    if (m->toggled)
        (void)xsock__plat_set_nonblocking(m->e->s, 0);
    errno = saved;
}

static int bad_buffer(const void *buf, size_t len)
{
    return buf == NULL && len > 0 ? xsock_bsd__fail_errno(EFAULT) : 0;
}

ssize_t xsock_bsd_send(int fd, const void *buf, size_t len, int flags)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    struct call_mode m;
    ssize_t n;

    if (e == NULL || bad_buffer(buf, len) < 0 || enter_call(&m, e, &flags) < 0)
        return -1;
    n = xsock__plat_send(e->s, buf, len, flags);
    if (n < 0)
        n = xsock_bsd__io_fail(e, (int)n, 1);
    leave_call(&m);
    return n;
}

ssize_t xsock_bsd_recv(int fd, void *buf, size_t len, int flags)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    struct call_mode m;
    ssize_t n;

    if (e == NULL || bad_buffer(buf, len) < 0 || enter_call(&m, e, &flags) < 0)
        return -1;
    n = xsock__plat_recv(e->s, buf, len, flags);
    if (n < 0)
        n = xsock_bsd__io_fail(e, (int)n, 0);
    leave_call(&m);
    return n;
}

ssize_t xsock_bsd_sendto(int fd, const void *buf, size_t len, int flags,
                         const struct sockaddr *addr, socklen_t addrlen)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    struct call_mode m;
    ssize_t n;

    if (e == NULL || bad_buffer(buf, len) < 0)
        return -1;
    if (addr == NULL)
        return xsock_bsd_send(fd, buf, len, flags);
    if (addrlen < (socklen_t)sizeof(addr->sa_family) ||
        addrlen > (socklen_t)sizeof(struct sockaddr_storage))
        return xsock_bsd__fail_errno(EINVAL);
    if (enter_call(&m, e, &flags) < 0)
        return -1;
    n = xsock__plat_sendto(e->s, buf, len, flags, addr, addrlen);
    if (n < 0)
        n = xsock_bsd__io_fail(e, (int)n, 1);
    leave_call(&m);
    return n;
}

ssize_t xsock_bsd_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *addr,
                           socklen_t *addrlen)
{
    struct xsock_bsd__sock *e = xsock_bsd__sock_of(fd);
    struct call_mode m;
    ssize_t n;

    if (e == NULL || bad_buffer(buf, len) < 0)
        return -1;
    if (addr != NULL && addrlen == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (addr == NULL)
        addrlen = NULL;
    if (addrlen != NULL && *addrlen < 0)
        return xsock_bsd__fail_errno(EINVAL);
    if (enter_call(&m, e, &flags) < 0)
        return -1;
    n = xsock__plat_recvfrom(e->s, buf, len, flags, addr, addrlen);
    if (n == XSOCK_EMSGSIZE)
        n = (ssize_t)(len > (size_t)INT_MAX ? (size_t)INT_MAX : len); /* Linux truncates */
    else if (n < 0)
        n = xsock_bsd__io_fail(e, (int)n, 0);
    leave_call(&m);
    return n;
}

ssize_t xsock_bsd_read(int fd, void *buf, size_t len)
{
    if (xsock_bsd__fd_get(fd) == NULL)
        return xsock_bsd__crt_read(fd, buf, len);
    return xsock_bsd_recv(fd, buf, len, 0);
}

ssize_t xsock_bsd_write(int fd, const void *buf, size_t len)
{
    if (xsock_bsd__fd_get(fd) == NULL)
        return xsock_bsd__crt_write(fd, buf, len);
    return xsock_bsd_send(fd, buf, len, 0);
}
