/* main.c - a tiny program as a user of xsock writes it: a loopback echo between a
 * listener and a dialled client. Built against every way xsock can be consumed
 * (installed CMake package, pkg-config, add_subdirectory, FetchContent, the drop-in
 * files, the shared library), natively and as a Windows .exe. Exits 0 if it works. */
#include "xsock.h" /* quotes: also found next to the file (drop-in) */

#include <stdio.h>
#include <string.h>

static int fail(const char *what, int code)
{
    fprintf(stderr, "consumer: %s: %s\n", what, xsock_strerror(code));
    return 1;
}

int main(void)
{
    xsock_t server, client, accepted;
    xsock_addr local;
    char port[8], reply[6];
    int rc = xsock_serve(&server, "127.0.0.1", "0", SOCK_STREAM, 4);
    if (rc < 0)
        return fail("serve", rc);
    rc = xsock_local_addr(server, &local);
    if (rc < 0)
        return fail("local address", rc);
    snprintf(port, sizeof port, "%d", xsock_addr_port(&local));
    rc = xsock_dial(&client, "127.0.0.1", port, SOCK_STREAM, 5000);
    if (rc < 0 || (rc = xsock_accept(server, &accepted, NULL)) < 0)
        return fail("connect", rc);
    rc = xsock_send_all(client, "hello", 5, NULL);
    if (rc == 0)
        rc = xsock_recv_all(accepted, reply, 5, NULL);
    if (rc < 0 || memcmp(reply, "hello", 5) != 0)
        return fail("exchange", rc);
    xsock_close(accepted);
    xsock_close(client);
    xsock_close(server);
    printf("consumer ok: xsock %s, %s backend\n", xsock_version(), xsock_backend());
    return 0;
}
