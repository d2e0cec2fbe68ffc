/* udp_server.c - the tutorial's datagram server: every datagram is printed with its
 * sender's address and sent straight back (recvfrom / sendto).
 *
 *   udp_server [--once] [ADDRESS [PORT]]     (default 127.0.0.1 10003)
 */
#include "ex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATAGRAM_MAX 65536 /* larger than any UDP payload */

static const char usage[] =
    "usage: %s [--once] [--quiet] [ADDRESS [PORT]]\n"
    "Datagram echo: prints each datagram with its sender and sends it back.\n"
    "  ADDRESS  address to listen on (default 127.0.0.1)\n"
    "  PORT     port to listen on (default 10003; 0 picks a free one)\n"
    "  --once   exit after answering the first datagram\n"
    "  --quiet  print nothing but the listening line and errors\n"
    "  --help   show this help\n";

/* Print the datagram as text, by the rule of ex_shown_text. */
static void print_datagram(const char *from, const char *data, size_t len)
{
    static char shown[EX_SHOWN_MAX(DATAGRAM_MAX)];
    ex_shown_text(data, len, shown);
    printf("> [%s]: %s\n", from, shown);
}

/* Receive one datagram and echo it. 0, or -1 on a socket failure. */
static int echo_one(xsock_t s, char *buf, int quiet)
{
    xsock_addr from;
    char name[XSOCK_ADDRSTRLEN];
    ssize_t n = xsock_recvfrom(s, buf, DATAGRAM_MAX, 0, &from), sent;
    if (n == XSOCK_EINTR || n == XSOCK_ECONNRESET)
        return 0;
    if (n == XSOCK_EMSGSIZE) {
        printf("datagram from %s larger than %d bytes: dropped\n", ex_addr_text(&from, name),
               DATAGRAM_MAX);
        return 0;
    }
    if (n < 0) {
        fprintf(stderr, "%s: receive: %s\n", ex_program, xsock_strerror((int)n));
        return -1;
    }
    ex_addr_text(&from, name);
    if (!quiet)
        print_datagram(name, buf, (size_t)n);
    sent = xsock_sendto(s, buf, (size_t)n, 0, &from);
    if (sent < 0)
        fprintf(stderr, "%s: reply to %s: %s\n", ex_program, name, xsock_strerror((int)sent));
    return 0;
}

int main(int argc, char **argv)
{
    struct ex_server_opts opts = {"127.0.0.1", 10003, 0, 0, -1}; /* no --idle */
    char *buf;
    xsock_t s;
    int rc;
    ex_start(argv[0]);
    ex_server_args(argc, argv, usage, &opts);
    buf = malloc(DATAGRAM_MAX);
    if (buf == NULL)
        ex_die(EX_FAIL, "out of memory");
    s = ex_serve(opts.host, opts.port, SOCK_DGRAM);
    ex_announce(s);
    do {
        rc = echo_one(s, buf, opts.quiet);
    } while (rc == 0 && !opts.once);
    xsock_close(s);
    free(buf);
    return rc == 0 ? 0 : EX_FAIL;
}
