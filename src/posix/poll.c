/* poll.c - poll(2) straight on the caller's array, and socketpair(2). */
#include "internal.h"

#include <poll.h>

/* struct xsock_pollfd is struct pollfd, with the same event bits: no copy needed. */
XSOCK__STATIC_ASSERT(sizeof(struct xsock_pollfd) == sizeof(struct pollfd), pollfd_size);
XSOCK__STATIC_ASSERT(offsetof(struct xsock_pollfd, events) == offsetof(struct pollfd, events),
                     pollfd_events);
XSOCK__STATIC_ASSERT(offsetof(struct xsock_pollfd, revents) == offsetof(struct pollfd, revents),
                     pollfd_revents);
XSOCK__STATIC_ASSERT(XSOCK_POLLIN == POLLIN && XSOCK_POLLOUT == POLLOUT &&
                         XSOCK_POLLERR == POLLERR && XSOCK_POLLHUP == POLLHUP &&
                         XSOCK_POLLNVAL == POLLNVAL && XSOCK_POLLPRI == POLLPRI,
                     poll_bits);

int xsock__plat_poll(struct xsock_pollfd *fds, size_t count, int timeout_ms)
{
    int n = poll((struct pollfd *)(void *)fds, (nfds_t)count, timeout_ms);
    return n >= 0 ? n : xsock__plat_fail();
}

int xsock__plat_socketpair(int type, xsock_t out[2])
{
    int fds[2], rc;
    if (socketpair(AF_UNIX, type | XSOCK_SOCK_CLOEXEC, 0, fds) != 0)
        return xsock__plat_fail();
    rc = xsock__posix_prepare(fds[0], XSOCK_SOCK_CLOEXEC != 0);
    if (rc == 0)
        rc = xsock__posix_prepare(fds[1], XSOCK_SOCK_CLOEXEC != 0);
    if (rc != 0) {
        close(fds[0]);
        close(fds[1]);
        return rc;
    }
    out[0] = fds[0];
    out[1] = fds[1];
    return 0;
}

const char *xsock__plat_poll_name(void) { return "poll"; }
