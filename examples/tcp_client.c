/* tcp_client.c - the tutorial's TCP client: connects to the server (by name or
 * address), sends each line of standard input and prints what the server sends: a
 * welcome if there is one (it does not wait for one: a plain echo server has none),
 * and the reply to each line (an echo server answers every line; one that answers
 * nothing within the timeout is given up on). At the end of input it says so
 * (shutdown) and prints what is still coming until the server closes; a last line
 * without a newline is sent as it is.
 *
 *   tcp_client [--timeout MS] HOST PORT
 */
#include "ex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TIMEOUT_MS 10000
/* How long to look for a welcome before sending: it only decides whether the welcome
 * is printed before the first reply or counted as it (everything is printed in the
 * end either way). */
#define WELCOME_GRACE_MS 200

struct client {
    xsock_t s;
    struct ex_lines in;
    int lines_seen;
    int timeout_ms;
};

static const char usage[] =
    "usage: %s [--timeout MS] HOST PORT\n"
    "Send each line of standard input to the server on HOST PORT, print its replies.\n"
    "  HOST          name or address of the server\n"
    "  PORT          its port\n"
    "  --timeout MS  give up connecting or waiting after MS ms (default 10000)\n"
    "  --help        show this help\n";

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
    if (n == 0)
        ex_lines_finish(&c->in, print_line, c); /* a last line without a newline */
    ex_lines_feed(&c->in, buf, (size_t)n, print_line, c);
    return n > 0;
}

/* Print replies until `want` lines have been seen in all. A server that answers
 * nothing within the timeout is given up on. */
static void await_lines(struct client *c, int want)
{
    int64_t deadline = ex_now_ms() + c->timeout_ms;
    while (c->lines_seen < want) {
        int left = (int)(deadline - ex_now_ms());
        int ready = xsock_wait(c->s, XSOCK_POLLIN, left > 0 ? left : 0);
        if (ready < 0)
            ex_die_code(ready, "wait");
        if (ready == 0)
            ex_die(EX_FAIL, "no answer from the server within %d ms", c->timeout_ms);
        if (!receive(c))
            ex_die(EX_FAIL, "the server closed the connection");
    }
}

/* Print what has already arrived (a welcome), waiting at most ms for it. */
static void print_early_lines(struct client *c, int ms)
{
    int ready = xsock_wait(c->s, XSOCK_POLLIN, ms);
    while (ready > 0) {
        if (!receive(c))
            ex_die(EX_FAIL, "the server closed the connection");
        ready = xsock_wait(c->s, XSOCK_POLLIN, 0);
    }
    if (ready < 0)
        ex_die_code(ready, "wait");
}

/* Send each line as it comes, then wait for its reply: one more line than had been
 * seen before the first send, for each line sent. */
static void send_input(struct client *c)
{
    char line[EX_LINE_MAX];
    int sent_lines = 0, before = c->lines_seen;
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t len = strlen(line);
        int rc = xsock_send_all(c->s, line, len);
        if (rc < 0)
            ex_die(EX_FAIL, "send: %s (the server is gone)", xsock_strerror(rc));
        if (len > 0 && line[len - 1] == '\n')
            await_lines(c, before + ++sent_lines);
    }
}

int main(int argc, char **argv)
{
    struct ex_client_opts opts = {NULL, NULL, DEFAULT_TIMEOUT_MS};
    struct client c;
    int rc;
    ex_start(argv[0]);
    ex_client_args(argc, argv, usage, &opts);
    memset(&c, 0, sizeof c);
    c.timeout_ms = opts.timeout_ms;
    rc = xsock_dial(&c.s, opts.host, opts.port, SOCK_STREAM, c.timeout_ms);
    if (rc < 0)
        ex_die(EX_FAIL, "cannot connect to %s port %s: %s", opts.host, opts.port,
               xsock_strerror(rc));
    xsock_set_recv_timeout(c.s, c.timeout_ms);
    print_early_lines(&c, WELCOME_GRACE_MS);
    send_input(&c);
    xsock_shutdown(c.s, XSOCK_SHUT_WR);
    while (receive(&c)) {
    }
    xsock_close(c.s);
    return 0;
}
