/* test_init.c - lifecycle, version, backend and capabilities. */
#include "support.h"

#include <stdio.h>
#include <string.h>

/* The very first call needs no xsock_init: WinSock starts on first use. */
static void works_without_init(void **state)
{
    xsock_t s;
    (void)state;
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_STREAM, 0));
    XTEST_OK(xsock_close(s));
}

static void init_is_reference_counted(void **state)
{
    xsock_t s;
    (void)state;
    XTEST_OK(xsock_init());
    XTEST_OK(xsock_init());
    xsock_cleanup();
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_DGRAM, 0));
    xsock_cleanup();
    /* extra cleanups are harmless: the first-use reference keeps sockets working */
    xsock_cleanup();
    xsock_cleanup();
    XTEST_OK(xsock_close(s));
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_DGRAM, 0));
    XTEST_OK(xsock_close(s));
}

static void init_cleanup_body(void *arg)
{
    int i, *failures = arg;
    for (i = 0; i < 200; i++) {
        xsock_t s;
        if (xsock_init() != 0)
            (*failures)++;
        if (xsock_socket(&s, AF_INET, SOCK_STREAM, 0) != 0 || xsock_close(s) != 0)
            (*failures)++;
        xsock_cleanup();
    }
}

static void init_from_16_threads(void **state)
{
    xtest_thread *t[16];
    int failures[16] = {0}, i;
    (void)state;
    for (i = 0; i < 16; i++)
        t[i] = xtest_thread_start(init_cleanup_body, &failures[i]);
    for (i = 0; i < 16; i++) {
        xtest_thread_join(t[i]);
        assert_int_equal(failures[i], 0);
    }
}

static void version_and_backend(void **state)
{
    char expected[32];
    (void)state;
    snprintf(expected, sizeof expected, "%d.%d.%d", XSOCK_VERSION_MAJOR, XSOCK_VERSION_MINOR,
             XSOCK_VERSION_PATCH);
    assert_string_equal(xsock_version(), expected);
#if defined(_WIN32)
    assert_string_equal(xsock_backend(), "win32");
#else
    assert_string_equal(xsock_backend(), "posix");
#endif
}

static void capabilities(void **state)
{
    static const struct {
        int cap;
        const char *name;
    } caps[] = {{XSOCK_CAP_IPV6, "ipv6"},
                {XSOCK_CAP_DUALSTACK, "dualstack"},
                {XSOCK_CAP_AF_UNIX, "af_unix"},
                {XSOCK_CAP_KEEPALIVE_TUNING, "keepalive_tuning"},
                {XSOCK_CAP_ZEROCOPY_SENDFILE, "zerocopy_sendfile"}};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        int has = xsock_has(caps[i].cap);
        print_message("%s: %d\n", caps[i].name, has);
        assert_true(has == 0 || has == 1);
    }
    XTEST_CODE(XSOCK_EINVAL, xsock_has(0));
    XTEST_CODE(XSOCK_EINVAL, xsock_has(1000));
    if (xsock_has(XSOCK_CAP_AF_UNIX) == 1) {
        xsock_t s;
        XTEST_OK(xsock_socket(&s, AF_UNIX, SOCK_STREAM, 0));
        xsock_close(s);
    } else if (xtest_under_wine()) {
        XTEST_SKIP("Wine 8 has no AF_UNIX sockets (WSAEAFNOSUPPORT); Windows 10 1803+ has");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(works_without_init),   cmocka_unit_test(init_is_reference_counted),
        cmocka_unit_test(init_from_16_threads), cmocka_unit_test(version_and_backend),
        cmocka_unit_test(capabilities),
    };
    return cmocka_run_group_tests_name("init", tests, NULL, NULL);
}
