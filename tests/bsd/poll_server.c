/* poll_server.c - a classic poll() echo server: a non-blocking listener (fcntl
 * O_NONBLOCK) whose accept loop runs until EAGAIN, and an array of struct pollfd.
 *
 * Usage: bsd_poll_server [port]   (binds 127.0.0.1)
 * Says "listening on 127.0.0.1:PORT"; echoes what each client sends; says "clients N"
 * each time the number of connected clients reaches a new maximum. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 1024

static struct pollfd fds[MAX_FDS];
static nfds_t nfds = 0;

static void accept_all(int listener, int *most)
{
    for (;;) {
        int c = accept(listener, NULL, NULL);
        if (c == -1) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                perror("accept");
            return;
        }
        if (nfds == MAX_FDS) {
            close(c);
            continue;
        }
        fds[nfds].fd = c;
        fds[nfds].events = POLLIN;
        fds[nfds].revents = 0;
        nfds++;
        if ((int)nfds - 1 > *most) {
            *most = (int)nfds - 1;
            printf("clients %d\n", *most);
            fflush(stdout);
        }
    }
}

int main(int argc, char *argv[])
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    char buf[4096];
    int listener, one = 1, most = 0;
    nfds_t i;

    listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener == -1) {
        perror("socket");
        return 1;
    }
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)(argc > 1 ? atoi(argv[1]) : 0));
    addr.sin_addr.s_addr = inet_addr("127.0.0.1");
    if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) == -1 ||
        listen(listener, 64) == -1 ||
        fcntl(listener, F_SETFL, fcntl(listener, F_GETFL, 0) | O_NONBLOCK) == -1) {
        perror("bind/listen/fcntl");
        return 1;
    }
    getsockname(listener, (struct sockaddr *)&addr, &len);
    printf("listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    fflush(stdout);

    fds[0].fd = listener;
    fds[0].events = POLLIN;
    nfds = 1;
    for (;;) {
        if (poll(fds, nfds, -1) == -1) {
            perror("poll");
            return 1;
        }
        for (i = nfds; i-- > 1;) {
            ssize_t n;
            if (fds[i].revents == 0)
                continue;
            n = read(fds[i].fd, buf, sizeof(buf));
            if (n > 0 && write(fds[i].fd, buf, (size_t)n) == n)
                continue;
            if (n < 0)
                perror("read");
            close(fds[i].fd);
            fds[i] = fds[--nfds]; /* the last entry takes its place */
        }
        if (fds[0].revents & POLLIN)
            accept_all(listener, &most);
    }
}
