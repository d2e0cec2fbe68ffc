/* server.c - the poll loop of the line-based example servers. */
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCEPT_PAUSE_MS 100

/* Grow the client and poll arrays to hold one more client. */
static int make_room(struct ex_server *sv)
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

/* Close clients[i] (telling the program, unless it was told when the client left). */
static void drop(struct ex_server *sv, size_t i, const char *why)
{
    if (sv->clients[i].closing != 1)
        sv->calls->on_leave(sv, &sv->clients[i], why);
    ex_conn_close(&sv->clients[i]);
    sv->clients[i] = sv->clients[--sv->count];
}

/* Out of descriptors or memory: stop accepting for a moment instead of spinning. */
static void pause_accepting(struct ex_server *sv, int rc)
{
    fprintf(stderr, "%s: accept: %s (pausing new connections)\n", ex_program, xsock_strerror(rc));
    sv->accept_paused_until = sv->now_ms + ACCEPT_PAUSE_MS;
}

/* 1 if accept failed for lack of descriptors or memory (waiting helps), as opposed to
 * a connection that died before it was taken (ECONNABORTED, ECONNRESET, or ENOTCONN as
 * Wine says): that one is skipped, so that no client can stall the others. */
static int out_of_resources(int rc)
{
    return rc == XSOCK_EMFILE || rc == XSOCK_ENOBUFS || rc == XSOCK_ENOMEM;
}

/* Accept what is pending: a bounded number of connections per round, so that a flood
 * of connections cannot starve the clients already there. */
static void accept_clients(struct ex_server *sv)
{
    int round;
    for (round = 0; round < 256; round++) {
        struct ex_conn *c;
        int rc = make_room(sv);
        if (rc < 0) {
            pause_accepting(sv, XSOCK_ENOMEM);
            return;
        }
        c = &sv->clients[sv->count];
        rc = ex_conn_accept(sv->listener, c);
        if (rc == XSOCK_EAGAIN)
            return;
        if (out_of_resources(rc)) {
            pause_accepting(sv, rc);
            return;
        }
        if (rc < 0)
            continue; /* this connection failed; the next one may not */
        sv->count++;
        sv->accepted++;
        sv->calls->on_join(sv, c);
    }
}

struct line_source {
    struct ex_server *sv;
    struct ex_conn *c;
};

static void deliver_line(void *ctx, char *line, size_t len)
{
    struct line_source *from = ctx;
    from->sv->calls->on_line(from->sv, from->c, line, len);
}

/* Serve one client's events; returns why to drop it, or NULL to keep it. At its end of
 * input a client leaves at once (the program is told now) and is closed when its
 * queue has been sent. */
static const char *serve_client(struct ex_server *sv, struct ex_conn *c, short revents)
{
    if (c->closing == 0 && (revents & (XSOCK_POLLIN | XSOCK_POLLERR | XSOCK_POLLHUP))) {
        struct line_source from;
        int rc;
        from.sv = sv;
        from.c = c;
        rc = ex_conn_read(c, sv->now_ms, deliver_line, &from);
        if (rc < 0)
            return "lost";
        if (rc > 0 && c->closing == 0) {
            sv->calls->on_leave(sv, c, "disconnected");
            c->closing = 1;
        }
    }
    if (c->closing < 0)
        return "dropped: not reading";
    if (ex_conn_flush(c) != 0)
        return "lost";
    if (c->closing && c->out_len == 0)
        return "disconnected";
    if (sv->opts.idle_ms > 0 && sv->now_ms - c->last_active_ms > sv->opts.idle_ms)
        return "dropped: idle";
    return NULL;
}

static void serve_clients(struct ex_server *sv)
{
    size_t i = sv->count;
    while (i-- > 0) { /* backwards: drop() moves the last client into slot i */
        const char *why = serve_client(sv, &sv->clients[i], sv->fds[i + 1].revents);
        if (why != NULL)
            drop(sv, i, why);
    }
}

/* Drop the clients whose queue overflowed. A drop may be announced to others and fill
 * another queue, so start over after each; every round removes one client. */
static void drop_stalled(struct ex_server *sv)
{
    size_t i = sv->count;
    while (i-- > 0) {
        if (sv->clients[i].closing < 0) {
            drop(sv, i, "dropped: not reading");
            i = sv->count;
        }
    }
}

static void poll_once(struct ex_server *sv)
{
    size_t i;
    int rc;
    int accepting = sv->now_ms >= sv->accept_paused_until;
    sv->fds[0].fd = accepting ? sv->listener : XSOCK_INVALID;
    sv->fds[0].events = XSOCK_POLLIN;
    for (i = 0; i < sv->count; i++) {
        sv->fds[i + 1].fd = sv->clients[i].s;
        sv->fds[i + 1].events = ex_conn_events(&sv->clients[i]);
    }
    rc = xsock_poll(sv->fds, sv->count + 1, accepting ? 1000 : ACCEPT_PAUSE_MS);
    if (rc < 0)
        ex_die_code(rc, "poll");
    sv->now_ms = ex_now_ms();
}

void ex_server_run(const struct ex_server_opts *o, const struct ex_server_calls *calls)
{
    struct ex_server sv;
    memset(&sv, 0, sizeof sv);
    sv.opts = *o;
    sv.calls = calls;
    sv.now_ms = ex_now_ms();
    sv.listener = ex_serve(o->host, o->port, SOCK_STREAM);
    if (xsock_set_nonblocking(sv.listener, 1) < 0 || make_room(&sv) < 0)
        ex_die(EX_FAIL, "cannot set up the listener");
    ex_announce(sv.listener);
    while (!(o->once && sv.accepted > 0 && sv.count == 0)) {
        poll_once(&sv);
        serve_clients(&sv);
        if (sv.fds[0].revents & XSOCK_POLLIN)
            accept_clients(&sv);
        drop_stalled(&sv);
        fflush(stdout);
    }
    xsock_close(sv.listener);
    free(sv.clients);
    free(sv.fds);
}
