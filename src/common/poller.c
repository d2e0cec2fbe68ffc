/* poller.c - persistent readiness sets (xsock_poller_*).
 *
 * The poller owns the registrations: a dense array of {socket, events, data} and a hash
 * index from socket to array slot. So every backend answers add/modify/remove with the
 * same errors, and an event from the kernel carries only the socket, from which the
 * index finds its data. Where the backend has a kernel queue (epoll, kqueue, AFD poll
 * requests on Windows) a wait costs the ready sockets; elsewhere one xsock__plat_poll
 * over a pollfd array kept parallel to the registrations (O(n) a wait, the same
 * results), with a socket pair after the last entry for xsock_poller_wakeup.
 *
 * Threads: xsock_poller_wakeup reads only what xsock_poller_open set (the queue, or the
 * pair's sending end) and makes one system call, so it may run beside any other call
 * but xsock_poller_close. Every other call changes or reads the registrations without
 * a lock: one thread at a time. */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define WATCHABLE (XSOCK_POLLIN | XSOCK_POLLOUT)
#define NO_SLOT ((size_t)-1)
#define NO_QUEUE ((intptr_t)-1)
/* Kernel results fetched per wait at most; more ready sockets wait for the next one. */
#define MAX_BATCH 1024

struct registration {
    xsock_t fd;
    int events; /* what the caller asked for (0: paused) */
    void *data;
    unsigned round; /* the wait that last reported it, to merge kqueue's two filters */
    size_t out;     /* its entry in that wait's output */
    intptr_t token; /* the kernel queue's own state for it (xsock__plat_queue_watch) */
};

struct xsock_poller {
    intptr_t queue;            /* the kernel queue, or NO_QUEUE: poll the whole set */
    struct registration *regs; /* dense: slots 0..count-1 */
    struct xsock_pollfd *pfds; /* without a queue: pfds[i] watches regs[i] */
    size_t count, cap;
    size_t *index; /* open addressing: slot + 1, 0 empty; a power of 2 */
    size_t index_cap;
    struct xsock_pollfd *batch; /* with a queue: what the kernel reported */
    size_t batch_cap;
    unsigned round;
    size_t next;     /* without a queue: where the next scan starts */
    xsock_t wake[2]; /* without a queue: [1] is written to wake a wait polling [0] */
};

/* ---- the socket -> slot index (linear probing, deletion by backward shift) */

static size_t home_of(const xsock_poller *p, xsock_t s)
{
    uint64_t h = (uint64_t)(uintptr_t)s * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (p->index_cap - 1);
}

/* The index position holding s, or the empty position where it would go. */
static size_t index_position(const xsock_poller *p, xsock_t s)
{
    size_t i = home_of(p, s);
    while (p->index[i] != 0 && p->regs[p->index[i] - 1].fd != s)
        i = (i + 1) & (p->index_cap - 1);
    return i;
}

static size_t find_slot(const xsock_poller *p, xsock_t s)
{
    size_t i;
    if (p->index_cap == 0)
        return NO_SLOT;
    i = index_position(p, s);
    return p->index[i] != 0 ? p->index[i] - 1 : NO_SLOT;
}

/* Rebuild the index at twice the size when it would pass half full. */
static int grow_index(xsock_poller *p)
{
    size_t cap = p->index_cap ? p->index_cap * 2 : 64;
    size_t *old = p->index, slot;
    if ((p->count + 1) * 2 <= p->index_cap)
        return 0;
    if (cap > SIZE_MAX / sizeof *p->index)
        return XSOCK_ENOMEM;
    p->index = (size_t *)calloc(cap, sizeof *p->index);
    if (p->index == NULL) {
        p->index = old;
        return XSOCK_ENOMEM;
    }
    free(old);
    p->index_cap = cap;
    for (slot = 0; slot < p->count; slot++)
        p->index[index_position(p, p->regs[slot].fd)] = slot + 1;
    return 0;
}

/* Remove s from the index, shifting back the entries of its probe run. */
static void unindex(xsock_poller *p, xsock_t s)
{
    size_t mask = p->index_cap - 1;
    size_t hole = index_position(p, s), i = hole;
    p->index[hole] = 0;
    for (;;) {
        size_t home;
        i = (i + 1) & mask;
        if (p->index[i] == 0)
            return;
        home = home_of(p, p->regs[p->index[i] - 1].fd);
        if (((i - home) & mask) >= ((i - hole) & mask)) { /* home is not in (hole, i] */
            p->index[hole] = p->index[i];
            p->index[i] = 0;
            hole = i;
        }
    }
}

/* ---- registrations */

static int grow_regs(xsock_poller *p)
{
    size_t cap = p->cap ? p->cap * 2 : 16;
    struct registration *regs;
    if (p->count < p->cap)
        return 0;
    if (cap > SIZE_MAX / sizeof *regs)
        return XSOCK_ENOMEM;
    regs = (struct registration *)realloc(p->regs, cap * sizeof *regs);
    if (regs == NULL)
        return XSOCK_ENOMEM;
    p->regs = regs;
    if (p->queue == NO_QUEUE) { /* one more: the wakeup entry follows the last */
        struct xsock_pollfd *pfds =
            (struct xsock_pollfd *)realloc(p->pfds, (cap + 1) * sizeof *pfds);
        if (pfds == NULL)
            return XSOCK_ENOMEM;
        p->pfds = pfds;
    }
    p->cap = cap;
    return 0;
}

/* Tell the kernel queue, or the pollfd array, what slot's socket is now watched for. */
static int watch(xsock_poller *p, size_t slot, int old_events, int events)
{
    if (p->queue != NO_QUEUE)
        return old_events == events
                   ? 0
                   : xsock__plat_queue_watch(p->queue, p->regs[slot].fd, old_events, events,
                                             &p->regs[slot].token);
    p->pfds[slot].fd = events != 0 ? p->regs[slot].fd : XSOCK_INVALID;
    p->pfds[slot].events = (short)events;
    p->pfds[slot].revents = 0;
    return 0;
}

/* Move the last registration into slot (whose socket has left the index). */
static void fill_hole(xsock_poller *p, size_t slot)
{
    size_t last = --p->count;
    if (slot == last)
        return;
    p->regs[slot] = p->regs[last];
    if (p->queue == NO_QUEUE)
        p->pfds[slot] = p->pfds[last];
    p->index[index_position(p, p->regs[slot].fd)] = slot + 1;
}

/* 0 if s is an open socket, else its error (the same on every backend). */
static int check_socket(xsock_t s)
{
    int type = 0;
    if (xsock__bad_socket(s))
        return XSOCK_EBADF;
    return xsock__plat_getsockopt_int(s, SOL_SOCKET, SO_TYPE, &type);
}

static int bad_events(int events) { return (events & ~WATCHABLE) != 0; }

/* Without a kernel queue: the pair whose receiving end every poll watches, both ends
 * non-blocking (a full pair is a wakeup already waiting). */
static int open_wake_pair(xsock_poller *p)
{
    int rc = xsock_socketpair(SOCK_STREAM, p->wake);
    if (rc != 0)
        return rc;
    rc = xsock__plat_set_nonblocking(p->wake[0], 1);
    if (rc == 0)
        rc = xsock__plat_set_nonblocking(p->wake[1], 1);
    if (rc == 0)
        rc = grow_regs(p); /* the pollfd array exists from the start, for the pair */
    if (rc != 0) {
        xsock__plat_close(p->wake[0]);
        xsock__plat_close(p->wake[1]);
    }
    return rc;
}

int xsock_poller_open(xsock_poller **out)
{
    xsock_poller *p;
    int rc;
    if (out == NULL)
        return XSOCK_EINVAL;
    *out = NULL;
    p = (xsock_poller *)calloc(1, sizeof *p);
    if (p == NULL)
        return XSOCK_ENOMEM;
    rc = xsock__plat_queue_open(&p->queue);
    if (rc == XSOCK_ENOTSUP) {
        p->queue = NO_QUEUE;
        rc = open_wake_pair(p);
    }
    if (rc != 0) {
        free(p->regs);
        free(p->pfds);
        free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void xsock_poller_close(xsock_poller *p)
{
    if (p == NULL)
        return;
    if (p->queue != NO_QUEUE) {
        xsock__plat_queue_close(p->queue);
    } else {
        xsock__plat_close(p->wake[0]);
        xsock__plat_close(p->wake[1]);
    }
    free(p->regs);
    free(p->pfds);
    free(p->index);
    free(p->batch);
    free(p);
}

const char *xsock_poller_method(const xsock_poller *p)
{
    if (p == NULL)
        return "";
    return p->queue != NO_QUEUE ? xsock__plat_queue_name() : xsock__plat_poll_name();
}

int xsock_poller_wakeup(xsock_poller *p)
{
    ssize_t rc;
    if (p == NULL)
        return XSOCK_EINVAL;
    if (p->queue != NO_QUEUE)
        return xsock__plat_queue_wakeup(p->queue);
    rc = xsock__plat_send(p->wake[1], "w", 1, 0);
    return rc >= 0 || rc == XSOCK_EAGAIN ? 0 : (int)rc; /* a full pair is woken already */
}

int xsock_poller_add(xsock_poller *p, xsock_t s, int events, void *data)
{
    size_t slot;
    int rc;
    if (p == NULL || bad_events(events))
        return XSOCK_EINVAL;
    rc = check_socket(s);
    if (rc != 0)
        return rc;
    if (find_slot(p, s) != NO_SLOT)
        return XSOCK_EEXIST;
    rc = grow_regs(p);
    if (rc == 0)
        rc = grow_index(p);
    if (rc != 0)
        return rc;
    slot = p->count;
    p->regs[slot].fd = s;
    p->regs[slot].data = data;
    p->regs[slot].token = 0;
    rc = watch(p, slot, 0, events);
    if (rc != 0)
        return rc;
    p->regs[slot].events = events;
    p->regs[slot].round = p->round - 1; /* not reported in the current round */
    p->index[index_position(p, s)] = slot + 1;
    p->count++;
    return 0;
}

int xsock_poller_modify(xsock_poller *p, xsock_t s, int events, void *data)
{
    size_t slot;
    int rc;
    if (p == NULL || bad_events(events))
        return XSOCK_EINVAL;
    slot = find_slot(p, s);
    if (slot == NO_SLOT)
        return xsock__bad_socket(s) ? XSOCK_EBADF : XSOCK_ENOENT;
    rc = watch(p, slot, p->regs[slot].events, events);
    if (rc != 0)
        return rc;
    p->regs[slot].events = events;
    p->regs[slot].data = data;
    return 0;
}

int xsock_poller_remove(xsock_poller *p, xsock_t s)
{
    size_t slot;
    if (p == NULL)
        return XSOCK_EINVAL;
    slot = find_slot(p, s);
    if (slot == NO_SLOT)
        return xsock__bad_socket(s) ? XSOCK_EBADF : XSOCK_ENOENT;
    /* The kernel's answer does not matter: a closed socket has already left its queue. */
    (void)watch(p, slot, p->regs[slot].events, 0);
    unindex(p, s);
    fill_hole(p, slot);
    return 0;
}

/* ---- waiting */

/* Record that slot's socket showed revents, merged into its entry of this round. */
static size_t report(xsock_poller *p, size_t slot, int revents, struct xsock_event *out, size_t n)
{
    struct registration *r = &p->regs[slot];
    int events = revents & (r->events | XSOCK_POLLERR | XSOCK_POLLHUP);
    if (r->events == 0 || events == 0)
        return n;
    if (r->round == p->round) {
        out[r->out].events |= events;
        return n;
    }
    r->round = p->round;
    r->out = n;
    out[n].fd = r->fd;
    out[n].events = events;
    out[n].data = r->data;
    return n + 1;
}

/* Store the wait's one wakeup entry (the first one seen; later ones merge into it). */
static size_t report_wakeup(struct xsock_event *out, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (out[k].fd == XSOCK_INVALID)
            return n;
    out[n].fd = XSOCK_INVALID;
    out[n].events = XSOCK_POLLWAKEUP;
    out[n].data = NULL;
    return n + 1;
}

/* Read the pair empty (every wakeup so far is reported by this one entry). */
static size_t take_wakeup(xsock_poller *p, struct xsock_event *out, size_t n)
{
    char buf[64];
    while (xsock__plat_recv(p->wake[0], buf, sizeof buf, 0) > 0) {
    }
    return report_wakeup(out, n);
}

static int grow_batch(xsock_poller *p, size_t want)
{
    struct xsock_pollfd *batch;
    if (want <= p->batch_cap)
        return 0;
    batch = (struct xsock_pollfd *)realloc(p->batch, want * sizeof *batch);
    if (batch == NULL)
        return XSOCK_ENOMEM;
    p->batch = batch;
    p->batch_cap = want;
    return 0;
}

/* One wait on the kernel queue: the ready sockets into out; count, 0, or a code. */
static int wait_queue(xsock_poller *p, struct xsock_event *out, size_t max, int timeout_ms)
{
    size_t want = max < MAX_BATCH ? max : MAX_BATCH, n = 0;
    int i, got, rc = grow_batch(p, want);
    if (rc != 0)
        return rc;
    got = xsock__plat_queue_wait(p->queue, p->batch, want, timeout_ms);
    for (i = 0; i < got; i++) { /* got <= want <= max: out has room */
        size_t slot;
        if (p->batch[i].fd == XSOCK_INVALID) {
            n = report_wakeup(out, n);
            continue;
        }
        slot = find_slot(p, p->batch[i].fd);
        if (slot != NO_SLOT)
            n = report(p, slot, p->batch[i].revents, out, n);
    }
    return got < 0 ? got : (int)n;
}

/* One poll over the whole set; the scan starts where the last one stopped, so that
 * with more ready sockets than max every one is reported in turn. */
static int wait_all(xsock_poller *p, struct xsock_event *out, size_t max, int timeout_ms)
{
    size_t k, n = 0, count = p->count;
    struct xsock_pollfd *wake = &p->pfds[count];
    int rc;
    wake->fd = p->wake[0];
    wake->events = XSOCK_POLLIN;
    rc = xsock__plat_poll(p->pfds, count + 1, timeout_ms);
    if (rc <= 0 || count == 0) /* nothing ready (count 0 is excluded by the caller) */
        return rc;
    if (wake->revents != 0)
        n = take_wakeup(p, out, n);
    if (p->next >= count)
        p->next = 0;
    for (k = 0; k < count && n < max; k++) {
        size_t slot = (p->next + k) % count;
        int revents = p->pfds[slot].revents;
        if (revents & XSOCK_POLLNVAL)
            revents = XSOCK_POLLERR | XSOCK_POLLHUP; /* closed while registered */
        if (revents != 0)
            n = report(p, slot, revents, out, n);
    }
    p->next = (p->next + k) % count;
    return (int)n;
}

struct wait_request {
    xsock_poller *p;
    struct xsock_event *out;
    size_t max;
};

static int wait_once(void *ctx, int ms)
{
    struct wait_request *w = (struct wait_request *)ctx;
    w->p->round++;
    return w->p->queue != NO_QUEUE ? wait_queue(w->p, w->out, w->max, ms)
                                   : wait_all(w->p, w->out, w->max, ms);
}

int xsock_poller_wait(xsock_poller *p, struct xsock_event *out, size_t max, int timeout_ms)
{
    struct wait_request w;
    if (p == NULL || out == NULL || max == 0)
        return XSOCK_EINVAL;
    if (p->count == 0)
        return 0;
    w.p = p;
    w.out = out;
    w.max = max < (size_t)INT_MAX ? max : (size_t)INT_MAX;
    return xsock__wait_retrying(timeout_ms, wait_once, &w);
}
