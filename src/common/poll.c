/* poll.c - readiness: poll with EINTR retried on the remaining time, and pairs. */
#include "internal.h"

#include <limits.h>

int xsock__wait_retrying(int timeout_ms, int (*wait)(void *ctx, int ms), void *ctx)
{
    int64_t deadline = xsock__deadline(timeout_ms);
    for (;;) {
        int rc = wait(ctx, xsock__remaining_ms(deadline));
        if (rc != XSOCK_EINTR)
            return rc;
        if (deadline >= 0 && xsock__remaining_ms(deadline) == 0)
            return 0;
    }
}

struct poll_set {
    struct xsock_pollfd *fds;
    size_t count;
};

static int poll_once(void *ctx, int ms)
{
    struct poll_set *set = (struct poll_set *)ctx;
    return xsock__plat_poll(set->fds, set->count, ms);
}

int xsock_poll(struct xsock_pollfd *fds, size_t count, int timeout_ms)
{
    struct poll_set set;
    size_t i;
    if ((fds == NULL && count != 0) || count > (size_t)INT_MAX)
        return XSOCK_EINVAL;
    for (i = 0; i < count; i++)
        fds[i].revents = 0;
    if (count == 0)
        return XSOCK_EINVAL;
    set.fds = fds;
    set.count = count;
    return xsock__wait_retrying(timeout_ms, poll_once, &set);
}

int xsock_wait(xsock_t s, int events, int timeout_ms)
{
    struct xsock_pollfd pfd;
    int rc;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    if (events == 0 || (events & ~(XSOCK_POLLIN | XSOCK_POLLOUT | XSOCK_POLLPRI)) != 0)
        return XSOCK_EINVAL;
    pfd.fd = s;
    pfd.events = (short)events;
    pfd.revents = 0;
    rc = xsock_poll(&pfd, 1, timeout_ms);
    return rc > 0 ? pfd.revents : rc;
}

int xsock_socketpair(int type, xsock_t out[2])
{
    if (out == NULL)
        return XSOCK_EINVAL;
    out[0] = out[1] = XSOCK_INVALID;
    if (type != SOCK_STREAM && type != SOCK_DGRAM)
        return XSOCK_EINVAL;
    return xsock__plat_socketpair(type, out);
}
