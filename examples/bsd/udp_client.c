/* udp_client.c - the tutorial's datagram client.
 *
 * Usage: bsd_udp_client host port
 * Sends each line of standard input as one datagram and prints the answer; gives up
 * with "no answer" after 5 seconds without one (SO_RCVTIMEO, a struct timeval). */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    int sock;
    struct hostent *rec;
    struct sockaddr_in servidor;
    struct timeval espera;
    char linea[1024], respuesta[1024];
    ssize_t n;

    if (argc != 3) {
        printf("\n[+]Uso: %s host puerto\n\n", argv[0]);
        exit(2);
    }
    if ((rec = gethostbyname(argv[1])) == NULL) {
        printf("\n[!]No se pudo resolver %s\n", argv[1]);
        exit(1);
    }
    if ((sock = socket(AF_INET, SOCK_DGRAM, 0)) == -1) {
        perror("socket");
        exit(1);
    }
    espera.tv_sec = 5;
    espera.tv_usec = 0;
    if (setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &espera, sizeof(espera)) == -1) {
        perror("setsockopt");
        exit(1);
    }
    memset(&servidor, 0, sizeof(servidor));
    servidor.sin_family = AF_INET;
    servidor.sin_port = htons((unsigned short)atoi(argv[2]));
    servidor.sin_addr = *((struct in_addr *)rec->h_addr);

    while (fgets(linea, sizeof(linea), stdin) != NULL) {
        linea[strcspn(linea, "\r\n")] = '\0';
        if (sendto(sock, linea, strlen(linea), 0, (struct sockaddr *)&servidor, sizeof(servidor)) ==
            -1) {
            perror("sendto");
            exit(1);
        }
        n = recvfrom(sock, respuesta, sizeof(respuesta) - 1, 0, NULL, NULL);
        if (n == -1) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                fprintf(stderr, "no answer\n");
            else
                perror("recvfrom");
            exit(1);
        }
        respuesta[n] = '\0';
        printf("%s\n", respuesta);
    }
    close(sock);
    return 0;
}
