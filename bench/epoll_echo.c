/* epoll_echo.c - the raw epoll baseline of the many-clients benchmark: a
 * single-threaded echo server on level-triggered epoll, with the protocol of the
 * xsock tcp_server example as the load generator sees it (a welcome line on accept,
 * then every byte echoed back as received; one 64-byte message is one line).
 *
 *   bench_epoll_echo [--once] [ADDRESS [PORT]]     (default 127.0.0.1 0 = a free port)
 *
 * Prints "listening on ADDRESS:PORT" first. --once exits when the last client leaves
 * (after at least one came), so a profiler sees a clean exit. Linux only. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 256
#define BUF_SIZE 4096

/* One client; out holds what the socket would not take yet. */
struct client {
    int fd;
    size_t out_len;
    char out[BUF_SIZE];
};

static void die(const char *what)
{
    fprintf(stderr, "bench_epoll_echo: %s: %s\n", what, strerror(errno));
    exit(1);
}

static int listen_on(const char *host, int port)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die("socket");
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "bench_epoll_echo: bad IPv4 address %s\n", host);
        exit(2);
    }
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        die("bind");
    if (listen(fd, 128) != 0) /* the backlog xsock's tcp_server uses */
        die("listen");
    if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        die("getsockname");
    printf("listening on %s:%u\n", host, (unsigned)ntohs(sa.sin_port));
    fflush(stdout);
    return fd;
}

static void drop(struct client *c, int *count)
{
    close(c->fd); /* also removes it from the epoll set */
    free(c);
    (*count)--;
}

/* Send data (after what is queued); queue what the socket refuses. 0, or -1 if lost. */
static int send_all(int ep, struct client *c, const char *data, size_t len)
{
    while (c->out_len == 0 && len > 0) {
        ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n < 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    if (len > 0) {
        struct epoll_event ev;
        if (len > sizeof c->out - c->out_len)
            return -1; /* not reading its replies */
        memcpy(c->out + c->out_len, data, len);
        c->out_len += len;
        ev.events = EPOLLOUT; /* stop reading until the queue is gone */
        ev.data.ptr = c;
        epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    }
    return 0;
}

/* The socket takes output again: send the queue, then go back to reading. */
static int flush_queue(int ep, struct client *c)
{
    struct epoll_event ev;
    while (c->out_len > 0) {
        ssize_t n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0)
            return -1;
        memmove(c->out, c->out + n, c->out_len - (size_t)n);
        c->out_len -= (size_t)n;
    }
    ev.events = EPOLLIN;
    ev.data.ptr = c;
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    return 0;
}

static void accept_clients(int ep, int listener, int *count, int *accepted)
{
    for (;;) {
        struct sockaddr_in peer;
        socklen_t len = sizeof peer;
        struct epoll_event ev;
        struct client *c;
        char welcome[96], addr[INET_ADDRSTRLEN];
        int n, fd = accept4(listener, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOMEM || errno == ENOBUFS)
                perror("bench_epoll_echo: accept");
            return; /* EAGAIN, or an error the next round may not have */
        }
        c = malloc(sizeof *c);
        if (c == NULL) {
            close(fd);
            return;
        }
        c->fd = fd;
        c->out_len = 0;
        ev.events = EPOLLIN;
        ev.data.ptr = c;
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
            close(fd);
            free(c);
            continue;
        }
        (*count)++;
        (*accepted)++;
        inet_ntop(AF_INET, &peer.sin_addr, addr, sizeof addr);
        n = snprintf(welcome, sizeof welcome, "Welcome to the epoll server, %s:%u\n", addr,
                     (unsigned)ntohs(peer.sin_port));
        if (send_all(ep, c, welcome, (size_t)n) != 0)
            drop(c, count);
    }
}

int main(int argc, char **argv)
{
    static char buf[BUF_SIZE];
    struct epoll_event ev, evs[MAX_EVENTS];
    const char *host = "127.0.0.1";
    int port = 0, once = 0, positional = 0, count = 0, accepted = 0, listener, ep, i;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--once") == 0)
            once = 1;
        else if (positional == 0 && argv[i][0] != '-')
            host = argv[i], positional++;
        else if (positional == 1 && argv[i][0] != '-')
            port = atoi(argv[i]), positional++;
        else {
            fprintf(stderr, "usage: %s [--once] [ADDRESS [PORT]]\n", argv[0]);
            return 2;
        }
    }
    listener = listen_on(host, port);
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        die("epoll_create1");
    ev.events = EPOLLIN;
    ev.data.ptr = NULL; /* NULL marks the listener */
    if (epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev) != 0)
        die("epoll_ctl");
    while (!(once && accepted > 0 && count == 0)) {
        int k, n = epoll_wait(ep, evs, MAX_EVENTS, -1);
        if (n < 0 && errno != EINTR)
            die("epoll_wait");
        for (k = 0; k < n; k++) {
            struct client *c = evs[k].data.ptr;
            if (c == NULL) {
                accept_clients(ep, listener, &count, &accepted);
            } else if (c->out_len > 0) {
                if (flush_queue(ep, c) != 0)
                    drop(c, &count);
            } else {
                ssize_t got = recv(c->fd, buf, sizeof buf, 0);
                if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                    continue;
                if (got <= 0 || send_all(ep, c, buf, (size_t)got) != 0)
                    drop(c, &count);
            }
        }
    }
    close(listener);
    close(ep);
    return 0;
}
