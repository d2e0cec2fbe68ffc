/* echo_client.c - a classic client: getaddrinfo() for HOST and PORT, then each address
 * in turn until one connects (IPv6 or IPv4), sends each line of standard input and
 * prints the echo that comes back.
 *
 * Usage: bsd_echo_client host port */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int dial(const char *host, const char *port)
{
    struct addrinfo hints, *res, *ai;
    int fd = -1, rc;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", host, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd == -1)
            continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd == -1)
        perror("connect");
    return fd;
}

int main(int argc, char *argv[])
{
    char line[1024], echo[1024];
    int fd;

    if (argc != 3) {
        fprintf(stderr, "usage: %s host port\n", argv[0]);
        return 2;
    }
    if ((fd = dial(argv[1], argv[2])) == -1)
        return 1;
    while (fgets(line, sizeof(line), stdin) != NULL) {
        size_t want = strlen(line), got = 0;
        if (write(fd, line, want) != (ssize_t)want) {
            perror("write");
            return 1;
        }
        while (got < want) {
            ssize_t n = read(fd, echo + got, want - got);
            if (n <= 0) {
                perror("read");
                return 1;
            }
            got += (size_t)n;
        }
        echo[got] = '\0';
        fputs(echo, stdout);
    }
    close(fd);
    return 0;
}
