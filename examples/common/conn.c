/* conn.c - the client side of the poll-driven example servers. */
#include "conn.h"

#include <stdlib.h>
#include <string.h>

int ex_conn_accept(xsock_t listener, struct ex_conn *c)
{
    xsock_addr peer;
    int rc = xsock_accept(listener, &c->s, &peer);
    if (rc < 0)
        return rc;
    rc = xsock_set_nonblocking(c->s, 1);
    if (rc < 0) {
        xsock_close(c->s);
        return rc;
    }
    ex_addr_text(&peer, c->name);
    c->in.len = 0;
    c->out = NULL;
    c->out_len = c->out_cap = 0;
    c->last_active_ms = ex_now_ms();
    c->closing = 0;
    c->watched = 0;
    c->pending = 0;
    c->left = 0;
    c->held = 0;
    c->full = 0;
    c->progress_ms = 0;
    return 0;
}

int ex_conn_queue(struct ex_conn *c, const char *data, size_t len)
{
    if (c->out_len + len > EX_CONN_QUEUE_HARD)
        return -1;
    if (c->out_len + len > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 1024;
        char *grown;
        while (cap < c->out_len + len)
            cap *= 2;
        grown = realloc(c->out, cap);
        if (grown == NULL)
            return -1;
        c->out = grown;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, data, len);
    c->out_len += len;
    return 0;
}

int ex_conn_flush(struct ex_conn *c)
{
    while (c->out_len > 0) {
        ssize_t n = xsock_send(c->s, c->out, c->out_len, 0);
        if (n == XSOCK_EAGAIN)
            return 0;
        if (n == XSOCK_EINTR)
            continue;
        if (n < 0)
            return -1;
        memmove(c->out, c->out + n, c->out_len - (size_t)n);
        c->out_len -= (size_t)n;
    }
    return 0;
}

int ex_conn_read(struct ex_conn *c, int64_t now_ms, ex_line_fn fn, void *ctx)
{
    char buf[4096];
    ssize_t n = xsock_recv(c->s, buf, sizeof buf, 0);
    if (n == XSOCK_EAGAIN || n == XSOCK_EINTR)
        return 0;
    if (n < 0)
        return -1;
    if (n == 0) {
        ex_lines_finish(&c->in, fn, ctx); /* a last line without a newline counts */
        return 1;
    }
    c->last_active_ms = now_ms;
    ex_lines_feed_in_place(&c->in, buf, (size_t)n, fn, ctx);
    return 0;
}

short ex_conn_events(const struct ex_conn *c)
{
    return (short)((c->closing || c->held ? 0 : XSOCK_POLLIN) |
                   (c->out_len > 0 ? XSOCK_POLLOUT : 0));
}

void ex_conn_close(struct ex_conn *c)
{
    xsock_close(c->s);
    c->s = XSOCK_INVALID;
    free(c->out);
    c->out = NULL;
    c->out_len = c->out_cap = 0;
}
