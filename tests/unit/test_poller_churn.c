/* test_poller_churn.c - 1,000 registered sockets (both ends of 500 loopback pairs)
 * added, modified, removed, written to, read from, and closed while registered (then
 * removed, and replaced by new sockets that usually get the closed handle values), in
 * a random order, against a model of what each socket is watched for and holds:
 *  - every wait reports only registered sockets, once each, with their own data, with
 *    only events they watch for, and XSOCK_POLLIN only for a socket that was sent data
 *    since it was added (a stale event for a reused handle value would break that);
 *  - at checkpoints every socket that the model says is ready is reported (within a
 *    generous deadline: level-triggered readiness must show, however loaded the machine).
 * It runs on the system's method and on the whole-set fallback, as test_poller does.
 * XSOCK_CHURN_SEED=n in the environment repeats another order. */
#include "support.h"

#include <faults.h>
#include "method_setups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOCKETS 1000
#define OPS 3000
#define CHECK_EVERY 300
#define SETTLE_MS 15000 /* a checkpoint's deadline; a healthy run needs milliseconds */

struct end {
    xsock_t s;
    int member, events;
    int closed; /* closed, still registered (only inside one close step) */
    int fed;    /* sent data since it was added */
    unsigned unread;
};

struct churn {
    xsock_poller *p;
    xsock_t listener;
    xsock_addr addr;
    struct end e[SOCKETS]; /* e[2k] and e[2k + 1] are the two ends of pair k */
    int tag[SOCKETS];      /* &tag[i] is end i's data */
    struct xsock_event ev[SOCKETS];
    unsigned seed;
    int reused, waits, settles;
};

static unsigned next_random(struct churn *k)
{
    k->seed = k->seed * 1103515245u + 12345u;
    return k->seed >> 8;
}

static void open_pair(struct churn *k, int pair)
{
    struct end *a = &k->e[2 * pair], *b = &k->e[2 * pair + 1];
    XTEST_OK(xsock_socket(&a->s, AF_INET, SOCK_STREAM, 0));
    XTEST_OK(xsock_connect(a->s, &k->addr));
    XTEST_OK(xsock_accept(k->listener, &b->s, NULL));
    XTEST_OK(xsock_set_nonblocking(a->s, 1));
    XTEST_OK(xsock_set_nonblocking(b->s, 1));
    a->member = b->member = a->closed = b->closed = a->fed = b->fed = 0;
    a->unread = b->unread = 0;
}

/* The end whose data pointer d is, or -1. */
static int end_of(struct churn *k, void *d)
{
    int *t = d;
    return t >= k->tag && t < k->tag + SOCKETS ? (int)(t - k->tag) : -1;
}

/* Check one wait's entries against the model; with seen != NULL, mark who showed. */
static void check_events(struct churn *k, int n, char *seen)
{
    char once[SOCKETS];
    int i;
    if (n < 0)
        print_message("[          ] wait: %s (native %d)\n", xsock_errname(n),
                      xsock_native_error());
    assert_true(n >= 0);
    memset(once, 0, sizeof once);
    for (i = 0; i < n; i++) {
        int j = end_of(k, k->ev[i].data);
        struct end *e;
        assert_true(j >= 0);
        e = &k->e[j];
        assert_true(e->member && k->ev[i].fd == e->s && !once[j]);
        once[j] = 1;
        if (e->closed) { /* see xsock_poller_add */
            assert_int_equal(k->ev[i].events & ~(XSOCK_POLLIN | XSOCK_POLLERR | XSOCK_POLLHUP), 0);
            continue;
        }
        assert_true(k->ev[i].events != 0);
        assert_int_equal(k->ev[i].events & ~e->events, 0);
        if (k->ev[i].events & XSOCK_POLLIN)
            assert_true(e->fed); /* else it is another socket's event */
        if (seen != NULL)
            seen[j] = 1;
    }
    k->waits++;
}

static int should_show(const struct end *e)
{
    return e->member &&
           (((e->events & XSOCK_POLLIN) && e->unread > 0) || (e->events & XSOCK_POLLOUT));
}

/* Wait until every socket the model says is ready has been reported. */
static void settle(struct churn *k)
{
    char seen[SOCKETS];
    int64_t deadline = xtest_now_ms() + SETTLE_MS;
    int i, missing;
    memset(seen, 0, sizeof seen);
    do {
        check_events(k, xsock_poller_wait(k->p, k->ev, SOCKETS, 100), seen);
        missing = 0;
        for (i = 0; i < SOCKETS; i++)
            missing += should_show(&k->e[i]) && !seen[i];
    } while (missing > 0 && xtest_now_ms() < deadline);
    if (missing > 0)
        print_message("[          ] %d ready sockets never reported\n", missing);
    assert_int_equal(missing, 0);
    k->settles++;
}

static void op_add_or_modify(struct churn *k, int i)
{
    static const int choices[4] = {XSOCK_POLLIN, XSOCK_POLLOUT, XSOCK_POLLIN | XSOCK_POLLOUT, 0};
    struct end *e = &k->e[i];
    int events = choices[next_random(k) % 4];
    if (e->member) {
        XTEST_OK(xsock_poller_modify(k->p, e->s, events, &k->tag[i]));
    } else {
        XTEST_OK(xsock_poller_add(k->p, e->s, events, &k->tag[i]));
        e->member = 1;
        e->fed = e->unread > 0;
    }
    e->events = events;
}

static void op_remove(struct churn *k, int i)
{
    struct end *e = &k->e[i];
    XTEST_CODE(e->member ? 0 : XSOCK_ENOENT, xsock_poller_remove(k->p, e->s));
    e->member = 0;
}

static void op_send(struct churn *k, int i)
{
    struct end *e = &k->e[i];
    assert_int_equal(xsock_send(k->e[i ^ 1].s, "x", 1, 0), 1);
    e->unread++;
    e->fed = 1;
}

static void op_read(struct churn *k, int i)
{
    char buf[64];
    ssize_t got;
    while ((got = xsock_recv(k->e[i].s, buf, sizeof buf, 0)) > 0) {
    }
    assert_int_equal(got, XSOCK_EAGAIN);
    k->e[i].unread = 0;
}

/* Close both ends of i's pair while registered, maybe wait, remove them, open a new
 * pair (whose handles are usually the old values). */
static void op_close(struct churn *k, int i)
{
    int pair = i / 2, j;
    xsock_t old[2];
    for (j = 0; j < 2; j++) {
        old[j] = k->e[2 * pair + j].s;
        xsock_close(old[j]);
        k->e[2 * pair + j].closed = 1;
    }
    if (next_random(k) % 2)
        check_events(k, xsock_poller_wait(k->p, k->ev, SOCKETS, 0), NULL);
    for (j = 0; j < 2; j++)
        op_remove(k, 2 * pair + j);
    open_pair(k, pair);
    for (j = 0; j < 2; j++)
        k->reused += k->e[2 * pair + j].s == old[0] || k->e[2 * pair + j].s == old[1];
}

static void step(struct churn *k)
{
    int i = (int)(next_random(k) % SOCKETS);
    unsigned what = next_random(k) % 100;
    if (what < 30)
        op_add_or_modify(k, i);
    else if (what < 45)
        op_remove(k, i);
    else if (what < 65)
        op_send(k, i);
    else if (what < 75)
        op_read(k, i);
    else if (what < 80)
        op_close(k, i);
    else
        check_events(k, xsock_poller_wait(k->p, k->ev, SOCKETS, 0), NULL);
}

static void churn_against_model(void **state)
{
    struct churn *k = calloc(1, sizeof *k);
    const char *seed = getenv("XSOCK_CHURN_SEED");
    int64_t start = xtest_now_ms();
    int i, op;
    (void)state;
    assert_non_null(k);
    k->seed = seed != NULL ? (unsigned)strtoul(seed, NULL, 10) : 20261202u;
    for (i = 0; i < SOCKETS; i++)
        k->tag[i] = i;
    XTEST_OK(xsock_poller_open(&k->p));
    k->listener = xtest_listener(AF_INET, &k->addr);
    for (i = 0; i < SOCKETS / 2; i++)
        open_pair(k, i);
    print_message("[          ] method %s, seed %u, %d sockets\n", xsock_poller_method(k->p),
                  k->seed, SOCKETS);
    for (op = 1; op <= OPS; op++) {
        step(k);
        if (op % CHECK_EVERY == 0)
            settle(k);
    }
    for (i = 0; i < SOCKETS; i++) {
        if (k->e[i].member)
            XTEST_OK(xsock_poller_modify(k->p, k->e[i].s, XSOCK_POLLOUT, &k->tag[i]));
        k->e[i].events = XSOCK_POLLOUT;
    }
    settle(k); /* every member now writable: each one reported */
    print_message("[          ] %d waits, %d checkpoints, %d new sockets on an old handle "
                  "value, %lld ms\n",
                  k->waits, k->settles, k->reused, (long long)(xtest_now_ms() - start));
    xsock_poller_close(k->p); /* with requests outstanding for the members */
    for (i = 0; i < SOCKETS; i++)
        xsock_close(k->e[i].s);
    xsock_close(k->listener);
    free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(churn_against_model, on_system_method, clear_faults),
        cmocka_unit_test_setup_teardown(churn_against_model, on_fallback, clear_faults),
    };
    XTEST_OK(xsock_init());
    return cmocka_run_group_tests(tests, NULL, NULL);
}
