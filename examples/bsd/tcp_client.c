/* tcp_client.c - the tutorial's TCP client, written the classic BSD way.
 *
 * Usage: bsd_tcp_client host port
 * Resolves host with gethostbyname, connects, prints the server's welcome, then sends
 * each line of standard input, and closes at end of input. */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    int fd;
    struct hostent *rec;
    struct sockaddr_in servidor;
    char buffer[1024];
    ssize_t n;

    if (argc != 3) {
        printf("\n[+]Uso: %s host puerto\n\n", argv[0]);
        exit(2);
    }
    if ((rec = gethostbyname(argv[1])) == NULL) {
        printf("\n[!]No se pudo resolver %s\n", argv[1]);
        exit(1);
    }
    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
        perror("socket");
        exit(1);
    }

    /*Rellenando datos para la conexion con el Servidor*/
    memset(&servidor, 0, sizeof(servidor));                   /* Todo a ceros */
    servidor.sin_family = AF_INET;                            /* Socket a internet */
    servidor.sin_port = htons((unsigned short)atoi(argv[2])); /* Puerto a Bytes de Red */
    servidor.sin_addr = *((struct in_addr *)rec->h_addr);     /* IP resuelta por gethostbyname */

    /*Conectandose al servidor*/
    if (connect(fd, (struct sockaddr *)&servidor, sizeof(struct sockaddr)) == -1) {
        perror("connect");
        exit(1);
    }

    /* The welcome message ends with a newline. */
    do {
        n = recv(fd, buffer, sizeof(buffer) - 1, 0);
        if (n <= 0) {
            perror("recv");
            exit(1);
        }
        buffer[n] = '\0';
        printf("%s", buffer);
    } while (buffer[n - 1] != '\n');
    fflush(stdout);

    while (fgets(buffer, sizeof(buffer), stdin) != NULL) {
        if (write(fd, buffer, strlen(buffer)) == -1) {
            perror("write");
            exit(1);
        }
    }
    close(fd);
    return 0;
}
