/* udp_client.c - the tutorial's datagram client: sends each line of standard input
 * as one datagram (up to the most a UDP datagram holds: 65,507 bytes over IPv4, 65,527
 * over IPv6; a longer line is refused, never split) and prints the answer, giving up
 * with a clear message if none comes within the timeout (UDP does not say when nobody
 * is listening).
 *
 *   udp_client [--timeout MS] HOST PORT
 */
#include "ex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TIMEOUT_MS 3000
#define DATAGRAM_MAX 65536
#define UDP_PAYLOAD_MAX_V4 65507 /* 65,535 - 20 (IPv4 header) - 8 (UDP header) */
#define UDP_PAYLOAD_MAX_V6 65527 /* 65,535 - 8: the IPv6 payload length counts UDP's */

static const char usage[] =
    "usage: %s [--timeout MS] HOST PORT\n"
    "Send each line of standard input as one datagram to HOST PORT, print the answer.\n"
    "  HOST          name or address of the server\n"
    "  PORT          its port\n"
    "  --timeout MS  how long to wait for each answer (default 3000)\n"
    "  --help        show this help\n";

/* Wait for the server's answer (datagrams from anyone else are ignored). */
static void print_answer(xsock_t s, const xsock_addr *server, const char *label, int timeout_ms)
{
    static char buf[DATAGRAM_MAX];
    int64_t deadline = ex_now_ms() + timeout_ms;
    for (;;) {
        xsock_addr from;
        int left = (int)(deadline - ex_now_ms());
        ssize_t n;
        if (left <= 0 || xsock_wait(s, XSOCK_POLLIN, left) <= 0)
            ex_die(EX_FAIL, "no answer from %s within %d ms", label, timeout_ms);
        n = xsock_recvfrom(s, buf, sizeof buf, 0, &from);
        if (n == XSOCK_ECONNRESET || n == XSOCK_EINTR || n == XSOCK_EAGAIN)
            continue;
        if (n < 0)
            ex_die_code((int)n, "receive");
        if (xsock_addr_equal(&from, server) == 1) {
            fwrite(buf, 1, (size_t)n, stdout); /* every byte, a NUL too */
            putchar('\n');
            return;
        }
    }
}

/* The next line of standard input without its "\n" or "\r\n" into line (of `most`
 * bytes); its length, or -1 at the end of input. A longer line exits with an error:
 * split into several datagrams, it would no longer be one message. */
static long read_line(char *line, size_t most, long number)
{
    size_t len = 0;
    int ch = getchar();
    if (ch == EOF)
        return -1;
    while (ch != EOF && ch != '\n') {
        if (len == most)
            ex_die(EX_FAIL,
                   "line %ld is longer than %lu bytes, the most one UDP datagram "
                   "holds here: not sent",
                   number, (unsigned long)most);
        line[len++] = (char)ch;
        ch = getchar();
    }
    if (len > 0 && line[len - 1] == '\r')
        len--;
    return (long)len;
}

int main(int argc, char **argv)
{
    struct ex_client_opts opts = {NULL, NULL, DEFAULT_TIMEOUT_MS};
    static char line[UDP_PAYLOAD_MAX_V6];
    char label[300];
    long len, number = 0;
    size_t most;
    xsock_addr server;
    xsock_t s;
    int rc;
    ex_start(argv[0]);
    ex_client_args(argc, argv, usage, &opts);
    snprintf(label, sizeof label, "%s port %s", opts.host, opts.port);
    rc = xsock_resolve(opts.host, opts.port, AF_UNSPEC, SOCK_DGRAM, &server, 1);
    if (rc < 0)
        ex_die(EX_FAIL, "cannot resolve %s: %s", opts.host, xsock_strerror(rc));
    rc = xsock_socket(&s, xsock_addr_family(&server), SOCK_DGRAM, 0);
    if (rc < 0)
        ex_die_code(rc, "socket");
    most = xsock_addr_family(&server) == AF_INET6 ? UDP_PAYLOAD_MAX_V6 : UDP_PAYLOAD_MAX_V4;
    while ((len = read_line(line, most, ++number)) >= 0) {
        ssize_t sent = xsock_sendto(s, line, (size_t)len, 0, &server);
        if (sent < 0)
            ex_die(EX_FAIL, "send to %s: %s", label, xsock_strerror((int)sent));
        print_answer(s, &server, label, opts.timeout_ms);
    }
    xsock_close(s);
    return 0;
}
