/* select.c - select() and poll() over int descriptors, on the contract's poll (which
 * has no 64-socket limit and reports a failed non-blocking connect as an error). */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>

/* Entries kept on the stack; more are allocated. */
#define STACK_ENTRIES 64

/* POSIX poll() event values as include/xsock/bsd declares them: the XSOCK_POLL values are the
 * same numbers, and the NORM/BAND aliases fold into them. */
#define EV_RDNORM 0x040
#define EV_RDBAND 0x080
#define EV_WRNORM 0x100
#define EV_WRBAND 0x200

static short wanted_events(short events)
{
    int ev = events & (XSOCK_POLLIN | XSOCK_POLLPRI | XSOCK_POLLOUT);

    if (events & EV_RDNORM)
        ev |= XSOCK_POLLIN;
    if (events & EV_RDBAND)
        ev |= XSOCK_POLLPRI;
    if (events & (EV_WRNORM | EV_WRBAND))
        ev |= XSOCK_POLLOUT;
    return (short)ev;
}

/* revents as the program asked for them: a failed connect is POLLERR | POLLHUP, as on
 * Linux, and the *NORM aliases are reported when asked for. */
static short given_events(short asked, short got)
{
    int ev = got;

    if (ev & XSOCK_POLLERR)
        ev |= XSOCK_POLLHUP;
    if ((asked & EV_RDNORM) && (ev & XSOCK_POLLIN))
        ev |= EV_RDNORM;
    if ((asked & EV_WRNORM) && (ev & XSOCK_POLLOUT))
        ev |= EV_WRNORM;
    return (short)ev;
}

static int poll_entries(struct xsock_bsd_pollfd *fds, struct xsock_pollfd *px, size_t n,
                        int timeout)
{
    size_t i;
    int rc;
    int invalid = 0;

    for (i = 0; i < n; i++) {
        const struct xsock_bsd__sock *e = fds[i].fd >= 0 ? xsock_bsd__fd_get(fds[i].fd) : NULL;

        fds[i].revents = 0;
        px[i].fd = e != NULL ? e->s : XSOCK_INVALID;
        px[i].events = wanted_events(fds[i].events);
        px[i].revents = 0;
        if (e == NULL && fds[i].fd >= 0) {
            fds[i].revents = XSOCK_POLLNVAL;
            invalid++;
        }
    }
    rc = xsock__plat_poll(px, n, invalid > 0 ? 0 : timeout);
    if (rc < 0)
        return xsock_bsd__fail(rc);
    for (i = 0; i < n; i++) {
        if (px[i].fd != XSOCK_INVALID)
            fds[i].revents = given_events(fds[i].events, px[i].revents);
    }
    return rc + invalid;
}

int xsock_bsd_poll(struct xsock_bsd_pollfd *fds, nfds_t nfds, int timeout)
{
    struct xsock_pollfd stack[STACK_ENTRIES];
    struct xsock_pollfd *px = stack;
    int rc;

    if (nfds == 0) {
        Sleep(timeout < 0 ? INFINITE : (DWORD)timeout);
        return 0;
    }
    if (fds == NULL)
        return xsock_bsd__fail_errno(EFAULT);
    if (nfds > (nfds_t)XSOCK_BSD__FD_LIMIT)
        return xsock_bsd__fail_errno(EINVAL);
    if (nfds > STACK_ENTRIES)
        px = (struct xsock_pollfd *)malloc((size_t)nfds * sizeof *px);
    if (px == NULL)
        return xsock_bsd__fail_errno(ENOMEM);
    rc = poll_entries(fds, px, (size_t)nfds, timeout);
    if (px != stack)
        free(px);
    return rc;
}

/* ---- select */

static int bit_get(const xsock_bsd_fd_set *set, int fd)
{
    return set != NULL && ((set->xsock_bits[fd / 32] >> (fd % 32)) & 1u) != 0;
}

static void bit_clear(xsock_bsd_fd_set *set, int fd)
{
    if (set != NULL)
        set->xsock_bits[fd / 32] &= ~(1u << (fd % 32));
}

struct select_args {
    int nfds;
    xsock_bsd_fd_set *sets[3]; /* read, write, except */
};

static int asked(const struct select_args *a, int fd)
{
    return bit_get(a->sets[0], fd) || bit_get(a->sets[1], fd) || bit_get(a->sets[2], fd);
}

/* One pollfd per descriptor in any set; EBADF if one is not a socket. */
static int select_fill(const struct select_args *a, struct xsock_bsd_pollfd *out, size_t *count)
{
    int fd;
    size_t n = 0;

    for (fd = 0; fd < a->nfds; fd++) {
        if (!asked(a, fd))
            continue;
        if (xsock_bsd__fd_get(fd) == NULL)
            return xsock_bsd__fail_errno(EBADF);
        out[n].fd = fd;
        out[n].events = (short)((bit_get(a->sets[0], fd) ? XSOCK_POLLIN : 0) |
                                (bit_get(a->sets[1], fd) ? XSOCK_POLLOUT : 0) |
                                (bit_get(a->sets[2], fd) ? XSOCK_POLLPRI : 0));
        out[n].revents = 0;
        n++;
    }
    *count = n;
    return 0;
}

/* Write the results back as Linux does: an error makes the socket readable and
 * writable (whichever was asked); exceptfds means urgent data. */
static int select_collect(const struct select_args *a, const struct xsock_bsd_pollfd *p, size_t n)
{
    size_t i;
    int ready = 0;
    int fd;

    for (fd = 0; fd < a->nfds; fd++) {
        bit_clear(a->sets[0], fd);
        bit_clear(a->sets[1], fd);
        bit_clear(a->sets[2], fd);
    }
    for (i = 0; i < n; i++) {
        int ev = p[i].revents;
        int err = (ev & (XSOCK_POLLERR | XSOCK_POLLHUP)) != 0;
        int set_mark[3];
        int k;

        set_mark[0] = (p[i].events & XSOCK_POLLIN) && ((ev & XSOCK_POLLIN) || err);
        set_mark[1] = (p[i].events & XSOCK_POLLOUT) && ((ev & XSOCK_POLLOUT) || err);
        set_mark[2] = (p[i].events & XSOCK_POLLPRI) && (ev & XSOCK_POLLPRI);
        for (k = 0; k < 3; k++) {
            if (set_mark[k]) {
                a->sets[k]->xsock_bits[p[i].fd / 32] |= 1u << (p[i].fd % 32);
                ready++;
            }
        }
    }
    return ready;
}

static int timeout_ms(const struct timeval *tv)
{
    long long ms;

    if (tv == NULL)
        return -1;
    ms = (long long)tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

static int bad_select_args(const struct select_args *a, const struct timeval *tv)
{
    int k;

    if (a->nfds < 0 || a->nfds > XSOCK_BSD__FD_LIMIT)
        return xsock_bsd__fail_errno(EINVAL);
    if (tv != NULL && (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000))
        return xsock_bsd__fail_errno(EINVAL);
    for (k = 0; k < 3; k++) {
        if (a->sets[k] != NULL && a->sets[k]->xsock_overflow)
            return xsock_bsd__fail_errno(EINVAL); /* FD_SET of a descriptor >= FD_SETSIZE */
    }
    return 0;
}

/* Linux writes the time left back into the timeout. */
static void time_left(struct timeval *tv, int64_t start_ms)
{
    int64_t left;

    if (tv == NULL)
        return;
    left = (int64_t)timeout_ms(tv) - (xsock__plat_now_ms() - start_ms);
    if (left < 0)
        left = 0;
    tv->tv_sec = (long)(left / 1000);
    tv->tv_usec = (long)(left % 1000) * 1000;
}

static int select_run(struct select_args *a, struct timeval *tv, struct xsock_bsd_pollfd *p)
{
    size_t n = 0;
    int64_t start = xsock__plat_now_ms();
    int rc;

    if (select_fill(a, p, &n) < 0)
        return -1;
    rc = xsock_bsd_poll(p, (nfds_t)n, timeout_ms(tv));
    if (rc < 0)
        return -1;
    time_left(tv, start);
    return select_collect(a, p, n);
}

int xsock_bsd_select(int nfds, xsock_bsd_fd_set *readfds, xsock_bsd_fd_set *writefds,
                     xsock_bsd_fd_set *exceptfds, struct timeval *timeout)
{
    struct xsock_bsd_pollfd stack[STACK_ENTRIES];
    struct xsock_bsd_pollfd *p = stack;
    struct select_args a;
    int rc;

    a.nfds = nfds;
    a.sets[0] = readfds;
    a.sets[1] = writefds;
    a.sets[2] = exceptfds;
    if (bad_select_args(&a, timeout) < 0)
        return -1;
    if (nfds > STACK_ENTRIES)
        p = (struct xsock_bsd_pollfd *)malloc((size_t)nfds * sizeof *p);
    if (p == NULL)
        return xsock_bsd__fail_errno(ENOMEM);
    rc = select_run(&a, timeout, p);
    if (p != stack)
        free(p);
    return rc;
}

int xsock_bsd_select_sized(int nfds, xsock_bsd_fd_set *readfds, xsock_bsd_fd_set *writefds,
                           xsock_bsd_fd_set *exceptfds, struct timeval *timeout, int setsize)
{
    if (setsize >= 0 && nfds > setsize)
        nfds = setsize;
    return xsock_bsd_select(nfds, readfds, writefds, exceptfds, timeout);
}
