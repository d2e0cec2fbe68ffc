/* conn.h - one client of a poll-driven server: its socket, its address, line framing
 * of what it sends, and a bounded queue of what it has yet to receive. A client that
 * does not read its replies is dropped when the queue is full, so it never stalls the
 * server or grows its memory. */
#ifndef XSOCK_EXAMPLE_CONN_H
#define XSOCK_EXAMPLE_CONN_H

#include "ex.h"

/* Most bytes queued for one client before it counts as stalled. */
#define EX_CONN_QUEUE_MAX (256 * 1024)

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
    size_t slot;   /* this client's place in the server's list */
    short watched; /* the events registered with the server's poller */
    int pending;   /* in the server's list of clients to look at this round */
    int left;      /* the program has been told that it left (on_leave ran) */
};

/* Accept one pending client from a non-blocking listener into c (non-blocking too).
 * Returns 0, XSOCK_EAGAIN when none is pending, or another code. */
int ex_conn_accept(xsock_t listener, struct ex_conn *c);

/* Queue bytes for c. 0, or -1 if its queue is full (the caller drops it). */
int ex_conn_queue(struct ex_conn *c, const char *data, size_t len);

/* Send bytes to c: at once while nothing is queued, queueing only what the socket does
 * not take now (a failed send is queued too, for ex_conn_flush to report). 0, or -1 if
 * its queue is full (the caller drops it). */
int ex_conn_send(struct ex_conn *c, const char *data, size_t len);

/* Send what the socket takes now. 0, or -1 if the connection failed. */
int ex_conn_flush(struct ex_conn *c);

/* Read what has arrived and call fn for each complete line (at the end of the stream,
 * for a last line without a newline too); now_ms (ex_now_ms) marks c active if
 * anything came. 0 while the connection is open, 1 when the peer finished sending, -1
 * on failure. */
int ex_conn_read(struct ex_conn *c, int64_t now_ms, ex_line_fn fn, void *ctx);

/* The poll events c needs: XSOCK_POLLIN, plus XSOCK_POLLOUT while output waits. */
short ex_conn_events(const struct ex_conn *c);

/* Close the socket and free the queue. */
void ex_conn_close(struct ex_conn *c);

#endif /* XSOCK_EXAMPLE_CONN_H */
