/* tcp_client.c - the tutorial's TCP client: connects to the server (by name or
 * address), prints its welcome, sends each line of standard input and prints the
 * replies. At the end of input it says so (shutdown) and prints what is still coming
 * until the server closes.
 *
 *   tcp_client [--timeout MS] HOST PORT
 */
#include "ex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TIMEOUT_MS 10000
#define REPLY_WAIT_MS 2000

struct client {
    xsock_t s;
    struct ex_lines in;
    int lines_seen;
    int timeout_ms;
};

static void usage(FILE *to)
{
    fprintf(to,
            "usage: %s [--timeout MS] HOST PORT\n"
            "  Sends each line of standard input to the server, prints its replies.\n"
            "  --timeout MS  give up connecting or waiting after MS ms (default 10000)\n",
            ex_program);
}

static void print_line(void *ctx, char *line, size_t len)
{
    struct client *c = ctx;
    (void)len;
    printf("%s\n", line);
    c->lines_seen++;
}

/* Receive once and print complete lines. 1 while open, 0 when the server closed. */
static int receive(struct client *c)
{
    char buf[4096];
    ssize_t n = xsock_recv(c->s, buf, sizeof buf, 0);
    if (n == XSOCK_ETIMEDOUT)
        ex_die(EX_FAIL, "no answer from the server within %d ms", c->timeout_ms);
    if (n < 0)
        ex_die_code((int)n, "receive");
    ex_lines_feed(&c->in, buf, (size_t)n, print_line, c);
    return n > 0;
}

/* Print replies until `want` lines have been seen in all, waiting at most wait_ms. */
static void await_lines(struct client *c, int want, int wait_ms)
{
    int64_t deadline = ex_now_ms() + wait_ms;
    while (c->lines_seen < want) {
        int left = (int)(deadline - ex_now_ms());
        int ready = xsock_wait(c->s, XSOCK_POLLIN, left > 0 ? left : 0);
        if (ready <= 0)
            return;
        if (!receive(c))
            ex_die(EX_FAIL, "the server closed the connection");
    }
}

static void send_input(struct client *c)
{
    char line[EX_LINE_MAX];
    int sent_lines = 0;
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t len = strlen(line);
        int rc = xsock_send_all(c->s, line, len);
        if (rc < 0)
            ex_die(EX_FAIL, "send: %s (the server is gone)", xsock_strerror(rc));
        if (len > 0 && line[len - 1] == '\n')
            await_lines(c, 1 + ++sent_lines, REPLY_WAIT_MS); /* welcome + echoes */
    }
}

static void parse_args(int argc, char **argv, struct client *c, const char **host,
                       const char **port)
{
    int i, positional = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
            c->timeout_ms = ex_parse_ms(argv[++i], "--timeout");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            usage(stderr);
            ex_die(EX_USAGE, "unknown option %s", argv[i]);
        } else if (positional < 2) {
            *(positional++ == 0 ? host : port) = argv[i];
        } else {
            ex_die(EX_USAGE, "too many arguments (see --help)");
        }
    }
    if (positional < 2) {
        usage(stderr);
        ex_die(EX_USAGE, "HOST and PORT are required");
    }
    ex_parse_port(*port);
}

int main(int argc, char **argv)
{
    struct client c;
    const char *host = NULL, *port = NULL;
    int rc;
    ex_start(argv[0]);
    memset(&c, 0, sizeof c);
    c.timeout_ms = DEFAULT_TIMEOUT_MS;
    parse_args(argc, argv, &c, &host, &port);
    rc = xsock_dial(&c.s, host, port, SOCK_STREAM, c.timeout_ms);
    if (rc < 0)
        ex_die(EX_FAIL, "cannot connect to %s port %s: %s", host, port, xsock_strerror(rc));
    xsock_set_recv_timeout(c.s, c.timeout_ms);
    await_lines(&c, 1, c.timeout_ms); /* the welcome */
    send_input(&c);
    xsock_shutdown(c.s, XSOCK_SHUT_WR);
    while (receive(&c)) {
    }
    xsock_close(c.s);
    return 0;
}
