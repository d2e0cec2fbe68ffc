/* support.c - test helpers; the one place where tests touch platform APIs. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>

#if defined(_WIN32)
#include <process.h>
#else
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#endif

void xtest_check_ok(int rc, const char *what, const char *file, int line)
{
    if (rc != 0) {
        print_error("%s:%d: %s returned %d (%s, native %d)\n", file, line, what, rc,
                    xsock_errname(rc), xsock_native_error());
        fail();
    }
}

void xtest_check_code(int expected, int rc, const char *what, const char *file, int line)
{
    if (rc != expected) {
        print_error("%s:%d: %s returned %d (%s), expected %s (native %d)\n", file, line, what, rc,
                    xsock_errname(rc), xsock_errname(expected), xsock_native_error());
        fail();
    }
}

xsock_t xtest_listener(int family, xsock_addr *addr)
{
    xsock_t s;
    XTEST_OK(xsock_socket(&s, family, SOCK_STREAM, 0));
    XTEST_OK(xsock_addr_loopback(addr, family, 0));
    XTEST_OK(xsock_bind(s, addr));
    XTEST_OK(xsock_listen(s, 16));
    XTEST_OK(xsock_local_addr(s, addr));
    return s;
}

void xtest_tcp_pair(int family, xsock_t *client, xsock_t *server)
{
    xsock_addr addr;
    xsock_t listener = xtest_listener(family, &addr);
    XTEST_OK(xsock_socket(client, family, SOCK_STREAM, 0));
    XTEST_OK(xsock_connect(*client, &addr));
    XTEST_OK(xsock_accept(listener, server, NULL));
    XTEST_OK(xsock_close(listener));
}

void xtest_refusing_addr(int family, xsock_addr *addr, xsock_t *holder)
{
    XTEST_OK(xsock_socket(holder, family, SOCK_STREAM, 0));
    XTEST_OK(xsock_addr_loopback(addr, family, 0));
    XTEST_OK(xsock_bind(*holder, addr));
    XTEST_OK(xsock_local_addr(*holder, addr));
}

#if defined(_WIN32)
struct xtest_thread {
    HANDLE handle;
    void (*fn)(void *);
    void *arg;
};

static unsigned __stdcall thread_main(void *p)
{
    xtest_thread *t = p;
    t->fn(t->arg);
    return 0;
}

xtest_thread *xtest_thread_start(void (*fn)(void *), void *arg)
{
    xtest_thread *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->fn = fn;
    t->arg = arg;
    t->handle = (HANDLE)_beginthreadex(NULL, 0, thread_main, t, 0, NULL);
    assert_non_null(t->handle);
    return t;
}

void xtest_thread_join(xtest_thread *t)
{
    WaitForSingleObject(t->handle, INFINITE);
    CloseHandle(t->handle);
    free(t);
}

int64_t xtest_now_ms(void) { return (int64_t)GetTickCount64(); }

void xtest_sleep_ms(int ms) { Sleep((DWORD)ms); }

int xtest_interrupt_after_ms(int ms)
{
    (void)ms;
    return 0; /* WinSock calls are not interrupted by signals */
}

int xtest_under_wine(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
}
#else
struct xtest_thread {
    pthread_t id;
    void (*fn)(void *);
    void *arg;
};

static void *thread_main(void *p)
{
    xtest_thread *t = p;
    t->fn(t->arg);
    return NULL;
}

xtest_thread *xtest_thread_start(void (*fn)(void *), void *arg)
{
    xtest_thread *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->fn = fn;
    t->arg = arg;
    assert_int_equal(pthread_create(&t->id, NULL, thread_main, t), 0);
    return t;
}

void xtest_thread_join(xtest_thread *t)
{
    pthread_join(t->id, NULL);
    free(t);
}

int64_t xtest_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void xtest_sleep_ms(int ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

static void on_alarm(int sig) { (void)sig; }

int xtest_interrupt_after_ms(int ms)
{
    struct sigaction sa;
    struct itimerval it;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm; /* no SA_RESTART: blocking calls fail with EINTR */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) != 0)
        return 0;
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = ms / 1000;
    it.it_value.tv_usec = (ms % 1000) * 1000;
    return setitimer(ITIMER_REAL, &it, NULL) == 0;
}

int xtest_under_wine(void) { return 0; }
#endif

#if defined(_WIN32)
int xtest_run_unprivileged(int (*fn)(void), int *result)
{
    (void)fn;
    (void)result;
    return 0;
}

int xtest_privileged(void) { return 0; }
#else
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

int xtest_privileged(void) { return geteuid() == 0; }

/* In the child: give up root (groups, gid, uid: capabilities go with the uid). */
static int drop_privileges(void)
{
    if (geteuid() != 0)
        return 0;
    if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
        return -1;
    return 0;
}

int xtest_run_unprivileged(int (*fn)(void), int *result)
{
    int fds[2], status = 0, value = 0;
    pid_t pid;
    if (pipe(fds) != 0)
        return 0;
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        value = drop_privileges() == 0 ? fn() : 1;
        _exit(write(fds[1], &value, sizeof value) == (ssize_t)sizeof value ? 0 : 1);
    }
    close(fds[1]);
    if (pid < 0 || read(fds[0], &value, sizeof value) != (ssize_t)sizeof value) {
        close(fds[0]);
        if (pid > 0)
            waitpid(pid, &status, 0);
        return 0;
    }
    close(fds[0]);
    waitpid(pid, &status, 0);
    *result = value;
    return 1;
}
#endif
