/* tcp_server.c - the tutorial's TCP server, done properly: it greets each client,
 * prints every line it receives as "> [ADDRESS]: message" and echoes it back. Many
 * clients are served at once with an xsock_poller (no threads); a client that vanishes,
 * stalls, floods or sends endless lines is dropped without disturbing the others
 * (the loop is in common/server.c, shared with chat_server).
 *
 *   tcp_server [--once] [--idle MS] [ADDRESS [PORT]]     (default 127.0.0.1 10000)
 */
#include "server.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: %s [--once] [--quiet] [--idle MS] [ADDRESS [PORT]]\n"
    "Echo server: greets each client, prints and echoes every line.\n"
    "  ADDRESS    address to listen on (default 127.0.0.1)\n"
    "  PORT       port to listen on (default 10000; 0 picks a free one)\n"
    "  --once     exit once the first client has come and every client has gone\n"
    "  --quiet    print nothing but the listening line and errors\n"
    "  --idle MS  drop clients silent for MS milliseconds (default 300000)\n"
    "  --help     show this help\n";

static void on_join(struct ex_server *sv, struct ex_conn *c)
{
    char welcome[64 + XSOCK_ADDRSTRLEN];
    if (!sv->opts.quiet)
        printf("connected %s\n", c->name);
    snprintf(welcome, sizeof welcome, "Welcome to the xsock server, %s\n", c->name);
    ex_server_send(sv, c, welcome, strlen(welcome));
}

/* A line from a client: print it and echo it, with its newline in one send (line[len],
 * the NUL, is ours to overwrite). */
static void on_line(struct ex_server *sv, struct ex_conn *c, char *line, size_t len)
{
    if (!sv->opts.quiet) {
        static char shown[EX_SHOWN_MAX(EX_LINE_MAX)];
        ex_shown_text(line, len, shown);
        printf("> [%s]: %s\n", c->name, shown);
    }
    line[len] = '\n';
    ex_server_send(sv, c, line, len + 1);
}

static void on_leave(struct ex_server *sv, struct ex_conn *c, const char *why)
{
    if (!sv->opts.quiet)
        printf("%s %s\n", why, c->name);
}

int main(int argc, char **argv)
{
    static const struct ex_server_calls calls = {on_join, on_line, on_leave};
    struct ex_server_opts opts = {"127.0.0.1", 10000, 0, 0, 5 * 60 * 1000};
    ex_start(argv[0]);
    ex_server_args(argc, argv, usage, &opts);
    ex_server_run(&opts, &calls);
    return 0;
}
