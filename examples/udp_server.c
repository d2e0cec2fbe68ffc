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

static void usage(FILE *to)
{
    fprintf(to,
            "usage: %s [--once] [ADDRESS [PORT]]\n"
            "  Datagram echo: prints each datagram with its sender and sends it back.\n"
            "  ADDRESS defaults to 127.0.0.1, PORT to 10003 (0 picks a free port).\n"
            "  --once  exit after answering the first datagram\n",
            ex_program);
}

/* Print the datagram as text, with anything unprintable shown as '.'. */
static void print_datagram(const char *from, const char *data, size_t len)
{
    size_t i;
    printf("> [%s]: ", from);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        putchar(c >= 32 && c < 127 ? c : '.');
    }
    putchar('\n');
}

/* Receive one datagram and echo it. 0, or -1 on a socket failure. */
static int echo_one(xsock_t s, char *buf)
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
    print_datagram(ex_addr_text(&from, name), buf, (size_t)n);
    sent = xsock_sendto(s, buf, (size_t)n, 0, &from);
    if (sent < 0)
        fprintf(stderr, "%s: reply to %s: %s\n", ex_program, name, xsock_strerror((int)sent));
    return 0;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    uint16_t port = 10003;
    int i, positional = 0, once = 0, rc = 0;
    char *buf;
    xsock_t s;
    ex_start(argv[0]);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--once") == 0) {
            once = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            usage(stderr);
            ex_die(EX_USAGE, "unknown option %s", argv[i]);
        } else if (positional == 0) {
            host = argv[i];
            positional++;
        } else if (positional == 1) {
            port = ex_parse_port(argv[i]);
            positional++;
        } else {
            ex_die(EX_USAGE, "too many arguments (see --help)");
        }
    }
    buf = malloc(DATAGRAM_MAX);
    if (buf == NULL)
        ex_die(EX_FAIL, "out of memory");
    s = ex_serve(host, port, SOCK_DGRAM);
    ex_announce(s);
    do {
        rc = echo_one(s, buf);
    } while (rc == 0 && !once);
    xsock_close(s);
    free(buf);
    return rc == 0 ? 0 : EX_FAIL;
}
