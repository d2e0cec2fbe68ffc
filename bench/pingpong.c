/* pingpong.c - wrapper overhead: 64-byte request/response over loopback TCP with
 * TCP_NODELAY. The echo side is always raw POSIX; only the client varies:
 *
 *   bench_pingpong server PORT_FILE            echo one client, write the port first
 *   bench_pingpong client PORT MODE ROUNDS     MODE: raw | xsock | xsock_all
 *
 * The client prints "rounds=N seconds=S rate=R". Counting instructions of the client
 * alone (callgrind) at two round counts gives the cost of one round trip. */
#include <xsock.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nodelay(int fd)
{
    int on = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0)
        die("TCP_NODELAY");
}

static int serve(const char *port_file)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    char buf[MSG];
    FILE *f;
    ssize_t n;
    int listener = socket(AF_INET, SOCK_STREAM, 0), fd;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listener < 0 || bind(listener, (struct sockaddr *)&sin, sizeof sin) != 0 ||
        listen(listener, 1) != 0 || getsockname(listener, (struct sockaddr *)&sin, &len) != 0)
        die("listen");
    f = fopen(port_file, "w");
    if (f == NULL || fprintf(f, "%u\n", (unsigned)ntohs(sin.sin_port)) < 0 || fclose(f) != 0)
        die(port_file);
    fd = accept(listener, NULL, NULL);
    if (fd < 0)
        die("accept");
    nodelay(fd);
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0)
        if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n)
            die("send");
    close(fd);
    close(listener);
    return 0;
}

/* One round trip with plain BSD calls (the baseline). */
static void round_raw(int fd, char *buf)
{
    size_t got = 0;
    if (send(fd, buf, MSG, 0) != MSG)
        die("send");
    while (got < MSG) {
        ssize_t n = recv(fd, buf + got, MSG - got, 0);
        if (n <= 0)
            die("recv");
        got += (size_t)n;
    }
}

/* The same with xsock_send/xsock_recv: what a user's loop looks like. */
static void round_xsock(xsock_t fd, char *buf)
{
    size_t got = 0;
    if (xsock_send(fd, buf, MSG, 0) != MSG)
        die("xsock_send");
    while (got < MSG) {
        ssize_t n = xsock_recv(fd, buf + got, MSG - got, 0);
        if (n <= 0)
            die("xsock_recv");
        got += (size_t)n;
    }
}

/* The same with the all-or-error calls. */
static void round_xsock_all(xsock_t fd, char *buf)
{
    if (xsock_send_all(fd, buf, MSG, NULL) != 0 || xsock_recv_all(fd, buf, MSG, NULL) != 0)
        die("xsock_send_all/xsock_recv_all");
}

typedef void (*round_fn)(xsock_t fd, char *buf);

static int client(const char *port, const char *mode, long rounds)
{
    round_fn round_trip = strcmp(mode, "raw") == 0     ? round_raw
                          : strcmp(mode, "xsock") == 0 ? round_xsock
                                                       : round_xsock_all;
    char buf[MSG];
    double start, seconds;
    long i;
    xsock_t fd;
    if (xsock_dial(&fd, "127.0.0.1", port, SOCK_STREAM, 5000) != 0)
        die("connect");
    nodelay(fd);
    memset(buf, 'p', sizeof buf);
    start = now();
    for (i = 0; i < rounds; i++) /* the mode is chosen once: the loop is just the calls */
        round_trip(fd, buf);
    seconds = now() - start;
    printf("rounds=%ld seconds=%.6f rate=%.1f\n", rounds, seconds, (double)rounds / seconds);
    xsock_close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "server") == 0)
        return serve(argv[2]);
    if (argc == 5 && strcmp(argv[1], "client") == 0 &&
        (strcmp(argv[3], "raw") == 0 || strcmp(argv[3], "xsock") == 0 ||
         strcmp(argv[3], "xsock_all") == 0))
        return client(argv[2], argv[3], atol(argv[4]));
    fprintf(stderr, "usage: %s server PORT_FILE | client PORT raw|xsock|xsock_all ROUNDS\n",
            argv[0]);
    return 2;
}
