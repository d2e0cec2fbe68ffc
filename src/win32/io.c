/* io.c - send/recv and friends, clamped to what one WinSock call can take. */
#include "internal.h"

#include <stddef.h>

/* xsock_buf is handed to WSASend/WSARecv as a WSABUF array: prove the layouts match. */
XSOCK__STATIC_ASSERT(sizeof(xsock_buf) == sizeof(WSABUF), buf_size_is_wsabuf);
XSOCK__STATIC_ASSERT(offsetof(xsock_buf, len) == offsetof(WSABUF, len), buf_len_is_wsabuf);
XSOCK__STATIC_ASSERT(offsetof(xsock_buf, base) == offsetof(WSABUF, buf), buf_base_is_wsabuf);
XSOCK__STATIC_ASSERT(sizeof(((xsock_buf *)0)->len) == sizeof(((WSABUF *)0)->len),
                     buf_len_width_is_wsabuf);

/* A size_t length as the int WinSock takes, never more than INT_MAX. */
static int clamp_len(size_t len) { return len > XSOCK__WIN_IO_MAX ? INT_MAX : (int)len; }

/* The error of a failed send/recv on s: XSOCK_EBADF for XSOCK_INVALID (which common
 * code does not test on the hot path; WinSock itself says WSAENOTSOCK). */
static int io_fail(xsock_t s)
{
    int code = xsock__plat_fail();
    return s == XSOCK_INVALID ? XSOCK_EBADF : code;
}

static ssize_t send_once(xsock_t s, const void *buf, size_t len, int flags)
{
    int n = send(s, (const char *)buf, clamp_len(len), flags);

    return n == SOCKET_ERROR ? io_fail(s) : n;
}

/* XSOCK_MSG_DONTWAIT: WinSock has no such flag; the call runs with the socket made
 * non-blocking for it (nonblock.c). The hot path without the flag pays one test. */
#define XSOCK__DONTWAIT_CALL(call, s, flags)                               \
    do {                                                                   \
        if ((flags)&XSOCK_MSG_DONTWAIT) {                                  \
            int restore_, rc_ = xsock__win_dontwait_begin((s), &restore_); \
            ssize_t n_;                                                    \
            if (rc_ != 0)                                                  \
                return rc_;                                                \
            n_ = call;                                                     \
            xsock__win_dontwait_end((s), restore_);                        \
            return n_;                                                     \
        }                                                                  \
    } while (0)
#define XSOCK__PLAIN(flags) ((flags) & ~XSOCK_MSG_DONTWAIT)

ssize_t xsock__plat_send(xsock_t s, const void *buf, size_t len, int flags)
{
    XSOCK__DONTWAIT_CALL(send_once(s, buf, len, XSOCK__PLAIN(flags)), s, flags);
    return send_once(s, buf, len, flags);
}

static ssize_t recv_once(xsock_t s, void *buf, size_t len, int flags)
{
    int want = clamp_len(len);
    int n = recv(s, (char *)buf, want, flags);
    if (n != SOCKET_ERROR)
        return n;
    /* A datagram longer than buf: xsock_recv truncates silently on every platform
     * (xsock_recvfrom is the call that reports it); buf holds its first bytes. */
    if (WSAGetLastError() == WSAEMSGSIZE)
        return want;
    return io_fail(s);
}

ssize_t xsock__plat_recv(xsock_t s, void *buf, size_t len, int flags)
{
    XSOCK__DONTWAIT_CALL(recv_once(s, buf, len, XSOCK__PLAIN(flags)), s, flags);
    return recv_once(s, buf, len, flags);
}

static ssize_t sendto_once(xsock_t s, const void *buf, size_t len, int flags,
                           const struct sockaddr *sa, socklen_t salen)
{
    int n = sendto(s, (const char *)buf, clamp_len(len), flags, sa, salen);

    return n == SOCKET_ERROR ? xsock__plat_fail() : n;
}

ssize_t xsock__plat_sendto(xsock_t s, const void *buf, size_t len, int flags,
                           const struct sockaddr *sa, socklen_t salen)
{
    XSOCK__DONTWAIT_CALL(sendto_once(s, buf, len, XSOCK__PLAIN(flags), sa, salen), s, flags);
    return sendto_once(s, buf, len, flags, sa, salen);
}

/* On a connected stream socket recvfrom leaves the address untouched: mark it
 * beforehand so that an unfilled one can be reported as length 0 (as POSIX does). */
static void mark_address_unfilled(struct sockaddr *sa, const socklen_t *salen)
{
    if (sa != NULL && salen != NULL && *salen >= (socklen_t)sizeof sa->sa_family)
        sa->sa_family = AF_UNSPEC;
}

static void report_address_len(const struct sockaddr *sa, socklen_t *salen)
{
    if (sa != NULL && salen != NULL && *salen >= (socklen_t)sizeof sa->sa_family &&
        sa->sa_family == AF_UNSPEC)
        *salen = 0;
}

static ssize_t recvfrom_once(xsock_t s, void *buf, size_t len, int flags, struct sockaddr *sa,
                             socklen_t *salen)
{
    int n;
    int err;

    mark_address_unfilled(sa, salen);
    n = recvfrom(s, (char *)buf, clamp_len(len), flags, sa, salen);
    if (n == SOCKET_ERROR) {
        err = WSAGetLastError();
        /* Truncated datagram: buf holds its first len bytes and the sender is set. */
        if (err != WSAEMSGSIZE)
            return xsock__plat_fail_with(err);
        n = xsock__plat_fail_with(err);
    }
    report_address_len(sa, salen);
    return n;
}

ssize_t xsock__plat_recvfrom(xsock_t s, void *buf, size_t len, int flags, struct sockaddr *sa,
                             socklen_t *salen)
{
    XSOCK__DONTWAIT_CALL(recvfrom_once(s, buf, len, XSOCK__PLAIN(flags), sa, salen), s, flags);
    return recvfrom_once(s, buf, len, flags, sa, salen);
}

/* How many leading buffers one call may take so that the total stays within
 * XSOCK__WIN_IO_MAX (the count is then exact as a DWORD and as a 32-bit ssize_t);
 * 0 if the first buffer alone is longer. The rest is a partial operation. */
static DWORD buffers_within_limit(const xsock_buf *bufs, size_t count)
{
    size_t total = 0;
    size_t i;

    for (i = 0; i < count; i++) {
        if (bufs[i].len > XSOCK__WIN_IO_MAX - total)
            break;
        total += bufs[i].len;
    }
    return (DWORD)i; /* count <= XSOCK_IOV_MAX */
}

/* The WSABUF array for one call: the caller's own array (same layout, and WinSock
 * does not write to it), or one clamped copy of an oversized first buffer. */
static WSABUF *call_buffers(const xsock_buf *bufs, size_t count, WSABUF *clamped, DWORD *n)
{
    *n = buffers_within_limit(bufs, count);
    if (*n > 0)
        return (WSABUF *)bufs;
    clamped->buf = (char *)bufs[0].base;
    clamped->len = (ULONG)XSOCK__WIN_IO_MAX;
    *n = 1;
    return clamped;
}

ssize_t xsock__plat_sendv(xsock_t s, const xsock_buf *bufs, size_t count)
{
    WSABUF clamped;
    DWORD n;
    DWORD sent = 0;
    WSABUF *wsabufs = call_buffers(bufs, count, &clamped, &n);

    if (WSASend(s, wsabufs, n, &sent, 0, NULL, NULL) != 0)
        return xsock__plat_fail();
    return (ssize_t)sent;
}

static ssize_t total_len(const WSABUF *bufs, DWORD n)
{
    ssize_t total = 0;
    DWORD i;

    for (i = 0; i < n; i++)
        total += (ssize_t)bufs[i].len;
    return total;
}

ssize_t xsock__plat_recvv(xsock_t s, xsock_buf *bufs, size_t count)
{
    WSABUF clamped;
    DWORD n;
    DWORD received = 0;
    DWORD flags = 0;
    WSABUF *wsabufs = call_buffers(bufs, count, &clamped, &n);

    if (WSARecv(s, wsabufs, n, &received, &flags, NULL, NULL) == 0)
        return (ssize_t)received;
    /* A datagram longer than the buffers fills them all and is truncated, as recv. */
    if (WSAGetLastError() == WSAEMSGSIZE)
        return total_len(wsabufs, n);
    return xsock__plat_fail();
}
