/* main.c - a plain BSD socket program built against xsock::bsd / xsock-bsd.pc: on POSIX
 * the system's headers, on Windows xsock's BSD layer. A UDP socket sends itself one
 * datagram over loopback; prints "consumer-bsd ok" on success. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    struct addrinfo hints, *res;
    struct sockaddr_in me;
    socklen_t len = sizeof(me);
    char buf[8] = {0};
    int fd;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    if (getaddrinfo("127.0.0.1", "0", &hints, &res) != 0)
        return 1;
    fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd == -1 || bind(fd, res->ai_addr, res->ai_addrlen) == -1 ||
        getsockname(fd, (struct sockaddr *)&me, &len) == -1) {
        perror("socket/bind");
        return 1;
    }
    freeaddrinfo(res);
    if (sendto(fd, "ping", 4, 0, (struct sockaddr *)&me, len) != 4 ||
        recvfrom(fd, buf, sizeof(buf), 0, NULL, NULL) != 4 || strcmp(buf, "ping") != 0) {
        perror("sendto/recvfrom");
        return 1;
    }
    close(fd);
    printf("consumer-bsd ok: descriptor %d, port %d\n", fd, ntohs(me.sin_port));
    return 0;
}
