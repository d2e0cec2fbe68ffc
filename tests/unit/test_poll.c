/* test_poll.c - readiness: timeouts, events, refused connects, many sockets, EINTR. */
#include "support.h"

#include <stdlib.h>

static void bad_arguments(void **state)
{
    struct xsock_pollfd p;
    xsock_t s;
    (void)state;
    XTEST_CODE(XSOCK_EINVAL, xsock_poll(NULL, 1, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_poll(&p, 0, 0));
    XTEST_CODE(XSOCK_EBADF, xsock_wait(XSOCK_INVALID, XSOCK_POLLIN, 0));
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_STREAM, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_wait(s, 0, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_wait(s, XSOCK_POLLERR, 0));
    xsock_close(s);
}

static void timeout_and_readiness(void **state)
{
    xsock_t c, a;
    struct xsock_pollfd p[2];
    int64_t start, elapsed;
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    p[0].fd = a;
    p[0].events = XSOCK_POLLIN;
    p[1].fd = XSOCK_INVALID; /* ignored */
    p[1].events = XSOCK_POLLIN;
    start = xtest_now_ms();
    assert_int_equal(xsock_poll(p, 2, 200), 0);
    elapsed = xtest_now_ms() - start;
    assert_true(elapsed >= 150 && elapsed < 5000);
    assert_int_equal(p[0].revents, 0);
    assert_int_equal(xsock_send(c, "x", 1, 0), 1);
    assert_int_equal(xsock_poll(p, 2, 5000), 1);
    assert_true(p[0].revents & XSOCK_POLLIN);
    assert_int_equal(p[1].revents, 0);
    assert_true(xsock_wait(c, XSOCK_POLLOUT, 0) & XSOCK_POLLOUT);
    assert_int_equal(xsock_wait(c, XSOCK_POLLIN, 0), 0);
    xsock_close(a);
    xsock_close(c);
}

/* WSAPoll before Windows 10 2004 never reports this; xsock_poll must, everywhere. */
static void refused_nonblocking_connect_is_pollerr(void **state)
{
    xsock_addr addr;
    xsock_t holder, s;
    struct xsock_pollfd p;
    (void)state;
    xtest_refusing_addr(AF_INET, &addr, &holder);
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_STREAM, 0));
    XTEST_OK(xsock_set_nonblocking(s, 1));
    XTEST_CODE(XSOCK_EINPROGRESS, xsock_connect(s, &addr));
    p.fd = s;
    p.events = XSOCK_POLLOUT;
    assert_int_equal(xsock_poll(&p, 1, 10000), 1);
    assert_true(p.revents & XSOCK_POLLERR);
    XTEST_CODE(XSOCK_ECONNREFUSED, xsock_socket_error(s));
    xsock_close(s);
    xsock_close(holder);
}

/* More sockets than Windows' default FD_SETSIZE (64), and the last one is found. */
static void more_than_64_sockets(void **state)
{
    enum { PAIRS = 100 };
    xsock_t pairs[PAIRS][2];
    struct xsock_pollfd p[PAIRS];
    int i;
    (void)state;
    for (i = 0; i < PAIRS; i++) {
        XTEST_OK(xsock_socketpair(SOCK_STREAM, pairs[i]));
        p[i].fd = pairs[i][1];
        p[i].events = XSOCK_POLLIN;
    }
    assert_int_equal(xsock_poll(p, PAIRS, 0), 0);
    assert_int_equal(xsock_send(pairs[PAIRS - 1][0], "z", 1, 0), 1);
    assert_int_equal(xsock_poll(p, PAIRS, 5000), 1);
    assert_true(p[PAIRS - 1].revents & XSOCK_POLLIN);
    for (i = 0; i < PAIRS - 1; i++)
        assert_int_equal(p[i].revents, 0);
    for (i = 0; i < PAIRS; i++)
        assert_int_equal(xsock_send(pairs[i][0], "z", 1, 0), 1);
    xtest_sleep_ms(50);
    assert_int_equal(xsock_poll(p, PAIRS, 5000), PAIRS);
    for (i = 0; i < PAIRS; i++) {
        xsock_close(pairs[i][0]);
        xsock_close(pairs[i][1]);
    }
}

static void closed_socket_is_pollnval(void **state)
{
    xsock_t c, a, gone;
    struct xsock_pollfd p[2];
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_socket(&gone, AF_INET, SOCK_STREAM, 0));
    XTEST_OK(xsock_close(gone));
    assert_int_equal(xsock_send(c, "y", 1, 0), 1);
    p[0].fd = gone;
    p[0].events = XSOCK_POLLIN;
    p[1].fd = a;
    p[1].events = XSOCK_POLLIN;
    assert_int_equal(xsock_poll(p, 2, 5000), 2);
    assert_true(p[0].revents & XSOCK_POLLNVAL);
    assert_true(p[1].revents & XSOCK_POLLIN);
    xsock_close(a);
    xsock_close(c);
}

/* A signal during the wait is retried with the time that remains. */
static void eintr_is_retried_with_remaining_time(void **state)
{
    xsock_t c, a;
    struct xsock_pollfd p;
    int64_t start, elapsed;
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    p.fd = a;
    p.events = XSOCK_POLLIN;
    if (!xtest_interrupt_after_ms(50)) {
        xsock_close(a);
        xsock_close(c);
        XTEST_SKIP("no signals interrupt a wait on this platform (WinSock has no EINTR)");
    }
    start = xtest_now_ms();
    assert_int_equal(xsock_poll(&p, 1, 400), 0);
    elapsed = xtest_now_ms() - start;
    print_message("poll(400 ms) interrupted at 50 ms returned after %d ms\n", (int)elapsed);
    assert_true(elapsed >= 350 && elapsed < 5000);
    xsock_close(a);
    xsock_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(timeout_and_readiness),
        cmocka_unit_test(refused_nonblocking_connect_is_pollerr),
        cmocka_unit_test(more_than_64_sockets),
        cmocka_unit_test(closed_socket_is_pollnval),
        cmocka_unit_test(eintr_is_retried_with_remaining_time),
    };
    return cmocka_run_group_tests_name("poll", tests, NULL, NULL);
}
