/* tcp_server.c - the tutorial's TCP server, written the classic BSD way.
 *
 * Usage: bsd_tcp_server [port [address]]   (port 0: any free port; address: 0.0.0.0)
 * Says "listening on ADDRESS:PORT", then serves one client after another: sends the
 * welcome message and prints each line the client sends as "> [ip]: line".
 *
 * Plain BSD calls only: it builds unchanged with gcc on Linux and, through xsock's BSD
 * layer, with MinGW for Windows. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define PUERTO 10000 /* the tutorial's port */
#define NCOX 2       /* connections waiting in the backlog */

static void atender(int recsock, struct sockaddr_in *cliente)
{
    char buffer[1024];
    char linea[1024];
    size_t usado = 0;
    ssize_t recvresp;

    /*Enviar mensaje de bienvenida*/
    send(recsock, "Bienvenido al Eagle14!\n", strlen("Bienvenido al Eagle14!\n"), 0);

    while ((recvresp = recv(recsock, buffer, sizeof(buffer), 0)) > 0) {
        ssize_t i;
        for (i = 0; i < recvresp; i++) {
            if (buffer[i] == '\n' || usado == sizeof(linea) - 1) {
                linea[usado] = '\0';
                printf("> [%s]: %s\n", inet_ntoa(cliente->sin_addr), linea);
                fflush(stdout);
                usado = 0;
            } else if (buffer[i] != '\r') {
                linea[usado++] = buffer[i];
            }
        }
    }
    if (recvresp < 0)
        perror("recv");
    printf("[%s] desconectado\n", inet_ntoa(cliente->sin_addr));
    fflush(stdout);
}

int main(int argc, char *argv[])
{
    int recsocket, recsock;
    struct sockaddr_in servidor, cliente;
    socklen_t lensckadd = sizeof(struct sockaddr_in);
    int opcion = 1;
    int puerto = argc > 1 ? atoi(argv[1]) : PUERTO;

    if (argc > 3 || puerto < 0 || puerto > 65535) {
        printf("\n[+]Uso: %s [puerto [direccion]]\n\n", argv[0]);
        exit(2);
    }

    /*Validaciones con la creacion y apertura del socket*/
    if ((recsocket = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
        perror("socket");
        exit(1);
    }
    setsockopt(recsocket, SOL_SOCKET, SO_REUSEADDR, &opcion, sizeof(opcion));

    /*Rellenando datos del Servidor*/
    memset(&servidor, 0, sizeof(servidor));
    servidor.sin_family = AF_INET;                     /* Socket no interno, sino a internet */
    servidor.sin_port = htons((unsigned short)puerto); /* pasar el puerto al formato de red */
    servidor.sin_addr.s_addr = argc > 2 ? inet_addr(argv[2]) : INADDR_ANY;

    if (bind(recsocket, (struct sockaddr *)&servidor, lensckadd) == -1) {
        perror("bind");
        exit(1);
    }
    /*Validacion por si falla la puesta en escucha*/
    if (listen(recsocket, NCOX) == -1) {
        perror("listen");
        exit(1);
    }
    getsockname(recsocket, (struct sockaddr *)&servidor, &lensckadd);
    printf("listening on %s:%d\n", inet_ntoa(servidor.sin_addr), ntohs(servidor.sin_port));
    fflush(stdout);

    /*A la espera de una conexion*/
    for (;;) {
        lensckadd = sizeof(cliente);
        recsock = accept(recsocket, (struct sockaddr *)&cliente, &lensckadd);
        if (recsock == -1) {
            perror("accept");
            continue;
        }
        atender(recsock, &cliente);
        close(recsock);
    }
}
