/* test_poller.c - xsock_poller: registration errors, level-triggered readiness, pause,
 * the socket index under churn, fairness beyond max, refused connects, EINTR, sockets
 * closed with a request outstanding, and xsock_poller_wakeup (also from another thread).
 *
 * Every test runs twice: on the system's method (epoll on Linux, kqueue on BSD/macOS,
 * afd on Windows) and on the whole-set fallback (poll on POSIX, select on Windows),
 * forced through the test library's fault layer (the kernel queue "is not supported"),
 * so both code paths are proven on every backend. */
#include "support.h"

#include <faults.h>

#include <stdlib.h>
#include <string.h>

#define LONG_WAIT 5000

static int force_fallback;

static int on_system_method(void **state)
{
    (void)state;
    force_fallback = 0;
    xsock__fault_clear();
    return 0;
}

static int on_poll_fallback(void **state)
{
    (void)state;
    force_fallback = 1;
    xsock__fault_clear();
    xsock__fault_set(XSOCK__OP_QUEUE_OPEN, 0, -1, XSOCK_ENOTSUP, 0);
    return 0;
}

static int clear_faults(void **state)
{
    (void)state;
    xsock__fault_clear();
    return 0;
}

/* The method this platform's poller should use. */
static const char *expected_method(void)
{
#if defined(_WIN32)
    return force_fallback ? "select" : "afd";
#elif defined(__linux__)
    return force_fallback ? "poll" : "epoll";
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__) || \
    defined(__DragonFly__)
    return force_fallback ? "poll" : "kqueue";
#else
    return "poll";
#endif
}

static xsock_poller *open_poller(void)
{
    xsock_poller *p = NULL;
    XTEST_OK(xsock_poller_open(&p));
    assert_non_null(p);
    assert_string_equal(xsock_poller_method(p), expected_method());
    return p;
}

/* Wait and expect exactly one event, for s; returns its events. */
static int wait_one(xsock_poller *p, xsock_t s, void *data)
{
    struct xsock_event ev[4];
    assert_int_equal(xsock_poller_wait(p, ev, 4, LONG_WAIT), 1);
    assert_true(ev[0].fd == s);
    assert_ptr_equal(ev[0].data, data);
    return ev[0].events;
}

static int wait_none(xsock_poller *p, int timeout_ms)
{
    struct xsock_event ev[4];
    return xsock_poller_wait(p, ev, 4, timeout_ms);
}

static void bad_arguments(void **state)
{
    xsock_poller *p;
    struct xsock_event ev;
    xsock_t s, closed;
    (void)state;
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_open(NULL));
    p = open_poller();
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_STREAM, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_add(NULL, s, XSOCK_POLLIN, NULL));
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_add(p, s, XSOCK_POLLPRI, NULL));
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_add(p, s, XSOCK_POLLERR, NULL));
    XTEST_CODE(XSOCK_EBADF, xsock_poller_add(p, XSOCK_INVALID, XSOCK_POLLIN, NULL));
    XTEST_CODE(XSOCK_ENOENT, xsock_poller_modify(p, s, XSOCK_POLLIN, NULL));
    XTEST_CODE(XSOCK_ENOENT, xsock_poller_remove(p, s));
    XTEST_CODE(XSOCK_EBADF, xsock_poller_remove(p, XSOCK_INVALID));
    XTEST_OK(xsock_poller_add(p, s, XSOCK_POLLIN, NULL));
    XTEST_CODE(XSOCK_EEXIST, xsock_poller_add(p, s, XSOCK_POLLOUT, NULL));
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_modify(p, s, 0x100, NULL));
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_modify(NULL, s, XSOCK_POLLIN, NULL));
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_remove(NULL, s));
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_wait(NULL, &ev, 1, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_wait(p, NULL, 1, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_wait(p, &ev, 0, 0));
    XTEST_CODE(XSOCK_EEXIST, xsock_poller_add(p, s, XSOCK_POLLIN, NULL));
    /* A handle that is no longer a socket is refused the same way everywhere: EBADF on
     * POSIX, ENOTSOCK on Windows (see xsock_close). */
    XTEST_OK(xsock_socket(&closed, AF_INET, SOCK_STREAM, 0));
    xsock_close(closed);
    if (closed != s) {
        int rc = xsock_poller_add(p, closed, XSOCK_POLLIN, NULL);
        assert_true(rc == XSOCK_EBADF || rc == XSOCK_ENOTSOCK);
    }
    assert_string_equal(xsock_poller_method(NULL), "");
    xsock_poller_close(NULL);
    xsock_poller_close(p);
    xsock_close(s);
}

static void level_triggered_readiness_with_data(void **state)
{
    xsock_poller *p = open_poller();
    xsock_t c, a;
    int tag;
    char buf[8];
    int64_t start, elapsed;
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_poller_add(p, a, XSOCK_POLLIN, &tag));
    start = xtest_now_ms();
    assert_int_equal(wait_none(p, 200), 0);
    elapsed = xtest_now_ms() - start;
    assert_true(elapsed >= 150 && elapsed < LONG_WAIT);
    assert_int_equal(xsock_send(c, "hi", 2, 0), 2);
    assert_int_equal(wait_one(p, a, &tag), XSOCK_POLLIN);
    /* Level-triggered: still readable, still reported, until it is read. */
    assert_int_equal(wait_one(p, a, &tag), XSOCK_POLLIN);
    assert_int_equal(xsock_recv(a, buf, sizeof buf, 0), 2);
    assert_int_equal(wait_none(p, 0), 0);
    xsock_poller_close(p);
    xsock_close(a);
    xsock_close(c);
}

static void modify_changes_events_and_data(void **state)
{
    xsock_poller *p = open_poller();
    xsock_t c, a;
    int first, second;
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_poller_add(p, c, XSOCK_POLLOUT, &first));
    assert_int_equal(wait_one(p, c, &first), XSOCK_POLLOUT);
    XTEST_OK(xsock_poller_modify(p, c, XSOCK_POLLIN, &second));
    assert_int_equal(wait_none(p, 0), 0);
    assert_int_equal(xsock_send(a, "x", 1, 0), 1);
    assert_int_equal(wait_one(p, c, &second), XSOCK_POLLIN);
    XTEST_OK(xsock_poller_modify(p, c, XSOCK_POLLIN | XSOCK_POLLOUT, &first));
    assert_int_equal(wait_one(p, c, &first), XSOCK_POLLIN | XSOCK_POLLOUT);
    xsock_poller_close(p);
    xsock_close(a);
    xsock_close(c);
}

/* Widening what a socket is watched for while its wait is outstanding (afd: the request
 * is cancelled and made again) reports the new event at once, and narrowing it stops
 * the old one. */
static void modify_while_waiting(void **state)
{
    xsock_poller *p = open_poller();
    xsock_t c, a;
    int tag;
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_poller_add(p, a, XSOCK_POLLIN, &tag));
    assert_int_equal(wait_none(p, 0), 0); /* a request for XSOCK_POLLIN is outstanding */
    XTEST_OK(xsock_poller_modify(p, a, XSOCK_POLLIN | XSOCK_POLLOUT, &tag));
    assert_int_equal(wait_one(p, a, &tag), XSOCK_POLLOUT);
    XTEST_OK(xsock_poller_modify(p, a, XSOCK_POLLIN, &tag));
    assert_int_equal(wait_none(p, 100), 0);
    assert_int_equal(xsock_send(c, "x", 1, 0), 1);
    assert_int_equal(wait_one(p, a, &tag), XSOCK_POLLIN);
    xsock_poller_close(p);
    xsock_close(a);
    xsock_close(c);
}

/* Events 0: registered, nothing reported, not even the peer's hang-up. */
static void paused_socket_reports_nothing(void **state)
{
    xsock_poller *p = open_poller();
    xsock_t c, a;
    int tag;
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_poller_add(p, a, 0, &tag));
    assert_int_equal(xsock_send(c, "x", 1, 0), 1);
    xsock_close(c);
    assert_int_equal(wait_none(p, 100), 0);
    XTEST_OK(xsock_poller_modify(p, a, XSOCK_POLLIN, &tag));
    assert_true(wait_one(p, a, &tag) & XSOCK_POLLIN);
    XTEST_OK(xsock_poller_modify(p, a, 0, &tag));
    assert_int_equal(wait_none(p, 100), 0);
    XTEST_CODE(XSOCK_EEXIST, xsock_poller_add(p, a, XSOCK_POLLIN, &tag));
    xsock_poller_close(p);
    xsock_close(a);
}

static void remove_and_add_again(void **state)
{
    xsock_poller *p = open_poller();
    xsock_t c, a;
    int tag;
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    assert_int_equal(xsock_send(c, "x", 1, 0), 1);
    XTEST_OK(xsock_poller_add(p, a, XSOCK_POLLIN, &tag));
    XTEST_OK(xsock_poller_remove(p, a));
    XTEST_CODE(XSOCK_ENOENT, xsock_poller_remove(p, a));
    /* Nothing registered: the wait returns at once rather than sleeping forever. */
    assert_int_equal(wait_none(p, -1), 0);
    XTEST_OK(xsock_poller_add(p, a, XSOCK_POLLIN, &tag));
    assert_int_equal(wait_one(p, a, &tag), XSOCK_POLLIN);
    /* Removing after the socket was closed still succeeds. */
    xsock_close(a);
    XTEST_OK(xsock_poller_remove(p, a));
    xsock_poller_close(p);
    xsock_close(c);
}

/* The peer's close reads as readable (recv then says end of file) on every system;
 * POSIX systems may add XSOCK_POLLHUP. */
static void peer_close_is_readable(void **state)
{
    xsock_poller *p = open_poller();
    xsock_t c, a;
    char buf[4];
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_poller_add(p, a, XSOCK_POLLIN, NULL));
    xsock_close(c);
    assert_true(wait_one(p, a, NULL) & XSOCK_POLLIN);
    assert_int_equal(xsock_recv(a, buf, sizeof buf, 0), 0);
    xsock_poller_close(p);
    xsock_close(a);
}

static void listener_reports_connections(void **state)
{
    xsock_poller *p = open_poller();
    xsock_addr addr;
    xsock_t l = xtest_listener(AF_INET, &addr), c, a;
    (void)state;
    XTEST_OK(xsock_poller_add(p, l, XSOCK_POLLIN, &addr));
    assert_int_equal(wait_none(p, 0), 0);
    XTEST_OK(xsock_socket(&c, AF_INET, SOCK_STREAM, 0));
    XTEST_OK(xsock_connect(c, &addr));
    assert_int_equal(wait_one(p, l, &addr), XSOCK_POLLIN);
    XTEST_OK(xsock_accept(l, &a, NULL));
    xsock_poller_close(p);
    xsock_close(a);
    xsock_close(c);
    xsock_close(l);
}

/* WSAPoll misses it; the poller must report it on every method. */
static void refused_connect_is_pollerr(void **state)
{
    xsock_poller *p = open_poller();
    xsock_addr addr;
    xsock_t holder, s;
    (void)state;
    xtest_refusing_addr(AF_INET, &addr, &holder);
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_STREAM, 0));
    XTEST_OK(xsock_set_nonblocking(s, 1));
    XTEST_CODE(XSOCK_EINPROGRESS, xsock_connect(s, &addr));
    XTEST_OK(xsock_poller_add(p, s, XSOCK_POLLOUT, NULL));
    assert_true(wait_one(p, s, NULL) & XSOCK_POLLERR);
    XTEST_CODE(XSOCK_ECONNREFUSED, xsock_socket_error(s));
    xsock_poller_close(p);
    xsock_close(s);
    xsock_close(holder);
}

#define PAIRS 120

struct churn {
    xsock_t c[PAIRS], a[PAIRS];
    int member[PAIRS];
    int tag[PAIRS];
};

/* A deterministic shuffle of registrations: the index must know every member. */
static void churn_registrations(xsock_poller *p, struct churn *k)
{
    unsigned seed = 12345;
    int round, i;
    for (round = 0; round < 2000; round++) {
        seed = seed * 1103515245u + 12345u;
        i = (int)((seed >> 8) % PAIRS);
        if (k->member[i])
            XTEST_OK(xsock_poller_remove(p, k->a[i]));
        else
            XTEST_OK(xsock_poller_add(p, k->a[i], XSOCK_POLLIN, &k->tag[i]));
        k->member[i] = !k->member[i];
    }
    for (i = 0; i < PAIRS; i++) {
        int rc = xsock_poller_modify(p, k->a[i], XSOCK_POLLIN, &k->tag[i]);
        assert_int_equal(rc, k->member[i] ? 0 : XSOCK_ENOENT);
    }
}

/* Make every third socket readable; the wait reports exactly the members among them. */
static void check_ready_members(xsock_poller *p, struct churn *k)
{
    struct xsock_event ev[PAIRS];
    int i, n, expected = 0, seen[PAIRS];
    memset(seen, 0, sizeof seen);
    for (i = 0; i < PAIRS; i += 3) {
        assert_int_equal(xsock_send(k->c[i], "x", 1, 0), 1);
        expected += k->member[i];
    }
    xtest_sleep_ms(50); /* loopback delivery */
    n = xsock_poller_wait(p, ev, PAIRS, LONG_WAIT);
    assert_int_equal(n, expected);
    for (i = 0; i < n; i++) {
        int j = *(int *)ev[i].data;
        assert_true(ev[i].fd == k->a[j]);
        assert_true(k->member[j] && j % 3 == 0 && !seen[j]);
        assert_int_equal(ev[i].events, XSOCK_POLLIN);
        seen[j] = 1;
    }
}

static void index_survives_churn(void **state)
{
    xsock_poller *p = open_poller();
    struct churn *k = calloc(1, sizeof *k);
    int i;
    (void)state;
    assert_non_null(k);
    for (i = 0; i < PAIRS; i++) {
        xtest_tcp_pair(AF_INET, &k->c[i], &k->a[i]);
        k->tag[i] = i;
    }
    churn_registrations(p, k);
    check_ready_members(p, k);
    xsock_poller_close(p);
    for (i = 0; i < PAIRS; i++) {
        xsock_close(k->c[i]);
        xsock_close(k->a[i]);
    }
    free(k);
}

#define READY 10
#define MAX_OUT 3

/* More ready sockets than max: successive waits report them all, one entry each. */
static void ready_beyond_max_are_not_starved(void **state)
{
    xsock_poller *p = open_poller();
    xsock_t c[READY], a[READY];
    int tag[READY], seen[READY], i, wait, total = 0;
    (void)state;
    memset(seen, 0, sizeof seen);
    for (i = 0; i < READY; i++) {
        xtest_tcp_pair(AF_INET, &c[i], &a[i]);
        tag[i] = i;
        XTEST_OK(xsock_poller_add(p, a[i], XSOCK_POLLIN, &tag[i]));
        assert_int_equal(xsock_send(c[i], "x", 1, 0), 1);
    }
    xtest_sleep_ms(50);
    for (wait = 0; wait < READY && total < READY; wait++) {
        struct xsock_event ev[MAX_OUT];
        int n = xsock_poller_wait(p, ev, MAX_OUT, LONG_WAIT);
        assert_int_equal(n, MAX_OUT);
        for (i = 0; i < n; i++)
            total += !seen[*(int *)ev[i].data]++;
    }
    assert_int_equal(total, READY);
    assert_true(wait <= (READY + MAX_OUT - 1) / MAX_OUT + 1);
    xsock_poller_close(p);
    for (i = 0; i < READY; i++) {
        xsock_close(c[i]);
        xsock_close(a[i]);
    }
}

/* An interrupted wait goes on with the time that is left. */
static void eintr_is_retried(void **state)
{
    xsock_poller *p = open_poller();
    xsock_t c, a;
    int op = force_fallback ? XSOCK__OP_POLL : XSOCK__OP_QUEUE_WAIT;
    int64_t start, elapsed;
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_poller_add(p, a, XSOCK_POLLIN, NULL));
    xsock__fault_set(op, 0, 2, XSOCK_EINTR, 0);
    start = xtest_now_ms();
    assert_int_equal(wait_none(p, 300), 0);
    elapsed = xtest_now_ms() - start;
    assert_int_equal(xsock__fault_hits(op), 2);
    assert_true(elapsed >= 250 && elapsed < LONG_WAIT);
    xsock__fault_set(op, 0, 1, XSOCK_EINTR, 0);
    assert_int_equal(xsock_send(c, "x", 1, 0), 1);
    assert_int_equal(wait_one(p, a, NULL), XSOCK_POLLIN);
    xsock_poller_close(p);
    xsock_close(a);
    xsock_close(c);
}

/* A socket closed while its request is outstanding (and readable), removed, and a new
 * socket that may get its handle value: nothing of the old one is ever reported for
 * the new one. Odd rounds also wait between the close and the removal. */
static void pair_from(xsock_t listener, const xsock_addr *addr, xsock_t *c, xsock_t *a)
{
    XTEST_OK(xsock_socket(c, AF_INET, SOCK_STREAM, 0));
    XTEST_OK(xsock_connect(*c, addr));
    XTEST_OK(xsock_accept(listener, a, NULL));
}

static void closed_socket_leaves_no_stale_event(void **state)
{
    xsock_poller *p = open_poller();
    xsock_addr addr;
    xsock_t l = xtest_listener(AF_INET, &addr);
    int old_tag, new_tag, round, reused = 0;
    (void)state;
    for (round = 0; round < 20; round++) {
        xsock_t c, a, c2, a2;
        struct xsock_event ev[4];
        int i, n;
        xtest_tcp_pair(AF_INET, &c, &a);
        XTEST_OK(xsock_poller_add(p, a, XSOCK_POLLIN, &old_tag));
        assert_int_equal(wait_none(p, 0), 0); /* its request is outstanding now */
        assert_int_equal(xsock_send(c, "x", 1, 0), 1);
        xtest_sleep_ms(10);
        xsock_close(a);
        if (round % 2) {
            /* Closed, still registered: nothing, an error, or what it showed before the
             * close (afd: the completion was on its way), and only for it. */
            n = xsock_poller_wait(p, ev, 4, 50);
            assert_true(n >= 0);
            for (i = 0; i < n; i++) {
                assert_true(ev[i].fd == a && ev[i].data == &old_tag);
                assert_int_equal(ev[i].events & ~(XSOCK_POLLIN | XSOCK_POLLERR | XSOCK_POLLHUP), 0);
            }
        }
        XTEST_OK(xsock_poller_remove(p, a));
        pair_from(l, &addr, &c2, &a2); /* the next socket opened may get a's value */
        reused += c2 == a || a2 == a;
        XTEST_OK(xsock_poller_add(p, a2, XSOCK_POLLIN, &new_tag));
        XTEST_OK(xsock_poller_add(p, c2, XSOCK_POLLIN, &new_tag));
        assert_int_equal(wait_none(p, 100), 0);
        assert_int_equal(xsock_send(c2, "y", 1, 0), 1);
        assert_int_equal(wait_one(p, a2, &new_tag), XSOCK_POLLIN);
        XTEST_OK(xsock_poller_remove(p, a2));
        XTEST_OK(xsock_poller_remove(p, c2));
        xsock_close(a2);
        xsock_close(c2);
        xsock_close(c);
    }
    print_message("[          ] %d of 20 new sockets reused the closed handle value\n", reused);
    xsock_poller_close(p);
    xsock_close(l);
}

static int is_wakeup(const struct xsock_event *e)
{
    return e->fd == XSOCK_INVALID && e->events == XSOCK_POLLWAKEUP && e->data == NULL;
}

/* Wakeups before a wait are kept and merged into one entry, beside socket events. */
static void wakeup_before_wait_is_reported_once(void **state)
{
    xsock_poller *p = open_poller();
    struct xsock_event ev[4];
    xsock_t c, a;
    int tag, n, i, wakeups = 0, sockets = 0;
    (void)state;
    XTEST_CODE(XSOCK_EINVAL, xsock_poller_wakeup(NULL));
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_poller_add(p, a, XSOCK_POLLIN, &tag));
    XTEST_OK(xsock_poller_wakeup(p));
    XTEST_OK(xsock_poller_wakeup(p));
    assert_int_equal(xsock_poller_wait(p, ev, 4, LONG_WAIT), 1);
    assert_true(is_wakeup(&ev[0]));
    assert_int_equal(wait_none(p, 0), 0);
    assert_int_equal(xsock_send(c, "x", 1, 0), 1);
    xtest_sleep_ms(50);
    XTEST_OK(xsock_poller_wakeup(p));
    n = xsock_poller_wait(p, ev, 4, LONG_WAIT);
    assert_int_equal(n, 2);
    for (i = 0; i < n; i++) {
        wakeups += is_wakeup(&ev[i]);
        sockets += ev[i].fd == a && ev[i].data == &tag && ev[i].events == XSOCK_POLLIN;
    }
    assert_int_equal(wakeups, 1);
    assert_int_equal(sockets, 1);
    /* Room for one entry: the socket and the wakeup both come, in turn. */
    XTEST_OK(xsock_poller_wakeup(p));
    wakeups = sockets = 0;
    for (i = 0; i < 3; i++) {
        assert_int_equal(xsock_poller_wait(p, ev, 1, LONG_WAIT), 1);
        wakeups += is_wakeup(&ev[0]);
        sockets += ev[0].fd == a;
    }
    assert_int_equal(wakeups, 1);
    assert_int_equal(sockets, 2);
    xsock_poller_close(p);
    xsock_close(a);
    xsock_close(c);
}

struct waiter {
    xsock_poller *p;
    struct xsock_event ev[4];
    int n;
};

static void wait_body(void *arg)
{
    struct waiter *w = arg;
    w->n = xsock_poller_wait(w->p, w->ev, 4, 10000);
}

/* A wait blocked in one thread ends when another thread wakes it, whether the wakeup
 * comes while it blocks or just before it starts (never lost). */
static void wakeup_from_another_thread(void **state)
{
    struct waiter w;
    xsock_t c, a;
    int round;
    int64_t start;
    (void)state;
    w.p = open_poller();
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_poller_add(w.p, a, XSOCK_POLLIN, NULL));
    for (round = 0; round < 20; round++) {
        xtest_thread *t;
        start = xtest_now_ms();
        t = xtest_thread_start(wait_body, &w);
        if (round == 0)
            xtest_sleep_ms(100); /* the wait is blocked by now */
        XTEST_OK(xsock_poller_wakeup(w.p));
        xtest_thread_join(t);
        assert_int_equal(w.n, 1);
        assert_true(is_wakeup(&w.ev[0]));
        assert_true(xtest_now_ms() - start < 10000);
    }
    xsock_poller_close(w.p);
    xsock_close(a);
    xsock_close(c);
}

#define BOTH(test)                                                         \
    cmocka_unit_test_setup_teardown(test, on_system_method, clear_faults), \
        cmocka_unit_test_setup_teardown(test, on_poll_fallback, clear_faults)

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(bad_arguments),
        BOTH(level_triggered_readiness_with_data),
        BOTH(modify_changes_events_and_data),
        BOTH(modify_while_waiting),
        BOTH(paused_socket_reports_nothing),
        BOTH(remove_and_add_again),
        BOTH(peer_close_is_readable),
        BOTH(listener_reports_connections),
        BOTH(refused_connect_is_pollerr),
        BOTH(index_survives_churn),
        BOTH(ready_beyond_max_are_not_starved),
        BOTH(eintr_is_retried),
        BOTH(closed_socket_leaves_no_stale_event),
        BOTH(wakeup_before_wait_is_reported_once),
        BOTH(wakeup_from_another_thread),
    };
    XTEST_OK(xsock_init());
    return cmocka_run_group_tests(tests, NULL, NULL);
}
