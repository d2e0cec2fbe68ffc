/* resolve.c - getaddrinfo and interface names on POSIX. */
#include "internal.h"

#include <net/if.h>

int xsock__plat_getaddrinfo(const char *host, const char *service, const struct addrinfo *hints,
                            struct addrinfo **res)
{
    int rc = getaddrinfo(host, service, hints, res);
    return rc == 0 ? 0 : xsock__plat_fail_gai(rc);
}

void xsock__plat_freeaddrinfo(struct addrinfo *res) { freeaddrinfo(res); }

unsigned xsock__plat_if_index(const char *name) { return if_nametoindex(name); }
