/* server.h - the event loop shared by the line-based example servers (tcp_server,
 * chat_server): it accepts clients, reads their lines, sends their queues, drops the
 * ones that vanish, stall or go idle, and calls the program back for what is its own.
 * Sockets stay registered with an xsock_poller, so a round costs the clients that are
 * ready, not all of them. */
#ifndef XSOCK_EXAMPLE_SERVER_H
#define XSOCK_EXAMPLE_SERVER_H

#include "conn.h"

struct ex_server;

/* What a program does with its clients. Each sends text with ex_server_send. */
struct ex_server_calls {
    void (*on_join)(struct ex_server *sv, struct ex_conn *c);
    void (*on_line)(struct ex_server *sv, struct ex_conn *c, char *line, size_t len);
    /* c is leaving (why: "disconnected", "lost", "dropped: idle", ...); it is still
     * in the client list and is closed after this returns. Called once per client. */
    void (*on_leave)(struct ex_server *sv, struct ex_conn *c, const char *why);
};

struct ex_server {
    xsock_t listener;
    xsock_poller *poller;
    struct ex_conn **clients; /* clients[i]->slot == i */
    size_t count, cap;
    struct ex_conn **pending; /* clients to look at before the next wait */
    size_t pending_count, pending_cap;
    struct ex_server_opts opts;
    int accepted;                /* clients accepted so far */
    int64_t accept_paused_until; /* out of descriptors or memory: retry accepting later */
    int64_t next_idle_check_ms;  /* when to look for idle clients next */
    int64_t now_ms;              /* ex_now_ms, read once per round when the wait returns */
    struct ex_conn *reading;     /* the client whose lines are being handled, or NULL */
    size_t full;                 /* clients whose queue is full (conn.h) */
    int64_t next_stall_check_ms; /* while some queue is full: when to look for stalls */
    const struct ex_server_calls *calls;
    int stopping; /* a stop was requested (stop.h): the loop ends after this round */
};

/* Send text to c (what the socket does not take now is queued). When c's queue is full,
 * the client whose line this answers is read no more until it has room (conn.h says
 * what a slow reader is owed); one that is leaving is sent nothing. */
void ex_server_send(struct ex_server *sv, struct ex_conn *c, const char *data, size_t len);

/* Listen as the options say, print the "listening on" line, and serve until --once
 * is satisfied or a stop is requested (stop.h: Ctrl-C, SIGTERM), when every client
 * leaves with "server stopping". Exits with a one-line error on failure. */
void ex_server_run(const struct ex_server_opts *o, const struct ex_server_calls *calls);

#endif /* XSOCK_EXAMPLE_SERVER_H */
