/* resolve.c - getaddrinfo and interface names on POSIX. */
#include "internal.h"

#include <net/if.h>
#include <string.h>

int xsock__plat_getaddrinfo(const char *host, const char *service, const struct addrinfo *hints,
                            struct addrinfo **res)
{
    int rc = getaddrinfo(host, service, hints, res);
    return rc == 0 ? 0 : xsock__plat_fail_gai(rc);
}

void xsock__plat_freeaddrinfo(struct addrinfo *res) { freeaddrinfo(res); }

unsigned xsock__plat_if_index(const char *name) { return if_nametoindex(name); }

int xsock__plat_getnameinfo(const struct sockaddr *sa, socklen_t len, char *host, int required)
{
    int rc = getnameinfo(sa, len, host, XSOCK__NAME_MAX, NULL, 0, required ? NI_NAMEREQD : 0);
    return rc == 0 ? 0 : xsock__plat_fail_gai(rc);
}

int xsock__plat_hostname(char *name)
{
    memset(name, 0, XSOCK__NAME_MAX);
    /* one byte kept: some systems truncate silently without a NUL */
    if (gethostname(name, XSOCK__NAME_MAX - 1) != 0)
        return xsock__plat_fail();
    return 0;
}
