/* file_server.c - the tutorial's TransferFile server: read() blocks of a file and send()
 * them to each client that connects.
 *
 * Usage: bsd_file_server port file [address]
 * Says "listening on ADDRESS:PORT"; after each client, "sent N bytes". */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static long enviar(int recsock, const char *fichero)
{
    char mensaje[1024];
    ssize_t bytesread;
    long total = 0;
    int descriptor = open(fichero, O_RDONLY);

    if (descriptor < 0) {
        perror(fichero);
        return -1;
    }
    /*
     * Se hace una lectura continua de bloques de 1024 bytes, que se mandan al cliente
     * (el ultimo bloque puede ser menor).
     */
    while ((bytesread = read(descriptor, mensaje, 1024)) > 0) {
        if (send(recsock, mensaje, (size_t)bytesread, 0) != bytesread) {
            perror("send");
            break;
        }
        total += (long)bytesread;
    }
    close(descriptor);
    return total;
}

int main(int argc, char *argv[])
{
    int recsocket, recsock;
    struct sockaddr_in servidor, cliente;
    socklen_t len = sizeof(servidor);
    int opcion = 1;

    if (argc < 3 || argc > 4) {
        printf("\n[+]Uso: %s puerto fichero [direccion]\n\n", argv[0]);
        exit(2);
    }
    if ((recsocket = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
        perror("socket");
        exit(1);
    }
    setsockopt(recsocket, SOL_SOCKET, SO_REUSEADDR, &opcion, sizeof(opcion));
    memset(&servidor, 0, sizeof(servidor));
    servidor.sin_family = AF_INET;
    servidor.sin_port = htons((unsigned short)atoi(argv[1]));
    servidor.sin_addr.s_addr = argc > 3 ? inet_addr(argv[3]) : INADDR_ANY;
    if (bind(recsocket, (struct sockaddr *)&servidor, sizeof(servidor)) == -1 ||
        listen(recsocket, 2) == -1) {
        perror("bind/listen");
        exit(1);
    }
    getsockname(recsocket, (struct sockaddr *)&servidor, &len);
    printf("listening on %s:%d\n", inet_ntoa(servidor.sin_addr), ntohs(servidor.sin_port));
    fflush(stdout);

    for (;;) {
        len = sizeof(cliente);
        if ((recsock = accept(recsocket, (struct sockaddr *)&cliente, &len)) == -1) {
            perror("accept");
            continue;
        }
        printf("sent %ld bytes\n", enviar(recsock, argv[2]));
        fflush(stdout);
        close(recsock);
    }
}
