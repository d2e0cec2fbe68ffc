/* poll.c - readiness through select(), with socket sets sized to the request.
 *
 * Not WSAPoll: before Windows 10 2004 it never reports a failed non-blocking connect.
 * select() reports one in exceptfds, and it has no 64-socket limit when the sets are
 * allocated to size (it reads fd_count entries, whatever FD_SETSIZE says). */
#include "internal.h"

#include <stddef.h>
#include <stdlib.h>

/* select() reads an fd_set as its fd_count followed by that many SOCKETs at
 * offsetof(fd_set, fd_array); a block laid out so can hold any number of them. */
static size_t set_bytes(size_t count)
{
    return offsetof(fd_set, fd_array) + count * sizeof(SOCKET);
}

/* The entries of a set sized by set_bytes (beyond FD_SETSIZE too). */
static SOCKET *set_entries(fd_set *set)
{
    return (SOCKET *)(void *)((char *)set + offsetof(fd_set, fd_array));
}

/* Up to this many sockets the three sets live on the stack. */
#define STACK_SOCKETS 64
XSOCK__STATIC_ASSERT(FD_SETSIZE >= STACK_SOCKETS, fd_set_holds_stack_sockets);

/* Beyond this the three sets' size could overflow (and the count an int). */
#define MAX_SOCKETS ((size_t)INT_MAX / (3 * sizeof(SOCKET)))

struct poll_sets {
    fd_set *read;
    fd_set *write;
    fd_set *except;
};

/* Stack room for three sets of STACK_SOCKETS. */
union stack_sets {
    fd_set sets[3];
    SOCKET align;
};

static void split_sets(struct poll_sets *sets, void *block, size_t count)
{
    char *bytes = (char *)block;

    /* set_bytes(count) is a multiple of SOCKET's size, so every set stays aligned. */
    sets->read = (fd_set *)(void *)bytes;
    sets->write = (fd_set *)(void *)(bytes + set_bytes(count));
    sets->except = (fd_set *)(void *)(bytes + 2 * set_bytes(count));
}

/* FD_SET stops at FD_SETSIZE; the block was sized for every socket. */
static void set_add(fd_set *set, SOCKET s) { set_entries(set)[set->fd_count++] = s; }

static int compare_sockets(const void *a, const void *b)
{
    SOCKET x = *(const SOCKET *)a, y = *(const SOCKET *)b;
    return (x > y) - (x < y);
}

/* After select() a set holds only the ready sockets. Sorted, each lookup is a binary
 * search: FD_ISSET scans the set, which made a wait over n sockets cost O(n * ready). */
static void set_sort(fd_set *set)
{
    qsort(set_entries(set), set->fd_count, sizeof(SOCKET), compare_sockets);
}

static int set_has(fd_set *set, SOCKET s)
{
    return bsearch(&s, set_entries(set), set->fd_count, sizeof(SOCKET), compare_sockets) != NULL;
}

/* Put every valid entry not yet answered (POLLNVAL) in the sets: reads, writes, and
 * always exceptions (a failed connect shows only there). Returns how many. */
static size_t fill_sets(struct poll_sets *sets, const struct xsock_pollfd *fds, size_t count)
{
    size_t i;
    size_t watched = 0;

    sets->read->fd_count = sets->write->fd_count = sets->except->fd_count = 0;
    for (i = 0; i < count; i++) {
        if (fds[i].fd == XSOCK_INVALID || fds[i].revents != 0)
            continue;
        if (fds[i].events & XSOCK_POLLIN)
            set_add(sets->read, fds[i].fd);
        if (fds[i].events & XSOCK_POLLOUT)
            set_add(sets->write, fds[i].fd);
        set_add(sets->except, fds[i].fd);
        watched++;
    }
    return watched;
}

static int run_select(const struct poll_sets *sets, int timeout_ms)
{
    struct timeval tv;
    struct timeval *timeout = NULL; /* negative: wait forever */

    if (timeout_ms >= 0) {
        tv.tv_sec = timeout_ms / 1000;
        tv.tv_usec = (timeout_ms % 1000) * 1000;
        timeout = &tv;
    }
    return select(0, sets->read, sets->write, sets->except, timeout);
}

/* In exceptfds: a failed connect, or urgent (out-of-band) data. SIOCATMARK tells them
 * apart without reading SO_ERROR, which Windows clears on read: the error must stay
 * for xsock_socket_error() (as after xsock_connect_timeout's wait). */
static int exception_events(const struct xsock_pollfd *pfd)
{
    u_long at_mark = 1;
    if (ioctlsocket(pfd->fd, SIOCATMARK, &at_mark) == 0 && !at_mark)
        return (pfd->events & XSOCK_POLLPRI) ? XSOCK_POLLPRI : 0; /* urgent data waits */
    return XSOCK_POLLERR;
}

/* Set revents of the entries that select() looked at; returns how many are ready. */
static int collect_events(const struct poll_sets *sets, struct xsock_pollfd *fds, size_t count)
{
    size_t i;
    int ready = 0;

    set_sort(sets->read);
    set_sort(sets->write);
    set_sort(sets->except);
    for (i = 0; i < count; i++) {
        int revents = 0;

        if (fds[i].fd == XSOCK_INVALID || fds[i].revents != 0)
            continue;
        if ((fds[i].events & XSOCK_POLLIN) && set_has(sets->read, fds[i].fd))
            revents |= XSOCK_POLLIN;
        if ((fds[i].events & XSOCK_POLLOUT) && set_has(sets->write, fds[i].fd))
            revents |= XSOCK_POLLOUT;
        if (set_has(sets->except, fds[i].fd))
            revents |= exception_events(&fds[i]);
        fds[i].revents = (short)revents;
        ready += revents != 0;
    }
    return ready;
}

/* Mark the entries that are not sockets (closed, or never were) with POLLNVAL. */
static int mark_invalid(struct xsock_pollfd *fds, size_t count)
{
    size_t i;
    int marked = 0;

    for (i = 0; i < count; i++) {
        int type = 0;
        int len = (int)sizeof type;

        if (fds[i].fd == XSOCK_INVALID)
            continue;
        if (getsockopt(fds[i].fd, SOL_SOCKET, SO_TYPE, (char *)&type, &len) != 0) {
            fds[i].revents = XSOCK_POLLNVAL;
            marked++;
        }
    }
    return marked;
}

/* select() refused the whole call (WSAENOTSOCK): answer the bad entries with POLLNVAL,
 * as poll() does, and look at the others without waiting. */
static int poll_after_invalid(struct poll_sets *sets, struct xsock_pollfd *fds, size_t count)
{
    int invalid = mark_invalid(fds, count);
    int rc;

    if (invalid == 0)
        return xsock__plat_fail_with(WSAENOTSOCK);
    if (fill_sets(sets, fds, count) == 0)
        return invalid;
    rc = run_select(sets, 0);
    if (rc == SOCKET_ERROR)
        return xsock__plat_fail();
    return invalid + (rc > 0 ? collect_events(sets, fds, count) : 0);
}

static int poll_with_sets(struct poll_sets *sets, struct xsock_pollfd *fds, size_t count,
                          int timeout_ms)
{
    size_t i;
    int rc;

    for (i = 0; i < count; i++)
        fds[i].revents = 0;
    if (fill_sets(sets, fds, count) == 0) {
        /* select() rejects empty sets; poll() with nothing to watch just sleeps. */
        Sleep(timeout_ms < 0 ? INFINITE : (DWORD)timeout_ms);
        return 0;
    }
    rc = run_select(sets, timeout_ms);
    if (rc == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK)
        return poll_after_invalid(sets, fds, count);
    if (rc == SOCKET_ERROR)
        return xsock__plat_fail();
    return rc > 0 ? collect_events(sets, fds, count) : 0;
}

int xsock__plat_poll(struct xsock_pollfd *fds, size_t count, int timeout_ms)
{
    union stack_sets stack;
    struct poll_sets sets;
    void *block = &stack;
    int rc;

    if (count > MAX_SOCKETS)
        return xsock__plat_fail_with(WSAENOBUFS);
    if (count > STACK_SOCKETS)
        block = malloc(3 * set_bytes(count));
    if (block == NULL)
        return xsock__plat_fail_with(WSA_NOT_ENOUGH_MEMORY);
    split_sets(&sets, block, count);
    rc = poll_with_sets(&sets, fds, count, timeout_ms);
    if (block != (void *)&stack)
        free(block);
    return rc;
}

const char *xsock__plat_poll_name(void) { return "select"; }
