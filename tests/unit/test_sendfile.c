/* test_sendfile.c - file contents over a socket: whole, ranges, edges, errors. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define FILE_SIZE ((3u << 20) + 123u) /* 3 MiB and an odd tail */

static unsigned char *contents;
static FILE *file;

static int setup(void **state)
{
    size_t i;
    unsigned seed = 99;
    (void)state;
    contents = malloc(FILE_SIZE);
    file = tmpfile();
    if (contents == NULL || file == NULL)
        return -1;
    for (i = 0; i < FILE_SIZE; i++) {
        seed = seed * 1103515245u + 12345u;
        contents[i] = (unsigned char)(seed >> 16);
    }
    if (fwrite(contents, 1, FILE_SIZE, file) != FILE_SIZE || fflush(file) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fclose(file);
    free(contents);
    return 0;
}

struct receiver {
    xsock_t s;
    unsigned char *buf;
    size_t len;
    size_t got;
    int rc;
};

static void receive_body(void *p)
{
    struct receiver *r = p;
    r->rc = xsock_recv_all(r->s, r->buf, r->len, &r->got);
}

/* Send [offset, offset+count) and check what arrives, with expected bytes sent. */
static void send_range(int64_t offset, int64_t count, int64_t expected, int nonblocking)
{
    struct receiver r;
    xtest_thread *t;
    xsock_t c, a;
    xtest_tcp_pair(AF_INET, &c, &a);
    if (nonblocking)
        XTEST_OK(xsock_set_nonblocking(c, 1));
    r.s = a;
    r.len = (size_t)expected;
    r.buf = malloc(r.len + 1);
    r.got = 0;
    assert_non_null(r.buf);
    t = xtest_thread_start(receive_body, &r);
    assert_int_equal(xsock_sendfile(c, file, offset, count), expected);
    xtest_thread_join(t);
    XTEST_OK(r.rc);
    assert_int_equal(r.got, (size_t)expected);
    if (expected > 0)
        assert_memory_equal(r.buf, contents + offset, (size_t)expected);
    free(r.buf);
    xsock_close(a);
    xsock_close(c);
}

static void whole_file(void **state)
{
    (void)state;
    send_range(0, -1, FILE_SIZE, 0);
}

static void whole_file_nonblocking(void **state)
{
    (void)state;
    send_range(0, -1, FILE_SIZE, 1);
}

static void ranges(void **state)
{
    (void)state;
    send_range(1, 10, 10, 0);
    send_range(4096, 1 << 20, 1 << 20, 0);
    send_range(FILE_SIZE - 7, -1, 7, 0);
    send_range(FILE_SIZE - 7, 1000, 7, 0); /* past the end: what there is */
}

static void edges_and_errors(void **state)
{
    xsock_t c, a;
    (void)state;
    xtest_tcp_pair(AF_INET, &c, &a);
    assert_int_equal(xsock_sendfile(c, file, FILE_SIZE, -1), 0);
    assert_int_equal(xsock_sendfile(c, file, FILE_SIZE + 100, 5), 0);
    assert_int_equal(xsock_sendfile(c, file, 0, 0), 0);
    XTEST_CODE(XSOCK_EINVAL, xsock_sendfile(c, file, -1, 5));
    XTEST_CODE(XSOCK_EINVAL, xsock_sendfile(c, NULL, 0, 5));
    XTEST_CODE(XSOCK_EBADF, xsock_sendfile(XSOCK_INVALID, file, 0, 5));
    xsock_close(a);
    xsock_close(c);
}

static void peer_gone_is_an_error(void **state)
{
    xsock_t c, a;
    int64_t rc;
    (void)state;
    if (xtest_under_wine())
        XTEST_SKIP("Wine 8's TransmitFile never completes once the peer resets (the "
                   "overlapped wait hangs); Windows reports WSAECONNRESET");
    xtest_tcp_pair(AF_INET, &c, &a);
    XTEST_OK(xsock_close(a));
    xtest_sleep_ms(20);
    rc = xsock_sendfile(c, file, 0, -1);
    assert_true(rc < 0);
    print_message("sendfile to a closed peer: %s\n", xsock_errname((int)rc));
    xsock_close(c);
}

static void capability_is_reported(void **state)
{
    int zero_copy = xsock_has(XSOCK_CAP_ZEROCOPY_SENDFILE);
    (void)state;
    assert_true(zero_copy == 0 || zero_copy == 1);
    print_message("zero-copy sendfile: %s\n", zero_copy ? "yes" : "no (copy loop)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_file),
        cmocka_unit_test(whole_file_nonblocking),
        cmocka_unit_test(ranges),
        cmocka_unit_test(edges_and_errors),
        cmocka_unit_test(peer_gone_is_an_error),
        cmocka_unit_test(capability_is_reported),
    };
    return cmocka_run_group_tests_name("sendfile", tests, setup, teardown);
}
