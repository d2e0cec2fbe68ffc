/* test_resolve.c - names to addresses, dial and serve. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bad_arguments(void **state)
{
    xsock_addr out[4];
    xsock_t s = (xsock_t)7;
    (void)state;
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve(NULL, NULL, AF_UNSPEC, 0, out, 4));
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve("127.0.0.1", "1", AF_UNSPEC, 0, NULL, 4));
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve("127.0.0.1", "1", AF_UNSPEC, 0, out, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve("127.0.0.1", "1", 12345, 0, out, 4));
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve("127.0.0.1", "1", AF_UNSPEC, 999, out, 4));
    XTEST_CODE(XSOCK_EINVAL, xsock_dial(NULL, "127.0.0.1", "1", SOCK_STREAM, 100));
    XTEST_CODE(XSOCK_EINVAL, xsock_dial(&s, NULL, "1", SOCK_STREAM, 100));
    assert_true(s == XSOCK_INVALID);
    XTEST_CODE(XSOCK_EINVAL, xsock_dial(&s, "127.0.0.1", NULL, SOCK_STREAM, 100));
    XTEST_CODE(XSOCK_EINVAL, xsock_serve(NULL, NULL, "0", SOCK_STREAM, 1));
    XTEST_CODE(XSOCK_EINVAL, xsock_serve(&s, NULL, NULL, SOCK_STREAM, 1));
    XTEST_CODE(XSOCK_EINVAL, xsock_serve(&s, NULL, "0", 12345, 1));
}

static void numeric_names(void **state)
{
    xsock_addr out[8];
    char text[XSOCK_ADDRSTRLEN];
    int n;
    (void)state;
    n = xsock_resolve("127.0.0.1", "80", AF_UNSPEC, SOCK_STREAM, out, 8);
    assert_int_equal(n, 1);
    xsock_addr_format(&out[0], text, sizeof text);
    assert_string_equal(text, "127.0.0.1:80");
    n = xsock_resolve("::1", "443", AF_INET6, 0, out, 8);
    assert_int_equal(n, 1); /* type 0 lists stream, dgram, raw: duplicates are dropped */
    xsock_addr_format(&out[0], text, sizeof text);
    assert_string_equal(text, "[::1]:443");
    n = xsock_resolve("127.0.0.1", NULL, AF_INET, SOCK_DGRAM, out, 8);
    assert_int_equal(n, 1);
    assert_int_equal(xsock_addr_port(&out[0]), 0);
}

static void localhost(void **state)
{
    xsock_addr out[8];
    int n, i;
    (void)state;
    n = xsock_resolve("localhost", "7", AF_UNSPEC, SOCK_STREAM, out, 8);
    assert_true(n >= 1);
    for (i = 0; i < n; i++) {
        char text[XSOCK_ADDRSTRLEN];
        xsock_addr_format(&out[i], text, sizeof text);
        print_message("localhost -> %s\n", text);
        assert_int_equal(xsock_addr_port(&out[i]), 7);
    }
    assert_int_equal(xsock_resolve("localhost", "7", AF_UNSPEC, SOCK_STREAM, out, 1), 1);
}

/* Failures that need no DNS server (tests never send traffic off this machine). */
static void unknown_names(void **state)
{
    xsock_addr out[2];
    int rc;
    (void)state;
    rc = xsock_resolve("127.0.0.1", "80", AF_INET6, SOCK_STREAM, out, 2);
    print_message("IPv4 literal asked as IPv6: %s (native %d)\n", xsock_errname(rc),
                  xsock_native_error());
    assert_int_not_equal(xsock_native_error(), 0);
    if (rc == XSOCK_EUNKNOWN && xtest_under_wine())
        XTEST_SKIP("Wine 8's getaddrinfo returns the Linux host's EAI_ADDRFAMILY (-9) "
                   "instead of a WSA code, so it cannot be mapped");
    XTEST_CODE(XSOCK_ENOTFOUND, rc);
    rc = xsock_resolve("127.0.0.1", "no-such-service-name", AF_UNSPEC, SOCK_STREAM, out, 2);
    print_message("unknown service: %s\n", xsock_errname(rc));
    assert_true(rc < 0);
    assert_true(strlen(xsock_strerror(rc)) > 0);
}

struct resolver_run {
    int failures;
};

static void resolve_many_times(void *p)
{
    struct resolver_run *run = p;
    int i;
    for (i = 0; i < 200; i++) {
        xsock_addr out[2];
        if (xsock_resolve("127.0.0.1", "8080", AF_INET, SOCK_STREAM, out, 2) != 1 ||
            xsock_addr_port(&out[0]) != 8080)
            run->failures++;
        if (xsock_resolve("localhost", "9", AF_INET, SOCK_STREAM, out, 2) < 1)
            run->failures++;
        if (xsock_resolve("127.0.0.1", "1", AF_INET6, SOCK_STREAM, out, 2) >= 0)
            run->failures++;
    }
}

static void concurrent_resolution(void **state)
{
    struct resolver_run runs[8];
    xtest_thread *t[8];
    int i;
    (void)state;
    for (i = 0; i < 8; i++) {
        runs[i].failures = 0;
        t[i] = xtest_thread_start(resolve_many_times, &runs[i]);
    }
    for (i = 0; i < 8; i++) {
        xtest_thread_join(t[i]);
        assert_int_equal(runs[i].failures, 0);
    }
}

static void port_text(const xsock_addr *a, char *buf, size_t len)
{
    snprintf(buf, len, "%d", xsock_addr_port(a));
}

static void dial_connects(void **state)
{
    xsock_addr addr;
    xsock_t listener = xtest_listener(AF_INET, &addr), s, a;
    char port[8], buf[4];
    (void)state;
    port_text(&addr, port, sizeof port);
    XTEST_OK(xsock_dial(&s, "127.0.0.1", port, SOCK_STREAM, 5000));
    XTEST_OK(xsock_accept(listener, &a, NULL));
    XTEST_OK(xsock_send_all(s, "dial", 4, NULL));
    XTEST_OK(xsock_recv_all(a, buf, 4, NULL));
    xsock_close(a);
    xsock_close(s);
    XTEST_OK(xsock_dial(&s, "localhost", port, 0, -1)); /* tries ::1 then 127.0.0.1 */
    XTEST_OK(xsock_accept(listener, &a, NULL));
    xsock_close(a);
    xsock_close(s);
    xsock_close(listener);
}

static void dial_refused(void **state)
{
    xsock_addr addr;
    xsock_t holder, s;
    char port[8];
    (void)state;
    xtest_refusing_addr(AF_INET, &addr, &holder);
    port_text(&addr, port, sizeof port);
    XTEST_CODE(XSOCK_ECONNREFUSED, xsock_dial(&s, "127.0.0.1", port, SOCK_STREAM, 5000));
    assert_true(s == XSOCK_INVALID);
    xsock_close(holder);
}

static void serve_every_interface(void **state)
{
    xsock_t server, c, a;
    xsock_addr local, to;
    (void)state;
    XTEST_OK(xsock_serve(&server, NULL, "0", SOCK_STREAM, 8));
    XTEST_OK(xsock_local_addr(server, &local));
    assert_true(xsock_addr_port(&local) > 0);
    XTEST_OK(xsock_addr_loopback(&to, AF_INET, (uint16_t)xsock_addr_port(&local)));
    XTEST_OK(xsock_socket(&c, AF_INET, SOCK_STREAM, 0));
    XTEST_OK(xsock_connect(c, &to)); /* IPv4 reaches it, even when it is [::] */
    XTEST_OK(xsock_accept(server, &a, NULL));
    xsock_close(a);
    xsock_close(c);
    if (xsock_addr_family(&local) == AF_INET6) {
        XTEST_OK(xsock_addr_loopback(&to, AF_INET6, (uint16_t)xsock_addr_port(&local)));
        XTEST_OK(xsock_socket(&c, AF_INET6, SOCK_STREAM, 0));
        XTEST_OK(xsock_connect(c, &to));
        XTEST_OK(xsock_accept(server, &a, NULL));
        xsock_close(a);
        xsock_close(c);
    }
    xsock_close(server);
}

/* Every interface on a port that is taken: an error, not a quiet IPv4-only socket. */
static void serve_every_interface_port_in_use(void **state)
{
    xsock_t server, other;
    xsock_addr local;
    char port[8];
    (void)state;
    XTEST_OK(xsock_serve(&server, NULL, "0", SOCK_STREAM, 4));
    XTEST_OK(xsock_local_addr(server, &local));
    port_text(&local, port, sizeof port);
    XTEST_CODE(XSOCK_EADDRINUSE, xsock_serve(&other, NULL, port, SOCK_STREAM, 4));
    assert_true(other == XSOCK_INVALID);
    xsock_close(server);
}

static void serve_datagrams_and_port_in_use(void **state)
{
    xsock_t server, other;
    xsock_addr local;
    char port[8];
    (void)state;
    XTEST_OK(xsock_serve(&server, "127.0.0.1", "0", SOCK_DGRAM, 0));
    XTEST_OK(xsock_local_addr(server, &local));
    assert_int_equal(xsock_addr_family(&local), AF_INET);
    xsock_close(server);
    XTEST_OK(xsock_serve(&server, "127.0.0.1", "0", SOCK_STREAM, 4));
    XTEST_OK(xsock_local_addr(server, &local));
    port_text(&local, port, sizeof port);
    XTEST_CODE(XSOCK_EADDRINUSE, xsock_serve(&other, "127.0.0.1", port, SOCK_STREAM, 4));
    assert_true(other == XSOCK_INVALID);
    xsock_close(server);
}

/* "bücher.test" in UTF-8. */
#define UTF8_NAME \
    "b\xc3\xbc"   \
    "cher.test"

/* Item 9: names are UTF-8 on every system (Windows used the ANSI getaddrinfo, which
 * read them in the system code page). Text that is not UTF-8 is XSOCK_EINVAL. When
 * XSOCK_TEST_UTF8_HOST names an address, the hosts file maps UTF8_NAME to it
 * (scripts/test.sh does that in a private mount namespace) and the name must resolve
 * to it; else only the refusals are checked. */
static void utf8_names(void **state)
{
    xsock_addr out[4], expected;
    const char *address = getenv("XSOCK_TEST_UTF8_HOST");
    (void)state;
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve("\xff\xfe.invalid", "80", AF_UNSPEC, 0, out, 4));
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve("b\xc3(.invalid", "80", AF_UNSPEC, 0, out, 4));
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve("\xed\xa0\x80.invalid", "80", AF_UNSPEC, 0, out, 4));
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve("\xc0\xaf.invalid", "80", AF_UNSPEC, 0, out, 4));
    XTEST_CODE(XSOCK_ENOTFOUND, xsock_resolve("b\xc3\xbc"
                                              "cher.invalid",
                                              "80", AF_INET, 0, out, 4));
    if (address == NULL || *address == 0)
        XTEST_SKIP("no hosts entry for a UTF-8 name (set XSOCK_TEST_UTF8_HOST to the address "
                   "the hosts file gives " UTF8_NAME ", as scripts/test.sh does)");
    XTEST_OK(xsock_addr_parse(&expected, address, 80));
    assert_int_equal(xsock_resolve(UTF8_NAME, "80", AF_INET, SOCK_STREAM, out, 4), 1);
    assert_int_equal(xsock_addr_equal(&out[0], &expected), 1);
}

/* The bracketed form xsock prints ("[::1]") is a host too, for resolve and dial. */
static void bracketed_hosts(void **state)
{
    xsock_addr out[4], addr;
    xsock_t listener, s;
    char port[8];
    (void)state;
    assert_int_equal(xsock_resolve("[127.0.0.1]", "80", AF_UNSPEC, SOCK_STREAM, out, 4), 1);
    XTEST_CODE(XSOCK_EINVAL, xsock_resolve("[]", "80", AF_UNSPEC, 0, out, 4));
    if (xsock_has(XSOCK_CAP_IPV6) != 1)
        XTEST_SKIP("no IPv6 on this system");
    assert_int_equal(xsock_resolve("[::1]", "80", AF_UNSPEC, SOCK_STREAM, out, 4), 1);
    XTEST_OK(xsock_addr_parse(&addr, "[::1]:80", 0));
    assert_int_equal(xsock_addr_equal(&out[0], &addr), 1);
    listener = xtest_listener(AF_INET6, &addr);
    snprintf(port, sizeof port, "%d", xsock_addr_port(&addr));
    XTEST_OK(xsock_dial(&s, "[::1]", port, SOCK_STREAM, 5000));
    xsock_close(s);
    xsock_close(listener);
}

/* The host name: the same codes everywhere, never a truncated name. */
static void host_name(void **state)
{
    char name[1100], small[4] = "xyz";
    int n;
    (void)state;
    n = xsock_hostname(name, sizeof name);
    print_message("host name: %s (%d)\n", n > 0 ? name : xsock_errname(n), n);
    assert_true(n > 0);
    assert_int_equal((int)strlen(name), n);
    XTEST_CODE(XSOCK_ENOBUFS, xsock_hostname(name, (size_t)n));
    assert_string_equal(name, "");
    assert_int_equal(xsock_hostname(name, (size_t)n + 1), n);
    if (n >= (int)sizeof small)
        XTEST_CODE(XSOCK_ENOBUFS, xsock_hostname(small, sizeof small));
    XTEST_CODE(XSOCK_EINVAL, xsock_hostname(NULL, 10));
    XTEST_CODE(XSOCK_EINVAL, xsock_hostname(name, 0));
}

/* Reverse lookup (getnameinfo): a name, or the numeric text, or XSOCK_ENOTFOUND when a
 * name is required; the same codes everywhere. */
static void reverse_lookup(void **state)
{
    char name[1100];
    xsock_addr a, unspec;
    int n;
    (void)state;
    XTEST_OK(xsock_addr_parse(&a, "127.0.0.1:80", 0));
    n = xsock_addr_name(&a, name, sizeof name, 0);
    print_message("127.0.0.1 is %s\n", n > 0 ? name : xsock_errname(n));
    assert_true(n > 0);
    XTEST_CODE(XSOCK_ENOBUFS, xsock_addr_name(&a, name, 1, 0));
    assert_string_equal(name, "");
    /* TEST-NET-2 has no name: its text, or XSOCK_ENOTFOUND when a name is required */
    XTEST_OK(xsock_addr_parse(&a, "198.51.100.7", 0));
    n = xsock_addr_name(&a, name, sizeof name, XSOCK_NAME_REQUIRED);
    print_message("198.51.100.7 with a name required: %s\n", xsock_errname(n));
    assert_true(n == XSOCK_ENOTFOUND || n == XSOCK_EAI_AGAIN); /* AGAIN: no DNS reachable */
    n = xsock_addr_name(&a, name, sizeof name, 0);
    if (n > 0)
        assert_string_equal(name, "198.51.100.7");
    else
        XTEST_CODE(XSOCK_EAI_AGAIN, n);
    memset(&unspec, 0, sizeof unspec);
    unspec.len = (socklen_t)sizeof unspec.u.sa;
    unspec.u.sa.sa_family = AF_UNSPEC;
    XTEST_CODE(XSOCK_EAFNOSUPPORT, xsock_addr_name(&unspec, name, sizeof name, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_name(NULL, name, sizeof name, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_name(&a, NULL, sizeof name, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_name(&a, name, sizeof name, 0x100));
}

/* The interface list: every address once, a loopback one among them, the same fields
 * on every system (getifaddrs, GetAdaptersAddresses). */
static void interface_list(void **state)
{
    struct xsock_interface *list;
    int n, i, loopback = 0;
    (void)state;
    XTEST_CODE(XSOCK_EINVAL, xsock_interfaces(NULL, 1));
    n = xsock_interfaces(NULL, 0);
    assert_true(n >= 1);
    list = calloc((size_t)n + 4, sizeof *list);
    assert_non_null(list);
    n = xsock_interfaces(list, (size_t)n + 4);
    assert_true(n >= 1);
    for (i = 0; i < n; i++) {
        char text[XSOCK_ADDRSTRLEN];
        int family = xsock_addr_family(&list[i].addr);
        assert_true(family == AF_INET || family == AF_INET6);
        assert_int_equal(xsock_addr_port(&list[i].addr), 0);
        assert_true(xsock_addr_format_host(&list[i].addr, text, sizeof text) > 0);
        assert_true(list[i].prefix_len >= -1 &&
                    list[i].prefix_len <= (family == AF_INET ? 32 : 128));
        assert_true(strlen(list[i].name) < XSOCK_IFNAMESIZE);
        print_message("%s (index %u, flags %#x): %s/%d\n", list[i].name, list[i].index,
                      (unsigned)list[i].flags, text, list[i].prefix_len);
        if ((list[i].flags & XSOCK_IF_LOOPBACK) &&
            (strcmp(text, "127.0.0.1") == 0 || strcmp(text, "::1") == 0)) {
            loopback = 1;
            assert_true(list[i].index > 0);
            assert_true((list[i].flags & XSOCK_IF_UP) != 0);
        }
    }
    assert_true(loopback);
    assert_int_equal(xsock_interfaces(list, 1), n); /* the total, one stored */
    free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_names),
        cmocka_unit_test(bracketed_hosts),
        cmocka_unit_test(host_name),
        cmocka_unit_test(reverse_lookup),
        cmocka_unit_test(interface_list),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(numeric_names),
        cmocka_unit_test(localhost),
        cmocka_unit_test(unknown_names),
        cmocka_unit_test(concurrent_resolution),
        cmocka_unit_test(dial_connects),
        cmocka_unit_test(dial_refused),
        cmocka_unit_test(serve_every_interface),
        cmocka_unit_test(serve_every_interface_port_in_use),
        cmocka_unit_test(serve_datagrams_and_port_in_use),
    };
    return cmocka_run_group_tests_name("resolve", tests, NULL, NULL);
}
