/* no_queue.h - PRIVATE: the kernel readiness queue contract of platform.h for a system
 * without one (POSIX systems with neither epoll nor kqueue). Included by one
 * backend file only, which it gives the definitions: xsock__plat_queue_open says
 * XSOCK_ENOTSUP, so xsock_poller polls its whole set and never calls the others. */
#ifndef XSOCK_NO_QUEUE_H
#define XSOCK_NO_QUEUE_H

int xsock__plat_queue_open(intptr_t *out)
{
    *out = -1;
    return XSOCK_ENOTSUP;
}

void xsock__plat_queue_close(intptr_t queue) { (void)queue; }

const char *xsock__plat_queue_name(void) { return "poll"; }

int xsock__plat_queue_watch(intptr_t queue, xsock_t s, int old_events, int events, intptr_t *token)
{
    (void)queue, (void)s, (void)old_events, (void)events, (void)token;
    return XSOCK_ENOTSUP;
}

int xsock__plat_queue_wait(intptr_t queue, struct xsock_pollfd *out, size_t max, int timeout_ms)
{
    (void)queue, (void)out, (void)max, (void)timeout_ms;
    return XSOCK_ENOTSUP;
}

int xsock__plat_queue_wakeup(intptr_t queue)
{
    (void)queue;
    return XSOCK_ENOTSUP;
}

#endif /* XSOCK_NO_QUEUE_H */
