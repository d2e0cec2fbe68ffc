/* conn.h - one client of a poll-driven server: its socket, its address, line framing
 * of what it sends, and a bounded queue of what it has yet to receive.
 *
 * What a client that reads slowly is owed (server.c does it): once its queue holds
 * EX_CONN_QUEUE_MAX bytes, the clients whose lines fill it are no longer read (their
 * own sockets' buffers then slow them down) until the queue is down to half; nothing
 * is lost, and the slow reader sets the pace. It is dropped as "not reading" only if
 * it takes nothing for EX_CONN_STALL_MS while its queue is full, or if the queue ever
 * reaches EX_CONN_QUEUE_HARD (the lines of one read each of many talkers at once). */
#ifndef XSOCK_EXAMPLE_CONN_H
#define XSOCK_EXAMPLE_CONN_H

#include "ex.h"

/* Bytes queued for one client from which its talkers are held back. */
#define EX_CONN_QUEUE_MAX (256 * 1024)
/* Most bytes ever queued for one client: beyond, it is dropped. */
#define EX_CONN_QUEUE_HARD (4 * EX_CONN_QUEUE_MAX)
/* How long a client with a full queue may take nothing before it is dropped. */
#define EX_CONN_STALL_MS 2000

struct ex_conn {
    xsock_t s;
    char name[XSOCK_ADDRSTRLEN]; /* the peer's address as text */
    struct ex_lines in;
    char *out;
    size_t out_len, out_cap;
    int64_t last_active_ms; /* monotonic, for idle timeouts */
    /* 0 open; 1 the peer finished sending: close once the queue is empty; -1 it does
     * not read (its queue is full); -2 the connection failed. */
    int closing;
    /* Kept by the server (server.c): */
    size_t slot;         /* this client's place in the server's list */
    short watched;       /* the events registered with the server's poller */
    int pending;         /* in the server's list of clients to look at this round */
    int left;            /* the program has been told that it left (on_leave ran) */
    int held;            /* not read: a client its lines go to has a full queue */
    int full;            /* its queue reached EX_CONN_QUEUE_MAX (and is not yet down to half) */
    int64_t progress_ms; /* while full: when it last took bytes (or became full) */
};

/* Accept one pending client from a non-blocking listener into c (non-blocking too).
 * Returns 0, XSOCK_EAGAIN when none is pending, or another code. */
int ex_conn_accept(xsock_t listener, struct ex_conn *c);

/* Queue bytes for c. 0, or -1 if its queue would pass EX_CONN_QUEUE_HARD or memory is
 * short (the caller drops it). */
int ex_conn_queue(struct ex_conn *c, const char *data, size_t len);

/* Send what the socket takes now. 0, or -1 if the connection failed. */
int ex_conn_flush(struct ex_conn *c);

/* Read what has arrived and call fn for each complete line (at the end of the stream,
 * for a last line without a newline too); now_ms (ex_now_ms) marks c active if
 * anything came. 0 while the connection is open, 1 when the peer finished sending, -1
 * on failure. */
int ex_conn_read(struct ex_conn *c, int64_t now_ms, ex_line_fn fn, void *ctx);

/* The poll events c needs: XSOCK_POLLIN (unless it is closing or held), plus
 * XSOCK_POLLOUT while output waits. */
short ex_conn_events(const struct ex_conn *c);

/* Close the socket and free the queue. */
void ex_conn_close(struct ex_conn *c);

#endif /* XSOCK_EXAMPLE_CONN_H */
