/* queue.c - Windows has no kernel readiness queue that this backend uses yet, so
 * xsock_poller polls its whole set with select() (src/win32/poll.c). The one with
 * O(ready) cost would be the AFD poll requests behind an I/O completion port, which
 * is undocumented interface; it is not done. */
#include "internal.h"

int xsock__plat_queue_open(intptr_t *out)
{
    *out = -1;
    return XSOCK_ENOTSUP;
}

void xsock__plat_queue_close(intptr_t queue) { (void)queue; }

const char *xsock__plat_queue_name(void) { return "poll"; }

int xsock__plat_queue_watch(intptr_t queue, xsock_t s, int old_events, int events)
{
    (void)queue, (void)s, (void)old_events, (void)events;
    return XSOCK_ENOTSUP;
}

int xsock__plat_queue_wait(intptr_t queue, struct xsock_pollfd *out, size_t max, int timeout_ms)
{
    (void)queue, (void)out, (void)max, (void)timeout_ms;
    return XSOCK_ENOTSUP;
}
