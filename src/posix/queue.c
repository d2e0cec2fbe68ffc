/* queue.c - the kernel readiness queue behind xsock_poller: epoll (woken by an eventfd)
 * on Linux, kqueue (woken by an EVFILT_USER event) on macOS and the BSDs, none
 * elsewhere (common code then polls the whole set). */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#if defined(XSOCK_HAVE_EPOLL)
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

/* The epoll descriptor and the eventfd that wakes it (in the set with data.fd -1). */
struct epoll_queue {
    int epfd, wake;
};

static struct epoll_queue *queue_of(intptr_t queue) { return (struct epoll_queue *)queue; }

static int open_wakeup(struct epoll_queue *q)
{
    struct epoll_event ev;
    q->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (q->wake < 0)
        return xsock__plat_fail();
    ev.events = EPOLLIN;
    ev.data.u64 = 0;
    ev.data.fd = -1;
    return epoll_ctl(q->epfd, EPOLL_CTL_ADD, q->wake, &ev) == 0 ? 0 : xsock__plat_fail();
}

int xsock__plat_queue_open(intptr_t *out)
{
    struct epoll_queue *q = (struct epoll_queue *)malloc(sizeof *q);
    int rc;
    if (q == NULL)
        return xsock__plat_fail_with(ENOMEM);
    q->wake = -1;
    q->epfd = epoll_create1(EPOLL_CLOEXEC);
    rc = q->epfd < 0 ? xsock__plat_fail() : open_wakeup(q);
    if (rc != 0) {
        if (q->epfd >= 0)
            close(q->epfd);
        if (q->wake >= 0)
            close(q->wake);
        free(q);
        return rc;
    }
    *out = (intptr_t)q;
    return 0;
}

void xsock__plat_queue_close(intptr_t queue)
{
    struct epoll_queue *q = queue_of(queue);
    close(q->epfd);
    close(q->wake);
    free(q);
}

const char *xsock__plat_queue_name(void) { return "epoll"; }

static uint32_t epoll_events_of(int events)
{
    return ((events & XSOCK_POLLIN) ? EPOLLIN : 0u) | ((events & XSOCK_POLLOUT) ? EPOLLOUT : 0u);
}

int xsock__plat_queue_watch(intptr_t queue, xsock_t s, int old_events, int events, intptr_t *token)
{
    struct epoll_event ev;
    int op = old_events == 0 ? EPOLL_CTL_ADD : events == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
    (void)token; /* the kernel keeps the state */
    ev.events = epoll_events_of(events);
    ev.data.u64 = 0;
    ev.data.fd = s;
    return epoll_ctl(queue_of(queue)->epfd, op, s, &ev) == 0 ? 0 : xsock__plat_fail();
}

static short revents_of(uint32_t e)
{
    return (short)(((e & EPOLLIN) ? XSOCK_POLLIN : 0) | ((e & EPOLLOUT) ? XSOCK_POLLOUT : 0) |
                   ((e & EPOLLERR) ? XSOCK_POLLERR : 0) | ((e & EPOLLHUP) ? XSOCK_POLLHUP : 0));
}

/* Kernel results read per call; the caller's array is of another type. */
#define CHUNK 256

int xsock__plat_queue_wait(intptr_t queue, struct xsock_pollfd *out, size_t max, int timeout_ms)
{
    struct epoll_queue *q = queue_of(queue);
    struct epoll_event evs[CHUNK];
    int i, n = epoll_wait(q->epfd, evs, max < CHUNK ? (int)max : CHUNK, timeout_ms);
    if (n < 0)
        return xsock__plat_fail();
    for (i = 0; i < n; i++) {
        out[i].fd = evs[i].data.fd;
        out[i].events = 0;
        out[i].revents = revents_of(evs[i].events);
        if (evs[i].data.fd == -1) { /* the wakeup: read its count back to 0 */
            uint64_t count;
            ssize_t got = read(q->wake, &count, sizeof count);
            (void)got; /* EAGAIN: another wait took it; it is reported all the same */
            out[i].revents = XSOCK_POLLWAKEUP;
        }
    }
    return n;
}

int xsock__plat_queue_wakeup(intptr_t queue)
{
    uint64_t one = 1;
    /* EAGAIN only when the counter is full, which is a wakeup waiting already. */
    if (write(queue_of(queue)->wake, &one, sizeof one) < 0 && errno != EAGAIN)
        return xsock__plat_fail();
    return 0;
}

#elif defined(XSOCK_HAVE_KQUEUE)
#include <sys/event.h>
#include <sys/time.h>

/* The user event that xsock__plat_queue_wakeup triggers (its own ident space). */
#define WAKE_IDENT 0

int xsock__plat_queue_open(intptr_t *out)
{
    struct kevent wake;
    int q = kqueue(); /* never inherited by a child process */
    if (q < 0)
        return xsock__plat_fail();
    EV_SET(&wake, WAKE_IDENT, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, NULL);
    if (xsock__posix_set_cloexec(q, 1) != 0 || /* nor kept across exec */
        kevent(q, &wake, 1, NULL, 0, NULL) != 0) {
        int rc = xsock__plat_fail();
        close(q);
        return rc;
    }
    *out = q;
    return 0;
}

int xsock__plat_queue_wakeup(intptr_t queue)
{
    struct kevent wake;
    EV_SET(&wake, WAKE_IDENT, EVFILT_USER, 0, NOTE_TRIGGER, 0, NULL);
    return kevent((int)queue, &wake, 1, NULL, 0, NULL) == 0 ? 0 : xsock__plat_fail();
}

const char *xsock__plat_queue_name(void) { return "kqueue"; }

/* Add or delete filter for s as the event bit moves between old_events and events. */
static int filter_change(struct kevent *change, xsock_t s, short filter, int bit, int old_events,
                         int events)
{
    unsigned short action = (events & bit) ? EV_ADD : EV_DELETE;
    if ((old_events & bit) == (events & bit))
        return 0;
    EV_SET(change, (uintptr_t)s, filter, action, 0, 0, NULL);
    return 1;
}

int xsock__plat_queue_watch(intptr_t queue, xsock_t s, int old_events, int events, intptr_t *token)
{
    struct kevent changes[2];
    (void)token; /* the kernel keeps the state */
    int n = filter_change(&changes[0], s, EVFILT_READ, XSOCK_POLLIN, old_events, events);
    n += filter_change(&changes[n], s, EVFILT_WRITE, XSOCK_POLLOUT, old_events, events);
    if (n == 0 || kevent((int)queue, changes, n, NULL, 0, NULL) == 0)
        return 0;
    return xsock__plat_fail();
}

/* As poll() would say: EOF on the read side is only readable (recv gives 0, as after a
 * half close); on the write side it is a hang-up. fflags holds a pending socket error. */
static short revents_of(const struct kevent *e)
{
    int write_side = e->filter == EVFILT_WRITE;
    int r = write_side ? XSOCK_POLLOUT : XSOCK_POLLIN;
    if (e->flags & EV_ERROR)
        return XSOCK_POLLERR;
    if ((e->flags & EV_EOF) && write_side)
        r |= XSOCK_POLLHUP;
    if ((e->flags & EV_EOF) && e->fflags != 0)
        r |= XSOCK_POLLERR;
    return (short)r;
}

#define CHUNK 256

int xsock__plat_queue_wait(intptr_t queue, struct xsock_pollfd *out, size_t max, int timeout_ms)
{
    struct kevent evs[CHUNK];
    struct timespec ts, *timeout = NULL;
    int i, n;
    if (timeout_ms >= 0) {
        ts.tv_sec = timeout_ms / 1000;
        ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
        timeout = &ts;
    }
    n = kevent((int)queue, NULL, 0, evs, max < CHUNK ? (int)max : CHUNK, timeout);
    if (n < 0)
        return xsock__plat_fail();
    for (i = 0; i < n; i++) {
        int wake = evs[i].filter == EVFILT_USER;
        out[i].fd = wake ? XSOCK_INVALID : (xsock_t)evs[i].ident;
        out[i].events = 0;
        out[i].revents = wake ? (short)XSOCK_POLLWAKEUP : revents_of(&evs[i]);
    }
    return n;
}

#else /* no kernel queue: xsock_poller polls the whole set */
#include "../no_queue.h"
#endif

#if defined(XSOCK_HAVE_KQUEUE) && !defined(XSOCK_HAVE_EPOLL)
void xsock__plat_queue_close(intptr_t queue) { close((int)queue); }
#endif
