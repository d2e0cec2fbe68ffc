/* event_echo.c - the libevent baseline of the many-clients benchmark: the echo
 * server of the libevent book ("Connection listeners": evconnlistener + bufferevent,
 * input moved to output), plus the welcome line the xsock tcp_server example sends,
 * so the load generator treats every server alike.
 *
 *   bench_event_echo [--once] [ADDRESS [PORT]]     (default 127.0.0.1 0 = a free port)
 *
 * Prints "listening on ADDRESS:PORT" first. --once exits when the last client leaves
 * (after at least one came). */
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int once, clients;

static void echo_read_cb(struct bufferevent *bev, void *ctx)
{
    struct evbuffer *input = bufferevent_get_input(bev);
    struct evbuffer *output = bufferevent_get_output(bev);
    (void)ctx;
    evbuffer_add_buffer(output, input); /* copy all the data from input to output */
}

static void echo_event_cb(struct bufferevent *bev, short events, void *ctx)
{
    struct event_base *base = ctx;
    if (events & BEV_EVENT_ERROR)
        perror("bench_event_echo: error from bufferevent");
    if (events & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
        bufferevent_free(bev);
        if (--clients == 0 && once)
            event_base_loopexit(base, NULL);
    }
}

static void accept_conn_cb(struct evconnlistener *listener, evutil_socket_t fd,
                           struct sockaddr *address, int socklen, void *ctx)
{
    struct event_base *base = evconnlistener_get_base(listener);
    struct bufferevent *bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
    struct sockaddr_in *peer = (struct sockaddr_in *)address;
    char addr[INET_ADDRSTRLEN] = "?";
    (void)socklen;
    (void)ctx;
    clients++;
    inet_ntop(AF_INET, &peer->sin_addr, addr, sizeof addr);
    bufferevent_setcb(bev, echo_read_cb, NULL, echo_event_cb, base);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
    evbuffer_add_printf(bufferevent_get_output(bev), "Welcome to the libevent server, %s:%u\n",
                        addr, (unsigned)ntohs(peer->sin_port));
}

static void accept_error_cb(struct evconnlistener *listener, void *ctx)
{
    int err = EVUTIL_SOCKET_ERROR();
    (void)listener;
    (void)ctx;
    fprintf(stderr, "bench_event_echo: error %d (%s) on the listener\n", err,
            evutil_socket_error_to_string(err));
}

int main(int argc, char **argv)
{
    struct event_base *base;
    struct evconnlistener *listener;
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    const char *host = "127.0.0.1";
    int port = 0, positional = 0, i;
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
    base = event_base_new();
    if (base == NULL) {
        fprintf(stderr, "bench_event_echo: cannot open an event base\n");
        return 1;
    }
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
        fprintf(stderr, "bench_event_echo: bad IPv4 address %s\n", host);
        return 2;
    }
    listener = evconnlistener_new_bind(base, accept_conn_cb, NULL,
                                       LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 128,
                                       (struct sockaddr *)&sin, sizeof sin);
    if (listener == NULL) {
        perror("bench_event_echo: cannot create the listener");
        return 1;
    }
    evconnlistener_set_error_cb(listener, accept_error_cb);
    getsockname(evconnlistener_get_fd(listener), (struct sockaddr *)&sin, &len);
    printf("listening on %s:%u\n", host, (unsigned)ntohs(sin.sin_port));
    fflush(stdout);
    event_base_dispatch(base);
    evconnlistener_free(listener);
    event_base_free(base);
    return 0;
}
