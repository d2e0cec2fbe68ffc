/* test_faults.c - the failure paths the system cannot be made to take on demand,
 * driven through the fault layer (src/faults.h) on every backend: short sends and
 * receives, EINTR, would-block on a blocking call, ECONNRESET, ENOBUFS/ENOMEM, and a
 * connect that never completes. No byte may be lost or duplicated, the right code must
 * come back, and timeouts must be honoured. */
#include "support.h"
#include "faults.h"

#include <stdlib.h>
#include <string.h>

#define LEN (256 * 1024)

static unsigned char *data, *got;

static int setup(void **state)
{
    size_t i;
    (void)state;
    data = malloc(LEN);
    got = malloc(LEN);
    if (data == NULL || got == NULL)
        return -1;
    for (i = 0; i < LEN; i++)
        data[i] = (unsigned char)(i * 7u + (i >> 9));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(data);
    free(got);
    return 0;
}

static int reset(void **state)
{
    (void)state;
    xsock__fault_clear();
    memset(got, 0, LEN);
    return 0;
}

struct reader {
    xsock_t s;
    size_t len, received;
    int rc;
};

static void read_all(void *p)
{
    struct reader *r = p;
    r->rc = xsock_recv_all(r->s, got, r->len, &r->received);
}

/* send_all of LEN bytes with the current fault plan; checks what arrives. */
static int send_all_through(int expect_rc)
{
    struct reader r;
    xtest_thread *t;
    xsock_t pair[2];
    size_t sent = 12345;
    int rc;
    XTEST_OK(xsock_socketpair(SOCK_STREAM, pair));
    r.s = pair[1];
    r.len = LEN;
    r.received = 0;
    t = xtest_thread_start(read_all, &r);
    rc = xsock_send_all(pair[0], data, LEN, &sent);
    xsock_shutdown(pair[0], XSOCK_SHUT_WR); /* the reader ends even after a failure */
    xtest_thread_join(t);
    XTEST_CODE(expect_rc, rc);
    if (expect_rc == 0) {
        XTEST_OK(r.rc);
        assert_int_equal(r.received, LEN);
    }
    assert_memory_equal(got, data, r.received); /* nothing lost, nothing twice */
    assert_int_equal(sent, r.received);         /* the count says what went out */
    xsock_close(pair[0]);
    xsock_close(pair[1]);
    return (int)r.received;
}

static void send_all_short_sends(void **state)
{
    (void)state;
    xsock__fault_set(XSOCK__OP_SEND, 0, 0, 0, 1000);
    send_all_through(0);
    assert_true(xsock__fault_calls(XSOCK__OP_SEND) >= LEN / 1000);
}

static void send_all_eintr(void **state)
{
    (void)state;
    xsock__fault_set(XSOCK__OP_SEND, 1, 5, XSOCK_EINTR, 4096); /* short, so many calls */
    send_all_through(0);
    assert_int_equal(xsock__fault_hits(XSOCK__OP_SEND), 5);
}

/* EAGAIN from a blocking call (it happens): the loop waits and goes on. */
static void send_all_would_block(void **state)
{
    (void)state;
    xsock__fault_set(XSOCK__OP_SEND, 2, 3, XSOCK_EAGAIN, 4096);
    send_all_through(0);
    assert_int_equal(xsock__fault_hits(XSOCK__OP_SEND), 3);
}

static void send_all_reset_and_nobufs(void **state)
{
    int sent;
    (void)state;
    xsock__fault_set(XSOCK__OP_SEND, 3, 1, XSOCK_ECONNRESET, 4096);
    sent = send_all_through(XSOCK_ECONNRESET);
    assert_int_equal(sent, 3 * 4096); /* three short sends arrived, as an exact prefix */
    xsock__fault_clear();
    xsock__fault_set(XSOCK__OP_SEND, 0, 1, XSOCK_ENOBUFS, 0);
    assert_int_equal(send_all_through(XSOCK_ENOBUFS), 0);
    xsock__fault_clear();
    xsock__fault_set(XSOCK__OP_SEND, 0, 1, XSOCK_ENOMEM, 0);
    assert_int_equal(send_all_through(XSOCK_ENOMEM), 0);
}

struct writer {
    xsock_t s;
    int rc;
};

static void write_all(void *p)
{
    struct writer *w = p;
    w->rc = xsock_send_all(w->s, data, LEN, NULL);
}

/* recv_all of LEN bytes with the current fault plan. */
static void recv_all_through(int expect_rc, size_t expect_received)
{
    struct writer w;
    xtest_thread *t;
    xsock_t pair[2];
    size_t received = 12345;
    int rc;
    XTEST_OK(xsock_socketpair(SOCK_STREAM, pair));
    w.s = pair[0];
    t = xtest_thread_start(write_all, &w);
    rc = xsock_recv_all(pair[1], got, LEN, &received);
    XTEST_CODE(expect_rc, rc);
    if (expect_received != (size_t)-1)
        assert_int_equal(received, expect_received);
    assert_memory_equal(got, data, received);
    xsock_close(pair[1]); /* unblocks the writer after a failure */
    xtest_thread_join(t);
    xsock_close(pair[0]);
}

static void recv_all_short_reads_eintr_and_would_block(void **state)
{
    (void)state;
    xsock__fault_set(XSOCK__OP_RECV, 0, 0, 0, 333);
    recv_all_through(0, LEN);
    xsock__fault_clear();
    xsock__fault_set(XSOCK__OP_RECV, 0, 4, XSOCK_EINTR, 0);
    recv_all_through(0, LEN);
    xsock__fault_clear();
    xsock__fault_set(XSOCK__OP_RECV, 1, 2, XSOCK_EAGAIN, 4096); /* short: many calls */
    recv_all_through(0, LEN);
    assert_int_equal(xsock__fault_hits(XSOCK__OP_RECV), 2);
}

static void recv_all_reset_keeps_count(void **state)
{
    (void)state;
    /* 1000 bytes a call, then a reset on the sixth: exactly 5000 bytes, and said so */
    xsock__fault_set(XSOCK__OP_RECV, 5, 1, XSOCK_ECONNRESET, 1000);
    recv_all_through(XSOCK_ECONNRESET, 5000);
    assert_int_equal(xsock__fault_calls(XSOCK__OP_RECV), 6);
}

/* xsock_sendv is one call: a short one returns its count, and the bytes that arrive
 * are exactly that prefix of the buffers. */
static void sendv_short_and_interrupted(void **state)
{
    xsock_buf bufs[3];
    xsock_t pair[2];
    ssize_t n;
    (void)state;
    XTEST_OK(xsock_socketpair(SOCK_STREAM, pair));
    bufs[0] = xsock_buf_make(data, 100);
    bufs[1] = xsock_buf_make(data + 100, 200);
    bufs[2] = xsock_buf_make(data + 300, 300);
    xsock__fault_set(XSOCK__OP_SENDV, 0, 0, 0, 250);
    n = xsock_sendv(pair[0], bufs, 3);
    assert_true(n > 0 && n <= 250);
    XTEST_OK(xsock_recv_all(pair[1], got, (size_t)n, NULL));
    assert_memory_equal(got, data, (size_t)n);
    xsock__fault_set(XSOCK__OP_SENDV, 0, 1, XSOCK_EINTR, 0);
    XTEST_CODE(XSOCK_EINTR, xsock_sendv(pair[0], bufs, 3));
    xsock__fault_set(XSOCK__OP_RECVV, 0, 1, XSOCK_ECONNRESET, 0);
    XTEST_CODE(XSOCK_ECONNRESET, xsock_recvv(pair[1], bufs, 3));
    xsock_close(pair[0]);
    xsock_close(pair[1]);
}

/* xsock_sendfile over a TCP pair with the current plan; returns what it returned. */
static int64_t sendfile_through(FILE *file, size_t expect_received)
{
    struct reader r;
    xtest_thread *t;
    xsock_t c, a;
    int64_t sent;
    xtest_tcp_pair(AF_INET, &c, &a);
    r.s = a;
    r.len = LEN;
    r.received = 0;
    t = xtest_thread_start(read_all, &r);
    sent = xsock_sendfile(c, file, 0, -1);
    xsock_shutdown(c, XSOCK_SHUT_WR);
    xtest_thread_join(t);
    assert_int_equal(r.received, expect_received);
    assert_memory_equal(got, data, r.received);
    xsock_close(a);
    xsock_close(c);
    return sent;
}

/* Zero-copy refused (XSOCK_ENOTSUP): the copy loop sends the file, also through short
 * reads and interrupted sends; a read failure is reported. */
static void sendfile_falls_back_to_copying(void **state)
{
    FILE *file = tmpfile();
    (void)state;
    assert_non_null(file);
    assert_int_equal(fwrite(data, 1, LEN, file), LEN);
    fflush(file);
    xsock__fault_set(XSOCK__OP_SENDFILE, 0, -1, XSOCK_ENOTSUP, 0);
    assert_int_equal(sendfile_through(file, LEN), LEN);
    assert_true(xsock__fault_calls(XSOCK__OP_PREAD) >= 1);
    xsock__fault_set(XSOCK__OP_PREAD, 0, 0, 0, 777);         /* short reads throughout */
    xsock__fault_set(XSOCK__OP_SEND, 2, 10, XSOCK_EINTR, 0); /* and interrupted sends */
    assert_int_equal(sendfile_through(file, LEN), LEN);
    assert_true(xsock__fault_calls(XSOCK__OP_PREAD) >= LEN / 777);
    assert_int_equal(xsock__fault_hits(XSOCK__OP_SEND), 10);
    xsock__fault_set(XSOCK__OP_PREAD, 0, 1, XSOCK_ENOMEM, 0);
    XTEST_CODE(XSOCK_ENOMEM, (int)sendfile_through(file, 0));
    fclose(file);
}

/* EINTR during a wait is retried with the time left, and a wait that keeps being
 * interrupted still ends when its time is up. */
static void poll_retries_eintr(void **state)
{
    xsock_t pair[2];
    struct xsock_pollfd p;
    int64_t start, elapsed;
    (void)state;
    XTEST_OK(xsock_socketpair(SOCK_STREAM, pair));
    assert_int_equal(xsock_send(pair[0], "x", 1, 0), 1);
    p.fd = pair[1];
    p.events = XSOCK_POLLIN;
    xsock__fault_set(XSOCK__OP_POLL, 0, 3, XSOCK_EINTR, 0);
    assert_int_equal(xsock_poll(&p, 1, 5000), 1);
    assert_true(p.revents & XSOCK_POLLIN);
    assert_int_equal(xsock__fault_calls(XSOCK__OP_POLL), 4);
    xsock__fault_set(XSOCK__OP_POLL, 0, -1, XSOCK_EINTR, 0);
    start = xtest_now_ms();
    assert_int_equal(xsock_poll(&p, 1, 150), 0);
    elapsed = xtest_now_ms() - start;
    assert_true(elapsed >= 140 && elapsed < 5000);
    xsock__fault_set(XSOCK__OP_POLL, 0, 1, XSOCK_ENOMEM, 0);
    XTEST_CODE(XSOCK_ENOMEM, xsock_poll(&p, 1, 100));
    xsock_close(pair[0]);
    xsock_close(pair[1]);
}

/* A connect that never completes ends at the timeout, not before, not long after. */
static void connect_timeout_never_completes(void **state)
{
    xsock_addr addr;
    xsock_t listener = xtest_listener(AF_INET, &addr), s;
    int64_t start, elapsed;
    (void)state;
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_STREAM, 0));
    xsock__fault_set(XSOCK__OP_POLL, 0, -1, 0, 0); /* nothing ever becomes ready */
    start = xtest_now_ms();
    XTEST_CODE(XSOCK_ETIMEDOUT, xsock_connect_timeout(s, &addr, 300));
    elapsed = xtest_now_ms() - start;
    print_message("never-completing connect: XSOCK_ETIMEDOUT after %d ms (timeout 300)\n",
                  (int)elapsed);
    assert_true(elapsed >= 280 && elapsed < 3000);
    xsock_close(s);
    xsock_close(listener);
}

static void connect_timeout_interrupted_and_failing(void **state)
{
    xsock_addr addr;
    xsock_t listener = xtest_listener(AF_INET, &addr), s, a;
    (void)state;
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_STREAM, 0));
    xsock__fault_set(XSOCK__OP_CONNECT, 0, 1, XSOCK_EINTR, 0); /* the connect goes on */
    XTEST_OK(xsock_connect_timeout(s, &addr, 5000));
    XTEST_OK(xsock_accept(listener, &a, NULL));
    xsock_close(a);
    xsock_close(s);
    XTEST_OK(xsock_socket(&s, AF_INET, SOCK_STREAM, 0));
    xsock__fault_set(XSOCK__OP_CONNECT, 0, 1, XSOCK_ENOBUFS, 0);
    XTEST_CODE(XSOCK_ENOBUFS, xsock_connect_timeout(s, &addr, 5000));
    xsock_close(s);
    xsock_close(listener);
}

static void dial_honours_its_timeout(void **state)
{
    xsock_addr addr;
    xsock_t listener = xtest_listener(AF_INET, &addr), s, a;
    char port[8];
    int64_t start, elapsed;
    (void)state;
    snprintf(port, sizeof port, "%d", xsock_addr_port(&addr));
    xsock__fault_set(XSOCK__OP_POLL, 0, -1, 0, 0);
    start = xtest_now_ms();
    XTEST_CODE(XSOCK_ETIMEDOUT, xsock_dial(&s, "127.0.0.1", port, SOCK_STREAM, 400));
    elapsed = xtest_now_ms() - start;
    assert_true(elapsed >= 380 && elapsed < 3000);
    assert_true(s == XSOCK_INVALID);
    xsock__fault_clear();
    xsock__fault_set(XSOCK__OP_CONNECT, 0, 1, XSOCK_ECONNRESET, 0);
    XTEST_CODE(XSOCK_ECONNRESET, xsock_dial(&s, "127.0.0.1", port, SOCK_STREAM, 2000));
    XTEST_OK(xsock_dial(&s, "127.0.0.1", port, SOCK_STREAM, 2000)); /* the fault is spent */
    XTEST_OK(xsock_accept(listener, &a, NULL));
    xsock_close(a);
    xsock_close(s);
    xsock_close(listener);
}

/* XSOCK_MSG_WAITALL, looped by xsock: short reads and EINTR are absorbed; an error after
 * some data gives the count, an error before any gives the error. */
static void recv_waitall_loop(void **state)
{
    xsock_t pair[2];
    char buf[16];
    (void)state;
    XTEST_OK(xsock_socketpair(SOCK_STREAM, pair));
    XTEST_OK(xsock_send_all(pair[0], "0123456789", 10, NULL));
    xsock__fault_set(XSOCK__OP_RECV, 1, 2, XSOCK_EINTR, 3); /* 3-byte reads, two EINTRs */
    assert_int_equal(xsock_recv(pair[1], buf, 10, XSOCK_MSG_WAITALL), 10);
    assert_memory_equal(buf, "0123456789", 10);
    assert_int_equal(xsock__fault_hits(XSOCK__OP_RECV), 2);
    xsock__fault_clear();
    XTEST_OK(xsock_send_all(pair[0], "abcdef", 6, NULL));
    xsock__fault_set(XSOCK__OP_RECV, 1, 1, XSOCK_ECONNRESET, 4);
    assert_int_equal(xsock_recv(pair[1], buf, 10, XSOCK_MSG_WAITALL), 4);
    xsock__fault_clear();
    xsock__fault_set(XSOCK__OP_RECV, 0, 1, XSOCK_ECONNRESET, 0);
    XTEST_CODE(XSOCK_ECONNRESET, xsock_recv(pair[1], buf, 10, XSOCK_MSG_WAITALL));
    xsock__fault_clear();
    assert_int_equal(xsock_recv(pair[1], buf, 2, XSOCK_MSG_WAITALL), 2); /* "ef" */
    assert_memory_equal(buf, "ef", 2);
    xsock_close(pair[0]);
    xsock_close(pair[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(send_all_short_sends, reset),
        cmocka_unit_test_setup(send_all_eintr, reset),
        cmocka_unit_test_setup(send_all_would_block, reset),
        cmocka_unit_test_setup(send_all_reset_and_nobufs, reset),
        cmocka_unit_test_setup(recv_all_short_reads_eintr_and_would_block, reset),
        cmocka_unit_test_setup(recv_waitall_loop, reset),
        cmocka_unit_test_setup(recv_all_reset_keeps_count, reset),
        cmocka_unit_test_setup(sendv_short_and_interrupted, reset),
        cmocka_unit_test_setup(sendfile_falls_back_to_copying, reset),
        cmocka_unit_test_setup(poll_retries_eintr, reset),
        cmocka_unit_test_setup(connect_timeout_never_completes, reset),
        cmocka_unit_test_setup(connect_timeout_interrupted_and_failing, reset),
        cmocka_unit_test_setup(dial_honours_its_timeout, reset),
    };
    int rc = cmocka_run_group_tests_name("faults", tests, setup, teardown);
    xsock__fault_clear();
    return rc;
}
