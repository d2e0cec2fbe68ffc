/* many.c - many sockets at once, the way a busy server holds them: N descriptors from
 * socket(), all distinct and usable, numbered from the lowest free number; then all
 * closed, and the numbers reused.
 *
 * Usage: bsd_many N   Prints "opened N", "highest D", "reused D"; exit 0 when all hold. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    int *fds = calloc((size_t)(n > 0 ? n : 1), sizeof(int));
    int i, highest = -1, again;
    char *seen;

    if (fds == NULL || n <= 0) {
        fprintf(stderr, "usage: %s N\n", argv[0]);
        return 2;
    }
    for (i = 0; i < n; i++) {
        fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
        if (fds[i] == -1) {
            fprintf(stderr, "socket %d: %s\n", i, strerror(errno));
            return 1;
        }
        if (fds[i] > highest)
            highest = fds[i];
    }
    seen = calloc((size_t)highest + 1, 1);
    for (i = 0; i < n; i++) {
        if (seen == NULL || seen[fds[i]]) {
            fprintf(stderr, "descriptor %d handed out twice\n", fds[i]);
            return 1;
        }
        seen[fds[i]] = 1;
    }
    /* the first, a middle and the last one all work */
    for (i = 0; i < n; i += (n > 2 ? n / 2 - 1 : 1)) {
        struct sockaddr_in a;
        socklen_t len = sizeof(a);
        memset(&a, 0, sizeof(a));
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(fds[i], (struct sockaddr *)&a, sizeof(a)) == -1 ||
            getsockname(fds[i], (struct sockaddr *)&a, &len) == -1 || a.sin_port == 0) {
            fprintf(stderr, "socket #%d (descriptor %d): %s\n", i, fds[i], strerror(errno));
            return 1;
        }
    }
    /* the highest descriptor carries data: it sends a datagram to itself, with
     * write() and read() */
    {
        struct sockaddr_in a;
        socklen_t len = sizeof(a);
        char buf[8] = {0};
        memset(&a, 0, sizeof(a));
        if (getsockname(highest, (struct sockaddr *)&a, &len) == -1 || a.sin_port == 0) {
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            a.sin_port = 0;
            if (bind(highest, (struct sockaddr *)&a, sizeof(a)) == -1 ||
                getsockname(highest, (struct sockaddr *)&a, &len) == -1) {
                perror("bind highest");
                return 1;
            }
        }
        if (connect(highest, (struct sockaddr *)&a, sizeof(a)) == -1 ||
            write(highest, "last", 4) != 4 || read(highest, buf, sizeof(buf)) != 4 ||
            strcmp(buf, "last") != 0) {
            perror("I/O on the highest descriptor");
            return 1;
        }
    }
    printf("opened %d\n", n);
    printf("highest %d\n", highest);
    for (i = 0; i < n; i++) {
        if (close(fds[i]) == -1) {
            perror("close");
            return 1;
        }
    }
    again = socket(AF_INET, SOCK_STREAM, 0);
    printf("reused %d\n", again);
    return again >= 0 && again <= fds[0] ? 0 : 1;
}
