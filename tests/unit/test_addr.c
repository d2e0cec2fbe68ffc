/* test_addr.c - parsing, formatting and building addresses. */
#include "support.h"

#include <string.h>

static void parse_ok(const char *text, int family, int port, const char *formatted)
{
    xsock_addr a;
    char buf[XSOCK_ADDRSTRLEN];
    int rc = xsock_addr_parse(&a, text, 7);
    if (rc != 0)
        print_error("parse \"%s\": %s\n", text, xsock_errname(rc));
    assert_int_equal(rc, 0);
    assert_int_equal(xsock_addr_family(&a), family);
    assert_int_equal(xsock_addr_port(&a), port);
    assert_int_equal(xsock_addr_format(&a, buf, sizeof buf), (int)strlen(formatted));
    assert_string_equal(buf, formatted);
}

static void parses_ipv4(void **state)
{
    (void)state;
    parse_ok("1.2.3.4", AF_INET, 7, "1.2.3.4:7");
    parse_ok("1.2.3.4:80", AF_INET, 80, "1.2.3.4:80");
    parse_ok("0.0.0.0:0", AF_INET, 0, "0.0.0.0:0");
    parse_ok("255.255.255.255:65535", AF_INET, 65535, "255.255.255.255:65535");
    parse_ok("127.0.0.1:080", AF_INET, 80, "127.0.0.1:80");
}

static void parses_ipv6(void **state)
{
    (void)state;
    parse_ok("::1", AF_INET6, 7, "[::1]:7");
    parse_ok("[::1]:80", AF_INET6, 80, "[::1]:80");
    parse_ok("[::1]", AF_INET6, 7, "[::1]:7");
    parse_ok("::", AF_INET6, 7, "[::]:7");
    parse_ok("2001:DB8:0:0:0:0:0:1", AF_INET6, 7, "[2001:db8::1]:7");
    parse_ok("2001:db8:0:1:1:1:1:1", AF_INET6, 7, "[2001:db8:0:1:1:1:1:1]:7");
    parse_ok("2001:0:0:1:0:0:0:1", AF_INET6, 7, "[2001:0:0:1::1]:7");
    parse_ok("2001:db8::", AF_INET6, 7, "[2001:db8::]:7");
    parse_ok("1:0:0:2:0:0:3:4", AF_INET6, 7, "[1::2:0:0:3:4]:7");
    parse_ok("1:2:3:4:5:6:7::", AF_INET6, 7, "[1:2:3:4:5:6:7:0]:7");
    parse_ok("::ffff:192.0.2.1", AF_INET6, 7, "[::ffff:192.0.2.1]:7");
    parse_ok("[::ffff:c000:201]:9", AF_INET6, 9, "[::ffff:192.0.2.1]:9");
    parse_ok("64:ff9b::192.0.2.33", AF_INET6, 7, "[64:ff9b::c000:221]:7");
}

static void parses_zones(void **state)
{
    xsock_addr a;
    (void)state;
    parse_ok("[fe80::1%1]:80", AF_INET6, 80, "[fe80::1%1]:80");
    parse_ok("fe80::1%2", AF_INET6, 7, "[fe80::1%2]:7");
    XTEST_OK(xsock_addr_parse(&a, "[fe80::1%4294967295]:1", 0));
    assert_int_equal(a.u.v6.sin6_scope_id, 4294967295u);
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_parse(&a, "[fe80::1%4294967296]:1", 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_parse(&a, "[fe80::1%]:1", 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_parse(&a, "[fe80::1%no-such-if0]:1", 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_parse(&a, "1.2.3.4%1", 0));
}

static void zone_by_interface_name(void **state)
{
    static const char *names[] = {"lo", "lo0", "eth0"};
    xsock_addr a;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "[fe80::1%%%s]:80", names[i]);
        if (xsock_addr_parse(&a, text, 0) == 0) {
            assert_true(a.u.v6.sin6_scope_id != 0);
            return;
        }
    }
    XTEST_SKIP("no interface named lo, lo0 or eth0 on this system");
}

static void rejects_bad_text(void **state)
{
    static const char *bad[] = {"",
                                " ",
                                "1.2.3",
                                "1.2.3.4.5",
                                "256.1.1.1",
                                "1.2.3.4:",
                                "1.2.3.4:65536",
                                "1.2.3.4:-1",
                                "1.2.3.4:+80",
                                "1.2.3.4:80x",
                                "01.2.3.4",
                                "1.2.3.4 ",
                                " 1.2.3.4",
                                "1..2.3",
                                "localhost",
                                "example.com:80",
                                "[::1",
                                "[::1]:",
                                "[::1]x",
                                "[::1]:99999",
                                "::1::",
                                ":::",
                                "1:2:3:4:5:6:7:8:9",
                                "1:2:3:4:5:6:7:8::",
                                "::1:2:3:4:5:6:7:8",
                                "12345::",
                                "g::1",
                                "1:",
                                ":1",
                                "[1.2.3.4]:80",
                                "[]",
                                "[]:80",
                                "::ffff:1.2.3",
                                "::ffff:1.2.3.4.5",
                                "1.2.3.4:80:90",
                                "0x1.2.3.4",
                                "1.2.3.4:0x50",
                                "[::1]:80]",
                                "::1%",
                                "1.2.3.4:123456"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        xsock_addr a;
        memset(&a, 0xab, sizeof a);
        if (xsock_addr_parse(&a, bad[i], 80) != XSOCK_EINVAL)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(a.len, (socklen_t)0xabababab); /* *out untouched on failure */
    }
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_parse(NULL, "1.2.3.4", 0));
    {
        xsock_addr a;
        XTEST_CODE(XSOCK_EINVAL, xsock_addr_parse(&a, NULL, 0));
    }
}

static void format_never_truncates(void **state)
{
    xsock_addr a;
    char buf[XSOCK_ADDRSTRLEN];
    size_t need;
    (void)state;
    XTEST_OK(xsock_addr_parse(&a, "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295]:65535", 0));
    need = (size_t)xsock_addr_format(&a, buf, sizeof buf);
    assert_true(need < XSOCK_ADDRSTRLEN);
    XTEST_CODE(XSOCK_ENOBUFS, xsock_addr_format(&a, buf, need)); /* no room for the NUL */
    assert_string_equal(buf, "");
    assert_int_equal(xsock_addr_format(&a, buf, need + 1), (int)need);
    XTEST_OK(xsock_addr_parse(&a, "[::ffff:255.255.255.255%4294967295]:65535", 0));
    assert_true(xsock_addr_format(&a, buf, sizeof buf) < XSOCK_ADDRSTRLEN);
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_format(NULL, buf, sizeof buf));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_format(&a, NULL, 10));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_format(&a, buf, 0));
}

/* Parse and format round-trip over many generated addresses. */
static void round_trip(void **state)
{
    unsigned seed = 12345;
    int i;
    (void)state;
    for (i = 0; i < 20000; i++) {
        xsock_addr a, b;
        char text[XSOCK_ADDRSTRLEN];
        unsigned char bytes[16];
        int j;
        for (j = 0; j < 16; j++) {
            seed = seed * 1103515245u + 12345u;
            /* many zero bytes, so that "::" runs of every length appear */
            bytes[j] = (seed >> 16) % 3 == 0 ? (unsigned char)(seed >> 8) : 0;
        }
        memset(&a, 0, sizeof a);
        if (i % 2) {
            a.u.v4.sin_family = AF_INET;
            memcpy(&a.u.v4.sin_addr, bytes, 4);
            a.u.v4.sin_port = htons((uint16_t)seed);
            a.len = sizeof(struct sockaddr_in);
        } else {
            a.u.v6.sin6_family = AF_INET6;
            memcpy(&a.u.v6.sin6_addr, bytes, 16);
            a.u.v6.sin6_port = htons((uint16_t)seed);
            a.u.v6.sin6_scope_id = (i % 8 == 0) ? seed % 1000 : 0;
            a.len = sizeof(struct sockaddr_in6);
        }
        assert_true(xsock_addr_format(&a, text, sizeof text) > 0);
        if (xsock_addr_parse(&b, text, 0) != 0)
            fail_msg("formatted text \"%s\" does not parse", text);
        if (xsock_addr_equal(&a, &b) != 1)
            fail_msg("\"%s\" does not round-trip", text);
    }
}

static void builders(void **state)
{
    xsock_addr a, b;
    char buf[XSOCK_ADDRSTRLEN];
    (void)state;
    XTEST_OK(xsock_addr_any(&a, AF_INET, 80));
    xsock_addr_format(&a, buf, sizeof buf);
    assert_string_equal(buf, "0.0.0.0:80");
    XTEST_OK(xsock_addr_any(&a, AF_INET6, 81));
    xsock_addr_format(&a, buf, sizeof buf);
    assert_string_equal(buf, "[::]:81");
    XTEST_OK(xsock_addr_loopback(&a, AF_INET, 82));
    xsock_addr_format(&a, buf, sizeof buf);
    assert_string_equal(buf, "127.0.0.1:82");
    XTEST_OK(xsock_addr_loopback(&b, AF_INET6, 83));
    xsock_addr_format(&b, buf, sizeof buf);
    assert_string_equal(buf, "[::1]:83");
    assert_int_equal(xsock_addr_len(&a), sizeof(struct sockaddr_in));
    assert_int_equal(xsock_addr_len(&b), sizeof(struct sockaddr_in6));
    assert_ptr_equal(xsock_addr_sockaddr(&a), &a.u.sa);
    XTEST_CODE(XSOCK_EAFNOSUPPORT, xsock_addr_any(&a, 12345, 0));
    XTEST_CODE(XSOCK_EAFNOSUPPORT, xsock_addr_loopback(&a, AF_UNSPEC, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_any(NULL, AF_INET, 0));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_loopback(NULL, AF_INET, 0));
}

static void ports_and_equality(void **state)
{
    xsock_addr a, b;
    (void)state;
    XTEST_OK(xsock_addr_parse(&a, "10.0.0.1:1000", 0));
    XTEST_OK(xsock_addr_set_port(&a, 2000));
    assert_int_equal(xsock_addr_port(&a), 2000);
    XTEST_OK(xsock_addr_parse(&b, "10.0.0.1:2000", 0));
    assert_int_equal(xsock_addr_equal(&a, &b), 1);
    XTEST_OK(xsock_addr_set_port(&b, 2001));
    assert_int_equal(xsock_addr_equal(&a, &b), 0);
    XTEST_OK(xsock_addr_parse(&b, "[::ffff:10.0.0.1]:2000", 0));
    assert_int_equal(xsock_addr_equal(&a, &b), 0); /* different families */
    XTEST_OK(xsock_addr_parse(&a, "[fe80::1%1]:5", 0));
    XTEST_OK(xsock_addr_parse(&b, "[fe80::1%2]:5", 0));
    assert_int_equal(xsock_addr_equal(&a, &b), 0); /* zones differ */
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_equal(NULL, &b));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_port(NULL));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_family(NULL));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_set_port(NULL, 1));
    assert_null(xsock_addr_sockaddr(NULL));
    assert_int_equal(xsock_addr_len(NULL), 0);
}

static void from_sockaddr(void **state)
{
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    xsock_addr a;
    char buf[XSOCK_ADDRSTRLEN];
    (void)state;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(4242);
    sin.sin_addr.s_addr = htonl(0x7f000001);
    XTEST_OK(xsock_addr_from_sockaddr(&a, (struct sockaddr *)&sin, sizeof sin));
    xsock_addr_format(&a, buf, sizeof buf);
    assert_string_equal(buf, "127.0.0.1:4242");
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_from_sockaddr(&a, (struct sockaddr *)&sin, 4));
    memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(1);
    XTEST_OK(xsock_addr_from_sockaddr(&a, (struct sockaddr *)&sin6, sizeof sin6));
    xsock_addr_format(&a, buf, sizeof buf);
    assert_string_equal(buf, "[::]:1");
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_from_sockaddr(&a, (struct sockaddr *)&sin6, sizeof sin));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_from_sockaddr(&a, NULL, sizeof sin));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_from_sockaddr(NULL, (struct sockaddr *)&sin, sizeof sin));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_from_sockaddr(&a, (struct sockaddr *)&sin, 100000));
    /* usable with raw BSD calls */
    assert_int_equal(
        ((const struct sockaddr_in6 *)(const void *)xsock_addr_sockaddr(&a))->sin6_port, htons(1));
}

static void other_families_have_no_text(void **state)
{
    xsock_addr a;
    char buf[XSOCK_ADDRSTRLEN];
    (void)state;
    memset(&a, 0, sizeof a);
    a.u.sa.sa_family = AF_UNIX;
    a.len = sizeof(a.u.sa.sa_family) + 4;
    XTEST_CODE(XSOCK_EAFNOSUPPORT, xsock_addr_format(&a, buf, sizeof buf));
    XTEST_CODE(XSOCK_EAFNOSUPPORT, xsock_addr_port(&a));
    XTEST_CODE(XSOCK_EAFNOSUPPORT, xsock_addr_set_port(&a, 1));
}

/* The bare address text: no port, no brackets, the same on every system. */
static void format_host_is_bare(void **state)
{
    static const char *const cases[][2] = {
        {"10.0.0.1:80", "10.0.0.1"},
        {"[::1]:443", "::1"},
        {"[2001:db8:0:0:0:0:0:1]:1", "2001:db8::1"},
        {"[fe80::1%2]:80", "fe80::1%2"},
        {"[::ffff:1.2.3.4]:5", "::ffff:1.2.3.4"},
    };
    char text[XSOCK_ADDRSTRLEN];
    xsock_addr a, back;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        XTEST_OK(xsock_addr_parse(&a, cases[i][0], 0));
        assert_int_equal(xsock_addr_format_host(&a, text, sizeof text), (int)strlen(cases[i][1]));
        assert_string_equal(text, cases[i][1]);
        XTEST_OK(xsock_addr_parse(&back, text, (uint16_t)xsock_addr_port(&a)));
        assert_int_equal(xsock_addr_equal(&a, &back), 1);
    }
    XTEST_OK(xsock_addr_parse(&a, "10.0.0.1", 0));
    XTEST_CODE(XSOCK_ENOBUFS, xsock_addr_format_host(&a, text, 8));
    assert_string_equal(text, "");
    assert_int_equal(xsock_addr_format_host(&a, text, 9), 8);
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_format_host(NULL, text, sizeof text));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_format_host(&a, NULL, sizeof text));
    XTEST_CODE(XSOCK_EINVAL, xsock_addr_format_host(&a, text, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_ipv4),
        cmocka_unit_test(parses_ipv6),
        cmocka_unit_test(parses_zones),
        cmocka_unit_test(zone_by_interface_name),
        cmocka_unit_test(rejects_bad_text),
        cmocka_unit_test(format_never_truncates),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(builders),
        cmocka_unit_test(ports_and_equality),
        cmocka_unit_test(from_sockaddr),
        cmocka_unit_test(other_families_have_no_text),
        cmocka_unit_test(format_host_is_bare),
    };
    return cmocka_run_group_tests_name("addr", tests, NULL, NULL);
}
