/* file_client.c - the tutorial's TransferFile client: recv() blocks and write() them to
 * the destination file until the server closes.
 *
 * Usage: bsd_file_client host port destination
 * Prints "received N bytes". */
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    int fd, outcriptor;
    struct hostent *rec;
    struct sockaddr_in servidor;
    char blockB[1024];
    ssize_t sizebytes, writer;
    long total = 0;

    if (argc != 4) {
        printf("\n[+]Uso: %s host puerto destino\n\n", argv[0]);
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
    memset(&servidor, 0, sizeof(servidor));
    servidor.sin_family = AF_INET;
    servidor.sin_port = htons((unsigned short)atoi(argv[2]));
    servidor.sin_addr = *((struct in_addr *)rec->h_addr);
    if (connect(fd, (struct sockaddr *)&servidor, sizeof(servidor)) == -1) {
        perror("connect");
        exit(1);
    }

    // Validando la apertura/creacion del archivo de destino.
    outcriptor = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (outcriptor < 0) {
        printf("\nError al crear el archivo de destino\n");
        exit(1);
    }
    while ((sizebytes = recv(fd, blockB, sizeof(blockB), 0)) > 0) {
        // Validando la escritura de bytes sobre el archivo destino
        writer = write(outcriptor, blockB, (size_t)sizebytes);
        if (writer < 0) {
            printf("\nError al escribir en el archivo\n");
            exit(1);
        }
        total += (long)writer;
        memset(blockB, 0, 1024);
    }
    if (sizebytes < 0) {
        perror("recv");
        exit(1);
    }
    close(outcriptor);
    close(fd);
    printf("received %ld bytes\n", total);
    return 0;
}
