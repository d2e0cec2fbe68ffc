/* udp_server.c - the tutorial's datagram server: recvfrom and sendto.
 *
 * Usage: bsd_udp_server [port [address]]
 * Says "listening on ADDRESS:PORT", prints each datagram as "> [ip]: text" and sends it
 * back to its sender. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    int sock;
    struct sockaddr_in servidor, cliente;
    socklen_t len = sizeof(servidor);
    char buffer[65536];
    ssize_t n;
    int puerto = argc > 1 ? atoi(argv[1]) : 10000;

    if (argc > 3 || puerto < 0 || puerto > 65535) {
        printf("\n[+]Uso: %s [puerto [direccion]]\n\n", argv[0]);
        exit(2);
    }
    if ((sock = socket(AF_INET, SOCK_DGRAM, 0)) == -1) {
        perror("socket");
        exit(1);
    }
    memset(&servidor, 0, sizeof(servidor));
    servidor.sin_family = AF_INET;
    servidor.sin_port = htons((unsigned short)puerto);
    servidor.sin_addr.s_addr = argc > 2 ? inet_addr(argv[2]) : INADDR_ANY;
    if (bind(sock, (struct sockaddr *)&servidor, sizeof(servidor)) == -1) {
        perror("bind");
        exit(1);
    }
    getsockname(sock, (struct sockaddr *)&servidor, &len);
    printf("listening on %s:%d\n", inet_ntoa(servidor.sin_addr), ntohs(servidor.sin_port));
    fflush(stdout);

    for (;;) {
        len = sizeof(cliente);
        n = recvfrom(sock, buffer, sizeof(buffer) - 1, 0, (struct sockaddr *)&cliente, &len);
        if (n == -1) {
            perror("recvfrom");
            continue;
        }
        buffer[n] = '\0';
        printf("> [%s]: %s\n", inet_ntoa(cliente.sin_addr), buffer);
        fflush(stdout);
        if (sendto(sock, buffer, (size_t)n, 0, (struct sockaddr *)&cliente, len) == -1)
            perror("sendto");
    }
}
