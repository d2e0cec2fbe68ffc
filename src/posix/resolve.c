/* resolve.c - getaddrinfo and interface names on POSIX. */
#include "internal.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <limits.h>
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

/* One getifaddrs entry into *out. */
static void fill_interface(struct xsock_interface *out, const struct ifaddrs *ifa)
{
    int v6 = ifa->ifa_addr->sa_family == AF_INET6;
    socklen_t len = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    xsock__interface_name(out->name, ifa->ifa_name);
    out->index = if_nametoindex(ifa->ifa_name);
    out->flags = ((ifa->ifa_flags & IFF_UP) ? XSOCK_IF_UP : 0) |
                 ((ifa->ifa_flags & IFF_LOOPBACK) ? XSOCK_IF_LOOPBACK : 0) |
                 ((ifa->ifa_flags & IFF_MULTICAST) ? XSOCK_IF_MULTICAST : 0);
    (void)xsock_addr_from_sockaddr(&out->addr, ifa->ifa_addr, len);
    out->prefix_len = -1;
    if (ifa->ifa_netmask != NULL && v6)
        out->prefix_len = xsock__prefix_len(
            ((const struct sockaddr_in6 *)(const void *)ifa->ifa_netmask)->sin6_addr.s6_addr, 16);
    else if (ifa->ifa_netmask != NULL)
        out->prefix_len = xsock__prefix_len(
            (const unsigned char *)&((const struct sockaddr_in *)(const void *)ifa->ifa_netmask)
                ->sin_addr,
            4);
}

int xsock__plat_interfaces(struct xsock_interface *out, size_t max)
{
    struct ifaddrs *list, *ifa;
    size_t n = 0;
    if (getifaddrs(&list) != 0)
        return xsock__plat_fail();
    for (ifa = list; ifa != NULL && n < INT_MAX; ifa = ifa->ifa_next) {
        if (ifa->ifa_addr == NULL ||
            (ifa->ifa_addr->sa_family != AF_INET && ifa->ifa_addr->sa_family != AF_INET6))
            continue;
        if (n < max)
            fill_interface(&out[n], ifa);
        n++;
    }
    freeifaddrs(list);
    return (int)n;
}
