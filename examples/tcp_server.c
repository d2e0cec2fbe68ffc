/* tcp_server.c - the tutorial's TCP server, done properly: it greets each client,
 * prints every line it receives as "> [ADDRESS]: message" and echoes it back. Many
 * clients are served at once with xsock_poll (no threads); a client that vanishes,
 * stalls, floods or sends endless lines is dropped without disturbing the others.
 *
 *   tcp_server [--once] [--idle MS] [ADDRESS [PORT]]     (default 127.0.0.1 10000)
 */
#include "conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_IDLE_MS (5 * 60 * 1000)

struct server {
    xsock_t listener;
    struct ex_conn *clients;
    struct xsock_pollfd *fds; /* fds[0] is the listener, fds[i + 1] clients[i] */
    size_t count, cap;
    int idle_ms;
    int once;   /* exit when the first client has gone */
    int served; /* clients accepted so far */
};

static void usage(FILE *to)
{
    fprintf(to, "usage: %s [--once] [--idle MS] [ADDRESS [PORT]]\n"
                "  Echo server: greets each client, prints and echoes every line.\n"
                "  ADDRESS defaults to 127.0.0.1, PORT to 10000 (0 picks a free port).\n"
                "  --once     exit after the first client leaves\n"
                "  --idle MS  drop clients silent for MS milliseconds (default 300000)\n",
            ex_program);
}

static void drop(struct server *sv, size_t i, const char *why)
{
    printf("%s %s\n", why, sv->clients[i].name);
    ex_conn_close(&sv->clients[i]);
    sv->clients[i] = sv->clients[--sv->count];
}

/* Grow the client and poll arrays to hold one more client. */
static int make_room(struct server *sv)
{
    struct ex_conn *clients;
    struct xsock_pollfd *fds;
    size_t cap = sv->cap ? sv->cap * 2 : 16;
    if (sv->count < sv->cap)
        return 0;
    clients = realloc(sv->clients, cap * sizeof *clients);
    if (clients != NULL)
        sv->clients = clients;
    fds = realloc(sv->fds, (cap + 1) * sizeof *fds);
    if (fds != NULL)
        sv->fds = fds;
    if (clients == NULL || fds == NULL)
        return -1;
    sv->cap = cap;
    return 0;
}

static void accept_clients(struct server *sv)
{
    char welcome[64 + XSOCK_ADDRSTRLEN];
    while (make_room(sv) == 0) {
        struct ex_conn *c = &sv->clients[sv->count];
        int rc = ex_conn_accept(sv->listener, c);
        if (rc < 0) {
            if (rc != XSOCK_EAGAIN && rc != XSOCK_EINTR && rc != XSOCK_ECONNABORTED)
                fprintf(stderr, "%s: accept: %s\n", ex_program, xsock_strerror(rc));
            return;
        }
        sv->count++;
        sv->served++;
        printf("connected %s\n", c->name);
        snprintf(welcome, sizeof welcome, "Welcome to the xsock server, %s\n", c->name);
        ex_conn_queue(c, welcome, strlen(welcome));
    }
}

/* A line from a client: print it and queue the echo. */
static void on_line(void *ctx, char *line, size_t len)
{
    struct ex_conn *c = ctx;
    printf("> [%s]: %s\n", c->name, line);
    if (ex_conn_queue(c, line, len) != 0 || ex_conn_queue(c, "\n", 1) != 0)
        c->closing = -1; /* it does not read its replies: dropped below */
}

/* Serve one client's events; returns the reason to drop it, or NULL to keep it. */
static const char *serve_client(struct server *sv, struct ex_conn *c, short revents)
{
    if (revents & (XSOCK_POLLIN | XSOCK_POLLERR | XSOCK_POLLHUP)) {
        int rc = ex_conn_read(c, on_line, c);
        if (rc < 0)
            return "lost";
        if (rc > 0)
            c->closing = 1;
    }
    if (c->closing < 0)
        return "dropped (not reading)";
    if (ex_conn_flush(c) != 0)
        return "lost";
    if (c->closing && c->out_len == 0)
        return "disconnected";
    if (ex_now_ms() - c->last_active_ms > sv->idle_ms)
        return "dropped (idle)";
    return NULL;
}

static void serve_clients(struct server *sv)
{
    size_t i = sv->count;
    while (i-- > 0) { /* backwards: drop() moves the last client into slot i */
        const char *why = serve_client(sv, &sv->clients[i], sv->fds[i + 1].revents);
        if (why != NULL)
            drop(sv, i, why);
    }
}

static void run(struct server *sv)
{
    for (;;) {
        size_t i;
        int rc;
        sv->fds[0].fd = sv->listener;
        sv->fds[0].events = XSOCK_POLLIN;
        for (i = 0; i < sv->count; i++) {
            sv->fds[i + 1].fd = sv->clients[i].s;
            sv->fds[i + 1].events = ex_conn_events(&sv->clients[i]);
        }
        rc = xsock_poll(sv->fds, sv->count + 1, 1000);
        if (rc < 0)
            ex_die_code(rc, "poll");
        serve_clients(sv);
        if (sv->once && sv->served > 0 && sv->count == 0)
            return;
        if (sv->fds[0].revents & XSOCK_POLLIN)
            accept_clients(sv);
    }
}

static void parse_args(int argc, char **argv, struct server *sv, const char **host,
                       uint16_t *port)
{
    int i, positional = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(argv[i], "--once") == 0) {
            sv->once = 1;
        } else if (strcmp(argv[i], "--idle") == 0 && i + 1 < argc) {
            sv->idle_ms = ex_parse_ms(argv[++i], "--idle");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            usage(stderr);
            ex_die(EX_USAGE, "unknown option %s", argv[i]);
        } else if (positional == 0) {
            *host = argv[i];
            positional++;
        } else if (positional == 1) {
            *port = ex_parse_port(argv[i]);
            positional++;
        } else {
            ex_die(EX_USAGE, "too many arguments (see --help)");
        }
    }
}

int main(int argc, char **argv)
{
    struct server sv;
    const char *host = "127.0.0.1";
    uint16_t port = 10000;
    ex_start(argv[0]);
    memset(&sv, 0, sizeof sv);
    sv.idle_ms = DEFAULT_IDLE_MS;
    parse_args(argc, argv, &sv, &host, &port);
    sv.listener = ex_serve(host, port, SOCK_STREAM);
    if (xsock_set_nonblocking(sv.listener, 1) < 0 || make_room(&sv) < 0)
        ex_die(EX_FAIL, "cannot set up the listener");
    ex_announce(sv.listener);
    run(&sv);
    xsock_close(sv.listener);
    return 0;
}
