/* support.h - helpers for the xsock tests: loopback pairs, threads, time, skips.
 * The only platform-specific test code lives in support.c. */
#ifndef XSOCK_TEST_SUPPORT_H
#define XSOCK_TEST_SUPPORT_H

#include <xsock.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* A connected TCP pair over loopback of family (AF_INET / AF_INET6): client and
 * accepted server side. Fails the test on error. */
void xtest_tcp_pair(int family, xsock_t *client, xsock_t *server);

/* A listening TCP socket on the loopback of family, port 0; its address into *addr. */
xsock_t xtest_listener(int family, xsock_addr *addr);

/* A loopback address of family whose port refuses connections (a bound TCP socket that
 * does not listen, kept in *holder so that no one else takes the port). */
void xtest_refusing_addr(int family, xsock_addr *addr, xsock_t *holder);

/* Run fn(arg) on a new thread; join returns when it ends. */
typedef struct xtest_thread xtest_thread;
xtest_thread *xtest_thread_start(void (*fn)(void *), void *arg);
void xtest_thread_join(xtest_thread *t);

/* Monotonic milliseconds, and a sleep. */
int64_t xtest_now_ms(void);
void xtest_sleep_ms(int ms);

/* Deliver a signal to this process after ms (POSIX: SIGALRM, handler without
 * SA_RESTART, so a blocking call fails with EINTR). 0 where there are no such signals. */
int xtest_interrupt_after_ms(int ms);

/* 1 when running as a Windows program under Wine. */
int xtest_under_wine(void);

/* Print why, then skip the current test (never a silent pass). */
#define XTEST_SKIP(reason)                            \
    do {                                              \
        print_message("[  SKIP    ] %s\n", (reason)); \
        skip();                                       \
    } while (0)

/* Assert a call returned 0, printing the xsock error name otherwise. */
#define XTEST_OK(call) xtest_check_ok((int)(call), #call, __FILE__, __LINE__)
void xtest_check_ok(int rc, const char *what, const char *file, int line);

/* Assert a call returned exactly the code, printing both names otherwise. */
#define XTEST_CODE(expected, call) \
    xtest_check_code((int)(expected), (int)(call), #call, __FILE__, __LINE__)
void xtest_check_code(int expected, int rc, const char *what, const char *file, int line);

/* Run fn in a child process without privileges (POSIX, when root: uid/gid 65534, no
 * capabilities; else as this user) and store what it returned in *result. 1 if it
 * ran, 0 where there is no such thing (Windows) or the child could not be made. */
int xtest_run_unprivileged(int (*fn)(void), int *result);

/* 1 if this process may bind ports below 1024 (POSIX root), else 0. */
int xtest_privileged(void);

#endif /* XSOCK_TEST_SUPPORT_H */
