/* io.c - send/recv, their all-or-error loops, vectored I/O and sendfile. */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>

#define XSOCK__SEND_FLAGS (XSOCK_MSG_OOB)
#define XSOCK__RECV_FLAGS (XSOCK_MSG_OOB | XSOCK_MSG_PEEK | XSOCK_MSG_WAITALL)

/* The hot pair: XSOCK_INVALID is not tested here but answered on the backend's error
 * path (XSOCK_EBADF all the same), which keeps the success path short. */
ssize_t xsock_send(xsock_t s, const void *buf, size_t len, int flags)
{
    if ((buf == NULL && len != 0) || (flags & ~XSOCK__SEND_FLAGS) != 0)
        return XSOCK_EINVAL;
    return xsock__plat_send(s, buf, len, flags);
}

ssize_t xsock_recv(xsock_t s, void *buf, size_t len, int flags)
{
    if ((buf == NULL && len != 0) || (flags & ~XSOCK__RECV_FLAGS) != 0)
        return XSOCK_EINVAL;
    if (len == 0)
        return 0; /* the systems differ: some block until data arrives */
    return xsock__plat_recv(s, buf, len, flags);
}

ssize_t xsock_sendto(xsock_t s, const void *buf, size_t len, int flags, const xsock_addr *to)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if ((buf == NULL && len != 0) || (flags & ~XSOCK__SEND_FLAGS) != 0 || xsock__bad_any_addr(to))
        return XSOCK_EINVAL;
    return xsock__plat_sendto(s, buf, len, flags, &to->u.sa, to->len);
}

ssize_t xsock_recvfrom(xsock_t s, void *buf, size_t len, int flags, xsock_addr *from)
{
    xsock_addr sender;
    ssize_t n;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if ((buf == NULL && len != 0) || (flags & ~XSOCK__RECV_FLAGS) != 0)
        return XSOCK_EINVAL;
    if (from == NULL)
        return xsock__plat_recvfrom(s, buf, len, flags, NULL, NULL);
    sender.len = (socklen_t)sizeof sender.u.storage;
    sender.u.sa.sa_family = AF_UNSPEC;
    n = xsock__plat_recvfrom(s, buf, len, flags, &sender.u.sa, &sender.len);
    if (n >= 0 || n == XSOCK_EMSGSIZE)
        *from = sender;
    return n;
}

/* After XSOCK_EAGAIN on a non-blocking socket, wait for it to be ready again. */
static int wait_again(xsock_t s, int events)
{
    int ready = xsock_wait(s, events, -1);
    return ready < 0 ? ready : 0;
}

int xsock_send_all(xsock_t s, const void *buf, size_t len)
{
    const char *p = (const char *)buf;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (buf == NULL && len != 0)
        return XSOCK_EINVAL;
    while (len > 0) {
        ssize_t n = xsock__plat_send(s, p, len, 0);
        if (n >= 0) {
            p += n;
            len -= (size_t)n;
        } else if (n == XSOCK_EAGAIN) {
            int rc = wait_again(s, XSOCK_POLLOUT);
            if (rc != 0)
                return rc;
        } else if (n != XSOCK_EINTR) {
            return (int)n;
        }
    }
    return 0;
}

int xsock_recv_all(xsock_t s, void *buf, size_t len, size_t *received)
{
    char *p = (char *)buf;
    size_t got = 0;
    int rc = 0;
    if (received != NULL)
        *received = 0;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (buf == NULL && len != 0)
        return XSOCK_EINVAL;
    while (got < len && rc == 0) {
        ssize_t n = xsock__plat_recv(s, p + got, len - got, 0);
        if (n > 0)
            got += (size_t)n;
        else if (n == 0)
            rc = XSOCK_EOF;
        else if (n == XSOCK_EAGAIN)
            rc = wait_again(s, XSOCK_POLLIN);
        else if (n != XSOCK_EINTR)
            rc = (int)n;
    }
    if (received != NULL)
        *received = got;
    return rc;
}

xsock_buf xsock_buf_make(void *base, size_t len)
{
    xsock_buf b;
    b.base = base;
    /* WSABUF's length is 32 bits: clamp instead of wrapping; a partial count follows */
    b.len = len > (size_t)ULONG_MAX ? ULONG_MAX : (unsigned long)len;
    return b;
}

/* Bytes the first XSOCK_IOV_MAX buffers can hold (at least 1 if any can), or -1 if
 * the vector cannot be handed to the system. */
static int vector_room(const xsock_buf *bufs, size_t count)
{
    size_t i;
    int room = 0;
    if (bufs == NULL)
        return count != 0 ? -1 : 0;
    for (i = 0; i < count && i < XSOCK_IOV_MAX; i++) {
        if (bufs[i].base == NULL && bufs[i].len != 0)
            return -1;
        room |= bufs[i].len != 0;
    }
    return room;
}

ssize_t xsock_sendv(xsock_t s, const xsock_buf *bufs, size_t count)
{
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (vector_room(bufs, count) < 0)
        return XSOCK_EINVAL;
    if (count == 0)
        return 0;
    return xsock__plat_sendv(s, bufs, count > XSOCK_IOV_MAX ? XSOCK_IOV_MAX : count);
}

ssize_t xsock_recvv(xsock_t s, xsock_buf *bufs, size_t count)
{
    int room;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    room = vector_room(bufs, count);
    if (room < 0)
        return XSOCK_EINVAL;
    if (room == 0)
        return 0; /* nothing to fill: some systems would wait for data anyway */
    return xsock__plat_recvv(s, bufs, count > XSOCK_IOV_MAX ? XSOCK_IOV_MAX : count);
}

#define XSOCK__COPY_BLOCK (256 * 1024)

/* The portable fallback: read blocks at increasing offsets and send each whole. */
static int64_t sendfile_copy(xsock_t s, FILE *file, int64_t offset, int64_t count)
{
    char *block = (char *)malloc(XSOCK__COPY_BLOCK);
    int64_t sent = 0;
    if (block == NULL)
        return XSOCK_ENOMEM;
    while (sent < count) {
        int64_t want = count - sent < XSOCK__COPY_BLOCK ? count - sent : XSOCK__COPY_BLOCK;
        ssize_t n = xsock__plat_pread(file, block, (size_t)want, offset + sent);
        int rc = n > 0 ? xsock_send_all(s, block, (size_t)n) : (int)n;
        if (n == 0 || rc != 0) {
            free(block);
            return n == 0 ? sent : rc; /* the file ended early, or a failure */
        }
        sent += n;
    }
    free(block);
    return sent;
}

int64_t xsock_sendfile(xsock_t s, FILE *file, int64_t offset, int64_t count)
{
    int64_t size, sent;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (file == NULL || offset < 0)
        return XSOCK_EINVAL;
    size = xsock__plat_file_size(file);
    if (size < 0)
        return size;
    if (offset >= size)
        return 0;
    if (count < 0 || count > size - offset)
        count = size - offset;
    if (count == 0)
        return 0;
    sent = xsock__plat_sendfile(s, file, offset, count);
    return sent == XSOCK_ENOTSUP ? sendfile_copy(s, file, offset, count) : sent;
}
