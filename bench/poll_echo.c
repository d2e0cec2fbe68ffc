/* poll_echo.c - the xsock_poll baseline of the many-clients benchmark: a
 * single-threaded echo server written the way a tutorial poll server is, handing the
 * whole pollfd array (listener + every client) to xsock_poll each round and then
 * walking all of it. Same protocol as the other echo servers here (a welcome line on
 * accept, then every byte echoed back as received). It prices what scanning idle
 * sockets costs: the work of a round grows with the number of open connections, not
 * with the number of ready ones. A reference baseline, not production code.
 *
 *   bench_poll_echo [--once] [ADDRESS [PORT]]     (default 127.0.0.1 0 = a free port)
 *
 * Prints "listening on ADDRESS:PORT" first. --once exits when the last client leaves
 * (after at least one came), so a profiler sees a clean exit. Only xsock calls, so it
 * builds wherever xsock does (Windows included). */
#include <xsock.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_SIZE 4096

/* What a client's socket would not take yet; fds[i] and clients[i] go together. */
struct client {
    size_t out_len;
    char out[BUF_SIZE];
};

static struct xsock_pollfd *fds; /* fds[0] is the listener */
static struct client *clients;
static size_t count, cap; /* entries of fds in use (listener included), room */

static void die(const char *what, int code)
{
    fprintf(stderr, "bench_poll_echo: %s: %s\n", what, xsock_strerror(code));
    exit(1);
}

/* Send data (after what is queued); queue what the socket refuses; wait for
 * XSOCK_POLLOUT instead of XSOCK_POLLIN while a queue is left. 0, or -1 if lost. */
static int send_or_queue(size_t i, const char *data, size_t len)
{
    struct client *c = &clients[i];
    while (c->out_len > 0 || len > 0) {
        const char *from = c->out_len > 0 ? c->out : data;
        size_t n_from = c->out_len > 0 ? c->out_len : len;
        ssize_t n = xsock_send(fds[i].fd, from, n_from, 0);
        if (n == XSOCK_EINTR)
            continue;
        if (n == XSOCK_EAGAIN)
            break;
        if (n < 0)
            return -1;
        if (c->out_len > 0) {
            memmove(c->out, c->out + n, c->out_len - (size_t)n);
            c->out_len -= (size_t)n;
        } else {
            data += n;
            len -= (size_t)n;
        }
    }
    if (len > sizeof c->out - c->out_len)
        return -1; /* not reading its replies */
    memcpy(c->out + c->out_len, data, len);
    c->out_len += len;
    fds[i].events = c->out_len > 0 ? XSOCK_POLLOUT : XSOCK_POLLIN;
    return 0;
}

/* Close client i; the last entry takes its place (with its revents of this round). */
static void drop(size_t i)
{
    xsock_close(fds[i].fd);
    count--;
    if (i < count) {
        fds[i] = fds[count];
        memcpy(&clients[i], &clients[count], sizeof clients[i]);
    }
}

/* Accept every pending connection; returns how many. */
static int accept_clients(void)
{
    int accepted = 0;
    for (;;) {
        char welcome[64 + XSOCK_ADDRSTRLEN], name[XSOCK_ADDRSTRLEN];
        xsock_addr peer;
        xsock_t s;
        int rc = xsock_accept(fds[0].fd, &s, &peer);
        if (rc < 0) {
            if (rc != XSOCK_EAGAIN && rc != XSOCK_EINTR && rc != XSOCK_ECONNABORTED)
                fprintf(stderr, "bench_poll_echo: accept: %s\n", xsock_strerror(rc));
            return accepted; /* nothing pending, or an error the next round may not have */
        }
        if (count == cap) {
            size_t want = cap * 2;
            struct xsock_pollfd *f = realloc(fds, want * sizeof *f);
            struct client *c = f ? realloc(clients, want * sizeof *c) : NULL;
            if (f)
                fds = f;
            if (c == NULL) {
                xsock_close(s);
                fprintf(stderr, "bench_poll_echo: out of memory\n");
                return accepted;
            }
            clients = c;
            cap = want;
        }
        if ((rc = xsock_set_nonblocking(s, 1)) < 0) {
            xsock_close(s);
            continue;
        }
        fds[count].fd = s;
        fds[count].events = XSOCK_POLLIN;
        fds[count].revents = 0; /* not polled yet */
        clients[count].out_len = 0;
        count++;
        accepted++;
        if (xsock_addr_format(&peer, name, sizeof name) < 0)
            strcpy(name, "?");
        snprintf(welcome, sizeof welcome, "Welcome to the xsock_poll server, %s\n", name);
        if (send_or_queue(count - 1, welcome, strlen(welcome)) != 0)
            drop(count - 1);
    }
}

int main(int argc, char **argv)
{
    static char buf[BUF_SIZE];
    const char *host = "127.0.0.1", *port = "0";
    char local[XSOCK_ADDRSTRLEN];
    xsock_addr addr;
    xsock_t listener;
    int once = 0, positional = 0, accepted = 0, i, rc;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--once") == 0)
            once = 1;
        else if (positional == 0 && argv[i][0] != '-')
            host = argv[i], positional++;
        else if (positional == 1 && argv[i][0] != '-')
            port = argv[i], positional++;
        else {
            fprintf(stderr, "usage: %s [--once] [ADDRESS [PORT]]\n", argv[0]);
            return 2;
        }
    }
    if ((rc = xsock_serve(&listener, host, port, SOCK_STREAM, 128)) < 0) /* tcp_server's backlog */
        die("listen", rc);
    if ((rc = xsock_set_nonblocking(listener, 1)) < 0 ||
        (rc = xsock_local_addr(listener, &addr)) < 0 ||
        (rc = xsock_addr_format(&addr, local, sizeof local)) < 0)
        die("listener", rc);
    printf("listening on %s\n", local);
    fflush(stdout);

    cap = 64;
    fds = malloc(cap * sizeof *fds);
    clients = malloc(cap * sizeof *clients);
    if (fds == NULL || clients == NULL)
        die("start", XSOCK_ENOMEM);
    fds[0].fd = listener;
    fds[0].events = XSOCK_POLLIN;
    count = 1;

    while (!(once && accepted > 0 && count == 1)) {
        size_t k;
        rc = xsock_poll(fds, count, -1); /* every socket, every round */
        if (rc < 0)
            die("poll", rc);
        for (k = 1; k < count;) { /* every client, ready or not */
            short re = fds[k].revents;
            if (re == 0) {
                k++;
            } else if (clients[k].out_len > 0) { /* XSOCK_POLLOUT (or an error) */
                if (send_or_queue(k, NULL, 0) != 0)
                    drop(k); /* slot k now holds another client: look at it next */
                else
                    k++;
            } else {
                ssize_t got = xsock_recv(fds[k].fd, buf, sizeof buf, 0);
                if (got == XSOCK_EAGAIN || got == XSOCK_EINTR)
                    k++;
                else if (got <= 0 || send_or_queue(k, buf, (size_t)got) != 0)
                    drop(k);
                else
                    k++;
            }
        }
        if (fds[0].revents & XSOCK_POLLIN)
            accepted += accept_clients();
    }
    xsock_close(listener);
    free(fds);
    free(clients);
    return 0;
}
