/* select_server.c - a classic select() echo server, as the tutorials write it: one
 * listening socket and every client in one fd_set, served in one loop.
 *
 * Usage: bsd_select_server [port]   (binds 127.0.0.1)
 * Says "listening on 127.0.0.1:PORT"; echoes what each client sends; says "clients N"
 * each time the number of connected clients reaches a new maximum. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    int listener, fd, maxfd, clients = 0, most = 0;
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    fd_set master, readfds;
    char buf[4096];
    int one = 1;

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
        listen(listener, 64) == -1) {
        perror("bind/listen");
        return 1;
    }
    getsockname(listener, (struct sockaddr *)&addr, &len);
    printf("listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    fflush(stdout);

    FD_ZERO(&master);
    FD_SET(listener, &master);
    maxfd = listener;
    for (;;) {
        readfds = master;
        if (select(maxfd + 1, &readfds, NULL, NULL, NULL) == -1) {
            perror("select");
            return 1;
        }
        for (fd = 0; fd <= maxfd; fd++) {
            ssize_t n;
            if (!FD_ISSET(fd, &readfds))
                continue;
            if (fd == listener) {
                int c = accept(listener, NULL, NULL);
                if (c == -1) {
                    perror("accept");
                    continue;
                }
                FD_SET(c, &master);
                if (c > maxfd)
                    maxfd = c;
                if (++clients > most) {
                    most = clients;
                    printf("clients %d\n", most);
                    fflush(stdout);
                }
                continue;
            }
            n = read(fd, buf, sizeof(buf));
            if (n <= 0) {
                if (n < 0)
                    perror("read");
                close(fd);
                FD_CLR(fd, &master);
                clients--;
            } else if (write(fd, buf, (size_t)n) != n) {
                perror("write");
            }
        }
    }
}
