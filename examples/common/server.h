/* server.h - the poll loop shared by the line-based example servers (tcp_server,
 * chat_server): it accepts clients, reads their lines, sends their queues, drops the
 * ones that vanish, stall or go idle, and calls the program back for what is its own. */
#ifndef XSOCK_EXAMPLE_SERVER_H
#define XSOCK_EXAMPLE_SERVER_H

#include "conn.h"

struct ex_server;

/* What a program does with its clients. Each may send text to any client with
 * ex_conn_send; a client whose queue is full must be marked with closing = -1. */
struct ex_server_calls {
    void (*on_join)(struct ex_server *sv, struct ex_conn *c);
    void (*on_line)(struct ex_server *sv, struct ex_conn *c, char *line, size_t len);
    /* c is leaving (why: "disconnected", "lost", "dropped: idle", ...); it is still
     * in the client list and is closed after this returns. Called once per client. */
    void (*on_leave)(struct ex_server *sv, struct ex_conn *c, const char *why);
};

struct ex_server {
    xsock_t listener;
    struct ex_conn *clients;
    struct xsock_pollfd *fds; /* fds[0] is the listener, fds[i + 1] clients[i] */
    size_t count, cap;
    struct ex_server_opts opts;
    int accepted;                /* clients accepted so far */
    int64_t accept_paused_until; /* out of descriptors or memory: retry accepting later */
    int64_t now_ms;              /* ex_now_ms, read once per round when poll returns */
    const struct ex_server_calls *calls;
};

/* Listen as the options say, print the "listening on" line, and serve until --once
 * is satisfied (otherwise forever). Exits with a one-line error on failure. */
void ex_server_run(const struct ex_server_opts *o, const struct ex_server_calls *calls);

#endif /* XSOCK_EXAMPLE_SERVER_H */
