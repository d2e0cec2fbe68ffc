/* resolve.c - the tutorial's name resolution, with getaddrinfo (through xsock_resolve)
 * instead of the obsolete gethostbyname: prints this machine's host name, then every
 * address of a name with its family and socket type.
 *
 *   resolve [NAME]     (default localhost)
 */
#include "ex.h"

#include <stdio.h>
#include <string.h>

#define MAX_ADDRS 64

static const char usage[] = "usage: %s [NAME]\n"
                            "Print this host's name and every address of NAME.\n"
                            "  NAME    the name to resolve (default localhost)\n"
                            "  --help  show this help\n";

/* The address alone, without brackets or port ("::1", "127.0.0.1"). */
static const char *host_text(const xsock_addr *a, char buf[XSOCK_ADDRSTRLEN])
{
    xsock_addr copy = *a;
    char *colon;
    xsock_addr_set_port(&copy, 0);
    ex_addr_text(&copy, buf);
    colon = strrchr(buf, ':'); /* the port separator */
    if (colon != NULL)
        *colon = '\0';
    if (buf[0] == '[') {
        memmove(buf, buf + 1, strlen(buf));
        buf[strlen(buf) - 1] = '\0';
    }
    return buf;
}

/* Print every address of name for one socket type; the count. */
static int print_addresses(const char *name, int type, const char *type_name)
{
    xsock_addr addrs[MAX_ADDRS];
    char text[XSOCK_ADDRSTRLEN];
    int i, n = xsock_resolve(name, NULL, AF_UNSPEC, type, addrs, MAX_ADDRS);
    if (n < 0)
        ex_die(EX_FAIL, "cannot resolve %s: %s", name, xsock_strerror(n));
    for (i = 0; i < n; i++)
        printf("  %-40s %-5s %s\n", host_text(&addrs[i], text),
               xsock_addr_family(&addrs[i]) == AF_INET6 ? "IPv6" : "IPv4", type_name);
    return n;
}

int main(int argc, char **argv)
{
    const char *name = "localhost";
    char host[256];
    int rc;
    ex_start(argv[0]);
    if (argc > 1 && strcmp(argv[1], "--help") == 0)
        ex_help(usage);
    if (argc == 2 && argv[1][0] == '-' && argv[1][1] != '\0')
        ex_unknown_option(argv[1]);
    if (argc > 2)
        ex_usage_error("too many arguments");
    if (argc == 2)
        name = argv[1];
    rc = xsock_init(); /* gethostname is a raw WinSock call: start it first */
    if (rc < 0)
        ex_die_code(rc, "start");
    if (gethostname(host, sizeof host) != 0)
        ex_die(EX_FAIL, "gethostname: %s", xsock_strerror(xsock_last_error()));
    host[sizeof host - 1] = '\0';
    printf("host name: %s\n", host);
    printf("addresses of %s:\n", name);
    print_addresses(name, SOCK_STREAM, "stream");
    print_addresses(name, SOCK_DGRAM, "datagram");
    xsock_cleanup();
    return 0;
}
