/* method_setups.h - cmocka setups that run a poller test on the system's method
 * (epoll, kqueue, afd) or on the whole-set fallback (poll, select), which the test
 * library's fault layer forces by failing the queue's creation. For the tests linked
 * with xsock_faulty; include after support.h and <faults.h>. */
#ifndef XSOCK_TEST_METHOD_SETUPS_H
#define XSOCK_TEST_METHOD_SETUPS_H

static int on_system_method(void **state)
{
    (void)state;
    xsock__fault_clear();
    return 0;
}

static int on_fallback(void **state)
{
    (void)state;
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

#endif /* XSOCK_TEST_METHOD_SETUPS_H */
