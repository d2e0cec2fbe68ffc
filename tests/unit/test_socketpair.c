/* test_socketpair.c - connected pairs, including on Windows (which has no socketpair). */
#include "support.h"

#include <string.h>

static void bad_arguments(void **state)
{
    xsock_t pair[2] = {(xsock_t)1, (xsock_t)2};
    (void)state;
    XTEST_CODE(XSOCK_EINVAL, xsock_socketpair(SOCK_STREAM, NULL));
    XTEST_CODE(XSOCK_EINVAL, xsock_socketpair(12345, pair));
    assert_true(pair[0] == XSOCK_INVALID && pair[1] == XSOCK_INVALID);
}

static void stream_pair_talks_both_ways(void **state)
{
    xsock_t pair[2];
    char buf[16];
    (void)state;
    XTEST_OK(xsock_socketpair(SOCK_STREAM, pair));
    XTEST_OK(xsock_send_all(pair[0], "ping", 4, NULL));
    XTEST_OK(xsock_recv_all(pair[1], buf, 4, NULL));
    assert_memory_equal(buf, "ping", 4);
    XTEST_OK(xsock_send_all(pair[1], "pong", 4, NULL));
    XTEST_OK(xsock_recv_all(pair[0], buf, 4, NULL));
    assert_memory_equal(buf, "pong", 4);
    assert_int_equal(xsock_get_inheritable(pair[0]), 0);
    assert_int_equal(xsock_get_inheritable(pair[1]), 0);
    XTEST_OK(xsock_close(pair[0]));
    assert_int_equal(xsock_recv(pair[1], buf, sizeof buf, 0), 0);
    XTEST_OK(xsock_close(pair[1]));
}

static void dgram_pair_keeps_boundaries(void **state)
{
    xsock_t pair[2];
    char buf[16];
    (void)state;
    XTEST_OK(xsock_socketpair(SOCK_DGRAM, pair));
    XTEST_OK(xsock_set_recv_timeout(pair[1], 5000));
    assert_int_equal(xsock_send(pair[0], "one", 3, 0), 3);
    assert_int_equal(xsock_send(pair[0], "three", 5, 0), 5);
    assert_int_equal(xsock_recvfrom(pair[1], buf, sizeof buf, 0, NULL), 3);
    assert_int_equal(xsock_recvfrom(pair[1], buf, sizeof buf, 0, NULL), 5);
    assert_memory_equal(buf, "three", 5);
    assert_int_equal(xsock_send(pair[1], "back", 4, 0), 4);
    XTEST_OK(xsock_set_recv_timeout(pair[0], 5000));
    assert_int_equal(xsock_recvfrom(pair[0], buf, sizeof buf, 0, NULL), 4);
    xsock_close(pair[0]);
    xsock_close(pair[1]);
}

/* Where the pair is made of loopback sockets (Windows), each end is the other's peer. */
static void ends_are_each_others_peer(void **state)
{
    xsock_t pair[2];
    xsock_addr l0, p1;
    (void)state;
    XTEST_OK(xsock_socketpair(SOCK_STREAM, pair));
    XTEST_OK(xsock_local_addr(pair[0], &l0));
    if (xsock_addr_family(&l0) != AF_INET && xsock_addr_family(&l0) != AF_INET6) {
        xsock_close(pair[0]);
        xsock_close(pair[1]);
        XTEST_SKIP("pairs here are AF_UNIX sockets, with no addresses to compare");
    }
    XTEST_OK(xsock_peer_addr(pair[1], &p1));
    assert_int_equal(xsock_addr_equal(&l0, &p1), 1);
    xsock_close(pair[0]);
    xsock_close(pair[1]);
}

static void many_pairs(void **state)
{
    int i;
    (void)state;
    for (i = 0; i < 200; i++) {
        xsock_t pair[2];
        char byte = 0;
        XTEST_OK(xsock_socketpair(i % 2 ? SOCK_DGRAM : SOCK_STREAM, pair));
        assert_int_equal(xsock_send(pair[0], "k", 1, 0), 1);
        XTEST_OK(xsock_set_recv_timeout(pair[1], 5000));
        assert_int_equal(xsock_recv(pair[1], &byte, 1, 0), 1);
        assert_int_equal(byte, 'k');
        XTEST_OK(xsock_close(pair[0]));
        XTEST_OK(xsock_close(pair[1]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(stream_pair_talks_both_ways),
        cmocka_unit_test(dgram_pair_keeps_boundaries),
        cmocka_unit_test(ends_are_each_others_peer),
        cmocka_unit_test(many_pairs),
    };
    return cmocka_run_group_tests_name("socketpair", tests, NULL, NULL);
}
