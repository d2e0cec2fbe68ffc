/* io.c - send and receive on POSIX: SIGPIPE suppressed per call, timeouts reported
 * as XSOCK_ETIMEDOUT, datagram truncation reported as XSOCK_EMSGSIZE. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

XSOCK__STATIC_ASSERT(sizeof(xsock_buf) == sizeof(struct iovec), buf_size);
XSOCK__STATIC_ASSERT(offsetof(xsock_buf, base) == offsetof(struct iovec, iov_base), buf_base);
XSOCK__STATIC_ASSERT(offsetof(xsock_buf, len) == offsetof(struct iovec, iov_len), buf_len);

/* Lengths go to the kernel as they are: no real buffer exceeds SSIZE_MAX, and Linux
 * itself caps one call at INT_MAX bytes (a partial count), so the hot path carries no
 * clamp (measured: 3 instructions a call, see docs/performance.md). */

int xsock__posix_io_fail(int s, int msg_flags)
{
    int native = errno, flags;
    if (native != EAGAIN && native != EWOULDBLOCK)
        return xsock__plat_fail_with(native);
    if (msg_flags & MSG_DONTWAIT)
        return xsock__plat_fail_with(native); /* this call was not to block: EAGAIN */
    flags = fcntl(s, F_GETFL);
    xsock__plat_fail_with(native);
    if (flags >= 0 && (flags & O_NONBLOCK) == 0)
        return XSOCK_ETIMEDOUT; /* a blocking socket only says EAGAIN when SO_*TIMEO expires */
    return XSOCK_EAGAIN;
}

ssize_t xsock__plat_send(xsock_t s, const void *buf, size_t len, int flags)
{
    ssize_t n = send(s, buf, len, flags | XSOCK_SEND_FLAGS);
    return n >= 0 ? n : xsock__posix_io_fail(s, flags);
}

ssize_t xsock__plat_recv(xsock_t s, void *buf, size_t len, int flags)
{
    ssize_t n = recv(s, buf, len, flags);
    return n >= 0 ? n : xsock__posix_io_fail(s, flags);
}

ssize_t xsock__plat_sendto(xsock_t s, const void *buf, size_t len, int flags,
                           const struct sockaddr *sa, socklen_t salen)
{
    ssize_t n = sendto(s, buf, len, flags | XSOCK_SEND_FLAGS, sa, salen);
    return n >= 0 ? n : xsock__posix_io_fail(s, flags);
}

ssize_t xsock__plat_recvfrom(xsock_t s, void *buf, size_t len, int flags, struct sockaddr *sa,
                             socklen_t *salen)
{
    struct iovec iov;
    struct msghdr msg;
    ssize_t n;
    iov.iov_base = buf;
    iov.iov_len = len;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = sa;
    msg.msg_namelen = salen ? *salen : 0;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    n = recvmsg(s, &msg, flags);
    if (n < 0)
        return xsock__posix_io_fail(s, flags);
    if (salen != NULL)
        *salen = msg.msg_namelen;
    if (msg.msg_flags & MSG_TRUNC)
        return xsock__plat_fail_with(EMSGSIZE); /* what WinSock reports: same everywhere */
    return n;
}

/* A message header over the caller's buffers (xsock_buf has struct iovec's layout). */
static void vector_header(struct msghdr *msg, const xsock_buf *bufs, size_t count)
{
    memset(msg, 0, sizeof *msg);
    msg->msg_iov = (struct iovec *)(void *)bufs; /* read only: sendmsg does not write it */
    msg->msg_iovlen = (xsock__iovlen_t)count;
}

ssize_t xsock__plat_sendv(xsock_t s, const xsock_buf *bufs, size_t count)
{
    struct msghdr msg;
    ssize_t n;
    vector_header(&msg, bufs, count);
    n = sendmsg(s, &msg, XSOCK_SEND_FLAGS);
    return n >= 0 ? n : xsock__posix_io_fail(s, 0);
}

ssize_t xsock__plat_recvv(xsock_t s, xsock_buf *bufs, size_t count)
{
    struct msghdr msg;
    ssize_t n;
    vector_header(&msg, bufs, count);
    n = recvmsg(s, &msg, 0);
    return n >= 0 ? n : xsock__posix_io_fail(s, 0);
}
