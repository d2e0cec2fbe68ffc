/* sizes.c - the tutorial's "estructurastam": the sizes of the socket address
 * structures on the platform it runs on, and of xsock's portable types. */
#include "ex.h"

#include <stdio.h>
#include <string.h>

static const char usage[] = "usage: %s\n"
                            "Print the sizes of the socket address structures.\n"
                            "  --help  show this help\n";

static void row(const char *type, size_t size)
{
    printf("%-26s %3u bytes\n", type, (unsigned)size);
}

int main(int argc, char **argv)
{
    ex_start(argv[0]);
    if (argc > 1 && strcmp(argv[1], "--help") == 0)
        ex_help(usage);
    if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0')
        ex_unknown_option(argv[1]);
    if (argc > 1)
        ex_usage_error("no arguments expected");
    printf("socket structures on this platform (%s backend):\n", xsock_backend());
    row("struct sockaddr", sizeof(struct sockaddr));
    row("struct sockaddr_in", sizeof(struct sockaddr_in));
    row("struct sockaddr_in6", sizeof(struct sockaddr_in6));
    row("struct sockaddr_storage", sizeof(struct sockaddr_storage));
    row("xsock_addr", sizeof(xsock_addr));
    row("xsock_t", sizeof(xsock_t));
    printf("sockaddr and sockaddr_in are both 16 bytes because sockaddr_in is made to be "
           "passed as a sockaddr: its family, port and IPv4 address take 8 bytes and "
           "sin_zero pads it to the same 16.\n");
    return 0;
}
