/* server.c - the event loop of the line-based example servers.
 *
 * A round: wait on the poller for the clients that are ready, serve them (read their
 * lines, send their queues), then look again at every client the round touched (the
 * ones served, and the ones that were sent text, as in a chat broadcast) to drop it or
 * change what it is watched for. Idle clients are looked for a few times per idle
 * period, not every round; nothing in a round walks the whole client list. */
#include "server.h"
#include "stop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCEPT_PAUSE_MS 100
#define STALL_CHECK_MS 250 /* how often to look for full queues that take nothing */
/* Text for a client is queued and sent once per round (one send for the echoes of a
 * whole read, not one per line: under Wine each send is a round trip to wineserver);
 * a queue this long is sent at once, so that a round cannot pile up more. */
#define SEND_AT (16 * 1024)
#define EVENTS_PER_WAIT 256

/* Make room for one more pointer in *list (of *cap). 0, or -1 out of memory. */
static int grow_list(struct ex_conn ***list, size_t count, size_t *cap)
{
    size_t want = *cap ? *cap * 2 : 16;
    struct ex_conn **grown;
    if (count < *cap)
        return 0;
    /* an array of pointers, on purpose */
    grown = realloc(*list, want * sizeof *grown); /* NOLINT(bugprone-sizeof-expression) */
    if (grown == NULL)
        return -1;
    *list = grown;
    *cap = want;
    return 0;
}

/* Put c on the list of clients to look at before the next wait (once). */
static void touch(struct ex_server *sv, struct ex_conn *c)
{
    if (c->pending)
        return;
    if (grow_list(&sv->pending, sv->pending_count, &sv->pending_cap) != 0)
        ex_die(EX_FAIL, "out of memory");
    sv->pending[sv->pending_count++] = c;
    c->pending = 1;
}

/* Read again the clients held back for a full queue: none is full any more. */
static void release_held(struct ex_server *sv)
{
    size_t i;
    for (i = 0; i < sv->count; i++) {
        struct ex_conn *c = sv->clients[i];
        if (c->held) {
            c->held = 0;
            touch(sv, c);
        }
    }
}

/* Keep count of the full queues: full from EX_CONN_QUEUE_MAX, until down to half. */
static void note_queue(struct ex_server *sv, struct ex_conn *c)
{
    if (!c->full && c->out_len >= EX_CONN_QUEUE_MAX) {
        c->full = 1;
        c->progress_ms = sv->now_ms;
        if (sv->full++ == 0)
            sv->next_stall_check_ms = sv->now_ms + STALL_CHECK_MS;
    } else if (c->full && c->out_len <= EX_CONN_QUEUE_MAX / 2) {
        c->full = 0;
        if (--sv->full == 0)
            release_held(sv);
    }
}

/* Send what c's socket takes of its queue now (unless the poller is to say when it
 * can take more). A failure marks c lost; bytes taken count as its progress. */
static void send_queued(struct ex_server *sv, struct ex_conn *c)
{
    size_t before = c->out_len;
    if (before == 0 || c->closing < 0 || (c->watched & XSOCK_POLLOUT))
        return;
    if (ex_conn_flush(c) != 0)
        c->closing = -2;
    else if (c->out_len < before)
        c->progress_ms = sv->now_ms;
    note_queue(sv, c);
}

void ex_server_send(struct ex_server *sv, struct ex_conn *c, const char *data, size_t len)
{
    struct ex_conn *from = sv->reading;
    if (c->closing != 0)
        return;
    if (ex_conn_queue(c, data, len) != 0)
        c->closing = -1; /* past EX_CONN_QUEUE_HARD: it does not read what it is sent */
    else if (c->out_len >= SEND_AT)
        send_queued(sv, c);
    note_queue(sv, c);
    if (c->full && from != NULL && from->closing == 0 && !from->held) {
        from->held = 1; /* read no more of it until c has room */
        touch(sv, from);
    }
    if (c->out_len > 0 || c->closing != 0)
        touch(sv, c);
}

/* Tell the program that c leaves, once: a client told at its end of input may fail
 * afterwards while its queue is sent, and that is not a second departure. */
static void leave(struct ex_server *sv, struct ex_conn *c, const char *why)
{
    if (c->left)
        return;
    c->left = 1;
    sv->calls->on_leave(sv, c, why);
}

/* Close c, telling the program (unless it was told when the client left). */
static void drop(struct ex_server *sv, struct ex_conn *c, const char *why)
{
    struct ex_conn *last;
    int was_full = c->full;
    leave(sv, c, why); /* while c is still listed */
    last = sv->clients[--sv->count];
    xsock_poller_remove(sv->poller, c->s);
    ex_conn_close(c);
    last->slot = c->slot;
    sv->clients[c->slot] = last;
    free(c);
    if (was_full && --sv->full == 0)
        release_held(sv);
}

/* 1 if c, full, took nothing for EX_CONN_STALL_MS. Before saying so it is offered its
 * queue once more: the system signals room to write only once much of its buffer is
 * free (a third to a half), so a reader that takes a little at a time can go seconds
 * without a writable event while send would take bytes. */
static int stalled(struct ex_server *sv, struct ex_conn *c)
{
    size_t before = c->out_len;
    if (sv->now_ms - c->progress_ms <= EX_CONN_STALL_MS)
        return 0;
    if (ex_conn_flush(c) != 0) {
        c->closing = -2;
        return 0; /* failed: dropped as lost */
    }
    if (c->out_len == before)
        return 1;
    c->progress_ms = sv->now_ms;
    note_queue(sv, c); /* perhaps no longer full */
    return 0;
}

/* While some queue is full: drop the full clients that take nothing (they are dropped
 * by settle_touched, as not reading). */
static void find_stalled(struct ex_server *sv)
{
    size_t i;
    if (sv->full == 0 || sv->now_ms < sv->next_stall_check_ms)
        return;
    sv->next_stall_check_ms = sv->now_ms + STALL_CHECK_MS;
    for (i = 0; i < sv->count; i++) {
        struct ex_conn *c = sv->clients[i];
        if (c->full && c->closing >= 0) {
            if (stalled(sv, c))
                c->closing = -1;
            touch(sv, c); /* settles its queue's state, or drops it */
        }
    }
}

/* Out of descriptors or memory: stop accepting for a moment instead of spinning. */
static void pause_accepting(struct ex_server *sv, int rc)
{
    fprintf(stderr, "%s: accept: %s (pausing new connections)\n", ex_program, xsock_strerror(rc));
    sv->accept_paused_until = sv->now_ms + ACCEPT_PAUSE_MS;
    if (xsock_poller_modify(sv->poller, sv->listener, 0, NULL) != 0)
        ex_die(EX_FAIL, "cannot pause the listener");
}

static void resume_accepting(struct ex_server *sv)
{
    sv->accept_paused_until = 0;
    if (xsock_poller_modify(sv->poller, sv->listener, XSOCK_POLLIN, NULL) != 0)
        ex_die(EX_FAIL, "cannot resume the listener");
}

/* 1 if accept failed for lack of descriptors or memory (waiting helps), as opposed to
 * a connection that died before it was taken (ECONNABORTED, ECONNRESET, or ENOTCONN as
 * Wine says): that one is skipped, so that no client can stall the others. */
static int out_of_resources(int rc)
{
    return rc == XSOCK_EMFILE || rc == XSOCK_ENOBUFS || rc == XSOCK_ENOMEM;
}

/* Take one accepted client into the server: listed, registered, greeted. */
static int admit(struct ex_server *sv, struct ex_conn *c)
{
    int rc;
    if (grow_list(&sv->clients, sv->count, &sv->cap) != 0)
        return XSOCK_ENOMEM;
    rc = xsock_poller_add(sv->poller, c->s, XSOCK_POLLIN, c);
    if (rc != 0)
        return rc;
    c->watched = XSOCK_POLLIN;
    c->slot = sv->count;
    sv->clients[sv->count++] = c;
    sv->accepted++;
    sv->calls->on_join(sv, c);
    touch(sv, c);
    return 0;
}

/* Accept one pending connection: 0, XSOCK_EAGAIN when none is left, or a code. */
static int accept_one(struct ex_server *sv)
{
    struct ex_conn *c = malloc(sizeof *c);
    int rc = c != NULL ? ex_conn_accept(sv->listener, c) : XSOCK_ENOMEM;
    if (rc == 0) {
        rc = admit(sv, c);
        if (rc == 0)
            return 0;
        ex_conn_close(c);
    }
    free(c);
    return rc;
}

/* Accept what is pending: a bounded number of connections per round, so that a flood
 * of connections cannot starve the clients already there. */
static void accept_clients(struct ex_server *sv)
{
    int round;
    for (round = 0; round < 256; round++) {
        int rc = accept_one(sv);
        if (rc == XSOCK_EAGAIN)
            return;
        if (out_of_resources(rc)) {
            pause_accepting(sv, rc);
            return;
        }
        /* another error: this connection failed; the next one may not */
    }
}

struct line_source {
    struct ex_server *sv;
    struct ex_conn *c;
};

static void deliver_line(void *ctx, char *line, size_t len)
{
    struct line_source *from = ctx;
    from->sv->reading = from->c; /* a full queue its line fills holds it back */
    from->sv->calls->on_line(from->sv, from->c, line, len);
    from->sv->reading = NULL;
}

/* Read what c sent. At its end of input a client leaves at once (the program is told
 * now) and is closed when its queue has been sent. 0, or -1 if the connection failed. */
static int read_client(struct ex_server *sv, struct ex_conn *c)
{
    struct line_source from;
    int rc;
    from.sv = sv;
    from.c = c;
    rc = ex_conn_read(c, sv->now_ms, deliver_line, &from);
    if (rc > 0 && c->closing == 0) {
        leave(sv, c, "disconnected");
        c->closing = 1;
    }
    return rc < 0 ? -1 : 0;
}

/* Serve one ready client. Drops wait for the end of the round (settle_touched): the
 * client may already be on the list of those to look at. */
static void serve_client(struct ex_server *sv, struct ex_conn *c, int revents)
{
    /* a held client is read only to see it fail or end (reported whatever it is
     * registered for: ignoring that would spin) */
    int read_on = (c->held ? 0 : XSOCK_POLLIN) | XSOCK_POLLERR | XSOCK_POLLHUP;
    int failed = 0;
    if (c->closing == 0 && (revents & read_on))
        failed = read_client(sv, c) != 0;
    if (!failed && c->closing >= 0 && (revents & (XSOCK_POLLOUT | XSOCK_POLLERR))) {
        size_t before = c->out_len;
        failed = ex_conn_flush(c) != 0;
        if (c->out_len < before)
            c->progress_ms = sv->now_ms; /* it takes what it is sent */
        note_queue(sv, c);
    }
    if (failed)
        c->closing = -2;
    if (c->closing != 0 || ex_conn_events(c) != c->watched)
        touch(sv, c); /* else nothing to settle: the common case of an echo */
}

/* Why a client the round touched must go, or NULL if it stays. */
static const char *reason_to_drop(const struct ex_conn *c)
{
    if (c->closing == -2)
        return "lost";
    if (c->closing < 0)
        return "dropped: not reading";
    if (c->closing && c->out_len == 0)
        return "disconnected";
    return NULL;
}

/* Look at the clients the round touched: send their queues, drop or re-register each.
 * A drop may send text to others (a chat's "left" line), which adds them to the list:
 * it is walked by index. */
static void settle_touched(struct ex_server *sv)
{
    size_t i;
    for (i = 0; i < sv->pending_count; i++) {
        struct ex_conn *c = sv->pending[i];
        const char *why;
        short want;
        send_queued(sv, c); /* what the round queued for it, in one send */
        why = reason_to_drop(c);
        want = ex_conn_events(c);
        c->pending = 0;
        if (why != NULL) {
            drop(sv, c, why);
        } else if (want != c->watched) {
            if (xsock_poller_modify(sv->poller, c->s, want, c) != 0)
                drop(sv, c, "lost");
            else
                c->watched = want;
        }
    }
    sv->pending_count = 0;
}

/* A few times per idle period: drop the clients silent for longer than it. */
static void drop_idle(struct ex_server *sv)
{
    int period = sv->opts.idle_ms;
    size_t i;
    if (period <= 0 || sv->now_ms < sv->next_idle_check_ms)
        return;
    sv->next_idle_check_ms = sv->now_ms + (period / 4 > 1000 ? 1000 : period / 4 + 1);
    i = sv->count;
    while (i-- > 0) { /* backwards: drop() moves the last client into slot i */
        struct ex_conn *c = sv->clients[i];
        /* One sent text by an earlier drop of this sweep (a chat's "left" line) is on
         * the list to settle: freeing it here would leave the list a dangling pointer.
         * It is looked at again by the next sweep. */
        if (sv->now_ms - c->last_active_ms > period && !c->pending && !c->held)
            drop(sv, c, "dropped: idle");
    }
}

/* How long the next wait may last: until accepting resumes or idle clients are due. */
static int wait_ms(const struct ex_server *sv)
{
    int64_t until = sv->now_ms + 1000;
    if (sv->accept_paused_until != 0 && sv->accept_paused_until < until)
        until = sv->accept_paused_until;
    if (sv->opts.idle_ms > 0 && sv->next_idle_check_ms < until)
        until = sv->next_idle_check_ms;
    if (sv->full > 0 && sv->next_stall_check_ms < until)
        until = sv->next_stall_check_ms;
    return until > sv->now_ms ? (int)(until - sv->now_ms) : 0;
}

/* The poller's data of the stop request's socket (stop.h). */
static char stop_marker;

/* A requested stop: every client leaves ("server stopping") and is closed; what was
 * still queued for it is not waited for. The list of clients to settle then names freed
 * clients only, and is emptied unread. */
static void stop_serving(struct ex_server *sv)
{
    while (sv->count > 0)
        drop(sv, sv->clients[sv->count - 1], "server stopping");
    sv->pending_count = 0;
}

static void run_round(struct ex_server *sv)
{
    struct xsock_event ev[EVENTS_PER_WAIT];
    int i, n = xsock_poller_wait(sv->poller, ev, EVENTS_PER_WAIT, wait_ms(sv));
    if (n < 0)
        ex_die_code(n, "wait");
    sv->now_ms = ex_now_ms();
    for (i = 0; i < n; i++) {
        if (ev[i].data == &stop_marker)
            sv->stopping = 1; /* after this round */
        else if (ev[i].data == NULL)
            accept_clients(sv);
        else
            serve_client(sv, ev[i].data, ev[i].events);
    }
    settle_touched(sv);
    if (sv->accept_paused_until != 0 && sv->now_ms >= sv->accept_paused_until)
        resume_accepting(sv);
    drop_idle(sv);
    find_stalled(sv);
    settle_touched(sv); /* the idle clients' leaving may have sent text to others */
}

void ex_server_run(const struct ex_server_opts *o, const struct ex_server_calls *calls)
{
    struct ex_server sv;
    int rc;
    /* what a round prints goes out in one write at its end (run below): a write per
     * line costs more than the echo itself on Windows, where stdout is unbuffered */
    setvbuf(stdout, NULL, _IOFBF, 64 * 1024);
    memset(&sv, 0, sizeof sv);
    sv.opts = *o;
    sv.calls = calls;
    sv.now_ms = ex_now_ms();
    sv.listener = ex_serve(o->host, o->port, SOCK_STREAM);
    rc = xsock_set_nonblocking(sv.listener, 1);
    if (rc == 0)
        rc = xsock_poller_open(&sv.poller);
    if (rc == 0)
        rc = xsock_poller_add(sv.poller, sv.listener, XSOCK_POLLIN, NULL);
    if (rc == 0)
        rc = xsock_poller_add(sv.poller, ex_stop_watch(), XSOCK_POLLIN, &stop_marker);
    if (rc != 0)
        ex_die_code(rc, "cannot set up the listener");
    ex_announce(sv.listener);
    while (!sv.stopping && !(o->once && sv.accepted > 0 && sv.count == 0)) {
        run_round(&sv);
        if (!o->quiet)
            fflush(stdout);
    }
    if (sv.stopping) {
        stop_serving(&sv);
        fflush(stdout);
    }
    xsock_poller_remove(sv.poller, ex_stop_watch());
    xsock_poller_close(sv.poller);
    xsock_close(sv.listener);
    free(sv.clients);
    free(sv.pending);
    ex_stop_done();
}
