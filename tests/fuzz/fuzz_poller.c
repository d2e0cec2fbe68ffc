/* fuzz_poller.c - libFuzzer target: any sequence of add / modify / remove / wait on a
 * poller over a fixed set of sockets gives exactly the results of a model (which
 * sockets are registered, with which events and data), so the socket index stays
 * right through any churn, and a wait reports only registered sockets, once each,
 * with events they asked for (or errors), and a wakeup is reported once, as its own
 * entry, by the first wait that has room for it. Each input starts from an empty
 * poller. */
#include <xsock.h>

#include <stdint.h>
#include <stdlib.h>

#define PAIRS 40 /* more than the index starts with room for (32) */
#define OPS_MAX 4096

static xsock_t ends[PAIRS][2];

static void make_pairs(void)
{
    int i;
    for (i = 0; i < PAIRS; i++) {
        if (xsock_socketpair(SOCK_STREAM, ends[i]) != 0)
            abort();
        if (i % 3 == 0 && xsock_send(ends[i][1], "x", 1, 0) != 1) /* readable */
            abort();
    }
}

struct model {
    int member[PAIRS];
    int events[PAIRS];
    int woken; /* a wakeup not reported yet */
};

static int index_of(xsock_t s)
{
    int i;
    for (i = 0; i < PAIRS; i++)
        if (ends[i][0] == s)
            return i;
    return -1;
}

static void check(int ok)
{
    if (!ok)
        abort();
}

/* A wait that blocks for nothing: every reported socket is a member, once, with a
 * data pointer to its own model entry and only events it may report. */
static void check_wait(xsock_poller *p, struct model *m)
{
    struct xsock_event ev[PAIRS];
    int seen[PAIRS] = {0};
    int n = xsock_poller_wait(p, ev, PAIRS, 0), k, members = 0, woke = 0;
    check(n >= 0 && n <= PAIRS);
    for (k = 0; k < PAIRS; k++)
        members += m->member[k];
    for (k = 0; k < n; k++) {
        int i = index_of(ev[k].fd);
        if (ev[k].fd == XSOCK_INVALID) {
            check(ev[k].events == XSOCK_POLLWAKEUP && ev[k].data == NULL && m->woken && !woke);
            woke = 1;
            continue;
        }
        check(i >= 0 && m->member[i] && !seen[i] && ev[k].data == &ends[i]);
        check(m->events[i] != 0);
        check((ev[k].events & ~(m->events[i] | XSOCK_POLLERR | XSOCK_POLLHUP)) == 0);
        seen[i] = 1;
    }
    check(members > 0 || n == 0); /* nothing registered: at once, the wakeup kept */
    check(!m->woken || members == 0 || n == PAIRS || woke);
    if (woke)
        m->woken = 0;
}

/* One operation: op's low 2 bits say which, arg which socket and what events. */
static void step(xsock_poller *p, struct model *m, uint8_t op, uint8_t arg)
{
    int i = (arg >> 2) % PAIRS;
    int events = ((arg & 1) ? XSOCK_POLLIN : 0) | ((arg & 2) ? XSOCK_POLLOUT : 0);
    xsock_t s = ends[i][0];
    switch (op & 3) {
    case 0:
        check(xsock_poller_add(p, s, events, &ends[i]) == (m->member[i] ? XSOCK_EEXIST : 0));
        if (!m->member[i])
            m->events[i] = events;
        m->member[i] = 1;
        break;
    case 1:
        check(xsock_poller_modify(p, s, events, &ends[i]) == (m->member[i] ? 0 : XSOCK_ENOENT));
        if (m->member[i])
            m->events[i] = events;
        break;
    case 2:
        check(xsock_poller_remove(p, s) == (m->member[i] ? 0 : XSOCK_ENOENT));
        m->member[i] = 0;
        break;
    default:
        if (op & 4) {
            check(xsock_poller_wakeup(p) == 0);
            m->woken = 1;
        }
        check_wait(p, m);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct model m = {{0}, {0}, 0};
    xsock_poller *p;
    size_t k;
    if (!ready) {
        make_pairs();
        ready = 1;
    }
    if (xsock_poller_open(&p) != 0)
        abort();
    for (k = 0; k + 1 < size && k < 2 * OPS_MAX; k += 2)
        step(p, &m, data[k], data[k + 1]);
    check_wait(p, &m);
    xsock_poller_close(p);
    return 0;
}
